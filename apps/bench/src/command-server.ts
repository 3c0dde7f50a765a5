import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Launch } from './contenders';
import type { ServerProcess } from './server-process';

type CommandLaunch = Extract<Launch, { kind: 'command' }>;

/** A port of 127.0.0.1 that was free a moment ago (the OS picks it; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Whether `url` answers 200 within a second (connection refused and timeouts are a no). */
export async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Runs any command line as a benchmarked server: `{port}` in its arguments and environment becomes
 * a free port, and it is ready once `readyPath` answers 200. Stopped with SIGTERM, then SIGKILL.
 */
export async function startCommandServer(
  name: string,
  launch: CommandLaunch,
  timeoutMs: number,
): Promise<ServerProcess> {
  const port = String(await freePort());
  const fill = (text: string) => text.replaceAll('{port}', port);
  const env = Object.fromEntries(Object.entries(launch.env ?? {}).map(([key, value]) => [key, fill(value)]));
  const child = spawn(launch.command, launch.args.map(fill), {
    cwd: launch.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  child.once('exit', (code) => (exitCode = code));
  child.once('error', (error) => (spawnError = error));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await answers200(origin + launch.readyPath))) {
    if (spawnError) throw new Error(`${name} server could not start: ${spawnError.message}`);
    if (exitCode !== undefined) throw new Error(`${name} server exited with code ${exitCode} before answering`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} server did not answer ${launch.readyPath} within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    name,
    origin,
    pid: launch.ownCores === false ? undefined : child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
