import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { ScalarType } from '../params/options';
import { pydantic } from './pydantic-errors';

/** A failed coercion: which pydantic error it is. Shared instances, so success allocates nothing. */
export class CoercionFailure {
  constructor(readonly build: (loc: (string | number)[], input: unknown) => ValidationErrorItem) {}
}

const INT_PARSING = new CoercionFailure(pydantic.intParsing);
const INT_PARSING_SIZE = new CoercionFailure(pydantic.intParsingSize);
const INT_FROM_FLOAT = new CoercionFailure(pydantic.intFromFloat);
const INT_TYPE = new CoercionFailure(pydantic.intType);
const FLOAT_PARSING = new CoercionFailure(pydantic.floatParsing);
const FLOAT_TYPE = new CoercionFailure(pydantic.floatType);
const BOOL_PARSING = new CoercionFailure(pydantic.boolParsing);
const BOOL_TYPE = new CoercionFailure(pydantic.boolType);
const STRING_TYPE = new CoercionFailure(pydantic.stringType);
const DATETIME_PARSING = new CoercionFailure(pydantic.datetimeParsing);

// Decimal digits only: `0x10`, `1e3`, `1.5`, `NaN` and `""` are not integers (pydantic's int parsing).
const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// RFC 3339 / ISO 8601 date-time as pydantic accepts it (date alone means midnight UTC).
const DATE_TIME_TEXT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

export type Coerce = (value: unknown) => unknown;

function toInteger(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return INT_PARSING;
    if (!Number.isInteger(value)) return INT_FROM_FLOAT;
    return Number.isSafeInteger(value) ? value : INT_PARSING_SIZE;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!INTEGER_TEXT.test(text)) return INT_PARSING;
    const parsed = Number(text);
    // Beyond 2^53 a double cannot hold the integer: reject rather than round.
    return Number.isSafeInteger(parsed) ? parsed : INT_PARSING_SIZE;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return INT_TYPE;
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : FLOAT_PARSING;
  if (typeof value === 'string') {
    const text = value.trim();
    return FLOAT_TEXT.test(text) ? Number(text) : FLOAT_PARSING;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return FLOAT_TYPE;
}

function toBoolean(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return BOOL_PARSING;
  }
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : BOOL_PARSING;
  return BOOL_TYPE;
}

function toStringValue(value: unknown): unknown {
  return typeof value === 'string' ? value : STRING_TYPE;
}

function toDate(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? DATETIME_PARSING : value;
  if (typeof value !== 'string' || !DATE_TIME_TEXT.test(value)) return DATETIME_PARSING;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? DATETIME_PARSING : date;
}

/** The lax-mode coercion pydantic applies to each scalar type, for query strings and JSON alike. */
export const coercers: Readonly<Record<ScalarType, Coerce>> = {
  integer: toInteger,
  number: toNumber,
  boolean: toBoolean,
  string: toStringValue,
  'date-time': toDate,
};
