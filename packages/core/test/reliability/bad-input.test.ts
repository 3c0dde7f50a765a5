import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { WebSocket as WsClient } from 'ws';
import { createAccessToken } from '@tsapi/security';
import { TestClient } from '@tsapi/testing';
import { buildKitchenSink, JWT, type KitchenSink, RATE_LIMIT } from './kitchen-sink-app';
import {
  type Answer,
  expectClientErrorBody,
  expectDetail,
  fetchAnswer,
  multipart,
  parseResponse,
  prototypeIsClean,
  rawRequest,
  serve,
  tempFilesWith,
  waitFor,
} from './wire';

/**
 * Every row of RELIABILITY.md's "Cases to cover" against the kitchen-sink app: the status, the
 * whole `{"detail": …}` body, the handler not called where it must not be, no prototype polluted,
 * and the app still answering a normal request afterwards.
 */

const JSON_TYPE = { 'content-type': 'application/json' };
const MODEL_ATTRIBUTES_MSG = 'Input should be a valid dictionary or object to extract fields from';
const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';
const VALID_USER = { email: 'ada@example.com', username: 'ada_l', password: 'correct horse', tags: ['math'] };

let sink: KitchenSink;
let client: TestClient;
let port: number;

beforeAll(async () => {
  sink = buildKitchenSink();
  port = await serve(sink.app);
  client = new TestClient(sink.app, { raiseServerExceptions: false });
});

afterAll(async () => {
  await client.close();
});

afterEach(async () => {
  expect(prototypeIsClean()).toBe(true);
  expect(({} as any).x).toBeUndefined();
  const health = await fetchAnswer(port, '/health');
  expect({ status: health.status, body: JSON.parse(health.text) }).toEqual({ status: 200, body: { status: 'ok' } });
});

/** Runs `send` and answers what it got and how often the route's handler ran meanwhile. */
async function counting<T>(route: string, send: () => Promise<T>): Promise<{ answer: T; calls: number }> {
  const before = sink.counters.callsOf(route);
  const answer = await send();
  return { answer, calls: sink.counters.callsOf(route) - before };
}

function postUsers(
  body: string | Buffer,
  headers: Record<string, string> = JSON_TYPE,
): Promise<{ answer: Answer; calls: number }> {
  return counting('createUser', () => client.post('/users', { body, headers }));
}

describe('prototype keys', () => {
  test.each([
    ['__proto__', '{"email":"a@b.co","__proto__":{"x":1,"polluted":true}}'],
    ['constructor.prototype', '{"email":"a@b.co","constructor":{"prototype":{"x":1}}}'],
    ['nested __proto__', '{"email":"a@b.co","address":{"street":"s","__proto__":{"y":1}}}'],
  ])('a JSON body with %s keys is 400 and never reaches the handler', async (_name, body) => {
    const { answer, calls } = await postUsers(body);
    expectDetail(answer, 400, 'Object contains forbidden prototype property');
    expect(calls).toBe(0);
  });

  test('the same over real HTTP', async () => {
    const answer = await fetchAnswer(port, '/users', {
      method: 'POST',
      headers: JSON_TYPE,
      body: '{"__proto__":{"x":1}}',
    });
    expectDetail(answer, 400, 'Object contains forbidden prototype property');
  });

  test('query keys __proto__[x] and constructor[prototype][y] are plain, unknown names: 200, nothing polluted', async () => {
    const { answer, calls } = await counting('search', () =>
      client.get('/search?__proto__[x]=1&constructor[prototype][y]=1&__proto__=2&q=ok&tag=a'),
    );
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 200,
      body: { q: 'ok', page: 1, tags: ['a'] },
    });
    expect(calls).toBe(1);
  });

  test('query values named like prototype keys stay values', async () => {
    const answer = await client.get('/search', { query: { q: '__proto__', tag: ['constructor', 'prototype'] } });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 200,
      body: { q: '__proto__', page: 1, tags: ['constructor', 'prototype'] },
    });
  });

  test('a form body with prototype keys is read as plain fields', async () => {
    const answer = await client.post('/form', {
      body: '__proto__[x]=1&constructor[prototype][y]=1&name=a&count=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 200, body: { name: 'a', count: 2 } });
  });
});

