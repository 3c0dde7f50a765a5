import 'reflect-metadata';
import {
  App,
  type AppOptions,
  type CallNext,
  Controller,
  Depends,
  ExceptionHandler,
  type ExceptionHandlerClass,
  Get,
  HTTPException,
  type HttpMiddleware,
  JSONResponse,
  Middleware,
  Req,
  type Request,
  type Response,
  dependency,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import type { FastifyPluginAsync } from 'fastify';

const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function clientFor(app: App, options: { raiseServerExceptions?: boolean } = {}): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

@Controller()
class MainController {
  @Get('/app')
  readMain() {
    return { message: 'Hello World from main app' };
  }
}

@Controller()
class SubController {
  @Get('/sub')
  readSub() {
    return { message: 'Hello World from sub API' };
  }
}

/** FastAPI's sub-applications example: `/app` on the main app, `/sub` on the app mounted at `/subapi`. */
function example(parent: AppOptions = {}, child: AppOptions = {}): { app: App; subapi: App } {
  const app = new App({ controllers: [MainController], ...parent });
  const subapi = new App({ controllers: [SubController], ...child });
  app.mount('/subapi', subapi);
  return { app, subapi };
}

/** Every `<script src>` and `<link href>` of a page, in document order. */
function assetUrls(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
  const links = [...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);
  return [...scripts, ...links];
}

/** The path a browser would request for `url` found on the page at `pagePath`. */
function resolvePath(url: string, pagePath: string): string {
  const resolved = new URL(url, `http://testserver${pagePath}`);
  return resolved.pathname + resolved.search;
}

const SUB_DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'tsapi', version: '0.1.0' },
  servers: [{ url: '/subapi' }],
  paths: {
    '/sub': {
      get: {
        summary: 'Read Sub',
        operationId: 'readSub_sub_get',
        responses: { '200': { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
      },
    },
  },
};

describe('routes', () => {
  test('the sub-app serves its routes under the prefix while the main app serves its own', async () => {
    const client = clientFor(example().app);
    const sub = await client.get('/subapi/sub');
    expect(sub.status).toBe(200);
    expect(sub.text).toBe('{"message":"Hello World from sub API"}');
    const main = await client.get('/app');
    expect(main.status).toBe(200);
    expect(main.json()).toEqual({ message: 'Hello World from main app' });
    // Neither app's routes leak into the other's paths.
    expect((await client.get('/sub')).json()).toEqual({ detail: 'Not Found' });
    expect((await client.get('/subapi/app')).json()).toEqual({ detail: 'Not Found' });
  });

  test('unknown paths under the prefix are 404, a wrong method is 405 with Allow', async () => {
    const client = clientFor(example().app);
    const missing = await client.get('/subapi/nothing-here');
    expect([missing.status, missing.json()]).toEqual([404, { detail: 'Not Found' }]);
    const deep = await client.get('/subapi/sub/deeper');
    expect([deep.status, deep.json()]).toEqual([404, { detail: 'Not Found' }]);
    const wrongMethod = await client.post('/subapi/sub');
    expect([wrongMethod.status, wrongMethod.json()]).toEqual([405, { detail: 'Method Not Allowed' }]);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
  });

  test('apps mount inside mounted apps, and the innermost document names the whole prefix', async () => {
    @Controller()
    class LeafController {
      @Get('/leaf')
      readLeaf() {
        return { depth: 2 };
      }
    }
    const { app, subapi } = example();
    const inner = new App({ controllers: [LeafController] });
    subapi.mount('/inner', inner);
    const client = clientFor(app);
    expect((await client.get('/subapi/inner/leaf')).json()).toEqual({ depth: 2 });
    expect((await client.get('/subapi/sub')).json()).toEqual({ message: 'Hello World from sub API' });
    const doc = await client.get('/subapi/inner/openapi.json');
    expect(doc.json()).toMatchObject({ servers: [{ url: '/subapi/inner' }] });
    expect(Object.keys(doc.json<{ paths: object }>().paths)).toEqual(['/leaf']);
    expect(Object.keys((await client.get('/subapi/openapi.json')).json<{ paths: object }>().paths)).toEqual(['/sub']);
  });

  test('a plain Fastify plugin is served under its prefix, with the options given to mount()', async () => {
    const app = new App({ controllers: [MainController] });
    app.mount('/static', async (f) => {
      f.get('/file.txt', async () => 'hi');
    });
    const greeter: FastifyPluginAsync<{ greeting: string }> = async (f, opts) => {
      f.get('/hello', async () => ({ greeting: opts.greeting }));
    };
    app.mount('/plugin', greeter as FastifyPluginAsync, { greeting: 'hello there' });
    const client = clientFor(app);
    const file = await client.get('/static/file.txt');
    expect(file.status).toBe(200);
    expect(file.text).toBe('hi');
    expect(String(file.headers['content-type'])).toMatch(/^text\/plain/);
    expect((await client.get('/plugin/hello')).json()).toEqual({ greeting: 'hello there' });
    expect((await client.get('/app')).json()).toEqual({ message: 'Hello World from main app' });
    expect((await client.get('/file.txt')).status).toBe(404);
  });
});

describe('documents and docs pages', () => {
  test("/subapi/openapi.json is the sub-app's own document, with servers [{ url: '/subapi' }] and only its paths", async () => {
    const { app, subapi } = example();
    const client = clientFor(app);
    const res = await client.get('/subapi/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(SUB_DOCUMENT);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(subapi.openapi())));
  });

  test("the main app's document lists neither /sub nor anything under /subapi", async () => {
    const { app } = example();
    const res = await clientFor(app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      openapi: '3.1.0',
      info: { title: 'tsapi', version: '0.1.0' },
      paths: {
        '/app': {
          get: {
            summary: 'Read Main',
            operationId: 'readMain_app_get',
            responses: {
              '200': { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
            },
          },
        },
      },
    });
    expect(app.openapi().paths).toEqual(res.json<{ paths: object }>().paths);
  });

  test('/subapi/docs is Swagger UI whose assets live under /subapi/docs/static/ and all answer 200', async () => {
    const { app } = example({}, { title: 'Sub API' });
    const client = clientFor(app);
    const page = await client.get('/subapi/docs');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>Sub API - Swagger UI</title>');
    const urls = assetUrls(page.text);
    expect(urls.some((url) => url.endsWith('swagger-ui-bundle.js'))).toBe(true);
    expect(urls.some((url) => url.endsWith('swagger-ui.css'))).toBe(true);
    for (const url of urls) {
      const path = resolvePath(url, '/subapi/docs');
      const asset = await client.get(path);
      expect({ path, status: asset.status }).toEqual({ path, status: 200 });
      expect(path.startsWith('/subapi/docs/static/')).toBe(true);
      expect(asset.body.length).toBeGreaterThan(0);
    }
    // Swagger UI loads `./json` next to the page: the sub-app's document, not the parent's.
    expect((await client.get('/subapi/docs/json')).json()).toEqual((await client.get('/subapi/openapi.json')).json());
    expect((await client.get('/subapi/docs/json')).json()).toMatchObject({
      info: { title: 'Sub API' },
      servers: [{ url: '/subapi' }],
    });
  });

  test('/subapi/redoc loads /subapi/openapi.json with a bundle served under /subapi', async () => {
    const client = clientFor(example().app);
    const page = await client.get('/subapi/redoc');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<redoc spec-url="/subapi/openapi.json"></redoc>');
    const scripts = assetUrls(page.text);
    expect(scripts).toEqual(['/subapi/redoc/redoc.standalone.js']);
    const bundle = await client.get(scripts[0]);
    expect(bundle.status).toBe(200);
    expect(String(bundle.headers['content-type'])).toMatch(/^application\/javascript/);
  });
});

class UnicornError extends Error {
  constructor(readonly unicorn: string) {
    super(`${unicorn} misbehaved`);
    this.name = 'UnicornError';
  }
}

@ExceptionHandler(UnicornError)
class UnicornHandler implements ExceptionHandlerClass<UnicornError> {
  catch(error: UnicornError) {
    return new JSONResponse({ message: `Oops! ${error.unicorn} did something. There goes a rainbow...` }, 418);
  }
}

describe('exception handlers', () => {
  test("the sub-app's handler answers its routes; the same error in the main app is the default 500", async () => {
    @Controller()
    class MainUnicorns {
      @Get('/unicorn')
      read() {
        throw new UnicornError('yolo');
      }
    }
    @Controller()
    class SubUnicorns {
      @Get('/unicorn')
      read() {
        throw new UnicornError('yolo');
      }
    }
    const app = new App({ controllers: [MainUnicorns] });
    app.mount('/subapi', new App({ controllers: [SubUnicorns], exceptionHandlers: [UnicornHandler] }));
    const client = clientFor(app, { raiseServerExceptions: false });
    const sub = await client.get('/subapi/unicorn');
    expect([sub.status, sub.json()]).toEqual([418, { message: 'Oops! yolo did something. There goes a rainbow...' }]);
    const main = await client.get('/unicorn');
    expect([main.status, main.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
  });

  test("a sub-app's HTTPException handler replaces the default only under its prefix", async () => {
    @ExceptionHandler(HTTPException)
    class PlainHttpErrors implements ExceptionHandlerClass<HTTPException> {
      catch(error: HTTPException) {
        return new JSONResponse({ error: error.detail, from: 'subapi' }, error.statusCode);
      }
    }
    const { app } = example({}, { exceptionHandlers: [PlainHttpErrors] });
    const client = clientFor(app);
    const sub = await client.get('/subapi/missing');
    expect([sub.status, sub.json()]).toEqual([404, { error: 'Not Found', from: 'subapi' }]);
    const main = await client.get('/missing');
    expect([main.status, main.json()]).toEqual([404, { detail: 'Not Found' }]);
  });
});

describe('middleware', () => {
  test("the sub-app's middleware wraps only its routes; the main app's middleware wraps both", async () => {
    const events: string[] = [];
    @Middleware()
    class ParentMiddleware implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext): Promise<Response> {
        events.push(`parent in ${request.url}`);
        const response = await callNext(request);
        response.headers.set('x-parent', 'yes');
        events.push('parent out');
        return response;
      }
    }
    @Middleware()
    class SubMiddleware implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext): Promise<Response> {
        events.push(`sub in ${request.url}`);
        const response = await callNext(request);
        response.headers.set('x-sub', 'yes');
        events.push('sub out');
        return response;
      }
    }
    const { app } = example({ middleware: [ParentMiddleware] }, { middleware: [SubMiddleware] });
    const client = clientFor(app);

    const sub = await client.get('/subapi/sub');
    expect(sub.json()).toEqual({ message: 'Hello World from sub API' });
    expect([sub.headers['x-parent'], sub.headers['x-sub']]).toEqual(['yes', 'yes']);
    expect(events.splice(0)).toEqual(['parent in /subapi/sub', 'sub in /subapi/sub', 'sub out', 'parent out']);

    const main = await client.get('/app');
    expect(main.json()).toEqual({ message: 'Hello World from main app' });
    expect([main.headers['x-parent'], main.headers['x-sub']]).toEqual(['yes', undefined]);
    expect(events.splice(0)).toEqual(['parent in /app', 'parent out']);

    const missing = await client.get('/nowhere');
    expect([missing.status, missing.headers['x-parent'], missing.headers['x-sub']]).toEqual([404, 'yes', undefined]);
  });

  test("a sub-app's middleware can answer for its routes without reaching them", async () => {
    let reached = 0;
    @Controller()
    class CountedSub {
      @Get('/sub')
      readSub() {
        reached++;
        return { message: 'Hello World from sub API' };
      }
    }
    @Middleware()
    class RequireKey implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext): Promise<Response> {
        if (request.headers['x-key'] !== 'secret') return new JSONResponse({ detail: 'Missing key' }, 401);
        return callNext(request);
      }
    }
    const app = new App({ controllers: [MainController] });
    app.mount('/subapi', new App({ controllers: [CountedSub], middleware: [RequireKey] }));
    const client = clientFor(app);
    const refused = await client.get('/subapi/sub');
    expect([refused.status, refused.json()]).toEqual([401, { detail: 'Missing key' }]);
    expect(reached).toBe(0);
    const allowed = await client.get('/subapi/sub', { headers: { 'x-key': 'secret' } });
    expect([allowed.status, allowed.json()]).toEqual([200, { message: 'Hello World from sub API' }]);
    expect(reached).toBe(1);
    expect((await client.get('/app')).status).toBe(200);
  });
});

