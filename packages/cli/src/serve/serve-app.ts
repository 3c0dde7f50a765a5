import type { App } from '@tsapi/core';
import { toListenError, type ListenOptions } from './listen-options';
import { onShutdownSignal } from './shutdown-signals';

export interface ServingApp {
  readonly url: string;
  /** Closes gracefully and exits the process; calls after the first do nothing. */
  readonly shutdown: () => void;
}

/**
 * Listens, and on SIGTERM or SIGINT (or `shutdown()`) closes the app gracefully: it stops
 * accepting, requests in flight finish, background tasks drain and the lifespan shutdown runs
 * (`app.close()`); then the process exits 0 (1 if closing failed).
 */
export async function serveApp(app: App, options: ListenOptions): Promise<ServingApp> {
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
    closing ??= app.close().then(
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
