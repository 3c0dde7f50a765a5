import 'reflect-metadata';
import { IsNumber, IsOptional, IsString } from 'class-validator';
import {
  App,
  Body,
  Controller,
  Cookie,
  DEPENDENCY_CALL,
  Depends,
  Get,
  Header,
  HTTPException,
  Path,
  Post,
  Query,
  Req,
  Router,
  Security,
  SecurityScopes,
  dependency,
  type Request,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

const clients: TestClient[] = [];

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

function clientOf(...controllers: Function[]): TestClient {
  return clientFor(new App({ controllers: controllers as (new (...args: never[]) => unknown)[] }));
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('function dependencies', () => {
  test('sync and async functions without parameters give their values', async () => {
    const version = () => 'v1';
    const settings = async () => ({ debug: false, region: 'eu' });
    @Controller()
    class InfoController {
      @Get('/info')
      info(@Depends(version) v: string, @Depends(settings) s: { debug: boolean; region: string }) {
        return { v, s };
      }
    }
    const res = await clientOf(InfoController).get('/info');
    expect([res.status, res.json()]).toEqual([200, { v: 'v1', s: { debug: false, region: 'eu' } }]);
  });

  test('declared path, query, header and cookie parameters are read and coerced', async () => {
    const lookup = dependency(
      [
        Path('itemId', { type: 'integer' }),
        Query('q', { type: 'string' }),
        Query('ratio', { type: 'number' }),
        Header('x-count', { type: 'integer' }),
        Cookie('flag', { type: 'boolean' }),
      ],
      (itemId: number, q: string, ratio: number, count: number, flag: boolean) => ({ itemId, q, ratio, count, flag }),
    );
    @Controller()
    class ItemsController {
      @Get('/items/{itemId}')
      read(@Depends(lookup) found: Record<string, unknown>) {
        return { found, types: Object.values(found).map((v) => typeof v) };
      }
    }
    const res = await clientOf(ItemsController).get('/items/7', {
      query: { q: '42', ratio: '0.5' },
      headers: { 'x-count': '3' },
      cookies: { flag: 'yes' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      found: { itemId: 7, q: '42', ratio: 0.5, count: 3, flag: true },
      types: ['number', 'string', 'number', 'number', 'boolean'],
    });
  });

  test('defaults fill absent parameters and required: false gives undefined', async () => {
    const paging = dependency(
      [Query('limit', { type: 'integer', default: 10 }), Query('q', { type: 'string', required: false }), Header('x-tenant', { type: 'string', required: false })],
      (limit: number, q: string | undefined, tenant: string | undefined) => ({ limit, qIsUndefined: q === undefined, tenantIsUndefined: tenant === undefined }),
    );
    @Controller()
    class ListController {
      @Get('/list')
      list(@Depends(paging) paged: object) {
        return paged;
      }
    }
    const client = clientOf(ListController);
    let res = await client.get('/list');
    expect([res.status, res.json()]).toEqual([200, { limit: 10, qIsUndefined: true, tenantIsUndefined: true }]);
    res = await client.get('/list', { query: { limit: '25', q: 'x' }, headers: { 'x-tenant': 'acme' } });
    expect([res.status, res.json()]).toEqual([200, { limit: 25, qIsUndefined: false, tenantIsUndefined: false }]);
  });

  test('a declared parameter that does not parse is a 422 at its own location', async () => {
    const lookup = dependency([Path('itemId', { type: 'integer' })], (itemId: number) => itemId);
    @Controller()
    class ItemsController {
      @Get('/items/{itemId}')
      read(@Depends(lookup) itemId: number) {
        return { itemId };
      }
    }
    const res = await clientOf(ItemsController).get('/items/abc');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: 'abc' }] });
  });

  test('a promise returned by a non-async function is awaited', async () => {
    const later = () => new Promise<{ late: boolean }>((resolve) => setTimeout(() => resolve({ late: true }), 5));
    @Controller()
    class LateController {
      @Get('/late')
      late(@Depends(later) value: unknown) {
        return { value, wasPromise: value instanceof Promise };
      }
    }
    const res = await clientOf(LateController).get('/late');
    expect([res.status, res.json()]).toEqual([200, { value: { late: true }, wasPromise: false }]);
  });

  test('Req() in a dependency gives the Fastify request', async () => {
    const where = dependency([Req()], (request: Request) => ({ url: request.url, method: request.method, agent: request.headers['user-agent'] }));
    @Controller()
    class WhereController {
      @Get('/where')
      where(@Depends(where) seen: object) {
        return seen;
      }
    }
    const res = await clientOf(WhereController).get('/where?x=1', { headers: { 'user-agent': 'probe/1.0' } });
    expect([res.status, res.json()]).toEqual([200, { url: '/where?x=1', method: 'GET', agent: 'probe/1.0' }]);
  });
});

