import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

type AjvError = NonNullable<FastifyError['validation']>[number];

function detailOf(error: AjvError, context: string, request: FastifyRequest): ValidationDetail {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') {
    const field = String(error.params.missingProperty);
    return { type: 'missing', loc: [context, ...path, field], msg: 'Field required', input: request.body };
  }
  return { type: error.keyword, loc: [context, ...path], msg: error.message ?? 'Invalid value', input: undefined };
}

/**
 * What a hand-written Fastify service does to answer like FastAPI: a validation failure becomes a
 * 422 with a `{"detail": [...]}` body instead of Fastify's own 400, so the bad-body scenario
 * measures the same work as in tsapi.
 */
export function sendValidationErrorsAs422(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (!error.validation) {
    void reply.send(error);
    return;
  }
  const context = error.validationContext ?? 'body';
  void reply.code(422).send({ detail: error.validation.map((e) => detailOf(e, context, request)) });
}
