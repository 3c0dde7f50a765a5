import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import {
  App,
  type AppOptions,
  Controller,
  DefinitionError,
  DependencyError,
  Depends,
  Get,
  HTTPException,
  Path,
  Query,
  RequestValidationError,
  dependency,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

interface LogEntry {
  level: number;
  msg: string;
  err?: { message: string; code?: string; type?: string };
}

/** One app under test: its own event log (with 'sent' from onResponse) and its captured error log. */
interface Harness {
  app: App;
  logged: () => LogEntry[];
}

const clients: TestClient[] = [];
const served: App[] = [];

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...served.splice(0).map((a) => a.close())]);
});

function harness(
  controllers: NonNullable<AppOptions['controllers']>,
  events: string[],
  options: Pick<AppOptions, 'dependencies'> = {},
): Harness {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = new App({ ...options, controllers, fastify: { logger: { level: 'error', stream } } });
  app.fastify.addHook('onResponse', async () => {
    events.push('sent');
  });
  return { app, logged: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}

function clientFor(h: Harness, options: { raiseServerExceptions?: boolean } = {}): TestClient {
  const client = new TestClient(h.app, options);
  clients.push(client);
  return client;
}

async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  served.push(app);
  return (app.fastify.server.address() as AddressInfo).port;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; cleanups of request-scoped generators run after the response, so tests wait for them. */
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

/** Sends a GET over real HTTP and destroys it after `afterMs`; resolves once the socket is gone. */
function abortedGet(port: number, path: string, afterMs: number, agent?: Agent): Promise<'aborted' | number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent });
    const timer = setTimeout(() => req.destroy(), afterMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('aborted'));
    req.end();
  });
}

function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A generator dependency that records its entry and its exit. */
function tracked<T>(events: string[], name: string, value: T) {
  return async function* () {
    events.push(`enter ${name}`);
    try {
      yield value;
    } finally {
      events.push(`exit ${name}`);
    }
  };
}

