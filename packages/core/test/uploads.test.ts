import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Controller, File, Form, Post, UploadFile, type AppOptions, type UploadLimits } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const UPLOAD_DIR = join(tmpdir(), 'tsapi-uploads');
const KIB = 1024;
const PAYLOAD_TOO_LARGE = { detail: 'Payload Too Large' };

const clients: TestClient[] = [];
const served: App[] = [];
const scratch: string[] = [];

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...served.splice(0).map((a) => a.close())]);
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function makeApp(controllers: NonNullable<AppOptions['controllers']>, uploads?: UploadLimits): App {
  return new App({ controllers, uploads, fastify: { logger: false } });
}

function clientFor(app: App, options: { raiseServerExceptions?: boolean } = {}): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  served.push(app);
  return (app.fastify.server.address() as AddressInfo).port;
}

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsapi-uploads-test-'));
  scratch.push(dir);
  return dir;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return;
    await sleep(10);
  }
}

async function listUploadDir(): Promise<string[]> {
  try {
    return await readdir(UPLOAD_DIR);
  } catch {
    return [];
  }
}

/**
 * Temporary files that this test created: new since `before` and starting with the test's random
 * marker, so that uploads of other processes sharing the directory are never counted.
 */
async function ourTempFiles(before: ReadonlySet<string>, marker: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const name of await listUploadDir()) {
    if (before.has(name)) continue;
    try {
      const handle = await open(join(UPLOAD_DIR, name), 'r');
      try {
        const head = Buffer.alloc(marker.length);
        const { bytesRead } = await handle.read(head, 0, marker.length, 0);
        if (bytesRead === marker.length && head.equals(marker)) found.push(name);
      } finally {
        await handle.close();
      }
    } catch {
      // removed between the listing and the read: not there any more
    }
  }
  return found;
}

/** Content that starts with `marker` and fills `size` bytes. */
function markedContent(marker: Buffer, size: number): Buffer {
  const content = Buffer.alloc(size, 'z');
  marker.copy(content, 0);
  return content;
}

function fileHead(boundary: string, name: string, filename: string): Buffer {
  return Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
}

interface RawResponse {
  status: number;
  body: string;
}

function collect(res: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
  });
}

/** A multipart POST over real HTTP whose body the test writes piece by piece. */
function openUpload(
  port: number,
  path: string,
  boundary: string,
  contentLength: number,
): { req: ClientRequest; response: Promise<RawResponse | 'aborted'> } {
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(contentLength) },
  });
  const response = new Promise<RawResponse | 'aborted'>((resolve) => {
    req.on('response', (res) => void collect(res).then(resolve));
    req.on('error', () => resolve('aborted'));
  });
  return { req, response };
}

