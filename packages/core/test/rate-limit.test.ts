import 'reflect-metadata';
import type { LightMyRequestResponse } from 'fastify';
import {
  App,
  type AppOptions,
  Controller,
  ExceptionHandler,
  type ExceptionHandlerClass,
  Get,
  HTTPException,
  JSONResponse,
  type Request,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

@Controller()
class ItemsController {
  @Get('/items')
  list() {
    return [{ id: 1 }];
  }

  @Get('/login', { rateLimit: { max: 2, timeWindow: 1000 } })
  login() {
    return { ok: true };
  }

  @Get('/health', { rateLimit: false })
  health() {
    return { status: 'ok' };
  }
}

const clients: TestClient[] = [];
const apps: App[] = [];

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...apps.splice(0).map((a) => a.close())]);
});

function appWith(options: Omit<AppOptions, 'controllers'> = {}): App {
  const app = new App({ controllers: [ItemsController], ...options });
  apps.push(app);
  return app;
}

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

/** A request from a given client address (TestClient always comes from 127.0.0.1). */
async function from(
  app: App,
  remoteAddress: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  await app.ready();
  return app.fastify.inject({ method: 'GET', url, remoteAddress, headers });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('an app-wide limit', () => {
  test('answers 429 with the detail, retry-after and the x-ratelimit headers beyond max', async () => {
    const client = clientFor(appWith({ rateLimit: { max: 3, timeWindow: '1 minute' } }));
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.get('/items');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual([{ id: 1 }]);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await client.get('/items');
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('{"detail":"Rate limit exceeded: 3 per 1 minute"}');
    expect(limited.headers['content-type']).toMatch(/^application\/json/);
    expect(String(limited.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toBeDefined();
  });

  test('different client addresses are counted apart', async () => {
    const app = appWith({ rateLimit: { max: 1, timeWindow: '1 minute' } });
    expect((await from(app, '10.0.0.1', '/items')).statusCode).toBe(200);
    expect((await from(app, '10.0.0.1', '/items')).statusCode).toBe(429);
    const other = await from(app, '10.0.0.2', '/items');
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual([{ id: 1 }]);
    expect((await from(app, '10.0.0.2', '/items')).statusCode).toBe(429);
  });

  test('x-forwarded-for is ignored without trustProxy', async () => {
    const app = appWith({ rateLimit: { max: 1, timeWindow: '1 minute' } });
    expect((await from(app, '10.0.0.1', '/items', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(200);
    const spoofed = await from(app, '10.0.0.1', '/items', { 'x-forwarded-for': '203.0.113.2' });
    expect(spoofed.statusCode).toBe(429);
    expect(spoofed.json()).toEqual({ detail: 'Rate limit exceeded: 1 per 1 minute' });
  });

  test('x-forwarded-for names the client under trustProxy', async () => {
    const app = appWith({ rateLimit: { max: 1, timeWindow: '1 minute' }, fastify: { trustProxy: true } });
    expect((await from(app, '10.0.0.1', '/items', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(200);
    expect((await from(app, '10.0.0.1', '/items', { 'x-forwarded-for': '203.0.113.2' })).statusCode).toBe(200);
    expect((await from(app, '10.0.0.1', '/items', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(429);
  });

  test('the 429 goes through the HTTPException handler the app registers', async () => {
    const seen: number[] = [];

    @ExceptionHandler(HTTPException)
    class HttpErrors implements ExceptionHandlerClass<HTTPException> {
      catch(error: HTTPException, _request: Request) {
        seen.push(error.statusCode);
        return new JSONResponse({ error: error.detail, status: error.statusCode }, error.statusCode);
      }
    }

    const client = clientFor(
      appWith({ rateLimit: { max: 1, timeWindow: '1 minute' }, exceptionHandlers: [HttpErrors] }),
    );
    expect((await client.get('/items')).status).toBe(200);
    const limited = await client.get('/items');
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ error: 'Rate limit exceeded: 1 per 1 minute', status: 429 });
    expect(seen).toEqual([429]);
  });
});

describe('a per-route limit', () => {
  test('limits that route only; other routes have no limit and no x-ratelimit headers', async () => {
    const client = clientFor(appWith());
    for (let i = 0; i < 2; i++) {
      const res = await client.get('/login');
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('2');
    }
    const limited = await client.get('/login');
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ detail: 'Rate limit exceeded: 2 per 1 second' });
    expect(String(limited.headers['retry-after'])).toMatch(/^[1-9]\d*$/);

    for (let i = 0; i < 5; i++) {
      const res = await client.get('/items');
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-ratelimit-'))).toEqual([]);
      expect(res.headers['retry-after']).toBeUndefined();
    }
  });

  test('the window resets: after it has passed the route answers again', async () => {
    const client = clientFor(appWith());
    expect((await client.get('/login')).status).toBe(200);
    expect((await client.get('/login')).status).toBe(200);
    expect((await client.get('/login')).status).toBe(429);
    await sleep(1100);
    const again = await client.get('/login');
    expect(again.status).toBe(200);
    expect(again.json()).toEqual({ ok: true });
    expect(again.headers['x-ratelimit-remaining']).toBe('1');
  });

  test('a route limit takes precedence over the app-wide limit for that route', async () => {
    const client = clientFor(appWith({ rateLimit: { max: 5, timeWindow: '1 minute' } }));
    expect((await client.get('/login')).headers['x-ratelimit-limit']).toBe('2');
    expect((await client.get('/login')).status).toBe(200);
    const limited = await client.get('/login');
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ detail: 'Rate limit exceeded: 2 per 1 second' });
    const items = await client.get('/items');
    expect(items.status).toBe(200);
    expect(items.headers['x-ratelimit-limit']).toBe('5');
  });

  test('rateLimit: false takes a route out of the app-wide limit', async () => {
    const client = clientFor(appWith({ rateLimit: { max: 2, timeWindow: '1 minute' } }));
    for (let i = 0; i < 5; i++) {
      const health = await client.get('/health');
      expect(health.status).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      expect(health.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect((await client.get('/items')).status).toBe(200);
    expect((await client.get('/items')).status).toBe(200);
    expect((await client.get('/items')).status).toBe(429);
  });
});
