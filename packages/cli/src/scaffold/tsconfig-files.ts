import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

interface TsconfigJson {
  extends?: string;
  compilerOptions?: Record<string, unknown>;
  references?: { path: string }[];
  [key: string]: unknown;
}

function readTsconfig(file: string): TsconfigJson {
  return JSON.parse(readFileSync(file, 'utf8')) as TsconfigJson;
}

/** A tsconfig's compiler options merged over those of the files it extends (relative `extends` only). */
export function mergedCompilerOptions(file: string): Record<string, unknown> {
  const config = readTsconfig(file);
  const inherited = config.extends?.startsWith('.')
    ? mergedCompilerOptions(resolve(dirname(file), config.extends))
    : {};
  return { ...inherited, ...config.compilerOptions };
}

/** The template's tsconfig.json moved to `target`: its relative `extends` and `references` still point at the same files. */
export function movedTsconfig(file: string, target: string): string {
  const config = readTsconfig(file);
  const move = (path: string): string => relative(target, resolve(dirname(file), path)) || '.';
  if (config.extends?.startsWith('.')) config.extends = move(config.extends);
  if (config.references)
    config.references = config.references.map((reference) => ({ ...reference, path: move(reference.path) }));
  return `${JSON.stringify(config, null, 2)}\n`;
}
