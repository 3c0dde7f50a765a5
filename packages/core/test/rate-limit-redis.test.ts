import 'reflect-metadata';
import { App, Controller, Get } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { RedisFixture, uniquePrefix } from './support/redis';

const NAMESPACE = uniquePrefix('rate-limit');
const redis = new RedisFixture(NAMESPACE);

@Controller()
class ItemsController {
  @Get('/items')
  list() {
    return [{ id: 1 }];
  }
}

const clients: TestClient[] = [];

/** An app whose counts live in Redis under `nameSpace`, as one of several processes would run it. */
function instance(nameSpace: string, max: number): TestClient {
  const app = new App({
    controllers: [ItemsController],
    rateLimit: { max, timeWindow: '1 minute', redis: redis.client(), nameSpace },
  });
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

const admin = redis.admin;

beforeAll(() => redis.expectReachable());

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(() => redis.close());

describe('rate limits shared through Redis', () => {
  test('two app instances on one Redis store share the limit', async () => {
    const nameSpace = `${NAMESPACE}shared-`;
    const a = instance(nameSpace, 3);
    const b = instance(nameSpace, 3);

    const first = await a.get('/items');
    const second = await a.get('/items');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers['x-ratelimit-remaining'], second.headers['x-ratelimit-remaining']]).toEqual(['2', '1']);

    const third = await b.get('/items');
    expect(third.status).toBe(200);
    expect(third.json()).toEqual([{ id: 1 }]);
    expect(third.headers['x-ratelimit-remaining']).toBe('0');

    const limited = await b.get('/items');
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ detail: 'Rate limit exceeded: 3 per 1 minute' });
    expect(String(limited.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
    expect((await a.get('/items')).status).toBe(429);

    // The count is Redis' own: a key under the namespace, expiring with the window.
    const keys = await admin.keys(`${nameSpace}*`);
    expect(keys).toHaveLength(1);
    expect(Number(await admin.get(keys[0]!))).toBe(5);
    const ttl = await admin.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  test('instances under different namespaces count apart', async () => {
    const a = instance(`${NAMESPACE}tenant-a-`, 1);
    const b = instance(`${NAMESPACE}tenant-b-`, 1);
    expect((await a.get('/items')).status).toBe(200);
    expect((await a.get('/items')).status).toBe(429);
    const other = await b.get('/items');
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe('0');
    expect((await b.get('/items')).status).toBe(429);
  });
});
