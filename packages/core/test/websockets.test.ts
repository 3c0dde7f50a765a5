import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import WsClient from 'ws';
import {
  App,
  type AppOptions,
  BackgroundTasks,
  Controller,
  Cookie,
  Depends,
  Get,
  Header,
  HTTPException,
  Path,
  Query,
  Req,
  type Request,
  Router,
  WebSocket,
  WebSocketDisconnect,
  WebSocketException,
  WebSocketRoute,
  dependency,
  status,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const MISSING_Q = [{ type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null }];

interface LogEntry {
  level: number;
  msg: string;
  err?: { message: string };
}

const clients: TestClient[] = [];
const served: App[] = [];
const sockets: WsClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...served.splice(0).map((a) => a.close())]);
});

/** An app whose error log is captured, so tests can see what the server logged. */
function build(
  controllers: NonNullable<AppOptions['controllers']>,
  options: Omit<AppOptions, 'controllers' | 'fastify'> = {},
): { app: App; logged: () => LogEntry[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = new App({ ...options, controllers, fastify: { logger: { level: 'error', stream } } });
  return { app, logged: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  served.push(app);
  return (app.fastify.server.address() as AddressInfo).port;
}

interface Connection {
  socket: WsClient;
  /** The next message from the server; messages are queued from the start, so none is missed. */
  next: () => Promise<string>;
}

function connect(port: number, path: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(`ws://127.0.0.1:${port}${path}`);
    sockets.push(socket);
    const queue: string[] = [];
    const waiting: ((message: string) => void)[] = [];
    socket.on('message', (data) => {
      const waiter = waiting.shift();
      if (waiter) waiter(String(data));
      else queue.push(String(data));
    });
    const next = (): Promise<string> => {
      const queued = queue.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((res) => waiting.push(res));
    };
    socket.once('open', () => resolve({ socket, next }));
    socket.once('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a refused handshake tells the client: `websocket()` rejects with WebSocketDisconnect, as Starlette's TestClient. */
async function refusal(connecting: Promise<unknown>): Promise<{ code: number; reason: string }> {
  const error = await connecting.then(
    () => {
      throw new Error('the connection was accepted');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebSocketDisconnect);
  const { code, reason } = error as WebSocketDisconnect;
  return { code, reason };
}

/** Polls until `check` holds; cleanups and background tasks run after the socket closed, so tests wait for them. */
async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return;
    await sleep(5);
  }
}

function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe("FastAPI's websocket tutorials", () => {
  test('the echo endpoint answers every message with "Message text was: …"', async () => {
    @Controller()
    class EchoController {
      @WebSocketRoute('/ws')
      async websocketEndpoint(ws: WebSocket) {
        await ws.accept();
        for (;;) {
          const data = await ws.receiveText();
          await ws.sendText(`Message text was: ${data}`);
        }
      }
    }
    const { app, logged } = build([EchoController]);
    const ws = await clientFor(app).websocket('/ws');
    await ws.sendText('Hello WebSocket');
    expect(await ws.receiveText()).toBe('Message text was: Hello WebSocket');
    await ws.sendText('again');
    expect(await ws.receiveText()).toBe('Message text was: again');
    expect(await ws.close()).toEqual({ code: 1000, reason: '' });
    // The WebSocketDisconnect that ends the endless loop is the normal way out, not an error.
    await sleep(20);
    expect(logged()).toEqual([]);
  });

  describe('path, query and cookie parameters with a dependency (tutorial002)', () => {
    const getCookieOrToken = dependency(
      [Cookie('session', { type: 'string', required: false }), Query('token', { type: 'string', required: false })],
      (session: string | undefined, token: string | undefined) => {
        if (session === undefined && token === undefined) throw new WebSocketException(1008);
        return session ?? token;
      },
    );

    @Controller()
    class ItemsController {
      @WebSocketRoute('/items/{item_id}/ws')
      async websocketEndpoint(
        ws: WebSocket,
        @Path('item_id') itemId: string,
        @Depends(getCookieOrToken) cookieOrToken: string,
        @Query('q', { type: 'integer', required: false }) q: number | undefined,
      ) {
        await ws.accept();
        for (;;) {
          const data = await ws.receiveText();
          await ws.sendText(`Session cookie or query token value is: ${cookieOrToken}`);
          if (q !== undefined) await ws.sendText(`Query parameter q is: ${q}`);
          await ws.sendText(`Message text was: ${data}, for item ID: ${itemId}`);
        }
      }
    }

    test('with a session cookie', async () => {
      const ws = await clientFor(build([ItemsController]).app).websocket('/items/foo/ws', {
        cookies: { session: 'fakesession' },
      });
      await ws.sendText('Message one');
      expect(await ws.receiveText()).toBe('Session cookie or query token value is: fakesession');
      expect(await ws.receiveText()).toBe('Message text was: Message one, for item ID: foo');
    });

    test('with a query token and q', async () => {
      const ws = await clientFor(build([ItemsController]).app).websocket('/items/bar/ws', {
        query: { token: 'some-token', q: 3 },
      });
      await ws.sendText('Message one');
      expect(await ws.receiveText()).toBe('Session cookie or query token value is: some-token');
      expect(await ws.receiveText()).toBe('Query parameter q is: 3');
      expect(await ws.receiveText()).toBe('Message text was: Message one, for item ID: bar');
      await ws.sendText('Message two');
      expect(await ws.receiveText()).toBe('Session cookie or query token value is: some-token');
      expect(await ws.receiveText()).toBe('Query parameter q is: 3');
      expect(await ws.receiveText()).toBe('Message text was: Message two, for item ID: bar');
    });

    test('without credentials the dependency closes with 1008', async () => {
      expect(await refusal(clientFor(build([ItemsController]).app).websocket('/items/foo/ws'))).toEqual({
        code: 1008,
        reason: '',
      });
    });

    test('an invalid q closes with 1008 and the errors JSON, cut to the 123 bytes a close reason holds', async () => {
      const connecting = clientFor(build([ItemsController]).app).websocket('/items/foo/ws', {
        query: { q: 'bar', token: 'some-token' },
      });
      const errors = [
        {
          type: 'int_parsing',
          loc: ['query', 'q'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'bar',
        },
      ];
      expect(await refusal(connecting)).toEqual({ code: 1008, reason: JSON.stringify(errors).slice(0, 123) });
    });
  });

  test('several clients share a connection manager that broadcasts (tutorial003)', async () => {
    const active = new Set<WebSocket>();
    const broadcast = async (message: string): Promise<void> => {
      for (const connection of active) await connection.sendText(message);
    };
    @Controller()
    class ChatController {
      @WebSocketRoute('/ws/{client_id}')
      async websocketEndpoint(ws: WebSocket, @Path('client_id', { type: 'integer' }) clientId: number) {
        await ws.accept();
        active.add(ws);
        try {
          for (;;) {
            const data = await ws.receiveText();
            await ws.sendText(`You wrote: ${data}`);
            await broadcast(`Client #${clientId} says: ${data}`);
          }
        } catch (error) {
          if (!(error instanceof WebSocketDisconnect)) throw error;
          active.delete(ws);
          await broadcast(`Client #${clientId} left the chat`);
        }
      }
    }
    const client = clientFor(build([ChatController]).app);
    const one = await client.websocket('/ws/1');
    const two = await client.websocket('/ws/2');
    await waitFor(() => active.size === 2);
    await one.sendText('hello');
    expect(await one.receiveText()).toBe('You wrote: hello');
    expect(await one.receiveText()).toBe('Client #1 says: hello');
    expect(await two.receiveText()).toBe('Client #1 says: hello');
    await one.close();
    expect(await two.receiveText()).toBe('Client #1 left the chat');
  });
});

describe('messages', () => {
  test('JSON travels both ways: the handler receives a parsed value and its sendJson reaches receiveJson', async () => {
    @Controller()
    class JsonController {
      @WebSocketRoute('/json')
      async handle(ws: WebSocket) {
        await ws.accept();
        const first = await ws.receiveJson<{ items: number[] }>();
        await ws.sendJson({ count: first.items.length, sum: first.items.reduce((a, b) => a + b, 0) });
        for await (const message of ws.iterJson<{ name: string }>()) await ws.sendJson({ hello: message.name });
      }
    }
    const ws = await clientFor(build([JsonController]).app).websocket('/json');
    await ws.sendJson({ items: [1, 2, 3.5] });
    expect(await ws.receiveJson()).toEqual({ count: 3, sum: 6.5 });
    await ws.sendJson({ name: 'Zoë' });
    expect(await ws.receiveJson()).toEqual({ hello: 'Zoë' });
    await ws.sendJson({ name: 'Ann' });
    expect(await ws.receiveText()).toBe('{"hello":"Ann"}');
  });

  test('bytes arrive unchanged in both directions', async () => {
    @Controller()
    class BytesController {
      @WebSocketRoute('/bytes')
      async handle(ws: WebSocket) {
        await ws.accept();
        const bytes = await ws.receiveBytes();
        await ws.sendBytes(Buffer.from(bytes).reverse());
        await ws.sendText(`length ${bytes.length}`);
      }
    }
    const ws = await clientFor(build([BytesController]).app).websocket('/bytes');
    await ws.sendBytes(new Uint8Array([0, 1, 2, 0xfe, 0xff]));
    expect(await ws.receiveBytes()).toEqual(Buffer.from([0xff, 0xfe, 2, 1, 0]));
    expect(await ws.receiveText()).toBe('length 5');
    expect(await ws.closed).toEqual({ code: 1000, reason: '' });
  });

  test('messages sent right after connecting, while dependencies still resolve, are not lost', async () => {
    const slow = async (): Promise<string> => {
      await sleep(50);
      return 'ready';
    };
    @Controller()
    class EarlyController {
      @WebSocketRoute('/early')
      async handle(ws: WebSocket, @Depends(slow) state: string) {
        await ws.accept();
        const received = [await ws.receiveText(), await ws.receiveText(), await ws.receiveText()];
        await ws.sendJson({ state, received });
      }
    }
    const ws = await clientFor(build([EarlyController]).app).websocket('/early');
    await Promise.all([ws.sendText('one'), ws.sendText('two'), ws.sendText('three')]);
    expect(await ws.receiveJson()).toEqual({ state: 'ready', received: ['one', 'two', 'three'] });
  });
});

describe('parameters', () => {
  test('path, query, header and cookie values reach the handler, coerced to their types', async () => {
    @Controller()
    class ParamsController {
      @WebSocketRoute('/rooms/{room}/ws')
      async handle(
        ws: WebSocket,
        @Path('room') room: string,
        @Query('limit', { type: 'integer' }) limit: number,
        @Query('verbose', { type: 'boolean', default: false }) verbose: boolean,
        @Header('x_client', { type: 'string' }) xClient: string,
        @Cookie('session', { type: 'string' }) session: string,
      ) {
        await ws.accept();
        await ws.sendJson({ room, limit, verbose, xClient, session });
      }
    }
    const ws = await clientFor(build([ParamsController]).app).websocket('/rooms/lobby/ws', {
      query: { limit: '10', verbose: 'yes' },
      headers: { 'x-client': 'tests' },
      cookies: { session: 'abc' },
    });
    expect(await ws.receiveJson()).toEqual({
      room: 'lobby',
      limit: 10,
      verbose: true,
      xClient: 'tests',
      session: 'abc',
    });
  });

  test('header names are case-insensitive in a websocket handshake, as in an HTTP request', async () => {
    @Controller()
    class HeaderController {
      @Get('/agent')
      http(@Header('x_client', { type: 'string' }) xClient: string) {
        return { xClient };
      }

      @WebSocketRoute('/agent/ws')
      async ws(ws: WebSocket, @Header('x_client', { type: 'string' }) xClient: string) {
        await ws.accept();
        await ws.sendJson({ xClient });
      }
    }
    const client = clientFor(build([HeaderController]).app);
    const res = await client.get('/agent', { headers: { 'X-Client': 'tests' } });
    expect([res.status, res.json()]).toEqual([200, { xClient: 'tests' }]);
    const ws = await client.websocket('/agent/ws', { headers: { 'X-Client': 'tests' } });
    expect(await ws.closed).toEqual({ code: 1000, reason: '' });
    expect(await ws.receiveJson()).toEqual({ xClient: 'tests' });
  });

  test("a missing required query parameter closes with 1008; the reason is FastAPI's error list", async () => {
    let called = false;
    @Controller()
    class RequiredController {
      @WebSocketRoute('/search')
      async handle(ws: WebSocket, @Query('q', { type: 'string' }) q: string) {
        called = true;
        await ws.accept();
        await ws.sendText(q);
      }
    }
    const closed = await refusal(clientFor(build([RequiredController]).app).websocket('/search'));
    expect(closed.code).toBe(1008);
    expect(JSON.parse(closed.reason)).toEqual(MISSING_Q);
    expect(called).toBe(false);
  });

  test('a security-style dependency on an optional query token gates the route', async () => {
    const requireToken = dependency([Query('token', { type: 'string', required: false })], (t: string | undefined) => {
      if (!t) throw new WebSocketException(status.WS_1008_POLICY_VIOLATION, 'Missing token');
      return t;
    });
    const handled: string[] = [];
    @Controller()
    class GatedController {
      @WebSocketRoute('/gated')
      async handle(ws: WebSocket, @Depends(requireToken) token: string) {
        handled.push(token);
        await ws.accept();
        await ws.sendText(`token ${token}`);
      }
    }
    const client = clientFor(build([GatedController]).app);
    expect(await refusal(client.websocket('/gated'))).toEqual({ code: 1008, reason: 'Missing token' });
    expect(await refusal(client.websocket('/gated', { query: { token: '' } }))).toEqual({
      code: 1008,
      reason: 'Missing token',
    });
    const allowed = await client.websocket('/gated', { query: { token: 's3cret' } });
    expect(await allowed.receiveText()).toBe('token s3cret');
    expect(await allowed.closed).toEqual({ code: 1000, reason: '' });
    expect(handled).toEqual(['s3cret']);
  });
});

describe('errors and close codes', () => {
  test('an HTTPException(403) from a dependency closes with 1008 before the handler runs', async () => {
    let called = false;
    const forbid = (): never => {
      throw new HTTPException(403, 'Not allowed');
    };
    @Controller()
    class ForbiddenController {
      @WebSocketRoute('/forbidden', { dependencies: [Depends(forbid)] })
      async handle(ws: WebSocket) {
        called = true;
        await ws.accept();
      }
    }
    expect((await refusal(clientFor(build([ForbiddenController]).app).websocket('/forbidden'))).code).toBe(1008);
    expect(called).toBe(false);
  });

  test('a WebSocketException(4001) thrown by the handler closes with 4001 and its reason', async () => {
    @Controller()
    class HandlerExceptionController {
      @WebSocketRoute('/ws')
      async handle(ws: WebSocket) {
        await ws.accept();
        const token = await ws.receiveText();
        if (token !== 'good') throw new WebSocketException(4001, 'bad token');
        await ws.sendText('welcome');
      }
    }
    const { app, logged } = build([HandlerExceptionController]);
    const client = clientFor(app);
    const good = await client.websocket('/ws');
    await good.sendText('good');
    expect(await good.receiveText()).toBe('welcome');
    const bad = await client.websocket('/ws');
    await bad.sendText('forged');
    expect(await bad.closed).toEqual({ code: 4001, reason: 'bad token' });
    expect(logged()).toEqual([]);
  });

  test('a WebSocketException(4001) thrown by a dependency closes with 4001 and its reason', async () => {
    let called = false;
    const checkToken = dependency(
      [Header('authorization', { type: 'string', required: false })],
      (auth: string | undefined) => {
        if (auth !== 'Bearer good') throw new WebSocketException(4001, 'bad token');
        return auth;
      },
    );
    @Controller()
    class DependencyExceptionController {
      @WebSocketRoute('/ws')
      async handle(ws: WebSocket, @Depends(checkToken) auth: string) {
        called = true;
        await ws.accept();
        await ws.sendText(auth);
      }
    }
    const client = clientFor(build([DependencyExceptionController]).app);
    expect(await refusal(client.websocket('/ws', { headers: { authorization: 'Bearer bad' } }))).toEqual({
      code: 4001,
      reason: 'bad token',
    });
    expect(called).toBe(false);
    const good = await client.websocket('/ws', { headers: { authorization: 'Bearer good' } });
    expect(await good.receiveText()).toBe('Bearer good');
  });

  test('an unexpected error closes with 1011, is logged, and the app keeps serving', async () => {
    @Controller()
    class FlakyController {
      @WebSocketRoute('/flaky')
      async handle(ws: WebSocket) {
        await ws.accept();
        const text = await ws.receiveText();
        if (text === 'boom') throw new Error('kaboom');
        await ws.sendText(`ok ${text}`);
      }
    }
    const { app, logged } = build([FlakyController]);
    const client = clientFor(app);
    const broken = await client.websocket('/flaky');
    await broken.sendText('boom');
    expect(await broken.closed).toEqual({ code: 1011, reason: '' });
    expect(logged().map((entry) => entry.err?.message)).toEqual(['kaboom']);
    const next = await client.websocket('/flaky');
    await next.sendText('fine');
    expect(await next.receiveText()).toBe('ok fine');
    expect(await next.closed).toEqual({ code: 1000, reason: '' });
  });

  test('with websocketMaxPayload: 1024 a 1 KiB message passes and a 2 KiB message closes with 1009', async () => {
    const received: number[] = [];
    @Controller()
    class PayloadController {
      @WebSocketRoute('/upload')
      async handle(ws: WebSocket) {
        await ws.accept();
        for await (const text of ws.iterText()) {
          received.push(text.length);
          await ws.sendText(`got ${text.length}`);
        }
      }
    }
    const ws = await clientFor(build([PayloadController], { websocketMaxPayload: 1024 }).app).websocket('/upload');
    await ws.sendText('a'.repeat(1024));
    expect(await ws.receiveText()).toBe('got 1024');
    await ws.sendText('b'.repeat(2048));
    expect((await ws.closed).code).toBe(1009);
    expect(received).toEqual([1024]);
  });
});

describe('disconnects', () => {
  test('a client that closes while the handler awaits receiveText() raises WebSocketDisconnect with 1000', async () => {
    const log: string[] = [];
    @Controller()
    class WaitingController {
      @WebSocketRoute('/wait')
      async handle(ws: WebSocket) {
        await ws.accept();
        await ws.sendText('waiting');
        try {
          await ws.receiveText();
          log.push('received');
        } catch (error) {
          log.push(error instanceof WebSocketDisconnect ? `disconnect ${error.code}` : `other ${String(error)}`);
        }
      }
    }
    const ws = await clientFor(build([WaitingController]).app).websocket('/wait');
    expect(await ws.receiveText()).toBe('waiting');
    expect(await ws.close()).toEqual({ code: 1000, reason: '' });
    await waitFor(() => log.length > 0);
    expect(log).toEqual(['disconnect 1000']);
  });

  test('iterText() yields the queued messages and then simply ends when the client leaves', async () => {
    const log: string[] = [];
    @Controller()
    class IterController {
      @WebSocketRoute('/iter')
      async handle(ws: WebSocket) {
        await ws.accept();
        for await (const text of ws.iterText()) log.push(text);
        log.push('loop ended');
      }
    }
    const ws = await clientFor(build([IterController]).app).websocket('/iter');
    await ws.sendText('a');
    await ws.sendText('b');
    await ws.close();
    await waitFor(() => log.includes('loop ended'));
    expect(log).toEqual(['a', 'b', 'loop ended']);
  });

  test("the server's close(1001, 'bye') reaches the client as { code: 1001, reason: 'bye' }", async () => {
    const log: string[] = [];
    @Controller()
    class ClosingController {
      @WebSocketRoute('/closing')
      async handle(ws: WebSocket) {
        await ws.accept();
        await ws.sendText('last words');
        await ws.close(1001, 'bye');
        log.push('close resolved');
      }
    }
    const ws = await clientFor(build([ClosingController]).app).websocket('/closing');
    expect(await ws.closed).toEqual({ code: 1001, reason: 'bye' });
    expect(await ws.receiveText()).toBe('last words');
    await expect(ws.receiveText()).rejects.toMatchObject({ code: 1001, reason: 'bye' });
    await waitFor(() => log.length > 0);
    expect(log).toEqual(['close resolved']);
  });
});

describe('dependency cleanup and background tasks', () => {
  test('a generator cleanup runs after the socket closed, exactly once', async () => {
    const events: string[] = [];
    const held = gate();
    async function* resource() {
      events.push('enter');
      try {
        yield 'conn';
      } finally {
        events.push('cleanup started');
        await held.promise;
        events.push('exit');
      }
    }
    @Controller()
    class CleanupController {
      @WebSocketRoute('/cleanup')
      async handle(ws: WebSocket, @Depends(resource) conn: string) {
        await ws.accept();
        await ws.sendText(conn);
        events.push('handler end');
      }
    }
    const ws = await clientFor(build([CleanupController]).app).websocket('/cleanup');
    try {
      expect(await ws.receiveText()).toBe('conn');
      // Resolves while the cleanup is still held: the close did not wait for it.
      expect(await ws.closed).toEqual({ code: 1000, reason: '' });
      await waitFor(() => events.includes('cleanup started'));
      expect(events).toEqual(['enter', 'handler end', 'cleanup started']);
    } finally {
      held.release();
    }
    await waitFor(() => events.includes('exit'));
    await sleep(20);
    expect(events.filter((e) => e !== 'cleanup started')).toEqual(['enter', 'handler end', 'exit']);
  });

  test('when the handler throws, the generator sees the error and cleans up exactly once; the client gets 1011', async () => {
    const events: string[] = [];
    async function* resource() {
      events.push('enter');
      try {
        yield 'conn';
      } catch (error) {
        events.push(`saw ${(error as Error).message}`);
        throw error;
      } finally {
        events.push('exit');
      }
    }
    @Controller()
    class ThrowingController {
      @WebSocketRoute('/throws')
      async handle(ws: WebSocket, @Depends(resource) _conn: string) {
        await ws.accept();
        await ws.receiveText();
        events.push('handler end');
        throw new Error('handler failed');
      }
    }
    const { app, logged } = build([ThrowingController]);
    const ws = await clientFor(app).websocket('/throws');
    await ws.sendText('go');
    expect(await ws.closed).toEqual({ code: 1011, reason: '' });
    await waitFor(() => events.includes('exit'));
    await sleep(20);
    expect(events).toEqual(['enter', 'handler end', 'saw handler failed', 'exit']);
    expect(logged().map((entry) => entry.err?.message)).toEqual(['handler failed']);
  });

  test('background tasks added in a websocket handler run after the close, before request-scoped cleanups', async () => {
    const events: string[] = [];
    const held = gate();
    async function* resource() {
      try {
        yield 'conn';
      } finally {
        events.push('exit');
      }
    }
    const writeLog = async (message: string): Promise<void> => {
      events.push(`task started ${message}`);
      await held.promise;
      events.push(`task done ${message}`);
    };
    @Controller()
    class TasksController {
      @WebSocketRoute('/tasks')
      async handle(ws: WebSocket, tasks: BackgroundTasks, @Depends(resource) _conn: string) {
        await ws.accept();
        const text = await ws.receiveText();
        tasks.add(writeLog, text);
        await ws.sendText('queued');
        events.push('handler end');
      }
    }
    const ws = await clientFor(build([TasksController]).app).websocket('/tasks');
    try {
      await ws.sendText('note');
      expect(await ws.receiveText()).toBe('queued');
      expect(await ws.closed).toEqual({ code: 1000, reason: '' });
      await waitFor(() => events.includes('task started note'));
      expect(events).toEqual(['handler end', 'task started note']);
    } finally {
      held.release();
    }
    await waitFor(() => events.includes('exit'));
    expect(events).toEqual(['handler end', 'task started note', 'task done note', 'exit']);
  });
});

describe('routing', () => {
  test("a router's prefix and dependencies apply to a websocket route", async () => {
    const seen: string[] = [];
    const requireKey = dependency([Header('x-key', { type: 'string' })], (key: string) => {
      seen.push(key);
      return key;
    });
    @Controller('/chat')
    class RoutedController {
      @WebSocketRoute('/ws')
      async handle(ws: WebSocket) {
        await ws.accept();
        await ws.sendText('routed');
      }
    }
    const router = new Router({ prefix: '/v1', dependencies: [Depends(requireKey)], controllers: [RoutedController] });
    const client = clientFor(build([], { routers: [router] }).app);
    const ws = await client.websocket('/v1/chat/ws', { headers: { 'x-key': 'k1' } });
    expect(await ws.receiveText()).toBe('routed');
    expect(seen).toEqual(['k1']);
    const closed = await refusal(client.websocket('/v1/chat/ws'));
    expect(closed.code).toBe(1008);
    expect(JSON.parse(closed.reason)).toEqual([
      { type: 'missing', loc: ['header', 'x-key'], msg: 'Field required', input: null },
    ]);
    await expect(client.websocket('/chat/ws', { headers: { 'x-key': 'k1' } })).rejects.toThrow('404');
    expect(seen).toEqual(['k1']);
  });

  test('a plain GET to a websocket path is 404 Not Found', async () => {
    @Controller()
    class PlainController {
      @WebSocketRoute('/ws')
      async handle(ws: WebSocket) {
        await ws.accept();
      }
    }
    const res = await clientFor(build([PlainController]).app).get('/ws');
    expect([res.status, res.headers['content-type'], res.text]).toEqual([
      404,
      'application/json; charset=utf-8',
      '{"detail":"Not Found"}',
    ]);
  });

  test('websocket routes are not in the OpenAPI document', async () => {
    @Controller()
    class MixedController {
      @Get('/items')
      list() {
        return [];
      }

      @WebSocketRoute('/items/ws')
      async live(ws: WebSocket, @Query('q', { type: 'string' }) q: string) {
        await ws.accept();
        await ws.sendText(q);
      }
    }
    const res = await clientFor(build([MixedController]).app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(['/items']);
    expect(Object.keys(doc.paths['/items'] as object)).toEqual(['get']);
  });
});

describe('over real HTTP', () => {
  test('an echo round trip with the ws client', async () => {
    @Controller()
    class EchoController {
      @WebSocketRoute('/ws')
      async websocketEndpoint(ws: WebSocket) {
        await ws.accept();
        for await (const data of ws.iterText()) await ws.sendText(`Message text was: ${data}`);
      }
    }
    const port = await serve(build([EchoController]).app);
    const { socket, next } = await connect(port, '/ws');
    socket.send('over the wire');
    expect(await next()).toBe('Message text was: over the wire');
    const closed = new Promise<[number, string]>((resolve) =>
      socket.once('close', (code, reason) => resolve([code, String(reason)])),
    );
    socket.close(1000, 'done');
    expect(await closed).toEqual([1000, 'done']);
  });

  test('a client that aborts (terminate) disconnects the handler with 1006 and the cleanup still runs once', async () => {
    const events: string[] = [];
    async function* resource() {
      events.push('enter');
      try {
        yield 'conn';
      } finally {
        events.push('exit');
      }
    }
    @Controller()
    class AbortController {
      @WebSocketRoute('/ws')
      async handle(ws: WebSocket, @Depends(resource) conn: string) {
        await ws.accept();
        await ws.sendText(conn);
        try {
          await ws.receiveText();
        } catch (error) {
          events.push(error instanceof WebSocketDisconnect ? `disconnect ${error.code}` : 'other error');
        }
      }
    }
    const { app, logged } = build([AbortController]);
    const port = await serve(app);
    const { socket, next } = await connect(port, '/ws');
    expect(await next()).toBe('conn');
    socket.terminate();
    await waitFor(() => events.includes('exit'));
    await sleep(30);
    expect(events).toEqual(['enter', 'disconnect 1006', 'exit']);
    expect(logged()).toEqual([]);
  });
});

describe('TestClient.websocket behind a proxy, with the app-wide rate limit', () => {
  @Controller('')
  class WhoController {
    @WebSocketRoute('/ws/who')
    async who(websocket: WebSocket, @Req() request: Request) {
      await websocket.accept();
      await websocket.sendJson({ ip: request.ip });
      await websocket.close();
    }
  }

  test('the handshake comes from the forwarded address and counts against the limit', async () => {
    const app = new App({
      controllers: [WhoController],
      rateLimit: { max: 2, timeWindow: '1 minute' },
      fastify: { trustProxy: true, logger: false },
    });
    const client = new TestClient(app);
    clients.push(client);
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 2; i++) {
      const ws = await client.websocket('/ws/who', { headers });
      expect(await ws.receiveJson()).toEqual({ ip: '203.0.113.7' });
    }
    await expect(client.websocket('/ws/who', { headers })).rejects.toThrow('429');
    const other = await client.websocket('/ws/who', { headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(await other.receiveJson()).toEqual({ ip: '198.51.100.2' });
  });

  test("without a forwarded address it is the client's own, as for HTTP requests", async () => {
    const app = new App({
      controllers: [WhoController],
      rateLimit: { max: 5, timeWindow: '1 minute' },
      fastify: { trustProxy: true, logger: false },
    });
    const client = new TestClient(app);
    clients.push(client);
    const ws = await client.websocket('/ws/who');
    expect(await ws.receiveJson()).toEqual({ ip: '127.0.0.1' });
  });
});
