import { Query } from '@tsapi/core';

/** `?skip=&limit=` for every list route: a class dependency, validated with the route's parameters. */
export class Pagination {
  constructor(
    @Query('skip', { type: 'integer', default: 0, ge: 0 }) readonly skip: number,
    @Query('limit', { type: 'integer', default: 10, ge: 1, le: 100 }) readonly limit: number,
  ) {}
}
