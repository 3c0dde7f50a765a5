import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { listItems } from './catalog';
import { sendValidationErrorsAs422 } from './fastify-validation-errors';
import { itemIn, itemOut } from './fastify-schemas';
import { ALLOWED_ORIGIN, SERVED_BY_HEADER, type RunningServer } from './server-contract';
import { findUser, greet, loadSettings, openSession, type Session } from './session';

interface ItemBody {
  name: string;
  price: number;
  tags: string[];
  description?: string;
}

export interface FastifyVariant {
  /** One hook that adds a header to every response (tsapi's one middleware) and @fastify/cors. */
  readonly stack?: boolean;
  /** @fastify/cors alone, as tsapi's `cors` option configures it. */
  readonly cors?: boolean;
}

/** The same routes as the tsapi server, written directly against Fastify with JSON Schemas. */
export function buildFastifyApp(variant: FastifyVariant = {}): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler(sendValidationErrorsAs422);
  if (variant.stack || variant.cors) void app.register(cors, { origin: [ALLOWED_ORIGIN], maxAge: 600 });
  if (variant.stack) {
    app.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header(SERVED_BY_HEADER, 'fastify');
      done(null, payload);
    });
  }

  app.get('/hello', async () => ({ hello: 'world' }));

  app.get<{ Params: { id: number } }>(
    '/items/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } } },
    async (request) => ({ id: request.params.id, name: 'item' }),
  );

  app.post<{ Body: ItemBody }>(
    '/items',
    { schema: { body: itemIn, response: { 201: itemOut } } },
    async (request, reply) => {
      reply.code(201);
      return { id: 1, ...request.body };
    },
  );

  app.get<{ Querystring: { skip: number; limit: number } }>(
    '/items',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { skip: { type: 'integer', default: 0 }, limit: { type: 'integer', default: 10 } },
        },
        response: { 200: { type: 'array', items: itemOut } },
      },
    },
    async (request) => listItems(request.query.skip, request.query.limit),
  );

  // The same work as tsapi's three dependencies, inline: the session closes once the response is over.
  app.get<{ Headers: { 'x-user'?: string } }>(
    '/me',
    { schema: { headers: { type: 'object', properties: { 'x-user': { type: 'string', default: 'anonymous' } } } } },
    async (request, reply) => {
      const sessions = openSession();
      const { value: session } = (await sessions.next()) as IteratorYieldResult<Session>;
      reply.raw.once('close', () => void sessions.next());
      const settings = loadSettings();
      const user = await findUser(request.headers['x-user'] ?? 'anonymous', session);
      return greet(user, settings, session);
    },
  );

  return app;
}

export async function startFastify(host: string, variant: FastifyVariant = {}): Promise<RunningServer> {
  const app = buildFastifyApp(variant);
  await app.listen({ host, port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('Fastify server has no TCP address');
  return { port: address.port, close: () => app.close() };
}