describe('values and cleanup order', () => {
  test('three nested generators inject their values; cleanups run in reverse order of entry', async () => {
    const events: string[] = [];
    function* a() {
      events.push('enter a');
      try {
        yield 'A';
      } finally {
        events.push('exit a');
      }
    }
    const b = dependency([Depends(a)], async function* (fromA: string) {
      events.push('enter b');
      try {
        yield `${fromA}B`;
      } finally {
        events.push('exit b');
      }
    });
    const c = dependency([Depends(b)], function* (fromB: string) {
      events.push('enter c');
      try {
        yield `${fromB}C`;
      } finally {
        events.push('exit c');
      }
    });
    @Controller()
    class NestedController {
      @Get('/nested')
      read(@Depends(c) value: string) {
        events.push('handler');
        return { value };
      }
    }
    const h = harness([NestedController], events);
    const res = await clientFor(h).get('/nested');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ value: 'ABC' });
    await waitFor(() => events.includes('exit a'));
    expect(events).toEqual(['enter a', 'enter b', 'enter c', 'handler', 'sent', 'exit c', 'exit b', 'exit a']);
  });

  test('sibling generators from app, route and handler levels exit in reverse order of entry', async () => {
    const events: string[] = [];
    const first = tracked(events, 'first', 1);
    const second = tracked(events, 'second', 2);
    const third = tracked(events, 'third', 3);
    const fourth = tracked(events, 'fourth', 4);
    @Controller('', { dependencies: [Depends(second)] })
    class SiblingsController {
      @Get('/siblings', { dependencies: [Depends(third)] })
      read(@Depends(fourth) four: number) {
        events.push('handler');
        return { four };
      }
    }
    const h = harness([SiblingsController], events, { dependencies: [Depends(first)] });
    const res = await clientFor(h).get('/siblings');
    expect([res.status, res.json()]).toEqual([200, { four: 4 }]);
    await waitFor(() => events.includes('exit first'));
    expect(events).toEqual([
      'enter first',
      'enter second',
      'enter third',
      'enter fourth',
      'handler',
      'sent',
      'exit fourth',
      'exit third',
      'exit second',
      'exit first',
    ]);
    expect(h.logged()).toEqual([]);
  });

  test('a generator used several times in one request is entered and exited once, and each request gets its own', async () => {
    const events: string[] = [];
    let serial = 0;
    async function* session() {
      const id = ++serial;
      events.push(`enter ${id}`);
      try {
        yield { id };
      } finally {
        events.push(`exit ${id}`);
      }
    }
    const repo = dependency([Depends(session)], (s: { id: number }) => ({ session: s.id }));
    @Controller()
    class CachedController {
      @Get('/cached', { dependencies: [Depends(session)] })
      read(
        @Depends(session) s: { id: number },
        @Depends(repo) r: { session: number },
        @Depends(session) again: { id: number },
      ) {
        events.push('handler');
        return { s: s.id, repo: r.session, same: s === again };
      }
    }
    const h = harness([CachedController], events);
    const client = clientFor(h);
    expect((await client.get('/cached')).json()).toEqual({ s: 1, repo: 1, same: true });
    await waitFor(() => events.includes('exit 1'));
    expect((await client.get('/cached')).json()).toEqual({ s: 2, repo: 2, same: true });
    await waitFor(() => events.includes('exit 2'));
    await sleep(20);
    expect(events).toEqual(['enter 1', 'handler', 'sent', 'exit 1', 'enter 2', 'handler', 'sent', 'exit 2']);
  });

  test('useCache: false enters the generator again, and each entry is exited once, newest first', async () => {
    const events: string[] = [];
    let serial = 0;
    function* counter() {
      const id = ++serial;
      events.push(`enter ${id}`);
      try {
        yield id;
      } finally {
        events.push(`exit ${id}`);
      }
    }
    @Controller()
    class UncachedController {
      @Get('/uncached')
      read(@Depends(counter) one: number, @Depends(counter, { useCache: false }) two: number) {
        return { one, two };
      }
    }
    const h = harness([UncachedController], events);
    expect((await clientFor(h).get('/uncached')).json()).toEqual({ one: 1, two: 2 });
    await waitFor(() => events.includes('exit 1'));
    await sleep(20);
    expect(events).toEqual(['enter 1', 'enter 2', 'sent', 'exit 2', 'exit 1']);
  });

  test('the cleanup sees what the handler did with the yielded value', async () => {
    const events: string[] = [];
    async function* unitOfWork() {
      const work = { writes: [] as string[] };
      try {
        yield work;
      } finally {
        events.push(`commit ${work.writes.join(',')}`);
      }
    }
    @Controller()
    class WritesController {
      @Get('/writes')
      write(@Depends(unitOfWork) work: { writes: string[] }) {
        work.writes.push('x', 'y');
        return { pending: work.writes.length };
      }
    }
    const h = harness([WritesController], events);
    expect((await clientFor(h).get('/writes')).json()).toEqual({ pending: 2 });
    await waitFor(() => events.some((e) => e.startsWith('commit')));
    expect(events).toEqual(['sent', 'commit x,y']);
  });
});

