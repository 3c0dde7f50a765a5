import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { Constraints } from './field-types';

type Loc = (string | number)[];

/**
 * Builders for pydantic v2's error items, with its wording, so that clients written against
 * FastAPI read tsapi's 422 bodies unchanged.
 */
export const pydantic = {
  missing: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'missing', loc, msg: 'Field required', input }),
  intParsing: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'int_parsing',
    loc,
    msg: 'Input should be a valid integer, unable to parse string as an integer',
    input,
  }),
  intParsingSize: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'int_parsing_size',
    loc,
    msg: 'Unable to parse input string as an integer, exceeded maximum size',
    input,
  }),
  intFromFloat: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'int_from_float',
    loc,
    msg: 'Input should be a valid integer, got a number with a fractional part',
    input,
  }),
  intType: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'int_type', loc, msg: 'Input should be a valid integer', input }),
  floatParsing: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'float_parsing',
    loc,
    msg: 'Input should be a valid number, unable to parse string as a number',
    input,
  }),
  floatType: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'float_type', loc, msg: 'Input should be a valid number', input }),
  boolParsing: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'bool_parsing',
    loc,
    msg: 'Input should be a valid boolean, unable to interpret input',
    input,
  }),
  boolType: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'bool_type', loc, msg: 'Input should be a valid boolean', input }),
  stringType: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'string_type', loc, msg: 'Input should be a valid string', input }),
  datetimeParsing: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'datetime_parsing',
    loc,
    msg: 'Input should be a valid datetime',
    input,
  }),
  listType: (loc: Loc, input: unknown): ValidationErrorItem => ({ type: 'list_type', loc, msg: 'Input should be a valid list', input }),
  modelAttributesType: (loc: Loc, input: unknown): ValidationErrorItem => ({
    type: 'model_attributes_type',
    loc,
    msg: 'Input should be a valid dictionary or object to extract fields from',
    input,
  }),
  jsonInvalid: (loc: Loc, error: string): ValidationErrorItem => ({
    type: 'json_invalid',
    loc,
    msg: 'JSON decode error',
    input: {},
    ctx: { error },
  }),
  /** The error for one failed constraint, or `undefined` when `value` meets it. */
  constraint: (name: keyof Constraints, limit: unknown, loc: Loc, input: unknown): ValidationErrorItem => {
    switch (name) {
      case 'minLength':
        return { type: 'string_too_short', loc, msg: `String should have at least ${plural(limit, 'character')}`, input, ctx: { min_length: limit } };
      case 'maxLength':
        return { type: 'string_too_long', loc, msg: `String should have at most ${plural(limit, 'character')}`, input, ctx: { max_length: limit } };
      case 'pattern':
        return { type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${limit}'`, input, ctx: { pattern: limit } };
      case 'ge':
        return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${limit}`, input, ctx: { ge: limit } };
      case 'gt':
        return { type: 'greater_than', loc, msg: `Input should be greater than ${limit}`, input, ctx: { gt: limit } };
      case 'le':
        return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${limit}`, input, ctx: { le: limit } };
      case 'lt':
        return { type: 'less_than', loc, msg: `Input should be less than ${limit}`, input, ctx: { lt: limit } };
      case 'minItems': {
        const actual = Array.isArray(input) ? input.length : 0;
        return {
          type: 'too_short',
          loc,
          msg: `List should have at least ${plural(limit, 'item')} after validation, not ${actual}`,
          input,
          ctx: { field_type: 'List', min_length: limit, actual_length: actual },
        };
      }
      case 'maxItems': {
        const actual = Array.isArray(input) ? input.length : 0;
        return {
          type: 'too_long',
          loc,
          msg: `List should have at most ${plural(limit, 'item')} after validation, not ${actual}`,
          input,
          ctx: { field_type: 'List', max_length: limit, actual_length: actual },
        };
      }
      case 'enum': {
        const expected = describeChoices(limit as readonly (string | number)[]);
        return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
      }
      case 'format':
        return { type: String(limit), loc, msg: `Input should be a valid ${limit}`, input };
    }
  },
};

function plural(count: unknown, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `'a', 'b' or 'c'`, as pydantic lists an enum's members. */
function describeChoices(choices: readonly (string | number)[]): string {
  const shown = choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c)));
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
