import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { App } from '@tsapi/core';
import { CliError } from '../cli-error';
import { compileEntry } from './compile';

const TS_SOURCE = /\.[cm]?ts$/;

/**
 * Whether a value is a tsapi App. Checked by shape, not `instanceof`: the entry's @tsapi/core may
 * be another copy than the CLI's.
 */
function isApp(value: unknown): value is App {
  const app = value as Partial<App> | null;
  return (
    typeof app === 'object' &&
    app !== null &&
    typeof app.listen === 'function' &&
    typeof app.close === 'function' &&
    typeof app.openapi === 'function'
  );
}

/** The absolute path of an entry, or a CliError naming it when it does not exist. */
export function resolveEntry(entry: string, cwd = process.cwd()): string {
  const file = resolve(cwd, entry);
  if (!existsSync(file)) throw new CliError(`entry file not found: ${entry}${buildHint(file)}`);
  return file;
}

/** A compiled entry that is missing while its source is there: the project is not built yet. */
function buildHint(file: string): string {
  const source = file.replace(/([\\/])dist([\\/])/, '$1src$2').replace(/\.js$/, '.ts');
  return source !== file && existsSync(source)
    ? ` (build the project first, or pass ${relative(process.cwd(), source)})`
    : '';
}

export function isTypeScriptSource(file: string): boolean {
  return TS_SOURCE.test(file) && !file.endsWith('.d.ts');
}

/** The JavaScript to run for an entry: itself, or for a `.ts` entry its project built and the compiled file. */
export function compiledEntry(file: string): string {
  return isTypeScriptSource(file) ? compileEntry(file) : file;
}

/**
 * Loads the App an entry module exports: `app`, else `default`, else the result of `createApp()`
 * (sync or async). A `.ts` entry is compiled with its project's tsconfig first.
 *
 * @example
 * const app = await loadApp('dist/main.js');
 */
export async function loadApp(entry: string, cwd = process.cwd()): Promise<App> {
  const js = compiledEntry(resolveEntry(entry, cwd));
  // The entry is the user's CommonJS module, found at run time: only require() can load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(js) as Record<string, unknown>;
  for (const candidate of [exported.app, exported.default]) if (isApp(candidate)) return candidate;
  if (typeof exported.createApp === 'function') {
    const created: unknown = await exported.createApp();
    if (isApp(created)) return created;
    throw new CliError(`createApp() in ${entry} returned no App`);
  }
  throw new CliError(
    `${entry} exports no app: export an App as "app" or as the default export, or a function "createApp()" that returns one`,
  );
}
