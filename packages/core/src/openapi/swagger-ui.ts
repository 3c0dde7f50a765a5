import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

export interface SwaggerUiOptions {
  /** Where the pages live, mount path included: the private instance sees the request's whole URL. */
  readonly prefix: string;
  readonly title: string;
  readonly document: () => object;
}

type Answer = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

/** Headers of the private instance's answer that the app's own reply computes itself. */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

async function buildInstance(options: SwaggerUiOptions): Promise<FastifyInstance> {
  const [{ default: fastifySwagger }, { default: fastifySwaggerUi }] = await Promise.all([
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const instance = Fastify({ logger: false });
  // Swagger UI reads the document through `transformSpecification`, built when first asked
  // for; the plugin's own copy is never served.
  await instance.register(fastifySwagger, { mode: 'static', specification: { document: { openapi: '3.1.0' } as never } });
  await instance.register(fastifySwaggerUi, {
    transformSpecification: () => options.document() as never,
    transformSpecificationClone: false,
    routePrefix: options.prefix,
    theme: { title: `${options.title} - Swagger UI` },
    uiConfig: { deepLinking: true },
  });
  await instance.ready();
  return instance;
}

/**
 * Serves Swagger UI from @fastify/swagger and @fastify/swagger-ui, registered on a private
 * Fastify instance that is built on the first request under the docs path. Registered with the
 * app, the two plugins and what they load (@fastify/static, glob, yaml) cost every process some
 * 40 ms and 6 MiB at start-up, for pages most processes never serve. The app's routes forward
 * to that instance, so the app's middleware, 404 and error answers apply to the pages as to any
 * other route.
 */
export function serveSwaggerUi(fastify: FastifyInstance, docsPath: string, options: SwaggerUiOptions, notFound: Answer): void {
  let instance: Promise<FastifyInstance> | undefined;
  const load = (): Promise<FastifyInstance> => {
    instance ??= buildInstance(options).catch((error: unknown) => {
      instance = undefined;
      throw error;
    });
    return instance;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const pages = await load();
    // GET for HEAD too: Fastify's HEAD route keeps the length of the GET's body and drops the body.
    const answer = await pages.inject({ method: 'GET', url: request.url, headers: request.headers });
    if (answer.statusCode === 404) return notFound(request, reply);
    if (answer.statusCode >= 500) throw new Error(`Swagger UI answered ${answer.statusCode} for ${request.url}: ${answer.body}`);
    reply.code(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !OWN_HEADERS.has(name)) reply.header(name, value);
    }
    return reply.send(answer.rawPayload);
  };
  const base = docsPath.replace(/\/$/, '');
  fastify.get(base || '/', { schema: { hide: true } }, forward);
  fastify.get(`${base}/*`, { schema: { hide: true } }, forward);
  fastify.addHook('onClose', async () => {
    const pages = await instance?.catch(() => undefined);
    await pages?.close();
  });
}
