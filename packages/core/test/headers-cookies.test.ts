import 'reflect-metadata';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { App, Controller, Cookie, Get, Header, Post, Req, Res } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

@Controller('/headers')
class HeadersController {
  @Get('/agent')
  readAgent(@Header('user_agent', { required: false }) userAgent?: string) {
    return { userAgent };
  }

  @Get('/strange')
  readStrange(@Header('strange_header', { convertUnderscores: false, required: false }) strange?: string) {
    return { strange };
  }

  @Get('/strange-required')
  readStrangeRequired(@Header('strange_header', { convertUnderscores: false }) strange: string) {
    return { strange };
  }

  @Get('/token')
  readToken(@Header('x_token') token: string) {
    return { token };
  }

  @Get('/aliased')
  readAliased(@Header('token', { alias: 'X-Api-Key' }) token: string) {
    return { token };
  }

  @Get('/count')
  readCount(@Header('x_count', { type: 'integer', ge: 1 }) count: number, @Header('x_debug', { default: false }) debug: boolean) {
    return { count, debug };
  }
}

@Controller('/cookies')
class CookiesController {
  @Get('/ads')
  readAds(@Cookie('ads_id', { required: false }) adsId?: string) {
    return { adsId };
  }

  @Get('/session')
  readSession(@Cookie('session_id') sessionId: string, @Cookie('visits', { type: 'integer', default: 0 }) visits: number) {
    return { sessionId, visits };
  }
}

@Controller('/raw')
class RawController {
  @Get('/request')
  readRequest(@Req() request: FastifyRequest) {
    return {
      method: request.method,
      url: request.url,
      agent: request.headers['user-agent'],
      custom: request.headers['x-custom'],
      cookies: { ...request.cookies },
    };
  }

  @Post('/cookie', { statusCode: 201 })
  setCookie(@Res() reply: FastifyReply) {
    reply.header('x-powered-by', 'tsapi');
    reply.setCookie('fakesession', 'fake-cookie-session-value', { httpOnly: true, path: '/' });
    return { message: 'Come to the dark side, we have cookies' };
  }

  @Post('/accepted', { statusCode: 201 })
  accept(@Res() reply: FastifyReply) {
    reply.code(202);
    return { queued: true };
  }

  @Post('/logout')
  logout(@Res() reply: FastifyReply, @Cookie('session_id', { required: false }) sessionId?: string) {
    reply.clearCookie('session_id', { path: '/' });
    return { loggedOut: sessionId ?? 'nobody' };
  }

  @Get('/nothing')
  readNothing(@Res() reply: FastifyReply): void {
    reply.header('x-note', 'empty');
  }
}

describe('headers', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [HeadersController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test("@Header('user_agent') reads the user-agent header", async () => {
    const res = await client.get('/headers/agent', { headers: { 'user-agent': 'tsapi-test/1.0' } });
    expect([res.status, res.json()]).toEqual([200, { userAgent: 'tsapi-test/1.0' }]);
  });

  test('a header sent with underscores is not the converted name', async () => {
    const res = await client.get('/headers/token', { headers: { x_token: 'underscored' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }] });
  });

  test('convertUnderscores: false reads the name as written, underscores and all', async () => {
    let res = await client.get('/headers/strange', { headers: { strange_header: 'yes' } });
    expect([res.status, res.json()]).toEqual([200, { strange: 'yes' }]);
    res = await client.get('/headers/strange', { headers: { 'strange-header': 'no' } });
    expect([res.status, res.json()]).toEqual([200, {}]);
  });

  test('convertUnderscores: false names the missing header as written', async () => {
    const res = await client.get('/headers/strange-required', { headers: { 'strange-header': 'no' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'strange_header'], msg: 'Field required', input: null }] });
  });

  test('header names are case-insensitive', async () => {
    for (const name of ['x-token', 'X-Token', 'X-TOKEN', 'x-ToKeN']) {
      const res = await client.get('/headers/token', { headers: { [name]: 'fake-super-secret-token' } });
      expect([res.status, res.json()]).toEqual([200, { token: 'fake-super-secret-token' }]);
    }
  });

  test('a missing required header is 422 with the converted name in loc', async () => {
    const res = await client.get('/headers/token');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }] });
  });

  // FastAPI names an aliased parameter by its alias as written.
  test('an alias is the header read, case-insensitively', async () => {
    const res = await client.get('/headers/aliased', { headers: { 'X-API-KEY': 'k' } });
    expect([res.status, res.json()]).toEqual([200, { token: 'k' }]);
    const missing = await client.get('/headers/aliased', { headers: { token: 'k' } });
    expect(missing.status).toBe(422);
    expect(missing.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'X-Api-Key'], msg: 'Field required', input: null }] });
  });

  test('typed headers are coerced, with defaults and constraints', async () => {
    let res = await client.get('/headers/count', { headers: { 'x-count': '3' } });
    expect([res.status, res.json()]).toEqual([200, { count: 3, debug: false }]);
    res = await client.get('/headers/count', { headers: { 'x-count': '3', 'x-debug': 'on' } });
    expect([res.status, res.json()]).toEqual([200, { count: 3, debug: true }]);
    res = await client.get('/headers/count', { headers: { 'x-count': 'three', 'x-debug': 'perhaps' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['header', 'x-count'], msg: INT_PARSING_MSG, input: 'three' },
        { type: 'bool_parsing', loc: ['header', 'x-debug'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'perhaps' },
      ],
    });
    res = await client.get('/headers/count', { headers: { 'x-count': '0' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'greater_than_equal', loc: ['header', 'x-count'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
    });
  });
});

