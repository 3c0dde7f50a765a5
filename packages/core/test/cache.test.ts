import 'reflect-metadata';
import { App, Cache, Controller, Depends, Get, MemoryCacheStore, Path, RedisCacheStore } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import Redis from 'ioredis';
import { RedisFixture, uniquePrefix } from './support/redis';

const PREFIX = uniquePrefix('cache');
const redis = new RedisFixture(PREFIX);
const clients: TestClient[] = [];

beforeAll(() => redis.expectReachable());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(() => redis.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An app whose item lookups go through `cache`; `lookups` counts the real (uncached) ones. */
function appWith(cache: Cache, lookups: number[]): { client: TestClient; app: App } {
  @Controller('/items')
  class ItemsController {
    @Get('/{itemId}')
    read(@Path('itemId', { type: 'integer' }) itemId: number, @Depends(cache) items: Cache) {
      return items.getOrSet(`item:${itemId}`, async () => {
        lookups.push(itemId);
        return { id: itemId, name: `item ${itemId}`, loadedBy: lookups.length };
      });
    }
  }
  const app = new App({ controllers: [ItemsController] });
  const client = new TestClient(app);
  clients.push(client);
  return { client, app };
}

describe('Cache in memory (the default store)', () => {
  test('a route computes a value once and answers the next request from the cache', async () => {
    const lookups: number[] = [];
    const { client } = appWith(new Cache(), lookups);
    const first = await client.get('/items/7');
    const second = await client.get('/items/7');
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ id: 7, name: 'item 7', loadedBy: 1 });
    expect(second.json()).toEqual({ id: 7, name: 'item 7', loadedBy: 1 });
    expect(lookups).toEqual([7]);
    expect((await client.get('/items/8')).json()).toEqual({ id: 8, name: 'item 8', loadedBy: 2 });
  });

  test('an entry expires after its ttl', async () => {
    const cache = new Cache({ ttl: 0.05 });
    await cache.set('k', { a: 1 });
    expect(await cache.get('k')).toEqual({ a: 1 });
    await sleep(80);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('forever', 1, { ttl: null });
    await sleep(80);
    expect(await cache.get('forever')).toBe(1);
  });

  test('values go through JSON, so every store gives back the same shapes', async () => {
    const cache = new Cache();
    await cache.set('when', { at: new Date('2026-01-02T03:04:05.000Z'), n: null, list: [1, 'a'] });
    expect(await cache.get('when')).toEqual({ at: '2026-01-02T03:04:05.000Z', n: null, list: [1, 'a'] });
    await expect(cache.set('nothing', undefined)).rejects.toThrow('cache value for "nothing" cannot be stored as JSON');
  });

  test('prefixes keep two caches on one store apart, and delete removes one entry', async () => {
    const store = new MemoryCacheStore();
    const v1 = new Cache({ store, prefix: 'v1:' });
    const v2 = new Cache({ store, prefix: 'v2:' });
    await v1.set('user', 'old shape');
    expect(await v2.get('user')).toBeUndefined();
    expect(await store.get('v1:user')).toBe('"old shape"');
    expect(await v1.delete('user')).toBe(true);
    expect(await v1.delete('user')).toBe(false);
    expect(await v1.get('user')).toBeUndefined();
  });

  test('the least recently used entry goes first when the store is full', async () => {
    const cache = new Cache({ store: new MemoryCacheStore({ maxEntries: 2 }) });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([1, undefined, 3]);
  });

  test('concurrent misses of one key compute once; a failing computation stores nothing', async () => {
    const cache = new Cache();
    let computed = 0;
    const slow = async () => {
      computed++;
      await sleep(20);
      return computed;
    };
    expect(
      await Promise.all([cache.getOrSet('k', slow), cache.getOrSet('k', slow), cache.getOrSet('k', slow)]),
    ).toEqual([1, 1, 1]);
    expect(computed).toBe(1);
    await expect(cache.getOrSet('broken', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.getOrSet('broken', () => 'recovered')).toBe('recovered');
  });

  test('bad settings are refused when the cache is made', () => {
    expect(() => new Cache({ ttl: 0 })).toThrow('ttl must be a positive number of seconds or null, got 0');
    expect(() => new Cache({ ttl: Number.NaN })).toThrow(RangeError);
    expect(() => new MemoryCacheStore({ maxEntries: 0 })).toThrow('maxEntries must be a positive integer, got 0');
  });

  test('app.dependencyOverrides swaps the cache in tests', async () => {
    const lookups: number[] = [];
    const shared = new Cache();
    const { client, app } = appWith(shared, lookups);
    await shared.set('item:1', { id: 1, name: 'from the shared cache', loadedBy: 0 });
    const fresh = new Cache();
    app.dependencyOverrides.set(shared, () => fresh);
    expect((await client.get('/items/1')).json()).toEqual({ id: 1, name: 'item 1', loadedBy: 1 });
    expect(await fresh.get('item:1')).toEqual({ id: 1, name: 'item 1', loadedBy: 1 });
  });
});

