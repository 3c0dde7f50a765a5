import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  App,
  Body,
  Controller,
  DEPENDENCY_CALL,
  DefinitionError,
  Depends,
  dependency,
  Get,
  Header,
  HTTPException,
  Post,
  Query,
  Router,
  type DependencyObject,
} from '@tsapi/core';
import { TestClient, type TestClientOptions } from '@tsapi/testing';

const clients: TestClient[] = [];

function clientFor(app: App, options?: TestClientOptions): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Request-scope cleanups run after the response: wait (boundedly) for the entry that says they did. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

function recordSent(app: App, log: string[]): void {
  app.fastify.addHook('onResponse', async () => {
    log.push('sent');
  });
}

// FastAPI's "Testing Dependencies with Overrides" tutorial.
interface Commons {
  q: string | null;
  skip: number;
  limit: number;
}

const commonParameters = dependency(
  [
    Query('q', { type: 'string', required: false }),
    Query('skip', { type: 'integer', default: 0 }),
    Query('limit', { type: 'integer', default: 100 }),
  ],
  (q: string | undefined, skip: number, limit: number): Commons => ({ q: q ?? null, skip, limit }),
);

const overrideDependency = dependency(
  [Query('q', { type: 'string', required: false })],
  (q: string | undefined): Commons => ({ q: q ?? null, skip: 5, limit: 10 }),
);

@Controller()
class TutorialController {
  @Get('/items/')
  readItems(@Depends(commonParameters) commons: Commons) {
    return { message: 'Hello Items!', params: commons };
  }

  @Get('/users/')
  readUsers(@Depends(commonParameters) commons: Commons) {
    return { message: 'Hello Users!', params: commons };
  }
}

describe('the tutorial: testing dependencies with overrides', () => {
  let app: App;
  let client: TestClient;

  beforeEach(() => {
    app = new App({ controllers: [TutorialController] });
    app.dependencyOverrides.set(commonParameters, overrideDependency);
    client = clientFor(app);
  });

  test('without an override the original reads q, skip and limit', async () => {
    app.dependencyOverrides.clear();
    const res = await client.get('/items/?q=foo&skip=1&limit=2');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: 'foo', skip: 1, limit: 2 } },
    ]);
    const users = await client.get('/users/');
    expect([users.status, users.json()]).toEqual([
      200,
      { message: 'Hello Users!', params: { q: null, skip: 0, limit: 100 } },
    ]);
  });

  test('override in items', async () => {
    const res = await client.get('/items/');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: null, skip: 5, limit: 10 } },
    ]);
  });

  test('override in items with q', async () => {
    const res = await client.get('/items/?q=foo');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: 'foo', skip: 5, limit: 10 } },
    ]);
  });

  test('override in items with q, skip and limit: the override ignores skip and limit', async () => {
    const res = await client.get('/items/?q=foo&skip=100&limit=200');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: 'foo', skip: 5, limit: 10 } },
    ]);
  });

  test('override in users, with and without parameters', async () => {
    const plain = await client.get('/users/');
    expect([plain.status, plain.json()]).toEqual([
      200,
      { message: 'Hello Users!', params: { q: null, skip: 5, limit: 10 } },
    ]);
    const withQ = await client.get('/users/?q=foo');
    expect([withQ.status, withQ.json()]).toEqual([
      200,
      { message: 'Hello Users!', params: { q: 'foo', skip: 5, limit: 10 } },
    ]);
    const withAll = await client.get('/users/?q=foo&skip=100&limit=200');
    expect([withAll.status, withAll.json()]).toEqual([
      200,
      { message: 'Hello Users!', params: { q: 'foo', skip: 5, limit: 10 } },
    ]);
  });

  test('clear() restores the original on the next request', async () => {
    expect((await client.get('/items/?q=foo&skip=100&limit=200')).json()).toEqual({
      message: 'Hello Items!',
      params: { q: 'foo', skip: 5, limit: 10 },
    });
    app.dependencyOverrides.clear();
    const res = await client.get('/items/?q=foo&skip=100&limit=200');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: 'foo', skip: 100, limit: 200 } },
    ]);
  });

  test('delete() restores the original on the next request', async () => {
    expect((await client.get('/users/?skip=3')).json()).toEqual({
      message: 'Hello Users!',
      params: { q: null, skip: 5, limit: 10 },
    });
    app.dependencyOverrides.delete(commonParameters);
    const res = await client.get('/users/?skip=3');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Users!', params: { q: null, skip: 3, limit: 100 } },
    ]);
  });
});

