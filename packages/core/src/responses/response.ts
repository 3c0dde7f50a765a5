/** Headers as a plain object, pairs, or a `Headers` instance. */
export type HeaderValues = Record<string, string> | [string, string][] | Headers;

/**
 * Whether the headers given are a `Headers` rather than a record or pairs. Told by shape, not
 * `instanceof`: reading the global `Headers` makes Node load its fetch implementation (undici),
 * which an app that never builds a `Headers` should not pay for at start-up.
 */
function isHeaders(values: HeaderValues): values is Headers {
  return !Array.isArray(values) && typeof (values as Headers).getSetCookie === 'function' && typeof (values as Headers).forEach === 'function';
}

/**
 * A response sent as it is: status, headers, body and media type. Handlers may return one, and
 * middleware receives one from `callNext`.
 *
 * @example
 * return new Response('<xml/>', 200, { 'x-kind': 'feed' }, 'application/xml');
 */
export class Response {
  statusCode: number;
  body: unknown;
  mediaType: string | undefined;
  #headers: Headers | undefined;
  #headerValues: HeaderValues | undefined;

  constructor(body: unknown = null, statusCode = 200, headers: HeaderValues = {}, mediaType?: string) {
    this.statusCode = statusCode;
    if (isHeaders(headers)) this.#headers = headers;
    else this.#headerValues = headers;
    this.mediaType = mediaType ?? (this.constructor as typeof Response).defaultMediaType;
    this.body = this.render(body);
  }

  /**
   * The headers, as a WHATWG `Headers`. Built on first use: a response that passes through
   * middleware untouched never pays for it.
   */
  get headers(): Headers {
    if (this.#headers === undefined) {
      this.#headers = new Headers(this.#headerValues);
      this.#headerValues = undefined;
    }
    return this.#headers;
  }


  /** The media type a subclass sends when none is given. */
  static defaultMediaType: string | undefined = undefined;

  /** Turns the content into what goes on the wire; subclasses override it. */
  protected render(content: unknown): unknown {
    return content;
  }
}

/**
 * JSON content, serialized with `JSON.stringify`.
 *
 * @example
 * return new JSONResponse({ message: 'created' }, 201, { 'x-id': '7' });
 */
export class JSONResponse extends Response {
  static override defaultMediaType = 'application/json';

  protected override render(content: unknown): unknown {
    return JSON.stringify(content === undefined ? null : content);
  }
}

/**
 * An HTML page.
 *
 * @example
 * return new HTMLResponse('<h1>Hello</h1>');
 */
export class HTMLResponse extends Response {
  static override defaultMediaType = 'text/html; charset=utf-8';
}

/**
 * Plain text.
 *
 * @example
 * return new PlainTextResponse('pong');
 */
export class PlainTextResponse extends Response {
  static override defaultMediaType = 'text/plain; charset=utf-8';
}

/**
 * A redirect, 307 by default as FastAPI's.
 *
 * @example
 * return new RedirectResponse('/items/1');
 */
export class RedirectResponse extends Response {
  /** The status of a route whose `responseClass` this is, when the route gives none. */
  static defaultStatusCode = 307;

  constructor(url: string, statusCode = 307, headers: HeaderValues = {}) {
    super(null, statusCode, headers);
    this.headers.set('location', encodeURI(decodeURISafe(url)));
  }
}

function decodeURISafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
