import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { TestResponse } from '../test-response';
import type { JsonSchema } from './json-schema';
import type { Operation } from './operations';

/** What is wrong with one answer, or `undefined` when nothing is. */
export type Problem = string | undefined;

function isValidationError(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, loc, msg } = item as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof msg === 'string' &&
    Array.isArray(loc) &&
    loc.every((part) => typeof part === 'string' || typeof part === 'number')
  );
}

/** FastAPI's 422: `{"detail": [{"type", "loc", "msg", …}, …]}` with at least one error. */
export function checkValidationBody(response: TestResponse): Problem {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return `422 body is not JSON: ${response.text.slice(0, 200)}`;
  }
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail) || detail.length === 0 || !detail.every(isValidationError))
    return `422 body is not FastAPI's {"detail": [{type, loc, msg}]}: ${response.text.slice(0, 300)}`;
  return undefined;
}

/** Validates JSON answers against the schemas the document gives for their status codes. */
export class ResponseSchemas {
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<JsonSchema, ValidateFunction>();

  constructor(document: object) {
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...document, $id: 'tsapi-fuzz-document' });
  }

  check(operation: Operation, response: TestResponse): Problem {
    const schema =
      operation.responses.get(String(response.status)) ??
      operation.responses.get(`${String(response.status)[0]}XX`) ??
      operation.responses.get('default');
    if (schema === undefined) return undefined;
    if (!(response.headers['content-type'] ?? '').toString().startsWith('application/json'))
      return `documented as JSON, answered ${response.headers['content-type'] ?? 'without a content type'}`;
    let body: unknown;
    try {
      body = response.json();
    } catch {
      return `answer is not JSON: ${response.text.slice(0, 200)}`;
    }
    const validate = this.#validator(schema);
    if (validate(body)) return undefined;
    const [first] = validate.errors ?? [];
    return `answer does not match its documented schema (${first?.instancePath || '/'} ${first?.message ?? ''}): ${response.text.slice(0, 300)}`;
  }

  #validator(schema: JsonSchema): ValidateFunction {
    let validate = this.#compiled.get(schema);
    if (validate === undefined) {
      // References point into the document, added above under its own id.
      const rebased = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"tsapi-fuzz-document#/components/'),
      ) as object;
      validate = this.#ajv.compile(rebased);
      this.#compiled.set(schema, validate);
    }
    return validate;
  }
}
