import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import {
  App,
  type AppOptions,
  BackgroundTasks,
  Controller,
  Depends,
  Get,
  HTTPException,
  JSONResponse,
  Path,
  Post,
  Query,
  dependency,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

interface LogEntry {
  level: number;
  msg: string;
  err?: { message: string; type?: string };
}

/** One app under test with its captured error log; `onResponse` pushes 'sent' to the given event list. */
interface Harness {
  app: App;
  logged: () => LogEntry[];
}

const clients: TestClient[] = [];
const apps: App[] = [];
const agents: Agent[] = [];
/** Gates a test may leave closed when it fails; opened before closing so that close() cannot hang. */
const openGates: (() => void)[] = [];

afterEach(async () => {
  for (const release of openGates.splice(0)) release();
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...apps.splice(0).map((a) => a.close())]);
  for (const agent of agents.splice(0)) agent.destroy();
});

function harness(events: string[] | undefined, options: AppOptions): Harness {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = new App({ ...options, fastify: { logger: { level: 'error', stream } } });
  if (events) {
    app.fastify.addHook('onResponse', async () => {
      events.push('sent');
    });
  }
  return { app, logged: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}

function clientFor(app: App, options: { raiseServerExceptions?: boolean } = {}): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

async function serve(app: App): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return (app.fastify.server.address() as AddressInfo).port;
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const agent = new Agent({ keepAlive: false });
  agents.push(agent);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (tasks run after the response, so tests wait for them). */
async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return;
    await sleep(5);
  }
}

function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  openGates.push(release);
  return { promise, release };
}

describe("FastAPI's send-notification example", () => {
  test('the response is exact and the task writes the log line after it', async () => {
    const events: string[] = [];
    const log: string[] = [];
    function writeNotification(email: string, message = '') {
      log.push(`notification for ${email}: ${message}`);
    }
    @Controller()
    class NotifyController {
      @Post('/send-notification/{email}')
      sendNotification(@Path('email') email: string, backgroundTasks: BackgroundTasks) {
        events.push('handler');
        backgroundTasks.add(writeNotification, email, 'some notification');
        return { message: 'Notification sent in the background' };
      }
    }
    const h = harness(events, { controllers: [NotifyController] });
    const res = await clientFor(h.app).post('/send-notification/foo@example.com');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"message":"Notification sent in the background"}');
    await waitFor(() => log.length > 0);
    expect(log).toEqual(['notification for foo@example.com: some notification']);
    expect(events).toEqual(['handler', 'sent']);
    expect(h.logged()).toEqual([]);
  });

  test('the dependency and the handler add to the same object, as the example with get_query', async () => {
    const log: string[] = [];
    const writeLog = (message: string) => {
      log.push(message);
    };
    const getQuery = dependency(
      [BackgroundTasks, Query('q', { type: 'string', required: false })],
      (tasks: BackgroundTasks, q?: string) => {
        if (q) tasks.add(writeLog, `found query: ${q}\n`);
        return q;
      },
    );
    @Controller()
    class NotifyController {
      @Post('/send-notification/{email}')
      sendNotification(@Path('email') email: string, backgroundTasks: BackgroundTasks, @Depends(getQuery) q?: string) {
        backgroundTasks.add(writeLog, `message to ${email}\n`);
        return { message: 'Message sent', q: q ?? null };
      }
    }
    const client = clientFor(harness(undefined, { controllers: [NotifyController] }).app);
    const res = await client.post('/send-notification/foo@example.com', { query: { q: 'some-query' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ message: 'Message sent', q: 'some-query' });
    await waitFor(() => log.length === 2);
    expect(log).toEqual(['found query: some-query\n', 'message to foo@example.com\n']);
  });
});

