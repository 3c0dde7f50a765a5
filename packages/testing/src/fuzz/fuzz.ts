import type { App } from '@tsapi/core';
import fc from 'fast-check';
import { TestClient } from '../test-client';
import { SchemaResolver } from './json-schema';
import { operationsOf, type Operation } from './operations';
import { type FuzzRequest, OperationFuzzer } from './requests';
import { checkValidationBody, ResponseSchemas } from './response-checks';

export interface FuzzOptions {
  /** Requests in all, shared evenly by the operations. Default 1,000. */
  readonly requests?: number;
  /** Same seed, same requests: a failure found once can be replayed. Default: random (reported). */
  readonly seed?: number;
  /** Share of requests that break a documented rule. Default 0.5. */
  readonly invalidShare?: number;
  /** Headers on every request, e.g. `{ authorization: 'Bearer …' }` to get past security. */
  readonly headers?: Record<string, string>;
  /** Which operations to fuzz (by operationId or `"GET /path"`); default all. */
  readonly include?: (operation: { id: string; method: string; path: string }) => boolean;
  /**
   * Whether a valid request may be refused with 422 (constraints the document cannot express,
   * such as class-validator's own checks). Default false: such an answer is a failure.
   */
  readonly allowValidRejected?: boolean;
  /**
   * The client to send through; it must not raise server exceptions or follow redirects. Without
   * one, `fuzz` makes its own and closes the app when done (lifespan shutdown included).
   */
  readonly client?: TestClient;
}

export interface FuzzFailure {
  readonly operation: string;
  readonly request: {
    method: string;
    path: string;
    query?: unknown;
    headers?: unknown;
    body?: unknown;
    invalid?: string;
  };
  readonly status: number;
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly operations: number;
  /** Answers counted by status code. */
  readonly statuses: Readonly<Record<number, number>>;
  readonly failures: readonly FuzzFailure[];
}

/** Failures kept per operation: enough to see a pattern, few enough that one fault does not hide the others. */
const FAILURES_PER_OPERATION = 5;

function describe(request: FuzzRequest): FuzzFailure['request'] {
  const { query, headers, json, form, body } = request.options;
  return {
    method: request.method,
    path: request.path,
    query,
    headers,
    body: json ?? form ?? body,
    invalid: request.invalid,
  };
}

/** Requests for one operation: valid ones first in each pair, then (where there is a rule to break) an invalid one. */
function requestsFor(
  operation: Operation,
  resolver: SchemaResolver,
  count: number,
  invalidShare: number,
  seed: number,
): FuzzRequest[] {
  const fuzzer = new OperationFuzzer(operation, resolver);
  const invalid = fuzzer.invalid();
  const invalidCount = invalid === undefined ? 0 : Math.round(count * invalidShare);
  const valid = fc.sample(fuzzer.valid(), { numRuns: count - invalidCount, seed });
  const broken =
    invalid === undefined || invalidCount === 0 ? [] : fc.sample(invalid, { numRuns: invalidCount, seed: seed + 1 });
  return [...valid, ...broken];
}

/**
 * Reads the app's own OpenAPI document and sends generated requests to every operation: valid
 * ones, and ones that break one documented rule each. A failure is a 5xx, a 422 whose body is not
 * FastAPI's, a valid request refused with 422, a broken one accepted with 2xx, or an answer that
 * does not match the schema documented for its status.
 *
 * @example
 * const report = await fuzz(app, { requests: 5_000, headers: { authorization: `Bearer ${token}` } });
 * expect(report.failures).toEqual([]);
 */
export async function fuzz(app: App, options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const total = options.requests ?? 1000;
  const invalidShare = options.invalidShare ?? 0.5;
  const document = app.openapi() as unknown as Parameters<typeof operationsOf>[0] & object;
  const resolver = new SchemaResolver(document as ConstructorParameters<typeof SchemaResolver>[0]);
  const schemas = new ResponseSchemas(document);
  const operations = operationsOf(document).filter((o) => options.include?.(o) ?? true);
  const client = options.client ?? new TestClient(app, { raiseServerExceptions: false, followRedirects: false });
  const statuses: Record<number, number> = {};
  const failures: FuzzFailure[] = [];
  let sent = 0;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const perOperation = operations.length === 0 ? 0 : Math.max(1, Math.floor(total / operations.length));
    for (const [index, operation] of operations.entries()) {
      let kept = 0;
      for (const request of requestsFor(operation, resolver, perOperation, invalidShare, seed + index * 2)) {
        const response = await client.request(request.method as 'GET', request.path, {
          ...request.options,
          headers: { ...options.headers, ...request.options.headers },
        });
        sent++;
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const problem =
          response.status >= 500
            ? `server error: ${response.text.slice(0, 300)}`
            : response.status === 422
              ? (checkValidationBody(response) ??
                (request.invalid === undefined && !options.allowValidRejected
                  ? `a valid request was refused: ${response.text.slice(0, 300)}`
                  : undefined))
              : request.invalid !== undefined && response.status < 300
                ? `a request with ${request.invalid} was accepted`
                : schemas.check(operation, response);
        if (problem !== undefined && kept++ < FAILURES_PER_OPERATION)
          failures.push({ operation: operation.id, request: describe(request), status: response.status, problem });
      }
    }
    for (const reason of unhandled)
      failures.push({
        operation: '(process)',
        request: { method: '', path: '' },
        status: 0,
        problem: `unhandled rejection: ${String(reason)}`,
      });
  } finally {
    process.off('unhandledRejection', onUnhandled);
    if (options.client === undefined) await client.close();
  }
  return { seed, requests: sent, operations: operations.length, statuses, failures };
}