describe('overrides are looked up per request', () => {
  test('an override set after the first request takes effect at once', async () => {
    const app = new App({ controllers: [TutorialController] });
    const client = clientFor(app);
    const before = await client.get('/items/?skip=7');
    expect(before.json()).toEqual({ message: 'Hello Items!', params: { q: null, skip: 7, limit: 100 } });
    app.dependencyOverrides.set(commonParameters, overrideDependency);
    const after = await client.get('/items/?skip=7');
    expect([after.status, after.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: null, skip: 5, limit: 10 } },
    ]);
  });

  test('switching the replacement to another function takes effect on the next request', async () => {
    const app = new App({ controllers: [TutorialController] });
    const client = clientFor(app);
    app.dependencyOverrides.set(commonParameters, overrideDependency);
    expect((await client.get('/items/?q=a')).json()).toEqual({
      message: 'Hello Items!',
      params: { q: 'a', skip: 5, limit: 10 },
    });
    app.dependencyOverrides.set(commonParameters, () => ({ q: 'fixed', skip: 1, limit: 2 }));
    const res = await client.get('/items/?q=a');
    expect([res.status, res.json()]).toEqual([
      200,
      { message: 'Hello Items!', params: { q: 'fixed', skip: 1, limit: 2 } },
    ]);
    app.dependencyOverrides.set(commonParameters, overrideDependency);
    expect((await client.get('/items/?q=b')).json()).toEqual({
      message: 'Hello Items!',
      params: { q: 'b', skip: 5, limit: 10 },
    });
  });

  test('an override belongs to one app: another app using the same dependency keeps the original', async () => {
    const overridden = new App({ controllers: [TutorialController] });
    overridden.dependencyOverrides.set(commonParameters, overrideDependency);
    const untouched = new App({ controllers: [TutorialController] });
    const [a, b] = await Promise.all([
      clientFor(overridden).get('/items/?skip=9'),
      clientFor(untouched).get('/items/?skip=9'),
    ]);
    expect(a.json()).toEqual({ message: 'Hello Items!', params: { q: null, skip: 5, limit: 10 } });
    expect(b.json()).toEqual({ message: 'Hello Items!', params: { q: null, skip: 9, limit: 100 } });
  });
});