describe("timing with scope 'request' (the default)", () => {
  test('the cleanup runs after the response has been sent', async () => {
    const events: string[] = [];
    const held = tracked(events, 'db', 'conn');
    @Controller()
    class RequestScopeController {
      @Get('/r')
      read(@Depends(held) db: string) {
        events.push('handler');
        return { db };
      }
    }
    const h = harness([RequestScopeController], events);
    const res = await clientFor(h).get('/r');
    expect([res.status, res.json()]).toEqual([200, { db: 'conn' }]);
    await waitFor(() => events.includes('exit db'));
    expect(events).toEqual(['enter db', 'handler', 'sent', 'exit db']);
  });

  test('over HTTP the client has the whole body while the cleanup is still pending', async () => {
    const events: string[] = [];
    const release = gate();
    async function* held() {
      events.push('enter');
      try {
        yield 'payload';
      } finally {
        events.push('cleanup started');
        await release.promise;
        events.push('exit');
      }
    }
    @Controller()
    class HeldController {
      @Get('/held')
      read(@Depends(held) value: string) {
        events.push('handler');
        return { value };
      }
    }
    const h = harness([HeldController], events);
    const port = await serve(h.app);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/held`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ value: 'payload' });
      await waitFor(() => events.includes('cleanup started'));
      await sleep(30);
      expect(events).toEqual(['enter', 'handler', 'sent', 'cleanup started']);
    } finally {
      release.release();
    }
    await waitFor(() => events.includes('exit'));
    expect(events).toEqual(['enter', 'handler', 'sent', 'cleanup started', 'exit']);
  });

  test('over HTTP the next request is answered while an earlier cleanup is still pending', async () => {
    const events: string[] = [];
    const release = gate();
    let calls = 0;
    async function* held() {
      const n = ++calls;
      try {
        yield n;
      } finally {
        if (n === 1) await release.promise;
        events.push(`exit ${n}`);
      }
    }
    @Controller()
    class HeldController {
      @Get('/held')
      read(@Depends(held) n: number) {
        return { n };
      }
    }
    const h = harness([HeldController], events);
    const port = await serve(h.app);
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/held`)).json()).toEqual({ n: 1 });
      expect(await (await fetch(`http://127.0.0.1:${port}/held`)).json()).toEqual({ n: 2 });
      await waitFor(() => events.includes('exit 2'));
      expect(events).toEqual(['sent', 'sent', 'exit 2']);
    } finally {
      release.release();
    }
    await waitFor(() => events.includes('exit 1'));
    expect(events).toEqual(['sent', 'sent', 'exit 2', 'exit 1']);
  });
});

describe("timing with scope 'function'", () => {
  test('the cleanup runs after the handler and before the response is sent', async () => {
    const events: string[] = [];
    const held = tracked(events, 'db', 'conn');
    @Controller()
    class FunctionScopeController {
      @Get('/f')
      read(@Depends(held, { scope: 'function' }) db: string) {
        events.push('handler');
        return { db };
      }
    }
    const h = harness([FunctionScopeController], events);
    const res = await clientFor(h).get('/f');
    expect([res.status, res.json()]).toEqual([200, { db: 'conn' }]);
    await waitFor(() => events.includes('sent'));
    expect(events).toEqual(['enter db', 'handler', 'exit db', 'sent']);
  });

  test('over HTTP a function-scoped cleanup that waits delays the response until it is released', async () => {
    const events: string[] = [];
    const release = gate();
    async function* held() {
      try {
        yield 'payload';
      } finally {
        events.push('cleanup started');
        await release.promise;
        events.push('exit');
      }
    }
    @Controller()
    class HeldController {
      @Get('/held')
      read(@Depends(held, { scope: 'function' }) value: string) {
        events.push('handler');
        return { value };
      }
    }
    const h = harness([HeldController], events);
    const port = await serve(h.app);
    let resolved = false;
    const pending = fetch(`http://127.0.0.1:${port}/held`).then((res) => {
      resolved = true;
      return res;
    });
    try {
      await waitFor(() => events.includes('cleanup started'));
      await sleep(100);
      expect(resolved).toBe(false);
      expect(events).toEqual(['handler', 'cleanup started']);
    } finally {
      release.release();
    }
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ value: 'payload' });
    await waitFor(() => events.includes('sent'));
    expect(events).toEqual(['handler', 'cleanup started', 'exit', 'sent']);
  });

  test('function-scoped and request-scoped siblings: one closes before the response, the other after', async () => {
    const events: string[] = [];
    const perRequest = tracked(events, 'request', 'r');
    const perFunction = tracked(events, 'function', 'f');
    @Controller()
    class MixedController {
      @Get('/mixed')
      read(@Depends(perRequest) r: string, @Depends(perFunction, { scope: 'function' }) f: string) {
        events.push('handler');
        return { r, f };
      }
    }
    const h = harness([MixedController], events);
    expect((await clientFor(h).get('/mixed')).json()).toEqual({ r: 'r', f: 'f' });
    await waitFor(() => events.includes('exit request'));
    expect(events).toEqual(['enter request', 'enter function', 'handler', 'exit function', 'sent', 'exit request']);
  });
});

