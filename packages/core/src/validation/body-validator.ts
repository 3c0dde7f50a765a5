import type { FastifySchemaValidationError } from 'fastify';
import type { ValidationErrorItem } from '../errors/request-validation-error';
import { createBodyAjv } from './ajv-instances';
import { compileOnce } from './compile-once';
import { MAX_REPORTED_ERRORS, toValidationItems } from './ajv-errors';
import { sortByDeclaration } from './error-order';
import { compileExtraChecker } from './extra-checks';
import type { FieldType, ModelDef } from './field-types';
import { compileHydrator } from './hydrator';
import { pydantic } from './pydantic-errors';
import { toInlineSchema, type JsonSchema } from './schema-forms';
import { oncePerKey } from '../once-per-key';

/** Carries pydantic-shaped items through Fastify's `request.validationError`. */
export class BodyValidationFailure extends Error {
  readonly statusCode = 422;
  readonly validationContext = 'body';
  readonly validation: FastifySchemaValidationError[] = [];

  constructor(readonly items: ValidationErrorItem[]) {
    super('body did not validate');
  }
}

export interface BodyPlan {
  /** The body's type; embedded parameters make a model-like object of their own. */
  readonly type: FieldType;
  readonly required: boolean;
}

/** What Fastify's route options get for the body: a JSON Schema and the function that checks it. */
export interface CompiledBody {
  readonly schema: JsonSchema;
  readonly validate: (data: unknown) => { value?: unknown; error?: Error } | true;
}

const bodyAjv = createBodyAjv();
/** One `{ body }` schema per body schema: routes with the same model share it, and its validator. */
const holderSchemas = new WeakMap<JsonSchema, JsonSchema>();

/**
 * Compiles a route's body validator from its type: Fastify runs it per request as the route's
 * body validator (ajv-compiled, pydantic's lax rules, unknown fields dropped), then the
 * class-validator checks that have no schema form, then the hydrator that makes real instances.
 */
export function compileBodyValidator(plan: BodyPlan): CompiledBody {
  if (plan.type.kind !== 'model') return compileBody(plan);
  // Routes taking the same model share its whole validator: it depends on nothing else.
  const byRequired = oncePerKey(modelBodies, plan.type.model, () => new Map<boolean, CompiledBody>());
  return oncePerKey(byRequired, plan.required, () => compileBody(plan));
}

const modelBodies = new WeakMap<ModelDef, Map<boolean, CompiledBody>>();

function compileBody(plan: BodyPlan): CompiledBody {
  const inner = toInlineSchema(plan.type, 'validator');
  // Validating `{ body }` lets ajv report `loc` from `body` and coerce a scalar body in place.
  const schema = oncePerKey(holderSchemas, inner, () => ({ type: 'object', properties: { body: inner } }));
  const check = compileOnce(bodyAjv, schema);
  const extras = compileExtraChecker(plan.type);
  const hydrate = compileHydrator(plan.type);
  const { required } = plan;
  const validate = (data: unknown): { value?: unknown; error?: Error } | true => {
    // Fastify hands a missing body over as null; FastAPI treats a null body as missing too.
    if (data === null || data === undefined) {
      return required ? { error: new BodyValidationFailure([pydantic.missing(['body'], null)]) } : true;
    }
    const holder = { body: data };
    const items = check(holder) ? [] : toValidationItems(check.errors ?? []);
    if (extras && items.length < MAX_REPORTED_ERRORS) {
      const failed = new Set(items.map((item) => item.loc.join('\u0000')));
      extras(holder.body, ['body'], items, failed);
    }
    if (items.length > 0) {
      const ordered = sortByDeclaration(items, plan.type, 1);
      return { error: new BodyValidationFailure(ordered.slice(0, MAX_REPORTED_ERRORS)) };
    }
    return { value: hydrate ? hydrate(holder.body) : holder.body };
  };
  return { schema: inner, validate };
}
