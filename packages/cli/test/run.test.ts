import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProjects, FIXTURE, TsapiProcess } from './support/cli-process';
import { httpGet } from './support/http';

const MAIN = join(FIXTURE, 'dist', 'main.js');

let tmp: string;
const running: TsapiProcess[] = [];

beforeAll(() => {
  buildProjects('packages/cli', 'packages/cli/test/fixtures/service');
  tmp = mkdtempSync(join(tmpdir(), 'tsapi-run-'));
}, 120_000);

afterEach(async () => {
  for (const server of running.splice(0)) {
    server.kill('SIGKILL');
    await server.exited();
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts `tsapi run` on a free port; the fixture's lifespan and background tasks write to `marks`. */
async function start(args: string[], marks: string): Promise<{ server: TsapiProcess; base: string }> {
  const server = new TsapiProcess(['run', ...args, '--port', '0'], { env: { TSAPI_FIXTURE_MARKS: marks } });
  running.push(server);
  return { server, base: `http://127.0.0.1:${await server.port()}` };
}

function marksOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const { status, text } = await httpGet(url);
  return { status, body: JSON.parse(text) };
}

/** Asks until `count` distinct worker pids have answered (the cluster balances connections round-robin). */
async function workerPids(base: string, count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 50 && pids.size < count; i++) {
    const { status, body } = await getJson(`${base}/pid`);
    expect(status).toBe(200);
    pids.add(body.pid);
  }
  return pids;
}

test('one process: serves, and SIGTERM closes gracefully with exit code 0', async () => {
  const marks = join(tmp, 'single.txt');
  const { server, base } = await start([MAIN], marks);
  expect(await getJson(`${base}/`)).toEqual({ status: 200, body: { Hello: 'World' } });
  const slow = getJson(`${base}/slow?ms=800`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  server.kill('SIGTERM');
  expect(await slow).toEqual({ status: 200, body: { pid: server.child.pid, ms: 800 } });
  expect(await server.exited()).toEqual({ code: 0, signal: null });
  const pid = server.child.pid;
  expect(marksOf(marks)).toEqual([`startup ${pid}`, `task ${pid}`, `shutdown ${pid}`]);
}, 60_000);

test('--workers 2: both workers answer; SIGTERM under load fails no request, drains, runs the lifespan shutdown, exits 0', async () => {
  const marks = join(tmp, 'workers.txt');
  const { server, base } = await start([MAIN, '--workers', '2'], marks);
  const pids = await workerPids(base, 2);
  expect(pids.size).toBe(2);
  expect(pids.has(server.child.pid!)).toBe(false);

  // 40 requests in flight, a quarter of them slow, sent before the signal.
  const requests = Array.from({ length: 40 }, (_, i) =>
    getJson(`${base}/slow?ms=${i % 4 === 0 ? 1500 : 50 + i * 10}`).catch((error: Error) => ({
      status: 0,
      body: error.message,
    })),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  server.kill('SIGTERM');
  const results = await Promise.all(requests);
  expect(results.filter((r) => r.status !== 200)).toEqual([]);
  expect(new Set(results.map((r) => r.body.pid))).toEqual(pids);
  expect(await server.exited()).toEqual({ code: 0, signal: null });

  const lines = marksOf(marks);
  for (const pid of pids) {
    expect(lines.filter((line) => line === `task ${pid}`).length).toBeGreaterThan(0);
    // The shutdown comes after every background task of that worker.
    expect(lines.lastIndexOf(`shutdown ${pid}`)).toBeGreaterThan(lines.lastIndexOf(`task ${pid}`));
  }
  expect(lines.filter((line) => line.startsWith('task ')).length).toBe(40);
  expect(lines.filter((line) => line.startsWith('shutdown ')).sort()).toEqual(
    [...pids].map((pid) => `shutdown ${pid}`).sort(),
  );
}, 90_000);

test('--workers 2: a worker killed with SIGKILL is replaced and the service keeps answering', async () => {
  const marks = join(tmp, 'killed.txt');
  const { server, base } = await start([MAIN, '--workers', '2'], marks);
  const before = await workerPids(base, 2);
  const [victim, survivor] = [...before];
  process.kill(victim, 'SIGKILL');
  await server.waitFor(new RegExp(`worker ${victim} exited \\(SIGKILL\\); starting another`));
  const replacement = Number((await server.waitFor(/worker (\d+) listening/))[1]);
  const after = await workerPids(base, 2);
  expect(after).toEqual(new Set([survivor, replacement]));
  expect(replacement).not.toBe(victim);
  server.kill('SIGTERM');
  expect(await server.exited()).toEqual({ code: 0, signal: null });
}, 90_000);

test('--workers 2: workers that crash at start-up are restarted with a back-off, then the primary gives up with exit code 1', async () => {
  const started = Date.now();
  const server = new TsapiProcess(['run', join(FIXTURE, 'dist', 'crash-at-start.js'), '--workers', '2', '--port', '0']);
  running.push(server);
  expect(await server.exited()).toEqual({ code: 1, signal: null });
  expect(server.output.match(/failed to start: Error: database unreachable/g)).toHaveLength(5);
  expect(server.output.match(/exited \(code 1\); starting another/g)).toHaveLength(5);
  expect(server.output).toContain('tsapi: workers crashed 5 times in a row at start-up; giving up\n');
  // Waits of 200, 400 and 800 ms at least came between the crashes.
  expect(Date.now() - started).toBeGreaterThan(1400);
}, 60_000);

describe('--timeout-graceful-shutdown', () => {
  /** A request that would take 30 s, the signal while it runs; resolves once the process has exited. */
  async function stopDuringHangingRequest(
    server: TsapiProcess,
    base: string,
  ): Promise<{ code: number | null; tookMs: number }> {
    const hanging = getJson(`${base}/slow?ms=30000`).catch((error: Error) => ({ status: 0, body: error.message }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    server.kill('SIGTERM');
    const { code } = await server.exited();
    await hanging;
    return { code, tookMs: Date.now() - signalled };
  }

  test('one process: a request that outlasts it does not hold the process, which exits 1 with one line', async () => {
    const { server, base } = await start([MAIN, '--timeout-graceful-shutdown', '0.5'], join(tmp, 'timeout.txt'));
    const { code, tookMs } = await stopDuringHangingRequest(server, base);
    expect(code).toBe(1);
    // Well before the 30 s request would have finished.
    expect(tookMs).toBeLessThan(20_000);
    expect(server.output).toContain('tsapi: still closing after 0.5 s (--timeout-graceful-shutdown), exiting\n');
  }, 60_000);

  test('--workers 2: the workers give up the same way and the primary exits 1', async () => {
    const { server, base } = await start(
      [MAIN, '--workers', '2', '--timeout-graceful-shutdown', '0.5'],
      join(tmp, 'timeout-workers.txt'),
    );
    const { code, tookMs } = await stopDuringHangingRequest(server, base);
    expect(code).toBe(1);
    expect(tookMs).toBeLessThan(20_000);
    expect(server.output).toContain('still closing after 0.5 s');
  }, 60_000);

  test('a close that finishes in time still exits 0', async () => {
    const { server, base } = await start([MAIN, '--timeout-graceful-shutdown', '10'], join(tmp, 'in-time.txt'));
    const slow = getJson(`${base}/slow?ms=300`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.kill('SIGTERM');
    expect(await slow).toEqual({ status: 200, body: { pid: server.child.pid, ms: 300 } });
    expect(await server.exited()).toEqual({ code: 0, signal: null });
  }, 60_000);
});