describe('order and timing', () => {
  test('tasks run in the order added, after the response has been sent', async () => {
    const events: string[] = [];
    @Controller()
    class OrderController {
      @Get('/order')
      read(tasks: BackgroundTasks) {
        events.push('handler');
        tasks.add(() => events.push('task 1'));
        tasks.add(() => events.push('task 2'));
        return { ok: true };
      }
    }
    const res = await clientFor(harness(events, { controllers: [OrderController] }).app).get('/order');
    expect(res.json()).toEqual({ ok: true });
    await waitFor(() => events.includes('task 2'));
    expect(events).toEqual(['handler', 'sent', 'task 1', 'task 2']);
  });

  test('async tasks are awaited one after the other: the second starts once the first has ended', async () => {
    const events: string[] = [];
    const slow = async (name: string, ms: number) => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
    };
    @Controller()
    class SequenceController {
      @Get('/sequence')
      read(tasks: BackgroundTasks) {
        tasks.add(slow, 'first', 40);
        tasks.add(slow, 'second', 1);
        tasks.add(() => events.push('sync third'));
        return null;
      }
    }
    const res = await clientFor(harness(undefined, { controllers: [SequenceController] }).app).get('/sequence');
    expect(res.status).toBe(200);
    await waitFor(() => events.includes('sync third'));
    expect(events).toEqual(['start first', 'end first', 'start second', 'end second', 'sync third']);
  });

  test('over real HTTP, a task that is still waiting does not delay the response', async () => {
    const slowTask = gate();
    const events: string[] = [];
    @Controller()
    class SlowController {
      @Get('/slow-task')
      read(tasks: BackgroundTasks) {
        tasks.add(async () => {
          events.push('task started');
          await slowTask.promise;
          events.push('task finished');
        });
        return { status: 'accepted' };
      }
    }
    const port = await serve(harness(undefined, { controllers: [SlowController] }).app);
    const res = await httpGet(port, '/slow-task');
    expect(res).toEqual({ status: 200, body: '{"status":"accepted"}' });
    await waitFor(() => events.includes('task started'));
    expect(events).toEqual(['task started']);
    slowTask.release();
    await waitFor(() => events.includes('task finished'));
    expect(events).toEqual(['task started', 'task finished']);
  });

  test('the order is response, tasks, then the cleanup of request-scoped generator dependencies', async () => {
    const events: string[] = [];
    async function* getDb() {
      const db = { open: true };
      events.push('enter db');
      try {
        yield db;
      } finally {
        db.open = false;
        events.push('exit db');
      }
    }
    @Controller()
    class CleanupController {
      @Get('/cleanup')
      read(@Depends(getDb) db: { open: boolean }, tasks: BackgroundTasks) {
        events.push('handler');
        tasks.add(async () => {
          await sleep(10);
          events.push(`task sees db open: ${db.open}`);
        });
        return { open: db.open };
      }
    }
    const res = await clientFor(harness(events, { controllers: [CleanupController] }).app).get('/cleanup');
    expect(res.json()).toEqual({ open: true });
    await waitFor(() => events.includes('exit db'));
    expect(events).toEqual(['enter db', 'handler', 'sent', 'task sees db open: true', 'exit db']);
  });

  test('each request has its own tasks: those of a request run once, for that request only', async () => {
    const events: string[] = [];
    let served = 0;
    @Controller()
    class CountController {
      @Get('/count')
      read(tasks: BackgroundTasks) {
        const n = ++served;
        tasks.add(() => events.push(`task of request ${n}`));
        return { n };
      }
    }
    const client = clientFor(harness(undefined, { controllers: [CountController] }).app);
    expect((await client.get('/count')).json()).toEqual({ n: 1 });
    await waitFor(() => events.length === 1);
    expect((await client.get('/count')).json()).toEqual({ n: 2 });
    await waitFor(() => events.length === 2);
    await sleep(20);
    expect(events).toEqual(['task of request 1', 'task of request 2']);
  });
});

