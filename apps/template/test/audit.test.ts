import 'reflect-metadata';
import { TestApp, bearer, eventually, signUp } from './support/app';

const AT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('GET /audit', () => {
  let t: TestApp;
  let alice: { headers: Record<string, string> };

  beforeEach(async () => {
    t = new TestApp();
    alice = bearer(await signUp(t.client, 'alice'));
  });

  afterEach(async () => {
    await t.close();
  });

  const audit = async (auth: typeof alice, query: Record<string, number> = {}) => {
    const res = await t.client.get('/audit', { query, ...auth });
    expect(res.status).toBe(200);
    return res.json();
  };

  test('records each change after it is made, newest first', async () => {
    expect(await audit(alice)).toEqual({ items: [], total: 0, skip: 0, limit: 10 });
    await t.client.post('/items', { json: { name: 'Foo', price: 1 }, ...alice });
    await t.client.patch('/items/1', { json: { price: 2 }, ...alice });
    await t.client.delete('/items/1', alice);
    await eventually(async () =>
      expect(await audit(alice)).toEqual({
        items: [
          { id: 3, action: 'deleted', itemId: 1, at: AT },
          { id: 2, action: 'updated', itemId: 1, at: AT },
          { id: 1, action: 'created', itemId: 1, at: AT },
        ],
        total: 3,
        skip: 0,
        limit: 10,
      }),
    );
    expect(await audit(alice, { skip: 1, limit: 1 })).toEqual({
      items: [{ id: 2, action: 'updated', itemId: 1, at: AT }],
      total: 3,
      skip: 1,
      limit: 1,
    });
  });

  test('reads and refused changes leave no record', async () => {
    await t.client.post('/items', { json: { name: 'Foo', price: 1 }, ...alice });
    await eventually(async () => expect(await audit(alice)).toMatchObject({ total: 1 }));
    await t.client.get('/items/1', alice);
    await t.client.get('/items', alice);
    expect((await t.client.patch('/items/1', { json: { price: -1 }, ...alice })).status).toBe(422);
    const bob = bearer(await signUp(t.client, 'bob'));
    expect((await t.client.delete('/items/1', bob)).status).toBe(403);
    // A later change's record is the next one: nothing was written in between.
    await t.client.post('/items', { json: { name: 'Bar', price: 1 }, ...alice });
    await eventually(async () =>
      expect(await audit(alice)).toMatchObject({
        total: 2,
        items: [{ id: 2, action: 'created', itemId: 2 }, { id: 1 }],
      }),
    );
  });

  test('each user sees their own records only', async () => {
    const bob = bearer(await signUp(t.client, 'bob'));
    await t.client.post('/items', { json: { name: 'Foo', price: 1 }, ...alice });
    await eventually(async () => expect(await audit(alice)).toMatchObject({ total: 1 }));
    expect(await audit(bob)).toEqual({ items: [], total: 0, skip: 0, limit: 10 });
  });

  test('without a token: 401', async () => {
    const res = await t.client.get('/audit');
    expect([res.status, res.json()]).toEqual([401, { detail: 'Not authenticated' }]);
  });
});
