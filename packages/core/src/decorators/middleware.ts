import type { FastifyRequest } from 'fastify';
import { MIDDLEWARE } from '../metadata/keys';
import { readOwnRecord, writeRecord } from '../metadata/design-types';
import type { Response } from '../responses/response';

/** Calls the rest of the chain (the next middleware, or the route) and resolves to its response. */
export type CallNext = (request: FastifyRequest) => Promise<Response>;

/** What an `@Middleware()` class implements, as Starlette's `BaseHTTPMiddleware.dispatch`. */
export interface HttpMiddleware {
  dispatch(request: FastifyRequest, callNext: CallNext): Response | Promise<Response>;
}

/**
 * Marks a provider class as HTTP middleware: it wraps every request of the app (404, 405, 422
 * and 500 answers included), in the order of `middleware: [...]`, first = outermost.
 *
 * @example
 * @Middleware()
 * class ProcessTime implements HttpMiddleware {
 *   async dispatch(request: Request, callNext: CallNext) {
 *     const start = performance.now();
 *     const response = await callNext(request);
 *     response.headers.set('x-process-time', String((performance.now() - start) / 1000));
 *     return response;
 *   }
 * }
 */
export function Middleware(): ClassDecorator {
  return (target) => writeRecord(target, MIDDLEWARE, true);
}

export function isMiddleware(target: Function): boolean {
  return readOwnRecord<boolean>(target, MIDDLEWARE) === true;
}