describe('adding tasks', () => {
  test('addTask is the same as add, and the arguments reach the task as given', async () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => {
      calls.push(args);
    };
    @Controller()
    class AliasController {
      @Get('/alias')
      read(tasks: BackgroundTasks) {
        tasks.addTask(record, 'addTask', 1, { nested: [true] });
        tasks.add(record, 'add', 2);
        tasks.addTask(record);
        return { queued: 3 };
      }
    }
    const res = await clientFor(harness(undefined, { controllers: [AliasController] }).app).get('/alias');
    expect(res.json()).toEqual({ queued: 3 });
    await waitFor(() => calls.length === 3);
    expect(calls).toEqual([['addTask', 1, { nested: [true] }], ['add', 2], []]);
  });

  test('a function dependency and a class dependency get the same BackgroundTasks as the handler', async () => {
    const events: string[] = [];
    const fromFunction = dependency(
      [BackgroundTasks, Query('q', { type: 'string' })],
      (tasks: BackgroundTasks, q: string) => {
        tasks.add(() => events.push(`function dependency: ${q}`));
        return tasks;
      },
    );
    class Audit {
      readonly tasks: BackgroundTasks;
      constructor(tasks: BackgroundTasks, @Query('user', { default: 'anonymous' }) user: string) {
        this.tasks = tasks;
        tasks.add(() => events.push(`class dependency: ${user}`));
      }
    }
    @Controller()
    class SharedController {
      @Get('/shared')
      read(@Depends(fromFunction) viaFunction: BackgroundTasks, @Depends() audit: Audit, tasks: BackgroundTasks) {
        tasks.add(() => events.push('handler'));
        return { sameAsFunction: viaFunction === tasks, sameAsClass: audit.tasks === tasks };
      }
    }
    const res = await clientFor(harness(undefined, { controllers: [SharedController] }).app).get('/shared', {
      query: { q: 'x', user: 'ada' },
    });
    expect(res.json()).toEqual({ sameAsFunction: true, sameAsClass: true });
    await waitFor(() => events.length === 3);
    await sleep(10);
    expect(events).toEqual(['function dependency: x', 'class dependency: ada', 'handler']);
  });

  test('tasks added only by a route-level dependency run although the handler takes no BackgroundTasks', async () => {
    const events: string[] = [];
    const audit = dependency(
      [BackgroundTasks, Path('itemId', { type: 'string' })],
      (tasks: BackgroundTasks, itemId: string) => {
        tasks.add(() => events.push(`audit ${itemId}`));
      },
    );
    @Controller('/items')
    class ItemsController {
      @Get('/{itemId}', { dependencies: [Depends(audit)] })
      read(@Path('itemId') itemId: string) {
        events.push('handler');
        return { itemId };
      }
    }
    const res = await clientFor(harness(events, { controllers: [ItemsController] }).app).get('/items/7');
    expect(res.json()).toEqual({ itemId: '7' });
    await waitFor(() => events.includes('audit 7'));
    expect(events).toEqual(['handler', 'sent', 'audit 7']);
  });

  test('tasks also run when the handler returns a Response object', async () => {
    const events: string[] = [];
    @Controller()
    class ResponseController {
      @Get('/created')
      read(tasks: BackgroundTasks) {
        tasks.add(() => events.push('task'));
        return new JSONResponse({ created: true }, 201, { 'x-kind': 'job' });
      }
    }
    const res = await clientFor(harness(events, { controllers: [ResponseController] }).app).get('/created');
    expect(res.status).toBe(201);
    expect(res.headers['x-kind']).toBe('job');
    expect(res.json()).toEqual({ created: true });
    await waitFor(() => events.includes('task'));
    expect(events).toEqual(['sent', 'task']);
  });
});

