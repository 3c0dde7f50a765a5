import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { IsInt, IsString } from 'class-validator';
import {
  App,
  type AppOptions,
  Body,
  type CallNext,
  Controller,
  DefinitionError,
  ExceptionHandler,
  Get,
  HTTPException,
  type HttpMiddleware,
  Injectable,
  JSONResponse,
  Middleware,
  Path,
  Post,
  type Reply,
  type Request,
  Res,
  Response,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

/** What the handlers and middleware of the current test did, in order. */
let events: string[] = [];

const clients: TestClient[] = [];
const served: App[] = [];

beforeEach(() => {
  events = [];
});

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...served.splice(0).map((a) => a.close())]);
});

function clientFor(options: AppOptions, clientOptions: { raiseServerExceptions?: boolean } = {}): TestClient {
  // Errors are expected in several tests: keep Fastify's error log quiet.
  const client = new TestClient(new App({ fastify: { logger: false }, ...options }), clientOptions);
  clients.push(client);
  return client;
}

class ItemIn {
  @IsString() name!: string;
  @IsInt() quantity!: number;
}

class TeapotError extends Error {}

@Controller()
class ItemsController {
  @Get('/items/{itemId}')
  read(@Path('itemId', { type: 'integer' }) itemId: number) {
    events.push('handler');
    return { itemId };
  }

  @Post('/items', { statusCode: 201 })
  create(@Body() item: ItemIn) {
    events.push('handler');
    return { created: item.name, quantity: item.quantity };
  }

  @Get('/boom')
  boom() {
    events.push('handler');
    throw new Error('database exploded');
  }

  @Get('/teapot')
  teapot() {
    throw new TeapotError('short and stout');
  }

  @Get('/missing')
  missing() {
    throw new HTTPException(404, 'Item not found', { 'x-error': 'gone' });
  }

  @Get('/cookies')
  cookies(@Res() reply: Reply) {
    reply.header('set-cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    reply.header('x-internal', 'secret');
    return { ok: true };
  }
}

@Middleware()
class ProcessTime implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const start = performance.now();
    const response = await callNext(request);
    response.headers.set('x-process-time', String((performance.now() - start) / 1000));
    return response;
  }
}

/** Adds a header to every answer and records the status it saw. */
@Middleware()
class Stamp implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const response = await callNext(request);
    events.push(`stamp saw ${response.statusCode}`);
    response.headers.set('x-stamp', 'yes');
    return response;
  }
}

@Middleware()
class RequireToken implements HttpMiddleware {
  dispatch(request: Request, callNext: CallNext): Response | Promise<Response> {
    if (request.headers['x-token'] !== 'letmein') {
      events.push('refused');
      return new JSONResponse({ detail: 'Not authenticated' }, 401, { 'www-authenticate': 'Bearer' });
    }
    return callNext(request);
  }
}

describe("FastAPI's process-time example", () => {
  test('every answer carries x-process-time, a non-negative number of seconds', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [ProcessTime] });
    const res = await client.get('/items/5');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ itemId: 5 });
    const header = res.headers['x-process-time'];
    expect(typeof header).toBe('string');
    const seconds = Number(header);
    expect(Number.isFinite(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(0);
  });
});

describe('order', () => {
  test('the first listed middleware is the outermost', async () => {
    @Middleware()
    class A implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        events.push('a before');
        const response = await callNext(request);
        events.push('a after');
        return response;
      }
    }
    @Middleware()
    class B implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        events.push('b before');
        const response = await callNext(request);
        events.push('b after');
        return response;
      }
    }
    @Middleware()
    class C implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        events.push('c before');
        const response = await callNext(request);
        events.push('c after');
        return response;
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [A, B, C] });
    const res = await client.get('/items/1');
    expect(res.status).toBe(200);
    expect(events).toEqual(['a before', 'b before', 'c before', 'handler', 'c after', 'b after', 'a after']);
  });

  test('an inner middleware sees the response before an outer one, and the outer one has the last word', async () => {
    @Middleware()
    class Outer implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        events.push(`outer saw ${response.headers.get('x-layer')}`);
        response.headers.set('x-layer', 'outer');
        return response;
      }
    }
    @Middleware()
    class Inner implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        events.push(`inner saw ${response.headers.get('x-layer')}`);
        response.headers.set('x-layer', 'inner');
        return response;
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [Outer, Inner] });
    const res = await client.get('/items/1');
    expect(res.headers['x-layer']).toBe('outer');
    expect(events).toEqual(['handler', 'inner saw null', 'outer saw inner']);
  });
});

