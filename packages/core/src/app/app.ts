import fastifyCookie from '@fastify/cookie';
import Fastify, { type RouteOptions, type FastifyError, type FastifyReply, type FastifyRequest, type FastifyInstance, type FastifyServerOptions, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { buildHandler } from '../compiler/handler';
import type { DependantPlan } from '../compiler/dependant';
import { buildOverrideLookup } from '../di/overrides';
import { toParamSchemas } from '../compiler/param-schemas';
import { scanRoutes } from '../compiler/route-def';
import { buildRoutePlan, type RoutePlan } from '../compiler/route-plan';
import { DefinitionProblems } from '../errors/definition-error';
import type { Constructor } from '../metadata/records';
import type { DependencyDescriptor, DependencyLike } from '../params/options';
import { registerBodyParsers } from './body-parsers';
import { buildErrorHandler, sendHTTPException, type ServerErrorListener } from './error-handler';
import { HTTPException } from '../errors/http-exception';
import { NotFoundResponder } from './not-found';
import { ProviderContainer, type Provider } from './providers';
import { Router, type IncludeOptions, type Inclusion } from './router';
import { buildOpenAPIDocument, type OpenAPIDocument, type OpenAPIServer, type OpenAPITag } from '../openapi/document';
import { registerDocsRoutes } from '../openapi/docs-routes';

export interface AppOptions {
  title?: string;
  version?: string;
  description?: string;
  controllers?: readonly Constructor[];
  routers?: readonly Router[];
  providers?: readonly Provider[];
  /** Applied to every route, before router and route dependencies. */
  dependencies?: readonly DependencyDescriptor[];
  /** Where the OpenAPI document is served (default `/openapi.json`); `null` turns it and both pages off. */
  openapiUrl?: string | null;
  /** Swagger UI (default `/docs`); `null` turns it off. */
  docsUrl?: string | null;
  /** ReDoc (default `/redoc`); `null` turns it off. */
  redocUrl?: string | null;
  /** Descriptions of the tags, listed at the top of the document in this order. */
  openapiTags?: readonly OpenAPITag[];
  servers?: readonly OpenAPIServer[];
  /** Fastify server options, or an existing Fastify instance to register the routes on. */
  fastify?: FastifyServerOptions | FastifyInstance;
}

const SERVER_ERROR_LISTENERS = Symbol('tsapi:server-error-listeners');

function isFastifyInstance(value: unknown): value is FastifyInstance {
  return typeof value === 'object' && value !== null && typeof (value as FastifyInstance).route === 'function' && typeof (value as FastifyInstance).inject === 'function';
}

/**
 * A tsapi application: controllers and routers compiled once, in `ready()`, into Fastify routes.
 *
 * @example
 * const app = new App({ title: 'Demo', controllers: [RootController] });
 * await app.listen({ port: 8000, host: '127.0.0.1' });
 */
export class App {
  readonly fastify: FastifyInstance;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly openapiUrl: string | null;
  readonly docsUrl: string | null;
  readonly redocUrl: string | null;
  readonly openapiTags: readonly OpenAPITag[];
  readonly servers: readonly OpenAPIServer[];
  /**
   * Replacements for dependencies, looked up per request, so that one set after `ready()` takes
   * effect at once (tests).
   *
   * @example
   * app.dependencyOverrides.set(getDb, getTestDb);
   */
  readonly dependencyOverrides = new Map<DependencyLike, DependencyLike>();
  /** Lifespan state, shared with every request. */
  state: Record<string, unknown> = {};
  readonly [SERVER_ERROR_LISTENERS]: ServerErrorListener[] = [];
  readonly #root: Router;
  readonly #providers: readonly Provider[];
  #plans: readonly RoutePlan[] | undefined;
  #ready: Promise<void> | undefined;
  #document: OpenAPIDocument | undefined;

  constructor(options: AppOptions = {}) {
    this.fastify = isFastifyInstance(options.fastify)
      ? options.fastify
      : Fastify({ logger: { level: 'warn' }, frameworkErrors: answerFrameworkError, ...options.fastify });
    this.title = options.title ?? 'tsapi';
    this.version = options.version ?? '0.1.0';
    this.description = options.description;
    this.openapiUrl = options.openapiUrl === undefined ? '/openapi.json' : options.openapiUrl;
    this.docsUrl = options.docsUrl === undefined ? '/docs' : options.docsUrl;
    this.redocUrl = options.redocUrl === undefined ? '/redoc' : options.redocUrl;
    this.openapiTags = options.openapiTags ?? [];
    this.servers = options.servers ?? [];
    this.#providers = options.providers ?? [];
    this.#root = new Router({ dependencies: options.dependencies, controllers: options.controllers, routers: options.routers });
  }

  /**
   * Adds a router or controller, as FastAPI's `include_router`.
   *
   * @example
   * app.include(itemsRouter, { prefix: '/v1', tags: ['v1'] });
   */
  include(target: Router | Constructor, options: IncludeOptions = {}): this {
    if (this.#ready || this.#plans) throw new Error('app.include() must be called before the app is ready');
    this.#root.include(target, options);
    return this;
  }

  /** The compiled route plans (after `ready()`). */
  get routes(): readonly RoutePlan[] {
    return this.#plans ?? [];
  }

  /**
   * The OpenAPI 3.1 document, built once from the route plans (compiling the app if needed).
   *
   * @example
   * writeFileSync('openapi.json', JSON.stringify(app.openapi(), null, 2));
   */
  openapi(): OpenAPIDocument {
    this.#compile();
    this.#document ??= buildOpenAPIDocument(this.#plans!, {
      title: this.title,
      version: this.version,
      description: this.description,
      tags: this.openapiTags,
      servers: this.servers,
    });
    return this.#document;
  }

  /** Compiles every route once and readies Fastify; later calls return the same promise. */
  ready(): Promise<void> {
    this.#ready ??= (async () => {
      this.#compile();
      await this.fastify.ready();
    })();
    return this.#ready;
  }

  async listen(options: { port?: number; host?: string } = {}): Promise<string> {
    await this.ready();
    return this.fastify.listen(options);
  }

  async close(): Promise<void> {
    await this.fastify.close();
  }

  async inject(options: InjectOptions | string): Promise<LightMyRequestResponse> {
    await this.ready();
    return this.fastify.inject(options);
  }

  #compile(): void {
    if (this.#plans !== undefined) return;
    const problems = new DefinitionProblems();
    const inclusions: Inclusion[] = [{ target: this.#root, options: {} }];
    const plans = scanRoutes(inclusions, problems).flatMap((def) => buildRoutePlan(def, problems) ?? []);
    checkDuplicates(plans, problems);
    checkOperationIds(plans, problems);
    problems.throwIfAny();
    const container = new ProviderContainer(this.#providers);
    const instances = new Map(plans.map((p) => [p.controller, container.get<object>(p.controller)]));
    this.#plans = plans;
    const fastify = this.fastify;
    registerBodyParsers(fastify);
    fastify.setErrorHandler(buildErrorHandler(this[SERVER_ERROR_LISTENERS]));
    const notFound = new NotFoundResponder();
    const toRouteOptions = (plan: RoutePlan): RouteOptions => {
      notFound.add(plan.methods, plan.path.fastify);
      const body = plan.body?.compiled;
      const response = plan.response?.compiled;
      return {
        method: [...plan.methods],
        url: plan.path.fastify,
        schema: {
          ...toParamSchemas(plan),
          ...(body ? { body: body.schema } : {}),
          ...(response ? { response: { [plan.statusCode]: response.serializerSchema } } : {}),
        },
        attachValidation: body !== undefined,
        // Only the body is validated by Fastify; parameter schemas are read by the route's own readers.
        validatorCompiler: ({ httpPart }) => (httpPart === 'body' && body ? body.validate : acceptAsRead),
        handler: buildHandler(plan, instances.get(plan.controller)!, notFound.respond, buildOverrideLookup(this.dependencyOverrides, plan)),
      };
    };
    // Cookie parsing and `reply.setCookie` cost two hooks per request: only routes that can use
    // them (cookie parameters, `@Req()`, `@Res()`) are registered in the scope that has them.
    const withCookies = plans.filter(usesCookies);
    for (const plan of plans) if (!usesCookies(plan)) fastify.route(toRouteOptions(plan));
    const cookieRoutes = withCookies.map(toRouteOptions);
    fastify.register(async (scope) => {
      await scope.register(fastifyCookie);
      for (const route of cookieRoutes) scope.route(route);
    });
    registerDocsRoutes(fastify, () => this.openapi(), { title: this.title, openapiUrl: this.openapiUrl, docsUrl: this.docsUrl, redocUrl: this.redocUrl });
    fastify.setNotFoundHandler(notFound.respond);
  }
}

/** Bad URLs and oversized path parameters, in FastAPI's shape and without echoing the URL. */
function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  sendHTTPException(reply, new HTTPException(status));
}

/** Path, query and header values are coerced and checked by the handler's compiled readers. */
const acceptAsRead = (): true => true;

function usesCookies(plan: RoutePlan): boolean {
  const visit = (dependant: DependantPlan): boolean =>
    dependant.params.some((p) => p.kind === 'request' || p.kind === 'reply' || (p.kind === 'field' && p.source === 'cookie')) ||
    dependant.dependencies.some((use) => visit(use.plan));
  return visit(plan.handler);
}

function checkDuplicates(plans: readonly RoutePlan[], problems: DefinitionProblems): void {
  const seen = new Map<string, string>();
  for (const plan of plans) {
    for (const method of plan.methods) {
      const key = `${method} ${plan.path.fastify.replace(/:[^/]+/g, ':')}`;
      const first = seen.get(key);
      if (first) {
        problems.add({
          where: plan.id,
          problem: `${method} ${plan.path.openapi} is already served by ${first}`,
          fix: 'give one of the two routes another path or method',
        });
      } else seen.set(key, plan.id);
    }
  }
}

/** Operation ids name operations in generated clients: two operations with one id would collide. */
function checkOperationIds(plans: readonly RoutePlan[], problems: DefinitionProblems): void {
  const seen = new Map<string, string>();
  for (const plan of plans) {
    if (!plan.includeInSchema) continue;
    for (const [method, operationId] of Object.entries(plan.operationIds)) {
      const where = `${method} ${plan.path.openapi} (${plan.id})`;
      const first = seen.get(operationId!);
      if (first) {
        problems.add({
          where: plan.id,
          problem: `the operation id "${operationId}" of ${where} is already used by ${first}`,
          fix: "give one of them another `operationId` option, or a handler name of its own",
        });
      } else seen.set(operationId!, where);
    }
  }
}

/**
 * Lets a test client hear about errors that became a 500 (to rethrow them in the test).
 * Returns a function that stops listening.
 */
export function onServerError(app: App, listener: ServerErrorListener): () => void {
  const listeners = app[SERVER_ERROR_LISTENERS];
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}
