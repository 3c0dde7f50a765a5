import 'reflect-metadata';
import { App, Controller, Depends, Get, Query } from '@tsapi/core';

class CommonQuery {
  constructor(
    @Query('q', { required: false }) public q?: string,
    @Query('skip', { type: 'integer', default: 0 }) public skip = 0,
    @Query('limit', { type: 'integer', default: 100, le: 1000 }) public limit = 100,
  ) {}
}

const items = [{ name: 'Foo' }, { name: 'Bar' }, { name: 'Baz' }];

@Controller()
class ItemsController {
  @Get('/items')
  listItems(@Depends() commons: CommonQuery) {
    return { q: commons.q ?? null, items: items.slice(commons.skip, commons.skip + commons.limit) };
  }

  @Get('/users')
  listUsers(@Depends() commons: CommonQuery) {
    return commons;
  }
}

export const app = new App({ controllers: [ItemsController] });
