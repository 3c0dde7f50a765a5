import type { Command } from '../command';
import { compiledEntry, loadApp, resolveEntry } from '../entry/load-app';
import { writeOut } from '../output';
import { parseGracefulTimeout, parseWorkers, readListenOptions } from '../serve/listen-options';
import { serveApp } from '../serve/serve-app';
import { WorkerPool } from '../serve/worker-pool';

export const runCommand: Command = {
  name: 'run',
  summary: 'serve an app in production, in one process or in N workers',
  arguments: ['ENTRY'],
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    workers: { type: 'string' },
    'timeout-graceful-shutdown': { type: 'string' },
  },
  usage: `Usage: tsapi run ENTRY [--host HOST] [--port PORT] [--workers N] [--timeout-graceful-shutdown S]

Serves the app that ENTRY exports (app, default, or createApp()). A .ts ENTRY is compiled
first with its project's tsconfig.json.

Options:
  --host HOST    address to listen on (default: $HOST, else 127.0.0.1)
  --port PORT    port to listen on (default: $PORT, else 8000; 0 picks a free port)
  --workers N    fork N worker processes sharing the port; a worker that dies is replaced
  --timeout-graceful-shutdown S
                 exit 1 if closing gracefully takes longer than S seconds (default: wait)
  -h, --help     show this help

SIGTERM or SIGINT closes gracefully: requests in flight finish, background tasks drain, the
lifespan shutdown runs, and the process exits 0.

Example:
  tsapi run dist/main.js --port 8080 --workers 4
`,
  async run({ values, positionals }) {
    const timeout = values['timeout-graceful-shutdown'];
    const options = {
      ...readListenOptions(values),
      ...(typeof timeout === 'string' ? { gracefulTimeout: parseGracefulTimeout(timeout) } : {}),
    };
    const workers = typeof values.workers === 'string' ? parseWorkers(values.workers) : undefined;
    if (workers === undefined) {
      const { url } = await serveApp(await loadApp(positionals[0]), options);
      await writeOut(`tsapi: listening on ${url} (pid ${process.pid})\n`);
    } else {
      new WorkerPool(workers, { entry: compiledEntry(resolveEntry(positionals[0])), ...options }).start();
    }
    return undefined;
  },
};