interface Paging {
  readonly q?: string;
  readonly skip: number;
  readonly limit: number;
}

class CommonQuery implements Paging {
  constructor(
    @Query('q', { required: false }) public q?: string,
    @Query('skip', { default: 0, type: 'integer' }) public skip = 0,
    @Query('limit', { default: 100, le: 1000, type: 'integer' }) public limit = 100,
  ) {}

  get end(): number {
    return this.skip + this.limit;
  }

  describe(): string {
    return `${this.q ?? '*'}[${this.skip}:${this.end}]`;
  }
}

describe('class dependencies', () => {
  @Controller()
  class CommonController {
    @Get('/items')
    items(@Depends() commons: CommonQuery) {
      return { q: commons.q, skip: commons.skip, limit: commons.limit };
    }

    @Get('/users')
    users(@Depends(CommonQuery) commons: Paging) {
      return { q: commons.q, skip: commons.skip, limit: commons.limit };
    }

    @Get('/instance')
    instance(@Depends() commons: CommonQuery) {
      return { isInstance: commons instanceof CommonQuery, end: commons.end, described: commons.describe() };
    }
  }

  test('@Depends() with the parameter type: defaults, then given values', async () => {
    const client = clientOf(CommonController);
    let res = await client.get('/items');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"skip":0,"limit":100}');
    res = await client.get('/items', { query: { q: 'foo', skip: '5', limit: '20' } });
    expect([res.status, res.json()]).toEqual([200, { q: 'foo', skip: 5, limit: 20 }]);
  });

  test('@Depends(CommonQuery) names the class explicitly', async () => {
    const client = clientOf(CommonController);
    let res = await client.get('/users');
    expect([res.status, res.json()]).toEqual([200, { skip: 0, limit: 100 }]);
    res = await client.get('/users', { query: { q: 'bar', limit: '1000' } });
    expect([res.status, res.json()]).toEqual([200, { q: 'bar', skip: 0, limit: 1000 }]);
  });

  test('the handler gets a real instance: getters and methods work', async () => {
    const res = await clientOf(CommonController).get('/instance', { query: { q: 'x', skip: '10', limit: '5' } });
    expect([res.status, res.json()]).toEqual([200, { isInstance: true, end: 15, described: 'x[10:15]' }]);
  });

  test('limit above le is 422 less_than_equal with the whole FastAPI body', async () => {
    const res = await clientOf(CommonController).get('/items', { query: { limit: '2000' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', input: '2000', ctx: { le: 1000 } }],
    });
  });

  test('every failing constructor parameter is listed, in declaration order', async () => {
    const res = await clientOf(CommonController).get('/users', { query: { skip: 'one', limit: '1001' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'skip'], msg: INT_PARSING_MSG, input: 'one' },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', input: '1001', ctx: { le: 1000 } },
      ],
    });
  });
});

