import 'reflect-metadata';
import { App, Controller, DefinitionError, Get, Inject, Injectable, Path, Post } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const clients: TestClient[] = [];

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function definitionErrorOf(app: App): Promise<DefinitionError> {
  const error = await app.ready().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DefinitionError);
  return error as DefinitionError;
}

let created = 0;

@Injectable()
class ItemsRepository {
  readonly serial = ++created;
  readonly #items = new Map<string, string>([['1', 'hammer']]);

  find(id: string): string | undefined {
    return this.#items.get(id);
  }

  save(id: string, name: string): void {
    this.#items.set(id, name);
  }
}

@Injectable()
class ItemsService {
  constructor(readonly repo: ItemsRepository) {}

  describe(id: string): { id: string; name: string | null; repo: number } {
    return { id, name: this.repo.find(id) ?? null, repo: this.repo.serial };
  }
}

@Controller('/items')
class ItemsController {
  constructor(private readonly service: ItemsService) {}

  @Get('/{itemId}')
  read(@Path('itemId') itemId: string) {
    return this.service.describe(itemId);
  }
}

@Controller('/admin')
class AdminController {
  constructor(private readonly repo: ItemsRepository) {}

  @Post('/items/{itemId}/{name}')
  save(@Path('itemId') itemId: string, @Path('name') name: string) {
    this.repo.save(itemId, name);
    return { saved: itemId, repo: this.repo.serial };
  }
}

describe('injection by constructor type', () => {
  test('a controller gets its @Injectable() services, and theirs', async () => {
    const client = clientFor(new App({ controllers: [ItemsController] }));
    const res = await client.get('/items/1');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: '1', name: 'hammer', repo: expect.any(Number) });
  });

  test('one instance per app: shared across requests and controllers', async () => {
    const client = clientFor(new App({ controllers: [ItemsController, AdminController] }));
    const before = (await client.get('/items/2')).json() as { repo: number };
    expect(before).toEqual({ id: '2', name: null, repo: before.repo });
    const saved = await client.post('/admin/items/2/saw');
    expect(saved.json()).toEqual({ saved: '2', repo: before.repo });
    expect((await client.get('/items/2')).json()).toEqual({ id: '2', name: 'saw', repo: before.repo });
  });

  test('each app gets its own instances', async () => {
    const first = clientFor(new App({ controllers: [ItemsController, AdminController] }));
    const second = clientFor(new App({ controllers: [ItemsController, AdminController] }));
    await first.post('/admin/items/3/drill');
    const a = (await first.get('/items/3')).json() as { repo: number };
    const b = (await second.get('/items/3')).json() as { repo: number };
    expect(a).toEqual({ id: '3', name: 'drill', repo: a.repo });
    expect(b).toEqual({ id: '3', name: null, repo: b.repo });
    expect(b.repo).not.toBe(a.repo);
  });

  test('a plain class listed in providers is a provider too', async () => {
    class Clock {
      now(): string {
        return '2024-01-01T00:00:00Z';
      }
    }
    @Controller('/time')
    class TimeController {
      constructor(private readonly clock: Clock) {}

      @Get('')
      read() {
        return { now: this.clock.now() };
      }
    }
    const client = clientFor(new App({ controllers: [TimeController], providers: [Clock] }));
    expect((await client.get('/time')).json()).toEqual({ now: '2024-01-01T00:00:00Z' });
  });
});

describe('replacing providers', () => {
  test('useValue replaces a provider everywhere it is needed', async () => {
    const fake = { serial: -1, find: (id: string) => `fake ${id}`, save: () => undefined };
    const client = clientFor(new App({ controllers: [ItemsController], providers: [{ provide: ItemsRepository, useValue: fake }] }));
    const res = await client.get('/items/9');
    expect([res.status, res.json()]).toEqual([200, { id: '9', name: 'fake 9', repo: -1 }]);
  });

  test('useClass makes another class provide the token', async () => {
    @Injectable()
    class MemoryRepository extends ItemsRepository {
      override find(id: string): string {
        return `memory ${id}`;
      }
    }
    const client = clientFor(new App({ controllers: [ItemsController], providers: [{ provide: ItemsRepository, useClass: MemoryRepository }] }));
    const res = await client.get('/items/4');
    expect([res.status, res.json()]).toEqual([200, { id: '4', name: 'memory 4', repo: expect.any(Number) }]);
  });

  test('useFactory is called once with the providers listed in inject', async () => {
    const SETTINGS = Symbol('settings');
    const factory = jest.fn((settings: { prefix: string }) => ({ serial: 0, find: (id: string) => `${settings.prefix}-${id}`, save: () => undefined }));
    const app = new App({
      controllers: [ItemsController, AdminController],
      providers: [
        { provide: SETTINGS, useValue: { prefix: 'cfg' } },
        { provide: ItemsRepository, useFactory: factory, inject: [SETTINGS] },
      ],
    });
    const client = clientFor(app);
    expect((await client.get('/items/5')).json()).toEqual({ id: '5', name: 'cfg-5', repo: 0 });
    expect((await client.get('/items/6')).json()).toEqual({ id: '6', name: 'cfg-6', repo: 0 });
    expect(factory).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledWith({ prefix: 'cfg' });
  });
});

