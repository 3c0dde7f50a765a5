import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { Pool } from 'pg';

/** Where the data lives, as read from `DATABASE_URL`. */
export type DatabaseTarget =
  { kind: 'sqlite'; filename: string } | { kind: 'postgres'; connectionString: string; schema: string | undefined };

const POSTGRES_SCHEMES = new Set(['postgres', 'postgresql']);
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads `DATABASE_URL`: `:memory:`, a `file:` URL or a plain path (SQLite), or a
 * `postgres://user:password@host:port/database` URL (PostgreSQL, with an optional `?schema=name`
 * to keep the app's tables in a schema of their own). Throws a message meant for the person who
 * set the variable.
 *
 * @example
 * parseDatabaseUrl('data/app.db'); // { kind: 'sqlite', filename: 'data/app.db' }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === ':memory:') return { kind: 'sqlite', filename: url };
  if (url.startsWith('file:')) return { kind: 'sqlite', filename: fileUrlPath(url) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme !== undefined && POSTGRES_SCHEMES.has(scheme.toLowerCase())) return postgresTarget(url);
  if (scheme !== undefined)
    throw new Error(`"${scheme}" databases are not supported: use postgres://…, a file path, a file: URL or :memory:`);
  if (url.trim() === '') throw new Error('must not be empty');
  return { kind: 'sqlite', filename: url };
}

/** `file:data/app.db` is relative to the working directory, `file:///srv/app.db` absolute. */
function fileUrlPath(url: string): string {
  if (url.startsWith('file://')) return fileURLToPath(url);
  const path = decodeURIComponent(url.slice('file:'.length));
  if (path === '') throw new Error('a file: URL needs a path');
  return path;
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('is not a valid postgres:// URL');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new Error(`schema must be a lower-case SQL name (letters, digits, _), got "${schema}"`);
  // pg reads the rest of the URL itself; `schema` is ours.
  parsed.searchParams.delete('schema');
  return { kind: 'postgres', connectionString: parsed.toString(), schema };
}

/**
 * A pool whose connections work in `schema` when one is named (the migrations create it). The
 * search path is a start-up parameter of each connection, so no query can run before it is set.
 */
function postgresPool(connectionString: string, schema: string | undefined): Pool {
  return new Pool({ connectionString, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
}

/**
 * The one place that knows which database engine serves `DATABASE_URL`. The queries are written
 * in SQL that SQLite and PostgreSQL both accept; only the primary keys differ (see
 * `migrations/id-column.ts`).
 */
export function createDialect(target: DatabaseTarget): Dialect {
  if (target.kind === 'postgres') {
    return new PostgresDialect({ pool: async () => postgresPool(target.connectionString, target.schema) });
  }
  return new SqliteDialect({
    // Opened on the first query (the migrations at start-up), so building an app touches no file.
    database: async () => {
      if (target.filename !== ':memory:') mkdirSync(dirname(target.filename), { recursive: true });
      const sqlite = new SQLite(target.filename);
      // SQLite checks foreign keys only when asked, per connection.
      sqlite.pragma('foreign_keys = ON');
      if (target.filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
      return sqlite;
    },
  });
}
