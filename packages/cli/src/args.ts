import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import type { Command, CommandInput } from './command';

/** Parses a command's arguments strictly; every mistake becomes one CliError line. */
export function parseCommandArgs(command: Command, argv: readonly string[]): CommandInput & { help: boolean } {
  const see = `see tsapi ${command.name} --help`;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${describeParseError(error)} for tsapi ${command.name} (${see})`);
  }
  const { help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  if (help === true) return { values, positionals: parsed.positionals, help: true };
  const missing = command.arguments[parsed.positionals.length];
  if (missing !== undefined) throw new CliError(`missing ${missing} for tsapi ${command.name} (${see})`);
  const extra = parsed.positionals[command.arguments.length];
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}" for tsapi ${command.name} (${see})`);
  return { values, positionals: parsed.positionals, help: false };
}

/** node:util's messages are long and suggest `--`; ours name the option only. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('ambiguous'))
      return `option ${option} needs a value (write ${option}=-… for one that starts with "-")`;
    return message.includes('argument missing') ? `option ${option} needs a value` : `option ${option} takes no value`;
  }
  return message;
}
