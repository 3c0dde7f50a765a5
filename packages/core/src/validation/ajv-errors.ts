import type { ErrorObject } from 'ajv';
import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { Constraints } from './field-types';
import { pydantic } from './pydantic-errors';
import { CoercionFailure } from './scalar-coercion';

/** Bounds the work and the size of a 422 body for hostile input. */
export const MAX_REPORTED_ERRORS = 100;

const CONSTRAINT_OF_KEYWORD: Readonly<Record<string, keyof Constraints>> = {
  minLength: 'minLength',
  maxLength: 'maxLength',
  pattern: 'pattern',
  minimum: 'ge',
  exclusiveMinimum: 'gt',
  maximum: 'le',
  exclusiveMaximum: 'lt',
  minItems: 'minItems',
  maxItems: 'maxItems',
  enum: 'enum',
};

/** `/body/tags/0` → `['body', 'tags', 0]` */
export function toLoc(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(?:0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

/** Bodies coerce numbers and booleans with `tsapiLax`; response checks are strict and land here. */
function typeError(type: string, loc: (string | number)[], input: unknown): ValidationErrorItem {
  switch (type) {
    case 'object':
      return pydantic.modelAttributesType(loc, input);
    case 'array':
      return pydantic.listType(loc, input);
    case 'integer':
      return pydantic.intType(loc, input);
    case 'number':
      return pydantic.floatType(loc, input);
    case 'boolean':
      return pydantic.boolType(loc, input);
    default:
      return pydantic.stringType(loc, input);
  }
}

function toItem(error: ErrorObject): ValidationErrorItem | undefined {
  const loc = toLoc(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return pydantic.missing([...loc, params.missingProperty as string], error.data);
    case 'type':
      return typeError(String(params.type).split(',')[0], loc, error.data);
    case 'tsapiLax':
      if (params.failure instanceof CoercionFailure) return params.failure.build(loc, error.data);
      return pydantic.constraint('enum', params.enum, loc, error.data);
    case 'if':
    case 'additionalProperties':
      return undefined;
    default: {
      const constraint = CONSTRAINT_OF_KEYWORD[error.keyword];
      if (!constraint) return { type: error.keyword, loc, msg: `Input failed ${error.keyword}`, input: error.data };
      const limit = constraint === 'pattern' ? params.pattern : constraint === 'enum' ? params.allowedValues : params.limit;
      return pydantic.constraint(constraint, limit, loc, error.data);
    }
  }
}

/** Maps ajv's errors to pydantic's items, at most MAX_REPORTED_ERRORS of them. */
export function toValidationItems(errors: readonly ErrorObject[]): ValidationErrorItem[] {
  const items: ValidationErrorItem[] = [];
  for (const error of errors) {
    const item = toItem(error);
    if (item) items.push(item);
    if (items.length >= MAX_REPORTED_ERRORS) break;
  }
  return items;
}
