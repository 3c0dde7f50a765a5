import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@tsapi/core';
import { Client } from 'pg';
import { TestClient, type TestClientOptions, type TestResponse } from '@tsapi/testing';
import { createApp } from '../../src/app';
import { Database } from '../../src/db/database';
import { loadSettings, type Settings } from '../../src/settings';

export const SECRET = 'test-secret-key-that-is-long-enough-0123456789';

/**
 * The PostgreSQL server the suites run against when the `template-postgres` jest project sets it
 * (`TEMPLATE_POSTGRES_URL`); otherwise they use SQLite in memory.
 */
export const POSTGRES_URL = process.env.TEMPLATE_POSTGRES_URL;

/** A fresh database for one app: SQLite in memory, or a schema of its own on the PostgreSQL server. */
function freshDatabaseUrl(): string {
  if (POSTGRES_URL === undefined) return ':memory:';
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', `test_${randomBytes(6).toString('hex')}`);
  return url.toString();
}

/** Drops the schema a PostgreSQL test app worked in. */
async function dropSchema(databaseUrl: string): Promise<void> {
  if (POSTGRES_URL === undefined || !databaseUrl.startsWith('postgres')) return;
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  if (schema === null) return;
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Settings for a test: a fresh database, an upload folder of its own, no logs. */
export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: freshDatabaseUrl(),
    TSAPI_SECRET_KEY: SECRET,
    UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'tsapi-template-uploads-')),
    TOKEN_RATE_LIMIT: '100/minute',
    ...env,
  });
}

/** A client for a fresh app; `close()` also removes its upload folder. */
export class TestApp {
  readonly settings: Settings;
  readonly database: Database;
  readonly app: App;
  readonly client: TestClient;

  constructor(env: Record<string, string> = {}, options?: TestClientOptions) {
    this.settings = testSettings(env);
    this.database = new Database(this.settings.databaseUrl);
    this.app = createApp(this.settings, this.database);
    this.client = new TestClient(this.app, options);
  }

  async close(): Promise<void> {
    await this.client.close();
    rmSync(this.settings.uploadDir, { recursive: true, force: true });
    await dropSchema(this.settings.databaseUrl);
  }
}

export function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** Registers `username` (password `${username}-password`) and answers its bearer token. */
export async function signUp(client: TestClient, username: string): Promise<string> {
  const password = `${username}-password`;
  const registered = await client.post('/users', { json: { username, password } });
  expect(registered.status).toBe(201);
  const token = await client.post('/token', { form: { username, password } });
  expect(token.status).toBe(200);
  return (token.json() as { access_token: string }).access_token;
}

/** Polls until `check` passes: background tasks run after the response has been sent. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function expectStatus(res: TestResponse, status: number, body?: unknown): void {
  expect({ status: res.status, body: body === undefined ? undefined : res.json() }).toEqual({ status, body });
}
