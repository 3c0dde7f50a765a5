import type { ParseArgsConfig } from 'node:util';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What a command handler receives: the option values and the positional arguments. */
export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * One `tsapi` command. `run` resolves to the exit code, or to `undefined` when the command keeps
 * the process alive (a server) and ends it itself.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The text of `tsapi <name> --help`. */
  readonly usage: string;
  readonly options: OptionSpecs;
  /** The names of the positional arguments it requires, in order. */
  readonly arguments: readonly string[];
  run(input: CommandInput): Promise<number | undefined>;
}
