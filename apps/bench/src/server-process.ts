import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startCommandServer } from './command-server';
import type { ServerSpec } from './contenders';

export interface ServerProcess {
  readonly name: string;
  readonly origin: string;
  /** The process to pin to the servers' core, or undefined for one that spreads over all cores. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export const START_TIMEOUT_MS = 30_000;

/** The first IPC message of a child, or an error if it exits or stays silent for `timeoutMs`. */
export function firstMessage<T>(child: ChildProcess, name: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before reporting`));
    };
    child.once('exit', onExit);
    child.once('message', (message: T) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

async function waitForPort(child: ChildProcess, name: string): Promise<number> {
  const message = await firstMessage<{ port?: number }>(child, `${name} server`, START_TIMEOUT_MS);
  if (typeof message?.port === 'number') return message.port;
  throw new Error(`${name} server sent ${JSON.stringify(message)} instead of its port`);
}

/** Stops a child politely (so that `--cpu-prof` writes its profile), then by force after 10 s. */
export async function stopChild(child: ChildProcess, politely: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  politely();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * V8 grows a busy server's young generation to 16 MiB semi-spaces and shrinks it again once the
 * server idles; the first seconds of load after that are spent in small, frequent scavenges that
 * promote short-lived objects (measured: 150 scavenges in the first second instead of 35, and a
 * full collection). In a round, a server that serves one scenario idles for a minute while the
 * others are measured, so without this its result told how long it had idled. Every Node server
 * gets the same setting: the size it reaches under steady load anyway.
 */
export const STEADY_YOUNG_GENERATION = '--min-semi-space-size=16';

async function forkNodeServer(name: string, server: string, profileDir: string | undefined): Promise<ServerProcess> {
  const execArgv = [
    STEADY_YOUNG_GENERATION,
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : []),
  ];
  const child = fork(join(__dirname, 'servers', 'serve.js'), [server], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await waitForPort(child, name).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  return { name, origin: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child, () => child.send('stop')) };
}

/** Starts one server in its own process, so that it has the event loop (and a core) to itself. */
export function startServer(spec: ServerSpec, options: { profileDir?: string } = {}): Promise<ServerProcess> {
  return spec.launch.kind === 'fork'
    ? forkNodeServer(spec.name, spec.launch.server, options.profileDir)
    : startCommandServer(spec.name, spec.launch, START_TIMEOUT_MS);
}
