import type { FastifyRequest } from 'fastify';
import type { ValidationErrorItem } from '../errors/request-validation-error';

const receivedTexts = new WeakMap<object, string>();

/** Keeps the text a JSON body was parsed from, under the parsed object or the request it came with. */
export function rememberReceivedText(parsed: unknown, text: string): void {
  if (typeof parsed === 'object' && parsed !== null) receivedTexts.set(parsed, text);
}

/**
 * What the client sent, for `RequestValidationError.body`: the JSON as received (extra fields,
 * uncoerced values), else the body as it is. Called on the error path only.
 */
export function receivedBody(request: FastifyRequest): unknown {
  const text = receivedTexts.get(request);
  return text === undefined ? request.body : JSON.parse(text);
}

function valueAt(root: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return { found: false };
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
}

/**
 * Validation coerces the parsed body in place and drops unknown fields; pydantic reports what was
 * received (`"2.5"`, extra fields included). On failure only, the body is parsed again from its
 * text and each item's `input` read from it. `from` is where the body starts in each loc.
 */
export function withReceivedInputs(items: ValidationErrorItem[], parsed: unknown, from: number): ValidationErrorItem[] {
  const text = typeof parsed === 'object' && parsed !== null ? receivedTexts.get(parsed) : undefined;
  if (text === undefined) return items;
  const received: unknown = JSON.parse(text);
  return items.map((item) => {
    const path = item.loc.slice(from, item.type === 'missing' ? -1 : undefined);
    const { found, value } = valueAt(received, path);
    return found ? { ...item, input: value } : item;
  });
}
