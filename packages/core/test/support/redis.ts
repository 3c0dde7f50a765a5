import Redis from 'ioredis';

const START_REDIS = 'start redis-server: apt-get install -y redis-server && redis-server --daemonize yes';

/** A prefix no other run or suite uses, so suites can share the one local Redis. */
export function uniquePrefix(suite: string): string {
  return `tsapi-test-${suite}-${process.pid}-${Date.now()}-`;
}

/** Clients to the local Redis, tracked so that `closeRedis` can end them and remove a suite's keys. */
export class RedisFixture {
  readonly #clients: Redis[] = [];
  readonly admin = this.client();

  constructor(readonly prefix: string) {}

  client(): Redis {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
    // Connection errors surface through the commands (and `expectReachable`), not as unhandled events.
    redis.on('error', () => undefined);
    this.#clients.push(redis);
    return redis;
  }

  /** Fails the suite at once, with how to start Redis, when no server answers. */
  async expectReachable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3000);
    });
    const reply = await Promise.race([this.admin.ping(), timeout])
      .catch((error: unknown) => {
        throw new Error(
          `Redis is not reachable on 127.0.0.1:6379 (${error instanceof Error ? error.message : String(error)}); ${START_REDIS}`,
        );
      })
      .finally(() => clearTimeout(timer));
    if (reply !== 'PONG') throw new Error(`Redis answered PING with ${reply}`);
  }

  /** Removes the keys under the prefix and closes every client. */
  async close(): Promise<void> {
    if (this.admin.status === 'ready') {
      const keys = await this.admin.keys(`${this.prefix}*`);
      if (keys.length > 0) await this.admin.del(...keys);
    }
    await Promise.all(
      this.#clients.splice(0).map(async (r) => {
        if (r.status === 'ready') await r.quit();
        else r.disconnect();
      }),
    );
  }
}
