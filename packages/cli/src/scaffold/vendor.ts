import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliError } from '../cli-error';
import { resolveTypeScript } from '../entry/typescript';

export const PNPM = 'pnpm@12.4.2';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function run(command: string, args: string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(
      `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `${result.error.message}\n` : ''}`,
    );
    throw new CliError(`${what} failed (in ${cwd})`);
  }
}

/** `names` and the workspace packages they depend on (`workspace:` ranges), each once. */
export function withWorkspaceDependencies(names: readonly string[], packages: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  const visit = (name: string): void => {
    if (found.has(name)) return;
    const dir = packages.get(name);
    if (dir === undefined) throw new CliError(`the workspace has no package ${name}`);
    found.add(name);
    const { dependencies = {} } = readManifest(dir);
    for (const [dependency, range] of Object.entries(dependencies))
      if (range.startsWith('workspace:')) visit(dependency);
  };
  for (const name of names) visit(name);
  return [...found];
}

/**
 * Builds workspace packages and packs each as a tarball into `vendorDir` with pnpm, which turns
 * their `workspace:` ranges into versions. Returns each package's `file:` specifier, relative to
 * the service.
 */
export function packWorkspacePackages(
  root: string,
  names: readonly string[],
  packages: ReadonlyMap<string, string>,
  vendorDir: string,
): Map<string, string> {
  const dirs = names.map((name) => packages.get(name)!);
  const { tscPath } = resolveTypeScript(root);
  run(process.execPath, [tscPath, '-b', ...dirs], root, `building ${names.join(', ')}`);
  mkdirSync(vendorDir, { recursive: true });
  const specifiers = new Map<string, string>();
  for (const [index, name] of names.entries()) {
    const { version } = readManifest(dirs[index]);
    run('npx', ['-y', PNPM, 'pack', '--pack-destination', vendorDir], dirs[index], `packing ${name}`);
    const tarball = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
    if (!existsSync(join(vendorDir, tarball))) throw new CliError(`packing ${name} wrote no ${tarball}`);
    specifiers.set(name, `file:${relative(join(vendorDir, '..'), join(vendorDir, tarball))}`);
  }
  return specifiers;
}
