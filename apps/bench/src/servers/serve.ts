import type { RunningServer } from './server-contract';

type Start = (host: string) => Promise<RunningServer>;

// Each framework is loaded only in the processes that serve it, so that none pays for another's modules.
const STARTS: Readonly<Record<string, Start>> = {
  tsapi: async (host) => (await import('./tsapi-app')).startTsapi(host),
  'tsapi-middleware': async (host) => (await import('./tsapi-app')).startTsapi(host, { middleware: true }),
  'tsapi-cors': async (host) => (await import('./tsapi-app')).startTsapi(host, { cors: true }),
  'tsapi-stack': async (host) => (await import('./tsapi-app')).startTsapi(host, { middleware: true, cors: true }),
  fastify: async (host) => (await import('./fastify-app')).startFastify(host),
  'fastify-cors': async (host) => (await import('./fastify-app')).startFastify(host, { cors: true }),
  'fastify-stack': async (host) => (await import('./fastify-app')).startFastify(host, { stack: true }),
  nestjs: async (host) => (await import('./nest-app')).startNest(host),
  'nestjs-stack': async (host) => (await import('./nest-app')).startNest(host, { stack: true }),
};

/**
 * Child-process entry: `node serve.js <server>`. Listens on a free port of 127.0.0.1, reports it to
 * the runner, and exits cleanly on `stop` (so that `--cpu-prof` writes its profile) or when the
 * runner goes away.
 */
async function main(): Promise<void> {
  const kind = process.argv[2];
  const start = kind === undefined ? undefined : STARTS[kind];
  if (!start || !process.send) throw new Error(`usage: forked by run.js as serve.js ${Object.keys(STARTS).join('|')}`);
  const server = await start('127.0.0.1');
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send({ port: server.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