describe('types from defaults', () => {
  // As written in the API contract: parameter properties typed only by their initializer record
  // `Object` as design type; the defaults give the types (an integer default means an integer).
  class ApiCommonQuery {
    constructor(
      @Query('q', { required: false }) public q?: string,
      @Query('skip', { default: 0 }) public skip = 0,
      @Query('limit', { default: 100, le: 1000 }) public limit = 100,
      @Query('ratio', { default: 0.5 }) public ratio = 0.5,
      @Query('verbose', { default: false }) public verbose = false,
    ) {}
  }

  @Controller()
  class ApiController {
    @Get('/items')
    items(@Depends() commons: ApiCommonQuery) {
      return { ...commons };
    }
  }

  test('the contract example compiles and coerces by its defaults', async () => {
    const client = clientOf(ApiController);
    let res = await client.get('/items', { query: { q: 'x', skip: '2', ratio: '1.25', verbose: 'yes' } });
    expect([res.status, res.json()]).toEqual([200, { q: 'x', skip: 2, limit: 100, ratio: 1.25, verbose: true }]);
    res = await client.get('/items', { query: { skip: '1.5', limit: '1001' } });
    expect([res.status, res.json()]).toEqual([
      422,
      {
        detail: [
          { type: 'int_parsing', loc: ['query', 'skip'], msg: INT_PARSING_MSG, input: '1.5' },
          { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', input: '1001', ctx: { le: 1000 } },
        ],
      },
    ]);
  });
});

describe('sub-dependencies', () => {
  test('resolve depth-first, before the dependency that needs them', async () => {
    const log: string[] = [];
    const c = () => {
      log.push('c');
      return 'c';
    };
    const b = dependency([Depends(c)], (fromC: string) => {
      log.push('b');
      return `b(${fromC})`;
    });
    const d = () => {
      log.push('d');
      return 'd';
    };
    const a = dependency([Depends(b), Depends(d)], (fromB: string, fromD: string) => {
      log.push('a');
      return `a(${fromB},${fromD})`;
    });
    @Controller()
    class ChainController {
      @Get('/chain')
      chain(@Depends(a) value: string) {
        log.push('handler');
        return { value };
      }
    }
    const res = await clientOf(ChainController).get('/chain');
    expect([res.status, res.json()]).toEqual([200, { value: 'a(b(c),d)' }]);
    expect(log).toEqual(['c', 'b', 'd', 'a', 'handler']);
  });

  test('a query parameter declared in a sub-dependency is read, and its error located', async () => {
    const token = dependency([Query('token', { type: 'string', minLength: 3 })], (t: string) => t);
    const user = dependency([Depends(token)], (t: string) => ({ name: `user-${t}` }));
    @Controller()
    class MeController {
      @Get('/me')
      me(@Depends(user) current: { name: string }) {
        return current;
      }
    }
    const client = clientOf(MeController);
    const ok = await client.get('/me', { query: { token: 'abc' } });
    expect([ok.status, ok.json()]).toEqual([200, { name: 'user-abc' }]);
    const missing = await client.get('/me');
    expect(missing.status).toBe(422);
    expect(missing.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'token'], msg: 'Field required', input: null }] });
    const short = await client.get('/me', { query: { token: 'ab' } });
    expect(short.status).toBe(422);
    expect(short.json()).toEqual({
      detail: [{ type: 'string_too_short', loc: ['query', 'token'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } }],
    });
  });

  test('dependencies lists run app → include → routers outer to inner → controller → route → params', async () => {
    const log: string[] = [];
    const mark = (name: string) => () => {
      log.push(name);
      return `value of ${name}`;
    };
    @Controller('/c', { dependencies: [Depends(mark('controller'))] })
    class OrderController {
      @Get('/run', { dependencies: [Depends(mark('route 1')), Depends(mark('route 2'))] })
      run(@Depends(mark('param 1')) first: string, @Depends(mark('param 2')) second: string) {
        log.push('handler');
        return { first, second };
      }
    }
    const inner = new Router({ prefix: '/inner', dependencies: [Depends(mark('inner router'))], controllers: [OrderController] });
    const outer = new Router({ prefix: '/outer', dependencies: [Depends(mark('outer router'))], routers: [inner] });
    const app = new App({ dependencies: [Depends(mark('app'))] });
    app.include(outer, { dependencies: [Depends(mark('include'))] });
    const res = await clientFor(app).get('/outer/inner/c/run');
    expect([res.status, res.json()]).toEqual([200, { first: 'value of param 1', second: 'value of param 2' }]);
    expect(log).toEqual(['app', 'include', 'outer router', 'inner router', 'controller', 'route 1', 'route 2', 'param 1', 'param 2', 'handler']);
  });

  test('a listed dependency that throws HTTPException stops the request; the handler does not run', async () => {
    const log: string[] = [];
    const verifyKey = dependency([Header('x-key', { type: 'string' })], (key: string) => {
      log.push(`verify ${key}`);
      if (key !== 'secret') throw new HTTPException(403, 'Forbidden');
    });
    @Controller('/admin', { dependencies: [Depends(verifyKey)] })
    class AdminController {
      @Get('/stats')
      stats() {
        log.push('handler');
        return { users: 3 };
      }
    }
    const client = clientOf(AdminController);
    const denied = await client.get('/admin/stats', { headers: { 'x-key': 'guess' } });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({ detail: 'Forbidden' });
    expect(log).toEqual(['verify guess']);
    const allowed = await client.get('/admin/stats', { headers: { 'x-key': 'secret' } });
    expect([allowed.status, allowed.json()]).toEqual([200, { users: 3 }]);
    expect(log).toEqual(['verify guess', 'verify secret', 'handler']);
  });

  test('an app-level dependency that throws guards every route', async () => {
    let handlerCalls = 0;
    const closed = () => {
      throw new HTTPException(403, 'Forbidden');
    };
    @Controller()
    class OpenController {
      @Get('/open')
      open() {
        handlerCalls++;
        return {};
      }
    }
    const res = await clientFor(new App({ controllers: [OpenController], dependencies: [Depends(closed)] })).get('/open');
    expect([res.status, res.json()]).toEqual([403, { detail: 'Forbidden' }]);
    expect(handlerCalls).toBe(0);
  });
});

