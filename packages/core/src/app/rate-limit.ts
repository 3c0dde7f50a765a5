import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { HTTPException } from '../errors/http-exception';

/**
 * A rate limit: `max` requests per `timeWindow` (milliseconds or a string such as
 * `'1 minute'`) per client IP (forwarded addresses count only under Fastify's `trustProxy`).
 * The other options are @fastify/rate-limit's, e.g. `redis` (an ioredis client) to share the
 * counts between processes and machines.
 */
export interface RateLimitOptions extends Omit<RateLimitPluginOptions, 'max' | 'timeWindow'> {
  max: number;
  timeWindow: string | number;
}

function describeWindow(window: string | number): string {
  if (typeof window === 'string') return window;
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [ms, unit] of units) {
    if (window % ms === 0) {
      const n = window / ms;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${window} milliseconds`;
}

/** The 429 as `{"detail": "Rate limit exceeded: 5 per 1 minute"}`; the plugin has set `Retry-After` and the `x-ratelimit-*` headers. */
export function rateLimitErrorBuilder(limit: { max: number; timeWindow: string | number }) {
  const detail = `Rate limit exceeded: ${limit.max} per ${describeWindow(limit.timeWindow)}`;
  return (_request: FastifyRequest, context: { statusCode: number }) =>
    new HTTPException(context.statusCode, context.statusCode === 429 ? detail : 'Forbidden');
}

/** The plugin's options: global when the app gives a limit, else only routes with their own `rateLimit`. */
export function toRateLimitPlugin(appLimit: RateLimitOptions | undefined): RateLimitPluginOptions {
  if (appLimit === undefined) return { global: false };
  return { ...appLimit, global: true, errorResponseBuilder: rateLimitErrorBuilder(appLimit) };
}
