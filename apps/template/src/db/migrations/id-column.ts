import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/** An integer primary key the database numbers: SQLite's AUTOINCREMENT or PostgreSQL's identity column. */
export function idColumn(db: Kysely<unknown>): (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return (column) =>
    postgres ? column.generatedByDefaultAsIdentity().primaryKey() : column.primaryKey().autoIncrement();
}
