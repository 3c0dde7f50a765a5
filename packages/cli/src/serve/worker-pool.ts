import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import {
  isWorkerReport,
  SHUTDOWN_MESSAGE,
  WORKER_CONFIG_ENV,
  type WorkerConfig,
  type WorkerReport,
} from './worker-messages';
import { onShutdownSignal } from './shutdown-signals';

/** A worker that dies sooner than this after its start (or before listening) crashed at start-up. */
const STABLE_AFTER_MS = 10_000;
/** Crashes at start-up in a row after which the pool gives up (the app cannot start). */
const MAX_QUICK_CRASHES = 5;
const MAX_BACKOFF_MS = 5_000;

interface WorkerState {
  readonly startedAt: number;
  listening: boolean;
}

/**
 * The primary of `tsapi run --workers N`: forks N workers sharing one port (node:cluster), replaces
 * a worker that dies unexpectedly (waiting longer after each crash at start-up, and giving up after
 * five in a row), and on SIGTERM or SIGINT asks every worker to close gracefully, then exits 0.
 */
export class WorkerPool {
  readonly #size: number;
  readonly #config: WorkerConfig;
  readonly #workers = new Map<Worker, WorkerState>();
  #announced = false;
  #quickCrashes = 0;
  readonly #restarts = new Set<NodeJS.Timeout>();
  #stopping = false;
  #exitCode = 0;

  constructor(size: number, config: WorkerConfig) {
    this.#size = size;
    this.#config = config;
  }

  start(): void {
    cluster.setupPrimary({ exec: join(__dirname, 'worker-main.js') });
    onShutdownSignal(() => this.#stop(0));
    for (let i = 0; i < this.#size; i++) this.#fork();
  }

  #fork(): void {
    const worker = cluster.fork({ [WORKER_CONFIG_ENV]: JSON.stringify(this.#config) });
    const state: WorkerState = { startedAt: Date.now(), listening: false };
    this.#workers.set(worker, state);
    worker.on('message', (message: unknown) => {
      if (isWorkerReport(message)) this.#onReport(worker, state, message);
    });
    worker.on('exit', (code, signal) => this.#onExit(worker, state, code, signal));
  }

  #onReport(worker: Worker, state: WorkerState, report: WorkerReport): void {
    if (report.type === 'tsapi:failed') {
      if (report.fatal) {
        // The same mistake would stop every worker: report it once and stop.
        if (!this.#stopping) process.stderr.write(`tsapi: ${report.message}\n`);
        this.#stop(1);
      }
      return;
    }
    state.listening = true;
    const listening = [...this.#workers.values()].filter((s) => s.listening).length;
    if (this.#announced) {
      process.stdout.write(`tsapi: worker ${worker.process.pid} listening\n`);
    } else if (listening === this.#size) {
      this.#announced = true;
      process.stdout.write(`tsapi: listening on ${report.url} with ${this.#size} worker${this.#size === 1 ? '' : 's'} (primary ${process.pid})\n`);
    }
  }

  #onExit(worker: Worker, state: WorkerState, code: number | null, signal: string | null): void {
    this.#workers.delete(worker);
    if (this.#stopping) {
      // A worker still starting has no signal handlers yet: ending by the signal loses nothing.
      if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') this.#exitCode = 1;
      this.#exitIfDone();
      return;
    }
    if (code === 0) {
      // A worker that ends on its own has not crashed (for example after a SIGINT of its own).
      this.#exitIfDone();
      return;
    }
    process.stderr.write(
      `tsapi: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another\n`,
    );
    const quick = !state.listening || Date.now() - state.startedAt < STABLE_AFTER_MS;
    this.#quickCrashes = quick ? this.#quickCrashes + 1 : 0;
    if (this.#quickCrashes >= MAX_QUICK_CRASHES) {
      process.stderr.write(`tsapi: workers crashed ${this.#quickCrashes} times in a row at start-up; giving up\n`);
      this.#stop(1);
      return;
    }
    const delay = quick ? Math.min(100 * 2 ** this.#quickCrashes, MAX_BACKOFF_MS) : 0;
    const timer = setTimeout(() => {
      this.#restarts.delete(timer);
      this.#fork();
    }, delay);
    this.#restarts.add(timer);
  }

  #stop(exitCode: number): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#exitCode = exitCode;
    for (const timer of this.#restarts) clearTimeout(timer);
    this.#restarts.clear();
    for (const worker of this.#workers.keys()) {
      // A worker already on its way out has closed its channel: then a signal asks the same.
      const bySignal = (): boolean => worker.process.kill('SIGTERM');
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE, undefined, undefined, (error) => error && bySignal());
      else bySignal();
    }
    this.#exitIfDone();
  }

  #exitIfDone(): void {
    if (this.#workers.size === 0 && this.#restarts.size === 0) process.exit(this.#exitCode);
  }
}
