import type { FastifyCorsOptions } from '@fastify/cors';

/**
 * CORS as Starlette's `CORSMiddleware` names it, or @fastify/cors' own options. Nothing is
 * allowed unless listed: without `allowOrigins` (or `origin`) no origin gets CORS headers.
 */
export interface CorsOptions extends FastifyCorsOptions {
  allowOrigins?: readonly string[];
  allowOriginRegex?: string;
  allowMethods?: readonly string[];
  allowHeaders?: readonly string[];
  allowCredentials?: boolean;
  exposeHeaders?: readonly string[];
  maxAge?: number;
}

/**
 * Maps the options to @fastify/cors with Starlette's safe semantics: deny by default, and `*`
 * with credentials echoes the request's origin (with `Vary: Origin`), since browsers refuse a
 * literal `*` on credentialed requests.
 */
export function toFastifyCors(options: CorsOptions): FastifyCorsOptions {
  const { allowOrigins, allowOriginRegex, allowMethods, allowHeaders, allowCredentials, exposeHeaders, maxAge, ...fastifyOptions } = options;
  const credentials = allowCredentials ?? fastifyOptions.credentials ?? false;
  const out: FastifyCorsOptions = { ...fastifyOptions, credentials };
  if (fastifyOptions.origin === undefined) {
    const origins = allowOrigins ?? [];
    if (origins.includes('*')) out.origin = credentials ? true : '*';
    else {
      const allowed: (string | RegExp)[] = [...origins];
      if (allowOriginRegex) allowed.push(new RegExp(`^(?:${allowOriginRegex})$`));
      out.origin = allowed.length > 0 ? allowed : false;
    }
  } else if (fastifyOptions.origin === '*' && credentials) {
    out.origin = true;
  }
  if (allowMethods) out.methods = allowMethods.includes('*') ? ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] : [...allowMethods];
  if (allowHeaders && !allowHeaders.includes('*')) out.allowedHeaders = [...allowHeaders];
  if (exposeHeaders) out.exposedHeaders = [...exposeHeaders];
  out.maxAge ??= maxAge ?? 600;
  return out;
}
