import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

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
  let byText = compiled.get(ajv);
  if (byText === undefined) compiled.set(ajv, (byText = new Map()));
  const key = JSON.stringify(schema);
  let validate = byText.get(key);
  if (validate === undefined) byText.set(key, (validate = ajv.compile(schema)));
  byIdentity.set(schema, { ajv, validate });
  return validate;
}
