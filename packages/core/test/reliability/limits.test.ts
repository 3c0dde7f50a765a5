import { randomBytes } from 'node:crypto';
import { maxHeaderSize as nodeMaxHeaderSize } from 'node:http';
import { WebSocket as WsClient } from 'ws';
import { TestClient } from '@tsapi/testing';
import {
  buildKitchenSink,
  type KitchenSink,
  RATE_LIMIT,
  UPLOAD_LIMITS,
  WEBSOCKET_MAX_PAYLOAD,
} from './kitchen-sink-app';
import {
  type Answer,
  expectClientErrorBody,
  expectDetail,
  fetchAnswer,
  multipart,
  prototypeIsClean,
  rawRequest,
  serve,
  tempFilesWith,
  waitFor,
} from './wire';

/**
 * Every configured limit of the kitchen-sink app, just under (accepted) and just over (refused
 * with its status), and the bounds on validation work.
 */

const KIB = 1024;
const MIB = 1024 * KIB;
const VALID_USER = { email: 'ada@example.com', username: 'ada_l', password: 'correct horse', tags: ['math'] };
const CREATED_USER = { id: 1, email: 'ada@example.com', username: 'ada_l', tags: ['math'] };

const opened: KitchenSink[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((sink) => sink.app.close()));
  expect(prototypeIsClean()).toBe(true);
});

async function served(
  overrides: Parameters<typeof buildKitchenSink>[0] = {},
): Promise<{ sink: KitchenSink; port: number }> {
  const sink = buildKitchenSink(overrides);
  opened.push(sink);
  return { sink, port: await serve(sink.app) };
}

async function expectHealthy(port: number): Promise<void> {
  const health = await fetchAnswer(port, '/health');
  expect({ status: health.status, body: JSON.parse(health.text) }).toEqual({ status: 200, body: { status: 'ok' } });
}

/** A valid user body of exactly `bytes` bytes (an unknown `pad` field makes up the size). */
function userBodyOf(bytes: number): string {
  const bare = JSON.stringify({ ...VALID_USER, pad: '' });
  return JSON.stringify({ ...VALID_USER, pad: 'x'.repeat(bytes - bare.length) });
}

