import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CliError } from '../cli-error';
import { importedPackages } from './bare-imports';
import { relinkOutsideImports } from './outside-imports';
import { checkTargetIsFree, copyTemplate } from './copy-template';
import { checkPackageName, folderNameOf } from './package-name';
import { TEST_TOOLS, toStandaloneService, toWorkspaceService, type PackageJson } from './package-json';
import { serviceReadme, type ScaffoldMode } from './readme';
import { GITIGNORE, JEST_CONFIG, standaloneTsconfig, testTsconfig } from './service-files';
import { mergedCompilerOptions, movedTsconfig } from './tsconfig-files';
import { packWorkspacePackages, withWorkspaceDependencies } from './vendor';
import { findWorkspaceRoot, isInside, workspacePackages } from './workspace';

export interface ScaffoldOptions {
  readonly name: string;
  /** Where to create the service; default `apps/NAME` inside the workspace, else `./NAME`. */
  readonly dir?: string;
  readonly cwd?: string;
  /** The workspace whose apps/template is copied; default the one this CLI belongs to. */
  readonly workspace?: string;
}

export interface ScaffoldResult {
  readonly dir: string;
  readonly mode: ScaffoldMode;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Creates a service from the workspace's apps/template. Inside the workspace it stays a workspace
 * package (`workspace:*` dependencies); anywhere else it gets everything to install and run with
 * plain npm: the tsapi packages packed into vendor/, a tsconfig.json of its own, a jest config.
 *
 * @example
 * scaffold({ name: 'demo', dir: '/tmp/demo' });
 */
export function scaffold(options: ScaffoldOptions): ScaffoldResult {
  checkPackageName(options.name);
  const cwd = options.cwd ?? process.cwd();
  const root = options.workspace ?? findWorkspaceRoot(__dirname);
  const template = root === undefined ? undefined : join(root, 'apps', 'template');
  if (root === undefined || template === undefined || !existsSync(join(template, 'package.json'))) {
    throw new CliError('tsapi new copies apps/template of a tsapi workspace, and this tsapi is not part of one');
  }
  const insideWorkspace = isInside(cwd, root);
  const dir =
    options.dir !== undefined
      ? resolve(cwd, options.dir)
      : insideWorkspace
        ? join(root, 'apps', folderNameOf(options.name))
        : join(cwd, folderNameOf(options.name));
  if (isInside(dir, template) || isInside(template, dir))
    throw new CliError(`${dir} overlaps the template ${template}`);
  checkTargetIsFree(dir);
  const mode: ScaffoldMode = isInside(dir, root) ? 'workspace' : 'standalone';
  copyTemplate(template, dir);
  try {
    if (mode === 'workspace') writeWorkspaceService(template, dir, options.name);
    else writeStandaloneService(root, template, dir, options.name);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, mode };
}

function writeCommonFiles(template: string, dir: string, name: string, mode: ScaffoldMode): void {
  writeFileSync(join(dir, 'jest.config.js'), JEST_CONFIG);
  writeFileSync(join(dir, 'tsconfig.test.json'), testTsconfig());
  const readme = join(template, 'README.md');
  if (existsSync(readme))
    writeFileSync(join(dir, 'README.md'), serviceReadme(readFileSync(readme, 'utf8'), name, mode));
}

function writeWorkspaceService(template: string, dir: string, name: string): void {
  writeJson(join(dir, 'package.json'), toWorkspaceService(readJson<PackageJson>(join(template, 'package.json')), name));
  writeFileSync(join(dir, 'tsconfig.json'), movedTsconfig(join(template, 'tsconfig.json'), dir));
  relinkOutsideImports(template, dir, false);
  writeCommonFiles(template, dir, name, 'workspace');
}

function writeStandaloneService(root: string, template: string, dir: string, name: string): void {
  const manifest = readJson<PackageJson>(join(template, 'package.json'));
  const fromWorkspace = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, range]) => range.startsWith('workspace:'))
    .map(([dependency]) => dependency);
  const packages = workspacePackages(root);
  const packed = withWorkspaceDependencies([...fromWorkspace, '@tsapi/cli'], packages);
  const vendored = packWorkspacePackages(root, packed, packages, join(dir, 'vendor'));
  relinkOutsideImports(template, dir, true);
  const known = knownVersions(root, packages);
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
  // Test tools, and packages the code imports without the template declaring them.
  const wanted = [...TEST_TOOLS, ...importedPackages(dir)].filter(
    (pkg) => !declared.has(pkg) && known[pkg] !== undefined && !known[pkg].startsWith('workspace:'),
  );
  const devTools = Object.fromEntries(wanted.sort().map((pkg) => [pkg, known[pkg]]));
  writeJson(join(dir, 'package.json'), toStandaloneService(manifest, { name, vendored, devTools }));
  writeFileSync(join(dir, 'tsconfig.json'), standaloneTsconfig(mergedCompilerOptions(join(template, 'tsconfig.json'))));
  writeFileSync(join(dir, '.gitignore'), GITIGNORE);
  writeCommonFiles(template, dir, name, 'standalone');
}

/** The version ranges the workspace uses: its root's, then each package's (the first found wins). */
function knownVersions(root: string, packages: ReadonlyMap<string, string>): Record<string, string> {
  const manifests = [root, ...packages.values()].map((dir) => readJson<PackageJson>(join(dir, 'package.json')));
  return Object.assign(
    {},
    ...manifests.reverse().map((manifest) => ({ ...manifest.devDependencies, ...manifest.dependencies })),
  ) as Record<string, string>;
}

/** What to type next, relative to where the command ran. */
export function nextSteps({ dir, mode }: ScaffoldResult, name: string, cwd = process.cwd()): string {
  const where = relative(cwd, dir) || '.';
  if (mode === 'workspace') {
    return `Created ${where} (workspace package ${name}). Next, from the repository root:\n  npx -y pnpm@12.4.2 install\n  npx -y pnpm@12.4.2 --filter ${name} build\n  npx -y pnpm@12.4.2 --filter ${name} start\n`;
  }
  return `Created ${where}. Next:\n  cd ${where}\n  npm install\n  npm run build\n  npm start\n`;
}
