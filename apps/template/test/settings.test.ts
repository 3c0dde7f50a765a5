import 'reflect-metadata';
import type { App } from '@tsapi/core';
import { loadSettings, SettingsError } from '../src/settings';

function problemsOf(env: Record<string, string>): string {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).message;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  test('defaults: a SQLite file under data/, a development key, 10 tokens a minute, no CORS', () => {
    expect({ ...loadSettings({}) }).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: 'data/app.db',
      secretKey: expect.any(String),
      corsOrigins: [],
      tokenRateLimit: { max: 10, timeWindow: '1 minute' },
      uploadDir: 'data/uploads',
      logLevel: 'info',
      demoUser: undefined,
    });
    expect(loadSettings({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  test('every variable is read', () => {
    const settings = loadSettings({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '3000',
      DATABASE_URL: 'file:/srv/app.db',
      TSAPI_SECRET_KEY: 'k'.repeat(32),
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      TOKEN_RATE_LIMIT: '5/minute',
      UPLOAD_DIR: '/srv/uploads',
      LOG_LEVEL: 'warn',
      DEMO_USER: 'alice:wonder:land',
    });
    expect({ ...settings }).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: 'file:/srv/app.db',
      secretKey: 'k'.repeat(32),
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      tokenRateLimit: { max: 5, timeWindow: '1 minute' },
      uploadDir: '/srv/uploads',
      logLevel: 'warn',
      demoUser: { username: 'alice', password: 'wonder:land' },
    });
    expect(loadSettings({ TOKEN_RATE_LIMIT: '100 / hours' }).tokenRateLimit).toEqual({
      max: 100,
      timeWindow: '1 hour',
    });
    expect(loadSettings({ DATABASE_URL: ':memory:', CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  test('each bad variable is named with its value and what is expected, all at once, without a stack trace', () => {
    let error: unknown;
    try {
      loadSettings({
        NODE_ENV: 'prod',
        PORT: '80a',
        DATABASE_URL: 'mysql://db/app',
        CORS_ORIGINS: 'https://app.example.com/path',
        TOKEN_RATE_LIMIT: '5 per minute',
        LOG_LEVEL: 'verbose',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toBe(
      [
        'Invalid settings:',
        '  NODE_ENV="prod": must be one of development, production, test',
        '  PORT="80a": must be an integer from 0 to 65535',
        '  DATABASE_URL="mysql://db/app": "mysql" databases are not supported: use postgres://…, a file path, a file: URL or :memory:',
        '  CORS_ORIGINS="https://app.example.com/path": "https://app.example.com/path" is not an origin such as https://app.example.com (scheme, host, optional port, no path)',
        '  TOKEN_RATE_LIMIT="5 per minute": must be <count>/<second|minute|hour|day>, such as 5/minute',
        '  LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent',
      ].join('\n'),
    );
    expect((error as Error).stack).toBe(`SettingsError: ${(error as Error).message}`);
  });

  test('secrets are never repeated in the message', () => {
    expect(problemsOf({ TSAPI_SECRET_KEY: 'hunter2-hunter2' })).toBe(
      'Invalid settings:\n  TSAPI_SECRET_KEY=(15 characters, not shown): must be at least 32 characters long',
    );
    expect(problemsOf({ DEMO_USER: 'alice:short' })).toBe(
      'Invalid settings:\n  DEMO_USER="alice:…": must be name:password, the password at least 8 characters long',
    );
    expect(problemsOf({ DEMO_USER: 'a b:long-enough' })).toContain(
      'DEMO_USER="a b:…": must be name:password, the name 3 to 32',
    );
  });

  test('production needs its own secret key', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toBe(
      'Invalid settings:\n  TSAPI_SECRET_KEY=(not set): required when NODE_ENV=production',
    );
  });

  test('ports beyond 65535, negative or fractional ports and a zero rate are refused', () => {
    for (const [variable, value] of [
      ['PORT', '65536'],
      ['PORT', '-1'],
      ['PORT', '80.5'],
      ['TOKEN_RATE_LIMIT', '0/minute'],
      ['TOKEN_RATE_LIMIT', '5/fortnight'],
      ['DATABASE_URL', 'postgres://localhost/app?schema=Bad-Name'],
      ['DATABASE_URL', 'file:'],
    ]) {
      expect(problemsOf({ [variable]: value })).toContain(`${variable}="${value}"`);
    }
  });
});

describe('src/main.ts', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  /** Imports main.ts afresh, as `tsapi run` would; `App` comes from the same module registry. */
  async function importMain(): Promise<{ app: unknown; App: typeof App }> {
    let main: { app: unknown; App: typeof App } | undefined;
    await jest.isolateModulesAsync(async () => {
      const core = await import('@tsapi/core');
      main = { app: (await import('../src/main')).app, App: core.App };
    });
    return main!;
  }

  test('exports the app built from the environment, without listening', async () => {
    process.env = { ...saved, NODE_ENV: 'test', DATABASE_URL: ':memory:', TOKEN_RATE_LIMIT: '2/minute' };
    const { app, App: IsolatedApp } = await importMain();
    expect(app).toBeInstanceOf(IsolatedApp);
    const served = app as App;
    try {
      const res = await served.inject({ method: 'GET', url: '/' });
      expect([res.statusCode, res.json()]).toEqual([200, { Hello: 'World' }]);
      expect(served.fastify.server.listening).toBe(false);
      for (let i = 0; i < 2; i++) expect((await served.inject({ method: 'POST', url: '/token' })).statusCode).toBe(422);
      expect((await served.inject({ method: 'POST', url: '/token' })).statusCode).toBe(429);
    } finally {
      await served.close();
    }
  });

  test('a bad environment makes the import throw the SettingsError', async () => {
    process.env = { ...saved, NODE_ENV: 'test', PORT: 'eighty' };
    await expect(importMain()).rejects.toThrow(
      expect.objectContaining({
        name: 'SettingsError',
        message: 'Invalid settings:\n  PORT="eighty": must be an integer from 0 to 65535',
      }),
    );
  });
});
