import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@tsapi/core';

/** Where multipart files over the memory threshold are written (packages/core/src/uploads/multipart.ts). */
export const UPLOAD_DIR = join(tmpdir(), 'tsapi-uploads');

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** What every assertion reads, whether the answer came through TestClient, fetch or a raw socket. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The status and the whole body: `{"detail": …}` as JSON, nothing else. */
export function expectDetail(answer: Answer, status: number, detail: unknown): void {
  expect({ status: answer.status, body: parseJson(answer.text) }).toEqual({ status, body: { detail } });
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
}

/**
 * Node refuses a request it cannot parse before any route sees it; the app answers it as FastAPI
 * would, `{"detail": "<status phrase>"}`, and closes the connection.
 */
export function expectClientErrorBody(answer: Answer, phrase: string): void {
  expect(JSON.parse(answer.text)).toEqual({ detail: phrase });
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  expect(answer.headers.connection).toBe('close');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A real HTTP request through fetch (undici), read as an Answer. */
export async function fetchAnswer(port: number, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

/** Listens on 127.0.0.1 on a free port and answers the port. */
export async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.fastify.server.address() as AddressInfo).port;
}

/** Parses one HTTP/1.1 response (Content-Length or chunked, or up to the end of the stream). */
export function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split === -1 ? raw.length : split).toString('latin1');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split === -1 ? Buffer.alloc(0) : raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(statusLine.split(' ')[1]), headers, text: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/**
 * Sends bytes exactly as given (what fetch and undici refuse to send) and reads what comes back
 * until the server closes the connection, or `waitMs` has passed since the last byte.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { endWrite?: boolean; waitMs?: number } = {},
): Promise<Buffer> {
  const { endWrite = false, waitMs = 1500 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, waitMs);
    };
    socket.on('connect', () => {
      socket.write(bytes);
      if (endWrite) socket.end();
      arm();
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      arm();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
  });
}

export async function rawRequest(
  port: number,
  bytes: string | Buffer,
  options?: { endWrite?: boolean; waitMs?: number },
): Promise<RawResponse> {
  return parseResponse(await rawExchange(port, bytes, options));
}

/** The upload folder's entries that start with `marker`: temporary files of this test only. */
export async function tempFilesWith(marker: Buffer): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(UPLOAD_DIR);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const name of names) {
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
      // Removed between listing and opening: not left behind.
    }
  }
  return found;
}

/** One multipart/form-data body, with the parts in order. */
export function multipart(
  boundary: string,
  parts: readonly ({ name: string; value: string } | { name: string; filename: string; content: Buffer })[],
): Buffer {
  const out: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      out.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
      );
      out.push(part.content, Buffer.from('\r\n'));
    } else {
      out.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
      );
    }
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Nothing a request could have written onto `Object.prototype`. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    probe.x === undefined &&
    probe.y === undefined &&
    probe.polluted === undefined &&
    Object.keys(Object.prototype).length === 0
  );
}
