import 'reflect-metadata';
import { App, Controller, Get, Post, status } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

@Controller()
class RootController {
  @Get('/')
  readRoot() {
    return { Hello: 'World' };
  }
}

@Controller('/kinds')
class KindsController {
  @Get('/sync')
  readSync() {
    return { mode: 'sync' };
  }

  @Get('/async')
  async readAsync() {
    await new Promise((resolve) => setImmediate(resolve));
    return { mode: 'async' };
  }

  @Get('/nothing')
  readNothing(): void {}

  @Get('/nothing-async')
  async readNothingAsync(): Promise<void> {}

  @Get('/text')
  readText() {
    return 'plain words';
  }

  @Get('/list')
  readList() {
    return [1, 'two', { three: 3 }];
  }

  @Post('/created', { statusCode: status.HTTP_201_CREATED })
  create() {
    return { created: true };
  }

  @Get('/accepted', { statusCode: 202 })
  readAccepted() {
    return { accepted: true };
  }
}

describe('first steps', () => {
  let client: TestClient;

  afterEach(async () => {
    await client.close();
  });

  test('the App example answers {"Hello":"World"} as JSON', async () => {
    const app = new App({ title: 'Demo', version: '1.0.0', controllers: [RootController] });
    client = new TestClient(app);
    const res = await client.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ Hello: 'World' });
    expect(res.text).toBe('{"Hello":"World"}');
  });

  test('sync and async handlers both answer their value', async () => {
    client = new TestClient(new App({ controllers: [KindsController] }));
    const sync = await client.get('/kinds/sync');
    expect([sync.status, sync.json()]).toEqual([200, { mode: 'sync' }]);
    const asyncRes = await client.get('/kinds/async');
    expect([asyncRes.status, asyncRes.json()]).toEqual([200, { mode: 'async' }]);
  });

  test('a handler that returns nothing answers a JSON null body', async () => {
    client = new TestClient(new App({ controllers: [KindsController] }));
    for (const path of ['/kinds/nothing', '/kinds/nothing-async']) {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.text).toBe('null');
      expect(res.json()).toBeNull();
    }
  });

  test('a returned string is sent as a JSON string', async () => {
    client = new TestClient(new App({ controllers: [KindsController] }));
    const res = await client.get('/kinds/text');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe('"plain words"');
    expect(res.json()).toBe('plain words');
  });

  test('a returned array is sent as JSON', async () => {
    client = new TestClient(new App({ controllers: [KindsController] }));
    const res = await client.get('/kinds/list');
    expect([res.status, res.json()]).toEqual([200, [1, 'two', { three: 3 }]]);
  });

  test('the statusCode option sets the success status', async () => {
    client = new TestClient(new App({ controllers: [KindsController] }));
    const created = await client.post('/kinds/created');
    expect([created.status, created.json()]).toEqual([201, { created: true }]);
    const accepted = await client.get('/kinds/accepted');
    expect([accepted.status, accepted.json()]).toEqual([202, { accepted: true }]);
  });

  test('HEAD on a GET route answers 200 with the headers and no body', async () => {
    client = new TestClient(new App({ controllers: [RootController] }));
    const res = await client.head('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe('');
    expect(res.body.length).toBe(0);
  });
});
