import { basename, dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type sendFile from '@fastify/send';
import type { FastifyReply } from 'fastify';
import { HTTPException } from '../errors/http-exception';
import { Response, type HeaderValues } from './response';

let sendModule: Promise<typeof sendFile> | undefined;
/** @fastify/send, loaded on the first file response rather than by every app at start-up. */
function loadSend(): Promise<typeof sendFile> {
  sendModule ??= import('@fastify/send').then((loaded) => loaded.default);
  return sendModule;
}

type StreamContent = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | Readable;

/**
 * A body produced piece by piece: an async iterable (an async generator, say) or a Node stream.
 * It is piped to the client with backpressure, so a slow client never makes the server buffer
 * the whole body. Server-sent events are a `text/event-stream` StreamingResponse.
 *
 * @example
 * async function* events() { for await (const e of bus) yield `data: ${JSON.stringify(e)}\n\n`; }
 * return new StreamingResponse(events(), 'text/event-stream');
 */
export class StreamingResponse extends Response {
  constructor(content: StreamContent, mediaType?: string, statusCode?: number, headers?: HeaderValues);
  constructor(content: StreamContent, statusCode: number, headers?: HeaderValues, mediaType?: string);
  constructor(content: StreamContent, first?: string | number, second?: number | HeaderValues, third?: HeaderValues | string) {
    // Both orders: the short (content, media type, …) and FastAPI's (content, status, headers, media type).
    if (typeof first === 'number') super(content, first, (second as HeaderValues | undefined) ?? {}, third as string | undefined);
    else super(content, (second as number | undefined) ?? 200, (third as HeaderValues | undefined) ?? {}, first);
  }

  protected override render(content: unknown): unknown {
    if (content instanceof Readable) return content;
    return Readable.from(content as AsyncIterable<string | Uint8Array>, { objectMode: false });
  }
}

export interface FileResponseOptions {
  /** Sent as `Content-Disposition: attachment; filename="…"`. */
  filename?: string;
  /** Default: from the file's extension. */
  mediaType?: string;
  statusCode?: number;
  headers?: HeaderValues;
}

/**
 * A file from disk, streamed: `Content-Type` from the extension, `Content-Length`,
 * `Last-Modified` and `ETag`, ranges (`206`), and HEAD without a body (through @fastify/send).
 * A missing file is a 404.
 *
 * @example
 * return new FileResponse(join(uploads, name), { filename: 'report.pdf' });
 */
export class FileResponse extends Response {
  readonly path: string;
  readonly filename?: string;

  constructor(path: string, options: FileResponseOptions = {}) {
    super(null, options.statusCode ?? 200, options.headers ?? {}, options.mediaType);
    this.path = resolve(path);
    this.filename = options.filename;
  }

  /** Streams the file onto the reply. */
  async sendTo(reply: FastifyReply): Promise<FastifyReply> {
    const send = await loadSend();
    const result = await send(reply.request.raw, `/${encodeURIComponent(basename(this.path))}`, { root: dirname(this.path), dotfiles: 'allow', index: false });
    if (result.type === 'error') {
      const status = (result.metadata.error as { status?: number }).status ?? 500;
      throw status === 404 ? new HTTPException(404, 'File not found') : new HTTPException(status);
    }
    reply.code(result.statusCode === 200 ? this.statusCode : result.statusCode);
    for (const [name, value] of Object.entries(result.headers)) reply.header(name, value);
    this.headers.forEach((value, name) => reply.header(name, value));
    if (this.mediaType) reply.type(this.mediaType);
    if (this.filename !== undefined) reply.header('content-disposition', contentDisposition(this.filename));
    return reply.send(result.stream);
  }
}

/** RFC 6266: an ASCII fallback, and the UTF-8 name in `filename*` when it is not plain ASCII. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === filename ? `attachment; filename="${filename}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
