import Fastify, { type FastifyInstance } from 'fastify';
import { itemIn, itemOut } from '../servers/fastify-schemas';
import { sendValidationErrorsAs422 } from '../servers/fastify-validation-errors';

interface ItemBody {
  name: string;
  price: number;
  tags: string[];
  description?: string;
}

const idParams = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } as const;
const verboseQuery = { type: 'object', properties: { verbose: { type: 'boolean', default: false } } } as const;
const pageQuery = {
  type: 'object',
  properties: { skip: { type: 'integer', default: 0 }, limit: { type: 'integer', default: 10 } },
} as const;

function addRead(app: FastifyInstance, prefix: string): void {
  app.get<{ Params: { id: number }; Querystring: { verbose: boolean } }>(
    `${prefix}/items/:id`,
    { schema: { params: idParams, querystring: verboseQuery } },
    async (request) => ({ id: request.params.id, name: 'item', verbose: request.query.verbose }),
  );
}

/** The same five routes as a generated tsapi resource, with equivalent JSON Schemas. */
function addResource(app: FastifyInstance, prefix: string): void {
  addRead(app, prefix);
  app.get<{ Querystring: { skip: number; limit: number } }>(
    `${prefix}/items`,
    { schema: { querystring: pageQuery } },
    async (request) => ({ skip: request.query.skip, limit: request.query.limit }),
  );
  app.post<{ Body: ItemBody }>(
    `${prefix}/items`,
    { schema: { body: itemIn, response: { 201: itemOut } } },
    async (request, reply) => {
      reply.code(201);
      return { id: 1, ...request.body };
    },
  );
  app.put<{ Params: { id: number }; Body: ItemBody }>(
    `${prefix}/items/:id`,
    { schema: { params: idParams, body: itemIn, response: { 200: itemOut } } },
    async (request) => ({ id: request.params.id, ...request.body }),
  );
  app.delete<{ Params: { id: number } }>(`${prefix}/items/:id`, { schema: { params: idParams } }, async (request) => ({
    deleted: request.params.id,
  }));
}

/** A Fastify app with `routeCount` routes laid out as generateTsapiControllers lays them out. */
export function buildGeneratedFastify(routeCount: number): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler(sendValidationErrorsAs422);
  const resources = Math.floor(routeCount / 5);
  for (let i = 0; i < resources; i++) addResource(app, `/r${i}`);
  for (let i = resources; i < resources + (routeCount % 5); i++) addRead(app, `/r${i}`);
  return app;
}
