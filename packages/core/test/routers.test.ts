import 'reflect-metadata';
import { App, Controller, Get, Path, Post, Route, Router, type RoutePlan } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const clients: TestClient[] = [];

function clientFor(app: App): TestClient {
  const client = new TestClient(app, { followRedirects: false });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** What the compiled routes say, one line per route, in a form easy to compare. */
function routeTable(app: App): { id: string; methods: readonly string[]; path: string; tags: readonly string[] }[] {
  return app.routes.map((plan: RoutePlan) => ({ id: plan.id, methods: plan.methods, path: plan.path.openapi, tags: plan.tags }));
}

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('/')
  listWithSlash() {
    return { route: 'list with slash' };
  }

  @Get('')
  listWithout() {
    return { route: 'list without slash' };
  }

  @Get('/{itemId}', { tags: ['read'] })
  read(@Path('itemId') itemId: string) {
    return { route: 'read', itemId };
  }
}

@Controller()
class RootController {
  @Get('/')
  root() {
    return { route: 'root' };
  }

  @Get('/health')
  health() {
    return { route: 'health' };
  }
}

describe('prefixes', () => {
  test("@Get('/') under @Controller('/items') is /items/, @Get('') is /items", async () => {
    const app = new App({ controllers: [ItemsController] });
    const client = clientFor(app);
    await app.ready();
    expect(app.routes.map((p) => p.path.openapi)).toEqual(['/items/', '/items', '/items/{itemId}']);
    const withSlash = await client.get('/items/');
    expect([withSlash.status, withSlash.json()]).toEqual([200, { route: 'list with slash' }]);
    const without = await client.get('/items');
    expect([without.status, without.json()]).toEqual([200, { route: 'list without slash' }]);
  });

  test('a controller without a prefix serves its paths as written', async () => {
    const app = new App({ controllers: [RootController] });
    const client = clientFor(app);
    await app.ready();
    expect(routeTable(app)).toEqual([
      { id: 'RootController.root', methods: ['GET'], path: '/', tags: [] },
      { id: 'RootController.health', methods: ['GET'], path: '/health', tags: [] },
    ]);
    const res = await client.get('/');
    expect([res.status, res.json()]).toEqual([200, { route: 'root' }]);
  });

  test('a router adds its prefix and tags before the controller', async () => {
    const v1 = new Router({ prefix: '/v1', tags: ['v1'], controllers: [ItemsController, RootController] });
    const app = new App({ routers: [v1] });
    const client = clientFor(app);
    await app.ready();
    expect(routeTable(app)).toEqual([
      { id: 'ItemsController.listWithSlash', methods: ['GET'], path: '/v1/items/', tags: ['v1', 'items'] },
      { id: 'ItemsController.listWithout', methods: ['GET'], path: '/v1/items', tags: ['v1', 'items'] },
      { id: 'ItemsController.read', methods: ['GET'], path: '/v1/items/{itemId}', tags: ['v1', 'items', 'read'] },
      { id: 'RootController.root', methods: ['GET'], path: '/v1/', tags: ['v1'] },
      { id: 'RootController.health', methods: ['GET'], path: '/v1/health', tags: ['v1'] },
    ]);
    const read = await client.get('/v1/items/7');
    expect([read.status, read.json()]).toEqual([200, { route: 'read', itemId: '7' }]);
    const root = await client.get('/v1/');
    expect([root.status, root.json()]).toEqual([200, { route: 'root' }]);
    const unprefixed = await client.get('/items/7');
    expect([unprefixed.status, unprefixed.json()]).toEqual([404, { detail: 'Not Found' }]);
  });

  test("a route '' under a router prefix and an empty controller prefix is the prefix itself", async () => {
    @Controller()
    class IndexController {
      @Get('')
      index() {
        return { route: 'index' };
      }
    }
    const app = new App({ routers: [new Router({ prefix: '/v1', controllers: [IndexController] })] });
    const client = clientFor(app);
    await app.ready();
    expect(app.routes.map((p) => p.path.openapi)).toEqual(['/v1']);
    const res = await client.get('/v1');
    expect([res.status, res.json()]).toEqual([200, { route: 'index' }]);
  });
});

