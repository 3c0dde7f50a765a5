import type { FieldParamPlan } from '../compiler/param-plans';
import type { ParamOptions } from '../params/options';
import { toTitle } from '../validation/field-types';
import type { JsonSchema } from '../validation/schema-forms';
import type { SchemaRegistry } from './schema-registry';

/** `user-agent` → `User-Agent`, `item_id` → `Item Id`: FastAPI titles parameters after their wire name. */
export function parameterTitle(wireName: string): string {
  return wireName.split('-').map(toTitle).join('-');
}

/**
 * The schema of a parameter, form field or file as FastAPI writes it: an optional value without
 * a default is `anyOf [T, null]`; titled after the wire name; `description` and `format` as given.
 */
export function describedSchema(base: JsonSchema, wireName: string, options: ParamOptions, nullable: boolean): JsonSchema {
  const schema: JsonSchema = nullable ? { anyOf: [base, { type: 'null' }] } : { ...base };
  schema.title = options.title ?? parameterTitle(wireName);
  if (options.description !== undefined) schema.description = options.description;
  if (options.format !== undefined) schema.format = options.format;
  return schema;
}

/** One OpenAPI Parameter Object, as FastAPI writes it: optional values are `anyOf [T, null]`, without `default: null`. */
export function toParameter(field: FieldParamPlan, registry: SchemaRegistry): JsonSchema {
  const { options } = field;
  const { required, hasDefault } = field.field;
  const schema = describedSchema(registry.schemaOf(field.field.type), field.wireName, options, !required && !hasDefault);
  if (hasDefault) schema.default = field.field.default;
  if (options.deprecated) schema.deprecated = true;
  const parameter: JsonSchema = { name: field.wireName, in: field.source, required, schema };
  if (options.description !== undefined) parameter.description = options.description;
  if (options.deprecated) parameter.deprecated = true;
  if (options.example !== undefined) parameter.example = options.example;
  return parameter;
}
