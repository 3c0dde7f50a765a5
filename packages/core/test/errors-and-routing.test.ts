import 'reflect-metadata';
import { Writable } from 'node:stream';
import { App, Controller, Delete, Get, HTTPException, Path, Post, Query } from '@tsapi/core';
import { TestClient, type TestClientOptions, type TestResponse } from '@tsapi/testing';

const clients: TestClient[] = [];

function clientFor(controllers: (new (...args: any[]) => unknown)[], options?: TestClientOptions, app = new App({ controllers })): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function expectJson(res: TestResponse, status: number, body: unknown): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json()).toEqual(body);
}

@Controller('/items')
class ItemsController {
  @Get('/')
  list(@Query('q', { required: false }) q?: string) {
    return { items: ['a', 'b'], q: q ?? null };
  }

  @Get('/{itemId}')
  read(@Path('itemId') itemId: string) {
    return { itemId };
  }

  @Delete('/{itemId}')
  remove(@Path('itemId') itemId: string) {
    return { deleted: itemId };
  }
}

@Controller('/users')
class UsersController {
  @Get('')
  list() {
    return [{ name: 'ann' }];
  }

  @Post('')
  create() {
    return { created: true };
  }
}

describe('unknown routes and methods', () => {
  test('an unknown route is 404 Not Found', async () => {
    const client = clientFor([ItemsController]);
    expectJson(await client.get('/nothing/here'), 404, { detail: 'Not Found' });
    expectJson(await client.post('/nothing'), 404, { detail: 'Not Found' });
  });

  test('a wrong method on a GET route is 405 with Allow: GET, HEAD', async () => {
    const client = clientFor([ItemsController]);
    const res = await client.post('/items/');
    expectJson(res, 405, { detail: 'Method Not Allowed' });
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  test('Allow lists every method the path serves', async () => {
    const client = clientFor([ItemsController, UsersController]);
    const item = await client.put('/items/5');
    expectJson(item, 405, { detail: 'Method Not Allowed' });
    expect(item.headers.allow).toBe('DELETE, GET, HEAD');
    const users = await client.delete('/users');
    expectJson(users, 405, { detail: 'Method Not Allowed' });
    expect(users.headers.allow).toBe('GET, HEAD, POST');
  });
});

describe('empty path segments', () => {
  test('a {name} segment never matches an empty string', async () => {
    const client = clientFor([ItemsController], { followRedirects: false });
    const res = await client.delete('/items/');
    expectJson(res, 405, { detail: 'Method Not Allowed' });
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  test('an empty segment in the middle of a path is 404', async () => {
    @Controller('/shops')
    class ShopsController {
      @Get('/{shopId}/items')
      items(@Path('shopId') shopId: string) {
        return { shopId };
      }
    }
    const client = clientFor([ShopsController], { followRedirects: false });
    expectJson(await client.get('/shops//items'), 404, { detail: 'Not Found' });
    expectJson(await client.get('/shops/s1/items'), 200, { shopId: 's1' });
  });
});

describe('trailing slashes (redirect_slashes)', () => {
  test('a missing trailing slash is a 307 to the route, keeping the query string', async () => {
    const client = clientFor([ItemsController], { followRedirects: false });
    const res = await client.get('/items', { query: { q: 'x y', page: 2 } });
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/items/?q=x+y&page=2');
    expect(res.text).toBe('');
  });

  test('an extra trailing slash is a 307 to the route', async () => {
    const client = clientFor([ItemsController, UsersController], { followRedirects: false });
    const users = await client.get('/users/');
    expect(users.status).toBe(307);
    expect(users.headers.location).toBe('/users');
    const item = await client.get('/items/5/');
    expect(item.status).toBe(307);
    expect(item.headers.location).toBe('/items/5');
  });

  test('the redirect is method-preserving and given for any method the route serves', async () => {
    const client = clientFor([UsersController], { followRedirects: false });
    const res = await client.post('/users/');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/users');
  });

  test('following the redirect lands on the route', async () => {
    const client = clientFor([ItemsController, UsersController]);
    expectJson(await client.get('/items', { query: { q: 'x' } }), 200, { items: ['a', 'b'], q: 'x' });
    expectJson(await client.post('/users/'), 200, { created: true });
  });

  test('a path whose other form is not a route either stays 404', async () => {
    const client = clientFor([ItemsController], { followRedirects: false });
    expectJson(await client.get('/item/'), 404, { detail: 'Not Found' });
    expectJson(await client.get('/items/5/extra/'), 404, { detail: 'Not Found' });
  });
});

describe('HTTPException', () => {
  @Controller('/errors')
  class ErrorsController {
    @Get('/missing')
    missing() {
      throw new HTTPException(404, 'Item not found', { 'X-Error': 'x' });
    }

    @Get('/object')
    object() {
      throw new HTTPException(409, { code: 'conflict', ids: [1, 2], nested: { ok: false } });
    }

    @Get('/array')
    array() {
      throw new HTTPException(400, [{ field: 'a' }, 'b', 3]);
    }

    @Get('/forbidden')
    async forbidden() {
      throw new HTTPException(403);
    }
  }

  test('status, detail and headers are sent', async () => {
    const client = clientFor([ErrorsController]);
    const res = await client.get('/errors/missing');
    expectJson(res, 404, { detail: 'Item not found' });
    expect(res.headers['x-error']).toBe('x');
  });

  test('detail may be an object or an array', async () => {
    const client = clientFor([ErrorsController]);
    expectJson(await client.get('/errors/object'), 409, { detail: { code: 'conflict', ids: [1, 2], nested: { ok: false } } });
    expectJson(await client.get('/errors/array'), 400, { detail: [{ field: 'a' }, 'b', 3] });
  });

  test('without a detail, the detail is the status phrase', async () => {
    const client = clientFor([ErrorsController]);
    expectJson(await client.get('/errors/forbidden'), 403, { detail: 'Forbidden' });
  });
});

describe('uncaught errors', () => {
  const secret = new Error('db password=hunter2');

  @Controller('/boom')
  class BoomController {
    @Get('')
    boom() {
      throw secret;
    }

    @Get('/async')
    async boomLater() {
      await Promise.resolve();
      throw new TypeError('cannot read x of undefined at /srv/app/secret.ts');
    }
  }

  test('an uncaught error is a 500 that reveals nothing', async () => {
    const app = new App({ controllers: [BoomController], fastify: { logger: false } });
    const client = clientFor([], { raiseServerExceptions: false }, app);
    for (const path of ['/boom', '/boom/async']) {
      const res = await client.get(path);
      expectJson(res, 500, { detail: 'Internal Server Error' });
      expect(res.text).not.toMatch(/hunter2|secret|undefined|at /);
    }
  });

  test('the default TestClient rethrows the error in the test', async () => {
    const client = clientFor([], {}, new App({ controllers: [BoomController], fastify: { logger: false } }));
    await expect(client.get('/boom')).rejects.toBe(secret);
    await expect(client.get('/boom/async')).rejects.toThrow(new TypeError('cannot read x of undefined at /srv/app/secret.ts'));
  });

  test('the 500 is logged with the message and the stack', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = new App({ controllers: [BoomController], fastify: { logger: { level: 'error', stream } } });
    const client = clientFor([], { raiseServerExceptions: false }, app);
    expectJson(await client.get('/boom'), 500, { detail: 'Internal Server Error' });
    const errors = lines.map((line) => JSON.parse(line)).filter((entry) => entry.err);
    expect(errors).toHaveLength(1);
    expect(errors[0].level).toBe(50);
    expect(errors[0].err.message).toBe('db password=hunter2');
    expect(errors[0].err.stack).toContain('db password=hunter2');
    expect(errors[0].err.stack).toContain('errors-and-routing.test.ts');
  });
});

describe('bad URLs', () => {
  test('a malformed percent-escape is 400 and the URL is not echoed', async () => {
    const client = clientFor([ItemsController]);
    const res = await client.get('/items/%zz');
    expectJson(res, 400, { detail: 'Bad Request' });
    expect(res.text).not.toContain('%zz');
    expect(res.text).not.toContain('items');
  });

  test('a path parameter of 100 characters is served, one of 101 is 414', async () => {
    const client = clientFor([ItemsController]);
    const longest = 'x'.repeat(100);
    expectJson(await client.get(`/items/${longest}`), 200, { itemId: longest });
    const res = await client.get(`/items/${longest}y`);
    expectJson(res, 414, { detail: 'URI Too Long' });
    expect(res.text).not.toContain(longest);
  });
});
