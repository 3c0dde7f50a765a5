import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { SqliteDialect, type Dialect } from 'kysely';

/** Where the data lives, as read from `DATABASE_URL`. */
export type DatabaseTarget = { kind: 'sqlite'; filename: string };

/**
 * Reads `DATABASE_URL`: `:memory:`, a `file:` URL or a plain path (SQLite). Throws a message
 * meant for the person who set the variable.
 *
 * @example
 * parseDatabaseUrl('data/app.db'); // { kind: 'sqlite', filename: 'data/app.db' }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === ':memory:') return { kind: 'sqlite', filename: url };
  if (url.startsWith('file:')) return { kind: 'sqlite', filename: fileUrlPath(url) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme !== undefined)
    throw new Error(`"${scheme}" databases are not supported: use a file path, a file: URL or :memory:`);
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

/**
 * The one place that knows which database engine serves `DATABASE_URL`. The queries are written
 * in SQL that SQLite and PostgreSQL both accept, so another engine is a new branch here.
 */
export function createDialect(url: string): Dialect {
  const target = parseDatabaseUrl(url);
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