describe('errors thrown into generators', () => {
  test('an HTTPException from the handler reaches the generator, which rethrows it; the 404 goes out after the exit', async () => {
    const events: string[] = [];
    async function* db() {
      events.push('enter');
      try {
        yield 'conn';
      } catch (error) {
        events.push(`caught ${(error as Error).message}`);
        events.push(`is HTTPException ${error instanceof HTTPException}`);
        throw error;
      } finally {
        events.push('exit');
      }
    }
    @Controller()
    class ItemsController {
      @Get('/items/{id}')
      read(@Depends(db) _db: string, @Path('id') _id: string) {
        events.push('handler');
        throw new HTTPException(404, 'Item not found');
      }
    }
    const h = harness([ItemsController], events);
    const res = await clientFor(h).get('/items/1');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Item not found' });
    await waitFor(() => events.includes('sent'));
    expect(events).toEqual(['enter', 'handler', 'caught Item not found', 'is HTTPException true', 'exit', 'sent']);
  });

  test('a generator that converts a custom error into an HTTPException decides the response', async () => {
    class OwnerError extends Error {}
    const events: string[] = [];
    function* guard() {
      try {
        yield 'ok';
      } catch (error) {
        if (error instanceof OwnerError) throw new HTTPException(400, 'Converted');
        throw error;
      }
    }
    @Controller()
    class ConvertController {
      @Get('/convert')
      read(@Depends(guard) _g: string) {
        throw new OwnerError('not the owner');
      }
    }
    const h = harness([ConvertController], events);
    const res = await clientFor(h).get('/convert');
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'Converted' });
    expect(h.logged()).toEqual([]);
  });

  test('nested generators: the inner one converts the error, the outer one sees the converted error', async () => {
    class OwnerError extends Error {}
    const events: string[] = [];
    async function* outer() {
      try {
        yield 'outer';
      } catch (error) {
        events.push(`outer saw ${(error as Error).constructor.name}: ${(error as Error).message}`);
        throw error;
      }
    }
    const inner = dependency([Depends(outer)], async function* (o: string) {
      try {
        yield `${o}+inner`;
      } catch (error) {
        events.push(`inner saw ${(error as Error).constructor.name}: ${(error as Error).message}`);
        if (error instanceof OwnerError) throw new HTTPException(400, 'Converted');
        throw error;
      }
    });
    @Controller()
    class NestedErrorController {
      @Get('/nested-error')
      read(@Depends(inner) _v: string) {
        throw new OwnerError('not the owner');
      }
    }
    const h = harness([NestedErrorController], events);
    const res = await clientFor(h).get('/nested-error');
    expect([res.status, res.json()]).toEqual([400, { detail: 'Converted' }]);
    expect(events).toEqual(['inner saw OwnerError: not the owner', 'outer saw HTTPException: Converted', 'sent']);
  });

  test('a plain Error from the handler reaches the generator and the client gets a 500', async () => {
    const events: string[] = [];
    function* db() {
      try {
        yield 'conn';
      } catch (error) {
        events.push(`rollback after ${(error as Error).message}`);
        throw error;
      }
    }
    @Controller()
    class BoomController {
      @Get('/boom')
      read(@Depends(db) _db: string) {
        throw new Error('disk on fire');
      }
    }
    const h = harness([BoomController], events);
    const res = await clientFor(h, { raiseServerExceptions: false }).get('/boom');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    expect(events).toEqual(['rollback after disk on fire', 'sent']);
    expect(h.logged().map((e) => e.err?.message)).toEqual(['disk on fire']);
  });

  test('with the default TestClient the rethrown plain Error is thrown in the test', async () => {
    const events: string[] = [];
    function* db() {
      try {
        yield 'conn';
      } catch (error) {
        events.push('rollback');
        throw error;
      }
    }
    @Controller()
    class BoomController {
      @Get('/boom')
      read(@Depends(db) _db: string) {
        throw new Error('disk on fire');
      }
    }
    const h = harness([BoomController], events);
    await expect(clientFor(h).get('/boom')).rejects.toThrow('disk on fire');
    expect(events).toEqual(['rollback', 'sent']);
  });

  test('a generator that swallows the error gives a 500 and a DependencyError', async () => {
    const events: string[] = [];
    async function* swallowing() {
      try {
        yield 'v';
      } catch (error) {
        events.push(`swallowed ${(error as Error).message}`);
      }
    }
    @Controller()
    class SwallowController {
      @Get('/swallow')
      read(@Depends(swallowing) _v: string) {
        throw new HTTPException(409, 'Conflict');
      }
    }
    const h = harness([SwallowController], events);
    const res = await clientFor(h, { raiseServerExceptions: false }).get('/swallow');
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    expect(events).toEqual(['swallowed Conflict', 'sent']);
    const logged = h.logged().filter((e) => e.err);
    expect(logged).toHaveLength(1);
    expect(logged[0].err?.message).toContain('did not rethrow');

    const thrown = await clientFor(h)
      .get('/swallow')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(thrown).toBeInstanceOf(DependencyError);
    expect((thrown as DependencyError).code).toBe('TSAPI_DEPENDENCY');
  });

  test('a validation error of the handler is thrown into the generator entered before, and the client gets the 422', async () => {
    const events: string[] = [];
    async function* db() {
      events.push('enter');
      try {
        yield 'conn';
      } catch (error) {
        events.push(`saw ${(error as Error).constructor.name}`);
        if (error instanceof RequestValidationError)
          events.push(`locs ${JSON.stringify(error.errors().map((e) => e.loc))}`);
        throw error;
      }
    }
    @Controller()
    class ValidatedController {
      @Get('/validated')
      read(@Depends(db) _db: string, @Query('n', { type: 'integer' }) n: number) {
        events.push('handler');
        return { n };
      }
    }
    const h = harness([ValidatedController], events);
    const res = await clientFor(h).get('/validated', { query: { n: 'abc' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING_MSG, input: 'abc' }],
    });
    expect(events).toEqual(['enter', 'saw RequestValidationError', 'locs [["query","n"]]', 'sent']);
  });

  test('an error thrown by a later dependency reaches the earlier generator; the handler is not called', async () => {
    const events: string[] = [];
    async function* db() {
      events.push('enter db');
      try {
        yield 'conn';
      } catch (error) {
        events.push(`db saw ${(error as Error).message}`);
        throw error;
      } finally {
        events.push('exit db');
      }
    }
    function verifyToken(): never {
      events.push('verify');
      throw new HTTPException(403, 'Forbidden token');
    }
    @Controller()
    class GuardedController {
      @Get('/guarded')
      read(@Depends(db) _db: string, @Depends(verifyToken) _ok: boolean) {
        events.push('handler');
        return {};
      }
    }
    const h = harness([GuardedController], events);
    const res = await clientFor(h).get('/guarded');
    expect([res.status, res.json()]).toEqual([403, { detail: 'Forbidden token' }]);
    expect(events).toEqual(['enter db', 'verify', 'db saw Forbidden token', 'exit db', 'sent']);
  });

  test('a function-scoped generator sees the handler error too, before the response', async () => {
    const events: string[] = [];
    function* scoped() {
      try {
        yield 'v';
      } catch (error) {
        events.push(`function saw ${(error as Error).message}`);
        throw error;
      }
    }
    @Controller()
    class ScopedErrorController {
      @Get('/scoped-error')
      read(@Depends(scoped, { scope: 'function' }) _v: string) {
        throw new HTTPException(418, "I'm a teapot");
      }
    }
    const h = harness([ScopedErrorController], events);
    const res = await clientFor(h).get('/scoped-error');
    expect([res.status, res.json()]).toEqual([418, { detail: "I'm a teapot" }]);
    expect(events).toEqual(["function saw I'm a teapot", 'sent']);
  });
});

