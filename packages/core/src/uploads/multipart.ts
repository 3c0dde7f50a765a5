import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterResponse } from '../di/after-response';
import { HTTPException } from '../errors/http-exception';
import { UploadFile } from './upload-file';

/** Limits of multipart bodies; a request beyond one is answered 413. */
export interface UploadLimits {
  /** Largest file, in bytes (default 10 MiB). */
  fileSize?: number;
  /** Most files in one request (default 10). */
  files?: number;
  /** Most non-file fields (default 100). */
  fields?: number;
  /** Most parts, files and fields together (default 1000). */
  parts?: number;
  /** Largest non-file field, in bytes (default 1 MiB). */
  fieldSize?: number;
  /** Files up to this size stay in memory; larger ones go to a temporary file (default 1 MiB). */
  memoryThreshold?: number;
}

const DEFAULTS: Required<UploadLimits> = { fileSize: 10 * 1024 * 1024, files: 10, fields: 100, parts: 1000, fieldSize: 1024 * 1024, memoryThreshold: 1024 * 1024 };
const UPLOAD_DIR = join(tmpdir(), 'tsapi-uploads');

/**
 * Parses `multipart/form-data` bodies (through @fastify/multipart) before validation into
 * `{ field: value | value[] }`, file parts as `UploadFile`s: in memory up to the threshold,
 * else streamed to a temporary file. Temporary files are removed when the response is over,
 * also after an error or an aborted request.
 */
export function registerMultipart(fastify: FastifyInstance, limits: UploadLimits = {}): void {
  const settings = { ...DEFAULTS, ...limits };
  // Imported when an app has a form or file route: other apps never load it.
  fastify.register(import('@fastify/multipart'), {
    limits: { fileSize: settings.fileSize, files: settings.files, fields: settings.fields, parts: settings.parts, fieldSize: settings.fieldSize },
    throwFileSizeLimit: true,
  });
  fastify.addHook('preValidation', async (request, reply) => {
    if (!request.isMultipart()) return;
    const temporary: string[] = [];
    const parsing = readParts(request, temporary, settings.memoryThreshold);
    // A client that goes away mid-upload ends the response while a file may still be opening or
    // being written: the files are removed once the parsing has settled too, so none is missed.
    const removeAll = (): Promise<unknown> => Promise.all(temporary.map((path) => rm(path, { force: true })));
    afterResponse(reply, () => void parsing.then(removeAll, removeAll));
    request.body = await parsing;
  });
}

async function readParts(request: FastifyRequest, temporary: string[], threshold: number): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = Object.create(null);
  const add = (name: string, value: unknown): void => {
    const existing = body[name];
    if (existing === undefined) body[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else body[name] = [existing, value];
  };
  let cutShort = false;
  // When the client goes away mid-body, @fastify/multipart stops, but the file part being read
  // may be left open and never end: it is ended here, so that the parsing settles (and its
  // temporary file is removed) instead of waiting forever.
  let reading: MultipartFile | undefined;
  let abandoned = request.raw.destroyed && !request.raw.complete;
  const abandon = (): void => {
    if (request.raw.complete) return;
    abandoned = true;
    reading?.file.destroy();
  };
  request.raw.once('close', abandon);
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // busboy cuts a field over `fieldSize` short and goes on: a limit like the others,
        // answered 413 rather than handing the route half a value.
        if (part.valueTruncated) throw new HTTPException(413, 'Payload Too Large');
        add(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
        continue;
      }
      reading = part;
      if (abandoned) part.file.destroy();
      try {
        add(part.fieldname, await store(part, threshold, temporary));
      } catch (error) {
        // A limit hit while a file was being read cuts that file short; the next step of the
        // iterator reports the limit itself (413).
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
        cutShort = true;
      } finally {
        reading = undefined;
      }
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw error;
    // busboy's own errors (a truncated or malformed body) carry no status: the client's fault.
    throw new HTTPException(400, 'There was an error parsing the body');
  } finally {
    request.raw.off('close', abandon);
  }
  // A file cut short with no limit to blame: the body itself ended too soon.
  if (cutShort) throw new HTTPException(400, 'There was an error parsing the body');
  return body;
}

/** `temporary` lists a temporary file as soon as it exists, so that a failed upload is removed too. */
async function store(part: MultipartFile, threshold: number, temporary: string[]): Promise<UploadFile> {
  const chunks: Buffer[] = [];
  let size = 0;
  let path: string | undefined;
  let sink: WriteStream | undefined;
  // A write error (a full disk) must fail this upload, not surface as an uncaught 'error' event.
  let failure: Error | undefined;
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (failure) throw failure;
      if (sink) {
        if (!sink.write(chunk)) await once(sink, 'drain');
        continue;
      }
      chunks.push(chunk);
      if (size > threshold) {
        await mkdir(UPLOAD_DIR, { recursive: true });
        path = join(UPLOAD_DIR, randomUUID());
        temporary.push(path);
        sink = createWriteStream(path);
        sink.on('error', (error) => (failure ??= error));
        for (const held of chunks.splice(0)) sink.write(held);
      }
    }
  } catch (error) {
    // The file is closed (and so exists, if it ever will) before anyone tries to remove it.
    if (sink) await closeStream(sink);
    throw error;
  }
  if (sink) await new Promise<void>((resolve, reject) => sink!.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const headers = { 'content-type': part.mimetype, 'content-disposition': `form-data; name="${part.fieldname}"; filename="${part.filename}"` };
  return new UploadFile({ filename: part.filename, contentType: part.mimetype, size, headers, memory: sink ? undefined : Buffer.concat(chunks), path });
}

/** Destroys a file stream mid-write (its ERR_STREAM_DESTROYED goes to the listener above) and waits until it is closed. */
function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', resolve);
    stream.destroy();
  });
}
