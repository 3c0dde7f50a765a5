import type { Command } from '../command';
import { isTypeScriptSource, resolveEntry } from '../entry/load-app';
import { findProject, outputOf } from '../entry/project';
import { DevLoop } from '../serve/dev-loop';
import { readListenOptions } from '../serve/listen-options';

export const devCommand: Command = {
  name: 'dev',
  summary: 'compile on change and restart the server',
  arguments: ['ENTRY'],
  options: { host: { type: 'string' }, port: { type: 'string' } },
  usage: `Usage: tsapi dev ENTRY [--host HOST] [--port PORT]

Runs the TypeScript compiler in watch mode on ENTRY's project (the nearest tsconfig.json) and
restarts the server after every compilation without errors. ENTRY is the source (src/main.ts)
or the compiled file (dist/main.js).

Options:
  --host HOST   address to listen on (default: $HOST, else 127.0.0.1)
  --port PORT   port to listen on (default: $PORT, else 8000)
  -h, --help    show this help

Example:
  tsapi dev src/main.ts --port 3000
`,
  async run({ values, positionals }) {
    const listen = readListenOptions(values);
    const file = resolveEntry(positionals[0]);
    const project = findProject(file);
    new DevLoop(project, isTypeScriptSource(file) ? outputOf(project, file) : file, listen).start();
    return undefined;
  },
};
