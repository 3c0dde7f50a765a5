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
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n]|[^\0-\xff]/;

function checkedName(method: string, name: string): string {
  if (!HEADER_NAME.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function checkedValue(method: string, name: string, value: string): string {
  const text = String(value);
  const padded = text.length > 0 && (isHttpWhitespace(text.charCodeAt(0)) || isHttpWhitespace(text.charCodeAt(text.length - 1)));
  const normalized = padded ? text.replace(EDGE_WHITESPACE, '') : text;
  if (FORBIDDEN_IN_VALUE.test(normalized)) throw new TypeError(`Headers.${method}: "${normalized}" is an invalid header value for "${name}".`);
  return normalized;
}

/** What a middleware's response headers offer beyond `Headers`, for writing them back. */
export interface ResponseHeaders extends Headers {
  /** Lower-cased names set, appended or deleted since the response was captured. */
  readonly changed: ReadonlySet<string>;
  /** The values of each changed name, none for a deleted one. */
  forEachChange(callback: (name: string, values: readonly string[]) => void): void;
}

/**
 * The headers of a response produced by a route, as a middleware sees them: a real WHATWG
 * `Headers` whose values are read from the reply's until something reads the whole list, and
 * which remembers the names a middleware changed, so that only those are written back. Until
 * then the changes live in a plain map: a middleware that adds one header costs one map entry,
 * not a copy of every header nor the `Headers` machinery.
 */
function defineResponseHeaders(HeadersBase: new () => HeaderMethods) {
  return class ResponseHeaders extends HeadersBase {
    /** Lower-cased names set, appended or deleted since the response was captured. */
    readonly changed = new Set<string>();
    #source: HeaderSource | undefined;
    #base: HeaderRecord | undefined;
    /** The values of changed names (empty once deleted), until the list is materialized. */
    #own: Map<string, string[]> | undefined = new Map();

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

    /** The current values of a lower-cased name while the list is not materialized. */
    #values(own: Map<string, string[]>, name: string): readonly string[] {
      const changed = own.get(name);
      if (changed !== undefined) return changed;
      const base = this.#readBase();
      if (base === undefined || !Object.hasOwn(base, name)) return [];
      const value = base[name];
      if (value === undefined) return [];
      return Array.isArray(value) ? value : [String(value)];
    }

    /** Moves every value into the `Headers` storage, before anything reads the whole list. */
    #materialize(): void {
      const own = this.#own;
      if (own === undefined) return;
      this.#own = undefined;
      const base = this.#readBase();
      this.#base = undefined;
      if (base !== undefined) {
        for (const [name, value] of Object.entries(base)) {
          if (value === undefined || own.has(name)) continue;
          for (const item of Array.isArray(value) ? value : [String(value)]) super.append(name, item);
        }
      }
      for (const [name, values] of own) for (const item of values) super.append(name, item);
    }

    /**
     * The values of each changed name, none for a deleted one: what is written back to the reply.
     * Read without the checks of `get`, the names having passed them when they were changed.
     */
    forEachChange(callback: (name: string, values: readonly string[]) => void): void {
      const own = this.#own;
      for (const name of this.changed) {
        if (own !== undefined) callback(name, own.get(name) ?? []);
        else if (name === 'set-cookie') callback(name, super.getSetCookie());
        else {
          const value = super.get(name);
          callback(name, value === null ? [] : [value]);
        }
      }
    }

    override get(name: string): string | null {
      const own = this.#own;
      if (own === undefined) return super.get(name);
      const values = this.#values(own, checkedName('get', name));
      return values.length === 0 ? null : values.join(', ');
    }

    override has(name: string): boolean {
      const own = this.#own;
      if (own === undefined) return super.has(name);
      return this.#values(own, checkedName('has', name)).length > 0;
    }

    override set(name: string, value: string): void {
      const lower = checkedName('set', name);
      const normalized = checkedValue('set', name, value);
      this.changed.add(lower);
      const own = this.#own;
      if (own === undefined) super.set(name, normalized);
      else own.set(lower, [normalized]);
    }

    override append(name: string, value: string): void {
      const lower = checkedName('append', name);
      const normalized = checkedValue('append', name, value);
      this.changed.add(lower);
      const own = this.#own;
      if (own === undefined) super.append(name, normalized);
      else own.set(lower, [...this.#values(own, lower), normalized]);
    }

    override delete(name: string): void {
      const lower = checkedName('delete', name);
      this.changed.add(lower);
      const own = this.#own;
      if (own === undefined) super.delete(name);
      else own.set(lower, []);
    }

    override getSetCookie(): string[] {
      const own = this.#own;
      if (own === undefined) return super.getSetCookie();
      return [...this.#values(own, 'set-cookie')];
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
  };
}

let ResponseHeadersClass: ReturnType<typeof defineResponseHeaders> | undefined;

/**
 * The headers of a route's response as a middleware sees them. The class is defined on first
 * use: touching the global `Headers` makes Node load its fetch implementation (undici), some
 * 30 ms and 10 MiB that an app without middleware never needs.
 */
export function captureHeaders(source: HeaderSource): ResponseHeaders {
  ResponseHeadersClass ??= defineResponseHeaders(Headers as unknown as new () => HeaderMethods);
  return new ResponseHeadersClass(source) as unknown as ResponseHeaders;
}