describe('tags and prefixes accumulate outer to inner', () => {
  test('include options → routers outer to inner → controller → route', async () => {
    const inner = new Router({ prefix: '/inner', tags: ['inner'], controllers: [ItemsController] });
    const middle = new Router({ prefix: '/middle', tags: ['middle'] });
    middle.include(inner, { prefix: '/via', tags: ['via'] });
    const outer = new Router({ prefix: '/outer', tags: ['outer'], routers: [middle] });
    const app = new App();
    app.include(outer, { prefix: '/api', tags: ['api'] });
    const client = clientFor(app);
    await app.ready();
    expect(routeTable(app)).toEqual([
      {
        id: 'ItemsController.listWithSlash',
        methods: ['GET'],
        path: '/api/outer/middle/via/inner/items/',
        tags: ['api', 'outer', 'middle', 'via', 'inner', 'items'],
      },
      {
        id: 'ItemsController.listWithout',
        methods: ['GET'],
        path: '/api/outer/middle/via/inner/items',
        tags: ['api', 'outer', 'middle', 'via', 'inner', 'items'],
      },
      {
        id: 'ItemsController.read',
        methods: ['GET'],
        path: '/api/outer/middle/via/inner/items/{itemId}',
        tags: ['api', 'outer', 'middle', 'via', 'inner', 'items', 'read'],
      },
    ]);
    const res = await client.get('/api/outer/middle/via/inner/items/x1');
    expect([res.status, res.json()]).toEqual([200, { route: 'read', itemId: 'x1' }]);
  });

  test('app.include(Controller, options) prefixes and tags one controller', async () => {
    const app = new App({ controllers: [RootController] });
    app.include(ItemsController, { prefix: '/shop', tags: ['shop'] });
    const client = clientFor(app);
    await app.ready();
    expect(routeTable(app)).toEqual([
      { id: 'RootController.root', methods: ['GET'], path: '/', tags: [] },
      { id: 'RootController.health', methods: ['GET'], path: '/health', tags: [] },
      { id: 'ItemsController.listWithSlash', methods: ['GET'], path: '/shop/items/', tags: ['shop', 'items'] },
      { id: 'ItemsController.listWithout', methods: ['GET'], path: '/shop/items', tags: ['shop', 'items'] },
      { id: 'ItemsController.read', methods: ['GET'], path: '/shop/items/{itemId}', tags: ['shop', 'items', 'read'] },
    ]);
    const items = await client.get('/shop/items');
    expect([items.status, items.json()]).toEqual([200, { route: 'list without slash' }]);
    const health = await client.get('/health');
    expect([health.status, health.json()]).toEqual([200, { route: 'health' }]);
  });

  test('app.include(Controller) without options serves it as declared', async () => {
    const app = new App();
    app.include(ItemsController);
    const client = clientFor(app);
    const res = await client.get('/items/3');
    expect([res.status, res.json()]).toEqual([200, { route: 'read', itemId: '3' }]);
    expect(routeTable(app).map((r) => r.tags)).toEqual([['items'], ['items'], ['items', 'read']]);
  });

  test('the same controller can be served under two routers', async () => {
    const app = new App({
      routers: [new Router({ prefix: '/v1', tags: ['v1'], controllers: [ItemsController] }), new Router({ prefix: '/v2', tags: ['v2'], controllers: [ItemsController] })],
    });
    const client = clientFor(app);
    await app.ready();
    expect(routeTable(app).filter((r) => r.id === 'ItemsController.read')).toEqual([
      { id: 'ItemsController.read', methods: ['GET'], path: '/v1/items/{itemId}', tags: ['v1', 'items', 'read'] },
      { id: 'ItemsController.read', methods: ['GET'], path: '/v2/items/{itemId}', tags: ['v2', 'items', 'read'] },
    ]);
    for (const version of ['v1', 'v2']) {
      const res = await client.get(`/${version}/items/a`);
      expect([res.status, res.json()]).toEqual([200, { route: 'read', itemId: 'a' }]);
    }
  });
});

describe('operation ids and summaries', () => {
  @Controller('/items')
  class NamingController {
    @Get('/{item_id}')
    read_item(@Path('item_id') item_id: string) {
      return { item_id };
    }

    @Post('/{item_id}')
    readItem(@Path('item_id') itemId: string) {
      return { itemId };
    }

    @Get('/', { operationId: 'listEverything', summary: 'All of them' })
    listItems() {
      return [];
    }
  }

  test("FastAPI's default operationId and summary", async () => {
    const app = new App({ controllers: [NamingController] });
    await app.ready();
    expect(app.routes.map((p) => ({ operationId: p.operationId, summary: p.summary }))).toEqual([
      { operationId: 'read_item_items__item_id__get', summary: 'Read Item' },
      { operationId: 'readItem_items__item_id__post', summary: 'Read Item' },
      { operationId: 'listEverything', summary: 'All of them' },
    ]);
    await app.close();
  });

  test('the operationId includes the prefixes the route is served under', async () => {
    const app = new App();
    app.include(new Router({ prefix: '/v1', controllers: [NamingController] }));
    await app.ready();
    expect(app.routes[0].operationId).toBe('read_item_v1_items__item_id__get');
    await app.close();
  });
});

describe('@Route with several methods', () => {
  @Controller('/echo')
  class EchoController {
    @Route(['GET', 'POST'], '/{word}')
    echo(@Path('word') word: string) {
      return { word };
    }
  }

  test('one handler serves every listed method', async () => {
    const app = new App({ controllers: [EchoController] });
    const client = clientFor(app);
    const get = await client.get('/echo/hi');
    expect([get.status, get.json()]).toEqual([200, { word: 'hi' }]);
    const post = await client.post('/echo/ho');
    expect([post.status, post.json()]).toEqual([200, { word: 'ho' }]);
    const put = await client.put('/echo/hu');
    expect([put.status, put.json(), put.headers.allow]).toEqual([405, { detail: 'Method Not Allowed' }, 'GET, HEAD, POST']);
    expect(routeTable(app)).toEqual([{ id: 'EchoController.echo', methods: ['GET', 'POST'], path: '/echo/{word}', tags: [] }]);
  });
});

describe('ready and include', () => {
  test('app.ready() is idempotent', async () => {
    const app = new App({ controllers: [ItemsController] });
    const client = clientFor(app);
    const first = app.ready();
    expect(app.ready()).toBe(first);
    await first;
    await app.ready();
    expect(app.routes).toHaveLength(3);
    const res = await client.get('/items/1');
    expect([res.status, res.json()]).toEqual([200, { route: 'read', itemId: '1' }]);
  });

  test('including after ready throws and changes nothing', async () => {
    const app = new App({ controllers: [ItemsController] });
    const client = clientFor(app);
    await app.ready();
    expect(() => app.include(RootController)).toThrow('app.include() must be called before the app is ready');
    expect(app.routes).toHaveLength(3);
    const res = await client.get('/health');
    expect([res.status, res.json()]).toEqual([404, { detail: 'Not Found' }]);
  });

  test('app.routes is empty before ready and the plans are frozen after', async () => {
    const app = new App({ controllers: [ItemsController] });
    expect(app.routes).toEqual([]);
    await app.ready();
    expect(app.routes.every((plan) => Object.isFrozen(plan))).toBe(true);
    await app.close();
  });
});