describe('misbehaving generators', () => {
  test('a generator that returns without yielding is a 500 (DependencyError) and the handler is not called', async () => {
    const events: string[] = [];
    // eslint-disable-next-line require-yield
    function* empty(): Generator<string> {
      events.push('enter');
      return;
    }
    @Controller()
    class EmptyController {
      @Get('/empty')
      read(@Depends(empty) _v: string) {
        events.push('handler');
        return {};
      }
    }
    const h = harness([EmptyController], events);
    const res = await clientFor(h, { raiseServerExceptions: false }).get('/empty');
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    const thrown = await clientFor(h)
      .get('/empty')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(thrown).toBeInstanceOf(DependencyError);
    expect((thrown as DependencyError).code).toBe('TSAPI_DEPENDENCY');
    expect((thrown as Error).message).toContain('without yielding');
    expect(events).toEqual(['enter', 'sent', 'enter', 'sent']);
  });

  test('a request-scoped generator that yields twice: the response is sent, its finally runs, the app keeps answering', async () => {
    const events: string[] = [];
    function* twice() {
      try {
        yield 'first';
        events.push('after first');
        yield 'second';
        events.push('after second');
      } finally {
        events.push('finally');
      }
    }
    @Controller()
    class TwiceController {
      @Get('/twice')
      read(@Depends(twice) v: string) {
        return { v };
      }
    }
    const h = harness([TwiceController], events);
    const client = clientFor(h);
    const res = await client.get('/twice');
    expect([res.status, res.json()]).toEqual([200, { v: 'first' }]);
    await waitFor(() => h.logged().some((e) => e.err));
    expect(events).toEqual(['sent', 'after first', 'finally']);
    const errors = h.logged().filter((e) => e.err);
    expect(errors).toHaveLength(1);
    expect(errors[0].err?.message).toContain('yielded more than once');
    const next = await client.get('/twice');
    expect([next.status, next.json()]).toEqual([200, { v: 'first' }]);
  });

  test('a function-scoped generator that yields twice turns the response into a 500', async () => {
    const events: string[] = [];
    function* twice() {
      yield 'first';
      events.push('after first');
      yield 'second';
    }
    @Controller()
    class TwiceController {
      @Get('/twice')
      read(@Depends(twice, { scope: 'function' }) v: string) {
        return { v };
      }
    }
    const h = harness([TwiceController], events);
    const res = await clientFor(h, { raiseServerExceptions: false }).get('/twice');
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    expect(events).toEqual(['after first', 'sent']);
    expect(h.logged().filter((e) => e.err)[0]?.err?.message).toContain('yielded more than once');
  });

  test('a cleanup that throws after the response leaves the 200 as sent, is logged, and the next request works', async () => {
    const events: string[] = [];
    let calls = 0;
    async function* fragile() {
      const n = ++calls;
      try {
        yield n;
      } finally {
        events.push(`exit ${n}`);
        // eslint-disable-next-line no-unsafe-finally
        throw new Error(`cleanup ${n} failed`);
      }
    }
    @Controller()
    class FragileController {
      @Get('/fragile')
      read(@Depends(fragile) n: number) {
        return { n };
      }
    }
    const h = harness([FragileController], events);
    const client = clientFor(h);
    const res = await client.get('/fragile');
    expect([res.status, res.json()]).toEqual([200, { n: 1 }]);
    await waitFor(() => h.logged().some((e) => e.err));
    expect(h.logged().map((e) => e.err?.message)).toEqual(['cleanup 1 failed']);
    const next = await client.get('/fragile');
    expect([next.status, next.json()]).toEqual([200, { n: 2 }]);
    await waitFor(() => events.includes('exit 2'));
    expect(events).toEqual(['sent', 'exit 1', 'sent', 'exit 2']);
  });
});

