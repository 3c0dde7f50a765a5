import type { FastifyInstance, FastifySchemaCompiler, RouteOptions } from 'fastify';
import type { DependantPlan } from '../compiler/dependant';
import { buildHandler, type HandlerRuntime } from '../compiler/handler';
import { toParamSchemas } from '../compiler/param-schemas';
import type { RoutePlan } from '../compiler/route-plan';
import { buildOverrideLookup } from '../di/overrides';
import type { OverrideLookup } from '../di/resolver';
import type { CompiledBody } from '../validation/body-validator';
import type { DependencyLike } from '../params/options';
import { rateLimitErrorBuilder } from './rate-limit';
import { buildWebSocketHandler } from '../websocket/websocket-handler';
import type { NotFoundResponder } from './not-found';
import type { SerializerSharing } from './shared-serializers';
import { oncePerKey } from '../once-per-key';

const responseSchemasByStatus = new Map<number, WeakMap<object, Record<number, object>>>();

/**
 * The `response` part of a route schema, one object per status and serializer schema for the
 * whole process. An object whose only key is a status code keeps fast elements up to that index:
 * some 2.5 KB per route when each route had its own.
 */
function responseSchemas(statusCode: number, serializerSchema: object): Record<number, object> {
  const bySchema = oncePerKey(responseSchemasByStatus, statusCode, () => new WeakMap<object, Record<number, object>>());
  return oncePerKey(bySchema, serializerSchema, () => ({ [statusCode]: serializerSchema }));
}

/** Path, query and header values are coerced and checked by the handler's compiled readers. */
const acceptAsRead = (): true => true;
const readersOnly: FastifySchemaCompiler<unknown> = () => acceptAsRead;
const bodyValidatorCompilers = new WeakMap<object, FastifySchemaCompiler<unknown>>();

/** Only the body is validated by Fastify: one compiler per body validator, shared by its routes. */
function validatorCompilerOf(validate: CompiledBody['validate'] | undefined): FastifySchemaCompiler<unknown> {
  if (validate === undefined) return readersOnly;
  return oncePerKey(bodyValidatorCompilers, validate, () => ({ httpPart }) => (httpPart === 'body' ? validate : acceptAsRead));
}

/** Routes without dependencies never look an override up. */
const noOverride: OverrideLookup = () => undefined;

function usesCookies(plan: RoutePlan): boolean {
  const visit = (dependant: DependantPlan): boolean =>
    dependant.params.some(
      (p) => p.kind === 'request' || p.kind === 'reply' || (p.kind === 'field' && p.source === 'cookie'),
    ) || dependant.dependencies.some((use) => visit(use.plan));
  return visit(plan.handler);
}

export interface RouteRegistration {
  readonly plans: readonly RoutePlan[];
  readonly instances: ReadonlyMap<Function, object>;
  readonly notFound: NotFoundResponder;
  /** The path this app is mounted under ('' for the root app): the not-found answers see whole paths. */
  readonly mountPath: string;
  /** `false` when routes must leave response schemas to Fastify's own serializer compiler. */
  readonly serializers: SerializerSharing;
  readonly overrides: ReadonlyMap<DependencyLike, DependencyLike>;
  readonly runtime: Omit<HandlerRuntime, 'override' | 'answerUnmatched'>;
}

/**
 * Registers the compiled routes in a plugin of their own, so that plugins registered before it
 * (rate limits, CORS) see every route. Cookie parsing and `reply.setCookie` cost two hooks per
 * request: only routes that can use them (cookie parameters, `@Req()`, `@Res()`) get them.
 */
export function registerRoutes(fastify: FastifyInstance, registration: RouteRegistration): void {
  const { plans, instances, notFound, mountPath, serializers, overrides, runtime } = registration;
  const toRouteOptions = (plan: RoutePlan): RouteOptions => {
    notFound.add(plan.methods, `${mountPath}${plan.path.fastify}`);
    if (plan.websocket) {
      const handler = buildWebSocketHandler(plan, instances.get(plan.controller)!, {
        ...runtime,
        override: buildOverrideLookup(overrides, plan),
      });
      // A plain GET (no upgrade) gets the app's 404, as for any path without an HTTP route.
      return {
        method: 'GET',
        url: plan.path.fastify,
        schema: { hide: true },
        wsHandler: handler as never,
        handler: (request, reply) => notFound.answerNotFound(request, reply),
      };
    }
    const body = plan.body?.compiled;
    const response = plan.response?.compiled;
    const rateLimit = plan.options.rateLimit;
    return {
      // Fastify normalizes a method list in place: a route of several methods gets a copy of its own.
      method: plan.methods.length === 1 ? plan.methods[0] : [...plan.methods],
      url: plan.path.fastify,
      schema: {
        ...toParamSchemas(plan),
        ...(body ? { body: body.schema } : {}),
        ...(response ? { response: responseSchemas(plan.statusCode, response.serializerSchema) } : {}),
      },
      // `false` takes the route out of the app-wide limit (health probes, for instance).
      ...(rateLimit === false
        ? { config: { rateLimit: false } }
        : rateLimit
          ? { config: { rateLimit: { ...rateLimit, errorResponseBuilder: rateLimitErrorBuilder(rateLimit) } } }
          : {}),
      attachValidation: body !== undefined,
      validatorCompiler: validatorCompilerOf(body?.validate),
      handler: buildHandler(plan, instances.get(plan.controller)!, {
        ...runtime,
        answerUnmatched: notFound.respond,
        override: plan.handler.dependencies.length > 0 ? buildOverrideLookup(overrides, plan) : noOverride,
      }),
    };
  };
  const plain = plans.filter((p) => !usesCookies(p)).map(toRouteOptions);
  const withCookies = plans.filter(usesCookies).map(toRouteOptions);
  fastify.register(async (scope) => {
    // A compiler set with `setSerializerCompiler` before start-up is the user's: it is left alone.
    const answeringModels = [...plain, ...withCookies].filter((route) => route.schema?.response);
    if (serializers !== false && scope.serializerCompiler === undefined && answeringModels.length > 0) {
      // fast-json-stringify is loaded by apps with a response model only, as Fastify loads it.
      const { sharedSerializerCompiler } = await import('./shared-serializers');
      const compiler = sharedSerializerCompiler(scope, serializers.serializerOpts);
      for (const route of answeringModels) route.serializerCompiler = compiler;
    }
    for (const route of plain) scope.route(route);
    if (withCookies.length === 0) return;
    await scope.register(async (cookieScope) => {
      // Imported only by apps with cookie parameters.
      await cookieScope.register(import('@fastify/cookie'));
      for (const route of withCookies) cookieScope.route(route);
    });
  });
}
