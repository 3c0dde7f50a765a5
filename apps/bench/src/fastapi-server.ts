import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ServerSpec } from './contenders';

const PYTHON_DIR = resolve(__dirname, '..', 'python');
// Debian's packages live in the system interpreter; a `python3` first on PATH may be another one.
const PYTHONS = ['/usr/bin/python3', 'python3'];
const APT_PACKAGES = ['python3-fastapi', 'python3-uvicorn'];

export interface PythonSetup {
  readonly python: string;
  readonly fastapi: string;
  readonly uvicorn: string;
  readonly pydantic: string;
  readonly loop: 'uvloop' | 'asyncio';
}

export type FastapiAvailability =
  { readonly ok: true; readonly setup: PythonSetup } | { readonly ok: false; readonly reason: string };

const PROBE = `
import importlib.util, json, fastapi, pydantic, uvicorn
print(json.dumps({"fastapi": fastapi.__version__, "uvicorn": uvicorn.__version__, "pydantic": pydantic.VERSION,
                  "uvloop": importlib.util.find_spec("uvloop") is not None}))
`;

function probe(): PythonSetup | undefined {
  for (const python of PYTHONS) {
    const result = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 30_000 });
    if (result.status !== 0) continue;
    const found = JSON.parse(result.stdout) as { fastapi: string; uvicorn: string; pydantic: string; uvloop: boolean };
    return { python, ...found, loop: found.uvloop ? 'uvloop' : 'asyncio' };
  }
  return undefined;
}

function install(): string | undefined {
  console.log(`Installing ${APT_PACKAGES.join(' and ')} with apt-get…`);
  const result = spawnSync('sh', ['-c', `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  if (result.status === 0) return undefined;
  const why = result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit code ${result.status}`;
  return `apt-get install ${APT_PACKAGES.join(' ')} failed (${why})`;
}

/** Finds FastAPI and uvicorn, installing Debian's packages when running as root; else says why not. */
export function findFastapi(): FastapiAvailability {
  const found = probe();
  if (found) return { ok: true, setup: found };
  if (process.getuid?.() !== 0) {
    return {
      ok: false,
      reason: `FastAPI skipped: ${APT_PACKAGES.join(' and ')} are not installed, and installing them needs root.`,
    };
  }
  const failure = install();
  if (failure) return { ok: false, reason: `FastAPI skipped: ${failure}.` };
  const installed = probe();
  return installed
    ? { ok: true, setup: installed }
    : { ok: false, reason: 'FastAPI skipped: installed, but python3 cannot import it.' };
}

/** uvicorn with one worker and no access log; `variant` 'stack' adds the middleware and CORS. */
export function fastapiServer(setup: PythonSetup, variant: 'plain' | 'stack'): ServerSpec {
  return {
    name: variant === 'plain' ? 'fastapi' : 'fastapi-stack',
    launch: {
      kind: 'command',
      command: setup.python,
      args: [
        '-m',
        'uvicorn',
        'app:app',
        '--host',
        '127.0.0.1',
        '--port',
        '{port}',
        '--workers',
        '1',
        '--no-access-log',
        '--loop',
        setup.loop,
        '--log-level',
        'warning',
      ],
      cwd: PYTHON_DIR,
      env: { BENCH_VARIANT: variant },
      readyPath: '/hello',
    },
  };
}

export function describePython(setup: PythonSetup): string {
  return `FastAPI ${setup.fastapi} (pydantic ${setup.pydantic}) on uvicorn ${setup.uvicorn}, one worker, ${setup.loop} loop (${setup.python})`;
}
