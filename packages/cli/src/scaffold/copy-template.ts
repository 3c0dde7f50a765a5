import { cpSync, existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { CliError } from '../cli-error';

/** Build output, installed packages and local data stay behind. */
const SKIPPED = new Set(['node_modules', 'dist', 'data', 'coverage']);

function isCopied(path: string): boolean {
  const name = basename(path);
  return !SKIPPED.has(name) && !name.endsWith('.tsbuildinfo');
}

/** Refuses a target that already has files in it. */
export function checkTargetIsFree(target: string): void {
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError(`${target} already exists and is not empty: choose another name or --dir`);
  }
}

/** Copies the template's sources, tests, README and configuration files. */
export function copyTemplate(template: string, target: string): void {
  cpSync(template, target, { recursive: true, filter: isCopied });
}
