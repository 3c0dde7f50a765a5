/**
 * Where a `Cache` keeps its entries: strings under full keys (prefix included), each with an
 * optional time to live in milliseconds. `MemoryCacheStore` is the embedded default;
 * `RedisCacheStore` shares entries between processes and machines.
 */
export interface CacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number | undefined): Promise<void>;
  delete(key: string): Promise<boolean>;
}
