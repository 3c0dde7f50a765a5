import type { CacheStore } from './cache-store';

interface Entry {
  readonly value: string;
  /** `Date.now()` after which the entry is gone; `Infinity` for no expiry. */
  readonly expiresAt: number;
}

export interface MemoryCacheStoreOptions {
  /** Entries kept at most; the least recently used go first. Default 10,000. */
  readonly maxEntries?: number;
}

/** An in-process store: fast, and private to one process (each worker has its own). */
export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  constructor(options: MemoryCacheStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    // Re-inserted so that the Map's order is the order of last use.
    this.#entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number | undefined): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : Date.now() + ttlMs });
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }
}
