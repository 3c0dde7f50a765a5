import type { ServeOptions } from './serve-app';

/** What the primary gives each worker, in the environment variable `TSAPI_WORKER`. */
export interface WorkerConfig extends ServeOptions {
  /** The compiled entry: the primary compiles a `.ts` entry once, before forking. */
  readonly entry: string;
}

export const WORKER_CONFIG_ENV = 'TSAPI_WORKER';

/** Worker → primary: listening, or a start-up failure (`fatal` ones are not retried). */
export type WorkerReport =
  { type: 'tsapi:listening'; url: string } | { type: 'tsapi:failed'; message: string; fatal: boolean };

/** Primary → worker. */
export const SHUTDOWN_MESSAGE = { type: 'tsapi:shutdown' } as const;

export function isWorkerReport(message: unknown): message is WorkerReport {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'tsapi:listening' || type === 'tsapi:failed';
}
