import type { DependencyLike } from '../di/dependency-like';
import type { Constructor } from '../metadata/records';

export type { DependencyLike };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD';

/** Scalar wire types a parameter can be coerced to, named as in JSON Schema. */
export type ScalarType = 'integer' | 'number' | 'string' | 'boolean' | 'date-time';

/** An explicit type: a scalar, a class (bodies, query models), or a one-element list of either. */
export type TypeSpec = ScalarType | Constructor | readonly [ScalarType] | readonly [Constructor];

/** Options shared by `@Path`, `@Query`, `@Header`, `@Cookie` and `@Body`. */
export interface ParamOptions {
  type?: TypeSpec;
  default?: unknown;
  /** `false` without a default makes the parameter optional (`undefined` when absent). */
  required?: boolean;
  alias?: string;
  title?: string;
  description?: string;
  deprecated?: boolean;
  example?: unknown;
  enum?: readonly (string | number)[];
  ge?: number;
  gt?: number;
  le?: number;
  lt?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  includeInSchema?: boolean;
  /** Documentation only: a JSON Schema `format` shown in OpenAPI (e.g. `'password'` to mask a field in Swagger UI). */
  format?: string;
  /** Headers only: read `user_agent` from `user-agent` (default `true`, as FastAPI). */
  convertUnderscores?: boolean;
  /** Body only: expect `{ name: value }` even for a single body parameter. */
  embed?: boolean;
}

/**
 * When a generator dependency's cleanup runs: `'request'` after the response has been sent,
 * `'function'` as soon as the handler has returned (before the response is sent).
 */
export type DependencyScope = 'request' | 'function';

export interface DependsOptions {
  /** `false` calls the dependency again even if it already ran for this request. */
  useCache?: boolean;
  scope?: DependencyScope;
}

/** A `Depends(x)` or `Security(x, scopes)` descriptor, as used in `dependencies: [...]` lists. */
export interface DependencyDescriptor {
  readonly dependency?: DependencyLike;
  readonly useCache?: boolean;
  readonly scope?: DependencyScope;
  readonly scopes?: readonly string[];
}

export interface ResponseDoc {
  description?: string;
  model?: Constructor | readonly [Constructor];
}

/** The kind of `Response` a route sends by default, e.g. `HTMLResponse`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResponseClass = new (body: any, statusCode?: number, headers?: Record<string, string>) => unknown;

export interface RouteOptions {
  statusCode?: number;
  responseModel?: Constructor | readonly [Constructor];
  responseModelExcludeUnset?: boolean;
  responseModelExcludeNone?: boolean;
  responseClass?: ResponseClass;
  summary?: string;
  description?: string;
  tags?: readonly string[];
  deprecated?: boolean;
  operationId?: string;
  responses?: Readonly<Record<number | string, ResponseDoc>>;
  dependencies?: readonly DependencyDescriptor[];
  includeInSchema?: boolean;
  rateLimit?: { max: number; timeWindow: string | number } | false;
}

export interface ControllerOptions {
  tags?: readonly string[];
  dependencies?: readonly DependencyDescriptor[];
  deprecated?: boolean;
  includeInSchema?: boolean;
}
