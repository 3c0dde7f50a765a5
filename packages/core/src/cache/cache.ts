import { DEPENDENCY_CALL, type DependencyObject } from '../di/dependency-like';
import type { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-store';

export interface CacheOptions {
  /** Default: a `MemoryCacheStore` private to this process. */
  readonly store?: CacheStore;
  /** Put before every key, so that apps (or versions of one) sharing a Redis keep apart. Default `''`. */
  readonly prefix?: string;
  /** Seconds an entry lives unless `set`/`getOrSet` say otherwise; `null` for no expiry. Default 60. */
  readonly ttl?: number | null;
  /**
   * Told when the store fails. `getOrSet` then computes the value as if the entry were missing,
   * so a cache outage slows requests down instead of failing them. Default: a process warning.
   */
  readonly onError?: (error: unknown, operation: 'get' | 'set' | 'delete') => void;
}

export interface CacheSetOptions {
  /** Seconds this entry lives; `null` for no expiry. */
  readonly ttl?: number | null;
}

function toMilliseconds(ttl: number | null): number | undefined {
  if (ttl === null) return undefined;
  if (!Number.isFinite(ttl) || ttl <= 0)
    throw new RangeError(`ttl must be a positive number of seconds or null, got ${ttl}`);
  return ttl * 1000;
}

function warn(error: unknown, operation: string): void {
  process.emitWarning(
    `cache ${operation} failed: ${error instanceof Error ? error.message : String(error)}`,
    'TsapiCacheWarning',
  );
}

/**
 * A data cache of JSON values, usable anywhere and as a dependency: `@Depends(cache) cache: Cache`
 * gives the handler this object, and `app.dependencyOverrides.set(cache, …)` swaps it in tests.
 * Values go through JSON in every store, so the memory and Redis stores give back the same shapes.
 *
 * @example
 * const cache = new Cache({ store: new RedisCacheStore(new Redis()), prefix: 'shop:', ttl: 30 });
 * const item = await cache.getOrSet(`item:${id}`, () => repository.find(id));
 */
export class Cache implements DependencyObject {
  readonly store: CacheStore;
  readonly prefix: string;
  readonly #ttlMs: number | undefined;
  readonly #onError: NonNullable<CacheOptions['onError']>;
  /** Computations in flight, so that concurrent misses of one key in this process compute once. */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  readonly [DEPENDENCY_CALL] = (): Cache => this;

  constructor(options: CacheOptions = {}) {
    this.store = options.store ?? new MemoryCacheStore();
    this.prefix = options.prefix ?? '';
    this.#ttlMs = toMilliseconds(options.ttl === undefined ? 60 : options.ttl);
    this.#onError = options.onError ?? warn;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const raw = await this.store.get(this.prefix + key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  /** Stores `value` (which must survive JSON; `undefined` is refused, since `get` uses it for a miss). */
  async set<T>(key: string, value: T, options: CacheSetOptions = {}): Promise<void> {
    const raw = JSON.stringify(value);
    if (raw === undefined) throw new TypeError(`cache value for "${key}" cannot be stored as JSON`);
    await this.store.set(this.prefix + key, raw, this.#ttlFor(options));
  }

  async delete(key: string): Promise<boolean> {
    return this.store.delete(this.prefix + key);
  }

  /** The cached value, or `compute()`'s, which is then stored. A failing `compute` stores nothing. */
  getOrSet<T>(key: string, compute: () => T | Promise<T>, options: CacheSetOptions = {}): Promise<T> {
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const work = this.#readThrough(key, compute, options).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, work);
    return work;
  }

  async #readThrough<T>(key: string, compute: () => T | Promise<T>, options: CacheSetOptions): Promise<T> {
    try {
      const cached = await this.get<T>(key);
      if (cached !== undefined) return cached;
    } catch (error) {
      this.#onError(error, 'get');
    }
    const value = await compute();
    try {
      await this.set(key, value, options);
    } catch (error) {
      this.#onError(error, 'set');
    }
    return value;
  }

  #ttlFor(options: CacheSetOptions): number | undefined {
    return options.ttl === undefined ? this.#ttlMs : toMilliseconds(options.ttl);
  }
}
