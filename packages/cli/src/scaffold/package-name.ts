import { builtinModules } from 'node:module';
import { CliError } from '../cli-error';

const NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * Refuses a name npm would refuse (npm's package name rules): lowercase, URL-safe, at most 214
 * characters, not starting with `.` or `_`, optionally scoped (`@scope/name`).
 */
export function checkPackageName(name: string): void {
  const why =
    name.length === 0
      ? 'it is empty'
      : name.length > 214
        ? 'it is longer than 214 characters'
        : name !== name.toLowerCase()
          ? 'it has uppercase letters'
          : /^[._]/.test(name)
            ? 'it starts with "." or "_"'
            : !NAME.test(name)
              ? 'it may only have lowercase letters, digits, "-", ".", "_" and "~" (and one @scope/)'
              : builtinModules.includes(name) || name === 'node_modules' || name === 'favicon.ico'
                ? 'it is reserved'
                : undefined;
  if (why !== undefined) throw new CliError(`"${name}" is not a valid package name: ${why}`);
}

/** The folder a package is created in: its name without the scope. */
export function folderNameOf(name: string): string {
  return name.slice(name.indexOf('/') + 1);
}