describe('Cache in Redis', () => {
  test('two app instances (two processes, in effect) share entries: the second never computes', async () => {
    const lookupsA: number[] = [];
    const lookupsB: number[] = [];
    const { client: a } = appWith(
      new Cache({ store: new RedisCacheStore(redis.client()), prefix: `${PREFIX}shared:` }),
      lookupsA,
    );
    const { client: b } = appWith(
      new Cache({ store: new RedisCacheStore(redis.client()), prefix: `${PREFIX}shared:` }),
      lookupsB,
    );
    expect((await a.get('/items/3')).json()).toEqual({ id: 3, name: 'item 3', loadedBy: 1 });
    const fromB = await b.get('/items/3');
    expect(fromB.status).toBe(200);
    expect(fromB.json()).toEqual({ id: 3, name: 'item 3', loadedBy: 1 });
    expect(lookupsA).toEqual([3]);
    expect(lookupsB).toEqual([]);
    expect(JSON.parse((await redis.admin.get(`${PREFIX}shared:item:3`))!)).toEqual({
      id: 3,
      name: 'item 3',
      loadedBy: 1,
    });
  });

  test("entries carry Redis' own expiry and vanish after the ttl", async () => {
    const cache = new Cache({ store: new RedisCacheStore(redis.client()), prefix: `${PREFIX}ttl:`, ttl: 0.1 });
    await cache.set('k', 'v');
    const pttl = await redis.admin.pttl(`${PREFIX}ttl:k`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(100);
    await sleep(150);
    expect(await cache.get('k')).toBeUndefined();
    expect(await redis.admin.exists(`${PREFIX}ttl:k`)).toBe(0);
  });

  test('different prefixes on one Redis do not see each other', async () => {
    const store = new RedisCacheStore(redis.client());
    await new Cache({ store, prefix: `${PREFIX}blue:` }).set('k', 'blue');
    expect(await new Cache({ store, prefix: `${PREFIX}green:` }).get('k')).toBeUndefined();
    expect(await new Cache({ store, prefix: `${PREFIX}blue:` }).get('k')).toBe('blue');
  });

  test('with Redis unreachable, routes still answer: getOrSet computes and the failures are reported', async () => {
    const down = new Redis({
      host: '127.0.0.1',
      port: 1,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    const failures: string[] = [];
    const lookups: number[] = [];
    const { client } = appWith(
      new Cache({ store: new RedisCacheStore(down), onError: (_e, operation) => failures.push(operation) }),
      lookups,
    );
    const first = await client.get('/items/5');
    const second = await client.get('/items/5');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json()).toEqual({ id: 5, name: 'item 5', loadedBy: 2 });
    expect(failures).toEqual(['get', 'set', 'get', 'set']);
    down.disconnect();
  });
});
