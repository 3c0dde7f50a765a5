import { startFastify } from './fastify-app';
import { startTsapi } from './tsapi-app';

/**
 * Child-process entry: `node serve.js tsapi|fastify|tsapi-middleware|tsapi-cors`. Listens on a free port of 127.0.0.1,
 * reports it to the runner, and exits cleanly on `stop` (so that `--cpu-prof` writes its profile)
 * or when the runner goes away.
 */
async function main(): Promise<void> {
  const kind = process.argv[2];
  const starts: Record<string, (host: string) => Promise<{ port: number; close: () => Promise<void> }>> = {
    tsapi: (host) => startTsapi(host),
    fastify: startFastify,
    'tsapi-middleware': (host) => startTsapi(host, { middleware: true }),
    'tsapi-cors': (host) => startTsapi(host, { cors: true }),
  };
  const start = kind === undefined ? undefined : starts[kind];
  if (!start || !process.send) throw new Error(`usage: forked by run.js as serve.js ${Object.keys(starts).join('|')}`);
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
