import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Middleware, type CallNext, type HttpMiddleware, type Request, type Response } from '@tsapi/core';

/** Ids a proxy or client may pass on: short, and nothing that could forge a log line or a header. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the incoming `X-Request-ID` when it looks sane, else a new UUID. Given to
 * Fastify as `genReqId`, so that every log line of the request carries it.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}

/** Answers every request with its id in `X-Request-ID`, to match a response with its logs. */
@Middleware()
export class RequestIdMiddleware implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const response = await callNext(request);
    response.headers.set('x-request-id', request.id);
    return response;
  }
}
