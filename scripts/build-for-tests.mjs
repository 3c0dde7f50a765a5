// jest globalSetup: some suites run the built `tsapi` command and the built template as a user
// would. Building them once here, before the workers start, keeps suites from building the same
// outputs at the same time; their own `tsc -b` then finds everything up to date.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildForTests() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const projects = ['packages/cli', 'packages/cli/test/fixtures/service', 'apps/template'];
  const result = spawnSync(process.execPath, [tsc, '-b', ...projects], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -b ${projects.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}
