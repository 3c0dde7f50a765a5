import Ajv, { type ErrorObject } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types';
import type { ScalarType } from '../params/options';
import { CoercionFailure, coercers } from './scalar-coercion';

interface LaxSchema {
  type: ScalarType;
  enum?: (string | number)[];
}

/**
 * Fastify's default ajv coerces too much for pydantic's semantics (a number becomes a string,
 * a scalar is wrapped into a list, `0x10` is an integer). Bodies are validated by this instance
 * instead: no built-in coercion, and one keyword that applies pydantic's lax rules to numbers,
 * booleans and date-times, in place.
 *
 * Neither instance validates schemas against the meta-schema: tsapi writes every schema itself, and
 * the values users put in them are checked when the app compiles (`constraintMistakes`), so the
 * meta-schema's compilation would only add its cost to every start-up.
 */
export function createBodyAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    coerceTypes: false,
    removeAdditional: true,
    useDefaults: false,
    strict: false,
    messages: false,
    validateSchema: false,
  });
  ajv.addKeyword({
    keyword: 'tsapiLax',
    modifying: true,
    errors: true,
    schemaType: 'object',
    compile(schema: LaxSchema) {
      const coerce = coercers[schema.type];
      const allowed = schema.enum ? new Set<unknown>(schema.enum) : undefined;
      const validate: DataValidateFunction = (data, dataCxt) => {
        const value = coerce(data);
        if (value instanceof CoercionFailure) {
          validate.errors = [laxError({ failure: value })];
          return false;
        }
        if (allowed && !allowed.has(value)) {
          validate.errors = [laxError({ enum: schema.enum })];
          return false;
        }
        if (value !== data && dataCxt) {
          (dataCxt.parentData as Record<string | number, unknown>)[dataCxt.parentDataProperty] = value;
        }
        return true;
      };
      return validate;
    },
  });
  return ajv;
}

function laxError(params: Record<string, unknown>): ErrorObject {
  // No instancePath: ajv fills it in with the data's path only when it is left undefined.
  return { keyword: 'tsapiLax', schemaPath: '', params } as Omit<ErrorObject, 'instancePath'> as ErrorObject;
}

/** Checks what handlers return against their response model: strict types, no coercion. */
export function createResponseAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false, verbose: true, coerceTypes: false, strict: false, messages: false, validateSchema: false });
  ajv.addKeyword({
    keyword: 'tsapiDate',
    schemaType: 'boolean',
    errors: false,
    validate: (_schema: boolean, data: unknown) =>
      (data instanceof Date && !Number.isNaN(data.getTime())) || (typeof data === 'string' && !Number.isNaN(Date.parse(data))),
  });
  return ajv;
}