describe('overrides apply at every level', () => {
  test('a sub-dependency, used only by another dependency', async () => {
    const getSettings = () => ({ greeting: 'Hello' });
    const greeter = dependency(
      [Depends(getSettings), Query('name', { type: 'string', default: 'world' })],
      (settings: { greeting: string }, name: string) => `${settings.greeting}, ${name}`,
    );
    @Controller()
    class GreetController {
      @Get('/greet')
      greet(@Depends(greeter) greeting: string) {
        return { greeting };
      }
    }
    const app = new App({ controllers: [GreetController] });
    const client = clientFor(app);
    expect((await client.get('/greet?name=Ann')).json()).toEqual({ greeting: 'Hello, Ann' });
    app.dependencyOverrides.set(getSettings, () => ({ greeting: 'Hi' }));
    const res = await client.get('/greet?name=Ann');
    expect([res.status, res.json()]).toEqual([200, { greeting: 'Hi, Ann' }]);
  });

  const verifyToken = dependency(
    [Header('x-token', { type: 'string', required: false })],
    (token: string | undefined) => {
      if (token !== 'secret') throw new HTTPException(401, 'Invalid X-Token');
    },
  );
  const letThrough = () => undefined;

  test('a route-level `dependencies` entry', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('', { dependencies: [Depends(verifyToken)] })
      list() {
        return [{ name: 'Foo' }];
      }
    }
    const app = new App({ controllers: [ItemsController] });
    const client = clientFor(app);
    const refused = await client.get('/items');
    expect([refused.status, refused.json()]).toEqual([401, { detail: 'Invalid X-Token' }]);
    app.dependencyOverrides.set(verifyToken, letThrough);
    const res = await client.get('/items');
    expect([res.status, res.json()]).toEqual([200, [{ name: 'Foo' }]]);
  });

  test('a controller-level `dependencies` entry', async () => {
    @Controller('/admin', { dependencies: [Depends(verifyToken)] })
    class AdminController {
      @Get('/stats')
      stats() {
        return { users: 3 };
      }
    }
    const app = new App({ controllers: [AdminController] });
    const client = clientFor(app);
    expect((await client.get('/admin/stats')).status).toBe(401);
    app.dependencyOverrides.set(verifyToken, letThrough);
    const res = await client.get('/admin/stats');
    expect([res.status, res.json()]).toEqual([200, { users: 3 }]);
  });

  test('a router-level `dependencies` entry', async () => {
    @Controller('/stats')
    class StatsController {
      @Get('')
      stats() {
        return { users: 4 };
      }
    }
    const app = new App({
      routers: [new Router({ prefix: '/v1', controllers: [StatsController], dependencies: [Depends(verifyToken)] })],
    });
    const client = clientFor(app);
    expect((await client.get('/v1/stats')).status).toBe(401);
    app.dependencyOverrides.set(verifyToken, letThrough);
    const res = await client.get('/v1/stats');
    expect([res.status, res.json()]).toEqual([200, { users: 4 }]);
  });

  test('an app-level `dependencies` entry', async () => {
    @Controller()
    class PingController {
      @Get('/ping')
      ping() {
        return { pong: true };
      }
    }
    const app = new App({ controllers: [PingController], dependencies: [Depends(verifyToken)] });
    const client = clientFor(app);
    const refused = await client.get('/ping', { headers: { 'x-token': 'wrong' } });
    expect([refused.status, refused.json()]).toEqual([401, { detail: 'Invalid X-Token' }]);
    app.dependencyOverrides.set(verifyToken, letThrough);
    const res = await client.get('/ping', { headers: { 'x-token': 'wrong' } });
    expect([res.status, res.json()]).toEqual([200, { pong: true }]);
  });

  test('a dependency object (carrying DEPENDENCY_CALL)', async () => {
    class ApiKeyScheme implements DependencyObject {
      readonly [DEPENDENCY_CALL] = dependency(
        [Header('x-key', { type: 'string', required: false })],
        (key: string | undefined) => {
          if (key === undefined) throw new HTTPException(403, 'Not authenticated');
          return key;
        },
      );
    }
    const apiKey = new ApiKeyScheme();
    @Controller()
    class KeyController {
      @Get('/key')
      read(@Depends(apiKey) key: string) {
        return { key };
      }
    }
    const app = new App({ controllers: [KeyController] });
    const client = clientFor(app);
    expect((await client.get('/key')).status).toBe(403);
    app.dependencyOverrides.set(apiKey, () => 'test-key');
    const res = await client.get('/key');
    expect([res.status, res.json()]).toEqual([200, { key: 'test-key' }]);
  });
});