describe('answering without calling callNext', () => {
  test('a 401 from the middleware: the route does not run and the client gets the whole answer', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [RequireToken] });
    const res = await client.get('/items/1');
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ detail: 'Not authenticated' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(events).toEqual(['refused']);
  });

  test('with the token, the request goes through to the route', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [RequireToken] });
    const res = await client.get('/items/1', { headers: { 'x-token': 'letmein' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ itemId: 1 });
    expect(events).toEqual(['handler']);
  });

  test('an outer middleware sees the short-circuit answer of an inner one', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp, RequireToken] });
    const res = await client.get('/items/1');
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ detail: 'Not authenticated' });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['refused', 'stamp saw 401']);
  });
});

describe('changing the response', () => {
  test('status, headers and body can all be replaced', async () => {
    @Middleware()
    class Rewrite implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        const original = JSON.parse(String(response.body)) as Record<string, unknown>;
        events.push(`original ${response.statusCode}`);
        response.statusCode = response.statusCode === 201 ? 202 : response.statusCode;
        response.body = JSON.stringify({ accepted: original, by: 'middleware' });
        response.headers.set('x-rewritten', 'true');
        return response;
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [Rewrite] });
    const res = await client.post('/items', { json: { name: 'hammer', quantity: 2 } });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ accepted: { created: 'hammer', quantity: 2 }, by: 'middleware' });
    expect(res.headers['x-rewritten']).toBe('true');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(events).toEqual(['handler', 'original 201']);
  });

  test('a header set by the handler can be removed', async () => {
    @Middleware()
    class HideInternal implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        events.push(`handler sent ${response.headers.get('x-internal')}`);
        response.headers.delete('x-internal');
        return response;
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [HideInternal] });
    const res = await client.get('/cookies');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['x-internal']).toBeUndefined();
    expect(events).toEqual(['handler sent secret']);
  });

  test("the response's headers behave as a WHATWG Headers, before and after a full read", async () => {
    @Middleware()
    class Inspect implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        const { headers } = response;
        events.push(`is Headers ${headers instanceof Headers} ${Object.prototype.toString.call(headers)}`);
        headers.append('X-Internal', 'more');
        events.push(`appended ${headers.get('x-internal')}`);
        headers.delete('content-language');
        events.push(`has missing ${headers.has('content-language')}`);
        headers.set('x-trace', '  padded\t');
        events.push(`cookies ${headers.getSetCookie().join(' | ')}`);
        for (const bad of [['bad name', 'v'], ['x-bad', 'line\nbreak'], ['x-bad', 'snow \u2603']]) {
          try {
            headers.set(bad[0], bad[1]);
            events.push('accepted a bad header');
          } catch (error) {
            events.push(`refused ${(error as Error).name}`);
          }
        }
        events.push(`names ${[...headers.keys()].filter((name) => name.startsWith('x-')).join(',')}`);
        const copy = new Headers(headers);
        events.push(`copied ${copy.get('x-internal')} ${copy.getSetCookie().length} cookies`);
        const seen: string[] = [];
        headers.forEach((value, name) => seen.push(`${name}=${value}`));
        events.push(`forEach ${seen.filter((entry) => entry.startsWith('x-')).join(' ')}`);
        headers.append('x-after', 'listed');
        events.push(`after ${headers.get('x-after')} ${headers.get('x-trace')}`);
        return response;
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [Inspect] });
    const res = await client.get('/cookies');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['x-internal']).toBe('secret, more');
    expect(res.headers['x-trace']).toBe('padded');
    expect(res.headers['x-after']).toBe('listed');
    expect(res.headers['set-cookie']).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    expect(events).toEqual([
      'is Headers true [object Headers]',
      'appended secret, more',
      'has missing false',
      'cookies session=abc; Path=/; HttpOnly | theme=dark; Path=/',
      'refused TypeError',
      'refused TypeError',
      'refused TypeError',
      'names x-internal,x-trace',
      'copied secret, more 2 cookies',
      'forEach x-internal=secret, more x-trace=padded',
      'after listed padded',
    ]);
  });

  test('a middleware may answer with another Response after calling callNext', async () => {
    @Middleware()
    class Replace implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        return new Response(
          `status was ${response.statusCode}`,
          200,
          { 'x-replaced': '1' },
          'text/plain; charset=utf-8',
        );
      }
    }
    const client = clientFor({ controllers: [ItemsController], middleware: [Replace] });
    const res = await client.get('/items/7');
    expect(res.status).toBe(200);
    expect(res.text).toBe('status was 200');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-replaced']).toBe('1');
    expect(events).toEqual(['handler']);
  });
});

