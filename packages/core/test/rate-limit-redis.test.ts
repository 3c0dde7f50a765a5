import 'reflect-metadata';
import { App, Controller, Get } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import Redis from 'ioredis';

const START_REDIS = 'start redis-server: apt-get install -y redis-server && redis-server --daemonize yes';
const NAMESPACE = `tsapi-test-${process.pid}-${Date.now()}-`;

@Controller()
class ItemsController {
  @Get('/items')
  list() {
    return [{ id: 1 }];
  }
}

const redisClients: Redis[] = [];
const clients: TestClient[] = [];

function redisClient(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  // Connection errors surface through the commands (and the check in beforeAll), not as unhandled events.
  redis.on('error', () => undefined);
  redisClients.push(redis);
  return redis;
}

/** An app whose counts live in Redis under `nameSpace`, as one of several processes would run it. */
function instance(nameSpace: string, max: number): TestClient {
  const app = new App({
    controllers: [ItemsController],
    rateLimit: { max, timeWindow: '1 minute', redis: redisClient(), nameSpace },
  });
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

let admin: Redis;

beforeAll(async () => {
  admin = redisClient();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3000);
  });
  const reply = await Promise.race([admin.ping(), timeout])
    .catch((error: unknown) => {
      throw new Error(
        `Redis is not reachable on 127.0.0.1:6379 (${error instanceof Error ? error.message : String(error)}); ${START_REDIS}`,
      );
    })
    .finally(() => clearTimeout(timer));
  expect(reply).toBe('PONG');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  if (admin.status === 'ready') {
    const keys = await admin.keys(`${NAMESPACE}*`);
    if (keys.length > 0) await admin.del(...keys);
  }
  await Promise.all(
    redisClients.splice(0).map(async (r) => {
      if (r.status === 'ready') await r.quit();
      else r.disconnect();
    }),
  );
});

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
