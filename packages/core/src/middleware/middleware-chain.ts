import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpMiddleware } from '../decorators/middleware';
import { JSONResponse, Response } from '../responses/response';

interface ChainState {
  /** Resolves the innermost `callNext` with the response Fastify produced. */
  readonly deliver: (response: Response) => void;
  /** What the outermost middleware answers. */
  readonly outcome: Promise<Response>;
  settled: boolean;
}

const STATE = Symbol('tsapi:middleware-chain');
type WithState = FastifyRequest & { [STATE]?: ChainState };

function capture(reply: FastifyReply, payload: unknown): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  return new Response(payload, reply.statusCode, headers);
}

/** Makes the reply what the middleware answered; returns the payload to send. */
function apply(reply: FastifyReply, response: Response): unknown {
  reply.code(response.statusCode);
  for (const name of Object.keys(reply.getHeaders())) if (!response.headers.has(name)) reply.removeHeader(name);
  // The body may have changed: Fastify computes the length of the payload it is given. Fastify
  // appends set-cookie values instead of replacing them: they are set afresh below.
  reply.removeHeader('content-length');
  reply.removeHeader('set-cookie');
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  if (response.mediaType && !response.headers.has('content-type')) reply.type(response.mediaType);
  const body = response.body;
  return body === null || body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function' ? body : JSON.stringify(body);
}

/**
 * Runs Starlette-style middleware on Fastify's lifecycle. `onRequest` starts the chain and lets
 * the request go on once the innermost `callNext` is called (or answers at once when a
 * middleware did not call it); `onSend` hands the finished response to that `callNext` and
 * sends what the chain answers. Registered only when the app has middleware.
 */
export function registerMiddleware(
  fastify: FastifyInstance,
  chain: readonly HttpMiddleware[],
  onError: (error: unknown, request: FastifyRequest) => void,
): void {
  if (chain.length === 0) return;
  fastify.addHook('onRequest', async (request, reply) => {
    let deliver!: (response: Response) => void;
    const inner = new Promise<Response>((resolve) => (deliver = resolve));
    let entered!: () => void;
    const reachedRoute = new Promise<'route'>((resolve) => (entered = () => resolve('route')));
    const callAt =
      (index: number) =>
      async (): Promise<Response> => {
        if (index === chain.length) {
          entered();
          return inner;
        }
        return chain[index].dispatch(request, callAt(index + 1));
      };
    const outcome = callAt(0)();
    // Observed below; a client gone before its response must not leave an unhandled rejection.
    outcome.catch(() => undefined);
    const state: ChainState = { deliver, outcome, settled: false };
    (request as WithState)[STATE] = state;
    let first: 'route' | 'answered';
    try {
      first = await Promise.race([reachedRoute, outcome.then(() => 'answered' as const)]);
    } catch (error) {
      // A middleware failed before calling `callNext`: the app's error handler answers (500).
      state.settled = true;
      throw error;
    }
    if (first === 'route') return;
    // A middleware answered without calling `callNext`: that is the response.
    state.settled = true;
    const response = await outcome;
    return reply.send(apply(reply, response));
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const state = (request as WithState)[STATE];
    if (state === undefined || state.settled) return payload;
    state.settled = true;
    state.deliver(capture(reply, payload));
    try {
      return apply(reply, await state.outcome);
    } catch (error) {
      onError(error, request);
      return apply(reply, new JSONResponse({ detail: 'Internal Server Error' }, 500));
    }
  });
}