describe('answers that are not from a route handler are wrapped too', () => {
  test('404 for an unknown path', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] });
    const res = await client.get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['stamp saw 404']);
  });

  test('404 from an HTTPException keeps its own header', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] });
    const res = await client.get('/missing');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Item not found' });
    expect(res.headers['x-error']).toBe('gone');
    expect(res.headers['x-stamp']).toBe('yes');
  });

  test('405 keeps its Allow header', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] });
    const res = await client.delete('/items/1');
    expect(res.status).toBe(405);
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' });
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['stamp saw 405']);
  });

  test('422 keeps its whole body', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] });
    const res = await client.get('/items/abc');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: 'abc' }],
    });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['stamp saw 422']);
  });

  test('500: the handler error is already a response when callNext resolves', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] }, { raiseServerExceptions: false });
    const res = await client.get('/boom');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['handler', 'stamp saw 500']);
  });

  test("an exception handler's answer is what callNext resolves to", async () => {
    @ExceptionHandler(TeapotError)
    class TeapotHandler {
      catch(error: TeapotError) {
        return new JSONResponse({ message: error.message }, 418);
      }
    }
    const client = clientFor({
      controllers: [ItemsController],
      middleware: [Stamp],
      exceptionHandlers: [TeapotHandler],
    });
    const res = await client.get('/teapot');
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ message: 'short and stout' });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['stamp saw 418']);
  });

  test("the parent's middleware wraps a mounted app's routes", async () => {
    @Controller()
    class SubController {
      @Get('/hello')
      hello() {
        events.push('sub handler');
        return { from: 'sub' };
      }
    }
    const app = new App({ fastify: { logger: false }, middleware: [Stamp] });
    app.mount('/subapi', new App({ controllers: [SubController] }));
    const client = new TestClient(app);
    clients.push(client);
    const res = await client.get('/subapi/hello');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ from: 'sub' });
    expect(res.headers['x-stamp']).toBe('yes');
    expect(events).toEqual(['sub handler', 'stamp saw 200']);
  });
});

describe('a middleware that fails', () => {
  @Middleware()
  class FailsBefore implements HttpMiddleware {
    dispatch(request: Request): Response {
      events.push(`fails before ${request.url}`);
      throw new Error('middleware broke before');
    }
  }

  @Middleware()
  class FailsAfterOnTwo implements HttpMiddleware {
    async dispatch(request: Request, callNext: CallNext) {
      const response = await callNext(request);
      if (request.url === '/items/2') throw new Error('middleware broke after');
      return response;
    }
  }

  test('throwing before callNext → 500, the route does not run, and the app keeps answering', async () => {
    @Middleware()
    class FailsOnTwo implements HttpMiddleware {
      dispatch(request: Request, callNext: CallNext) {
        if (request.url === '/items/2') throw new Error('middleware broke before');
        return callNext(request);
      }
    }
    const client = clientFor(
      { controllers: [ItemsController], middleware: [FailsOnTwo] },
      { raiseServerExceptions: false },
    );
    const failed = await client.get('/items/2');
    expect(failed.status).toBe(500);
    expect(failed.json()).toEqual({ detail: 'Internal Server Error' });
    expect(events).toEqual([]);
    const next = await client.get('/items/3');
    expect(next.status).toBe(200);
    expect(next.json()).toEqual({ itemId: 3 });
    expect(events).toEqual(['handler']);
  });

  test('throwing after callNext → 500 although the route ran, and the app keeps answering', async () => {
    const client = clientFor(
      { controllers: [ItemsController], middleware: [FailsAfterOnTwo] },
      { raiseServerExceptions: false },
    );
    const failed = await client.get('/items/2');
    expect(failed.status).toBe(500);
    expect(failed.json()).toEqual({ detail: 'Internal Server Error' });
    expect(events).toEqual(['handler']);
    const next = await client.get('/items/3');
    expect(next.status).toBe(200);
    expect(next.json()).toEqual({ itemId: 3 });
    expect(events).toEqual(['handler', 'handler']);
  });

  test('throwing after calling callNext without awaiting it → 500 once the route has answered', async () => {
    @Middleware()
    class ForgetsToAwait implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext): Promise<Response> {
        void callNext(request);
        throw new Error('middleware broke without awaiting');
      }
    }
    @Controller()
    class SlowController {
      @Get('/slow')
      async slow() {
        events.push('slow handler');
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { slow: true };
      }
    }
    const client = clientFor(
      { controllers: [SlowController], middleware: [ForgetsToAwait] },
      { raiseServerExceptions: false },
    );
    const failed = await client.get('/slow');
    expect(failed.status).toBe(500);
    expect(failed.json()).toEqual({ detail: 'Internal Server Error' });
    expect(events).toEqual(['slow handler']);
  });

  test('the default TestClient throws the error of a failing middleware in the test', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [FailsBefore] });
    await expect(client.get('/items/1')).rejects.toThrow('middleware broke before');
    expect(events).toEqual(['fails before /items/1']);
  });
});

