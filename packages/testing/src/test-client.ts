import { randomBytes, randomUUID } from 'node:crypto';
import { URLSearchParams } from 'node:url';
import {
  onServerError,
  TEST_WEBSOCKET_HEADER,
  waitForWebSocketOutcome,
  WebSocketDisconnect,
  type App,
  type WebSocketOutcome,
} from '@tsapi/core';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { WebSocket as WsClient } from 'ws';
import { TestResponse } from './test-response';
import { TestWebSocket } from './test-websocket';

type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

export interface RequestOptions {
  query?: Record<string, QueryValue | undefined>;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, QueryValue>;
  /** A raw body; give its content type in `headers`. */
  body?: string | Buffer;
  /** Files sent as `multipart/form-data` (with `form`'s fields, if any); an array for several under one name. */
  files?: Record<string, UploadSpec | readonly UploadSpec[]>;
}

export interface UploadSpec {
  filename: string;
  content: string | Buffer;
  contentType?: string;
}

export interface TestClientOptions {
  /** Rethrow an error that became a 500 in the test, as FastAPI's TestClient (default true). */
  raiseServerExceptions?: boolean;
  /** Follow 3xx redirects (default true). */
  followRedirects?: boolean;
  /** Prefix of every path. */
  baseUrl?: string;
}

const MAX_REDIRECTS = 20;

/**
 * Calls an app in-process through `fastify.inject`: no port, no network. The app is readied on
 * first use; `close()` shuts it down.
 *
 * @example
 * const client = new TestClient(app);
 * const res = await client.get('/items/1', { query: { q: 'x' } });
 * expect(res.status).toBe(200);
 * await client.close();
 */
export class TestClient {
  readonly #app: App;
  readonly #raise: boolean;
  readonly #follow: boolean;
  readonly #baseUrl: string;
  /** Errors that became a 500, by the raw request they belong to. */
  readonly #errors = new WeakMap<object, unknown>();
  readonly #stopListening: () => void;

  constructor(app: App, options: TestClientOptions = {}) {
    this.#app = app;
    this.#raise = options.raiseServerExceptions ?? true;
    this.#follow = options.followRedirects ?? true;
    this.#baseUrl = options.baseUrl ?? '';
    this.#stopListening = onServerError(app, (error, request) => this.#errors.set(request.raw, error));
  }

  get(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('PUT', path, options);
  }
  patch(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('PATCH', path, options);
  }
  delete(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('DELETE', path, options);
  }
  options(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('OPTIONS', path, options);
  }
  head(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('HEAD', path, options);
  }

  /** Sends one request; server errors are rethrown unless `raiseServerExceptions` is false. */
  async request(method: InjectOptions['method'], path: string, options: RequestOptions = {}): Promise<TestResponse> {
    await this.#app.ready();
    let response = await this.#send(method, this.#baseUrl + path, options);
    for (let hops = 0; this.#follow && isRedirect(response.statusCode) && hops < MAX_REDIRECTS; hops++) {
      const location = String(response.headers.location);
      const keepsBody = response.statusCode === 307 || response.statusCode === 308;
      const next = keepsBody
        ? { ...options, query: undefined }
        : { headers: options.headers, cookies: options.cookies };
      const nextMethod = keepsBody ? method : 'GET';
      response = await this.#send(nextMethod, location, next);
    }
    return new TestResponse(response);
  }

  async #send(method: InjectOptions['method'], path: string, options: RequestOptions): Promise<LightMyRequestResponse> {
    const response = await this.#app.fastify.inject(toInjectOptions(method, path, options));
    const request = response.raw.req as object;
    if (this.#raise && this.#errors.has(request)) throw this.#errors.get(request);
    return response;
  }

  /**
   * Opens a websocket to the app in-process (through @fastify/websocket's `injectWS`).
   *
   * @example
   * const ws = await client.websocket('/ws/room1', { query: { token } });
   * await ws.sendText('hi');
   * expect(await ws.receiveText()).toBe('Message: hi');
   */
  async websocket(
    path: string,
    options: Pick<RequestOptions, 'query' | 'headers' | 'cookies'> = {},
  ): Promise<TestWebSocket> {
    await this.#app.ready();
    const inject = (
      this.#app.fastify as unknown as {
        injectWS?: (path: string, context: object, options: object) => Promise<WsClient>;
      }
    ).injectWS;
    if (!inject) throw new Error('the app has no websocket route: declare one with @WebSocketRoute');
    const { url, headers: given } = toInjectOptions('GET', this.#baseUrl + path, options);
    // Node lower-cases the names of a real handshake's headers; the in-process one must too.
    const headers = Object.fromEntries(Object.entries(given ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    // The handler's accept() (or its closing first) is what this waits for, as Starlette's TestClient.
    const id = randomUUID();
    const handshake = waitForWebSocketOutcome(id);
    headers[TEST_WEBSOCKET_HEADER] = id;
    let socket: TestWebSocket | undefined;
    // Wrapped when the client is created, so that a message sent on open is not missed.
    await inject.call(
      this.#app.fastify,
      url as string,
      // The address HTTP requests of this client come from too (light-my-request's): with
      // `trustProxy`, Fastify reads the peer's address for `request.ip`, and rate limits key on it.
      { headers, socket: { remoteAddress: '127.0.0.1' } },
      { onInit: (ws: WsClient) => (socket = new TestWebSocket(ws)) },
    );
    const outcome = await Promise.race([
      handshake.outcome,
      socket!.closed.then((info): WebSocketOutcome => ({ accepted: false, ...info })),
    ]);
    handshake.forget();
    if (!outcome.accepted) throw new WebSocketDisconnect(outcome.code, outcome.reason);
    return socket!;
  }

  /** Shuts the app down (lifespan shutdown, pending background work). */
  async close(): Promise<void> {
    this.#stopListening();
    await this.#app.close();
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function toSearchParams(values: Record<string, QueryValue | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params;
}

function quoted(value: string): string {
  return value.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
}

function multipartBody(
  boundary: string,
  fields: Record<string, QueryValue>,
  files: Record<string, UploadSpec | readonly UploadSpec[]>,
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${String(item)}\r\n`,
        ),
      );
    }
  }
  for (const [name, spec] of Object.entries(files)) {
    for (const file of (Array.isArray(spec) ? spec : [spec]) as UploadSpec[]) {
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(file.filename)}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`;
      parts.push(
        Buffer.from(head),
        Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
        Buffer.from('\r\n'),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

function toInjectOptions(method: InjectOptions['method'], path: string, options: RequestOptions): InjectOptions {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | Buffer | undefined;
  if (options.files !== undefined) {
    const boundary = `----tsapi${randomBytes(12).toString('hex')}`;
    headers['content-type'] ??= `multipart/form-data; boundary=${boundary}`;
    payload = multipartBody(boundary, options.form ?? {}, options.files);
  } else if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    payload = toSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    payload = options.body;
  }
  if (options.cookies) {
    headers.cookie = Object.entries(options.cookies)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('; ');
  }
  const query = options.query ? toSearchParams(options.query).toString() : '';
  const url = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
  return { method, url, headers, ...(payload !== undefined ? { payload } : {}) };
}
