import 'reflect-metadata';
import { TestApp } from './support/app';

describe('health and readiness', () => {
  let t: TestApp;
  afterEach(() => t.close());

  test('GET /health answers without touching the database; GET /ready once the database answers', async () => {
    t = new TestApp();
    const health = await t.client.get('/health');
    expect({ status: health.status, body: health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await t.client.get('/ready');
    expect({ status: ready.status, body: ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  test('GET /ready is 503 when the database is gone, while /health still answers', async () => {
    t = new TestApp({}, { raiseServerExceptions: false });
    expect((await t.client.get('/ready')).status).toBe(200);
    // The database the app was given, closed under it.
    await t.database.destroy();
    const ready = await t.client.get('/ready');
    expect({ status: ready.status, body: ready.json() }).toEqual({
      status: 503,
      body: { detail: 'Database unavailable' },
    });
    expect((await t.client.get('/health')).status).toBe(200);
  });
});
