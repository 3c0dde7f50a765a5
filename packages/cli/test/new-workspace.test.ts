import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './support/cli-process';
import { mustRun } from './support/commands';
import { expectNewServiceServes } from './support/new-service';

const PNPM = ['-y', 'pnpm@12.4.2'];
const COPIED = ['packages/core', 'packages/security', 'packages/testing', 'packages/cli', 'apps/template'];
const ROOT_FILES = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'tsconfig.json'];

let ws: string;

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'tsapi-ws-'));
  for (const file of ROOT_FILES) cpSync(join(ROOT, file), join(ws, file));
  const skipped = new Set(['node_modules', 'dist', 'data', 'coverage']);
  for (const dir of COPIED) {
    cpSync(join(ROOT, dir), join(ws, dir), {
      recursive: true,
      filter: (path) => !skipped.has(basename(path)) && !path.endsWith('.tsbuildinfo'),
    });
  }
}, 120_000);

afterAll(() => rmSync(ws, { recursive: true, force: true }));

test('tsapi new inside a workspace: apps/NAME, renamed, workspace:* kept; installs, builds, passes its tests, serves /docs and /', async () => {
  // --no-frozen-lockfile: CI=true would otherwise refuse the new package.
  const install = ['install', '--prefer-offline', '--no-frozen-lockfile'];
  mustRun('npx', [...PNPM, ...install], ws);
  mustRun('npx', ['tsc', '-b', 'packages/cli'], ws);

  const output = mustRun(process.execPath, ['packages/cli/dist/bin.js', 'new', 'demo'], ws);
  expect(output).toBe(
    'Created apps/demo (workspace package demo). Next, from the repository root:\n' +
      '  npx -y pnpm@12.4.2 install\n  npx -y pnpm@12.4.2 --filter demo build\n  npx -y pnpm@12.4.2 --filter demo start\n',
  );
  const dir = join(ws, 'apps', 'demo');
  const template = JSON.parse(readFileSync(join(ws, 'apps', 'template', 'package.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  expect(manifest).toEqual({ ...template, name: 'demo', scripts: { ...template.scripts, test: 'jest' } });
  expect(manifest.dependencies['@tsapi/core']).toBe('workspace:*');
  expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe(
    `${JSON.stringify(JSON.parse(readFileSync(join(ws, 'apps', 'template', 'tsconfig.json'), 'utf8')), null, 2)}\n`,
  );
  expect(existsSync(join(dir, 'src', 'main.ts'))).toBe(true);
  expect(existsSync(join(dir, 'vendor'))).toBe(false);
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('npx -y pnpm@12.4.2 --filter demo test');

  mustRun('npx', [...PNPM, ...install], ws);
  mustRun('npx', [...PNPM, '--filter', 'demo', 'build'], ws);
  expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
  mustRun('npx', [...PNPM, '--filter', 'demo', 'test'], ws);

  // The new service starts with the workspace's tsapi command and serves its docs and routes.
  await expectNewServiceServes(dir, [process.execPath, join(ws, 'packages', 'cli', 'dist', 'bin.js')]);

  // A second time, the target is taken.
  expect(() => mustRun(process.execPath, ['packages/cli/dist/bin.js', 'new', 'demo'], ws)).toThrow(
    `tsapi: ${dir} already exists and is not empty`,
  );
}, 600_000);
