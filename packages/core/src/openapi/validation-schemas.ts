import type { JsonSchema } from '../validation/schema-forms';

/** FastAPI's components for the 422 body, as its current release documents them. */
export const VALIDATION_ERROR_SCHEMA: JsonSchema = {
  properties: {
    loc: { items: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, type: 'array', title: 'Location' },
    msg: { type: 'string', title: 'Message' },
    type: { type: 'string', title: 'Error Type' },
    input: { title: 'Input' },
    ctx: { type: 'object', title: 'Context' },
  },
  type: 'object',
  required: ['loc', 'msg', 'type'],
  title: 'ValidationError',
};

export const HTTP_VALIDATION_ERROR_SCHEMA: JsonSchema = {
  properties: {
    detail: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Detail' },
  },
  type: 'object',
  title: 'HTTPValidationError',
};
