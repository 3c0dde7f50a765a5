import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  type AppOptions,
  BackgroundTasks,
  Controller,
  Depends,
  Get,
  Injectable,
  Post,
  type Request,
  Req,
  dependency,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

type StatefulRequest = Request & { state: Record<string, unknown> };

class Db {
  closed = false;
  constructor(readonly name: string) {}
}

const clients: TestClient[] = [];
const apps: App[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all([...clients.splice(0).map((c) => c.close()), ...apps.splice(0).map((a) => a.close())]);
  for (const agent of agents.splice(0)) agent.destroy();
});

function track(app: App): App {
  apps.push(app);
  return app;
}

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
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

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

/** A controller whose handler reports the lifespan state it sees through `@Req() req` → `req.state`. */
function stateController(events: string[]) {
  @Controller()
  class StateController {
    @Get('/state')
    read(@Req() req: StatefulRequest) {
      events.push('handler');
      const db = req.state.db as Db | undefined;
      return { keys: Object.keys(req.state), db: db?.name ?? null };
    }
  }
  return StateController;
}

function appWith(events: string[], options: AppOptions): App {
  return new App({ controllers: [stateController(events)], ...options });
}

describe('async generator lifespan', () => {
  test('start-up runs before the first request, its state reaches handlers, shutdown runs on client.close()', async () => {
    const events: string[] = [];
    let opened: Db | undefined;
    const lifespan = async function* () {
      events.push('startup');
      opened = new Db('primary');
      yield { db: opened };
      opened.closed = true;
      events.push('shutdown');
    };
    const app = appWith(events, { lifespan });
    const client = new TestClient(app);
    expect(events).toEqual([]);

    const res = await client.get('/state');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ keys: ['db'], db: 'primary' });
    expect(events).toEqual(['startup', 'handler']);
    expect(app.state).toEqual({ db: opened });
    expect(app.state.db).toBe(opened);

    await client.close();
    expect(events).toEqual(['startup', 'handler', 'shutdown']);
    expect(opened?.closed).toBe(true);
  });

  test('the lifespan function is called with the app', async () => {
    let received: unknown;
    const lifespan = async function* (app: App) {
      received = app;
      yield { title: app.title };
    };
    const events: string[] = [];
    @Controller()
    class TitleController {
      @Get('/title')
      read(@Req() req: StatefulRequest) {
        return req.state;
      }
    }
    const app = new App({ title: 'Inventory', controllers: [TitleController, stateController(events)], lifespan });
    const res = await clientFor(app).get('/title');
    expect(res.json()).toEqual({ title: 'Inventory' });
    expect(received).toBe(app);
  });

  test('start-up runs once however many times the app is readied or requested, and completes before any request', async () => {
    const events: string[] = [];
    const lifespan = async function* () {
      events.push('startup begins');
      await sleep(30);
      events.push('startup ends');
      yield { db: new Db('slow') };
    };
    const app = appWith(events, { lifespan });
    const client = clientFor(app);
    const responses = await Promise.all([client.get('/state'), client.get('/state'), app.ready(), app.ready()]);
    expect(responses.slice(0, 2).map((r) => r?.json())).toEqual([
      { keys: ['db'], db: 'slow' },
      { keys: ['db'], db: 'slow' },
    ]);
    await client.get('/state');
    expect(events).toEqual(['startup begins', 'startup ends', 'handler', 'handler', 'handler']);
  });

  test('over real HTTP, listen() runs the start-up before it resolves and app.close() runs the shutdown', async () => {
    const events: string[] = [];
    const lifespan = async function* () {
      events.push('startup');
      yield { db: new Db('served') };
      events.push('shutdown');
    };
    const app = appWith(events, { lifespan });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.fastify.server.address() as AddressInfo).port;
    expect(events).toEqual(['startup']);
    expect(await httpGet(port, '/state')).toEqual({ status: 200, body: '{"keys":["db"],"db":"served"}' });
    await app.close();
    expect(events).toEqual(['startup', 'handler', 'shutdown']);
  });

  test('a lifespan that yields nothing leaves app.state and req.state empty', async () => {
    const events: string[] = [];
    const lifespan = async function* () {
      events.push('startup');
      yield;
      events.push('shutdown');
    };
    const app = appWith(events, { lifespan });
    const client = new TestClient(app);
    const res = await client.get('/state');
    expect(res.json()).toEqual({ keys: [], db: null });
    expect(app.state).toEqual({});
    await client.close();
    expect(events).toEqual(['startup', 'handler', 'shutdown']);
  });
});

describe('sync generator lifespan', () => {
  test('a plain generator function works the same way', async () => {
    const events: string[] = [];
    const lifespan = function* () {
      events.push('startup');
      yield { db: new Db('sync') };
      events.push('shutdown');
    };
    const app = appWith(events, { lifespan });
    const client = new TestClient(app);
    expect((await client.get('/state')).json()).toEqual({ keys: ['db'], db: 'sync' });
    expect((app.state.db as Db).name).toBe('sync');
    await client.close();
    expect(events).toEqual(['startup', 'handler', 'shutdown']);
  });
});

