import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ValidationErrorItem } from '../errors/request-validation-error';

/**
 * The text a JSON body was parsed from, kept on the request. A decorated request property is a
 * plain field write per request; a WeakMap keyed by short-lived bodies made the garbage
 * collector do ephemeron work on every request.
 */
const RECEIVED_TEXT = 'tsapiReceivedText';

type WithText = FastifyRequest & { [RECEIVED_TEXT]?: string };

export function declareReceivedText(fastify: FastifyInstance): void {
  if (!fastify.hasRequestDecorator(RECEIVED_TEXT)) fastify.decorateRequest(RECEIVED_TEXT, undefined);
}

export function rememberReceivedText(request: FastifyRequest, text: string): void {
  (request as WithText)[RECEIVED_TEXT] = text;
}

function parsedText(request: FastifyRequest): unknown {
  const text = (request as WithText)[RECEIVED_TEXT];
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * What the client sent, for `RequestValidationError.body`: the JSON as received (extra fields,
 * uncoerced values), else the body as it is. Called on the error path only.
 */
export function receivedBody(request: FastifyRequest): unknown {
  const received = parsedText(request);
  return received === undefined ? request.body : received;
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
 * text and each body item's `input` read from it (`loc` starts with `body`).
 */
export function withReceivedInputs(items: ValidationErrorItem[], request: FastifyRequest): ValidationErrorItem[] {
  const received = parsedText(request);
  if (received === undefined) return items;
  return items.map((item) => {
    const path = item.loc.slice(1, item.type === 'missing' ? -1 : undefined);
    const { found, value } = valueAt(received, path);
    return found ? { ...item, input: value } : item;
  });
}
