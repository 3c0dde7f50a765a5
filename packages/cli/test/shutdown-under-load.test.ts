import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WsClient from 'ws';
import { buildProjects, FIXTURE, TsapiProcess } from './support/cli-process';

const ENTRY = join(FIXTURE, 'dist', 'shutdown.js');
const CLIENTS = 16;
const SOCKETS = 4;

let tmp: string;
beforeAll(() => {
  buildProjects('packages/cli', 'packages/cli/test/fixtures/service');
  tmp = mkdtempSync(join(tmpdir(), 'tsapi-shutdown-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Outcome {
  readonly id: string;
  readonly sentAfterSignal: boolean;
  readonly status?: number;
  readonly connection?: string;
  readonly body?: string;
  readonly error?: string;
}

/** One GET on a keep-alive agent; a refused or reset connection is an outcome too. */
function get(agent: Agent, url: string, id: string, sentAfterSignal: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ id, sentAfterSignal, status: res.statusCode, connection: res.headers.connection, body }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ id, sentAfterSignal, error: error.code ?? error.message }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ id, sentAfterSignal, error: error.code ?? error.message }),
    );
    // A request left hanging would hang the test: it counts as a failure instead.
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'TIMEOUT' })));
    req.end();
  });
}

function marksOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

describe.each([1, 2])('SIGTERM under load, tsapi run --workers %i', (workers) => {
  test('no request accepted before the signal fails; later ones get 503 with Connection: close or are refused; tasks drain; websockets close with 1001; exit 0', async () => {
    const marks = join(tmp, `workers-${workers}.txt`);
    const server = new TsapiProcess(['run', ENTRY, '--port', '0', '--workers', String(workers)], {
      env: { TSAPI_FIXTURE_MARKS: marks },
    });
    try {
      const base = `http://127.0.0.1:${await server.port()}`;
      const sockets = await Promise.all(
        Array.from({ length: SOCKETS }, async () => {
          const ws = new WsClient(`${base.replace('http', 'ws')}/ws`);
          const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
          await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
          ws.send('ping');
          await new Promise((resolve) => ws.once('message', resolve));
          // Wrapped: an async function returning the promise itself would wait for the close.
          return { closed };
        }),
      );

      let signalled = false;
      let stop = false;
      const outcomes: Outcome[] = [];
      const loops = Array.from({ length: CLIENTS }, async (_, client) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        for (let n = 0; !stop; n++) {
          const id = `${client}-${n}`;
          const outcome = await get(
            agent,
            `${base}/work?ms=${20 + ((client * 7 + n) % 5) * 40}&id=${id}`,
            id,
            signalled,
          );
          outcomes.push(outcome);
          // A refused connection will stay refused: this client is done.
          if (outcome.error !== undefined) break;
        }
        agent.destroy();
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      signalled = true;
      server.kill('SIGTERM');
      const exited = server.exited();
      // The load goes on until the server has exited, or for 3 s at most.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      stop = true;
      await Promise.all(loops);
      expect(await exited).toEqual({ code: 0, signal: null });

      const before = outcomes.filter((o) => !o.sentAfterSignal);
      const after = outcomes.filter((o) => o.sentAfterSignal);
      expect(before.length).toBeGreaterThan(CLIENTS * 3);
      expect(before.filter((o) => o.status !== 200)).toEqual([]);
      for (const o of after) {
        if (o.status === 200) continue;
        if (o.status !== undefined)
          expect({ status: o.status, connection: o.connection, body: o.body }).toEqual({
            status: 503,
            connection: 'close',
            body: '{"detail":"Service Unavailable"}',
          });
        else expect(['ECONNREFUSED', 'ECONNRESET', 'socket hang up', 'EPIPE']).toContain(o.error);
      }
      // Every request that was answered 200 had its background task run before the exit.
      const served = outcomes
        .filter((o) => o.status === 200)
        .map((o) => `task ${o.id}`)
        .sort();
      const lines = marksOf(marks);
      expect(
        lines
          .filter((l) => l.startsWith('task '))
          .map((l) => l.replace(/ \d+$/, ''))
          .sort(),
      ).toEqual(served);
      expect(await Promise.all(sockets.map((s) => s.closed))).toEqual(Array(SOCKETS).fill(1001));
      expect(lines.filter((l) => l.startsWith('websocket closed 1001'))).toHaveLength(SOCKETS);
      expect(lines.filter((l) => l.startsWith('lifespan shutdown'))).toHaveLength(workers);
      console.log(
        `--workers ${workers}: ${before.length} requests before SIGTERM (all 200), after it: ${after.filter((o) => o.status === 200).length} × 200, ${after.filter((o) => o.status === 503).length} × 503, ${after.filter((o) => o.error).length} refused`,
      );
    } finally {
      server.kill('SIGKILL');
    }
  }, 120_000);
});