describe('caching', () => {
  interface Shared {
    readonly serial: number;
  }

  function sharedSetup() {
    let calls = 0;
    const seen: Shared[] = [];
    const shared = (): Shared => ({ serial: ++calls });
    const left = dependency([Depends(shared)], (s: Shared) => {
      seen.push(s);
      return s.serial;
    });
    const right = dependency([Depends(shared)], (s: Shared) => {
      seen.push(s);
      return s.serial;
    });
    return { shared, left, right, seen, calls: () => calls };
  }

  test('a dependency used by two dependencies and the handler runs once per request', async () => {
    const { shared, left, right, seen, calls } = sharedSetup();
    @Controller()
    class CacheController {
      @Get('/cached')
      cached(@Depends(left) l: number, @Depends(right) r: number, @Depends(shared) s: Shared) {
        seen.push(s);
        return { l, r, s: s.serial };
      }
    }
    const client = clientOf(CacheController);
    let res = await client.get('/cached');
    expect([res.status, res.json()]).toEqual([200, { l: 1, r: 1, s: 1 }]);
    expect(calls()).toBe(1);
    expect(seen).toHaveLength(3);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);

    res = await client.get('/cached');
    expect([res.status, res.json()]).toEqual([200, { l: 2, r: 2, s: 2 }]);
    expect(calls()).toBe(2);
    expect(seen[3]).not.toBe(seen[0]);
    expect(seen[4]).toBe(seen[3]);
    expect(seen[5]).toBe(seen[3]);
  });

  test('useCache: false runs that use again, with a value of its own', async () => {
    const { shared, left, seen, calls } = sharedSetup();
    @Controller()
    class FreshController {
      @Get('/fresh')
      fresh(@Depends(left) l: number, @Depends(shared, { useCache: false }) fresh: Shared, @Depends(shared) cached: Shared) {
        seen.push(fresh, cached);
        return { l, fresh: fresh.serial, cached: cached.serial };
      }
    }
    const res = await clientOf(FreshController).get('/fresh');
    expect([res.status, res.json()]).toEqual([200, { l: 1, fresh: 2, cached: 1 }]);
    expect(calls()).toBe(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
  });

  test('a use without cache leaves the cached value to the later uses, as FastAPI', async () => {
    const { shared, seen, calls } = sharedSetup();
    @Controller()
    class LaterController {
      @Get('/later')
      later(@Depends(shared) first: Shared, @Depends(shared, { useCache: false }) fresh: Shared, @Depends(shared) later: Shared) {
        seen.push(first, fresh, later);
        return { first: first.serial, fresh: fresh.serial, later: later.serial };
      }
    }
    const res = await clientOf(LaterController).get('/later');
    expect([res.status, res.json()]).toEqual([200, { first: 1, fresh: 2, later: 1 }]);
    expect(calls()).toBe(2);
    expect(seen[2]).toBe(seen[0]);
  });

  test('a dependency in a dependencies list and a handler parameter runs once', async () => {
    const { shared, calls } = sharedSetup();
    @Controller('', { dependencies: [Depends(shared)] })
    class ListedController {
      @Get('/listed', { dependencies: [Depends(shared)] })
      listed(@Depends(shared) s: Shared) {
        return { serial: s.serial };
      }
    }
    const res = await clientOf(ListedController).get('/listed');
    expect([res.status, res.json()]).toEqual([200, { serial: 1 }]);
    expect(calls()).toBe(1);
  });

  test('a class dependency used twice is one instance', async () => {
    let constructed = 0;
    class Counted {
      readonly serial = ++constructed;
    }
    const wrapper = dependency([Depends(Counted)], (c: Counted) => c);
    @Controller()
    class ClassCacheController {
      @Get('/counted')
      counted(@Depends() a: Counted, @Depends(wrapper) b: Counted) {
        return { same: a === b, serial: a.serial, isInstance: a instanceof Counted };
      }
    }
    const res = await clientOf(ClassCacheController).get('/counted');
    expect([res.status, res.json()]).toEqual([200, { same: true, serial: 1, isInstance: true }]);
    expect(constructed).toBe(1);
  });
});

