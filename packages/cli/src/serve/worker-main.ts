import { isUserError } from '../cli-error';
import { loadApp } from '../entry/load-app';
import { serveApp } from './serve-app';
import { SHUTDOWN_MESSAGE, WORKER_CONFIG_ENV, type WorkerConfig, type WorkerReport } from './worker-messages';

let shutdown: (() => void) | undefined;

/** Asked to stop by the primary, or left without one: close gracefully, or just exit if not serving yet. */
function requestShutdown(): void {
  if (shutdown) shutdown();
  else process.exit(0);
}

/** A cluster worker of `tsapi run --workers N`: serves the app and reports to the primary. */
async function startWorker(): Promise<void> {
  process.on('message', (message: { type?: string } | null) => {
    if (message?.type === SHUTDOWN_MESSAGE.type) requestShutdown();
  });
  process.on('disconnect', requestShutdown);
  const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? '{}') as WorkerConfig;
  const app = await loadApp(config.entry);
  const serving = await serveApp(app, config);
  shutdown = serving.shutdown;
  report({ type: 'tsapi:listening', url: serving.url });
}

function report(message: WorkerReport, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

startWorker().catch((error: unknown) => {
  const fatal = isUserError(error);
  if (!fatal)
    process.stderr.write(`tsapi: worker ${process.pid} failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  report({ type: 'tsapi:failed', message: (error as Error)?.message ?? String(error), fatal }, () => process.exit(1));
});
