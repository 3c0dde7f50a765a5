import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { Constraints } from './field-types';
import { pydantic } from './pydantic-errors';

type Loc = (string | number)[];
/**
 * Pushes an error for each constraint `value` fails; answers whether it met them all. `input` is
 * what was received before coercion: pydantic reports that (`"0"`, not `0`, for `?limit=0`).
 */
export type ConstraintCheck = (value: unknown, loc: Loc, errors: ValidationErrorItem[], input?: unknown) => boolean;

const PASS: ConstraintCheck = () => true;

/**
 * Compiles a parameter's constraints into one check. Lengths are checked before the pattern so
 * that an oversized string never reaches a regular expression.
 */
export function compileConstraintCheck(constraints: Constraints): ConstraintCheck {
  const checks: ConstraintCheck[] = [];
  const { minLength, maxLength, pattern, ge, gt, le, lt, minItems, maxItems } = constraints;
  const add = (name: keyof Constraints, limit: unknown, fails: (value: never) => boolean): void => {
    checks.push((value, loc, errors, input = value) => {
      if (!fails(value as never)) return true;
      errors.push(pydantic.constraint(name, limit, loc, input));
      return false;
    });
  };
  if (maxLength !== undefined) add('maxLength', maxLength, (v: string) => typeof v === 'string' && [...v].length > maxLength);
  if (minLength !== undefined) add('minLength', minLength, (v: string) => typeof v === 'string' && [...v].length < minLength);
  if (pattern !== undefined) {
    const regex = new RegExp(pattern, 'u');
    add('pattern', pattern, (v: string) => typeof v === 'string' && !regex.test(v));
  }
  if (ge !== undefined) add('ge', ge, (v: number) => typeof v === 'number' && !(v >= ge));
  if (gt !== undefined) add('gt', gt, (v: number) => typeof v === 'number' && !(v > gt));
  if (le !== undefined) add('le', le, (v: number) => typeof v === 'number' && !(v <= le));
  if (lt !== undefined) add('lt', lt, (v: number) => typeof v === 'number' && !(v < lt));
  if (minItems !== undefined) add('minItems', minItems, (v: unknown[]) => Array.isArray(v) && v.length < minItems);
  if (maxItems !== undefined) add('maxItems', maxItems, (v: unknown[]) => Array.isArray(v) && v.length > maxItems);
  if (constraints.enum !== undefined) {
    const allowed = new Set<unknown>(constraints.enum);
    add('enum', constraints.enum, (v: unknown) => !allowed.has(v));
  }
  if (checks.length === 0) return PASS;
  if (checks.length === 1) return checks[0];
  const lengthChecks = maxLength !== undefined || minLength !== undefined ? (maxLength !== undefined ? 1 : 0) + (minLength !== undefined ? 1 : 0) : 0;
  return (value, loc, errors, input = value) => {
    let ok = true;
    for (let i = 0; i < checks.length; i++) {
      if (!checks[i](value, loc, errors, input)) {
        ok = false;
        if (i < lengthChecks) break;
      }
    }
    return ok;
  };
}
