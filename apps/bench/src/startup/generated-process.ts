import { fork } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstMessage, stopChild } from '../server-process';
import type { GeneratedKind, GeneratedReady } from './serve-generated';

/** A route every generated app has, whatever its size. */
export const PROBE_PATH = '/r0/items/1';

// Compiling 5,000 routes on a busy machine takes a while.
const READY_TIMEOUT_MS = 180_000;

export interface GeneratedProcess {
  readonly origin: string;
  readonly compileMs: number;
  /** From the spawn of the process to the first 200 response of PROBE_PATH. */
  readonly firstResponseMs: number;
  rss(): Promise<number>;
  stop(): Promise<void>;
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    }).once('error', reject);
  });
}

/**
 * Spawns an app with `routeCount` generated routes and waits for its first 200 answer. `execArgv`
 * are Node's flags for the child: none when start-up is timed, which is Node as users start it.
 */
export async function spawnGenerated(
  kind: GeneratedKind,
  routeCount: number,
  execArgv: readonly string[] = [],
): Promise<GeneratedProcess> {
  const name = `${kind} with ${routeCount} routes`;
  const started = performance.now();
  const child = fork(join(__dirname, 'serve-generated.js'), [kind, String(routeCount)], {
    execArgv: [...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await firstMessage<GeneratedReady>(child, name, READY_TIMEOUT_MS);
    const origin = `http://127.0.0.1:${ready.port}`;
    const status = await statusOf(origin + PROBE_PATH);
    const firstResponseMs = performance.now() - started;
    if (status !== 200) throw new Error(`${name}: GET ${PROBE_PATH} answered ${status}`);
    return {
      origin,
      compileMs: ready.compileMs,
      firstResponseMs,
      async rss() {
        const reply = firstMessage<{ rss: number }>(child, name, 10_000);
        child.send('memory');
        return (await reply).rss;
      },
      stop: () => stopChild(child, () => child.send('stop')),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