describe('validation with dependencies', () => {
  class NoteIn {
    @IsString() text!: string;
  }

  test('errors of dependencies, then the handler path, query, header, cookie and body come in one 422', async () => {
    const log: string[] = [];
    const depA = dependency([Query('a', { type: 'integer' })], (a: number) => log.push(`a ${a}`));
    const depB = dependency([Header('x-b', { type: 'string' })], (b: string) => log.push(`b ${b}`));
    @Controller()
    class MixedController {
      // Declared out of FastAPI's error order on purpose.
      @Post('/notes/{noteId}')
      create(
        @Body() note: NoteIn,
        @Cookie('session', { type: 'integer' }) session: number,
        @Depends(depA) a: number,
        @Header('x-h', { type: 'string' }) h: string,
        @Query('page', { type: 'integer' }) page: number,
        @Depends(depB) b: number,
        @Path('noteId', { type: 'integer' }) noteId: number,
      ) {
        log.push('handler');
        return { note, session, a, h, page, b, noteId };
      }
    }
    const res = await clientOf(MixedController).post('/notes/x', { query: { a: 'one', page: 'two' }, cookies: { session: 's' }, json: {} });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'a'], msg: INT_PARSING_MSG, input: 'one' },
        { type: 'missing', loc: ['header', 'x-b'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['path', 'noteId'], msg: INT_PARSING_MSG, input: 'x' },
        { type: 'int_parsing', loc: ['query', 'page'], msg: INT_PARSING_MSG, input: 'two' },
        { type: 'missing', loc: ['header', 'x-h'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['cookie', 'session'], msg: INT_PARSING_MSG, input: 's' },
        { type: 'missing', loc: ['body', 'text'], msg: 'Field required', input: {} },
      ],
    });
    expect(log).toEqual([]);
  });

  test('a sub-dependency error comes before the errors of the dependency that needs it', async () => {
    const inner = dependency([Header('x-inner', { type: 'integer' })], (n: number) => n);
    const outer = dependency([Query('outer', { type: 'integer' }), Depends(inner)], (o: number, n: number) => o + n);
    @Controller()
    class NestedController {
      @Get('/nested')
      nested(@Query('own', { type: 'integer' }) own: number, @Depends(outer) sum: number) {
        return { own, sum };
      }
    }
    const res = await clientOf(NestedController).get('/nested', { query: { own: 'o', outer: 'p' }, headers: { 'x-inner': 'q' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['header', 'x-inner'], msg: INT_PARSING_MSG, input: 'q' },
        { type: 'int_parsing', loc: ['query', 'outer'], msg: INT_PARSING_MSG, input: 'p' },
        { type: 'int_parsing', loc: ['query', 'own'], msg: INT_PARSING_MSG, input: 'o' },
      ],
    });
  });

  test('a valid sibling still runs after a failed one, and its HTTPException wins over the 422', async () => {
    const log: string[] = [];
    const checked = dependency([Query('n', { type: 'integer' })], (n: number) => {
      log.push(`checked ${n}`);
      return n;
    });
    const gate = dependency([Header('x-role', { type: 'string' })], (role: string) => {
      log.push(`gate ${role}`);
      if (role !== 'admin') throw new HTTPException(401, 'Not an admin', { 'x-reason': 'role' });
      return role;
    });
    @Controller()
    class GateController {
      @Get('/gated')
      gated(@Depends(checked) n: number, @Depends(gate) role: string) {
        log.push('handler');
        return { n, role };
      }
    }
    const client = clientOf(GateController);
    const denied = await client.get('/gated', { query: { n: 'x' }, headers: { 'x-role': 'guest' } });
    expect(denied.status).toBe(401);
    expect(denied.json()).toEqual({ detail: 'Not an admin' });
    expect(denied.headers['x-reason']).toBe('role');
    expect(log).toEqual(['gate guest']);

    log.length = 0;
    const invalid = await client.get('/gated', { query: { n: 'x' }, headers: { 'x-role': 'admin' } });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toEqual({ detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING_MSG, input: 'x' }] });
    expect(log).toEqual(['gate admin']);
  });

  test('a dependency whose inputs failed is not called, nor what depends on it', async () => {
    const log: string[] = [];
    const lower = dependency([Query('id', { type: 'integer' })], (id: number) => {
      log.push('lower');
      return id;
    });
    const upper = dependency([Depends(lower)], (id: number) => {
      log.push('upper');
      return id * 2;
    });
    const sibling = () => {
      log.push('sibling');
      return 'ok';
    };
    @Controller()
    class FailedController {
      @Get('/failed')
      failed(@Depends(upper) doubled: number, @Depends(sibling) s: string) {
        log.push('handler');
        return { doubled, s };
      }
    }
    const client = clientOf(FailedController);
    const res = await client.get('/failed', { query: { id: 'nope' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'int_parsing', loc: ['query', 'id'], msg: INT_PARSING_MSG, input: 'nope' }] });
    expect(log).toEqual(['sibling']);

    log.length = 0;
    const ok = await client.get('/failed', { query: { id: '4' } });
    expect([ok.status, ok.json()]).toEqual([200, { doubled: 8, s: 'ok' }]);
    expect(log).toEqual(['lower', 'upper', 'sibling', 'handler']);
  });

  test('a shared dependency that fails validation is reported once', async () => {
    const token = dependency([Header('x-token', { type: 'string' })], (t: string) => t);
    const first = dependency([Depends(token)], (t: string) => t);
    const second = dependency([Depends(token)], (t: string) => t);
    @Controller()
    class TwiceController {
      @Get('/twice')
      twice(@Depends(first) a: string, @Depends(second) b: string, @Depends(token) c: string) {
        return { a, b, c };
      }
    }
    const res = await clientOf(TwiceController).get('/twice');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }] });
  });
});

