import { oncePerKey } from '../once-per-key';

/** A route path in OpenAPI form and in Fastify's form, with its parameter names. */
export interface PathDef {
  /** `/items/{itemId}` */
  readonly openapi: string;
  /** `/items/:itemId` */
  readonly fastify: string;
  /** Parameter names, and the key each has in Fastify's `request.params`. */
  readonly params: ReadonlyMap<string, string>;
}

/** The key Fastify gives a `{rest:path}` value in `request.params`. */
export const REST_OF_PATH_KEY = '*';

/**
 * find-my-way matches `/items/` to `/items/:id` with an empty id, where Starlette's `{id}` needs
 * at least one character; only `{rest:path}` may be empty.
 */
export function hasEmptySegment(params: Readonly<Record<string, string | undefined>>): boolean {
  for (const key in params) if (params[key] === '' && key !== REST_OF_PATH_KEY) return true;
  return false;
}

const BRACE_PARAM = /\{([A-Za-z_][\w]*)(?::path)?\}/g;

/** Joins prefixes the way FastAPI does: `/items` + `/` is `/items/`, `/items` + `` is `/items`. */
export function joinPaths(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').map((p) => (p.startsWith('/') ? p : `/${p}`)).join('');
  return (joined.replace(/\/{2,}/g, '/') || '/').replace(/^(?!\/)/, '/');
}

/**
 * Converts `/items/{itemId}` or `/items/:itemId` into both forms. `{rest:path}` matches the rest of
 * the path, as Starlette's path convertor.
 */
export function parsePath(path: string): PathDef {
  const params = new Map<string, string>();
  // `:name` outside braces only: the `:path` of `{rest:path}` is not a parameter.
  const braced = path.replace(/\{[^}]*\}|:([A-Za-z_]\w*)/g, (whole, name: string | undefined) => (name ? `{${name}}` : whole));
  const fastify = braced.replace(BRACE_PARAM, (whole, name: string) => {
    const rest = whole.endsWith(':path}');
    params.set(name, rest ? REST_OF_PATH_KEY : name);
    return rest ? REST_OF_PATH_KEY : `:${name}`;
  });
  const openapi = braced.replace(/\{([A-Za-z_]\w*):path\}/g, '{$1}');
  return { openapi, fastify, params: sharedParams(params) };
}

const paramsByNames = new Map<string, ReadonlyMap<string, string>>();

/** Paths with the same parameters (`{id}` of every resource) share one map: it is only ever read. */
function sharedParams(params: Map<string, string>): ReadonlyMap<string, string> {
  return oncePerKey(paramsByNames, JSON.stringify([...params]), () => params);
}
