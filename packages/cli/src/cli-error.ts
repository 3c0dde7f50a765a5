/**
 * A mistake the user can fix (a missing file, a bad option, a port in use): printed as one line,
 * without a stack, and the command exits with code 1.
 *
 * @example
 * throw new CliError('entry file not found: dist/main.js');
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Errors whose message says everything: printed without their stack. */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'CliError' || error.name === 'DefinitionError');
}
