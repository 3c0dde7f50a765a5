import 'reflect-metadata';
import { App, Controller, Cookie, Get, Header, HTTPException, Post, Query, RedirectResponse, Req, Body, type Request } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { IsString } from 'class-validator';

class Note {
  @IsString() text!: string;
}

@Controller()
class EchoController {
  @Get('/echo')
  echo(
    @Query('tag', { type: ['string'], default: [] }) tags: string[],
    @Header('x-token', { required: false }) token?: string,
    @Cookie('session', { required: false }) session?: string,
  ) {
    return { tags, token, session };
  }

  @Post('/notes')
  create(@Body() note: Note) {
    return { text: note.text };
  }

  @Post('/raw')
  raw(@Req() request: Request) {
    return { contentType: request.headers['content-type'], body: request.body };
  }

  @Get('/old')
  old() {
    return new RedirectResponse('/echo?tag=moved');
  }

  @Get('/boom')
  boom() {
    throw new Error('database exploded');
  }

  @Get('/teapot')
  teapot() {
    throw new HTTPException(418, "I'm a teapot");
  }
}

function makeApp(): App {
  return new App({ controllers: [EchoController], fastify: { logger: false } });
}

describe('TestClient', () => {
  let client: TestClient;
  afterEach(async () => client.close());

  test('sends query lists, headers and cookies', async () => {
    client = new TestClient(makeApp());
    const res = await client.get('/echo', {
      query: { tag: ['a', 'b c'] },
      headers: { 'X-Token': 't0k' },
      cookies: { session: 'abc=1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ tags: ['a', 'b c'], token: 't0k', session: 'abc=1' });
    expect(res.body).toBeInstanceOf(Buffer);
    expect(res.body.toString()).toBe(res.text);
  });

  test('sends JSON bodies with their content type', async () => {
    client = new TestClient(makeApp());
    const res = await client.post('/notes', { json: { text: 'hi' } });
    expect([res.status, res.json()]).toEqual([200, { text: 'hi' }]);
  });

  test('sends raw bodies with the content type given in headers', async () => {
    client = new TestClient(makeApp());
    const res = await client.post('/raw', { body: 'plain words', headers: { 'content-type': 'text/plain' } });
    expect(res.json()).toEqual({ contentType: 'text/plain', body: 'plain words' });
  });

  test('encodes forms as application/x-www-form-urlencoded', async () => {
    const app = makeApp();
    app.fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    client = new TestClient(app);
    const res = await client.post('/raw', { form: { username: 'ann', scope: 'a b', n: 1 } });
    expect(res.json()).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      body: 'username=ann&scope=a+b&n=1',
    });
  });

  test('follows redirects by default and can be told not to', async () => {
    client = new TestClient(makeApp());
    const followed = await client.get('/old');
    expect([followed.status, followed.json()]).toEqual([200, { tags: ['moved'] }]);
    const raw = new TestClient(makeApp(), { followRedirects: false });
    const res = await raw.get('/old');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/echo?tag=moved');
    await raw.close();
  });

  test('rethrows server errors by default', async () => {
    client = new TestClient(makeApp());
    await expect(client.get('/boom')).rejects.toThrow('database exploded');
  });

  test('returns the 500 when raiseServerExceptions is false', async () => {
    client = new TestClient(makeApp(), { raiseServerExceptions: false });
    const res = await client.get('/boom');
    expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    expect(res.text).not.toContain('exploded');
  });

  test('does not treat HTTP exceptions as server errors', async () => {
    client = new TestClient(makeApp());
    const res = await client.get('/teapot');
    expect([res.status, res.json()]).toEqual([418, { detail: "I'm a teapot" }]);
  });

  test('prefixes every path with baseUrl', async () => {
    const app = makeApp();
    client = new TestClient(app, { baseUrl: '/echo' });
    const res = await client.get('?tag=x');
    expect(res.json()).toEqual({ tags: ['x'] });
  });
});
