import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HTTPException } from '../errors/http-exception';

/** Called with every error that became a 500, before the response is sent (TestClient listens). */
export type ServerErrorListener = (error: unknown, request: FastifyRequest) => void;

const NO_BODY_STATUSES: ReadonlySet<number> = new Set([204, 304]);

/** Fastify's own client errors (body limit, content length, bad URL…) carry a `FST_` code. */
function isFastifyClientError(error: unknown): error is FastifyError {
  const e = error as Partial<FastifyError>;
  return typeof e?.code === 'string' && e.code.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode < 500;
}

export function sendHTTPException(reply: FastifyReply, error: HTTPException): FastifyReply {
  reply.code(error.statusCode);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  if (NO_BODY_STATUSES.has(error.statusCode)) return reply.send();
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ detail: error.detail }));
}

/**
 * The default answer for every error: HTTPException as `{"detail": …}`, Fastify's client errors
 * with their status in the same shape, and anything else as a logged 500 whose message and stack
 * never reach the client.
 */
export function buildErrorHandler(listeners: readonly ServerErrorListener[]) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof HTTPException) return sendHTTPException(reply, error);
    if (isFastifyClientError(error)) {
      const status = error.statusCode!;
      const detail = status === 413 || status === 415 ? STATUS_CODES[status] : error.message;
      return sendHTTPException(reply, new HTTPException(status, detail));
    }
    request.log.error({ err: error }, 'Unhandled error while serving %s %s', request.method, request.url);
    for (const listener of listeners) listener(error, request);
    return sendHTTPException(reply, new HTTPException(500, 'Internal Server Error'));
  };
}