describe('request files tutorial', () => {
  @Controller()
  class FilesController {
    @Post('/uploadfile/')
    async createUploadFile(@File('file') file: UploadFile) {
      return {
        filename: file.filename,
        contentType: file.contentType,
        size: file.size,
        content: (await file.read()).toString(),
      };
    }

    @Post('/uploadfiles/')
    async createUploadFiles(@File('files') files: UploadFile[]) {
      return {
        filenames: files.map((f) => f.filename),
        sizes: files.map((f) => f.size),
        contents: await Promise.all(files.map(async (f) => (await f.read()).toString())),
      };
    }

    @Post('/files/')
    async createFile(@File('file') file: UploadFile, @File('fileb') fileb: UploadFile, @Form('token') token: string) {
      return { fileSize: (await file.read()).length, token, filebContentType: fileb.contentType };
    }

    @Post('/optional/')
    createOptional(@File('file', { required: false }) file?: UploadFile) {
      if (file === undefined) return { message: 'No upload file sent' };
      return { filename: file.filename };
    }
  }

  test('one file: the handler sees its filename, content type, size and content', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/uploadfile/', {
      files: { file: { filename: 'notes.txt', content: 'hello, uploads', contentType: 'text/plain' } },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: 14,
      content: 'hello, uploads',
    });
  });

  test('a file sent without a content type is application/octet-stream, binary content kept byte for byte', async () => {
    @Controller()
    class BinaryController {
      @Post('/binary')
      async binary(@File('file') file: UploadFile) {
        return { contentType: file.contentType, size: file.size, hex: (await file.read()).toString('hex') };
      }
    }
    const client = clientFor(makeApp([BinaryController]));
    const content = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255, 254]);
    const res = await client.post('/binary', { files: { file: { filename: 'raw.bin', content } } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ contentType: 'application/octet-stream', size: 9, hex: content.toString('hex') });
  });

  test('several files under one name reach an UploadFile[] parameter in the order sent', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/uploadfiles/', {
      files: {
        files: [
          { filename: 'a.txt', content: 'first' },
          { filename: 'b.txt', content: 'second!' },
          { filename: 'c.txt', content: '' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      filenames: ['a.txt', 'b.txt', 'c.txt'],
      sizes: [5, 7, 0],
      contents: ['first', 'second!', ''],
    });
  });

  test('a single file sent to an UploadFile[] parameter is a list of one', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/uploadfiles/', { files: { files: { filename: 'only.txt', content: 'x' } } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ filenames: ['only.txt'], sizes: [1], contents: ['x'] });
  });

  test('form fields and files in one multipart request', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/files/', {
      form: { token: 'secret-token' },
      files: {
        file: { filename: 'file.bin', content: Buffer.alloc(321, 7) },
        fileb: { filename: 'fileb.png', content: 'png?', contentType: 'image/png' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ fileSize: 321, token: 'secret-token', filebContentType: 'image/png' });
  });

  test('an optional file that is not sent reaches the handler as undefined', async () => {
    const client = clientFor(makeApp([FilesController]));
    expect((await client.post('/optional/')).json()).toEqual({ message: 'No upload file sent' });
    const withOtherField = await client.post('/optional/', { form: { note: 'n' }, files: {} });
    expect(withOtherField.status).toBe(200);
    expect(withOtherField.json()).toEqual({ message: 'No upload file sent' });
    const sent = await client.post('/optional/', { files: { file: { filename: 'here.txt', content: 'x' } } });
    expect(sent.json()).toEqual({ filename: 'here.txt' });
  });

  test('a missing required file is 422 missing at ["body", name], with or without a body', async () => {
    const client = clientFor(makeApp([FilesController]));
    const expected = { detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] };
    const withOther = await client.post('/uploadfile/', { files: { other: { filename: 'x.txt', content: 'x' } } });
    expect(withOther.status).toBe(422);
    expect(withOther.json()).toEqual(expected);
    const empty = await client.post('/uploadfile/');
    expect(empty.status).toBe(422);
    expect(empty.json()).toEqual(expected);
  });

  test('every missing file and form field is listed in one 422', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/files/', { files: { file: { filename: 'f.txt', content: 'f' } } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'fileb'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['body', 'token'], msg: 'Field required', input: null },
      ],
    });
  });

  test('a text field sent where a file is expected is 422 value_error', async () => {
    const client = clientFor(makeApp([FilesController]));
    const res = await client.post('/uploadfile/', { form: { file: 'just text' }, files: {} });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'value_error',
          loc: ['body', 'file'],
          msg: 'Value error, Expected UploadFile, received: str',
          input: 'just text',
        },
      ],
    });
  });
});

