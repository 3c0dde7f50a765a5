/** The JSON Schema keywords the fuzzer reads; OpenAPI 3.1 schemas are JSON Schema 2020-12. */
export interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  default?: unknown;
  contentMediaType?: string;
}

/** Follows `#/components/schemas/…` references (and `allOf` of one) to the schema they name. */
export class SchemaResolver {
  constructor(private readonly document: { components?: { schemas?: Record<string, JsonSchema> } }) {}

  resolve(schema: JsonSchema | undefined, seen = 0): JsonSchema {
    if (schema === undefined) return {};
    if (seen > 32) throw new Error('schema references nest too deep');
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = this.document.components?.schemas?.[name];
      if (target === undefined) throw new Error(`unknown schema reference ${schema.$ref}`);
      return this.resolve(target, seen + 1);
    }
    if (schema.allOf !== undefined && schema.allOf.length === 1 && Object.keys(schema).length === 1)
      return this.resolve(schema.allOf[0], seen + 1);
    return schema;
  }
}

/** The schema's types, without `null` when it only makes the value optional. */
export function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}
