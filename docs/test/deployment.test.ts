import type { App } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import Redis from 'ioredis';
import { createApp } from '../examples/deployment/app';

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
    expect(Object.keys(doc.paths)).toEqual(['/whoami']);
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
