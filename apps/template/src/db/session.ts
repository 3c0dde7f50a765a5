import { Depends, dependency, type DependsDecorator } from '@tsapi/core';
import type { Kysely } from 'kysely';
import { Database } from './database';
import type { Tables } from './tables';

/** Queries run on the database itself or inside a request's transaction: services take either. */
export type Db = Kysely<Tables>;

/**
 * One transaction per request: committed when the handler succeeds, rolled back when anything
 * throws (the handler, a later dependency, validation), and the error passed on.
 *
 * SQLite has a single connection, which Kysely lends to one transaction at a time: other
 * requests wait for it, so a request must run all its queries on this transaction, never on
 * `Database` directly (that would wait for its own transaction to end).
 */
export const getDb = dependency([Depends(Database)], async function* getDb(database: Database) {
  const transaction = await database.startTransaction().execute();
  try {
    yield transaction;
  } catch (error) {
    await transaction.rollback().execute();
    throw error;
  }
  await transaction.commit().execute();
});

/**
 * The request's transaction. Its scope is `'function'`, so the commit happens when the handler
 * returns, before the response is sent: a client never hears of a write that did not commit.
 * Every use shares this scope, which keeps it one transaction per request.
 *
 * @example
 * create(@Db() db: Db) { … }
 */
export function Db(): DependsDecorator {
  return Depends(getDb, { scope: 'function' });
}