describe('failures', () => {
  test('a failing task is logged, the later tasks of its request do not run, the next request runs its tasks', async () => {
    const events: string[] = [];
    let served = 0;
    function failingTask(n: number) {
      if (n === 1) throw new Error('smtp is down');
      events.push(`b ${n}`);
    }
    @Controller()
    class FailingController {
      @Get('/fail')
      read(tasks: BackgroundTasks) {
        const n = ++served;
        tasks.add(() => events.push(`a ${n}`));
        tasks.add(failingTask, n);
        tasks.add(() => events.push(`c ${n}`));
        return { n };
      }
    }
    const h = harness(undefined, { controllers: [FailingController] });
    const client = clientFor(h.app);
    const first = await client.get('/fail');
    expect([first.status, first.json()]).toEqual([200, { n: 1 }]);
    await waitFor(() => h.logged().length > 0);
    await sleep(20);
    expect(events).toEqual(['a 1']);
    expect(h.logged()).toEqual([
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'smtp is down' }) }),
    ]);

    const second = await client.get('/fail');
    expect([second.status, second.json()]).toEqual([200, { n: 2 }]);
    await waitFor(() => events.includes('c 2'));
    expect(events).toEqual(['a 1', 'a 2', 'b 2', 'c 2']);
    expect(h.logged()).toHaveLength(1);
  });

  test('an async task that rejects stops the tasks after it and is logged', async () => {
    const events: string[] = [];
    @Controller()
    class RejectController {
      @Get('/reject')
      read(tasks: BackgroundTasks) {
        tasks.add(async () => {
          await sleep(5);
          events.push('before');
          throw new Error('async failure');
        });
        tasks.add(() => events.push('after'));
        return { ok: true };
      }
    }
    const h = harness(undefined, { controllers: [RejectController] });
    const res = await clientFor(h.app).get('/reject');
    expect(res.json()).toEqual({ ok: true });
    await waitFor(() => h.logged().length > 0);
    await sleep(20);
    expect(events).toEqual(['before']);
    expect(h.logged()).toEqual([
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'async failure' }) }),
    ]);
  });

  test('tasks added before the handler threw do not run; a successful request afterwards runs its own', async () => {
    const events: string[] = [];
    @Controller()
    class ThrowingController {
      @Get('/work')
      read(@Query('mode') mode: string, tasks: BackgroundTasks) {
        events.push(`handler ${mode}`);
        tasks.add(() => events.push(`task ${mode}`));
        if (mode === 'http') throw new HTTPException(400, 'Bad mode');
        if (mode === 'crash') throw new Error('handler crashed');
        return { mode };
      }
    }
    const h = harness(events, { controllers: [ThrowingController] });
    const client = clientFor(h.app, { raiseServerExceptions: false });
    const http = await client.get('/work', { query: { mode: 'http' } });
    expect([http.status, http.json()]).toEqual([400, { detail: 'Bad mode' }]);
    const crash = await client.get('/work', { query: { mode: 'crash' } });
    expect([crash.status, crash.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
    const ok = await client.get('/work', { query: { mode: 'ok' } });
    expect([ok.status, ok.json()]).toEqual([200, { mode: 'ok' }]);
    await waitFor(() => events.includes('task ok'));
    await sleep(20);
    expect(events).toEqual(['handler http', 'sent', 'handler crash', 'sent', 'handler ok', 'sent', 'task ok']);
  });
});

describe('closing the app', () => {
  test('client.close() waits for a slow task, and the task ends before the lifespan shutdown', async () => {
    const events: string[] = [];
    const lifespan = async function* () {
      events.push('startup');
      yield {};
      events.push('shutdown');
    };
    @Controller()
    class SlowController {
      @Get('/slow')
      read(tasks: BackgroundTasks) {
        tasks.add(async () => {
          events.push('task start');
          await sleep(80);
          events.push('task end');
        });
        return { queued: true };
      }
    }
    const app = harness(undefined, { controllers: [SlowController], lifespan }).app;
    const client = new TestClient(app);
    expect((await client.get('/slow')).json()).toEqual({ queued: true });
    const closing = Date.now();
    await client.close();
    events.push('closed');
    expect(Date.now() - closing).toBeGreaterThanOrEqual(50);
    expect(events).toEqual(['startup', 'task start', 'task end', 'shutdown', 'closed']);
  });

  test('over real HTTP, app.close() resolves only after a pending task has finished', async () => {
    const events: string[] = [];
    const taskGate = gate();
    let finishedAt = 0;
    const lifespan = async function* () {
      yield {};
      events.push('shutdown');
    };
    @Controller()
    class GatedController {
      @Get('/gated')
      read(tasks: BackgroundTasks) {
        tasks.add(async () => {
          events.push('task start');
          await taskGate.promise;
          finishedAt = performance.now();
          events.push('task end');
        });
        return { queued: true };
      }
    }
    const app = harness(undefined, { controllers: [GatedController], lifespan }).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.fastify.server.address() as AddressInfo).port;
    expect(await httpGet(port, '/gated')).toEqual({ status: 200, body: '{"queued":true}' });
    await waitFor(() => events.includes('task start'));
    let closedAt = 0;
    const closing = app.close().then(() => {
      closedAt = performance.now();
    });
    await sleep(50);
    expect(closedAt).toBe(0);
    expect(events).toEqual(['task start']);
    taskGate.release();
    await closing;
    expect(finishedAt).toBeGreaterThan(0);
    expect(closedAt).toBeGreaterThanOrEqual(finishedAt);
    expect(events).toEqual(['task start', 'task end', 'shutdown']);
  });
});
