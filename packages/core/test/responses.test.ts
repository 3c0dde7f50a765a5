import 'reflect-metadata';
import {
  App,
  Controller,
  Delete,
  Get,
  HTMLResponse,
  HTTPException,
  JSONResponse,
  PlainTextResponse,
  Post,
  RedirectResponse,
  Path,
  Response,
  status,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const deleted: number[] = [];

@Controller()
class ResponsesController {
  @Post('/json')
  json() {
    return new JSONResponse({ message: 'created' }, 201, { 'x-item-id': '7' });
  }

  @Get('/json-cookies')
  jsonCookies() {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; Path=/');
    return new JSONResponse(['ok'], 200, headers);
  }

  @Get('/html')
  html() {
    return new HTMLResponse('<h1>Hello</h1>');
  }

  @Get('/html-not-found')
  htmlNotFound() {
    return new HTMLResponse('<h1>Gone</h1>', 404);
  }

  @Get('/text')
  text() {
    return new PlainTextResponse('pong', 200, { 'x-kind': 'text' });
  }

  @Get('/redirect')
  redirect() {
    return new RedirectResponse('/target?q=1');
  }

  @Get('/redirect-found')
  redirectFound() {
    return new RedirectResponse('https://example.com/a b', status.HTTP_302_FOUND);
  }

  @Get('/target')
  target() {
    return { arrived: true };
  }

  @Get('/raw')
  raw() {
    return new Response('<feed/>', 203, { 'x-kind': 'feed' }, 'application/xml');
  }

  @Get('/raw-bytes')
  rawBytes() {
    return new Response(Buffer.from([0, 1, 2, 255]), 200, {}, 'application/octet-stream');
  }

  @Get('/page', { responseClass: HTMLResponse })
  page() {
    return '<p>from a string</p>';
  }

  @Get('/plain-string')
  plainString() {
    return 'hello';
  }

  @Get('/nothing')
  nothing() {
    return undefined;
  }

  @Delete('/items/{itemId}', { statusCode: status.HTTP_204_NO_CONTENT })
  remove(@Path('itemId', { type: 'integer' }) itemId: number) {
    deleted.push(itemId);
  }

  @Delete('/returns-anyway', { statusCode: 204 })
  returnsAnyway() {
    return { ignored: true };
  }

  @Get('/no-content-error')
  noContentError() {
    throw new HTTPException(204, 'nothing here', { 'x-reason': 'empty' });
  }

  @Get('/teapot')
  teapot() {
    throw new HTTPException(418, { reason: 'short and stout' }, { 'x-teapot': 'yes' });
  }
}

const clients: TestClient[] = [];

function clientFor(options: { followRedirects?: boolean } = {}): TestClient {
  const client = new TestClient(new App({ controllers: [ResponsesController] }), options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('Response classes', () => {
  test('JSONResponse sends its content with its status and headers', async () => {
    const res = await clientFor().post('/json');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-item-id']).toBe('7');
    expect(res.json()).toEqual({ message: 'created' });
  });

  test('JSONResponse keeps every Set-Cookie header', async () => {
    const res = await clientFor().get('/json-cookies');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.json()).toEqual(['ok']);
  });

  test('HTMLResponse is text/html', async () => {
    const res = await clientFor().get('/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe('<h1>Hello</h1>');
  });

  test('HTMLResponse takes a status', async () => {
    const res = await clientFor().get('/html-not-found');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe('<h1>Gone</h1>');
  });

  test('PlainTextResponse is text/plain', async () => {
    const res = await clientFor().get('/text');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-kind']).toBe('text');
    expect(res.text).toBe('pong');
  });

  test('RedirectResponse is a 307 with a Location header by default', async () => {
    const res = await clientFor({ followRedirects: false }).get('/redirect');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/target?q=1');
    expect(res.text).toBe('');
  });

  test('RedirectResponse takes another status and encodes the URL', async () => {
    const res = await clientFor({ followRedirects: false }).get('/redirect-found');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://example.com/a%20b');
  });

  test('a followed redirect arrives at the target', async () => {
    const res = await clientFor().get('/redirect');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ arrived: true });
  });

  test('Response(body, status, headers, mediaType) is sent as it is', async () => {
    const res = await clientFor().get('/raw');
    expect(res.status).toBe(203);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['x-kind']).toBe('feed');
    expect(res.text).toBe('<feed/>');
  });

  test('Response sends bytes unchanged', async () => {
    const res = await clientFor().get('/raw-bytes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect([...res.body]).toEqual([0, 1, 2, 255]);
  });
});

describe('default responses', () => {
  test('responseClass: HTMLResponse makes a returned string an HTML page', async () => {
    const res = await clientFor().get('/page');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe('<p>from a string</p>');
  });

  test('without a responseClass a returned string is a JSON string, as FastAPI', async () => {
    const res = await clientFor().get('/plain-string');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe('"hello"');
  });

  test('returning nothing sends JSON null', async () => {
    const res = await clientFor().get('/nothing');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe('null');
  });

  test('statusCode 204 sends no body', async () => {
    const res = await clientFor().delete('/items/1');
    expect(deleted).toEqual([1]);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['content-length']).toBeUndefined();
  });

  test('statusCode 204 sends no body even when the handler returns one', async () => {
    const res = await clientFor().delete('/returns-anyway');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });
});

describe('HTTPException', () => {
  test('with 204 sends no body, keeps its headers', async () => {
    const res = await clientFor().get('/no-content-error');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['x-reason']).toBe('empty');
  });

  test('sends any JSON detail with its headers', async () => {
    const res = await clientFor().get('/teapot');
    expect(res.status).toBe(418);
    expect(res.headers['x-teapot']).toBe('yes');
    expect(res.json()).toEqual({ detail: { reason: 'short and stout' } });
  });
});
