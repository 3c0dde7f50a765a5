import { maxHeaderSize } from 'node:http';
import { WebSocket as WsClient } from 'ws';
import type { App } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { createApp } from '../examples/security-and-limits/limits';
import { listen, rawRequest } from './support/wire';

/**
 * Each limit of the guide's table, on the sample app whose limits are lowered: just under it
 * (served) and just over it (refused, with the whole body checked). A fresh app per test, so
 * that the rate limit counts only that test's requests.
 */

const opened: App[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
});

function freshApp(): App {
  const app = createApp();
  opened.push(app);
  return app;
}

function freshClient(): TestClient {
  return new TestClient(freshApp(), { raiseServerExceptions: false });
}

/** A valid note of exactly `bytes` bytes of JSON (an unknown field, dropped by the model, makes up the size). */
function noteOf(bytes: number): string {
  const bare = JSON.stringify({ text: 'hello', pad: '' });
  return JSON.stringify({ text: 'hello', pad: 'x'.repeat(bytes - bare.length) });
}

const json = { 'content-type': 'application/json' };

describe('request size', () => {
  test('bodyLimit: a 4096-byte body is read, 4097 bytes are 413', async () => {
    const client = freshClient();
    const under = await client.post('/notes', { body: noteOf(4096), headers: json });
    expect({ status: under.status, body: under.json() }).toEqual({ status: 200, body: { text: 'hello', ratings: 0 } });
    const over = await client.post('/notes', { body: noteOf(4097), headers: json });
    expect({ status: over.status, body: over.json() }).toEqual({ status: 413, body: { detail: 'Payload Too Large' } });
  });

  test('bodyLimit holds for urlencoded forms too', async () => {
    const over = await freshClient().post('/attachments', { form: { label: 'x'.repeat(4096) } });
    expect({ status: over.status, body: over.json() }).toEqual({ status: 413, body: { detail: 'Payload Too Large' } });
  });

  test('maxParamLength: a 32-character path parameter is served, 33 characters are 414 without the URL echoed', async () => {
    const client = freshClient();
    const slug = 's'.repeat(32);
    expect((await client.get(`/notes/${slug}`)).json()).toEqual({ slug });
    const over = await client.get(`/notes/${slug}s`);
    expect({ status: over.status, body: over.json() }).toEqual({ status: 414, body: { detail: 'URI Too Long' } });
    const unknown = await client.get('/secret-admin-path');
    expect({ status: unknown.status, body: unknown.json() }).toEqual({ status: 404, body: { detail: 'Not Found' } });
  });

  test('Node’s header limit: a head just under it is served; past it, 431 and the connection is closed', async () => {
    const port = await listen(freshApp());
    /** A request whose head (request line, headers, blank line) is `bytes` bytes. */
    const headOf = (bytes: number): string => {
      const bare = 'GET /notes/abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: \r\n\r\n';
      return bare.replace('X-Pad: ', `X-Pad: ${'p'.repeat(bytes - bare.length)}`);
    };
    expect(maxHeaderSize).toBe(16 * 1024); // unless node runs with --max-http-header-size
    // Node counts the head a little differently from its raw size: 64 bytes either side of the
    // limit keep the test about the limit, not about that count.
    const under = await rawRequest(port, headOf(maxHeaderSize - 64));
    expect({ status: under.status, body: JSON.parse(under.body) }).toEqual({ status: 200, body: { slug: 'abc' } });
    const over = await rawRequest(port, headOf(maxHeaderSize + 64));
    expect({ status: over.status, body: JSON.parse(over.body) }).toEqual({
      status: 431,
      body: { detail: 'Request Header Fields Too Large' },
    });
    expect(over.headers.connection).toBe('close');
  });
});

