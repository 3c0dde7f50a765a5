import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs } from './args';
import { CliError } from './cli-error';
import type { Command } from './command';
import { devCommand } from './commands/dev';
import { newCommand } from './commands/new';
import { openapiCommand } from './commands/openapi';
import { routesCommand } from './commands/routes';
import { runCommand } from './commands/run';
import { writeOut } from './output';

export const COMMANDS: readonly Command[] = [newCommand, devCommand, runCommand, openapiCommand, routesCommand];

function version(): string {
  // src/ and dist/ both sit next to package.json.
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export function generalUsage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: tsapi <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Options:
  -h, --help      show this help; tsapi <command> --help shows a command's
  -v, --version   print the version

ENTRY is a module exporting a tsapi App as "app", as the default export, or a function
"createApp()": the compiled file (dist/main.js), or a .ts source compiled with its tsconfig.json.
`;
}

/**
 * Runs `tsapi` with its arguments. Resolves to the exit code, or to `undefined` when the command
 * serves and ends the process itself; a CliError is a one-line message for the user.
 *
 * @example
 * const code = await runCli(['routes', 'dist/main.js']);
 */
export async function runCli(argv: readonly string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    await writeOut(generalUsage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    await writeOut(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    throw new CliError(
      name.startsWith('-')
        ? `unknown option ${name} (see tsapi --help)`
        : `unknown command "${name}" (see tsapi --help)`,
    );
  }
  const input = parseCommandArgs(command, rest);
  if (input.help) {
    await writeOut(command.usage);
    return 0;
  }
  return command.run(input);
}
