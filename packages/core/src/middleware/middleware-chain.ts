import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpMiddleware } from '../decorators/middleware';
import { JSONResponse, Response } from '../responses/response';
import { captureHeaders, type ResponseHeaders } from './response-headers';

interface ChainState {
  /** Resolves the innermost `callNext` with the response Fastify produced. */
  deliver: (response: Response) => void;
  /** The route's response was handed to the chain, or the chain answered without calling `callNext`. */
  settled: boolean;
  /** The outermost middleware has answered (or failed); `response` or `error` holds the outcome. */
  finished: boolean;
  failed: boolean;
  response: Response | undefined;
  error: unknown;
  /** Called once the chain finishes, when something is waiting for it. */
  onFinish: (() => void) | undefined;
}

/** Until the route is reached there is no `callNext` waiting for its response. */
const routeNotReached = (): void => undefined;

/** Runs `then` once the chain's outermost middleware has answered. */
function whenFinished(chain: ChainState, then: () => void): void {
  if (chain.finished) then();
  else chain.onFinish = then;
}

function finish(chain: ChainState, response: Response | undefined, error: unknown, failed: boolean): void {
  chain.finished = true;
  chain.failed = failed;
  chain.response = response;
  chain.error = error;
  const waiting = chain.onFinish;
  chain.onFinish = undefined;
  if (waiting !== undefined) waiting();
}

/** The chains a request has entered, outermost first: a mounted app's middleware nests inside its parent's. */
const CHAINS = Symbol('tsapi:middleware-chains');
type WithChains = FastifyRequest & { [CHAINS]: ChainState[] | null };

interface Captured {
  readonly response: Response;
  readonly headers: ResponseHeaders;
  readonly payload: unknown;
  readonly statusCode: number;
}

function capture(reply: FastifyReply, payload: unknown): Captured {
  const headers = captureHeaders(reply);
  return {
    response: new Response(payload, reply.statusCode, headers as unknown as Headers),
    headers,
    payload,
    statusCode: reply.statusCode,
  };
}

function toPayload(body: unknown): unknown {
  if (body === null || body === undefined) return '';
  return typeof body === 'string' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function'
    ? body
    : JSON.stringify(body);
}

/** Writes back what a middleware changed in the route's own response: status, the headers it touched, the body. */
function applyChanges(reply: FastifyReply, captured: Captured): unknown {
  const { response, headers } = captured;
  if (response.statusCode !== captured.statusCode) reply.code(response.statusCode);
  for (const [name, values] of headers.changes()) {
    if (values.length === 0) reply.removeHeader(name);
    // Each cookie stays its own header line; other values are joined as `Headers` joins them.
    else if (name === 'set-cookie') reply.removeHeader(name).header(name, values);
    else reply.header(name, values.length === 1 ? values[0] : values.join(', '));
  }
  if (response.body === captured.payload) return captured.payload;
  // Fastify computes the length of the payload it is given.
  reply.removeHeader('content-length');
  return toPayload(response.body);
}

/** Makes the reply what the middleware answered; returns the payload to send. */
function apply(reply: FastifyReply, response: Response, captured?: Captured): unknown {
  if (captured !== undefined && response === captured.response) return applyChanges(reply, captured);
  reply.code(response.statusCode);
  for (const name of Object.keys(reply.getHeaders())) if (!response.headers.has(name)) reply.removeHeader(name);
  // Fastify appends set-cookie values instead of replacing them: they are set afresh below.
  reply.removeHeader('content-length');
  reply.removeHeader('set-cookie');
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  if (response.mediaType && !response.headers.has('content-type')) reply.type(response.mediaType);
  return toPayload(response.body);
}

/**
 * Runs Starlette-style middleware on Fastify's lifecycle. `onRequest` starts the chain and lets
 * the request go on once the innermost `callNext` is called (or answers at once when a
 * middleware answered without calling it); `onSend` hands the finished response to that
 * `callNext` and sends what the chain answers. Registered only when the app has middleware;
 * the hooks take callbacks, not promises, to keep the per-request cost to the chain itself.
 */