describe('provider class lifespan', () => {
  test('onStartup returns the state, onShutdown runs on close, and the class gets its @Injectable() services', async () => {
    const events: string[] = [];

    @Injectable()
    class ConnectionPool {
      connected = false;
      readonly db = new Db('pooled');
    }

    @Injectable()
    class DatabaseLifespan {
      constructor(private readonly pool: ConnectionPool) {}

      async onStartup() {
        await sleep(5);
        this.pool.connected = true;
        events.push('startup');
        return { db: this.pool.db };
      }

      async onShutdown() {
        this.pool.connected = false;
        this.pool.db.closed = true;
        events.push('shutdown');
      }
    }

    @Controller()
    class PoolController {
      constructor(private readonly pool: ConnectionPool) {}

      @Get('/pool')
      read(@Req() req: StatefulRequest) {
        events.push('handler');
        return { connected: this.pool.connected, sameDb: req.state.db === this.pool.db };
      }
    }

    const app = new App({ controllers: [PoolController], lifespan: DatabaseLifespan });
    const client = new TestClient(app);
    expect(events).toEqual([]);
    expect((await client.get('/pool')).json()).toEqual({ connected: true, sameDb: true });
    const db = app.state.db as Db;
    expect(db.name).toBe('pooled');
    await client.close();
    expect(events).toEqual(['startup', 'handler', 'shutdown']);
    expect(db.closed).toBe(true);
  });

  test('a class with only onShutdown leaves the state empty and still shuts down', async () => {
    const events: string[] = [];
    class ShutdownOnly {
      onShutdown() {
        events.push('shutdown');
      }
    }
    const app = appWith(events, { lifespan: ShutdownOnly });
    const client = new TestClient(app);
    expect((await client.get('/state')).json()).toEqual({ keys: [], db: null });
    expect(app.state).toEqual({});
    await client.close();
    expect(events).toEqual(['handler', 'shutdown']);
  });
});

describe('failing start-up', () => {
  test('app.ready() rejects with the error the start-up threw, and the shutdown code does not run', async () => {
    const failure = new Error('database unreachable');
    const events: string[] = [];
    const lifespan = async function* () {
      events.push('startup');
      throw failure;
      yield {};
      events.push('shutdown');
    };
    const app = track(appWith(events, { lifespan }));
    const error = await rejectionOf(app.ready());
    expect(error).toBe(failure);
    expect((error as Error).message).toBe('database unreachable');
    expect(await rejectionOf(app.ready())).toBe(failure);
    await app.close();
    expect(events).toEqual(['startup']);
  });

  test('listen() rejects with the start-up error and does not start serving', async () => {
    const failure = new Error('cannot bind cache');
    const lifespan = async function* () {
      throw failure;
      yield {};
    };
    const app = track(appWith([], { lifespan }));
    expect(await rejectionOf(app.listen({ port: 0, host: '127.0.0.1' }))).toBe(failure);
    expect(app.fastify.server.listening).toBe(false);
  });

  test('the first TestClient request rejects with the start-up error of a class lifespan', async () => {
    const failure = new Error('migrations failed');
    const events: string[] = [];
    class FailingStartup {
      async onStartup() {
        events.push('startup');
        throw failure;
      }
    }
    const app = track(appWith(events, { lifespan: FailingStartup }));
    const client = new TestClient(app);
    expect(await rejectionOf(client.get('/state'))).toBe(failure);
    expect(events).toEqual(['startup']);
  });
});

describe('state across requests and dependencies', () => {
  test('app.state changed by a handler is seen by the next request and by app.state', async () => {
    const lifespan = async function* () {
      yield { hits: 0 };
    };
    @Controller()
    class HitsController {
      @Post('/hit')
      hit(@Req() req: StatefulRequest) {
        req.state.hits = (req.state.hits as number) + 1;
        return { hits: req.state.hits };
      }
    }
    const app = new App({ controllers: [HitsController], lifespan });
    const client = clientFor(app);
    expect((await client.post('/hit')).json()).toEqual({ hits: 1 });
    expect((await client.post('/hit')).json()).toEqual({ hits: 2 });
    expect(app.state).toEqual({ hits: 2 });
    app.state.hits = 10;
    expect((await client.post('/hit')).json()).toEqual({ hits: 11 });
  });

  test('a dependency reads the lifespan state through Req()', async () => {
    const db = new Db('from-dependency');
    const lifespan = async function* () {
      yield { db };
    };
    const getDb = dependency([Req()], (req: StatefulRequest) => req.state.db as Db);
    @Controller()
    class DbController {
      @Get('/db')
      read(@Depends(getDb) fromState: Db) {
        return { name: fromState.name, same: fromState === db };
      }
    }
    const res = await clientFor(new App({ controllers: [DbController], lifespan })).get('/db');
    expect(res.json()).toEqual({ name: 'from-dependency', same: true });
  });

  test('the shutdown runs after the pending background tasks have finished', async () => {
    const events: string[] = [];
    const lifespan = async function* () {
      const db = new Db('tasks');
      yield { db };
      events.push(`shutdown (db was closed: ${db.closed})`);
      db.closed = true;
    };
    @Controller()
    class ReportController {
      @Post('/report')
      report(@Req() req: StatefulRequest, tasks: BackgroundTasks) {
        const db = req.state.db as Db;
        tasks.add(async () => {
          await sleep(40);
          events.push(`task wrote to open db: ${!db.closed}`);
        });
        return { accepted: true };
      }
    }
    const client = new TestClient(new App({ controllers: [ReportController], lifespan }));
    expect((await client.post('/report')).json()).toEqual({ accepted: true });
    await client.close();
    expect(events).toEqual(['task wrote to open db: true', 'shutdown (db was closed: false)']);
  });
});
