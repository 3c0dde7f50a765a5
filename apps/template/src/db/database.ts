import { Injectable } from '@tsapi/core';
import { Kysely } from 'kysely';
import { createDialect, parseDatabaseUrl } from './dialect';
import type { Tables } from './tables';

/**
 * The app's database: a Kysely instance over `DATABASE_URL`, one per app (given to the app as a
 * provider, so controllers and dependencies receive it by type). Migrated and destroyed by the
 * app's lifespan. Requests use the transaction of `@Db()` instead.
 */
@Injectable()
export class Database extends Kysely<Tables> {
  /** The PostgreSQL schema the app's tables live in, when `DATABASE_URL` names one. */
  readonly postgresSchema: string | undefined;

  constructor(databaseUrl: string) {
    const target = parseDatabaseUrl(databaseUrl);
    super({ dialect: createDialect(target) });
    this.postgresSchema = target.kind === 'postgres' ? target.schema : undefined;
  }
}