describe('validation work', () => {
  const prefix = '{"text":"deep","extra":';
  /** A body nested `depth` levels deep, the outer object included. */
  const nested = (depth: number): string => `${prefix}${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  test('JSON nesting: 200 levels are read, 201 are 422 json_invalid', async () => {
    const client = freshClient();
    const under = await client.post('/notes', { body: nested(200), headers: json });
    expect({ status: under.status, body: under.json() }).toEqual({ status: 200, body: { text: 'deep', ratings: 0 } });
    const over = await client.post('/notes', { body: nested(201), headers: json });
    expect({ status: over.status, body: over.json() }).toEqual({
      status: 422,
      body: {
        detail: [
          {
            type: 'json_invalid',
            loc: ['body', prefix.length + 199],
            msg: 'JSON decode error',
            input: {},
            ctx: { error: 'recursion limit exceeded' },
          },
        ],
      },
    });
  });

  test('at most 100 errors are reported, the first ones in order', async () => {
    const client = freshClient();
    const res = await client.post('/notes', {
      json: { text: 'rated', ratings: Array.from({ length: 150 }, () => 'x') },
    });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: Array.from({ length: 100 }, (_, i) => ({
        type: 'int_parsing',
        loc: ['body', 'ratings', i],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x',
      })),
    });
  });

  test.each([
    ['__proto__', '{"text":"a","__proto__":{"admin":true}}'],
    ['constructor.prototype', '{"text":"a","constructor":{"prototype":{"admin":true}}}'],
  ])('a body with %s keys is 400, and no prototype is touched', async (_name, body) => {
    const res = await freshClient().post('/notes', { body, headers: json });
    expect({ status: res.status, body: res.json() }).toEqual({
      status: 400,
      body: { detail: 'Object contains forbidden prototype property' },
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('multipart limits', () => {
  const file = (bytes: number, name = 'a.bin') => ({ filename: name, content: Buffer.alloc(bytes, 0x61) });
  const files = (count: number) => Array.from({ length: count }, (_, i) => file(10, `f${i}.bin`));
  const labels = (count: number) => Array.from({ length: count }, (_, i) => `l${i}`);
  const tooLarge = { status: 413, body: { detail: 'Payload Too Large' } };

  test('fileSize: a 1024-byte file is read, 1025 bytes are 413', async () => {
    const client = freshClient();
    const under = await client.post('/attachments', { files: { files: file(1024) } });
    expect({ status: under.status, body: under.json() }).toEqual({ status: 200, body: { sizes: [1024], labels: [] } });
    const over = await client.post('/attachments', { files: { files: file(1025) } });
    expect({ status: over.status, body: over.json() }).toEqual(tooLarge);
  });

  test('files: 2 files are read, 3 are 413', async () => {
    const client = freshClient();
    const under = await client.post('/attachments', { files: { files: files(2) } });
    expect(under.json()).toEqual({ sizes: [10, 10], labels: [] });
    const over = await client.post('/attachments', { files: { files: files(3) } });
    expect({ status: over.status, body: over.json() }).toEqual(tooLarge);
  });

  test('fields: 3 fields are read, 4 are 413', async () => {
    const client = freshClient();
    const under = await client.post('/attachments', { form: { label: labels(3) }, files: { files: files(1) } });
    expect(under.json()).toEqual({ sizes: [10], labels: ['l0', 'l1', 'l2'] });
    const over = await client.post('/attachments', { form: { label: labels(4) }, files: { files: files(1) } });
    expect({ status: over.status, body: over.json() }).toEqual(tooLarge);
  });

  test('parts: 4 parts are read, 5 are 413 though files and fields are each within their limit', async () => {
    const client = freshClient();
    const under = await client.post('/attachments', { form: { label: labels(2) }, files: { files: files(2) } });
    expect(under.json()).toEqual({ sizes: [10, 10], labels: ['l0', 'l1'] });
    const over = await client.post('/attachments', { form: { label: labels(3) }, files: { files: files(2) } });
    expect({ status: over.status, body: over.json() }).toEqual(tooLarge);
  });

  test('fieldSize: a 256-byte field value is read whole, 257 bytes are 413', async () => {
    const client = freshClient();
    const under = await client.post('/attachments', { form: { label: 'x'.repeat(256) }, files: { files: files(1) } });
    expect(under.json()).toEqual({ sizes: [10], labels: ['x'.repeat(256)] });
    const over = await client.post('/attachments', { form: { label: 'x'.repeat(257) }, files: { files: files(1) } });
    expect({ status: over.status, body: over.json() }).toEqual(tooLarge);
  });
});

describe('websocket messages', () => {
  test('websocketMaxPayload: a 1024-byte message is answered, 1025 bytes close the connection with 1009', async () => {
    const port = await listen(freshApp());
    const ws = new WsClient(`ws://127.0.0.1:${port}/ws/echo`);
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('a'.repeat(1024));
    expect(await reply).toBe('1024 characters');
    ws.send('a'.repeat(1025));
    expect(await closed).toBe(1009);
  });
});

