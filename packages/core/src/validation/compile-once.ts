import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { oncePerKey } from '../once-per-key';

const compiled = new WeakMap<Ajv, Map<string, ValidateFunction>>();
const byIdentity = new WeakMap<object, { ajv: Ajv; validate: ValidateFunction }>();

/**
 * `ajv.compile`, once per distinct schema: ajv caches by object identity, while routes build
 * equal schemas afresh (one DTO used by many routes). Code generation is most of the start-up
 * time of a large app, and a shared validator is safe: `errors` is read right after each call.
 */
export function compileOnce(ajv: Ajv, schema: object): ValidateFunction {
  // A model's schema is one shared object: most calls are answered without serializing it.
  const known = byIdentity.get(schema);
  if (known !== undefined && known.ajv === ajv) return known.validate;
  const byText = oncePerKey(compiled, ajv, () => new Map<string, ValidateFunction>());
  const validate = oncePerKey(byText, JSON.stringify(schema), () => ajv.compile(schema));
  byIdentity.set(schema, { ajv, validate });
  return validate;
}