describe('a replacement may be another kind of dependency', () => {
  test('a generator replaced by a plain function: the generator does not run, so no cleanup runs', async () => {
    const log: string[] = [];
    function* getDb() {
      log.push('open');
      try {
        yield 'real db';
      } finally {
        log.push('close');
      }
    }
    @Controller()
    class DbController {
      @Get('/db')
      read(@Depends(getDb) db: string) {
        log.push(`handler ${db}`);
        return { db };
      }
    }
    const app = new App({ controllers: [DbController] });
    recordSent(app, log);
    app.dependencyOverrides.set(getDb, () => 'fake db');
    const client = clientFor(app);
    const res = await client.get('/db');
    expect([res.status, res.json()]).toEqual([200, { db: 'fake db' }]);
    await until(() => log.includes('sent'));
    app.dependencyOverrides.delete(getDb);
    // The original, run next, shows what a cleanup looks like in the log.
    expect((await client.get('/db')).json()).toEqual({ db: 'real db' });
    await until(() => log.includes('close'));
    expect(log).toEqual(['handler fake db', 'sent', 'open', 'handler real db', 'sent', 'close']);
  });

  test('a plain function replaced by an async generator: its cleanup runs after the response was sent', async () => {
    const log: string[] = [];
    const getDb = () => 'real db';
    async function* getTestDb() {
      log.push('open test db');
      try {
        yield 'test db';
      } finally {
        log.push('close test db');
      }
    }
    @Controller()
    class DbController {
      @Get('/db')
      read(@Depends(getDb) db: string) {
        log.push(`handler ${db}`);
        return { db };
      }
    }
    const app = new App({ controllers: [DbController] });
    recordSent(app, log);
    app.dependencyOverrides.set(getDb, getTestDb);
    const client = clientFor(app);
    const res = await client.get('/db');
    expect([res.status, res.json()]).toEqual([200, { db: 'test db' }]);
    await until(() => log.includes('close test db'));
    expect(log).toEqual(['open test db', 'handler test db', 'sent', 'close test db']);
  });

  test('a class replaced by another class with different decorated constructor parameters', async () => {
    class CommonQuery {
      constructor(
        @Query('q', { required: false }) public q?: string,
        // An initializer alone records `Object` as the design type: the type is said explicitly.
        @Query('skip', { type: 'integer', default: 0 }) public skip = 0,
        @Query('limit', { type: 'integer', default: 100 }) public limit = 100,
      ) {}
    }
    class PageQuery {
      constructor(
        @Query('page', { type: 'integer', default: 1 }) public page: number,
        @Header('x-size', { type: 'integer', default: 20 }) public size: number,
      ) {}
    }
    @Controller()
    class ItemsController {
      @Get('/items')
      list(@Depends() commons: CommonQuery) {
        return { kind: commons.constructor.name, ...commons };
      }
    }
    const app = new App({ controllers: [ItemsController] });
    const client = clientFor(app);
    expect((await client.get('/items?q=x&skip=2')).json()).toEqual({
      kind: 'CommonQuery',
      q: 'x',
      skip: 2,
      limit: 100,
    });
    app.dependencyOverrides.set(CommonQuery, PageQuery);
    const res = await client.get('/items?q=x&skip=2&page=3', { headers: { 'x-size': '5' } });
    expect([res.status, res.json()]).toEqual([200, { kind: 'PageQuery', page: 3, size: 5 }]);
    const defaults = await client.get('/items?skip=2');
    expect([defaults.status, defaults.json()]).toEqual([200, { kind: 'PageQuery', page: 1, size: 20 }]);
    const invalid = await client.get('/items?page=three');
    expect([invalid.status, invalid.json()]).toEqual([
      422,
      {
        detail: [
          {
            type: 'int_parsing',
            loc: ['query', 'page'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'three',
          },
        ],
      },
    ]);
  });
});

describe("the replacement's own parameters and sub-dependencies", () => {
  const getUser = () => 'real user';

  @Controller()
  class MeController {
    @Get('/me')
    me(@Depends(getUser) user: string) {
      return { user };
    }
  }

  test('a required header of the replacement is validated: missing → 422 at ["header", ...]', async () => {
    const app = new App({ controllers: [MeController] });
    app.dependencyOverrides.set(
      getUser,
      dependency([Header('x-user', { type: 'string' })], (name: string) => `test ${name}`),
    );
    const client = clientFor(app);
    const missing = await client.get('/me');
    expect([missing.status, missing.json()]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['header', 'x-user'], msg: 'Field required', input: null }] },
    ]);
    const res = await client.get('/me', { headers: { 'x-user': 'ann' } });
    expect([res.status, res.json()]).toEqual([200, { user: 'test ann' }]);
  });

  test("the replacement's sub-dependencies run, and can be overridden in turn", async () => {
    const log: string[] = [];
    async function* getTestDb() {
      log.push('open');
      try {
        yield { name: 'test db' };
      } finally {
        log.push('close');
      }
    }
    const userFromDb = dependency([Depends(getTestDb)], (db: { name: string }) => `user from ${db.name}`);
    const app = new App({ controllers: [MeController] });
    recordSent(app, log);
    app.dependencyOverrides.set(getUser, userFromDb);
    const client = clientFor(app);
    expect((await client.get('/me')).json()).toEqual({ user: 'user from test db' });
    await until(() => log.includes('close'));
    app.dependencyOverrides.set(getTestDb, () => ({ name: 'memory' }));
    const res = await client.get('/me');
    expect([res.status, res.json()]).toEqual([200, { user: 'user from memory' }]);
    await until(() => log.filter((e) => e === 'sent').length === 2);
    expect(log).toEqual(['open', 'sent', 'close', 'sent']);
  });
});

