import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildKitchenSink, type KitchenSink } from './kitchen-sink-app';
import { multipart, prototypeIsClean, rawRequest, serve, tempFilesWith, waitFor } from './wire';

/**
 * 1,000 requests over real HTTP, each abandoned by its client at a random point: before the body
 * is complete, mid-upload, while the handler awaits, mid-stream, mid-websocket-message. Then
 * nothing may be left behind: every generator dependency that started has cleaned up, no upload
 * temporary file remains, the server holds no socket, and the heap is back near its baseline.
 */

const REQUESTS = 1000;
const CONCURRENCY = 25;
/** A fixed seed: a failure can be replayed. */
const SEED = 20_240_601;

type Kind =
  'partial-body' | 'partial-chunked' | 'mid-upload' | 'handler-await' | 'mid-stream' | 'websocket-mid-message';
const KINDS: readonly Kind[] = [
  'partial-body',
  'partial-chunked',
  'mid-upload',
  'handler-await',
  'mid-stream',
  'websocket-mid-message',
];

/** mulberry32: small, seeded, good enough to spread abort points. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves once `bytes` bytes have come back (or the server closed first). */
function received(socket: Socket, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total >= bytes) done();
    };
    const done = (): void => {
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
    socket.once('close', done);
  });
}

function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => (socket.write(data) ? resolve() : socket.once('drain', resolve)));
}

interface AbortContext {
  port: number;
  random: () => number;
  marker: Buffer;
  /** Set when a temporary file of an upload in progress was seen on disk. */
  sawTempFile: () => void;
  checkTempFiles: boolean;
}

const USER_JSON = JSON.stringify({
  email: 'ada@example.com',
  username: 'ada_l',
  password: 'correct horse',
  tags: [],
  pad: 'x'.repeat(4000),
});