describe('middleware classes are providers', () => {
  @Injectable()
  class RequestCounter {
    count = 0;
    next(): number {
      return ++this.count;
    }
  }

  @Middleware()
  class CountRequests implements HttpMiddleware {
    constructor(private readonly counter: RequestCounter) {}

    async dispatch(request: Request, callNext: CallNext) {
      const response = await callNext(request);
      response.headers.set('x-request-number', String(this.counter.next()));
      return response;
    }
  }

  @Middleware()
  class FixedNumber implements HttpMiddleware {
    async dispatch(request: Request, callNext: CallNext) {
      const response = await callNext(request);
      response.headers.set('x-request-number', 'replaced');
      return response;
    }
  }

  test('constructor injection of an @Injectable() service, one instance for the app', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [CountRequests] });
    const first = await client.get('/items/1');
    const second = await client.get('/nowhere');
    expect(first.headers['x-request-number']).toBe('1');
    expect(second.headers['x-request-number']).toBe('2');
  });

  test('providers: [{ provide, useClass }] replaces a middleware', async () => {
    const client = clientFor({
      controllers: [ItemsController],
      middleware: [CountRequests],
      providers: [{ provide: CountRequests, useClass: FixedNumber }],
    });
    const res = await client.get('/items/1');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ itemId: 1 });
    expect(res.headers['x-request-number']).toBe('replaced');
  });

  test('a class listed in middleware without @Middleware() is a DefinitionError at ready()', async () => {
    class NotDecorated implements HttpMiddleware {
      dispatch(request: Request, callNext: CallNext) {
        return callNext(request);
      }
    }
    const app = new App({ controllers: [ItemsController], middleware: [NotDecorated] });
    const error = await app.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).message).toContain(
      'NotDecorated: it is listed in middleware but has no @Middleware() decorator',
    );
  });
});

describe('what passes through a middleware untouched', () => {
  test('set-cookie headers from the handler survive, each one separately', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp] });
    const res = await client.get('/cookies');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['set-cookie']).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    expect(res.headers['x-stamp']).toBe('yes');
  });

  test('a JSON request body reaches the handler, and its validation still answers 422', async () => {
    const client = clientFor({ controllers: [ItemsController], middleware: [Stamp, ProcessTime] });
    const ok = await client.post('/items', { json: { name: 'saw', quantity: 3 } });
    expect(ok.status).toBe(201);
    expect(ok.json()).toEqual({ created: 'saw', quantity: 3 });
    const bad = await client.post('/items', { json: { name: 'saw', quantity: 'three' } });
    expect(bad.status).toBe(422);
    expect(bad.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'quantity'], msg: INT_PARSING_MSG, input: 'three' }],
    });
    expect(events).toEqual(['handler', 'stamp saw 201', 'stamp saw 422']);
  });
});

describe('over real HTTP', () => {
  test('a listening app runs its middleware around route, short-circuit and body', async () => {
    const app = new App({
      fastify: { logger: false },
      controllers: [ItemsController],
      middleware: [ProcessTime, RequireToken],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    served.push(app);
    const { port } = app.fastify.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;

    const refused = await fetch(`${base}/items/1`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ detail: 'Not authenticated' });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(refused.headers.get('x-process-time')).toMatch(/^\d+(\.\d+)?(e-\d+)?$/);

    const created = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token': 'letmein' },
      body: JSON.stringify({ name: 'drill', quantity: 1 }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ created: 'drill', quantity: 1 });
    expect(created.headers.get('x-process-time')).toMatch(/^\d+(\.\d+)?(e-\d+)?$/);
    expect(events).toEqual(['refused', 'handler']);
  });
});
