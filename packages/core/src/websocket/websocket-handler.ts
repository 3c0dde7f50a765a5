import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket as WsSocket } from 'ws';
import type { HandlerRuntime } from '../compiler/handler';
import type { RoutePlan } from '../compiler/route-plan';
import { runAfterwork } from '../di/afterwork';
import { RequestScope } from '../di/request-scope';
import { compileDependant, FAILED, resolveArgs } from '../di/resolver';
import { HTTPException } from '../errors/http-exception';
import { RequestValidationError } from '../errors/request-validation-error';
import { reportWebSocketOutcome, TEST_WEBSOCKET_HEADER } from './handshake-outcome';
import { truncateReason, WebSocket, WebSocketDisconnect, WebSocketException } from './websocket';

/** RFC 6455 close codes FastAPI uses. */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

/**
 * Builds the handler of a `@WebSocketRoute`: the connection is wrapped first (no message is
 * lost), dependencies and parameters are resolved as for HTTP routes, and a failure before the
 * handler runs closes with 1008 (FastAPI's policy violation, the validation errors as reason).
 * Generator dependencies clean up, and background tasks run, once the connection has closed.
 */
export function buildWebSocketHandler(
  plan: RoutePlan,
  instance: object,
  runtime: Pick<HandlerRuntime, 'override' | 'pending' | 'providers'>,
) {
  const root = compileDependant(plan.handler, plan.path.params);
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[plan.handlerName];
  const { override, pending, providers } = runtime;

  return async function handleWebSocket(socket: WsSocket, request: FastifyRequest): Promise<void> {
    const testId = request.headers[TEST_WEBSOCKET_HEADER];
    const ws = new WebSocket(
      socket,
      typeof testId === 'string' ? (outcome) => reportWebSocketOutcome(testId, outcome) : undefined,
    );
    const scope = new RequestScope(request, undefined as unknown as FastifyReply, undefined, providers);
    scope.websocket = ws;
    let started = false;
    try {
      let args = resolveArgs(root, scope, override);
      if (args instanceof Promise) args = await args;
      if (args === FAILED) throw new RequestValidationError(scope.errors, undefined);
      started = true;
      await method.apply(instance, args);
      if (scope.exits?.hasFunctionScoped) await scope.exits.exitFunctionScope();
    } catch (thrown) {
      const error = scope.exits && !scope.exits.isEmpty ? await scope.exits.exitWithError(thrown) : thrown;
      await closeFor(error, ws, request, started);
    }
    await ws.close();
    runAfterwork(scope, pending);
  };
}

async function closeFor(error: unknown, ws: WebSocket, request: FastifyRequest, started: boolean): Promise<void> {
  if (error instanceof WebSocketDisconnect) return;
  if (error instanceof WebSocketException) return ws.close(error.closeCode, error.reason);
  if (error instanceof RequestValidationError)
    return ws.close(POLICY_VIOLATION, truncateReason(JSON.stringify(error.errors())));
  if (error instanceof HTTPException && !started)
    return ws.close(
      POLICY_VIOLATION,
      truncateReason(typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail)),
    );
  request.log.error({ err: error }, 'Unhandled error in the websocket %s', request.url);
  return ws.close(INTERNAL_ERROR);
}
