import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire(?:\.resolve)?\s*\(\s*)['"]([^'"./][^'"]*)['"]/g;

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The packages the TypeScript files under `dir` import (Node's own modules left out). */
export function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules') visit(join(path, name));
    } else if (/\.[cm]?tsx?$/.test(path)) {
      for (const match of readFileSync(path, 'utf8').matchAll(IMPORT)) {
        const name = packageOf(match[1]);
        if (!name.startsWith('node:') && !builtinModules.includes(name)) found.add(name);
      }
    }
  };
  visit(dir);
  return found;
}
