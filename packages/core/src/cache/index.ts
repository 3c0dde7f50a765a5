export { Cache, type CacheOptions, type CacheSetOptions } from './cache';
export type { CacheStore } from './cache-store';
export { MemoryCacheStore, type MemoryCacheStoreOptions } from './memory-store';
export { RedisCacheStore, type RedisCacheClient } from './redis-store';