function postJson(port: number, path: string, body: string): Promise<Answer> {
  return fetchAnswer(port, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('body size', () => {
  test('bodyLimit 2048 set through the fastify option: 2048 bytes are read, 2049 are 413', async () => {
    const { sink, port } = await served({ fastify: { bodyLimit: 2048 } });
    expect(Buffer.byteLength(userBodyOf(2048))).toBe(2048);
    const under = await postJson(port, '/users', userBodyOf(2048));
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({ status: 201, body: CREATED_USER });
    const calls = sink.counters.callsOf('createUser');
    expectDetail(await postJson(port, '/users', userBodyOf(2049)), 413, 'Payload Too Large');
    expect(sink.counters.callsOf('createUser')).toBe(calls);
    await expectHealthy(port);
  });

  test('the same limit holds for a chunked body without Content-Length', async () => {
    const { port } = await served({ fastify: { bodyLimit: 2048 } });
    const chunked = (body: string): Promise<Answer> => {
      const chunks = [body.slice(0, 1000), body.slice(1000)]
        .map((part) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`)
        .join('');
      const head =
        'POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
      return rawRequest(port, `${head}${chunks}0\r\n\r\n`);
    };
    const under = await chunked(userBodyOf(2048));
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({ status: 201, body: CREATED_USER });
    expectDetail(await chunked(userBodyOf(2049)), 413, 'Payload Too Large');
    await expectHealthy(port);
  });

  test('the default is 1 MiB: 1 MiB is read, 1 MiB + 1 byte is 413', async () => {
    const { port } = await served();
    const under = await postJson(port, '/users', userBodyOf(MIB));
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({ status: 201, body: CREATED_USER });
    expectDetail(await postJson(port, '/users', userBodyOf(MIB + 1)), 413, 'Payload Too Large');
    await expectHealthy(port);
  });
});

describe('path parameter length', () => {
  test('the default maxParamLength is 100: 100 characters are served, 101 are 414', async () => {
    const { port } = await served();
    const under = await fetchAnswer(port, `/names/${'n'.repeat(100)}`);
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { name: 'n'.repeat(100) },
    });
    const over = await fetchAnswer(port, `/names/${'n'.repeat(101)}`);
    expectDetail(over, 414, 'URI Too Long');
    expect(over.text).not.toContain('nnnn');
    await expectHealthy(port);
  });

  test('maxParamLength 20 set through the fastify option: 20 are served, 21 are 414', async () => {
    const { port } = await served({ fastify: { routerOptions: { maxParamLength: 20 } } });
    expect((await fetchAnswer(port, `/names/${'n'.repeat(20)}`)).status).toBe(200);
    expectDetail(await fetchAnswer(port, `/names/${'n'.repeat(21)}`), 414, 'URI Too Long');
    await expectHealthy(port);
  });
});

describe('header size', () => {
  /** A GET whose whole head (request line, headers, blank line) is exactly `bytes` bytes. */
  const headOf = (bytes: number): string => {
    const bare = 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: \r\n\r\n';
    return bare.replace('X-Pad: ', `X-Pad: ${'p'.repeat(bytes - bare.length)}`);
  };

  test.each([
    ['Node’s default', undefined, nodeMaxHeaderSize],
    ['maxHeaderSize 4096 through the fastify option', 4096, 4096],
  ])('%s: a head 64 bytes under it is served, one 64 bytes over it is 431', async (_name, configured, limit) => {
    const { port } = await served(configured ? { fastify: { http: { maxHeaderSize: configured } } } : {});
    const under = await rawRequest(port, headOf(limit - 64));
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({ status: 200, body: { status: 'ok' } });
    // Node counts the head's bytes a little differently from the raw total (without the request
    // line, say): a margin of 64 bytes on both sides keeps the test about the limit, not about that count.
    const over = await rawRequest(port, headOf(limit + 64));
    expect(over.status).toBe(431);
    expectClientErrorBody(over, 'Request Header Fields Too Large');
    await expectHealthy(port);
  });
});

describe('multipart limits', () => {
  const marker = randomBytes(16);
  /** A file past the memory threshold, so that it goes to a temporary file marked as this test's. */
  const fileOf = (bytes: number): Buffer => Buffer.concat([marker, Buffer.alloc(bytes - marker.length, 0x61)]);
  const send = (port: number, path: string, parts: Parameters<typeof multipart>[1]): Promise<Answer> =>
    fetchAnswer(port, path, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=LIMITS' },
      body: multipart('LIMITS', parts),
    });
  const files = (count: number, bytes = 2 * KIB): Parameters<typeof multipart>[1] =>
    Array.from({ length: count }, (_, i) => ({ name: 'files', filename: `f${i}.bin`, content: fileOf(bytes) }));
  const notes = (count: number): Parameters<typeof multipart>[1] =>
    Array.from({ length: count }, (_, i) => ({ name: 'note', value: `n${i}` }));

  afterEach(async () => {
    expect(await waitFor(async () => (await tempFilesWith(marker)).length === 0)).toBe(true);
  });

  test(`fileSize ${UPLOAD_LIMITS.fileSize}: a file of that size is read, one byte more is 413`, async () => {
    const { sink, port } = await served();
    const under = await send(port, '/upload', [
      { name: 'file', filename: 'a.bin', content: fileOf(UPLOAD_LIMITS.fileSize) },
    ]);
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { filename: 'a.bin', size: UPLOAD_LIMITS.fileSize, note: null },
    });
    const calls = sink.counters.callsOf('upload');
    expectDetail(
      await send(port, '/upload', [{ name: 'file', filename: 'a.bin', content: fileOf(UPLOAD_LIMITS.fileSize + 1) }]),
      413,
      'Payload Too Large',
    );
    expect(sink.counters.callsOf('upload')).toBe(calls);
    await expectHealthy(port);
  });

  test(`files ${UPLOAD_LIMITS.files}: that many files are read, one more is 413`, async () => {
    const { port } = await served();
    const under = await send(port, '/upload-many', files(UPLOAD_LIMITS.files));
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { count: 2, sizes: [2 * KIB, 2 * KIB], notes: [] },
    });
    expectDetail(await send(port, '/upload-many', files(UPLOAD_LIMITS.files + 1)), 413, 'Payload Too Large');
    await expectHealthy(port);
  });

  test(`fields ${UPLOAD_LIMITS.fields}: that many fields are read, one more is 413`, async () => {
    const { port } = await served();
    const under = await send(port, '/upload-many', [...notes(UPLOAD_LIMITS.fields), ...files(1)]);
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { count: 1, sizes: [2 * KIB], notes: ['n0', 'n1', 'n2'] },
    });
    expectDetail(
      await send(port, '/upload-many', [...notes(UPLOAD_LIMITS.fields + 1), ...files(1)]),
      413,
      'Payload Too Large',
    );
    await expectHealthy(port);
  });

  test(`fieldSize ${UPLOAD_LIMITS.fieldSize}: a field of that many bytes is read whole, one byte more is 413, not cut short`, async () => {
    const { sink, port } = await served();
    const longest = 'é'.repeat(UPLOAD_LIMITS.fieldSize / 2);
    const under = await send(port, '/upload-many', [{ name: 'note', value: longest }, ...files(1)]);
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { count: 1, sizes: [2 * KIB], notes: [longest] },
    });
    const calls = sink.counters.callsOf('uploadMany');
    expectDetail(
      await send(port, '/upload-many', [{ name: 'note', value: `${longest}a` }, ...files(1)]),
      413,
      'Payload Too Large',
    );
    expect(sink.counters.callsOf('uploadMany')).toBe(calls);
    await expectHealthy(port);
  });

  test(`parts ${UPLOAD_LIMITS.parts}: that many parts are read, one more is 413 (files and fields each within their own limit)`, async () => {
    const { port } = await served();
    const under = await send(port, '/upload-many', [...files(2), ...notes(2)]);
    expect({ status: under.status, body: JSON.parse(under.text) }).toEqual({
      status: 200,
      body: { count: 2, sizes: [2 * KIB, 2 * KIB], notes: ['n0', 'n1'] },
    });
    expectDetail(await send(port, '/upload-many', [...files(2), ...notes(3)]), 413, 'Payload Too Large');
    await expectHealthy(port);
  });
});

describe('websocket payload', () => {
  test(`websocketMaxPayload ${WEBSOCKET_MAX_PAYLOAD}: a message of that size is echoed, one byte more closes with 1009`, async () => {
    const { sink, port } = await served();
    const ws = new WsClient(`ws://127.0.0.1:${port}/ws/echo`);
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('a'.repeat(WEBSOCKET_MAX_PAYLOAD));
    expect(await reply).toBe(`echo: ${WEBSOCKET_MAX_PAYLOAD}`);
    ws.send('a'.repeat(WEBSOCKET_MAX_PAYLOAD + 1));
    expect(await closed).toBe(1009);
    expect(await waitFor(() => sink.counters.cleanups === 1)).toBe(true);
    expect(sink.counters.setups).toBe(1);
    await expectHealthy(port);
  });
});

describe('rate limit', () => {
  test(`${RATE_LIMIT.max} per ${RATE_LIMIT.timeWindow}: request ${RATE_LIMIT.max} is served, the next is 429 with Retry-After`, async () => {
    const { port } = await served();
    const remaining: string[] = [];
    for (let i = 0; i < RATE_LIMIT.max; i++) {
      const answer = await fetchAnswer(port, '/limited');
      expect(answer.status).toBe(200);
      remaining.push(String(answer.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const over = await fetchAnswer(port, '/limited');
    expectDetail(over, 429, 'Rate limit exceeded: 3 per 1 minute');
    expect(over.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    await expectHealthy(port);
  });
});

describe('validation work is bounded', () => {
  let sink: KitchenSink;
  let client: TestClient;

  beforeAll(() => {
    sink = buildKitchenSink();
    client = new TestClient(sink.app, { raiseServerExceptions: false });
  });

  afterAll(async () => {
    await client.close();
  });

  /** 64 + 1 + 189 = 254 characters, a valid address. */
  const email254 = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(63)}.com`;

  test('@MaxLength(254) on an @IsEmail field: 254 characters are accepted, 255 are string_too_long without the e-mail check', async () => {
    expect(email254).toHaveLength(254);
    const under = await client.post('/users', { json: { ...VALID_USER, email: email254 } });
    expect(under.status).toBe(201);
    const email255 = email254.replace('@b', '@bb');
    expectDetail(await client.post('/users', { json: { ...VALID_USER, email: email255 } }), 422, [
      {
        type: 'string_too_long',
        loc: ['body', 'email'],
        msg: 'String should have at most 254 characters',
        input: email255,
        ctx: { max_length: 254 },
      },
    ]);
  });

  test('a 100 KB string into that field is the same single error, answered quickly', async () => {
    const huge = `${'a'.repeat(100 * KIB)}@example.com`;
    const started = performance.now();
    const answer = await client.post('/users', { json: { ...VALID_USER, email: huge } });
    const elapsed = performance.now() - started;
    expectDetail(answer, 422, [
      {
        type: 'string_too_long',
        loc: ['body', 'email'],
        msg: 'String should have at most 254 characters',
        input: huge,
        ctx: { max_length: 254 },
      },
    ]);
    expect(elapsed).toBeLessThan(1000);
  });

  test('@Matches with @MaxLength(32): an oversized string reports only its length, not the pattern', async () => {
    const long = '!'.repeat(33);
    expectDetail(await client.post('/users', { json: { ...VALID_USER, username: long } }), 422, [
      {
        type: 'string_too_long',
        loc: ['body', 'username'],
        msg: 'String should have at most 32 characters',
        input: long,
        ctx: { max_length: 32 },
      },
    ]);
  });

  test('@ArrayMaxSize(10): 10 items are accepted, 11 are too_long', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const under = await client.post('/users', { json: { ...VALID_USER, tags: ten } });
    expect({ status: under.status, body: under.json() }).toEqual({ status: 201, body: { ...CREATED_USER, tags: ten } });
    const eleven = [...ten, 't10'];
    expectDetail(await client.post('/users', { json: { ...VALID_USER, tags: eleven } }), 422, [
      {
        type: 'too_long',
        loc: ['body', 'tags'],
        msg: 'List should have at most 10 items after validation, not 11',
        input: eleven,
        ctx: { field_type: 'List', max_length: 10, actual_length: 11 },
      },
    ]);
  });

  test('a 200k-item array into that field is one too_long error, answered quickly', async () => {
    const tags = Array.from({ length: 200_000 }, () => 'x');
    const started = performance.now();
    const answer = await client.post('/users', { json: { ...VALID_USER, tags } });
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(422);
    expect(
      answer.json<{ detail: { type: string; loc: unknown[] }[] }>().detail.map(({ type, loc }) => ({ type, loc })),
    ).toEqual([{ type: 'too_long', loc: ['body', 'tags'] }]);
    expect(elapsed).toBeLessThan(1000);
  });

  const intParsing = (i: number): object => ({
    type: 'int_parsing',
    loc: ['body', 'values', i],
    msg: 'Input should be a valid integer, unable to parse string as an integer',
    input: 'x',
  });

  test.each([
    [99, 99],
    [100, 100],
    [101, 100],
    [10_000, 100],
  ])('%i invalid items report %i errors, the first ones in order', async (count, reported) => {
    const calls = sink.counters.callsOf('addReadings');
    const answer = await client.post('/readings', { json: { values: Array.from({ length: count }, () => 'x') } });
    expectDetail(
      answer,
      422,
      Array.from({ length: reported }, (_, i) => intParsing(i)),
    );
    expect(sink.counters.callsOf('addReadings')).toBe(calls);
  });

  test('the cap holds for class-validator checks too (@IsEmail each)', async () => {
    const contacts = Array.from({ length: 5_000 }, (_, i) => `not-an-email-${i}`);
    const answer = await client.post('/readings', { json: { values: [1], contacts } });
    expect(answer.status).toBe(422);
    const { detail } = answer.json<{ detail: { type: string; loc: unknown[] }[] }>();
    expect(detail).toHaveLength(100);
    expect(detail[0]).toEqual({
      type: 'isEmail',
      loc: ['body', 'contacts', 0],
      msg: 'each value in contacts must be an email',
      input: 'not-an-email-0',
    });
    expect(detail[99].loc).toEqual(['body', 'contacts', 99]);
  });

  test('nesting depth: 200 levels are read, 201 are 422 json_invalid', async () => {
    const prefix = '{"values":[1],"extra":';
    const nested = (depth: number): string => `${prefix}${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const under = await client.post('/readings', {
      body: nested(200),
      headers: { 'content-type': 'application/json' },
    });
    expect({ status: under.status, body: under.json() }).toEqual({ status: 200, body: { count: 1 } });
    expectDetail(
      await client.post('/readings', { body: nested(201), headers: { 'content-type': 'application/json' } }),
      422,
      [
        {
          type: 'json_invalid',
          loc: ['body', prefix.length + 199],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'recursion limit exceeded' },
        },
      ],
    );
  });
});
