import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TsProject } from '../entry/project';
import type { ListenOptions } from './listen-options';
import { onShutdownSignal } from './shutdown-signals';

/** tsc's line at the end of each watch compilation, e.g. "Found 0 errors. Watching for file changes." */
const COMPILED = /Found (\d+) errors?\. Watching for file changes/;

/**
 * `tsapi dev`: `tsc -b --watch` on the project, and a server (`tsapi run` in a child process)
 * restarted after each compilation without errors. After a failed compilation the last good
 * server keeps running.
 */
export class DevLoop {
  readonly #project: TsProject;
  readonly #entry: string;
  readonly #listen: ListenOptions;
  #server: ChildProcess | undefined;
  #restarting: Promise<void> = Promise.resolve();
  #compiler: ChildProcess | undefined;

  constructor(project: TsProject, entry: string, listen: ListenOptions) {
    this.#project = project;
    this.#entry = entry;
    this.#listen = listen;
  }

  start(): void {
    const compiler = spawn(
      process.execPath,
      [this.#project.tscPath, '-b', '--watch', '--preserveWatchOutput', this.#project.tsconfig],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.#compiler = compiler;
    createInterface({ input: compiler.stdout! }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      const found = COMPILED.exec(line);
      if (found && found[1] === '0') this.#restart();
    });
    compiler.on('exit', (code) => {
      if (this.#compiler === compiler) {
        process.stderr.write(`tsapi: the TypeScript compiler exited (code ${code})\n`);
        void this.#stop(1);
      }
    });
    onShutdownSignal(() => void this.#stop(0));
  }

  #restart(): void {
    this.#restarting = this.#restarting.then(async () => {
      await this.#stopServer();
      const bin = join(__dirname, '..', 'bin.js');
      const args = [bin, 'run', this.#entry, '--host', this.#listen.host, '--port', String(this.#listen.port)];
      this.#server = spawn(process.execPath, args, { stdio: 'inherit' });
    });
  }

  async #stopServer(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }

  async #stop(code: number): Promise<void> {
    const compiler = this.#compiler;
    this.#compiler = undefined;
    compiler?.kill('SIGTERM');
    await this.#restarting;
    await this.#stopServer();
    process.exit(code);
  }
}