describe('rate limits and proxies', () => {
  test('20 requests a minute per client: the 21st is 429 with Retry-After', async () => {
    const client = freshClient();
    for (let i = 0; i < 20; i++) expect((await client.get('/notes/abc')).status).toBe(200);
    const limited = await client.get('/notes/abc');
    expect({ status: limited.status, body: limited.json() }).toEqual({
      status: 429,
      body: { detail: 'Rate limit exceeded: 20 per 1 minute' },
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  test('behind the trusted proxy, each forwarded client has its own count', async () => {
    const client = freshClient();
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 20; i++) await client.get('/notes/abc', from('203.0.113.7'));
    expect((await client.get('/notes/abc', from('203.0.113.7'))).status).toBe(429);
    const other = await client.get('/notes/abc', from('203.0.113.8'));
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe('19');
  });

  test('a client that is not the proxy cannot choose its address with X-Forwarded-For', async () => {
    const app = freshApp();
    await app.ready();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await app.inject({
        url: '/notes/abc',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(20).fill(200), 429]);
  });
});

describe('what clients never see', () => {
  test('a 500 is {"detail":"Internal Server Error"}, without the message or the stack', async () => {
    const res = await freshClient().get('/stats');
    expect({ status: res.status, body: res.json() }).toEqual({
      status: 500,
      body: { detail: 'Internal Server Error' },
    });
    expect(res.text).not.toMatch(/s3cret|ECONNREFUSED|limits\.ts/);
  });

  test('bad input is never a 500', async () => {
    const client = freshClient();
    const answers = [
      await client.post('/notes', { body: '{"text":', headers: json }),
      await client.post('/notes', { body: '<note/>', headers: { 'content-type': 'application/xml' } }),
      await client.post('/attachments', {
        body: '--X\r\nContent-Disposition: form-data; name="files"; filename="a"\r\n\r\ncut sh',
        headers: { 'content-type': 'multipart/form-data; boundary=X' },
      }),
      await client.get('/notes/%E0%A4%A'),
    ];
    expect(answers.map((res) => ({ status: res.status, body: res.json() }))).toEqual([
      {
        status: 422,
        body: {
          detail: [
            {
              type: 'json_invalid',
              loc: ['body', 8],
              msg: 'JSON decode error',
              input: {},
              ctx: { error: expect.any(String) },
            },
          ],
        },
      },
      { status: 415, body: { detail: 'Unsupported Media Type' } },
      { status: 400, body: { detail: 'There was an error parsing the body' } },
      { status: 400, body: { detail: 'Bad Request' } },
    ]);
  });

  test('without the cors option, no origin is allowed', async () => {
    const client = freshClient();
    const origin = { origin: 'https://evil.example' };
    const preflight = await client.options('/notes', {
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const read = await client.get('/notes/abc', { headers: origin });
    expect(read.status).toBe(200);
    expect(Object.keys(read.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});
