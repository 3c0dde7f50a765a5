import type { Command } from '../command';
import { CliError } from '../cli-error';
import { loadApp } from '../entry/load-app';
import { writeOut } from '../output';
import { formatRouteTable } from '../routes/format-route-table';

export const routesCommand: Command = {
  name: 'routes',
  summary: "print an app's route table",
  arguments: ['ENTRY'],
  options: { json: { type: 'boolean' } },
  usage: `Usage: tsapi routes ENTRY [--json]

Prints every route of the app that ENTRY exports: methods, path, handler (Controller.method),
dependencies (in the order they are resolved) and tags, with the routes of mounted apps under
their prefix. The app is compiled but not started.

Options:
  --json       print the rows as a JSON array (app.routeTable())
  -h, --help   show this help

Example:
  tsapi routes dist/main.js
`,
  async run({ values, positionals }) {
    const app = await loadApp(positionals[0]);
    if (typeof app.routeTable !== 'function')
      throw new CliError("this app's @tsapi/core has no app.routeTable(): update @tsapi/core");
    const rows = app.routeTable();
    await writeOut(values.json === true ? `${JSON.stringify(rows, null, 2)}\n` : formatRouteTable(rows));
    return 0;
  },
};
