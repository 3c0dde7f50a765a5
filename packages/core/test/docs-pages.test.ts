import 'reflect-metadata';
import { App, type CallNext, Controller, Get, type HttpMiddleware, Middleware, Path, type Request } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('/{itemId}')
  readItem(@Path('itemId', { type: 'integer' }) itemId: number) {
    return { itemId };
  }
}

function makeApp(options: Partial<ConstructorParameters<typeof App>[0]> = {}): App {
  return new App({ title: 'Docs Demo', version: '1.2.3', controllers: [ItemsController], ...options });
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

function titleOf(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1];
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCharCode(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCharCode(Number(body.slice(1)));
    return named[body.toLowerCase()] ?? entity;
  });
}

function contentType(value: string | string[] | undefined): string {
  return String(value).split(';')[0].trim();
}

const EXPECTED_TYPES: Record<string, string> = {
  js: 'application/javascript',
  css: 'text/css',
  png: 'image/png',
};

describe('docs pages', () => {
  let client: TestClient;

  afterEach(async () => {
    await client.close();
  });

  test('/docs is HTML whose scripts and stylesheets are local and all answer', async () => {
    client = new TestClient(makeApp());
    const page = await client.get('/docs');
    expect(page.status).toBe(200);
    expect(contentType(page.headers['content-type'])).toBe('text/html');

    const urls = assetUrls(page.text);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    expect(urls.some((url) => url.endsWith('swagger-ui-bundle.js'))).toBe(true);
    expect(urls.some((url) => url.endsWith('swagger-ui.css'))).toBe(true);
    for (const url of urls) {
      expect(url).toMatch(/^\.?\//);
      expect(url).not.toMatch(/^\/\//);
      expect(url).not.toMatch(/^https?:/);
    }

    for (const url of urls) {
      const path = resolvePath(url, '/docs');
      const asset = await client.get(path);
      const extension = /\.(\w+)$/.exec(new URL(path, 'http://testserver').pathname)?.[1] ?? '';
      expect({ path, status: asset.status, type: contentType(asset.headers['content-type']) }).toEqual({
        path,
        status: 200,
        type: EXPECTED_TYPES[extension],
      });
      expect(asset.body.length).toBeGreaterThan(0);
    }
  });

  test('/docs/ (with the slash) also serves the page with assets that resolve', async () => {
    client = new TestClient(makeApp());
    const page = await client.get('/docs/');
    expect(page.status).toBe(200);
    expect(contentType(page.headers['content-type'])).toBe('text/html');
    for (const url of assetUrls(page.text)) {
      expect(url).not.toMatch(/^(https?:)?\/\//);
      const asset = await client.get(resolvePath(url, '/docs/'));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
  });

  test('an unknown path under /docs is the app\'s own 404', async () => {
    client = new TestClient(makeApp());
    const res = await client.get('/docs/static/nothing-here.js');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });

  test('Swagger UI assets answer HEAD with their length, and a matching If-None-Match with 304', async () => {
    client = new TestClient(makeApp());
    const asset = await client.get('/docs/static/swagger-ui.css');
    expect(asset.status).toBe(200);
    const etag = asset.headers.etag;
    expect(typeof etag).toBe('string');

    const head = await client.request('HEAD', '/docs/static/swagger-ui.css');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(asset.body.length);

    const again = await client.get('/docs/static/swagger-ui.css', { headers: { 'if-none-match': String(etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  test("the app's middleware wraps the Swagger UI pages too", async () => {
    @Middleware()
    class Stamp implements HttpMiddleware {
      async dispatch(request: Request, callNext: CallNext) {
        const response = await callNext(request);
        response.headers.set('x-stamp', 'docs');
        return response;
      }
    }
    client = new TestClient(makeApp({ middleware: [Stamp] }));
    const page = await client.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['x-stamp']).toBe('docs');
    expect(titleOf(page.text)).toBe('Docs Demo - Swagger UI');
    const missing = await client.get('/docs/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-stamp']).toBe('docs');
  });

  test('the Swagger UI page title is "{title} - Swagger UI"', async () => {
    client = new TestClient(makeApp());
    const page = await client.get('/docs');
    expect(titleOf(page.text)).toBe('Docs Demo - Swagger UI');
  });

  test('/docs/yaml is the same document in YAML', async () => {
    client = new TestClient(makeApp());
    const res = await client.get('/docs/yaml');
    expect(res.status).toBe(200);
    expect(contentType(res.headers['content-type'])).toBe('application/x-yaml');
    expect(res.text).toMatch(/^openapi: 3\.1\.0$/m);
    expect(res.text).toMatch(/^ {2}title: Docs Demo$/m);
    expect(res.text).toContain('operationId: readItem_items__itemId__get');
  });

  test('/docs/json is the same document as /openapi.json', async () => {
    client = new TestClient(makeApp());
    const docsJson = await client.get('/docs/json');
    const openapi = await client.get('/openapi.json');
    expect(docsJson.status).toBe(200);
    expect(openapi.status).toBe(200);
    expect(contentType(docsJson.headers['content-type'])).toBe('application/json');
    expect(docsJson.json()).toEqual(openapi.json());
    expect(openapi.json()).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Docs Demo', version: '1.2.3' },
      paths: { '/items/{itemId}': { get: { operationId: 'readItem_items__itemId__get' } } },
    });
  });

  test('/docs/oauth2-redirect redirects (307) to the static page keeping the query', async () => {
    client = new TestClient(makeApp(), { followRedirects: false });
    const res = await client.get('/docs/oauth2-redirect?code=abc&state=x');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/docs/static/oauth2-redirect.html?code=abc&state=x');

    const target = await client.get(String(res.headers.location));
    expect(target.status).toBe(200);
    expect(contentType(target.headers['content-type'])).toBe('text/html');
    expect(target.text).toContain('<script');
  });

  test('/redoc is HTML titled "{title} - ReDoc" pointing at /openapi.json with a local bundle', async () => {
    client = new TestClient(makeApp());
    const page = await client.get('/redoc');
    expect(page.status).toBe(200);
    expect(contentType(page.headers['content-type'])).toBe('text/html');
    expect(titleOf(page.text)).toBe('Docs Demo - ReDoc');
    expect(page.text).toContain('<redoc spec-url="/openapi.json">');

    const urls = assetUrls(page.text);
    const scripts = [...page.text.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    for (const url of urls) {
      expect(url).toMatch(/^\.?\//);
      expect(url).not.toMatch(/^(https?:)?\/\//);
    }

    const bundle = await client.get(resolvePath(scripts[0], '/redoc'));
    expect(bundle.status).toBe(200);
    expect(contentType(bundle.headers['content-type'])).toBe('application/javascript');
    expect(bundle.body.length).toBeGreaterThan(100 * 1024);
  });

  test('an app title with markup is escaped in the ReDoc page', async () => {
    client = new TestClient(makeApp({ title: '<script>alert(1)</script> & co' }));
    const page = await client.get('/redoc');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    const title = titleOf(page.text) ?? '';
    expect(title).not.toMatch(/[<>]/);
    expect(decodeEntities(title)).toBe('<script>alert(1)</script> & co - ReDoc');
    // Only the bundle's own script tag remains.
    expect(page.text.match(/<script\b/g)).toHaveLength(1);
  });

  test('docsUrl and redocUrl move the pages', async () => {
    client = new TestClient(makeApp({ docsUrl: '/swagger', redocUrl: '/reference' }));

    const swagger = await client.get('/swagger');
    expect(swagger.status).toBe(200);
    expect(titleOf(swagger.text)).toBe('Docs Demo - Swagger UI');
    for (const url of assetUrls(swagger.text)) {
      const asset = await client.get(resolvePath(url, '/swagger'));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }

    const reference = await client.get('/reference');
    expect(reference.status).toBe(200);
    expect(titleOf(reference.text)).toBe('Docs Demo - ReDoc');
    expect(reference.text).toContain('<redoc spec-url="/openapi.json">');
    const script = /<script\b[^>]*\bsrc="([^"]*)"/.exec(reference.text)?.[1] ?? '';
    expect(script).toMatch(/^\/reference\//);
    const bundle = await client.get(script);
    expect(bundle.status).toBe(200);

    const oldDocs = await client.get('/docs');
    expect(oldDocs.status).toBe(404);
    expect(oldDocs.json()).toEqual({ detail: 'Not Found' });
    expect((await client.get('/redoc')).status).toBe(404);
    expect((await client.get('/openapi.json')).status).toBe(200);
  });
});
