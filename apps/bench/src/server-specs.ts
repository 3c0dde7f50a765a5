import { forkedServer, NODE_SERVERS, type ServerSpec } from './contenders';
import { fastapiServer, type PythonSetup } from './fastapi-server';
import type { Scenario } from './scenarios';

/** How to start each server the scenarios name; the FastAPI ones need a Python setup. */
export function specsFor(scenarios: readonly Scenario[], python: PythonSetup | undefined): ServerSpec[] {
  const names = [...new Set(scenarios.flatMap((s) => s.contenders.map((c) => c.server)))];
  return names.map((name) => {
    const node = NODE_SERVERS.find((n) => n === name);
    if (node) return forkedServer(node);
    if (python && (name === 'fastapi' || name === 'fastapi-stack'))
      return fastapiServer(python, name === 'fastapi' ? 'plain' : 'stack');
    throw new Error(`no way to start the server "${name}"`);
  });
}