/** One request, abandoned at a random point of its kind. */
async function abortOne(kind: Kind, context: AbortContext): Promise<void> {
  const { port, random } = context;
  const socket = await open(port);
  try {
    switch (kind) {
      case 'partial-body': {
        const cut = Math.floor(random() * USER_JSON.length);
        await write(
          socket,
          `POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${USER_JSON.length}\r\n\r\n${USER_JSON.slice(0, cut)}`,
        );
        await sleep(random() * 20);
        break;
      }
      case 'partial-chunked': {
        await write(
          socket,
          'POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
        const cut = Math.floor(random() * USER_JSON.length);
        if (cut > 0) await write(socket, `${cut.toString(16)}\r\n${USER_JSON.slice(0, cut)}\r\n`);
        await sleep(random() * 20);
        break;
      }
      case 'mid-upload': {
        // 48 KiB: past the 1 KiB memory threshold (a temporary file) and within fileSize.
        const content = Buffer.concat([context.marker, randomBytes(48 * 1024 - context.marker.length)]);
        const body = multipart('ABORT', [
          { name: 'note', value: 'aborted' },
          { name: 'file', filename: 'big.bin', content },
        ]);
        await write(
          socket,
          `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=ABORT\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        const cut = Math.floor(random() * (body.length - 1));
        for (let at = 0; at < cut; at += 8 * 1024) await write(socket, body.subarray(at, Math.min(cut, at + 8 * 1024)));
        await sleep(5 + random() * 20);
        if (context.checkTempFiles && (await tempFilesWith(context.marker)).length > 0) context.sawTempFile();
        break;
      }
      case 'handler-await': {
        await write(socket, 'GET /slow?ms=150 HTTP/1.1\r\nHost: x\r\n\r\n');
        await sleep(random() * 120);
        break;
      }
      case 'mid-stream': {
        await write(socket, 'GET /stream?chunks=400 HTTP/1.1\r\nHost: x\r\n\r\n');
        // Each line is about 1 KB: leave after a random part of the 400 KB stream.
        await Promise.race([received(socket, Math.floor(random() * 100_000)), sleep(500)]);
        break;
      }
      case 'websocket-mid-message': {
        const key = randomBytes(16).toString('base64');
        const handshake = received(socket, 12);
        await write(
          socket,
          `GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
        await handshake;
        // A masked text frame announcing 500 bytes, of which only some are sent.
        const header = Buffer.from([0x81, 0x80 | 126, 0x01, 0xf4, 1, 2, 3, 4]);
        const sent = Math.floor(random() * 500);
        await write(socket, Buffer.concat([header, Buffer.alloc(sent, 0x41)]));
        await sleep(random() * 20);
        break;
      }
    }
  } finally {
    socket.destroy();
  }
}

/** The garbage collector, also when node was started without --expose-gc. */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

/** A GET on a connection of its own that the server closes after answering (no idle keep-alive left). */
function get(port: number, path: string): ReturnType<typeof rawRequest> {
  return rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
}

function connections(sink: KitchenSink): Promise<number> {
  return new Promise((resolve, reject) =>
    sink.app.fastify.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

describe('1,000 client aborts at random points', () => {
  let sink: KitchenSink;
  let port: number;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    sink = buildKitchenSink();
    port = await serve(sink.app);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await sink.app.close();
  });

  test('leave no dependency open, no temporary file, no socket and no heap growth behind', async () => {
    const gc = findGc();
    // Warm-up: every route once in full, so that lazily built code is in the baseline.
    for (let i = 0; i < 20; i++) {
      for (const path of ['/slow?ms=1', '/stream?chunks=3', '/session', '/health'])
        expect((await get(port, path)).status).toBe(200);
    }
    await waitFor(() => sink.counters.setups === sink.counters.cleanups);
    const baseline = gc ? await settledHeap(gc) : 0;
    const start = { setups: sink.counters.setups, cleanups: sink.counters.cleanups };

    const random = seededRandom(SEED);
    const marker = randomBytes(16);
    const plan: Kind[] = Array.from({ length: REQUESTS }, () => KINDS[Math.floor(random() * KINDS.length)]);
    const byKind = Object.fromEntries(KINDS.map((kind) => [kind, plan.filter((k) => k === kind).length]));
    let tempFilesSeen = 0;
    let uploadsChecked = 0;
    const context = (): AbortContext => ({
      port,
      random,
      marker,
      sawTempFile: () => tempFilesSeen++,
      // Looking at the upload folder for the first uploads only shows the files exist mid-upload.
      checkTempFiles: uploadsChecked++ < 40,
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < plan.length) {
        const kind = plan[next++];
        await abortOne(kind, context());
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Everything the aborted requests started has finished or been cleaned up.
    const drained = await waitFor(async () => (await connections(sink)) === 0, 10_000);
    expect(drained).toBe(true);
    expect(await waitFor(() => sink.counters.setups === sink.counters.cleanups, 10_000)).toBe(true);
    expect(await waitFor(async () => (await tempFilesWith(marker)).length === 0, 10_000)).toBe(true);
    expect(await waitFor(() => sink.counters.streamsOpened === sink.counters.streamsClosed, 10_000)).toBe(true);

    const setups = sink.counters.setups - start.setups;
    const cleanups = sink.counters.cleanups - start.cleanups;
    const report = {
      requests: REQUESTS,
      byKind,
      setups,
      cleanups,
      streams: sink.counters.streamsOpened,
      tempFilesSeenMidUpload: tempFilesSeen,
    };
    console.log(`aborts: ${JSON.stringify(report)}`);
    expect(Object.values(byKind).every((count) => count > 100)).toBe(true);
    // The aborts reached the dependencies, the streams and the temporary files they must clean.
    expect(setups).toBeGreaterThan(200);
    expect(cleanups).toBe(setups);
    expect(sink.counters.streamsOpened).toBeGreaterThan(20);
    expect(tempFilesSeen).toBeGreaterThan(0);

    expect(rejections).toEqual([]);
    expect(prototypeIsClean()).toBe(true);
    const health = await get(port, '/health');
    expect({ status: health.status, body: JSON.parse(health.text) }).toEqual({ status: 200, body: { status: 'ok' } });
    expect(sink.logged().filter((entry) => entry.level >= 50)).toEqual([]);

    if (!gc) {
      console.warn('aborts: heap check NOT RUN: no garbage collector available (run node with --expose-gc)');
      return;
    }
    const after = await settledHeap(gc);
    console.log(
      `aborts: heap baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, after ${(after / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(after - baseline).toBeLessThan(16 * 2 ** 20);
  }, 60_000);
});