describe('generators depending on generators, across scopes', () => {
  test('a request-scoped generator may depend on a request-scoped one: both close after the response, inner first', async () => {
    const events: string[] = [];
    const pool = tracked(events, 'pool', 'p');
    const session = dependency([Depends(pool)], async function* (p: string) {
      events.push('enter session');
      try {
        yield `${p}/s`;
      } finally {
        events.push('exit session');
      }
    });
    @Controller()
    class RequestRequestController {
      @Get('/rr')
      read(@Depends(session) s: string) {
        events.push('handler');
        return { s };
      }
    }
    const h = harness([RequestRequestController], events);
    expect((await clientFor(h).get('/rr')).json()).toEqual({ s: 'p/s' });
    await waitFor(() => events.includes('exit pool'));
    expect(events).toEqual(['enter pool', 'enter session', 'handler', 'sent', 'exit session', 'exit pool']);
  });

  test('a function-scoped generator may depend on a request-scoped one: it closes before the response, the other after', async () => {
    const events: string[] = [];
    const pool = tracked(events, 'pool', 'p');
    const transaction = dependency([Depends(pool)], function* (p: string) {
      events.push('enter tx');
      try {
        yield `${p}/tx`;
      } finally {
        events.push('exit tx');
      }
    });
    @Controller()
    class FunctionRequestController {
      @Get('/fr')
      read(@Depends(transaction, { scope: 'function' }) tx: string) {
        events.push('handler');
        return { tx };
      }
    }
    const h = harness([FunctionRequestController], events);
    expect((await clientFor(h).get('/fr')).json()).toEqual({ tx: 'p/tx' });
    await waitFor(() => events.includes('exit pool'));
    expect(events).toEqual(['enter pool', 'enter tx', 'handler', 'exit tx', 'sent', 'exit pool']);
  });

  test('the other way round (request-scoped on function-scoped) is refused at start-up', async () => {
    const events: string[] = [];
    const pool = tracked(events, 'pool', 'p');
    const session = dependency([Depends(pool, { scope: 'function' })], async function* (p: string) {
      yield p;
    });
    @Controller()
    class RefusedController {
      @Get('/refused')
      read(@Depends(session) s: string) {
        return { s };
      }
    }
    const app = new App({ controllers: [RefusedController], fastify: { logger: false } });
    const error = await app.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).problems.map((p) => p.problem).join('\n')).toContain("scope 'function'");
    await app.close();
  });
});

