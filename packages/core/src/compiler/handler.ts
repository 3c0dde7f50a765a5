import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestValidationError, type ValidationErrorItem } from '../errors/request-validation-error';
import { Response } from '../responses/response';
import { sendResponse } from '../responses/send-response';
import { BodyValidationFailure } from '../validation/body-validator';
import { receivedBody, withReceivedInputs } from '../validation/received-body';
import { hasEmptySegment, REST_OF_PATH_KEY } from './path';
import { SOURCE_ORDER, type FieldParamPlan, type ParamPlan, type RoutePlan } from './route-plan';

type ArgReader = (request: FastifyRequest, reply: FastifyReply, errors: ValidationErrorItem[]) => unknown;

/** Query, header and cookie objects inherit from Object.prototype: `constructor` is not a parameter. */
function ownValue(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** `pathKeys`: the key of each path parameter in Fastify's `request.params` (`*` for `{rest:path}`). */
function fieldReader(plan: FieldParamPlan, pathKeys: ReadonlyMap<string, string>): ArgReader {
  const { wireName, read } = plan;
  switch (plan.source) {
    case 'path': {
      const key = pathKeys.get(wireName) ?? wireName;
      return (request, _reply, errors) => read((request.params as Record<string, unknown>)[key], errors);
    }
    case 'query':
      return (request, _reply, errors) => read(ownValue(request.query as object, wireName), errors);
    case 'header': {
      const key = wireName.toLowerCase();
      return (request, _reply, errors) => read(ownValue(request.headers, key), errors);
    }
    case 'cookie':
      return (request, _reply, errors) => read(ownValue(request.cookies, wireName), errors);
  }
}

function argReader(plan: ParamPlan, pathKeys: ReadonlyMap<string, string>): ArgReader {
  switch (plan.kind) {
    case 'field':
      return fieldReader(plan, pathKeys);
    case 'query-model': {
      const readers = plan.fields.map((f) => [f.name, fieldReader(f, pathKeys)] as const);
      const { hydrate } = plan;
      return (request, reply, errors) => {
        const data: Record<string, unknown> = {};
        for (const [name, read] of readers) {
          const value = read(request, reply, errors);
          if (value !== undefined) data[name] = value;
        }
        return hydrate(data);
      };
    }
    case 'body': {
      const { embedName } = plan;
      return embedName === undefined
        ? (request) => request.body
        : (request) => (request.body as Record<string, unknown> | undefined)?.[embedName];
    }
    case 'request':
      return (request) => request;
    case 'reply':
      return (_request, reply) => reply;
  }
}


function rank(plan: ParamPlan): number {
  if (plan.kind === 'field') return SOURCE_ORDER.indexOf(plan.source);
  if (plan.kind === 'query-model') return SOURCE_ORDER.indexOf('query');
  return SOURCE_ORDER.length;
}

/**
 * Builds the Fastify handler of one route. Per request it only runs closures built here: read
 * the parameters (errors gathered in FastAPI's order), call the method, shape the result.
 */
export function buildHandler(plan: RoutePlan, instance: object, answerUnmatched: (request: FastifyRequest, reply: FastifyReply) => FastifyReply) {
  const ordered = [...plan.params].sort((a, b) => rank(a) - rank(b));
  const readers = ordered.map((p) => argReader(p, plan.path.params));
  const indexes = ordered.map((p) => p.index);
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[plan.handlerName];
  const { argCount, statusCode, id } = plan;
  const response = plan.response?.compiled;
  const ResponseClass = plan.options.responseClass;
  const hasNamedSegments = [...plan.path.params.values()].some((key) => key !== REST_OF_PATH_KEY);

  return async function handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (hasNamedSegments && hasEmptySegment(request.params as Record<string, string>)) return answerUnmatched(request, reply);
    const errors: ValidationErrorItem[] = [];
    const args = new Array(argCount);
    for (let i = 0; i < readers.length; i++) args[indexes[i]] = readers[i](request, reply, errors);
    const bodyFailure = request.validationError;
    if (errors.length > 0 || bodyFailure !== undefined) {
      if (bodyFailure instanceof BodyValidationFailure) errors.push(...withReceivedInputs(bodyFailure.items, request));
      else if (bodyFailure) throw bodyFailure;
      throw new RequestValidationError(errors, receivedBody(request));
    }
    reply.code(statusCode);
    const result = await method.apply(instance, args);
    if (reply.sent || result === reply) return reply;
    if (result instanceof Response) return sendResponse(reply, result);
    if (response) return response.prepare(result, id);
    if (ResponseClass) return sendResponse(reply, new ResponseClass(result, reply.statusCode) as Response);
    if (typeof result === 'string') {
      reply.type('application/json; charset=utf-8');
      return JSON.stringify(result);
    }
    return result === undefined ? null : result;
  };
}
