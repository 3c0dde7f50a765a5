import type { Constraints, FieldDef, FieldType, ModelDef } from './field-types';
import { oncePerKey } from '../once-per-key';

/** A JSON Schema object; tsapi only builds plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * The four forms of one FieldType. The public form documents (OpenAPI, with `$ref`s); the
 * validator form is what Fastify's body validator runs (lax scalars, unknown fields removed);
 * the serializer form feeds fast-json-stringify; the check form verifies what a handler returns.
 */
type Form = 'validator' | 'serializer' | 'check';

function constraintKeywords(c: Constraints, form: Form | 'public'): JsonSchema {
  const out: JsonSchema = {};
  if (c.minLength !== undefined) out.minLength = c.minLength;
  if (c.maxLength !== undefined) out.maxLength = c.maxLength;
  if (c.pattern !== undefined) out.pattern = c.pattern;
  if (c.ge !== undefined) out.minimum = c.ge;
  if (c.gt !== undefined) out.exclusiveMinimum = c.gt;
  if (c.le !== undefined) out.maximum = c.le;
  if (c.lt !== undefined) out.exclusiveMaximum = c.lt;
  if (c.minItems !== undefined) out.minItems = c.minItems;
  if (c.maxItems !== undefined) out.maxItems = c.maxItems;
  if (c.enum !== undefined && form !== 'validator') out.enum = [...c.enum];
  if (c.format !== undefined && form === 'public') {
    out.format = c.format;
    // pydantic documents every URL type as a non-empty string.
    if (c.format === 'uri' && out.minLength === undefined) out.minLength = 1;
  }
  return out;
}

/** The documented schema of a type; models become `$ref`s named by `refOf`. */
export function toPublicSchema(type: FieldType, refOf: (model: ModelDef) => string): JsonSchema {
  switch (type.kind) {
    case 'scalar': {
      const base: JsonSchema =
        type.scalar === 'date-time' ? { type: 'string', format: 'date-time' } : { type: type.scalar };
      return { ...base, ...constraintKeywords(type.constraints, 'public') };
    }
    case 'list':
      return { type: 'array', items: toPublicSchema(type.items, refOf), ...constraintKeywords(type.constraints, 'public') };
    case 'model':
      return { $ref: refOf(type.model) };
    default:
      return {};
  }
}

/** A model's schema as it appears under `components/schemas`, pydantic-style. */
export function toPublicModelSchema(model: ModelDef, refOf: (model: ModelDef) => string): JsonSchema {
  const properties: JsonSchema = {};
  for (const field of model.fields) properties[field.name] = publicFieldSchema(field, refOf);
  const required = model.fields.filter((f) => f.required).map((f) => f.name);
  return { properties, type: 'object', ...(required.length ? { required } : {}), title: model.name };
}

/**
 * As pydantic writes it, after FastAPI drops null values from the document: no `default: null`,
 * and no `title` beside a bare `$ref` (optional or not).
 */
function publicFieldSchema(field: FieldDef, refOf: (model: ModelDef) => string): JsonSchema {
  const base = toPublicSchema(field.type, refOf);
  const schema: JsonSchema = field.nullable ? { anyOf: [base, { type: 'null' }] } : { ...base };
  if (base.$ref === undefined) schema.title = field.title;
  if (field.description) schema.description = field.description;
  if (field.hasDefault && field.default !== null) schema.default = field.default;
  return schema;
}

/** Inline form for Fastify's validators and serializer; `seen` stops self-referencing models. */
export function toInlineSchema(type: FieldType, form: Form, seen: ReadonlySet<ModelDef> = new Set()): JsonSchema {
  switch (type.kind) {
    case 'scalar':
      return inlineScalar(type.scalar, type.constraints, form);
    case 'list':
      return { type: 'array', items: toInlineSchema(type.items, form, seen), ...constraintKeywords(type.constraints, form) };
    case 'model':
      return inlineModel(type.model, form, seen);
    default:
      return {};
  }
}

function inlineScalar(scalar: string, constraints: Constraints, form: Form): JsonSchema {
  const keywords = constraintKeywords(constraints, form);
  if (form === 'serializer') {
    return scalar === 'date-time' ? { type: 'string', format: 'date-time' } : { type: scalar };
  }
  if (form === 'check') {
    return scalar === 'date-time' ? { tsapiDate: true } : { type: scalar, ...keywords };
  }
  if (scalar === 'string') {
    // Lengths first: an oversized string must never reach the pattern.
    const { pattern, ...rest } = keywords;
    const schema: JsonSchema = { type: 'string', ...rest };
    if (constraints.enum) schema.enum = [...constraints.enum];
    if (pattern === undefined) return schema;
    const lengths = { ...(rest.minLength !== undefined ? { minLength: rest.minLength } : {}), ...(rest.maxLength !== undefined ? { maxLength: rest.maxLength } : {}) };
    return Object.keys(lengths).length ? { ...schema, if: lengths, then: { pattern } } : { ...schema, pattern };
  }
  return { tsapiLax: { type: scalar, ...(constraints.enum ? { enum: [...constraints.enum] } : {}) }, ...keywords };
}

/**
 * A model's whole inline schema per form, built once: every route that takes or returns the
 * model shares it (as a hand-written Fastify app shares one schema object), so that a large app
 * neither rebuilds nor keeps a copy per route. Nothing downstream changes a schema.
 */
const wholeModelSchemas = new WeakMap<ModelDef, Map<Form, JsonSchema>>();

function inlineModel(model: ModelDef, form: Form, seen: ReadonlySet<ModelDef>): JsonSchema {
  if (seen.size > 0) return buildInlineModel(model, form, seen);
  const byForm = oncePerKey(wholeModelSchemas, model, () => new Map<Form, JsonSchema>());
  return oncePerKey(byForm, form, () => buildInlineModel(model, form, seen));
}

function buildInlineModel(model: ModelDef, form: Form, seen: ReadonlySet<ModelDef>): JsonSchema {
  if (seen.has(model)) return form === 'serializer' ? { type: 'object' } : {};
  const inner = new Set(seen).add(model);
  const properties: JsonSchema = {};
  for (const field of model.fields) {
    const schema = toInlineSchema(field.type, form, inner);
    properties[field.name] = field.nullable ? nullableInline(schema, form) : schema;
  }
  const required = model.fields.filter((f) => f.required).map((f) => f.name);
  if (form === 'serializer') return { type: 'object', properties };
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(form === 'validator' ? { additionalProperties: false } : {}),
  };
}

function nullableInline(schema: JsonSchema, form: Form): JsonSchema {
  if (form === 'serializer') {
    const type = schema.type;
    // fast-json-stringify writes `default` for an undefined property: FastAPI sends unset optionals as null.
    if (typeof type === 'string') return { ...schema, type: [type, 'null'], default: null };
    return { anyOf: [schema, { type: 'null' }], default: null };
  }
  // `if null then accept else validate`: failures report only the real branch's errors.
  return { if: { type: 'null' }, else: schema };
}
