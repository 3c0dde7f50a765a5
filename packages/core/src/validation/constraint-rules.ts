import type { Constraints } from './field-types';

/** A declared constraint whose value cannot mean anything, and what it should be instead. */
export interface ConstraintMistake {
  readonly keyword: keyof Constraints;
  readonly value: unknown;
  readonly rule: string;
}

const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems'] as const;
const BOUNDS = ['ge', 'gt', 'le', 'lt'] as const;

/**
 * JSON Schema's own rules for the constraint keywords tsapi emits, checked once per field when the
 * app compiles. They replace ajv's meta-schema validation of every generated schema, which cost
 * each ajv instance a compilation of the meta-schema (tens of milliseconds) at every start-up, and
 * they cover path, query, header and cookie parameters too, which ajv never sees.
 */
export function constraintMistakes(constraints: Constraints): ConstraintMistake[] {
  const mistakes: ConstraintMistake[] = [];
  for (const keyword of COUNTS) {
    const value = constraints[keyword];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0))
      mistakes.push({ keyword, value, rule: 'a whole number of 0 or more' });
  }
  for (const keyword of BOUNDS) {
    const value = constraints[keyword];
    if (value !== undefined && !Number.isFinite(value)) mistakes.push({ keyword, value, rule: 'a finite number' });
  }
  const { pattern } = constraints;
  if (pattern !== undefined && !compilesAsUnicodeRegex(pattern)) {
    mistakes.push({
      keyword: 'pattern',
      value: pattern,
      rule: "a regular expression valid with the 'u' flag, as JSON Schema reads patterns",
    });
  }
  return mistakes;
}

function compilesAsUnicodeRegex(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
