import { Migrator, sql } from 'kysely';
import type { Database } from './database';
import { migrations } from './migrations';

/** Brings the schema up to date; a failing migration rejects, naming it, and keeps the ones before it. */
export async function migrateToLatest(db: Database): Promise<void> {
  if (db.postgresSchema !== undefined) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(db.postgresSchema)}`.execute(db);
  // Named explicitly: Kysely looks for its bookkeeping tables in every schema otherwise.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: db.postgresSchema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(failed ? `Migration ${failed} failed: ${reason}` : `Migrations failed: ${reason}`, { cause: error });
}
