import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServerName } from './routes';

export interface ServerProcess {
  readonly name: ServerName;
  readonly origin: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

function waitForPort(child: ChildProcess, name: ServerName): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      if (typeof message?.port === 'number') resolve(message.port);
      else reject(new Error(`${name} server sent ${JSON.stringify(message)} instead of its port`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} server exited with code ${code} before listening`));
    });
  });
}

/** Starts one server in its own process, so that it has the event loop (and a core) to itself. */
export async function startServer(name: ServerName, options: { profileDir?: string } = {}): Promise<ServerProcess> {
  const execArgv = options.profileDir
    ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', `${name}.cpuprofile`]
    : [];
  const child = fork(join(__dirname, 'servers', 'serve.js'), [name], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await waitForPort(child, name).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
