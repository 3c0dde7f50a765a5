import 'reflect-metadata';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { App, Controller, FileResponse, Get, Path, StreamingResponse, type AppOptions } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const KIB = 1024;
const MIB = 1024 * KIB;

const clients: TestClient[] = [];
const served: App[] = [];
const scratch: string[] = [];

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...served.splice(0).map((a) => a.close())]);
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function makeApp(controllers: NonNullable<AppOptions['controllers']>): App {
  return new App({ controllers, fastify: { logger: false } });
}

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  served.push(app);
  return (app.fastify.server.address() as AddressInfo).port;
}

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsapi-streaming-test-'));
  scratch.push(dir);
  return dir;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return;
    await sleep(5);
  }
}

function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** The constructor as FastAPI users call it; the declared signature does not list this order. */
const FastApiOrderStreamingResponse = StreamingResponse as unknown as new (
  content: AsyncIterable<string>,
  statusCode: number,
  headers: Record<string, string>,
  mediaType: string,
) => StreamingResponse;

describe('StreamingResponse', () => {
  test('an async generator is sent chunk after chunk with the given media type', async () => {
    @Controller()
    class StreamController {
      @Get('/numbers')
      numbers() {
        async function* count() {
          for (let i = 1; i <= 5; i++) {
            await sleep(1);
            yield `${i}\n`;
          }
        }
        return new StreamingResponse(count(), 'text/csv');
      }
    }
    const res = await clientFor(makeApp([StreamController])).get('/numbers');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv\b/);
    expect(res.text).toBe('1\n2\n3\n4\n5\n');
  });

  test("FastAPI's argument order (content, statusCode, headers, mediaType)", async () => {
    @Controller()
    class StreamController {
      @Get('/ndjson')
      ndjson() {
        async function* lines() {
          yield `${JSON.stringify({ id: 1 })}\n`;
          yield `${JSON.stringify({ id: 2 })}\n`;
        }
        return new FastApiOrderStreamingResponse(lines(), 201, { 'x-stream': 'yes' }, 'application/x-ndjson');
      }
    }
    const res = await clientFor(makeApp([StreamController])).get('/ndjson');
    expect(res.status).toBe(201);
    expect(res.headers['x-stream']).toBe('yes');
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.text).toBe('{"id":1}\n{"id":2}\n');
  });

  test('a status code as the second argument', async () => {
    @Controller()
    class StreamController {
      @Get('/accepted')
      accepted() {
        async function* body() {
          yield 'queued';
        }
        return new StreamingResponse(body(), 202);
      }
    }
    const res = await clientFor(makeApp([StreamController])).get('/accepted');
    expect(res.status).toBe(202);
    expect(res.text).toBe('queued');
  });

  test('a Node Readable is piped as the body', async () => {
    @Controller()
    class StreamController {
      @Get('/readable')
      readable() {
        return new StreamingResponse(Readable.from(['alpha ', 'beta ', 'gamma']), 'text/plain');
      }
    }
    const res = await clientFor(makeApp([StreamController])).get('/readable');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain\b/);
    expect(res.text).toBe('alpha beta gamma');
  });

  test('binary chunks (Buffer and Uint8Array) arrive byte for byte', async () => {
    const first = Buffer.from([0, 255, 13, 10]);
    const second = new Uint8Array([128, 1, 2]);
    @Controller()
    class StreamController {
      @Get('/bytes')
      bytes() {
        async function* parts() {
          yield first;
          yield second;
        }
        return new StreamingResponse(parts(), 'application/octet-stream');
      }
    }
    const res = await clientFor(makeApp([StreamController])).get('/bytes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body.equals(Buffer.concat([first, second]))).toBe(true);
  });

  test('server-sent events arrive in order, each before the next is produced', async () => {
    const delivered: ReturnType<typeof gate>[] = Array.from({ length: 4 }, gate);
    @Controller()
    class EventsController {
      @Get('/events')
      events() {
        async function* stream() {
          for (let i = 0; i < delivered.length; i++) {
            yield `event: tick\ndata: ${JSON.stringify({ n: i })}\n\n`;
            // The next event waits until the client has read this one: a buffered body would deadlock.
            await delivered[i]!.promise;
          }
        }
        return new StreamingResponse(stream(), 'text/event-stream');
      }
    }
    const port = await serve(makeApp([EventsController]));
    const res = await fetch(`http://127.0.0.1:${port}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream\b/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const received: unknown[] = [];
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = event.split('\n');
        expect(lines[0]).toBe('event: tick');
        received.push(JSON.parse(lines[1]!.slice('data: '.length)));
        delivered[received.length - 1]!.release();
      }
    }
    expect(received).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(buffer).toBe('');
  });

  test('the generator is closed (its finally runs) when the client goes away mid-stream', async () => {
    const events: string[] = [];
    @Controller()
    class EndlessController {
      @Get('/endless')
      endless() {
        async function* forever() {
          try {
            for (let i = 0; ; i++) {
              yield Buffer.alloc(16 * KIB, i & 0xff);
              await sleep(1);
            }
          } finally {
            events.push('generator closed');
          }
        }
        return new StreamingResponse(forever(), 'application/octet-stream');
      }
    }
    const port = await serve(makeApp([EndlessController]));
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/endless' }, (res) => {
        res.once('data', () => {
          events.push('client left');
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    await waitFor(() => events.includes('generator closed'));
    expect(events).toEqual(['client left', 'generator closed']);
  });

  test('backpressure: a slow client keeps the generator only a bounded number of chunks ahead', async () => {
    const CHUNK = 64 * KIB;
    const TOTAL_CHUNKS = (50 * MIB) / CHUNK;
    // Loopback socket buffers (kernel send + receive) hold about 7 MiB (~120 chunks) on the test machine;
    // a producer that ignored backpressure would run all 800 chunks ahead.
    const MAX_AHEAD = 192;
    let produced = 0;
    @Controller()
    class BulkController {
      @Get('/bulk')
      bulk() {
        async function* chunks() {
          while (produced < TOTAL_CHUNKS) {
            produced++;
            yield Buffer.alloc(CHUNK, produced & 0xff);
          }
        }
        return new StreamingResponse(chunks(), 'application/octet-stream');
      }
    }
    const app = makeApp([BulkController]);
    let serverResponse: ServerResponse | undefined;
    app.fastify.addHook('onRequest', async (_request, reply) => {
      serverResponse = reply.raw;
    });
    const port = await serve(app);
    let consumedBytes = 0;
    let maxAhead = 0;
    let maxServerBuffered = 0;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/bulk' }, (res) => {
        let sincePause = 0;
        res.on('data', (chunk: Buffer) => {
          consumedBytes += chunk.length;
          sincePause += chunk.length;
          maxAhead = Math.max(maxAhead, produced - Math.floor(consumedBytes / CHUNK));
          const buffered = (serverResponse?.writableLength ?? 0) + (serverResponse?.socket?.writableLength ?? 0);
          maxServerBuffered = Math.max(maxServerBuffered, buffered);
          // A slow reader: a pause after every 256 KiB lets the buffers between server and client fill up.
          if (sincePause >= 256 * KIB) {
            sincePause = 0;
            res.pause();
            setTimeout(() => res.resume(), 1);
          }
        });
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(consumedBytes).toBe(50 * MIB);
    expect(produced).toBe(TOTAL_CHUNKS);
    expect(maxAhead).toBeLessThan(MAX_AHEAD);
    expect(maxServerBuffered).toBeLessThan(MIB);
  }, 15_000);

  test('memory: streaming 200 MiB to a slow client grows rss by far less than 200 MiB', async () => {
    const CHUNK = 64 * KIB;
    const TOTAL = 200 * MIB;
    let produced = 0;
    @Controller()
    class BulkController {
      @Get('/bulk')
      bulk() {
        async function* chunks() {
          for (; produced < TOTAL; produced += CHUNK) yield Buffer.alloc(CHUNK, (produced / CHUNK) & 0xff);
        }
        return new StreamingResponse(chunks(), 'application/octet-stream');
      }
    }
    const port = await serve(makeApp([BulkController]));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let consumed = 0;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/bulk' }, (res) => {
        let sincePause = 0;
        res.on('data', (chunk: Buffer) => {
          consumed += chunk.length;
          sincePause += chunk.length;
          if (sincePause >= MIB) {
            sincePause = 0;
            peak = Math.max(peak, process.memoryUsage().rss);
            res.pause();
            setTimeout(() => res.resume(), 1);
          }
        });
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(consumed).toBe(TOTAL);
    expect(peak - baseline).toBeLessThan(64 * MIB);
  }, 20_000);
});

describe('FileResponse', () => {
  const CONTENT = 'hello world, from a file on disk\n';

  async function fixture(name: string, content: string | Buffer = CONTENT): Promise<string> {
    const path = join(await scratchDir(), name);
    await writeFile(path, content);
    return path;
  }

  function filesApp(routes: Record<string, () => FileResponse>): App {
    @Controller()
    class FilesController {
      @Get('/files/{name}')
      read(@Path('name') name: string) {
        return routes[name]!();
      }
    }
    return makeApp([FilesController]);
  }

  test('Content-Type from the extension, Content-Length, ETag, Last-Modified and the content', async () => {
    const path = await fixture('report.txt');
    const client = clientFor(filesApp({ report: () => new FileResponse(path) }));
    const res = await client.get('/files/report');
    expect(res.status).toBe(200);
    expect(res.text).toBe(CONTENT);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(CONTENT)));
    expect(res.headers['etag']).toMatch(/^(W\/)?"[^"]+"$/);
    expect(res.headers['last-modified']).toBe((await stat(path)).mtime.toUTCString());
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  test('other extensions: .json, .png, .html', async () => {
    const json = await fixture('data.json', '{"a":1}');
    const png = await fixture('pixel.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const html = await fixture('page.html', '<p>hi</p>');
    const client = clientFor(
      filesApp({
        json: () => new FileResponse(json),
        png: () => new FileResponse(png),
        html: () => new FileResponse(html),
      }),
    );
    const jsonRes = await client.get('/files/json');
    expect(jsonRes.headers['content-type']).toMatch(/^application\/json\b/);
    expect(jsonRes.json()).toEqual({ a: 1 });
    const pngRes = await client.get('/files/png');
    expect(pngRes.headers['content-type']).toBe('image/png');
    expect(pngRes.body.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
    expect((await client.get('/files/html')).headers['content-type']).toBe('text/html; charset=utf-8');
  });

  test('mediaType, statusCode and headers options override the defaults', async () => {
    const path = await fixture('export.dat');
    const client = clientFor(
      filesApp({
        custom: () =>
          new FileResponse(path, { mediaType: 'text/csv', statusCode: 203, headers: { 'x-export': 'full' } }),
      }),
    );
    const res = await client.get('/files/custom');
    expect(res.status).toBe(203);
    expect(res.headers['content-type']).toMatch(/^text\/csv\b/);
    expect(res.headers['x-export']).toBe('full');
    expect(res.text).toBe(CONTENT);
  });

  test('an ASCII filename gives Content-Disposition: attachment; filename="…"', async () => {
    const path = await fixture('stored-name.txt');
    const client = clientFor(filesApp({ named: () => new FileResponse(path, { filename: 'report 2024.txt' }) }));
    const res = await client.get('/files/named');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="report 2024.txt"');
    expect(res.text).toBe(CONTENT);
  });

  test("a non-ASCII filename adds filename*=UTF-8''… after an ASCII fallback", async () => {
    const path = await fixture('cv.pdf');
    const client = clientFor(filesApp({ cv: () => new FileResponse(path, { filename: 'résumé €.pdf' }) }));
    const res = await client.get('/files/cv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="r_sum_ _.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9%20%E2%82%AC.pdf',
    );
  });

  test('a file whose own name is not ASCII is served', async () => {
    const path = await fixture('données été.txt');
    const client = clientFor(filesApp({ accented: () => new FileResponse(path) }));
    const res = await client.get('/files/accented');
    expect(res.status).toBe(200);
    expect(res.text).toBe(CONTENT);
  });

  test('HEAD: the same headers, no body', async () => {
    const path = await fixture('report.txt');
    const client = clientFor(filesApp({ report: () => new FileResponse(path, { filename: 'report.txt' }) }));
    const get = await client.get('/files/report');
    const head = await client.head('/files/report');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'content-disposition']) {
      expect([name, head.headers[name]]).toEqual([name, get.headers[name]]);
    }
  });

  test('a range request is 206 with Content-Range and the slice', async () => {
    const path = await fixture('report.txt');
    const client = clientFor(filesApp({ report: () => new FileResponse(path) }));
    const size = Buffer.byteLength(CONTENT);
    const res = await client.get('/files/report', { headers: { range: 'bytes=0-4' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-4/${size}`);
    expect(res.headers['content-length']).toBe('5');
    expect(res.text).toBe('hello');
    const suffix = await client.get('/files/report', { headers: { range: 'bytes=-5' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 5}-${size - 1}/${size}`);
    expect(suffix.text).toBe(CONTENT.slice(-5));
  });

  test('a missing file is 404 {"detail":"File not found"}', async () => {
    const dir = await scratchDir();
    const client = clientFor(filesApp({ gone: () => new FileResponse(join(dir, 'nope.txt')) }));
    const res = await client.get('/files/gone');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    expect(res.json()).toEqual({ detail: 'File not found' });
  });

  test('a large file streams over real HTTP intact', async () => {
    const content = Buffer.alloc(8 * MIB);
    for (let i = 0; i < content.length; i += 4) content.writeUInt32LE(i, i);
    const path = await fixture('big.bin', content);
    const port = await serve(filesApp({ big: () => new FileResponse(path) }));
    const res = await fetch(`http://127.0.0.1:${port}/files/big`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
  });
});
