import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';

export type GeneratedKind = 'tsapi' | 'fastify';

/** What the child reports once it listens. */
export interface GeneratedReady {
  readonly port: number;
  /** tsapi: `new App` → `ready()`; Fastify: `Fastify()` and its routes → `ready()`. */
  readonly compileMs: number;
}

interface Built {
  readonly compileMs: number;
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

async function build(kind: GeneratedKind, routeCount: number): Promise<Built> {
  if (kind === 'tsapi') {
    const { buildGeneratedTsapi, generateTsapiControllers } = await import('./generate-tsapi');
    const controllers = generateTsapiControllers(routeCount);
    const start = performance.now();
    const app = buildGeneratedTsapi(controllers);
    await app.ready();
    const compileMs = performance.now() - start;
    return {
      compileMs,
      listen: async () => (
        await app.listen({ host: '127.0.0.1', port: 0 }),
        app.fastify.server.address() as AddressInfo
      ),
      close: () => app.close(),
    };
  }
  const { buildGeneratedFastify } = await import('./generate-fastify');
  const start = performance.now();
  const app = buildGeneratedFastify(routeCount);
  await app.ready();
  const compileMs = performance.now() - start;
  return {
    compileMs,
    listen: async () => (await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address() as AddressInfo),
    close: () => app.close(),
  };
}

/**
 * Child-process entry: `node serve-generated.js tsapi|fastify <routes>`. Builds an app with that
 * many routes, reports its port and compile time, answers `memory` with its RSS (after a full
 * collection when started with `--expose-gc`), exits on `stop`.
 */
/** Garbage that start-up left in the old generation stays there until a full collection. */
function rssAfterCollection(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const [kind, count] = process.argv.slice(2);
  const routeCount = Number(count);
  if ((kind !== 'tsapi' && kind !== 'fastify') || !Number.isInteger(routeCount) || routeCount < 1 || !process.send) {
    throw new Error('usage: forked by the start-up benchmark as serve-generated.js tsapi|fastify <routes>');
  }
  const built = await build(kind, routeCount);
  const address = await built.listen();
  const stop = () => void built.close().finally(() => process.exit(0));
  process.on('message', (message) => {
    if (message === 'stop') stop();
    if (message === 'memory') process.send!({ rss: rssAfterCollection() });
  });
  process.on('disconnect', stop);
  const ready: GeneratedReady = { port: address.port, compileMs: built.compileMs };
  process.send(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
