import type { FieldParamPlan } from '../compiler/param-plans';
import { toTitle } from '../validation/field-types';
import type { JsonSchema } from '../validation/schema-forms';
import type { SchemaRegistry } from './schema-registry';

/** `user-agent` → `User-Agent`, `item_id` → `Item Id`: FastAPI titles parameters after their wire name. */
export function parameterTitle(wireName: string): string {
  return wireName.split('-').map(toTitle).join('-');
}

/** One OpenAPI Parameter Object, as FastAPI writes it: optional values are `anyOf [T, null]`, without `default: null`. */
export function toParameter(field: FieldParamPlan, registry: SchemaRegistry): JsonSchema {
  const { options } = field;
  const { required, hasDefault } = field.field;
  const base = registry.schemaOf(field.field.type);
  const schema: JsonSchema = required || hasDefault ? { ...base } : { anyOf: [base, { type: 'null' }] };
  if (hasDefault) schema.default = field.field.default;
  schema.title = options.title ?? parameterTitle(field.wireName);
  if (options.description !== undefined) schema.description = options.description;
  if (options.deprecated) schema.deprecated = true;
  if (options.format !== undefined) schema.format = options.format;
  const parameter: JsonSchema = { name: field.wireName, in: field.source, required, schema };
  if (options.description !== undefined) parameter.description = options.description;
  if (options.deprecated) parameter.deprecated = true;
  if (options.example !== undefined) parameter.example = options.example;
  return parameter;
}
