import 'reflect-metadata';
import type Redis from 'ioredis';
import { App, Controller, Get, HTTPException, Req, type Request } from '@tsapi/core';

export interface Settings {
  /** Shares rate-limit counts between workers and machines; without it each process counts alone. */
  redis?: Redis;
}

export function createApp({ redis }: Settings = {}): App {
  @Controller()
  class OpsController {
    /** Liveness: the process answers. */
    @Get('/health', { includeInSchema: false })
    health() {
      return { status: 'ok' };
    }

    /** Readiness: what the process needs answers too. */
    @Get('/ready', { includeInSchema: false })
    async ready() {
      const redisUp = !redis || (await redis.ping().catch(() => null)) === 'PONG';
      if (!redisUp) throw new HTTPException(503, 'Redis is unreachable');
      return { status: 'ready' };
    }

    @Get('/whoami')
    whoami(@Req() request: Request) {
      return { ip: request.ip };
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
