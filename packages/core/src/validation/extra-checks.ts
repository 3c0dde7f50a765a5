import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { FieldType, ModelDef } from './field-types';

type Loc = (string | number)[];
/** Runs class-validator constraints that have no JSON Schema form over validated data. */
export type ExtraChecker = (data: unknown, loc: Loc, errors: ValidationErrorItem[], failed: ReadonlySet<string>) => void;

/**
 * Compiles the per-request class-validator checks of a type, or `undefined` when none of its
 * models declares one (then nothing runs at all). Fields that already failed are skipped so each
 * field reports one error.
 */
export function compileExtraChecker(type: FieldType, seen: ReadonlySet<ModelDef> = new Set()): ExtraChecker | undefined {
  if (type.kind === 'list') {
    const item = compileExtraChecker(type.items, seen);
    if (!item) return undefined;
    return (data, loc, errors, failed) => {
      if (Array.isArray(data)) data.forEach((value, i) => item(value, [...loc, i], errors, failed));
    };
  }
  if (type.kind !== 'model' || seen.has(type.model)) return undefined;
  const ancestors = new Set(seen).add(type.model);
  const steps: ExtraChecker[] = [];
  for (const field of type.model.fields) {
    const nested = compileExtraChecker(field.type, ancestors);
    const name = field.name;
    for (const check of field.extras) {
      steps.push((data, loc, errors, failed) => {
        const object = data as Record<string, unknown>;
        const value = object[name];
        const fieldLoc = [...loc, name];
        if (value === undefined || value === null || failed.has(fieldLoc.join('\u0000'))) return;
        const values = check.each && Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
          if (check.validate(v, object)) return;
          const itemLoc = check.each && Array.isArray(value) ? [...fieldLoc, i] : fieldLoc;
          errors.push({ type: check.name, loc: itemLoc, msg: check.message(v, object), input: v });
        });
      });
    }
    if (nested) {
      steps.push((data, loc, errors, failed) => {
        const value = (data as Record<string, unknown>)[name];
        if (value !== undefined && value !== null) nested(value, [...loc, name], errors, failed);
      });
    }
  }
  if (steps.length === 0) return undefined;
  return (data, loc, errors, failed) => {
    if (typeof data !== 'object' || data === null) return;
    for (const step of steps) step(data, loc, errors, failed);
  };
}
