import type { App } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import Redis from 'ioredis';
import { WebSocket as WsClient } from 'ws';
import { createApp } from '../examples/deployment/app';
import { createApp as createShuttingDownApp } from '../examples/deployment/shutdown';
import { connection, listen, parseAnswers, sleep } from './support/wire';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Addresses from the documentation ranges (RFC 5737), so that the counts of this file are its own. */
const CLIENT_A = `203.0.113.${process.pid % 250}`;
const CLIENT_B = `198.51.100.${process.pid % 250}`;

const opened: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

function clientOf(app: App): TestClient {
  const client = new TestClient(app);
  opened.push(client);
  return client;
}

function redisClient(): Redis {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  opened.push({ close: async () => redis.disconnect() });
  return redis;
}

async function forgetCounts(redis: Redis): Promise<void> {
  const keys = await redis.keys(`fastify-rate-limit-*${process.pid % 250}`);
  if (keys.length > 0) await redis.del(...keys);
}

describe('health endpoints', () => {
  test('liveness and readiness without Redis', async () => {
    const client = clientOf(createApp());
    expect((await client.get('/health')).json()).toEqual({ status: 'ok' });
    expect((await client.get('/ready')).json()).toEqual({ status: 'ready' });
  });

  test('readiness is a 503 while Redis is unreachable', async () => {
    const down = redisClient();
    down.disconnect(); // as if the server had gone away
    const client = clientOf(createApp({ redis: down }));
    const res = await client.get('/ready');
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ detail: 'Redis is unreachable' });
  });

  test('they are left out of the document', async () => {
    const doc = (await clientOf(createApp()).get('/openapi.json')).json<any>();
    expect(Object.keys(doc.paths)).toEqual(['/whoami', '/reports/daily']);
  });

  test('they stay out of the app-wide rate limit', async () => {
    const client = clientOf(createApp());
    const headers = { 'x-forwarded-for': CLIENT_A };
    for (let i = 0; i < 100; i++) expect((await client.get('/whoami', { headers })).status).toBe(200);
    expect((await client.get('/whoami', { headers })).status).toBe(429);
    for (let i = 0; i < 20; i++) {
      const health = await client.get('/health', { headers });
      expect({ status: health.status, body: health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
      expect(health.headers['x-ratelimit-remaining']).toBeUndefined();
    }
    expect((await client.get('/ready', { headers })).status).toBe(200);
  });
});

describe('behind a reverse proxy', () => {
  test('the trusted proxy’s X-Forwarded-For is the client address', async () => {
    const client = clientOf(createApp());
    const res = await client.get('/whoami', { headers: { 'x-forwarded-for': CLIENT_A } });
    expect(res.json()).toEqual({ ip: CLIENT_A });
    expect((await client.get('/whoami')).json()).toEqual({ ip: '127.0.0.1' });
  });

  test('anyone else’s X-Forwarded-For is ignored', async () => {
    const app = createApp();
    opened.push(app);
    await app.ready();
    const res = await app.inject({
      url: '/whoami',
      remoteAddress: CLIENT_B,
      headers: { 'x-forwarded-for': CLIENT_A },
    });
    expect(res.json()).toEqual({ ip: CLIENT_B });
  });

  test('rate limits count each forwarded client apart', async () => {
    const client = clientOf(createApp());
    for (let i = 0; i < 100; i++) {
      expect((await client.get('/whoami', { headers: { 'x-forwarded-for': CLIENT_A } })).status).toBe(200);
    }
    const limited = await client.get('/whoami', { headers: { 'x-forwarded-for': CLIENT_A } });
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ detail: 'Rate limit exceeded: 100 per 1 minute' });
    const other = await client.get('/whoami', { headers: { 'x-forwarded-for': CLIENT_B } });
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe('99');
  });
});

