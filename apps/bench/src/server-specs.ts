import { join, resolve } from 'node:path';
import { forkedServer, NODE_SERVERS, type ServerSpec } from './contenders';
import { fastapiServer, type PythonSetup } from './fastapi-server';
import type { Scenario } from './scenarios';

/** How to start each server the scenarios name; the FastAPI ones need a Python setup. */
export function specsFor(scenarios: readonly Scenario[], python: PythonSetup | undefined): ServerSpec[] {
  const names = [...new Set(scenarios.flatMap((s) => s.contenders.map((c) => c.server)))];
  return names.map((name) => {
    const node = NODE_SERVERS.find((n) => n === name);
    if (node) return forkedServer(node);
    const workers = /^tsapi-run-(\d+)$/.exec(name)?.[1];
    if (workers !== undefined) return tsapiRun(name, Number(workers));
    if (python && (name === 'fastapi' || name === 'fastapi-stack'))
      return fastapiServer(python, name === 'fastapi' ? 'plain' : 'stack');
    throw new Error(`no way to start the server "${name}"`);
  });
}

const ROOT = resolve(__dirname, '../../..');

/** The bench's tsapi app served by the `tsapi` command with N workers (node:cluster). */
function tsapiRun(name: string, workers: number): ServerSpec {
  return {
    name,
    launch: {
      kind: 'command',
      command: process.execPath,
      args: [
        join(ROOT, 'packages/cli/dist/bin.js'),
        'run',
        join(__dirname, 'servers/tsapi-entry.js'),
        '--host',
        '127.0.0.1',
        '--port',
        '{port}',
        '--workers',
        String(workers),
      ],
      readyPath: '/hello',
      ownCores: false,
    },
  };
}