describe('lifespan and dependencies', () => {
  test("the sub-app's lifespan starts when the main app is ready and stops when it closes", async () => {
    const events: string[] = [];
    const parentLifespan = async function* () {
      events.push('parent startup');
      yield { role: 'parent' };
      events.push('parent shutdown');
    };
    const subLifespan = async function* () {
      events.push('sub startup');
      yield { role: 'sub' };
      events.push('sub shutdown');
    };
    const { app, subapi } = example({ lifespan: parentLifespan }, { lifespan: subLifespan });
    expect(events).toEqual([]);
    await app.ready();
    expect([...events].sort()).toEqual(['parent startup', 'sub startup']);
    expect(app.state).toEqual({ role: 'parent' });
    expect(subapi.state).toEqual({ role: 'sub' });
    const client = new TestClient(app);
    expect((await client.get('/subapi/sub')).status).toBe(200);
    expect(events).toHaveLength(2);
    await client.close();
    expect([...events.slice(2)].sort()).toEqual(['parent shutdown', 'sub shutdown']);
  });

  test("dependency overrides are per app: the main app's do not reach the sub-app, nor the reverse", async () => {
    const currentUser = () => 'real user';
    @Controller()
    class MainMe {
      @Get('/me')
      me(@Depends(currentUser) user: string) {
        return { app: 'main', user };
      }
    }
    @Controller()
    class SubMe {
      @Get('/me')
      me(@Depends(currentUser) user: string) {
        return { app: 'sub', user };
      }
    }
    const app = new App({ controllers: [MainMe] });
    const subapi = new App({ controllers: [SubMe] });
    app.mount('/subapi', subapi);
    const client = clientFor(app);

    subapi.dependencyOverrides.set(currentUser, () => 'sub override');
    expect((await client.get('/subapi/me')).json()).toEqual({ app: 'sub', user: 'sub override' });
    expect((await client.get('/me')).json()).toEqual({ app: 'main', user: 'real user' });

    app.dependencyOverrides.set(currentUser, () => 'main override');
    expect((await client.get('/me')).json()).toEqual({ app: 'main', user: 'main override' });
    expect((await client.get('/subapi/me')).json()).toEqual({ app: 'sub', user: 'sub override' });

    subapi.dependencyOverrides.clear();
    expect((await client.get('/subapi/me')).json()).toEqual({ app: 'sub', user: 'real user' });
  });

  test("the main app's app-wide dependencies do not apply to the sub-app's routes", async () => {
    const requireToken = dependency([Req()], (request: Request) => {
      if (request.headers['x-token'] !== 'ok') throw new HTTPException(401, 'Invalid token');
    });
    const { app } = example({ dependencies: [Depends(requireToken)] });
    const client = clientFor(app);
    const main = await client.get('/app');
    expect([main.status, main.json()]).toEqual([401, { detail: 'Invalid token' }]);
    const sub = await client.get('/subapi/sub');
    expect([sub.status, sub.json()]).toEqual([200, { message: 'Hello World from sub API' }]);
  });
});