describe('a cache shared through Redis', () => {
  /** A prefix of this run's own, so that its keys are found and deleted afterwards. */
  const cachePrefix = `docs-test:${process.pid}:${Date.now()}:`;

  afterAll(async () => {
    const admin = redisClient();
    const keys = await admin.keys(`${cachePrefix}*`);
    if (keys.length > 0) await admin.del(...keys);
  });

  test('one process builds the report once and serves it from memory', async () => {
    const client = clientOf(createApp());
    const first = (await client.get('/reports/daily')).json();
    expect(first).toEqual({ id: expect.any(String), builtAt: expect.any(String) });
    expect((await client.get('/reports/daily')).json()).toEqual(first);
  });

  test('without Redis, two processes build a report each', async () => {
    const [first, second] = [clientOf(createApp()), clientOf(createApp())];
    const built = (await first.get('/reports/daily')).json<{ id: string }>();
    expect((await second.get('/reports/daily')).json<{ id: string }>().id).not.toBe(built.id);
  });

  test('with Redis, a report built by one process is served by the other', async () => {
    const first = clientOf(createApp({ redis: redisClient(), cachePrefix }));
    const second = clientOf(createApp({ redis: redisClient(), cachePrefix }));
    const built = (await first.get('/reports/daily')).json();
    expect((await second.get('/reports/daily')).json()).toEqual(built);
    const stored = await redisClient().get(`${cachePrefix}reports:daily`);
    expect(JSON.parse(stored!)).toEqual(built);
    expect(await redisClient().pttl(`${cachePrefix}reports:daily`)).toBeGreaterThan(55_000);
  });
});

describe('rate limits in Redis', () => {
  test('two processes on one Redis share the counts', async () => {
    const admin = redisClient();
    await forgetCounts(admin);
    const first = clientOf(createApp({ redis: redisClient() }));
    const second = clientOf(createApp({ redis: redisClient() }));
    const headers = { 'x-forwarded-for': CLIENT_B };
    for (let i = 0; i < 60; i++) expect((await first.get('/whoami', { headers })).status).toBe(200);
    for (let i = 0; i < 40; i++) expect((await second.get('/whoami', { headers })).status).toBe(200);
    const limited = await first.get('/whoami', { headers });
    expect(limited.status).toBe(429);
    expect((await second.get('/whoami', { headers })).status).toBe(429);
    expect(Number(await admin.get(`fastify-rate-limit-${CLIENT_B}`))).toBe(102);
    await forgetCounts(admin);
  });

  test('main.ts connects to REDIS_URL and closes the connection with the app', async () => {
    process.env.REDIS_URL = REDIS_URL;
    const { app } = await import('../examples/deployment/main');
    delete process.env.REDIS_URL;
    const client = new TestClient(app);
    expect((await client.get('/ready')).json()).toEqual({ status: 'ready' });
    await client.close();
  });
});

describe('graceful shutdown', () => {
  test('close(): the request in flight finishes, a later one on its connection gets 503, then sockets, tasks and lifespan end', async () => {
    const log: string[] = [];
    const app = createShuttingDownApp(log);
    const port = await listen(app);
    const ws = new WsClient(`ws://127.0.0.1:${port}/ws/progress`);
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const echoed = new Promise((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('50%');
    expect(await echoed).toBe('got 50%');

    const keepAlive = connection(port);
    keepAlive.send('POST /reports HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    while (!log.includes('building the report')) await sleep(5);
    const closing = app.close();
    await sleep(50);
    keepAlive.send('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'); // arrives after close began
    await closing;
    await keepAlive.closed;

    const [report, late] = parseAnswers(keepAlive.received());
    expect({ status: report!.status, body: JSON.parse(report!.body) }).toEqual({
      status: 200,
      body: { status: 'built' },
    });
    expect({ status: late!.status, body: JSON.parse(late!.body) }).toEqual({
      status: 503,
      body: { detail: 'Service Unavailable' },
    });
    expect(late!.headers.connection).toBe('close');
    expect(await wsClosed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(log).toEqual([
      'building the report',
      'socket closed: server going away',
      'report mailed',
      'lifespan shutdown',
    ]);
  });
});
