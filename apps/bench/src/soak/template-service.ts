import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answers200, freePort } from '../command-server';

const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'packages/cli/dist/bin.js');
const ENTRY = join(ROOT, 'apps/template/dist/main.js');

/** The template served by `tsapi run`, on a database and upload folder of its own. */
export interface TemplateService {
  readonly origin: string;
  readonly process: ChildProcess;
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function startTemplate(
  options: { workers?: number; env?: Record<string, string> } = {},
): Promise<TemplateService> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tsapi-soak-'));
  const args = [
    CLI,
    'run',
    ENTRY,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    ...(options.workers ? ['--workers', String(options.workers)] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: join(ROOT, 'apps/template'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: join(dataDir, 'app.db'),
      UPLOAD_DIR: join(dataDir, 'uploads'),
      TSAPI_SECRET_KEY: 'soak-secret-key-that-is-long-enough-0123456789',
      TOKEN_RATE_LIMIT: '100000/minute',
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tsapi run exited with code ${child.exitCode} before answering`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('tsapi run did not answer GET / within 60 s');
    }
    if (await answers200(`${origin}/`)) break;
    await sleep(100);
  }
  return {
    origin,
    process: child,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
