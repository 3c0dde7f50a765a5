import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { App, Cache, Controller, Depends, Get, HTTPException, RedisCacheStore, Req, type Request } from '@tsapi/core';

export interface Settings {
  /** Shares rate-limit counts and cached entries between workers and machines; without it each process keeps its own. */
  redis?: Redis;
  /** Goes before every cache key, so that the apps (or versions of one) sharing a Redis keep apart. */
  cachePrefix?: string;
}

export function createApp({ redis, cachePrefix = 'ops:v1:' }: Settings = {}): App {
  const cache = new Cache({ store: redis && new RedisCacheStore(redis), prefix: cachePrefix, ttl: 60 });

  @Controller()
  class OpsController {
    /** Liveness: the process answers. Probes come often: they stay out of the rate limit. */
    @Get('/health', { includeInSchema: false, rateLimit: false })
    health() {
      return { status: 'ok' };
    }

    /** Readiness: what the process needs answers too. */
    @Get('/ready', { includeInSchema: false, rateLimit: false })
    async ready() {
      const redisUp = !redis || (await redis.ping().catch(() => null)) === 'PONG';
      if (!redisUp) throw new HTTPException(503, 'Redis is unreachable');
      return { status: 'ready' };
    }

    @Get('/whoami')
    whoami(@Req() request: Request) {
      return { ip: request.ip };
    }

    /** Computed by one worker, then served by every worker from the cache for a minute. */
    @Get('/reports/daily')
    daily(@Depends(cache) reports: Cache) {
      return reports.getOrSet('reports:daily', () => ({ id: randomUUID(), builtAt: new Date().toISOString() }));
    }
  }

  return new App({
    controllers: [OpsController],
    // One reverse proxy in front, on this machine: trust its X-Forwarded-For, and no one else's.
    fastify: { trustProxy: '127.0.0.1' },
    // skipOnError: while Redis is down, serve without limits rather than fail every request.
    rateLimit: { max: 100, timeWindow: '1 minute', redis, skipOnError: true },
  });
}
