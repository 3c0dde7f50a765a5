import { Injectable } from '@tsapi/core';
import { Kysely } from 'kysely';
import { createDialect } from './dialect';
import type { Tables } from './tables';

/**
 * The app's database: a Kysely instance over `DATABASE_URL`, one per app (given to the app as a
 * provider, so controllers and dependencies receive it by type). Migrated and destroyed by the
 * app's lifespan. Requests use the transaction of `@Db()` instead.
 */
@Injectable()
export class Database extends Kysely<Tables> {
  constructor(databaseUrl: string) {
    super({ dialect: createDialect(databaseUrl) });
  }
}
