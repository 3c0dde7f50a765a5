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

/** The chains a request has entered, outermost first: a mounted app's middleware nests inside its parent's. */
const CHAINS = Symbol('tsapi:middleware-chains');
type WithChains = FastifyRequest & { [CHAINS]?: ChainState[] };

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
    ((request as WithChains)[CHAINS] ??= []).push(state);
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
  // The first onSend hook to run (the outermost app's) unwinds every chain, innermost first; a
  // chain that already answered (short-circuit) is skipped, its answer being the payload.
  fastify.addHook('onSend', async (request, reply, payload) => {
    const chains = (request as WithChains)[CHAINS];
    if (chains === undefined || chains.every((chain) => chain.settled)) return payload;
    let response = capture(reply, payload);
    for (let i = chains.length - 1; i >= 0; i--) {
      const chain = chains[i];
      if (chain.settled) continue;
      chain.settled = true;
      chain.deliver(response);
      try {
        response = await chain.outcome;
      } catch (error) {
        onError(error, request);
        response = new JSONResponse({ detail: 'Internal Server Error' }, 500);
      }
    }
    return apply(reply, response);
  });
}