describe('body parameters in dependencies', () => {
  class ItemDto {
    @IsString() name!: string;
    @IsNumber() price!: number;
    @IsOptional() @IsString() description?: string;

    get label(): string {
      return `${this.name} at ${this.price}`;
    }
  }

  class UserDto {
    @IsString() username!: string;
    @IsOptional() @IsString() fullName?: string;
  }

  const log: string[] = [];
  const itemDep = dependency([Body('item', { type: ItemDto })], (item: ItemDto) => {
    log.push('item');
    return item;
  });

  @Controller()
  class OrdersController {
    @Post('/orders')
    create(@Depends(itemDep) item: ItemDto, @Body('user', { type: UserDto }) user: UserDto) {
      log.push('handler');
      return {
        item: { name: item.name, price: item.price, label: item.label, isItemDto: item instanceof ItemDto },
        user: { username: user.username, fullName: user.fullName ?? null, isUserDto: user instanceof UserDto },
      };
    }
  }

  beforeEach(() => {
    log.length = 0;
  });

  test('a body parameter of a dependency and one of the handler make the body { item, user }', async () => {
    const res = await clientOf(OrdersController).post('/orders', {
      json: { item: { name: 'pen', price: '2.5', extra: true }, user: { username: 'ann', fullName: 'Ann Lee' } },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      item: { name: 'pen', price: 2.5, label: 'pen at 2.5', isItemDto: true },
      user: { username: 'ann', fullName: 'Ann Lee', isUserDto: true },
    });
    expect(log).toEqual(['item', 'handler']);
  });

  test('missing fields are 422 located under each body parameter, the dependency first', async () => {
    const item = { price: 'cheap' };
    const user = { fullName: 'No Name' };
    const res = await clientOf(OrdersController).post('/orders', { json: { item, user } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'item', 'name'], msg: 'Field required', input: item },
        { type: 'float_parsing', loc: ['body', 'item', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'cheap' },
        { type: 'missing', loc: ['body', 'user', 'username'], msg: 'Field required', input: user },
      ],
    });
    expect(log).toEqual([]);
  });

  test('a dependency with a valid body part still runs when the handler part is invalid', async () => {
    const user = {};
    const res = await clientOf(OrdersController).post('/orders', { json: { item: { name: 'pen', price: 1 }, user } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'user', 'username'], msg: 'Field required', input: user }] });
    expect(log).toEqual(['item']);
  });
});