describe('body size', () => {
  test('a Content-Length over the 1 MiB default is 413 before any of the body is read', async () => {
    const answer = await rawRequest(
      port,
      `POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n{`,
    );
    expectDetail(answer, 413, 'Payload Too Large');
    expect(answer.headers.connection).toBe('close');
  });

  test('a chunked body without Content-Length is cut off at the limit: 413 while the client is still sending', async () => {
    const before = sink.counters.callsOf('createUser');
    const result = await sendChunkedUntilAnswered(port, '/users', 16 * 1024 * 1024);
    expectDetail(result.answer, 413, 'Payload Too Large');
    // The client never finished: the server answered without buffering the rest.
    expect(result.ended).toBe(false);
    expect(result.sent).toBeGreaterThan(1024 * 1024);
    expect(result.sent).toBeLessThan(16 * 1024 * 1024);
    expect(sink.counters.callsOf('createUser')).toBe(before);
  });
});

describe('Content-Length that does not match the body', () => {
  // Node's parser refuses these before Fastify sees a request.
  test.each([
    ['shorter body than announced, then the client half-closes', 'Content-Length: 100\r\n\r\n{"a":1}', true],
    [
      'both Content-Length and Transfer-Encoding',
      'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n',
      false,
    ],
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{"a":1}', false],
    ['two different Content-Lengths', 'Content-Length: 7\r\nContent-Length: 8\r\n\r\n{"a":1}', false],
  ])('%s is 400 and the connection is closed', async (_name, rest, endWrite) => {
    const before = sink.counters.callsOf('createUser');
    const answer = await rawRequest(
      port,
      `POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${rest}`,
      { endWrite },
    );
    expect(answer.status).toBe(400);
    expectClientErrorBody(answer, 'Bad Request');
    expect(sink.counters.callsOf('createUser')).toBe(before);
  });

  test('a longer body than announced is 400: the bytes past it are not a request', async () => {
    const before = sink.counters.callsOf('createUser');
    const answer = await rawRequest(
      port,
      'POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":1}\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expectClientErrorBody(answer, 'Bad Request');
    expect(sink.counters.callsOf('createUser')).toBe(before);
  });
});

describe('bodies that do not fit', () => {
  test('an empty body where one is required is 422 missing at ["body"]', async () => {
    const { answer, calls } = await postUsers('');
    expectDetail(answer, 422, [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    expect(calls).toBe(0);
  });

  test('no body at all is the same 422', async () => {
    const { answer, calls } = await counting('createUser', () => client.post('/users'));
    expectDetail(answer, 422, [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    expect(calls).toBe(0);
  });

  test('malformed JSON is 422 json_invalid at the position it broke', async () => {
    const { answer, calls } = await postUsers('{"a":');
    expectDetail(answer, 422, [
      {
        type: 'json_invalid',
        loc: ['body', 5],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: 'Unexpected end of JSON input' },
      },
    ]);
    expect(calls).toBe(0);
  });

  test.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no content type', {}],
  ])('a JSON route given %s is 422 model_attributes_type (FastAPI strict content type)', async (_name, headers) => {
    const { answer, calls } = await postUsers(JSON.stringify(VALID_USER), headers);
    expectDetail(answer, 422, [
      { type: 'model_attributes_type', loc: ['body'], msg: MODEL_ATTRIBUTES_MSG, input: JSON.stringify(VALID_USER) },
    ]);
    expect(calls).toBe(0);
  });

  test.each([
    ['application/json garbage'],
    ['__proto__'],
    ['constructor'],
    ['application/xml'],
    ['constructor/prototype'],
  ])('content type %j is 415', async (contentType) => {
    const { answer, calls } = await postUsers(JSON.stringify(VALID_USER), { 'content-type': contentType });
    expectDetail(answer, 415, 'Unsupported Media Type');
    expect(calls).toBe(0);
  });

  test.each([[[]], ['x'], [42], [true]])(
    'a body of %j for an object model is 422 model_attributes_type',
    async (value) => {
      const { answer, calls } = await postUsers(JSON.stringify(value));
      expectDetail(answer, 422, [
        { type: 'model_attributes_type', loc: ['body'], msg: MODEL_ATTRIBUTES_MSG, input: value },
      ]);
      expect(calls).toBe(0);
    },
  );

  test('a body of null is 422 missing, as FastAPI reads a JSON null body', async () => {
    const { answer, calls } = await postUsers('null');
    expectDetail(answer, 422, [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    expect(calls).toBe(0);
  });

  test('JSON nested deeper than 200 levels is 422 json_invalid, not a stack overflow', async () => {
    const prefix = '{"email":"a@b.co","username":"abc","password":"secret123","tags":';
    const { answer, calls } = await postUsers(`${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectDetail(answer, 422, [
      {
        type: 'json_invalid',
        loc: ['body', prefix.length + 199],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: 'recursion limit exceeded' },
      },
    ]);
    expect(calls).toBe(0);
  });

  test('a 100 KB string into @IsEmail/@Matches fields with @MaxLength is 422 string_too_long, quickly', async () => {
    const huge = 'a'.repeat(100 * 1024);
    const started = performance.now();
    const { answer, calls } = await counting('createUser', () =>
      client.post('/users', { json: { ...VALID_USER, email: `${huge}@example.com`, username: huge } }),
    );
    const elapsed = performance.now() - started;
    expectDetail(answer, 422, [
      {
        type: 'string_too_long',
        loc: ['body', 'email'],
        msg: 'String should have at most 254 characters',
        input: `${huge}@example.com`,
        ctx: { max_length: 254 },
      },
      {
        type: 'string_too_long',
        loc: ['body', 'username'],
        msg: 'String should have at most 32 characters',
        input: huge,
        ctx: { max_length: 32 },
      },
    ]);
    expect(calls).toBe(0);
    // A sanity bound: the length is checked before the e-mail format and the pattern.
    expect(elapsed).toBeLessThan(1000);
  });

  test('200k items into an @ArrayMaxSize(10) field is 422 too_long, quickly', async () => {
    const tags = Array.from({ length: 200_000 }, (_, i) => `t${i % 10}`);
    const started = performance.now();
    const { answer, calls } = await counting('createUser', () =>
      client.post('/users', { json: { ...VALID_USER, tags } }),
    );
    const elapsed = performance.now() - started;
    expectDetail(answer, 422, [
      {
        type: 'too_long',
        loc: ['body', 'tags'],
        msg: 'List should have at most 10 items after validation, not 200000',
        input: tags,
        ctx: { field_type: 'List', max_length: 10, actual_length: 200_000 },
      },
    ]);
    expect(calls).toBe(0);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('what leaves the server', () => {
  test('a returned password never leaves through the response model', async () => {
    const { answer, calls } = await counting('createUser', () =>
      client.post('/users', { json: { ...VALID_USER, address: { street: 'Main St', zip: '12345' } } }),
    );
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 201,
      body: { id: 1, email: 'ada@example.com', username: 'ada_l', tags: ['math'] },
    });
    expect(answer.text).not.toMatch(/password|correct horse|scrypt/);
    expect(calls).toBe(1);
  });

  test('a return value that does not fit the response model is 500 and logged', async () => {
    const logged = sink.logged().length;
    const answer = await client.get('/broken-model');
    expectDetail(answer, 500, 'Internal Server Error');
    expect(answer.text).not.toMatch(/seven|UserOut|username/);
    const entries = sink.logged().slice(logged);
    expect(entries.map((entry) => entry.err?.type)).toEqual(['ResponseValidationError']);
  });

  test('an error whose message holds a password is 500 and nothing of the message is sent', async () => {
    const logged = sink.logged().length;
    const answer = await fetchAnswer(port, '/boom');
    expectDetail(answer, 500, 'Internal Server Error');
    expect(answer.text).not.toMatch(/hunter2|password|postgres|db\.internal|at /);
    expect(
      sink
        .logged()
        .slice(logged)
        .map((entry) => entry.err?.message),
    ).toEqual(['db password=hunter2 at postgres://admin:hunter2@db.internal/app']);
  });

  test('an error with its own exception handler gets that handler’s answer', async () => {
    expectDetail(await client.get('/out-of-stock'), 409, 'Out of stock');
  });
});

describe('multipart', () => {
  test('multipart without a boundary is 400, over real HTTP', async () => {
    const before = sink.counters.callsOf('upload');
    const answer = await fetchAnswer(port, '/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: '--x\r\n\r\n',
    });
    expectDetail(answer, 400, 'There was an error parsing the body');
    expect(sink.counters.callsOf('upload')).toBe(before);
  });

  test('a multipart body cut off inside a file is 400', async () => {
    const whole = multipart('B', [{ name: 'file', filename: 'a.txt', content: Buffer.from('hello world') }]);
    const before = sink.counters.callsOf('upload');
    const answer = await client.post('/upload', {
      body: whole.subarray(0, whole.length - 12),
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
    });
    expectDetail(answer, 400, 'There was an error parsing the body');
    expect(sink.counters.callsOf('upload')).toBe(before);
  });

  test('more files than allowed, each past the memory threshold, is 413 and their temporary files are removed', async () => {
    const marker = randomBytes(16);
    const content = Buffer.concat([marker, Buffer.alloc(8 * 1024, 7)]);
    const before = sink.counters.callsOf('uploadMany');
    const answer = await fetchAnswer(port, '/upload-many', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
      body: multipart(
        'B',
        [1, 2, 3].map((i) => ({ name: 'files', filename: `f${i}.bin`, content })),
      ),
    });
    expectDetail(answer, 413, 'Payload Too Large');
    expect(sink.counters.callsOf('uploadMany')).toBe(before);
    expect(await waitFor(async () => (await tempFilesWith(marker)).length === 0)).toBe(true);
  });

  test('a file over fileSize is 413 and its temporary file is removed', async () => {
    const marker = randomBytes(16);
    const answer = await client.post('/upload', {
      files: { file: { filename: 'big.bin', content: Buffer.concat([marker, Buffer.alloc(64 * 1024)]) } },
    });
    expectDetail(answer, 413, 'Payload Too Large');
    expect(await waitFor(async () => (await tempFilesWith(marker)).length === 0)).toBe(true);
  });
});

describe('URLs', () => {
  test('a path parameter longer than maxParamLength (100) is 414 and not echoed', async () => {
    const answer = await fetchAnswer(port, `/names/${'n'.repeat(101)}`);
    expectDetail(answer, 414, 'URI Too Long');
  });

  test.each([['/items/%E0%A4%A'], ['/names/%zz'], ['/names/%']])(
    'a malformed percent-escape in the path (%s) is 400 and not echoed',
    async (path) => {
      const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expectDetail(answer, 400, 'Bad Request');
    },
  );

  test('a malformed percent-escape in the query is kept as it was sent', async () => {
    const answer = await rawRequest(port, 'GET /search?q=%ZZ%E0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect({ status: answer.status, body: JSON.parse(answer.text) }).toEqual({
      status: 200,
      body: { q: '%ZZ%E0', page: 1, tags: [] },
    });
  });

  test('an unknown path is 404', async () => {
    expectDetail(await fetchAnswer(port, '/no/such/path'), 404, 'Not Found');
  });

  test('a wrong method is 405 with Allow', async () => {
    const answer = await fetchAnswer(port, '/health', { method: 'DELETE' });
    expectDetail(answer, 405, 'Method Not Allowed');
    expect(answer.headers.allow).toBe('GET, HEAD');
  });
});

describe('HTTPBearer and JWT', () => {
  const notAuthenticated = async (headers: Record<string, string>): Promise<void> => {
    const { answer, calls } = await counting('me', () => client.get('/me', { headers }));
    expectDetail(answer, 401, 'Not authenticated');
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect(calls).toBe(0);
  };

  test('missing credentials are 401 Not authenticated with WWW-Authenticate: Bearer', async () => {
    await notAuthenticated({});
  });

  test.each([['Basic dXNlcjpwYXNz'], ['Token abc'], ['Bearer'], ['Bearer '], ['']])(
    'authorization %j is 401 Not authenticated',
    async (authorization) => {
      await notAuthenticated({ authorization });
    },
  );

  const sign = (options: Partial<Parameters<typeof createAccessToken>[1]> = {}): Promise<string> =>
    createAccessToken(
      { sub: 'ada' },
      {
        secret: JWT.secret,
        algorithm: 'HS256',
        expiresIn: '5m',
        audience: JWT.audience,
        issuer: JWT.issuer,
        ...options,
      },
    );

  test('a valid token is let in', async () => {
    const answer = await client.get('/me', { headers: { authorization: `Bearer ${await sign()}` } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 200, body: { name: 'ada' } });
  });

  const unsignedToken = (): string => {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'ada', aud: JWT.audience, iss: JWT.issuer, exp })}.`;
  };

  test.each<[string, () => Promise<string>]>([
    ['alg none', async () => unsignedToken()],
    ['expired', () => sign({ expiresIn: -10 })],
    ['another audience', () => sign({ audience: 'someone-else' })],
    ['another issuer', () => sign({ issuer: 'https://evil.example' })],
    ['signed with another key', () => sign({ secret: 'another-secret-of-at-least-32-bytes!!' })],
    ['signed with an algorithm not allowed', () => sign({ algorithm: 'HS512' })],
    ['not a JWT at all', async () => 'abc.def'],
    ['longer than 8 KiB', async () => 'a'.repeat(9000)],
  ])('a token %s is 401 Could not validate credentials', async (_name, token) => {
    const { answer, calls } = await counting('me', async () =>
      client.get('/me', { headers: { authorization: `Bearer ${await token()}` } }),
    );
    expectDetail(answer, 401, 'Could not validate credentials');
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect(calls).toBe(0);
  });

  test('a token without exp is refused', async () => {
    const token = await createAccessToken(
      { sub: 'ada' },
      { secret: JWT.secret, algorithm: 'HS256', audience: JWT.audience, issuer: JWT.issuer },
    );
    expectDetail(
      await client.get('/me', { headers: { authorization: `Bearer ${token}` } }),
      401,
      'Could not validate credentials',
    );
  });
});

describe('CORS', () => {
  test('a preflight from an origin not in the list gets no Access-Control-Allow-Origin', async () => {
    const listed = buildKitchenSink({ cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
    const listedClient = new TestClient(listed.app);
    try {
      const preflight = (origin: string): Promise<Answer> =>
        listedClient.options('/users', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const refused = await preflight('https://evil.example');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const allowed = await preflight('https://app.example.com');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(allowed.headers.vary).toMatch(/Origin/);
      const simple = await listedClient.get('/health', { headers: { origin: 'https://evil.example' } });
      expect(simple.status).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await listedClient.close();
    }
  });

  test("allowOrigins ['*'] with credentials echoes the origin with Vary: Origin, never a literal *", async () => {
    for (const origin of ['https://a.example', 'null']) {
      const answer = await client.get('/health', { headers: { origin } });
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
      expect(answer.headers['access-control-allow-credentials']).toBe('true');
      expect(answer.headers.vary).toMatch(/Origin/);
      const preflight = await client.options('/users', {
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    }
  });
});

describe('rate limit', () => {
  test('over the limit is 429 with Retry-After, keyed by the client IP, not by X-Forwarded-For', async () => {
    const limited = buildKitchenSink();
    const limitedPort = await serve(limited.app);
    try {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i <= RATE_LIMIT.max; i++) {
        last = await fetchAnswer(limitedPort, '/limited', {
          headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` },
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expectDetail(last!, 429, 'Rate limit exceeded: 3 per 1 minute');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
      // The limit is the route's own: other routes still answer.
      expect((await fetchAnswer(limitedPort, '/health')).status).toBe(200);
    } finally {
      await limited.app.close();
    }
  });

  test('under trustProxy the forwarded address is the key', async () => {
    const proxied = buildKitchenSink({ fastify: { trustProxy: true } });
    const proxiedPort = await serve(proxied.app);
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMIT.max; i++)
        statuses.push(
          (await fetchAnswer(proxiedPort, '/limited', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status,
        );
      expect(statuses).toEqual([200, 200, 200, 200]);
      for (let i = 0; i < RATE_LIMIT.max; i++)
        await fetchAnswer(proxiedPort, '/limited', { headers: { 'x-forwarded-for': '203.0.113.99' } });
      expect(
        (await fetchAnswer(proxiedPort, '/limited', { headers: { 'x-forwarded-for': '203.0.113.99' } })).status,
      ).toBe(429);
    } finally {
      await proxied.app.close();
    }
  });
});

describe('websocket', () => {
  test('a message over websocketMaxPayload closes with 1009 and the server stays healthy', async () => {
    const before = { setups: sink.counters.setups, cleanups: sink.counters.cleanups };
    const first = await openSocket(port, '/ws/echo');
    first.send('a'.repeat(4096));
    expect((await first.closed).code).toBe(1009);
    const second = await openSocket(port, '/ws/echo');
    second.send('hi');
    expect(await second.next()).toBe('echo: 2');
    second.close();
    await second.closed;
    expect(await waitFor(() => sink.counters.cleanups - before.cleanups === 2)).toBe(true);
    expect(sink.counters.setups - before.setups).toBe(2);
  });
});

describe('closing', () => {
  test('a request that arrives after close() began is 503 with Connection: close, the one in flight finishes', async () => {
    const closing = buildKitchenSink();
    const closingPort = await serve(closing.app);
    const socket = connect(closingPort, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => closing.counters.callsOf('slow') === 1);
    const closed = closing.app.close();
    // Pipelined on the same connection: it reaches the app after close() began.
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    await new Promise((resolve) => (socket.closed ? resolve(undefined) : socket.once('close', resolve)));
    const text = Buffer.concat(received).toString('latin1');
    const second = text.indexOf('HTTP/1.1', 1);
    const inFlight = parseResponse(Buffer.from(text.slice(0, second), 'latin1'));
    const late = parseResponse(Buffer.from(text.slice(second), 'latin1'));
    expect({ status: inFlight.status, body: JSON.parse(inFlight.text) }).toEqual({ status: 200, body: { session: 1 } });
    expectDetail(late, 503, 'Service Unavailable');
    expect(late.headers.connection).toBe('close');
    expect(closing.counters.setups).toBe(closing.counters.cleanups);
  });
});

describe('values that parse mean what they say', () => {
  test.each([['false'], ['0'], ['off'], ['no'], ['f'], ['n'], ['FALSE'], ['Off']])(
    'flag=%s is false',
    async (value) => {
      const answer = await client.get('/items/1', { query: { flag: value } });
      expect({ status: answer.status, flag: answer.json<{ flag: boolean }>().flag }).toEqual({
        status: 200,
        flag: false,
      });
    },
  );

  test.each([['true'], ['1'], ['on'], ['yes'], ['t'], ['y'], ['TRUE']])('flag=%s is true', async (value) => {
    const answer = await client.get('/items/1', { query: { flag: value } });
    expect({ status: answer.status, flag: answer.json<{ flag: boolean }>().flag }).toEqual({ status: 200, flag: true });
  });

  test.each([['maybe'], [''], ['2'], ['truthy']])('flag=%j is 422 bool_parsing', async (value) => {
    const { answer, calls } = await counting('readItem', () => client.get('/items/1', { query: { flag: value } }));
    expectDetail(answer, 422, [
      {
        type: 'bool_parsing',
        loc: ['query', 'flag'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: value,
      },
    ]);
    expect(calls).toBe(0);
  });

  test.each([['0x10'], ['1e3'], ['NaN'], ['Infinity'], ['-Infinity'], [''], ['1.5'], ['1.0'], ['12abc'], ['٣']])(
    'limit=%j is not an integer: 422 int_parsing',
    async (value) => {
      const { answer, calls } = await counting('readItem', () => client.get('/items/1', { query: { limit: value } }));
      expectDetail(answer, 422, [{ type: 'int_parsing', loc: ['query', 'limit'], msg: INT_PARSING_MSG, input: value }]);
      expect(calls).toBe(0);
    },
  );

  test.each([['0x10'], ['1e3'], ['1.5']])('path itemId=%s is 422 int_parsing', async (value) => {
    expectDetail(await client.get(`/items/${value}`), 422, [
      { type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: value },
    ]);
  });

  test.each([['9007199254740992'], ['9007199254740993'], ['123456789012345678901234567890'], ['-9007199254740993']])(
    'itemId=%s, beyond 2^53, is refused rather than rounded',
    async (value) => {
      const { answer, calls } = await counting('readItem', () => client.get(`/items/${value}`));
      expectDetail(answer, 422, [
        {
          type: 'int_parsing_size',
          loc: ['path', 'itemId'],
          msg: 'Unable to parse input string as an integer, exceeded maximum size',
          input: value,
        },
      ]);
      expect(calls).toBe(0);
    },
  );

  test('2^53 - 1 is the largest integer read as it is', async () => {
    const answer = await client.get('/items/9007199254740991');
    expect({ status: answer.status, itemId: answer.json<{ itemId: number }>().itemId }).toEqual({
      status: 200,
      itemId: 9007199254740991,
    });
  });

  test('headers and cookies reach the handler as sent', async () => {
    const answer = await client.get('/items/7', {
      query: { flag: 'off', limit: '100' },
      headers: { 'x-trace': 'abc' },
      cookies: { session: 's1' },
    });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 200,
      body: { itemId: 7, flag: false, limit: 100, trace: 'abc', session: 's1' },
    });
  });
});

/** Sends a chunked JSON body, 64 KiB at a time, until the server answers or `limit` bytes are sent. */
function sendChunkedUntilAnswered(
  toPort: number,
  path: string,
  limit: number,
): Promise<{ answer: Answer; sent: number; ended: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let ended = false;
    let answered = false;
    const request = httpRequest({
      host: '127.0.0.1',
      port: toPort,
      path,
      method: 'POST',
      headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        resolve({
          answer: {
            status: response.statusCode!,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          },
          sent,
          ended,
        });
      });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    request.write('{"pad":"');
    const pump = (): void => {
      while (!answered && sent < limit) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!answered) {
        ended = true;
        request.end('"}');
      }
    };
    pump();
  });
}

interface OpenSocket {
  send: (text: string) => void;
  next: () => Promise<string>;
  close: () => void;
  closed: Promise<{ code: number }>;
}

function openSocket(toPort: number, path: string): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WsClient(`ws://127.0.0.1:${toPort}${path}`);
    const messages: string[] = [];
    const waiting: ((text: string) => void)[] = [];
    ws.on('message', (data) => {
      const text = String(data);
      const waiter = waiting.shift();
      if (waiter) waiter(text);
      else messages.push(text);
    });
    const closed = new Promise<{ code: number }>((done) => ws.once('close', (code) => done({ code })));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        send: (text) => ws.send(text),
        next: () =>
          messages.length > 0 ? Promise.resolve(messages.shift()!) : new Promise((done) => waiting.push(done)),
        close: () => ws.close(),
        closed,
      }),
    );
  });
}