export function registerMiddleware(
  fastify: FastifyInstance,
  chain: readonly HttpMiddleware[],
  onError: (error: unknown, request: FastifyRequest) => void,
): void {
  if (chain.length === 0) return;
  // Declared up front so that every request object has the same shape from its construction.
  if (!fastify.hasRequestDecorator(CHAINS)) fastify.decorateRequest(CHAINS, null);
  fastify.addHook('onRequest', (request, reply, done) => {
    // Listed before the chain starts: the route (or a mounted app's hooks, or the not-found
    // answer) may run synchronously inside the innermost `callNext`.
    const state: ChainState = {
      deliver: routeNotReached,
      settled: false,
      finished: false,
      failed: false,
      response: undefined,
      error: undefined,
      onFinish: undefined,
    };
    // `[state]`, not `[]` then push: a pushed-to empty array reserves 17 slots, per request.
    const entered = (request as WithChains)[CHAINS];
    if (entered === null) (request as WithChains)[CHAINS] = [state];
    else entered.push(state);
    let reachedRoute = false;
    // A plain function, not an async one: each async frame costs a promise per request.
    const run = (index: number): Promise<Response> => {
      if (index === chain.length) {
        reachedRoute = true;
        const inner = new Promise<Response>((resolve) => (state.deliver = resolve));
        done();
        return inner;
      }
      try {
        return Promise.resolve(chain[index].dispatch(request, () => run(index + 1)));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    run(0).then(
      (response) => {
        if (reachedRoute) return finish(state, response, undefined, false);
        // A middleware answered without calling `callNext`: that is the response, and no
        // onSend hook waits for the outcome.
        state.settled = true;
        reply.send(apply(reply, response));
      },
      (error: unknown) => {
        if (reachedRoute) return finish(state, undefined, error, true);
        // A middleware failed before calling `callNext`: the app's error handler answers (500).
        state.settled = true;
        done(error as Error);
      },
    );
  });
  // The first onSend hook to run (the outermost app's) unwinds every chain, innermost first; a
  // chain that already answered (short-circuit) is skipped, its answer being the payload.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const chains = (request as WithChains)[CHAINS];
    if (chains === null || allSettled(chains)) return done(null, payload);
    const captured = capture(reply, payload);
    if (chains.length === 1) {
      // One app's chain, the common case: no loop over chains.
      const [only] = chains;
      only.settled = true;
      only.deliver(captured.response);
      return whenFinished(only, () => done(null, apply(reply, outcomeOf(only, request, onError), captured)));
    }
    unwind(chains, chains.length - 1, captured.response, (chain) => outcomeOf(chain, request, onError), (response) =>
      done(null, apply(reply, response, captured)),
    );
  });
}

function allSettled(chains: readonly ChainState[]): boolean {
  for (const chain of chains) if (!chain.settled) return false;
  return true;
}

/** What a finished chain answered: its response, or the 500 of a middleware that failed. */
function outcomeOf(chain: ChainState, request: FastifyRequest, onError: (error: unknown, request: FastifyRequest) => void): Response {
  if (!chain.failed) return chain.response as Response;
  onError(chain.error, request);
  return new JSONResponse({ detail: 'Internal Server Error' }, 500);
}

/** Hands the response to each chain not yet settled, innermost first, each chain's answer going to the next. */
function unwind(
  chains: ChainState[],
  index: number,
  response: Response,
  outcomeOf: (chain: ChainState) => Response,
  then: (response: Response) => void,
): void {
  let i = index;
  while (i >= 0 && chains[i].settled) i--;
  if (i < 0) return then(response);
  const chain = chains[i];
  chain.settled = true;
  chain.deliver(response);
  whenFinished(chain, () => unwind(chains, i - 1, outcomeOf(chain), outcomeOf, then));
}