describe('SecurityScopes', () => {
  test('scopes accumulate along the Security chain', async () => {
    const sub = dependency([SecurityScopes], (scopes: SecurityScopes) => ({ scopes: [...scopes.scopes], scopeStr: scopes.scopeStr }));
    const dep = dependency([Security(sub, ['b'])], (seen: object) => seen);
    @Controller()
    class ScopedController {
      @Get('/scoped')
      scoped(@Security(dep, ['a']) seen: object) {
        return seen;
      }
    }
    const res = await clientOf(ScopedController).get('/scoped');
    expect([res.status, res.json()]).toEqual([200, { scopes: ['a', 'b'], scopeStr: 'a b' }]);
  });

  test('repeated scopes are listed once, in first-seen order', async () => {
    const sub = dependency([SecurityScopes], (scopes: SecurityScopes) => [...scopes.scopes]);
    const dep = dependency([Security(sub, ['b', 'c'])], (seen: string[]) => seen);
    @Controller('', { dependencies: [Security(dep, ['a', 'b'])] })
    class DedupController {
      @Get('/dedup')
      dedup(@Security(dep, ['a', 'b']) seen: string[]) {
        return { seen };
      }
    }
    const res = await clientOf(DedupController).get('/dedup');
    expect([res.status, res.json()]).toEqual([200, { seen: ['a', 'b', 'c'] }]);
  });

  test('the same dependency under different scopes runs for each', async () => {
    let calls = 0;
    const sub = dependency([SecurityScopes], (scopes: SecurityScopes) => {
      calls++;
      return scopes.scopeStr;
    });
    @Controller()
    class TwoScopesController {
      @Get('/two')
      two(@Security(sub, ['read']) read: string, @Security(sub, ['write']) write: string, @Security(sub, ['read']) again: string) {
        return { read, write, again };
      }
    }
    const res = await clientOf(TwoScopesController).get('/two');
    expect([res.status, res.json()]).toEqual([200, { read: 'read', write: 'write', again: 'read' }]);
    expect(calls).toBe(2);
  });

  test('an undecorated handler parameter typed SecurityScopes gets the route-level (empty) scopes', async () => {
    @Controller()
    class PlainController {
      @Get('/plain')
      plain(scopes: SecurityScopes) {
        return { isScopes: scopes instanceof SecurityScopes, scopes: [...scopes.scopes], scopeStr: scopes.scopeStr };
      }
    }
    const res = await clientOf(PlainController).get('/plain');
    expect([res.status, res.json()]).toEqual([200, { isScopes: true, scopes: [], scopeStr: '' }]);
  });
});

describe('objects as dependencies', () => {
  function authScheme(log: string[]) {
    return {
      [DEPENDENCY_CALL]: dependency([Header('authorization', { type: 'string', required: false })], (auth: string | undefined) => {
        log.push(auth ?? 'none');
        return auth === undefined ? { user: null } : { user: auth.replace(/^Bearer /, '') };
      }),
    };
  }

  test('the function under DEPENDENCY_CALL runs with its declared parameters', async () => {
    const log: string[] = [];
    const auth = authScheme(log);
    @Controller()
    class WhoController {
      @Get('/who')
      who(@Depends(auth) who: { user: string | null }) {
        return who;
      }
    }
    const client = clientOf(WhoController);
    const anonymous = await client.get('/who');
    expect([anonymous.status, anonymous.json()]).toEqual([200, { user: null }]);
    const known = await client.get('/who', { headers: { authorization: 'Bearer ann' } });
    expect([known.status, known.json()]).toEqual([200, { user: 'ann' }]);
    expect(log).toEqual(['none', 'Bearer ann']);
  });

  test('the object is the identity: one object used twice runs once, another object runs again', async () => {
    const log: string[] = [];
    const first = authScheme(log);
    const second = { [DEPENDENCY_CALL]: first[DEPENDENCY_CALL] };
    @Controller()
    class IdentityController {
      @Get('/identity')
      identity(@Depends(first) a: object, @Depends(first) b: object, @Depends(second) c: object) {
        return { aIsB: a === b, aIsC: a === c };
      }
    }
    const res = await clientOf(IdentityController).get('/identity', { headers: { authorization: 'Bearer bo' } });
    expect([res.status, res.json()]).toEqual([200, { aIsB: true, aIsC: false }]);
    expect(log).toEqual(['Bearer bo', 'Bearer bo']);
  });
});