describe('client aborts', () => {
  test('a client that goes away mid-handler still gets its generator cleaned up, exactly once', async () => {
    const events: string[] = [];
    const held = tracked(events, 'db', 'conn');
    @Controller()
    class SlowController {
      @Get('/slow')
      async read(@Depends(held) db: string) {
        events.push('handler start');
        await sleep(200);
        events.push('handler done');
        return { db };
      }
    }
    const h = harness([SlowController], events);
    const port = await serve(h.app);
    expect(await abortedGet(port, '/slow', 50)).toBe('aborted');
    await waitFor(() => events.includes('exit db'), 2000);
    await sleep(50);
    expect(events.filter((e) => e === 'exit db')).toHaveLength(1);
    expect(events.filter((e) => e !== 'sent')).toEqual(['enter db', 'handler start', 'handler done', 'exit db']);
  });

  test('on an abort, function-scoped and request-scoped cleanups each run once, in order', async () => {
    const events: string[] = [];
    const perRequest = tracked(events, 'request', 'r');
    const perFunction = tracked(events, 'function', 'f');
    @Controller()
    class SlowController {
      @Get('/slow')
      async read(@Depends(perRequest) r: string, @Depends(perFunction, { scope: 'function' }) f: string) {
        await sleep(200);
        events.push('handler done');
        return { r, f };
      }
    }
    const h = harness([SlowController], events);
    const port = await serve(h.app);
    expect(await abortedGet(port, '/slow', 50)).toBe('aborted');
    await waitFor(() => events.includes('exit request'), 2000);
    await sleep(50);
    expect(events.filter((e) => e !== 'sent')).toEqual([
      'enter request',
      'enter function',
      'handler done',
      'exit function',
      'exit request',
    ]);
  });
});