describe('@Inject(token)', () => {
  interface Settings {
    readonly greeting: string;
  }
  const SETTINGS = 'app.settings';

  @Controller('/hello')
  class HelloController {
    constructor(
      @Inject(SETTINGS) private readonly settings: Settings,
      private readonly repo: ItemsRepository,
    ) {}

    @Get('/{name}')
    hello(@Path('name') name: string) {
      return { message: `${this.settings.greeting}, ${name}`, item: this.repo.find('1') };
    }
  }

  test('names the provider of a parameter whose type is not a class', async () => {
    const client = clientFor(new App({ controllers: [HelloController], providers: [{ provide: SETTINGS, useValue: { greeting: 'Hi' } }] }));
    const res = await client.get('/hello/ann');
    expect([res.status, res.json()]).toEqual([200, { message: 'Hi, ann', item: 'hammer' }]);
  });

  test('an @Inject token nobody provides is a DefinitionError', async () => {
    const error = await definitionErrorOf(new App({ controllers: [HelloController] }));
    expect(error.message).toBe(
      'HelloController: it needs app.settings, which is not a provider\n' +
        "  Fix: mark the class with @Injectable(), or list it: providers: [{ provide: app.settings, useValue: … }]",
    );
  });
});

describe('provider mistakes are found at start-up', () => {
  test('a provider that needs itself is a cycle', async () => {
    @Injectable()
    class Node {
      constructor(readonly next: Node) {}
    }
    @Controller('/nodes')
    class NodesController {
      constructor(readonly node: Node) {}

      @Get('')
      list() {
        return [];
      }
    }
    const error = await definitionErrorOf(new App({ controllers: [NodesController] }));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toBe(
      'NodesController → Node → Node: providers depend on each other in a cycle\n' + '  Fix: break the cycle: move the shared part into a provider of its own',
    );
  });

  test('a cycle through several classes names each of them', async () => {
    abstract class Notifier {}
    @Injectable()
    class UsersService {
      constructor(readonly notifier: Notifier) {}
    }
    @Injectable()
    class Mailer {
      constructor(readonly users: UsersService) {}
    }
    @Controller('/users')
    class UsersController {
      constructor(readonly users: UsersService) {}

      @Get('')
      list() {
        return [];
      }
    }
    const app = new App({ controllers: [UsersController], providers: [{ provide: Notifier, useClass: Mailer }] });
    const error = await definitionErrorOf(app);
    expect(error.message).toBe(
      'UsersController → UsersService → Notifier (useClass: Mailer) → UsersService: providers depend on each other in a cycle\n' +
        '  Fix: break the cycle: move the shared part into a provider of its own',
    );
  });

  test('a constructor dependency that is not a provider', async () => {
    class Mailer {}
    @Controller('/mail')
    class MailController {
      constructor(readonly mailer: Mailer) {}

      @Get('')
      send() {
        return { sent: true };
      }
    }
    const error = await definitionErrorOf(new App({ controllers: [MailController] }));
    expect(error.problems).toEqual([
      {
        where: 'MailController',
        problem: 'it needs Mailer, which is not a provider',
        fix: 'mark the class with @Injectable(), or list it: providers: [{ provide: Mailer, useValue: … }]',
      },
    ]);
    expect(error.message).toContain('\n  Fix: mark the class with @Injectable()');
  });

  test('a constructor parameter whose type is unknown', async () => {
    interface Mailer {
      send(): void;
    }
    @Injectable()
    class Notifications {
      constructor(readonly mailer: Mailer) {}
    }
    @Controller('/notify')
    class NotifyController {
      constructor(readonly notifications: Notifications) {}

      @Get('')
      notify() {
        return {};
      }
    }
    const error = await definitionErrorOf(new App({ controllers: [NotifyController] }));
    expect(error.message).toBe(
      'Notifications, parameter 0 of the constructor: its type is unknown, so no provider can be chosen for it\n' +
        '  Fix: type it with a provider class, or name its provider: @Inject(TOKEN)',
    );
  });
});
