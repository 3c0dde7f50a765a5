import type { App } from '@tsapi/core';
import { toListenError, type ListenOptions } from './listen-options';
import { onShutdownSignal } from './shutdown-signals';

export interface ServingApp {
  readonly url: string;
  /** Closes gracefully and exits the process; calls after the first do nothing. */
  readonly shutdown: () => void;
}

export interface ServeOptions extends ListenOptions {
  /** Seconds a graceful close may take before the process exits 1 anyway (uvicorn's `--timeout-graceful-shutdown`). */
  readonly gracefulTimeout?: number;
}

/**
 * Listens, and on SIGTERM or SIGINT (or `shutdown()`) closes the app gracefully: it stops
 * accepting, requests in flight finish, background tasks drain and the lifespan shutdown runs
 * (`app.close()`); then the process exits 0 (1 if closing failed, or outlasted `gracefulTimeout`).
 */
export async function serveApp(app: App, options: ServeOptions): Promise<ServingApp> {
  let url: string;
  try {
    url = await app.listen(options);
  } catch (error) {
    // The lifespan may have started before listening failed: let it shut down.
    await app.close().catch(() => undefined);
    throw toListenError(error, options);
  }
  let closing: Promise<void> | undefined;
  const shutdown = (): void => {
    if (closing) return;
    const { gracefulTimeout } = options;
    if (gracefulTimeout !== undefined) {
      // A request that never ends would otherwise hold the process (and a deploy) forever.
      setTimeout(() => {
        process.stderr.write(
          `tsapi: still closing after ${gracefulTimeout} s (--timeout-graceful-shutdown), exiting\n`,
        );
        process.exit(1);
      }, gracefulTimeout * 1000);
    }
    closing = app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tsapi: closing the app failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  onShutdownSignal(shutdown);
  return { url, shutdown };
}
