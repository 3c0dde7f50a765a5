import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, type FastifyInstance, type FastifyServerOptions, type FastifyPluginAsync, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { PendingWork } from '../background/pending-work';
import type { DependantPlan } from '../compiler/dependant';
import { isClass } from '../di/callables';
import { scanRoutes } from '../compiler/route-def';
import { buildRoutePlan, type RoutePlan } from '../compiler/route-plan';
import { isMiddleware, type HttpMiddleware } from '../decorators/middleware';
import { DefinitionError, DefinitionProblems } from '../errors/definition-error';
import { HTTPException } from '../errors/http-exception';
import { registerLifespan, type Lifespan } from '../lifespan/lifespan';
import type { Constructor } from '../metadata/records';
import { registerMiddleware } from '../middleware/middleware-chain';
import { registerMultipart, type UploadLimits } from '../uploads/multipart';
import { buildOpenAPIDocument, type OpenAPIDocument, type OpenAPIServer, type OpenAPITag } from '../openapi/document';
import { registerDocsRoutes } from '../openapi/docs-routes';
import type { DependencyDescriptor, DependencyLike } from '../params/options';
import { registerBodyParsers } from './body-parsers';
import { toFastifyCors, type CorsOptions } from './cors';
import { buildErrorHandler, sendHTTPException, type ServerErrorListener } from './error-handler';
import { ExceptionHandlers } from './exception-handlers';
import { NotFoundResponder } from './not-found';
import { checkDuplicates, checkOperationIds } from './plan-checks';
import { ProviderContainer, type Provider } from './providers';
import { toRateLimitPlugin, type RateLimitOptions } from './rate-limit';
import { registerRoutes } from './register-routes';
import type { SerializerSharing } from './shared-serializers';
import { answerClientError } from './client-errors';
import { answerUnavailableWhileClosing, closeWebSocketsGoingAway } from './graceful-close';
import { describePlans, describePlugin, prefixRows, type RouteDescription } from './route-table';
import { Router, type IncludeOptions, type Inclusion } from './router';

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
  /** `@Middleware()` classes, first = outermost. */
  middleware?: readonly Constructor[];
  /** `@ExceptionHandler(ErrorClass)` classes. */
  exceptionHandlers?: readonly Constructor[];
  /** Start-up and shutdown: an async generator function, or a provider class with `onStartup`/`onShutdown`. */
  lifespan?: Lifespan;
  /** CORS, through @fastify/cors; without it no CORS headers are sent. */
  cors?: CorsOptions;
  /** A limit for every route, through @fastify/rate-limit; routes may set their own `rateLimit`. */
  rateLimit?: RateLimitOptions;
  /** Limits of `multipart/form-data` bodies (file size, files, fields, parts); past one the client gets 413. */
  uploads?: UploadLimits;
  /** The largest websocket message accepted (default 1 MiB); a bigger one closes the connection with 1009. */
  websocketMaxPayload?: number;
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
  readonly #options: AppOptions;
  readonly #mounts: { path: string; target: App | FastifyPluginAsync; options?: object }[] = [];
  #plans: readonly RoutePlan[] | undefined;
  #ready: Promise<void> | undefined;
  #document: OpenAPIDocument | undefined;

  constructor(options: AppOptions = {}) {
    this.fastify = isFastifyInstance(options.fastify)
      ? options.fastify
      : Fastify({ logger: { level: 'warn' }, frameworkErrors: answerFrameworkError, clientErrorHandler: answerClientError, ...options.fastify });
    this.title = options.title ?? 'tsapi';
    this.version = options.version ?? '0.1.0';
    this.description = options.description;
    this.openapiUrl = options.openapiUrl === undefined ? '/openapi.json' : options.openapiUrl;
    this.docsUrl = options.docsUrl === undefined ? '/docs' : options.docsUrl;
    this.redocUrl = options.redocUrl === undefined ? '/redoc' : options.redocUrl;
    this.openapiTags = options.openapiTags ?? [];
    this.servers = options.servers ?? [];
    this.#providers = options.providers ?? [];
    this.#options = options;
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

  /**
   * Serves another app (its routes, middleware, exception handlers, lifespan and docs) or a
   * Fastify plugin (e.g. @fastify/static) under `path`. A mounted app is absent from this app's
   * document and documents itself at `path + docsUrl`, with `servers: [{ url: path }]`.
   *
   * @example
   * app.mount('/subapi', subApp);
   * app.mount('/static', fastifyStatic, { root: join(__dirname, 'public') });
   */
  mount(path: string, target: App | FastifyPluginAsync, options?: object): this {
    if (this.#ready || this.#plans) throw new Error('app.mount() must be called before the app is ready');
    this.#mounts.push({ path: path.replace(/\/+$/, ''), target, options });
    return this;
  }

  /** The compiled route plans (after `ready()`). */
  get routes(): readonly RoutePlan[] {
    return this.#plans ?? [];
  }

  /**
   * Every route as plain data, for listings such as `tsapi routes`: methods, path, handler,
   * dependencies and tags, with the routes of mounted apps under their prefix. Compiles the app
   * if needed (and so throws its DefinitionError).
   *
   * @example
   * for (const route of app.routeTable()) console.log(route.methods.join(','), route.path, route.handler);
   */
  routeTable(): readonly RouteDescription[] {
    const rows = describePlans(this.#plan());
    for (const mount of this.#mounts) {
      const { path, target } = mount;
      rows.push(...(target instanceof App ? prefixRows(path, target.routeTable()) : [describePlugin(path, target)]));
    }
    return Object.freeze(rows);
  }

  /**
   * The OpenAPI 3.1 document, built once from the route plans (compiling the app if needed).
   *
   * @example
   * writeFileSync('openapi.json', JSON.stringify(app.openapi(), null, 2));
   */
  openapi(): OpenAPIDocument {
    this.#plan();
    this.#document ??= buildOpenAPIDocument(this.#plans!, {
      title: this.title,
      version: this.version,
      description: this.description,
      tags: this.openapiTags,
      servers: this.#mountPath ? [{ url: this.#mountPath }, ...this.servers] : this.servers,
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

  /** The path a parent app mounted this one under ('' for an app of its own). */
  #mountPath = '';

  /** Scans and plans every route once; reports every mistake at once. */
  #plan(): readonly RoutePlan[] {
    if (this.#plans !== undefined) return this.#plans;
    const problems = new DefinitionProblems();
    const inclusions: Inclusion[] = [{ target: this.#root, options: {} }];
    const plans = scanRoutes(inclusions, problems).flatMap((def) => buildRoutePlan(def, problems) ?? []);
    checkDuplicates(plans, problems);
    checkOperationIds(plans, problems);
    problems.throwIfAny();
    this.#plans = plans;
    return plans;
  }

  #compile(): void {
    if (this.#attached) return;
    this.#attach(this.fastify, '');
  }

  #attached = false;

  /**
   * Whether routes can share one compiled serializer per response schema, and with which
   * `serializerOpts`: only when this app built its Fastify instance without a serializer factory
   * of its own, since the options of an instance passed in cannot be read back.
   */
  #serializerSharing(): SerializerSharing {
    const fastifyOptions = this.#options.fastify;
    if (isFastifyInstance(fastifyOptions)) return false;
    if (fastifyOptions?.schemaController?.compilersFactory?.buildSerializer) return false;
    return { serializerOpts: fastifyOptions?.serializerOpts as Record<string, unknown> | undefined };
  }

  /**
   * Registers the app on a Fastify instance: its own (`mountPath` '') or the scope a parent
   * app mounted it in. Everything is encapsulated in that scope: error and not-found handlers,
   * middleware hooks, lifespan hooks and docs.
   */
  #attach(fastify: FastifyInstance, mountPath: string, serializers = this.#serializerSharing()): void {
    this.#attached = true;
    this.#mountPath = mountPath;
    const plans = this.#plan();
    const options = this.#options;
    // Middleware, exception handlers and a lifespan class are providers too; the app's own
    // `providers` come last so that they can replace any of them.
    const lifespanClass = isClass(options.lifespan) ? [options.lifespan as Constructor] : [];
    const container = new ProviderContainer([...(options.middleware ?? []), ...(options.exceptionHandlers ?? []), ...lifespanClass, ...this.#providers]);
    const instances = new Map<Function, object>(plans.map((p) => [p.controller, container.get<object>(p.controller)]));
    // `@Injectable()` classes used as dependencies are created now, not on a first request.
    for (const plan of plans) for (const provider of providersUsedBy(plan.handler)) container.get(provider);
    const handlers = new ExceptionHandlers(options.exceptionHandlers ?? [], container);
    const middleware = (options.middleware ?? []).map((cls) => middlewareInstance(cls, container));
    const pending = new PendingWork();
    const listeners = this[SERVER_ERROR_LISTENERS];
    if (mountPath === '') {
      registerBodyParsers(fastify);
      answerUnavailableWhileClosing(fastify);
    }
    const answerError = buildErrorHandler(listeners, handlers);
    fastify.setErrorHandler(answerError);
    registerMiddleware(fastify, middleware, (error, request) => {
      request.log.error({ err: error }, 'A middleware failed while serving %s %s', request.method, request.url);
      for (const listener of listeners) listener(error, request);
    });
    // Plugins only some apps use are imported when an app uses them: loading them costs every
    // other app start-up time and memory.
    if (options.cors) fastify.register(import('@fastify/cors'), toFastifyCors(options.cors));
    if (plans.some((p) => p.files.length > 0 || p.form.length > 0)) registerMultipart(fastify, options.uploads);
    // Only apps with websocket routes pay for the plugin (it wraps every route's handler).
    if (plans.some((p) => p.websocket)) fastify.register(import('@fastify/websocket'), { options: { maxPayload: options.websocketMaxPayload ?? 1024 * 1024 }, preClose: closeWebSocketsGoingAway });
    if (options.rateLimit || plans.some((p) => p.options.rateLimit)) fastify.register(import('@fastify/rate-limit'), toRateLimitPlugin(options.rateLimit));
    registerLifespan(fastify, options.lifespan, {
      app: this,
      container,
      setState: (state) => {
        this.state = state;
      },
      beforeShutdown: () => pending.drain(),
    });
    if (mountPath === '' && !fastify.hasRequestDecorator('state')) {
      const readState = (): Record<string, unknown> => this.state;
      fastify.decorateRequest('state', { getter: readState });
    }
    const notFound = new NotFoundResponder(handlers.isEmpty ? undefined : answerError);
    registerRoutes(fastify, { plans, instances, notFound, mountPath, serializers, overrides: this.dependencyOverrides, runtime: { pending, providers: container } });
    registerDocsRoutes(fastify, () => this.openapi(), { title: this.title, openapiUrl: this.openapiUrl, docsUrl: this.docsUrl, redocUrl: this.redocUrl, mountPath }, notFound.answerNotFound);
    for (const mount of this.#mounts) {
      const { target } = mount;
      if (target instanceof App) {
        // Each mounted app answers its own errors and unknown paths under its prefix.
        fastify.register(async (scope) => target.#attach(scope, `${mountPath}${mount.path}`, serializers), { prefix: mount.path });
      } else {
        fastify.register(target, { ...mount.options, prefix: mount.path });
      }
    }
    fastify.setNotFoundHandler(notFound.respond);
  }
}

function providersUsedBy(dependant: DependantPlan): Function[] {
  return dependant.dependencies.flatMap((use) => [...(use.plan.style === 'provider' ? [use.plan.target] : []), ...providersUsedBy(use.plan)]);
}

function middlewareInstance(cls: Constructor, container: ProviderContainer): HttpMiddleware {
  if (!isMiddleware(cls)) {
    throw new DefinitionError([
      {
        where: cls.name,
        problem: 'it is listed in middleware but has no @Middleware() decorator',
        fix: `decorate it: @Middleware() class ${cls.name} implements HttpMiddleware { dispatch(request, callNext) { … } }`,
      },
    ]);
  }
  return container.get<HttpMiddleware>(cls);
}

/** Bad URLs and oversized path parameters, in FastAPI's shape and without echoing the URL. */
function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  sendHTTPException(reply, new HTTPException(status));
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