describe('limits', () => {
  @Controller()
  class LimitedController {
    @Post('/upload')
    upload(@File('files') files: UploadFile[]) {
      return { sizes: files.map((f) => f.size) };
    }
  }

  test('fileSize: a file of fileSize − 1 or fileSize bytes is accepted', async () => {
    const client = clientFor(makeApp([LimitedController], { fileSize: 100 }));
    const under = await client.post('/upload', { files: { files: { filename: 'a', content: Buffer.alloc(99) } } });
    expect(under.status).toBe(200);
    expect(under.json()).toEqual({ sizes: [99] });
    const at = await client.post('/upload', { files: { files: { filename: 'a', content: Buffer.alloc(100) } } });
    expect(at.status).toBe(200);
    expect(at.json()).toEqual({ sizes: [100] });
  });

  test('fileSize: one byte over is 413 and the handler never runs', async () => {
    let calls = 0;
    @Controller()
    class CountingController {
      @Post('/upload')
      upload(@File('file') file: UploadFile) {
        calls++;
        return { size: file.size };
      }
    }
    const client = clientFor(makeApp([CountingController], { fileSize: 100 }));
    const res = await client.post('/upload', { files: { file: { filename: 'a', content: Buffer.alloc(101) } } });
    expect(res.status).toBe(413);
    expect(res.json()).toEqual(PAYLOAD_TOO_LARGE);
    expect(calls).toBe(0);
  });

  test('files: as many files as allowed pass, one more is 413', async () => {
    const client = clientFor(makeApp([LimitedController], { files: 2 }));
    const file = (n: number) => ({ filename: `f${n}`, content: 'x'.repeat(n) });
    const ok = await client.post('/upload', { files: { files: [file(1), file(2)] } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ sizes: [1, 2] });
    const over = await client.post('/upload', { files: { files: [file(1), file(2), file(3)] } });
    expect(over.status).toBe(413);
    expect(over.json()).toEqual(PAYLOAD_TOO_LARGE);
  });

  test('fields: as many fields as allowed pass, one more is 413', async () => {
    const client = clientFor(makeApp([LimitedController], { fields: 2 }));
    const files = { files: { filename: 'f', content: 'x' } };
    const ok = await client.post('/upload', { form: { a: '1', b: '2' }, files });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ sizes: [1] });
    const over = await client.post('/upload', { form: { a: '1', b: '2', c: '3' }, files });
    expect(over.status).toBe(413);
    expect(over.json()).toEqual(PAYLOAD_TOO_LARGE);
  });

  test('parts: fields and files together up to the limit pass, one more part is 413', async () => {
    const client = clientFor(makeApp([LimitedController], { parts: 3 }));
    const ok = await client.post('/upload', {
      form: { a: '1' },
      files: {
        files: [
          { filename: 'f1', content: 'x' },
          { filename: 'f2', content: 'yy' },
        ],
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ sizes: [1, 2] });
    const over = await client.post('/upload', {
      form: { a: '1', b: '2' },
      files: {
        files: [
          { filename: 'f1', content: 'x' },
          { filename: 'f2', content: 'yy' },
        ],
      },
    });
    expect(over.status).toBe(413);
    expect(over.json()).toEqual(PAYLOAD_TOO_LARGE);
  });

  test('a multipart body cut off before its closing boundary is 400', async () => {
    const client = clientFor(makeApp([LimitedController]));
    const res = await client.post('/upload', {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' });
  });
});

describe('temporary files', () => {
  const THRESHOLD = 16 * KIB;

  test('a file above memoryThreshold is on disk while the handler runs: size, read(), stream and save() work; it is removed after the response', async () => {
    const marker = randomBytes(16);
    const content = markedContent(marker, 256 * KIB + 3);
    const saveDir = await scratchDir();
    const savedTo = join(saveDir, 'saved.bin');
    const before = new Set(await listUploadDir());
    let duringHandler: string[] = [];
    @Controller()
    class BigController {
      @Post('/upload')
      async upload(@File('file') file: UploadFile) {
        duringHandler = await ourTempFiles(before, marker);
        const read = await file.read();
        const streamed: Buffer[] = [];
        for await (const chunk of file.stream) streamed.push(chunk as Buffer);
        await file.save(savedTo);
        return {
          size: file.size,
          readMatches: read.equals(content),
          streamMatches: Buffer.concat(streamed).equals(content),
        };
      }
    }
    const client = clientFor(makeApp([BigController], { memoryThreshold: THRESHOLD }));
    const res = await client.post('/upload', { files: { file: { filename: 'big.bin', content } } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ size: content.length, readMatches: true, streamMatches: true });
    expect(duringHandler).toHaveLength(1);
    expect((await readFile(savedTo)).equals(content)).toBe(true);
    await waitFor(async () => (await ourTempFiles(before, marker)).length === 0);
    expect(await ourTempFiles(before, marker)).toEqual([]);
    // save() made a copy: it outlives the temporary file
    expect((await readFile(savedTo)).length).toBe(content.length);
  });

  test('a file at or below memoryThreshold stays in memory: no temporary file is written', async () => {
    const marker = randomBytes(16);
    const content = markedContent(marker, THRESHOLD);
    const before = new Set(await listUploadDir());
    let duringHandler: string[] | undefined;
    @Controller()
    class SmallController {
      @Post('/upload')
      async upload(@File('file') file: UploadFile) {
        duringHandler = await ourTempFiles(before, marker);
        return { size: file.size, matches: (await file.read()).equals(content) };
      }
    }
    const client = clientFor(makeApp([SmallController], { memoryThreshold: THRESHOLD }));
    const res = await client.post('/upload', { files: { file: { filename: 'small.bin', content } } });
    expect(res.json()).toEqual({ size: THRESHOLD, matches: true });
    expect(duringHandler).toEqual([]);
  });

  test('the temporary file is removed after the handler threw (500)', async () => {
    const marker = randomBytes(16);
    const content = markedContent(marker, 128 * KIB);
    const before = new Set(await listUploadDir());
    let duringHandler: string[] = [];
    @Controller()
    class FailingController {
      @Post('/upload')
      async upload(@File('file') _file: UploadFile) {
        duringHandler = await ourTempFiles(before, marker);
        throw new Error('boom');
      }
    }
    const client = clientFor(makeApp([FailingController], { memoryThreshold: THRESHOLD }), {
      raiseServerExceptions: false,
    });
    const res = await client.post('/upload', { files: { file: { filename: 'big.bin', content } } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    expect(duringHandler).toHaveLength(1);
    await waitFor(async () => (await ourTempFiles(before, marker)).length === 0);
    expect(await ourTempFiles(before, marker)).toEqual([]);
  });

  test('a file that passes fileSize mid-upload is 413 and its temporary file is removed', async () => {
    const marker = randomBytes(16);
    let calls = 0;
    @Controller()
    class LimitedController {
      @Post('/upload')
      upload(@File('file') file: UploadFile) {
        calls++;
        return { size: file.size };
      }
    }
    const port = await serve(makeApp([LimitedController], { memoryThreshold: THRESHOLD, fileSize: 256 * KIB }));
    const before = new Set(await listUploadDir());
    const boundary = 'limitboundary';
    const head = fileHead(boundary, 'file', 'big.bin');
    const content = markedContent(marker, 512 * KIB);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const { req, response } = openUpload(port, '/upload', boundary, head.length + content.length + tail.length);
    req.write(head);
    req.write(content.subarray(0, 64 * KIB));
    await waitFor(async () => (await ourTempFiles(before, marker)).length > 0);
    expect(await ourTempFiles(before, marker)).toHaveLength(1);
    req.end(Buffer.concat([content.subarray(64 * KIB), tail]));
    const res = await response;
    expect(res).toEqual({ status: 413, body: JSON.stringify(PAYLOAD_TOO_LARGE) });
    expect(calls).toBe(0);
    await waitFor(async () => (await ourTempFiles(before, marker)).length === 0);
    expect(await ourTempFiles(before, marker)).toEqual([]);
  });

  test('a client that goes away mid-upload leaves no temporary file behind', async () => {
    const marker = randomBytes(16);
    let calls = 0;
    @Controller()
    class AbortedController {
      @Post('/upload')
      upload(@File('file') file: UploadFile) {
        calls++;
        return { size: file.size };
      }
    }
    const port = await serve(makeApp([AbortedController], { memoryThreshold: THRESHOLD }));
    const before = new Set(await listUploadDir());
    const boundary = 'abortboundary';
    const head = fileHead(boundary, 'file', 'big.bin');
    const content = markedContent(marker, 4 * 1024 * KIB);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const { req, response } = openUpload(port, '/upload', boundary, head.length + content.length + tail.length);
    req.write(head);
    req.write(content.subarray(0, content.length / 2));
    await waitFor(async () => (await ourTempFiles(before, marker)).length > 0);
    expect(await ourTempFiles(before, marker)).toHaveLength(1);
    req.destroy();
    expect(await response).toBe('aborted');
    await waitFor(async () => (await ourTempFiles(before, marker)).length === 0);
    expect(await ourTempFiles(before, marker)).toEqual([]);
    expect(calls).toBe(0);
  });
});

describe('forms', () => {
  @Controller()
  class LoginController {
    @Post('/login/')
    login(@Form('username') username: string, @Form('password') password: string) {
      return { username, passwordLength: password.length };
    }
  }

  test('a route with only @Form still reads an urlencoded body', async () => {
    const client = clientFor(makeApp([LoginController]));
    const res = await client.post('/login/', { form: { username: 'johndoe', password: 's3cr3t&=x' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ username: 'johndoe', passwordLength: 9 });
  });

  test('the same route reads the fields of a multipart body', async () => {
    const client = clientFor(makeApp([LoginController]));
    const res = await client.post('/login/', { form: { username: 'johndoe', password: 'pw' }, files: {} });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ username: 'johndoe', passwordLength: 2 });
  });
});

describe('OpenAPI', () => {
  test('a file route documents a multipart/form-data requestBody with its Body_ schema', async () => {
    @Controller()
    class DocController {
      @Post('/uploadfile/')
      createUploadFile(@File('file') file: UploadFile) {
        return { filename: file.filename };
      }
    }
    const client = clientFor(makeApp([DocController]));
    const doc = (await client.get('/openapi.json')).json<any>();
    const operation = doc.paths['/uploadfile/'].post;
    expect(operation.operationId).toBe('createUploadFile_uploadfile__post');
    expect(operation.requestBody).toEqual({
      content: {
        'multipart/form-data': { schema: { $ref: '#/components/schemas/Body_createUploadFile_uploadfile__post' } },
      },
      required: true,
    });
    expect(doc.components.schemas.Body_createUploadFile_uploadfile__post).toEqual({
      properties: { file: { type: 'string', format: 'binary', title: 'File' } },
      type: 'object',
      required: ['file'],
      title: 'Body_createUploadFile_uploadfile__post',
    });
    expect(Object.keys(operation.responses)).toEqual(['200', '422']);
  });

  test('a form field, a list of files and an optional file in one Body_ schema', async () => {
    @Controller()
    class DocController {
      @Post('/files/')
      createFiles(
        @Form('token') token: string,
        @File('files') files: UploadFile[],
        @File('extra', { required: false }) extra?: UploadFile,
      ) {
        return { token, count: files.length, extra: extra?.filename };
      }
    }
    const client = clientFor(makeApp([DocController]));
    const doc = (await client.get('/openapi.json')).json<any>();
    expect(doc.paths['/files/'].post.requestBody).toEqual({
      content: { 'multipart/form-data': { schema: { $ref: '#/components/schemas/Body_createFiles_files__post' } } },
      required: true,
    });
    expect(doc.components.schemas.Body_createFiles_files__post).toEqual({
      properties: {
        token: { type: 'string', title: 'Token' },
        files: { type: 'array', items: { type: 'string', format: 'binary' }, title: 'Files' },
        extra: { anyOf: [{ type: 'string', format: 'binary' }, { type: 'null' }], title: 'Extra' },
      },
      type: 'object',
      required: ['token', 'files'],
      title: 'Body_createFiles_files__post',
    });
  });
});
