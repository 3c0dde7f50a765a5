import 'reflect-metadata';
import { App, type AppOptions, Controller, Get, Post, Query } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

@Controller()
class ItemsController {
  @Get('/items')
  list() {
    return [{ id: 1 }];
  }

  @Post('/items')
  create() {
    return { created: true };
  }

  @Get('/count')
  count(@Query('n', { type: 'integer' }) n: number) {
    return { n };
  }
}

const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function clientWith(cors: AppOptions['cors']): TestClient {
  const client = new TestClient(new App({ controllers: [ItemsController], ...(cors ? { cors } : {}) }));
  clients.push(client);
  return client;
}

/** The CORS-related headers of an answer (and `vary`), so that tests can compare the whole set. */
function corsHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

function preflight(client: TestClient, origin: string, headers: Record<string, string> = {}) {
  return client.options('/items', { headers: { origin, 'access-control-request-method': 'POST', ...headers } });
}

const STARLETTE_STYLE = {
  allowOrigins: ['https://a.example'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['x-token'],
};

describe('without a cors option', () => {
  test('a request with an Origin gets no access-control-* headers', async () => {
    const res = await clientWith(undefined).get('/items', { headers: { origin: 'https://a.example' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ id: 1 }]);
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  test('a preflight OPTIONS gets no access-control-allow-origin', async () => {
    const res = await preflight(clientWith(undefined), 'https://a.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('listed origins', () => {
  test('a simple GET from an allowed origin gets the origin back with Vary: Origin', async () => {
    const res = await clientWith(STARLETTE_STYLE).get('/items', { headers: { origin: 'https://a.example' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ id: 1 }]);
    expect(corsHeaders(res.headers)).toEqual({ 'access-control-allow-origin': 'https://a.example', vary: 'Origin' });
  });

  test('a preflight from an allowed origin gets the methods, headers and the default max-age of 600', async () => {
    const res = await preflight(clientWith(STARLETTE_STYLE), 'https://a.example', {
      'access-control-request-headers': 'x-token',
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': 'https://a.example',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'x-token',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });

  test('maxAge replaces the default', async () => {
    const res = await preflight(clientWith({ ...STARLETTE_STYLE, maxAge: 60 }), 'https://a.example');
    expect(res.headers['access-control-max-age']).toBe('60');
  });

  test('a disallowed origin gets no access-control-allow-origin on a GET, which still answers', async () => {
    const res = await clientWith(STARLETTE_STYLE).get('/items', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ id: 1 }]);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a disallowed origin gets no access-control-allow-origin on a preflight', async () => {
    const res = await preflight(clientWith(STARLETTE_STYLE), 'https://evil.example', {
      'access-control-request-headers': 'x-token',
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('CORS headers are also on 404 and 422 answers for an allowed origin', async () => {
    const client = clientWith(STARLETTE_STYLE);
    const notFound = await client.get('/nowhere', { headers: { origin: 'https://a.example' } });
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toEqual({ detail: 'Not Found' });
    expect(notFound.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(notFound.headers.vary).toContain('Origin');

    const invalid = await client.get('/count', { query: { n: 'many' }, headers: { origin: 'https://a.example' } });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['query', 'n'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'many',
        },
      ],
    });
    expect(invalid.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(invalid.headers.vary).toContain('Origin');
  });
});

describe('wildcard and patterns', () => {
  test("allowOrigins ['*'] without credentials answers a literal *", async () => {
    const res = await clientWith({ allowOrigins: ['*'] }).get('/items', {
      headers: { origin: 'https://anyone.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test("allowOrigins ['*'] with credentials echoes the request's origin with Vary: Origin", async () => {
    const client = clientWith({ allowOrigins: ['*'], allowCredentials: true });
    const res = await client.get('/items', { headers: { origin: 'https://anyone.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://anyone.example');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers.vary).split(/,\s*/)).toContain('Origin');

    const pre = await preflight(client, 'https://other.example');
    expect(pre.headers['access-control-allow-origin']).toBe('https://other.example');
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
  });

  test('allowOriginRegex allows the origins that match it whole, and no others', async () => {
    const client = clientWith({ allowOriginRegex: 'https://.*\\.example\\.org' });
    const matching = await client.get('/items', { headers: { origin: 'https://api.example.org' } });
    expect(matching.headers['access-control-allow-origin']).toBe('https://api.example.org');

    const suffixed = await client.get('/items', { headers: { origin: 'https://api.example.org.evil.com' } });
    expect(suffixed.headers['access-control-allow-origin']).toBeUndefined();
    const otherScheme = await client.get('/items', { headers: { origin: 'http://api.example.org' } });
    expect(otherScheme.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('exposeHeaders are listed in access-control-expose-headers', async () => {
    const client = clientWith({ allowOrigins: ['https://a.example'], exposeHeaders: ['x-total-count', 'x-page'] });
    const res = await client.get('/items', { headers: { origin: 'https://a.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(res.headers['access-control-expose-headers']).toBe('x-total-count, x-page');
  });
});

describe('@fastify/cors options', () => {
  test('the native origin option is accepted', async () => {
    const client = clientWith({ origin: ['https://a.example'] });
    const allowed = await client.get('/items', { headers: { origin: 'https://a.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://a.example');

    const denied = await client.get('/items', { headers: { origin: 'https://b.example' } });
    expect(denied.status).toBe(200);
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();

    const pre = await preflight(client, 'https://a.example');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://a.example');
  });
});
