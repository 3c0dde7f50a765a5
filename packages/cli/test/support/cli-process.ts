import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const CLI_BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
export const FIXTURE = join(ROOT, 'packages', 'cli', 'test', 'fixtures', 'service');

/** Runs tsc -b on projects of the workspace (the CLI binary, the fixture app). */
export function buildProjects(...projects: string[]): void {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-b', ...projects], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -b ${projects.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tsapi ARGS` to its end. */
export function runTsapi(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A long-running `tsapi` (run, dev) whose output can be awaited. */
export class TsapiProcess {
  readonly child: ChildProcess;
  output = '';

  constructor(
    args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv; command?: readonly string[] } = {},
  ) {
    const command = options.command ?? [process.execPath, CLI_BIN];
    this.child = spawn(command[0], [...command.slice(1), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Resolves with the first match of `pattern` in the output. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`exited before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The port of the "listening on http://host:port" line. */
  async port(): Promise<number> {
    return Number((await this.waitFor(/listening on http:\/\/[^:\s]+:(\d+)/))[1]);
  }

  /** Resolves with the exit code once the process has ended. */
  async exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) await once(this.child, 'exit');
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
