import fc from 'fast-check';
import { type JsonSchema, type SchemaResolver, typesOf } from './json-schema';

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  uuid: () => fc.uuid(),
  'date-time': () =>
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  date: () =>
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  uri: () => fc.webUrl(),
};

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (format !== undefined) return format();
  if (schema.pattern !== undefined) {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? Infinity;
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 40, (schema.minLength ?? 0) + 40),
  });
}

function numberBounds(schema: JsonSchema, integer: boolean): { min: number; max: number } {
  const step = integer ? 1 : 1e-6;
  const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : (schema.minimum ?? -1e6);
  const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : (schema.maximum ?? 1e6);
  return { min, max };
}

function arbitraryForType(
  type: string,
  schema: JsonSchema,
  resolver: SchemaResolver,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer': {
      const { min, max } = numberBounds(schema, true);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const { min, max } = numberBounds(schema, false);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = validValue(schema.items ?? {}, resolver, depth + 1);
      return fc.array(item, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, (schema.minItems ?? 0) + 5),
      });
    }
    case 'object':
      return objectArbitrary(schema, resolver, depth);
    default:
      return fc.constant(null);
  }
}

function objectArbitrary(schema: JsonSchema, resolver: SchemaResolver, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = validValue(property, resolver, depth + 1);
  const required = (schema.required ?? []).filter((name) => name in model);
  return fc.record(model, { requiredKeys: required });
}

/** Values the schema accepts, biased towards its boundaries by fast-check's own generators. */
export function validValue(raw: JsonSchema, resolver: SchemaResolver, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolver.resolve(raw);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined) return fc.oneof(...choices.map((choice) => validValue(choice, resolver, depth + 1)));
  if (depth > 6) return fc.constant(null);
  const types = typesOf(schema);
  if (types.length === 0)
    return schema.properties !== undefined ? objectArbitrary(schema, resolver, depth) : fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => arbitraryForType(type, schema, resolver, depth)));
}
