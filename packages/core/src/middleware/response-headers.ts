type HeaderRecord = Record<string, string | number | string[] | undefined>;
/** The reply's headers, read only when a middleware reads one: most only add headers. */
type HeaderSource = () => HeaderRecord;

/** `Headers` as a class with methods: Node's typings declare its members as properties, which subclasses cannot call through `super`. */
interface HeaderMethods {
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  delete(name: string): void;
  getSetCookie(): string[];
  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
const HeadersBase = Headers as unknown as new () => HeaderMethods;

/**
 * The headers of a response produced by a route, as a middleware sees them: a real WHATWG
 * `Headers` whose values are read from the reply's until the first change, and which remembers
 * the names a middleware changed, so that only those are written back. A middleware that adds
 * one header costs one `set`, not a copy of every header.
 */
export class ResponseHeaders extends HeadersBase {
  /** Lower-cased names set, appended or deleted since the response was captured. */
  readonly changed = new Set<string>();
  #source: HeaderSource | undefined;
  #base: HeaderRecord | undefined;

  constructor(source: HeaderSource) {
    super();
    this.#source = source;
  }

  #readBase(): HeaderRecord | undefined {
    if (this.#source !== undefined) {
      this.#base = this.#source();
      this.#source = undefined;
    }
    return this.#base;
  }

  #baseValue(name: string): string[] | undefined {
    if (this.changed.has(name)) return undefined;
    const base = this.#readBase();
    if (base === undefined || !Object.hasOwn(base, name)) return undefined;
    const value = base[name];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value : [String(value)];
  }

  /** Copies the reply's values not yet replaced, before anything reads the whole list. */
  #materialize(): void {
    const base = this.#readBase();
    if (base === undefined) return;
    this.#base = undefined;
    for (const [name, value] of Object.entries(base)) {
      if (value === undefined || this.changed.has(name)) continue;
      for (const item of Array.isArray(value) ? value : [String(value)]) super.append(name, item);
    }
  }

  override get(name: string): string | null {
    const base = this.#baseValue(name.toLowerCase());
    return base === undefined ? super.get(name) : base.join(', ');
  }

  override has(name: string): boolean {
    return this.#baseValue(name.toLowerCase()) !== undefined || super.has(name);
  }

  override set(name: string, value: string): void {
    this.changed.add(name.toLowerCase());
    super.set(name, value);
  }

  override append(name: string, value: string): void {
    const lower = name.toLowerCase();
    const base = this.#baseValue(lower);
    this.changed.add(lower);
    if (base !== undefined) for (const item of base) super.append(name, item);
    super.append(name, value);
  }

  override delete(name: string): void {
    this.changed.add(name.toLowerCase());
    super.delete(name);
  }

  override getSetCookie(): string[] {
    this.#materialize();
    return super.getSetCookie();
  }

  override forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#materialize();
    super.forEach(callback, thisArg);
  }

  override entries(): IterableIterator<[string, string]> {
    this.#materialize();
    return super.entries();
  }

  override keys(): IterableIterator<string> {
    this.#materialize();
    return super.keys();
  }

  override values(): IterableIterator<string> {
    this.#materialize();
    return super.values();
  }

  override [Symbol.iterator](): IterableIterator<[string, string]> {
    this.#materialize();
    return super[Symbol.iterator]();
  }
}
