import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HTTPException } from '../errors/http-exception';
import { Response } from '../responses/response';
import { sendResponse } from '../responses/send-response';
import type { ExceptionHandlers } from './exception-handlers';

/** Called with every error that became a 500, before the response is sent (TestClient listens). */
export type ServerErrorListener = (error: unknown, request: FastifyRequest) => void;

const NO_BODY_STATUSES: ReadonlySet<number> = new Set([204, 304]);

/**
 * Fastify's own client errors (body limit, content length, bad URL…) carry a `FST_` code; a body
 * the client abandoned mid-way is Node's `ECONNRESET` ("aborted"), which Fastify marks 400. Both
 * are the client's doing, not a server error to log.
 */
function isFastifyClientError(error: unknown): error is FastifyError {
  const e = error as Partial<FastifyError>;
  return typeof e?.code === 'string' && (e.code.startsWith('FST_') || e.code === ABORTED) && typeof e.statusCode === 'number' && e.statusCode < 500;
}

const ABORTED = 'ECONNRESET';

export function sendHTTPException(reply: FastifyReply, error: HTTPException): FastifyReply {
  reply.code(error.statusCode);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  if (NO_BODY_STATUSES.has(error.statusCode)) return reply.send();
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ detail: error.detail }));
}

function toHTTPException(error: FastifyError): HTTPException {
  const status = error.statusCode!;
  return new HTTPException(status, status === 413 || status === 415 || error.code === ABORTED ? STATUS_CODES[status] : error.message);
}

function answerServerError(error: unknown, request: FastifyRequest, reply: FastifyReply, listeners: readonly ServerErrorListener[]): FastifyReply {
  request.log.error({ err: error }, 'Unhandled error while serving %s %s', request.method, request.url);
  for (const listener of listeners) listener(error, request);
  return sendHTTPException(reply, new HTTPException(500, 'Internal Server Error'));
}

/**
 * The answer for every error: the app's exception handler for its class when there is one,
 * else HTTPException as `{"detail": …}`, Fastify's client errors with their status in the same
 * shape, and anything else as a logged 500 whose message and stack never reach the client. A
 * handler that fails, or answers something that is not a Response, gives that 500 too.
 */
export function buildErrorHandler(listeners: readonly ServerErrorListener[], handlers?: ExceptionHandlers) {
  const answerWithHandler = async (handle: Catch, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const response = await handle(error, request);
      if (!(response instanceof Response)) throw new TypeError(`an exception handler answered ${typeof response}, not a Response (e.g. new JSONResponse(content, status))`);
      return sendResponse(reply, response) as FastifyReply;
    } catch (failure) {
      return answerServerError(failure, request, reply, listeners);
    }
  };
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
    const err = isFastifyClientError(error) ? toHTTPException(error) : error;
    const handle = handlers?.find(err);
    if (handle) return answerWithHandler(handle, err, request, reply);
    if (err instanceof HTTPException) return sendHTTPException(reply, err);
    return answerServerError(err, request, reply, listeners);
  };
}

type Catch = NonNullable<ReturnType<ExceptionHandlers['find']>>;
