import { TestClient } from '@tsapi/testing';
import { app as commonApp } from '../examples/dependencies/common-query';
import { app as dbApp, events } from '../examples/dependencies/database';
import { app as guardedApp } from '../examples/dependencies/route-dependencies';

const common = new TestClient(commonApp);
const db = new TestClient(dbApp);
const guarded = new TestClient(guardedApp);
afterAll(async () => {
  await Promise.all([common.close(), db.close(), guarded.close()]);
});

/** Request-scoped generators clean up after the response has been sent. */
async function cleanedUp(count: number): Promise<string[]> {
  for (let i = 0; i < 200 && events.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return events.splice(0);
}

describe('a class dependency', () => {
  test('its constructor parameters are query parameters of each route', async () => {
    expect((await common.get('/items?skip=1&limit=1')).json()).toEqual({
      items: [
        {
          name: 'Bar',
        },
      ],
      q: null,
    });
    expect((await common.get('/users?q=alice')).json()).toEqual({
      limit: 100,
      q: 'alice',
      skip: 0,
    });
  });

  test('its parameters are validated with the route', async () => {
    const res = await common.get('/items?limit=5000');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          ctx: {
            le: 1000,
          },
          input: '5000',
          loc: ['query', 'limit'],
          msg: 'Input should be less than or equal to 1000',
          type: 'less_than_equal',
        },
      ],
    });
  });
});

describe('a generator dependency shared by sub-dependencies', () => {
  test('runs once per request and cleans up after the response', async () => {
    const res = await db.get('/items/1', { headers: { 'x-token': 'secret-token' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      id: 1,
      owner: 'alice',
      title: 'Plumbus',
    });
    expect(await cleanedUp(3)).toEqual(['open', 'commit', 'close']);
  });

  test('an error reaches the generator at its yield', async () => {
    const res = await db.get('/items/2', { headers: { 'x-token': 'secret-token' } });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Item not found' });
    expect(await cleanedUp(3)).toEqual(['open', 'rollback', 'close']);
  });

  test('an error in a sub-dependency is the response', async () => {
    const res = await db.get('/items/1', { headers: { 'x-token': 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ detail: 'Invalid token' });
    expect(await cleanedUp(3)).toEqual(['open', 'rollback', 'close']);
  });

  test('a 422 still cleans up the dependencies that ran', async () => {
    const res = await db.get('/items/1');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['header', 'x-token'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
    expect(await cleanedUp(3)).toEqual(['open', 'rollback', 'close']);
  });
});

describe('dependencies lists', () => {
  test('app and controller dependencies run before the route', async () => {
    const headers = { 'x-token': 'fake-super-secret-token', 'x-key': 'fake-super-secret-key' };
    const res = await guarded.get('/items', { headers });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ item: 'Portal Gun' }, { item: 'Plumbus' }]);
  });

  test('the first one that throws answers', async () => {
    const res = await guarded.get('/items', { headers: { 'x-token': 'nope', 'x-key': 'fake-super-secret-key' } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'X-Token header invalid' });
    const key = await guarded.get('/items', { headers: { 'x-token': 'fake-super-secret-token', 'x-key': 'nope' } });
    expect(key.json()).toEqual({ detail: 'X-Key header invalid' });
  });

  test('their missing headers are listed in the 422', async () => {
    const res = await guarded.get('/items');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['header', 'x-token'],
          msg: 'Field required',
          type: 'missing',
        },
        {
          input: null,
          loc: ['header', 'x-key'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });
});