describe('caching with overrides', () => {
  test('the replacement runs once per request when the original is used twice', async () => {
    const getUser = () => 'real user';
    const greeting = dependency([Depends(getUser)], (user: string) => `hello ${user}`);
    @Controller()
    class MeController {
      @Get('/me')
      me(@Depends(getUser) user: string, @Depends(greeting) text: string) {
        return { user, text };
      }
    }
    let calls = 0;
    const app = new App({ controllers: [MeController] });
    app.dependencyOverrides.set(getUser, () => `fake ${++calls}`);
    const client = clientFor(app);
    expect((await client.get('/me')).json()).toEqual({ user: 'fake 1', text: 'hello fake 1' });
    expect((await client.get('/me')).json()).toEqual({ user: 'fake 2', text: 'hello fake 2' });
    expect(calls).toBe(2);
  });

  test('useCache: false on a use still calls the replacement again for that use', async () => {
    const getUser = () => 'real user';
    @Controller()
    class MeController {
      @Get('/me')
      me(@Depends(getUser) first: string, @Depends(getUser, { useCache: false }) second: string) {
        return { first, second };
      }
    }
    let calls = 0;
    const app = new App({ controllers: [MeController] });
    app.dependencyOverrides.set(getUser, () => `fake ${++calls}`);
    const res = await clientFor(app).get('/me');
    expect([res.status, res.json()]).toEqual([200, { first: 'fake 1', second: 'fake 2' }]);
  });
});

describe('an override that adds a body parameter', () => {
  class ItemIn {
    @IsString() name!: string;
  }
  const getOwner = () => 'owner';
  const ownerFromBody = dependency([Body('owner', { type: 'string' })], (owner: string) => owner);

  @Controller('/items')
  class ItemsController {
    @Post('')
    create(@Body() item: ItemIn, @Depends(getOwner) owner: string) {
      return { name: item.name, owner };
    }
  }

  test('fails the request with a 500', async () => {
    const app = new App({ controllers: [ItemsController], fastify: { logger: false } });
    const client = clientFor(app, { raiseServerExceptions: false });
    expect((await client.post('/items', { json: { name: 'saw' } })).json()).toEqual({ name: 'saw', owner: 'owner' });
    app.dependencyOverrides.set(getOwner, ownerFromBody);
    const res = await client.post('/items', { json: { name: 'saw', owner: 'ann' } });
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
  });

  test('the default TestClient throws the DefinitionError in the test', async () => {
    const app = new App({ controllers: [ItemsController], fastify: { logger: false } });
    app.dependencyOverrides.set(getOwner, ownerFromBody);
    const error = await clientFor(app)
      .post('/items', { json: { name: 'saw', owner: 'ann' } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).code).toBe('TSAPI_DEFINITION');
    expect((error as DefinitionError).problems).toEqual([
      {
        where: 'ItemsController.create (overriding getOwner)',
        problem: "an override cannot add body parameters: the route's body schema is fixed when the app starts",
        fix: 'read the body in the route or the original dependency, or use @Req() in the override',
      },
    ]);
  });
});
