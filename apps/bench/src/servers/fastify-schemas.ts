/** The JSON Schemas of the hand-written Fastify servers: the DTOs of the other servers, by hand. */

export const itemIn = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 50 },
    price: { type: 'number', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' }, default: [] },
    description: { type: 'string' },
  },
  required: ['name', 'price'],
  additionalProperties: false,
} as const;

// An unset description is sent as null, as the tsapi server (and FastAPI) do.
export const itemOut = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    price: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
    description: { type: ['string', 'null'], default: null },
  },
} as const;
