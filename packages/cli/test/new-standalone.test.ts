import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProjects, runTsapi } from './support/cli-process';
import { mustRun } from './support/commands';
import { expectNewServiceServes } from './support/new-service';

const VENDORED = ['tsapi-cli-0.1.0.tgz', 'tsapi-core-0.1.0.tgz', 'tsapi-security-0.1.0.tgz', 'tsapi-testing-0.1.0.tgz'];

let tmp: string;

beforeAll(() => {
  buildProjects('packages/cli');
  tmp = mkdtempSync(join(tmpdir(), 'tsapi-new-'));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('tsapi new --dir outside the workspace: installs with npm, builds, passes its tests, serves /docs and /, stops on SIGTERM', async () => {
  const dir = join(tmp, 'demo');
  const created = runTsapi(['new', 'demo', '--dir', dir], { cwd: tmp });
  expect(created).toEqual({
    status: 0,
    stdout: 'Created demo. Next:\n  cd demo\n  npm install\n  npm run build\n  npm start\n',
    stderr: '',
  });

  expect(readdirSync(join(dir, 'vendor')).sort()).toEqual(VENDORED);
  for (const skipped of ['node_modules', 'dist', 'data']) expect(existsSync(join(dir, skipped))).toBe(false);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  expect(manifest.name).toBe('demo');
  expect(manifest.scripts).toEqual({
    build: 'tsc -b',
    start: 'tsapi run dist/main.js',
    dev: 'tsapi dev src/main.ts',
    test: 'jest',
  });
  expect(manifest.dependencies['@tsapi/core']).toBe('file:vendor/tsapi-core-0.1.0.tgz');
  expect(manifest.dependencies['@tsapi/cli']).toBe('file:vendor/tsapi-cli-0.1.0.tgz');
  expect(manifest.devDependencies['@tsapi/testing']).toBe('file:vendor/tsapi-testing-0.1.0.tgz');
  expect(manifest.overrides).toEqual({
    '@tsapi/cli': 'file:vendor/tsapi-cli-0.1.0.tgz',
    '@tsapi/core': 'file:vendor/tsapi-core-0.1.0.tgz',
    '@tsapi/security': 'file:vendor/tsapi-security-0.1.0.tgz',
    '@tsapi/testing': 'file:vendor/tsapi-testing-0.1.0.tgz',
  });
  expect(JSON.stringify(manifest)).not.toContain('workspace:');
  const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
  expect(tsconfig.extends).toBeUndefined();
  expect(tsconfig.references).toBeUndefined();
  expect(tsconfig.compilerOptions).toMatchObject({
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    rootDir: 'src',
    outDir: 'dist',
  });
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  expect(readme).toMatch(/^# demo\n/);
  expect(readme).toContain('## Start and test\n\n```sh\nnpm install\nnpm run build\nnpm start ');

  mustRun('npm', ['install', '--no-audit', '--no-fund'], dir);
  mustRun('npm', ['run', 'build'], dir);
  expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
  mustRun('npm', ['test'], dir);

  // The tsapi command `npm start` runs, installed from vendor/.
  await expectNewServiceServes(dir, [join(dir, 'node_modules', '.bin', 'tsapi')]);
}, 900_000);

test('tsapi new refuses a target that is not empty', () => {
  const dir = join(tmp, 'taken');
  mustRun('mkdir', ['-p', join(dir, 'src')], tmp);
  expect(runTsapi(['new', 'taken', '--dir', dir], { cwd: tmp })).toEqual({
    status: 1,
    stdout: '',
    stderr: `tsapi: ${dir} already exists and is not empty: choose another name or --dir\n`,
  });
}, 60_000);
