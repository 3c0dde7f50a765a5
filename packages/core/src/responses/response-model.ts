import { ResponseValidationError } from '../errors/response-validation-error';
import { createResponseAjv } from '../validation/ajv-instances';
import { toValidationItems } from '../validation/ajv-errors';
import { compileOnce } from '../validation/compile-once';
import type { FieldType, ModelDef } from '../validation/field-types';
import { oncePerKey } from '../once-per-key';
import { toInlineSchema, type JsonSchema } from '../validation/schema-forms';

export interface ResponseModelOptions {
  readonly excludeUnset: boolean;
  readonly excludeNone: boolean;
}

export interface CompiledResponseModel {
  /** fast-json-stringify's schema: only declared fields are written, so nothing else leaks. */
  readonly serializerSchema: JsonSchema;
  /** Checks a handler's return value and shapes it for the serializer; throws when it does not fit. */
  readonly prepare: (value: unknown, route: string) => unknown;
}

const responseAjv = createResponseAjv();

/**
 * Compiles a response model once: a strict check of what the handler returned (FastAPI validates
 * responses too), and the serializer schema Fastify compiles with fast-json-stringify.
 */
export function compileResponseModel(type: FieldType, options: ResponseModelOptions): CompiledResponseModel {
  const model = type.kind === 'model' ? type.model : type.kind === 'list' && type.items.kind === 'model' ? type.items.model : undefined;
  if (model === undefined) return compileModel(type, options);
  // Routes answering the same model with the same options share one compiled model.
  const variants = oncePerKey(compiledByModel, model, () => new Map<string, CompiledResponseModel>());
  const key = `${type.kind} ${options.excludeUnset} ${options.excludeNone}`;
  return oncePerKey(variants, key, () => compileModel(type, options));
}

const compiledByModel = new WeakMap<ModelDef, Map<string, CompiledResponseModel>>();

function compileModel(type: FieldType, options: ResponseModelOptions): CompiledResponseModel {
  const check = compileOnce(responseAjv, toInlineSchema(type, 'check'));
  const serializerSchema = toInlineSchema(type, 'serializer');
  const dropNone = options.excludeNone ? compileNoneDropper(type) : undefined;
  return {
    serializerSchema: options.excludeUnset || options.excludeNone ? withoutDefaults(serializerSchema) : serializerSchema,
    prepare: (value, route) => {
      if (!check(value)) {
        throw new ResponseValidationError(route, toValidationItems(check.errors ?? []).map((e) => ({ ...e, loc: ['response', ...e.loc] })));
      }
      return dropNone ? dropNone(value) : value;
    },
  };
}

/** Without `default: null`, fast-json-stringify leaves undefined fields out (exclude unset). */
function withoutDefaults(schema: unknown): JsonSchema {
  if (Array.isArray(schema)) return schema.map(withoutDefaults) as unknown as JsonSchema;
  if (typeof schema !== 'object' || schema === null) return schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'default') continue;
    out[key] = key === 'properties' ? mapValues(value as JsonSchema, withoutDefaults) : withoutDefaults(value);
  }
  return out;
}

function mapValues(obj: JsonSchema, fn: (v: unknown) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

type Dropper = (value: unknown) => unknown;

function compileNoneDropper(type: FieldType): Dropper | undefined {
  if (type.kind === 'list') {
    const item = compileNoneDropper(type.items);
    return item ? (value) => (Array.isArray(value) ? value.map(item) : value) : undefined;
  }
  if (type.kind !== 'model') return undefined;
  const fields = type.model.fields.map((f) => ({ name: f.name, nested: undefined as Dropper | undefined, type: f.type }));
  const drop: Dropper = (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const v = source[field.name];
      if (v === null || v === undefined) continue;
      out[field.name] = field.nested ? field.nested(v) : v;
    }
    return out;
  };
  for (const field of fields) if (field.type.kind !== 'model' || field.type.model !== type.model) field.nested = compileNoneDropper(field.type);
  return drop;
}
