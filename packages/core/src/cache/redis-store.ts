import type { CacheStore } from './cache-store';

/** The part of an ioredis (or compatible) client the store uses; tsapi does not depend on ioredis. */
export interface RedisCacheClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, expiry: 'PX', milliseconds: number): Promise<unknown>;
  del(key: string): Promise<number>;
}

/**
 * Entries in Redis, shared by every process and machine that uses the same server and prefix.
 * Expiry is Redis' own (`SET … PX`), so no process has to sweep.
 */
export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: RedisCacheClient) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number | undefined): Promise<void> {
    if (ttlMs === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }
}