describe('setups and cleanups balance under load', () => {
  test('1,000 requests mixing 2xx, 4xx, 5xx and aborts: every setup has its cleanup', async () => {
    const counts = { asyncSetups: 0, asyncCleanups: 0, syncSetups: 0, syncCleanups: 0 };
    const setupsByMode = new Map<string, number>();
    const session = dependency([Query('mode', { type: 'string' })], async function* (mode: string) {
      counts.asyncSetups++;
      setupsByMode.set(mode, (setupsByMode.get(mode) ?? 0) + 1);
      try {
        await new Promise(setImmediate);
        yield mode;
      } finally {
        await new Promise(setImmediate);
        counts.asyncCleanups++;
      }
    });
    function* tracer() {
      counts.syncSetups++;
      try {
        yield counts.syncSetups;
      } finally {
        counts.syncCleanups++;
      }
    }
    @Controller()
    class LoadController {
      @Get('/work')
      async work(
        @Depends(session) mode: string,
        @Depends(tracer) _t: number,
        @Query('n', { type: 'integer', default: 0 }) n: number,
      ) {
        if (mode === 'missing') throw new HTTPException(404, 'Item not found');
        if (mode === 'boom') throw new Error('boom');
        await sleep(mode === 'slow' ? 150 : 1);
        return { mode, n };
      }
    }
    const app = new App({ controllers: [LoadController], fastify: { logger: false } });
    const port = await serve(app);
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });

    const modes = ['slow', 'invalid', 'missing', 'boom', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
    const total = 1000;
    const outcomes = new Map<string, Array<string | number>>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        const mode = modes[i % modes.length];
        let outcome: string | number;
        if (mode === 'slow') {
          outcome = await abortedGet(port, `/work?mode=slow&n=${i}`, 30, agent);
        } else {
          const res = await get(
            port,
            mode === 'invalid' ? '/work?mode=invalid&n=abc' : `/work?mode=${mode}&n=${i}`,
            agent,
          );
          const expected: Record<string, unknown> = {
            ok: { mode: 'ok', n: i },
            invalid: { detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING_MSG, input: 'abc' }] },
            missing: { detail: 'Item not found' },
            boom: { detail: 'Internal Server Error' },
          };
          outcome =
            JSON.stringify(JSON.parse(res.body)) === JSON.stringify(expected[mode])
              ? res.status
              : `unexpected body ${res.body}`;
        }
        outcomes.set(mode, [...(outcomes.get(mode) ?? []), outcome]);
      }
    };
    try {
      await Promise.all(Array.from({ length: 20 }, worker));

      const summary = (mode: string): Record<string, number> => {
        const tally: Record<string, number> = {};
        for (const o of outcomes.get(mode) ?? []) tally[String(o)] = (tally[String(o)] ?? 0) + 1;
        return tally;
      };
      expect(summary('ok')).toEqual({ 200: 600 });
      expect(summary('invalid')).toEqual({ 422: 100 });
      expect(summary('missing')).toEqual({ 404: 100 });
      expect(summary('boom')).toEqual({ 500: 100 });
      expect(summary('slow')).toEqual({ aborted: 100 });

      // Aborted requests finish their handler 150 ms later; wait until the counters stop moving.
      const deadline = Date.now() + 5000;
      let last = '';
      while (Date.now() < deadline) {
        const now = JSON.stringify(counts);
        if (now === last && counts.asyncSetups === counts.asyncCleanups && counts.syncSetups === counts.syncCleanups)
          break;
        last = now;
        await sleep(100);
      }
      expect(counts.asyncCleanups).toBe(counts.asyncSetups);
      expect(counts.syncCleanups).toBe(counts.syncSetups);
      expect(counts.syncSetups).toBe(counts.asyncSetups);
      expect(Object.fromEntries(['ok', 'invalid', 'missing', 'boom'].map((m) => [m, setupsByMode.get(m)]))).toEqual({
        ok: 600,
        invalid: 100,
        missing: 100,
        boom: 100,
      });
      const slowSetups = setupsByMode.get('slow') ?? 0;
      // The aborts happen 30 ms into a 150 ms handler: the aborted requests did reach the dependency.
      expect(slowSetups).toBeGreaterThan(0);
      expect(slowSetups).toBeLessThanOrEqual(100);
      expect(counts.asyncSetups).toBe(900 + slowSetups);

      const after = await get(port, '/work?mode=ok&n=7', agent);
      expect([after.status, JSON.parse(after.body)]).toEqual([200, { mode: 'ok', n: 7 }]);
      await waitFor(() => counts.asyncCleanups === counts.asyncSetups && counts.syncCleanups === counts.syncSetups);
      expect(counts.asyncSetups).toBe(901 + slowSetups);
      expect(counts).toEqual({
        asyncSetups: 901 + slowSetups,
        asyncCleanups: 901 + slowSetups,
        syncSetups: 901 + slowSetups,
        syncCleanups: 901 + slowSetups,
      });
    } finally {
      agent.destroy();
    }
  }, 30000);
});
