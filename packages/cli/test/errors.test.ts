import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '@tsapi/cli';
import { buildProjects, FIXTURE, runTsapi } from './support/cli-process';

jest.setTimeout(120_000);

const MAIN = join(FIXTURE, 'dist', 'main.js');

beforeAll(() => buildProjects('packages/cli', 'packages/cli/test/fixtures/service'));

/** Exit code 1 and exactly one line on stderr, no stack. */
function expectOneLineError(args: string[], line: string): void {
  expect(runTsapi(args)).toEqual({ status: 1, stdout: '', stderr: `tsapi: ${line}\n` });
}

describe('one-line errors', () => {
  test('a missing entry file', () => {
    expectOneLineError(['run', 'dist/nowhere.js'], 'entry file not found: dist/nowhere.js');
    expectOneLineError(['routes', 'nowhere.ts'], 'entry file not found: nowhere.ts');
  });

  test('a compiled entry that is not built yet names its source', () => {
    const project = mkdtempSync(join(tmpdir(), 'tsapi-unbuilt-'));
    try {
      mkdirSync(join(project, 'src'));
      writeFileSync(join(project, 'src', 'main.ts'), 'export {};\n');
      expect(runTsapi(['run', 'dist/main.js'], { cwd: project })).toEqual({
        status: 1,
        stdout: '',
        stderr: 'tsapi: entry file not found: dist/main.js (build the project first, or pass src/main.ts)\n',
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test('an entry that exports no app', () => {
    const entry = join(FIXTURE, 'dist', 'no-app.js');
    const line = `${entry} exports no app: export an App as "app" or as the default export, or a function "createApp()" that returns one`;
    expectOneLineError(['openapi', entry], line);
    expectOneLineError(['run', entry, '--workers', '2', '--port', '0'], line);
  });

  describe('a port in use', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('in one process', () => {
      expectOneLineError(['run', MAIN, '--port', String(port)], `port ${port} on 127.0.0.1 is in use`);
    });

    test('with workers, reported once', () => {
      expectOneLineError(
        ['run', MAIN, '--port', String(port), '--workers', '2'],
        `port ${port} on 127.0.0.1 is in use`,
      );
    });

    test('PORT from the environment', () => {
      expect(runTsapi(['run', MAIN], { env: { PORT: String(port) } })).toEqual({
        status: 1,
        stdout: '',
        stderr: `tsapi: port ${port} on 127.0.0.1 is in use\n`,
      });
    });
  });

  test.each(['0', '-1', 'two', '1e3', ''])('--timeout-graceful-shutdown %p', (seconds) => {
    expectOneLineError(
      ['run', MAIN, `--timeout-graceful-shutdown=${seconds}`],
      `--timeout-graceful-shutdown must be a number of seconds above 0, got "${seconds}"`,
    );
  });

  test.each(['0', '-1', '1.5', 'two', ''])('--workers %p', (workers) => {
    expectOneLineError(
      ['run', MAIN, `--workers=${workers}`],
      `--workers must be a whole number of at least 1, got "${workers}"`,
    );
  });

  test('--workers -1 (a value that looks like an option)', () => {
    expectOneLineError(
      ['run', MAIN, '--workers', '-1'],
      'option --workers needs a value (write --workers=-… for one that starts with "-") for tsapi run (see tsapi run --help)',
    );
  });

  test('bad ports', () => {
    expectOneLineError(['run', MAIN, '--port', '70000'], '--port must be a port number from 0 to 65535, got "70000"');
    expect(runTsapi(['run', MAIN], { env: { PORT: 'eighty' } }).stderr).toBe(
      'tsapi: PORT must be a port number from 0 to 65535, got "eighty"\n',
    );
  });

  test('unknown commands, options and arguments', () => {
    expectOneLineError(['serve', MAIN], 'unknown command "serve" (see tsapi --help)');
    expectOneLineError(['--verbose'], 'unknown option --verbose (see tsapi --help)');
    expectOneLineError(
      ['run', MAIN, '--threads', '2'],
      'unknown option --threads for tsapi run (see tsapi run --help)',
    );
    expectOneLineError(['run', MAIN, '--port'], 'option --port needs a value for tsapi run (see tsapi run --help)');
    expectOneLineError(
      ['routes', MAIN, 'extra'],
      'unexpected argument "extra" for tsapi routes (see tsapi routes --help)',
    );
    expectOneLineError(['openapi'], 'missing ENTRY for tsapi openapi (see tsapi openapi --help)');
    expectOneLineError(['new', 'My_Service'], '"My_Service" is not a valid package name: it has uppercase letters');
  });
});

describe('help and version', () => {
  test('tsapi --help lists every command', () => {
    const result = runTsapi(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tsapi <command> \[options\]\n/);
    for (const command of COMMANDS)
      expect(result.stdout).toContain(`  ${command.name.padEnd(7)}  ${command.summary}\n`);
    expect(runTsapi([])).toEqual({ status: 1, stdout: result.stdout, stderr: '' });
  });

  test.each(COMMANDS.map((command) => command.name))('tsapi %s --help', (name) => {
    const result = runTsapi([name, '--help']);
    const command = COMMANDS.find((c) => c.name === name)!;
    expect(result).toEqual({ status: 0, stdout: command.usage, stderr: '' });
    expect(command.usage).toMatch(new RegExp(`^Usage: tsapi ${name} `));
    for (const option of Object.keys(command.options)) expect(command.usage).toContain(`--${option}`);
  });

  test('tsapi --version prints the package version', () => {
    expect(runTsapi(['--version'])).toEqual({ status: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
