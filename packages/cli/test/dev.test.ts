import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProjects, FIXTURE, ROOT, TsapiProcess } from './support/cli-process';
import { httpGet } from './support/http';

let project: string;

/** The fixture app in a project of its own, @tsapi/core linked in as an installed package. */
beforeAll(() => {
  buildProjects('packages/cli');
  project = mkdtempSync(join(tmpdir(), 'tsapi-dev-'));
  for (const file of ['app.ts', 'main.ts']) writeFileSync(join(project, file), readFileSync(join(FIXTURE, file)));
  const tsconfig = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      tsBuildInfoFile: 'dist/tsconfig.tsbuildinfo',
      typeRoots: [join(ROOT, 'node_modules', '@types')],
    },
    include: ['*.ts'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  mkdirSync(join(project, 'node_modules', '@tsapi'), { recursive: true });
  symlinkSync(join(ROOT, 'packages', 'core'), join(project, 'node_modules', '@tsapi', 'core'));
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

async function rootAnswer(port: number): Promise<unknown> {
  return JSON.parse((await httpGet(`http://127.0.0.1:${port}/`)).text);
}

test('tsapi dev: compiles, serves, restarts after a change, keeps the last good server after an error, exits 0 on SIGTERM', async () => {
  const dev = new TsapiProcess(['dev', 'main.ts', '--port', '0'], { cwd: project });
  try {
    expect(await rootAnswer(await dev.port())).toEqual({ Hello: 'World' });

    const app = join(project, 'app.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace("{ Hello: 'World' }", "{ Hello: 'again' }"));
    const restarted = Number(
      (await dev.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)[^]*listening on http:\/\/127\.0\.0\.1:(\d+)/))[2],
    );
    expect(await rootAnswer(restarted)).toEqual({ Hello: 'again' });

    writeFileSync(app, readFileSync(app, 'utf8').replace("{ Hello: 'again' }", '{ Hello: }'));
    await dev.waitFor(/Found 1 error\. Watching for file changes/);
    expect(await rootAnswer(restarted)).toEqual({ Hello: 'again' });

    dev.kill('SIGTERM');
    expect(await dev.exited()).toEqual({ code: 0, signal: null });
  } finally {
    dev.kill('SIGKILL');
  }
}, 180_000);
