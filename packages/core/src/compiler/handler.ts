import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterResponse } from '../di/after-response';
import { runAfterwork } from '../di/afterwork';
import { RequestScope, type ProviderLookup } from '../di/request-scope';
import type { PendingWork } from '../background/pending-work';
import { compileDependant, FAILED, readOwnArgs, resolveArgs, type OverrideLookup } from '../di/resolver';
import { RequestValidationError } from '../errors/request-validation-error';
import { Response } from '../responses/response';
import { sendResponse } from '../responses/send-response';
import { BodyValidationFailure } from '../validation/body-validator';
import { receivedBody, withReceivedInputs } from '../validation/received-body';
import { hasEmptySegment, REST_OF_PATH_KEY } from './path';
import type { RoutePlan } from './route-plan';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

type Unmatched = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

type Shaper = (result: unknown, reply: FastifyReply) => unknown;

/** What a route without a response model or class sends: the value as JSON. */
const shapeAsJson: Shaper = (result, reply) => {
  if (reply.sent || result === reply) return reply;
  if (result instanceof Response) return sendResponse(reply, result);
  if (typeof result === 'string') {
    reply.type('application/json; charset=utf-8');
    return JSON.stringify(result);
  }
  return result === undefined ? null : result;
};

/** Turns what the method returned into what Fastify sends. */
function buildResultShaper(plan: RoutePlan): Shaper {
  const response = plan.response?.compiled;
  const ResponseClass = plan.options.responseClass;
  if (!response && !ResponseClass) return shapeAsJson;
  const { id } = plan;
  return (result, reply) => {
    if (reply.sent || result === reply) return reply;
    if (result instanceof Response) return sendResponse(reply, result);
    if (response) return response.prepare(result, id);
    return sendResponse(reply, new ResponseClass!(result, reply.statusCode) as Response);
  };
}

const invalid = (scope: RequestScope): RequestValidationError => new RequestValidationError(scope.errors, receivedBody(scope.request));

/** Body errors no dependant claimed (none should be left) still fail the request. */
function unclaimedBodyErrors(scope: RequestScope): boolean {
  if (scope.bodyItems === undefined) return false;
  scope.errors.push(...scope.bodyItems);
  return true;
}

/**
 * Builds the Fastify handler of one route. Per request it only runs closures built here:
 * resolve the dependencies and read the parameters (errors gathered in FastAPI's order), call
 * the method, close generator dependencies, shape the result.
 */
/** What a handler shares with its app at run time. */
export interface HandlerRuntime {
  readonly answerUnmatched: Unmatched;
  readonly override: OverrideLookup;
  /** Work after responses, which `app.close()` waits for. */
  readonly pending: PendingWork;
  readonly providers: ProviderLookup;
}

export function buildHandler(plan: RoutePlan, instance: object, runtime: HandlerRuntime) {
  const { answerUnmatched, override, pending, providers } = runtime;
  const root = compileDependant(plan.handler, plan.path.params);
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[plan.handlerName];
  const { statusCode } = plan;
  const shape = buildResultShaper(plan);
  const hasNamedSegments = [...plan.path.params.values()].some((key) => key !== REST_OF_PATH_KEY);
  const hasDependencies = root.uses.length > 0;

  return async function handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (hasNamedSegments && hasEmptySegment(request.params as Record<string, string>)) return answerUnmatched(request, reply);
    const bodyFailure = request.validationError;
    if (bodyFailure !== undefined && !(bodyFailure instanceof BodyValidationFailure)) throw bodyFailure;
    const scope = new RequestScope(request, reply, bodyFailure && withReceivedInputs(bodyFailure.items, request), providers);
    // Fastify's reply starts at 200; setting it again costs a status check per request.
    if (statusCode !== 200) reply.code(statusCode);
    if (!hasDependencies) {
      const args = readOwnArgs(root, scope, new Array(root.argCount), false);
      if (args === FAILED || unclaimedBodyErrors(scope)) throw invalid(scope);
      const payload = shape(await method.apply(instance, args), reply);
      if (scope.tasks !== undefined) afterResponse(reply, () => runAfterwork(scope, pending));
      return payload;
    }
    try {
      let args = resolveArgs(root, scope, override);
      if (args instanceof Promise) args = await args;
      if (args === FAILED || unclaimedBodyErrors(scope)) throw invalid(scope);
      let result = method.apply(instance, args);
      if (isThenable(result)) result = await result;
      if (scope.exits?.hasFunctionScoped) await scope.exits.exitFunctionScope();
      const payload = shape(result, reply);
      if (scope.tasks !== undefined || (scope.exits !== undefined && !scope.exits.isEmpty)) afterResponse(reply, () => runAfterwork(scope, pending));
      return payload;
    } catch (error) {
      if (scope.exits === undefined || scope.exits.isEmpty) throw error;
      throw await scope.exits.exitWithError(error);
    }
  };
}
