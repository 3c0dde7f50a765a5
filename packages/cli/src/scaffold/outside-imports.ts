import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isInside } from './workspace';

const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])(\.\.?\/[^'"]*)\2/g;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', ''];

/** Where the files a service's code imports from elsewhere in the workspace are copied. */
export const SHARED_DIR = join('test', 'support', 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.[cm]?tsx?$/.test(name) ? [path] : [];
  });
}

function resolveSource(specifier: string, from: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return EXTENSIONS.map((extension) => base + extension).find((file) => existsSync(file) && statSync(file).isFile());
}

function toSpecifier(from: string, file: string): string {
  const path = relative(dirname(from), file)
    .replace(/\\/g, '/')
    .replace(/(\/index)?\.tsx?$/, '');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Relative imports in the template that reach outside it (a test helper of another package, say)
 * would break once the files move. In the workspace they are re-pointed at the same file from the
 * new place; for a service on its own the file is copied into test/support/shared/ (with what
 * it imports from outside, in turn) and the import points at the copy.
 */
export function relinkOutsideImports(template: string, target: string, copyOutside: boolean): void {
  const copies = new Map<string, string>();
  const relink = (file: string, original: string): void => {
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(RELATIVE_IMPORT, (whole, before: string, quote: string, specifier: string) => {
      const source = resolveSource(specifier, original);
      if (source === undefined || isInside(source, template)) return whole;
      let destination = source;
      if (copyOutside) {
        destination = copies.get(source) ?? join(target, SHARED_DIR, basename(source));
        if (!copies.has(source)) {
          copies.set(source, destination);
          mkdirSync(dirname(destination), { recursive: true });
          copyFileSync(source, destination);
          relink(destination, source);
        }
      }
      return `${before}${quote}${toSpecifier(file, destination)}${quote}`;
    });
    if (changed !== text) writeFileSync(file, changed);
  };
  for (const file of sourceFiles(target)) {
    if (!isInside(file, join(target, SHARED_DIR))) relink(file, join(template, relative(target, file)));
  }
}
