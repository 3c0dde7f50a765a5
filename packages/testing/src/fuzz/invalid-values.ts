import { type JsonSchema, type SchemaResolver, typesOf } from './json-schema';

/** A value the schema certainly refuses, and why. */
export interface Violation {
  readonly value: unknown;
  readonly why: string;
}

const WRONG_TYPE: Record<string, Violation> = {
  integer: { value: 'not-a-number', why: 'a string where an integer belongs' },
  number: { value: 'not-a-number', why: 'a string where a number belongs' },
  boolean: { value: 'maybe', why: 'a word where a boolean belongs' },
  object: { value: 42, why: 'a number where an object belongs' },
  array: { value: { not: 'a list' }, why: 'an object where a list belongs' },
  string: { value: 12345, why: 'a number where a string belongs' },
};

/**
 * Values the schema refuses for sure: the wrong type (a number for a string only in JSON, since
 * query strings carry only text), numbers past their bounds, strings and lists past their
 * lengths, values outside an enum. Missing properties are the request builder's.
 */
export function violations(raw: JsonSchema, resolver: SchemaResolver, inJson: boolean): Violation[] {
  const schema = resolver.resolve(raw);
  if (schema.anyOf !== undefined || schema.oneOf !== undefined || schema.const !== undefined) return [];
  const types = typesOf(schema);
  if (types.includes('null') || types.length !== 1) return schema.enum === undefined ? [] : enumViolation(schema);
  const [type] = types;
  const found: Violation[] = [];
  const wrong = WRONG_TYPE[type];
  if (wrong !== undefined && (inJson || type !== 'string') && !(type === 'array' && !inJson)) found.push(wrong);
  if (schema.enum !== undefined) found.push(...enumViolation(schema));
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined)
      found.push({ value: schema.minimum - 1, why: `below the minimum ${schema.minimum}` });
    if (schema.exclusiveMinimum !== undefined)
      found.push({ value: schema.exclusiveMinimum, why: `not above ${schema.exclusiveMinimum}` });
    if (schema.maximum !== undefined)
      found.push({ value: schema.maximum + 1, why: `above the maximum ${schema.maximum}` });
    if (schema.exclusiveMaximum !== undefined)
      found.push({ value: schema.exclusiveMaximum, why: `not below ${schema.exclusiveMaximum}` });
    if (type === 'integer' && inJson) found.push({ value: 1.5, why: 'a fraction where an integer belongs' });
  }
  if (type === 'string' && schema.enum === undefined && schema.format === undefined && schema.pattern === undefined) {
    if (schema.minLength !== undefined && schema.minLength > 0)
      found.push({ value: 'x'.repeat(schema.minLength - 1), why: `shorter than ${schema.minLength}` });
    if (schema.maxLength !== undefined)
      found.push({ value: 'x'.repeat(schema.maxLength + 1), why: `longer than ${schema.maxLength}` });
  }
  return found;
}

function enumViolation(_schema: JsonSchema): Violation[] {
  return [{ value: '\u0000none-of-the-allowed-values', why: 'a value outside the enum' }];
}
