import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Body, Controller, HTTPException, Post } from '@tsapi/core';
import { IsString } from 'class-validator';
import { Db } from '../src/db/session';
import { TestApp, bearer, signUp } from './support/app';

class NameIn {
  @IsString() username!: string;
}

/** Routes that write through the request's transaction and then fail. */
@Controller('/failing')
class FailingController {
  @Post('/crash')
  async crash(@Body() body: NameIn, @Db() db: Db) {
    await insertUser(db, body.username);
    throw new Error('database password=hunter2 went away');
  }

  @Post('/refuse')
  async refuse(@Body() body: NameIn, @Db() db: Db) {
    await insertUser(db, body.username);
    throw new HTTPException(409, 'Changed my mind');
  }

  @Post('/ok')
  async ok(@Body() body: NameIn, @Db() db: Db) {
    await insertUser(db, body.username);
    return { stored: body.username };
  }
}

async function insertUser(db: Db, username: string): Promise<void> {
  await db
    .insertInto('users')
    .values({ username, password_hash: 'x', email: null, full_name: null, created_at: new Date().toISOString() })
    .execute();
}

describe('one transaction per request', () => {
  let t: TestApp;

  beforeEach(() => {
    t = new TestApp({}, { raiseServerExceptions: false });
    t.app.include(FailingController);
  });

  afterEach(async () => {
    await t.close();
  });

  const exists = async (username: string) =>
    (await t.client.post('/users', { json: { username, password: 'password-1' } })).status === 409;

  test('a handler that writes and then throws leaves nothing behind; the client gets a bare 500', async () => {
    const res = await t.client.post('/failing/crash', { json: { username: 'ghost' } });
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    expect(await exists('ghost')).toBe(false);
  });

  test('an HTTPException after a write rolls it back too', async () => {
    const res = await t.client.post('/failing/refuse', { json: { username: 'ghost' } });
    expect([res.status, res.json()]).toEqual([409, { detail: 'Changed my mind' }]);
    expect(await exists('ghost')).toBe(false);
  });

  test('a handler that succeeds commits, and the database keeps serving after rollbacks', async () => {
    await t.client.post('/failing/crash', { json: { username: 'ghost' } });
    const res = await t.client.post('/failing/ok', { json: { username: 'kept' } });
    expect([res.status, res.json()]).toEqual([200, { stored: 'kept' }]);
    expect(await exists('kept')).toBe(true);
  });
});

describe('the database file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsapi-template-db-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['a path', (path: string) => path],
    ['a file: URL', (path: string) => pathToFileURL(path).href],
  ])(
    'DATABASE_URL as %s: the folder is created at start-up, migrations run once, data survives a restart',
    async (_, toUrl) => {
      const path = join(dir, 'nested', 'data', 'app.db');
      const url = toUrl(path);
      const first = new TestApp({ DATABASE_URL: url });
      expect(existsSync(path)).toBe(false);
      const token = await signUp(first.client, 'alice');
      expect(existsSync(path)).toBe(true);
      await first.client.post('/items', { json: { name: 'kept', price: 1 }, ...bearer(token) });
      await first.close();

      const second = new TestApp({ DATABASE_URL: url });
      try {
        const login = await second.client.post('/token', { form: { username: 'alice', password: 'alice-password' } });
        const again = bearer((login.json() as { access_token: string }).access_token);
        expect((await second.client.get('/items', again)).json()).toMatchObject({
          total: 1,
          items: [{ name: 'kept' }],
        });
      } finally {
        await second.close();
      }
    },
  );

  test('closing the app closes the database: SQLite folds its write-ahead log back into the file', async () => {
    const path = join(dir, 'app.db');
    const t = new TestApp({ DATABASE_URL: path });
    await signUp(t.client, 'alice');
    expect(existsSync(`${path}-wal`)).toBe(true);
    await t.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
