import type { ValidationErrorItem } from '../errors/request-validation-error';
import { compileConstraintCheck } from './constraint-check';
import type { FieldType } from './field-types';
import { pydantic } from './pydantic-errors';
import { CoercionFailure, coercers } from './scalar-coercion';
import { oncePerKey } from '../once-per-key';

/** What a path, query, header or cookie parameter needs to be read; built once per route. */
export interface ParamFieldPlan {
  readonly loc: readonly [string, string];
  readonly type: FieldType;
  readonly required: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
}

/** Turns the raw wire value into the typed value, pushing pydantic errors on failure. */
export type ParamReader = (raw: unknown, errors: ValidationErrorItem[]) => unknown;

type ValueReader = (raw: unknown, loc: (string | number)[], errors: ValidationErrorItem[]) => unknown;

const INVALID = Symbol('invalid');

function compileValueReader(type: FieldType): ValueReader {
  switch (type.kind) {
    case 'scalar': {
      const coerce = coercers[type.scalar];
      const check = compileConstraintCheck(type.constraints);
      return (raw, loc, errors) => {
        // A repeated key gives the last value, as Starlette's QueryParams.get().
        const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
        const coerced = coerce(value);
        if (coerced instanceof CoercionFailure) {
          errors.push(coerced.build(loc, value));
          return INVALID;
        }
        return check(coerced, loc, errors, value) ? coerced : INVALID;
      };
    }
    case 'list': {
      const readItem = compileValueReader(type.items);
      const check = compileConstraintCheck(type.constraints);
      return (raw, loc, errors) => {
        const items = Array.isArray(raw) ? raw : [raw];
        const out = new Array(items.length);
        let ok = true;
        for (let i = 0; i < items.length; i++) {
          out[i] = readItem(items[i], [...loc, i], errors);
          if (out[i] === INVALID) ok = false;
        }
        return ok && check(out, loc, errors, items) ? out : INVALID;
      };
    }
    default:
      return (raw) => raw;
  }
}

function copyDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

const sharedReaders = new Map<string, ParamReader>();

/**
 * One parameter's reader: missing/default handling, coercion and constraints. Parameters that
 * read the same thing the same way (`id` of every `/items/{id}` route) share one reader; a default
 * that is an object is copied per request, so only readers with a scalar default are shared.
 */
export function compileParamReader(plan: ParamFieldPlan): ParamReader {
  const fallback = plan.default;
  if (typeof fallback === 'object' && fallback !== null) return compileReader(plan);
  const key = JSON.stringify([plan.loc, plan.type, plan.required, plan.hasDefault, typeof fallback, String(fallback)]);
  return oncePerKey(sharedReaders, key, () => compileReader(plan));
}

function compileReader(plan: ParamFieldPlan): ParamReader {
  const readValue = compileValueReader(plan.type);
  const loc = [...plan.loc];
  const { required, hasDefault } = plan;
  const fallback = plan.default;
  return (raw, errors) => {
    if (raw === undefined) {
      if (hasDefault) return copyDefault(fallback);
      if (required) errors.push(pydantic.missing(loc, null));
      return undefined;
    }
    const value = readValue(raw, loc, errors);
    return value === INVALID ? undefined : value;
  };
}
