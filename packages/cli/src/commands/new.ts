import type { Command } from '../command';
import { writeOut } from '../output';
import { nextSteps, scaffold } from '../scaffold/scaffold';

export const newCommand: Command = {
  name: 'new',
  summary: 'create a service from the template',
  arguments: ['NAME'],
  options: { dir: { type: 'string' } },
  usage: `Usage: tsapi new NAME [--dir DIR]

Creates a service named NAME (an npm package name) from the tsapi template: sources, tests,
README, tsconfig.json and package.json.

Inside the tsapi workspace, without --dir, it goes to apps/NAME and uses the workspace's
packages (workspace:*). Outside the workspace (--dir elsewhere, or run from another folder),
it gets the tsapi packages as tarballs in DIR/vendor/ and installs and runs with plain npm.

Options:
  --dir DIR    create the service in DIR (must not exist, or be empty)
  -h, --help   show this help

Examples:
  tsapi new orders                 # apps/orders in the workspace
  tsapi new orders --dir ~/orders  # a service of its own: cd ~/orders && npm install
`,
  async run({ values, positionals }) {
    const name = positionals[0];
    const result = scaffold({ name, dir: typeof values.dir === 'string' ? values.dir : undefined });
    await writeOut(nextSteps(result, name));
    return 0;
  },
};