describe('cookies', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [CookiesController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test("@Cookie('ads_id') reads the cookie of that name", async () => {
    let res = await client.get('/cookies/ads', { cookies: { ads_id: 'ads_track' } });
    expect([res.status, res.json()]).toEqual([200, { adsId: 'ads_track' }]);
    res = await client.get('/cookies/ads', { headers: { cookie: 'other=1; ads_id=abc; last=2' } });
    expect([res.status, res.json()]).toEqual([200, { adsId: 'abc' }]);
  });

  test('an optional cookie that is absent is undefined', async () => {
    let res = await client.get('/cookies/ads');
    expect([res.status, res.json()]).toEqual([200, {}]);
    res = await client.get('/cookies/ads', { cookies: { 'ads-id': 'wrong-name' } });
    expect([res.status, res.json()]).toEqual([200, {}]);
  });

  test('typed cookies are coerced, with defaults', async () => {
    let res = await client.get('/cookies/session', { cookies: { session_id: 's1' } });
    expect([res.status, res.json()]).toEqual([200, { sessionId: 's1', visits: 0 }]);
    res = await client.get('/cookies/session', { cookies: { session_id: 's1', visits: '12' } });
    expect([res.status, res.json()]).toEqual([200, { sessionId: 's1', visits: 12 }]);
  });

  test('cookie errors are 422 with loc ["cookie", name]', async () => {
    const res = await client.get('/cookies/session', { cookies: { visits: 'many' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['cookie', 'session_id'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['cookie', 'visits'], msg: INT_PARSING_MSG, input: 'many' },
      ],
    });
  });
});

describe('@Req() and @Res()', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [RawController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test('@Req() gives the Fastify request', async () => {
    const res = await client.get('/raw/request?x=1', {
      headers: { 'user-agent': 'agent/2', 'X-Custom': 'c' },
      cookies: { a: '1', b: 'two' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ method: 'GET', url: '/raw/request?x=1', agent: 'agent/2', custom: 'c', cookies: { a: '1', b: 'two' } });
  });

  test('@Res() sets a header and a cookie while the return value is still sent as JSON', async () => {
    const res = await client.post('/raw/cookie');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-powered-by']).toBe('tsapi');
    expect(res.headers['set-cookie']).toBe('fakesession=fake-cookie-session-value; Path=/; HttpOnly; SameSite=Lax');
    expect(res.json()).toEqual({ message: 'Come to the dark side, we have cookies' });
  });

  test('@Res() sets the status code over the route default', async () => {
    const res = await client.post('/raw/accepted');
    expect([res.status, res.json()]).toEqual([202, { queued: true }]);
  });

  test('@Res() clears a cookie alongside a cookie parameter', async () => {
    const res = await client.post('/raw/logout', { cookies: { session_id: 'abc' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ loggedOut: 'abc' });
    expect(res.headers['set-cookie']).toBe('session_id=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax');
  });

  test('@Res() with a handler returning nothing still sends null and the header', async () => {
    const res = await client.get('/raw/nothing');
    expect(res.status).toBe(200);
    expect(res.headers['x-note']).toBe('empty');
    expect(res.text).toBe('null');
  });
});
