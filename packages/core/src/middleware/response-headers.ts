import { inspect } from 'node:util';

type HeaderRecord = Record<string, string | number | string[] | undefined>;

/** Where the route's own headers are read from, once a middleware reads one. */
export interface HeaderSource {
  getHeaders(): HeaderRecord;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n]|[^\0-\xff]/;

/** Names already checked, lower-cased: a middleware sets the same few names on every response. */
const checkedNames = new Map<string, string>();
const CHECKED_NAMES_KEPT = 256;

function checkedName(method: string, name: string): string {
  const known = checkedNames.get(name);
  if (known !== undefined) return known;
  if (!HEADER_NAME.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
  const lower = name.toLowerCase();
  if (checkedNames.size < CHECKED_NAMES_KEPT) checkedNames.set(name, lower);
  return lower;
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

const NONE: readonly string[] = [];

/**
 * The headers of a response produced by a route, as a middleware sees them: a WHATWG `Headers`
 * (by prototype, so `instanceof Headers` holds) over the reply's own headers, read only when a
 * middleware reads one, and the changes it makes, kept apart so that only those are written
 * back. It keeps its own list rather than Node's: a middleware that adds one header costs one
 * map entry, not the construction and checks of a fetch `Headers`.
 */
class ResponseHeadersList {
  #source: HeaderSource | undefined;
  #base: HeaderRecord | undefined;
  /** Lower-cased names changed since the response was captured, with their values (none once deleted). */
  readonly #changes = new Map<string, readonly string[]>();

  constructor(source: HeaderSource) {
    this.#source = source;
  }

  #readBase(): HeaderRecord | undefined {
    if (this.#source !== undefined) {
      this.#base = this.#source.getHeaders();
      this.#source = undefined;
    }
    return this.#base;
  }

  #values(name: string): readonly string[] {
    const changed = this.#changes.get(name);
    if (changed !== undefined) return changed;
    const value = this.#readBase()?.[name];
    if (value === undefined) return NONE;
    return Array.isArray(value) ? value : [String(value)];
  }

  /** Every name with its values, names sorted as `Headers` iterates them. */
  #all(): [string, readonly string[]][] {
    const names = new Set(this.#changes.keys());
    for (const [name, value] of Object.entries(this.#readBase() ?? {})) if (value !== undefined) names.add(name);
    return [...names]
      .sort()
      .map((name): [string, readonly string[]] => [name, this.#values(name)])
      .filter(([, values]) => values.length > 0);
  }

  *#entries(): IterableIterator<[string, string]> {
    for (const [name, values] of this.#all()) {
      // As in `Headers`, each cookie is its own entry; other values are joined.
      if (name === 'set-cookie') for (const cookie of values) yield [name, cookie];
      else yield [name, values.join(', ')];
    }
  }

  /** Each changed name with its values, none for a deleted one: what is written back to the reply. */
  changes(): IterableIterator<[string, readonly string[]]> {
    return this.#changes.entries();
  }

  get(name: string): string | null {
    const values = this.#values(checkedName('get', name));
    return values.length === 0 ? null : values.join(', ');
  }

  has(name: string): boolean {
    return this.#values(checkedName('has', name)).length > 0;
  }

  set(name: string, value: string): void {
    const lower = checkedName('set', name);
    this.#changes.set(lower, [checkedValue('set', name, value)]);
  }

  append(name: string, value: string): void {
    const lower = checkedName('append', name);
    const normalized = checkedValue('append', name, value);
    this.#changes.set(lower, [...this.#values(lower), normalized]);
  }

  delete(name: string): void {
    this.#changes.set(checkedName('delete', name), NONE);
  }

  getSetCookie(): string[] {
    return [...this.#values('set-cookie')];
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#entries()) callback.call(thisArg, value, name, this as unknown as Headers);
  }

  entries(): IterableIterator<[string, string]> {
    return this.#entries();
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.#entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.#entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#entries();
  }

  [inspect.custom](): string {
    return `Headers ${inspect(Object.fromEntries(this.#entries()))}`;
  }
}

/** What a middleware's response headers offer beyond `Headers`, for writing them back. */
export interface ResponseHeaders extends Headers {
  changes(): IterableIterator<[string, readonly string[]]>;
}

let linkedToHeaders = false;

/**
 * The headers of a route's response as a middleware sees them. The class joins `Headers`'s
 * prototype chain on first use: touching the global `Headers` makes Node load its fetch
 * implementation (undici), some 30 ms and 10 MiB that an app without middleware never needs.
 */
export function captureHeaders(source: HeaderSource): ResponseHeaders {
  if (!linkedToHeaders) {
    Object.setPrototypeOf(ResponseHeadersList.prototype, Headers.prototype);
    Object.defineProperty(ResponseHeadersList.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });
    linkedToHeaders = true;
  }
  return new ResponseHeadersList(source) as unknown as ResponseHeaders;
}
