import 'reflect-metadata';
import { TestApp, bearer, signUp } from './support/app';

const ISO_DATE = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

function itemOut(id: number, name: string, price: number, ownerId = 1) {
  return { id, name, price, description: null, ownerId, imageUrl: null, createdAt: ISO_DATE, updatedAt: ISO_DATE };
}

describe('/ws/items', () => {
  let t: TestApp;
  let aliceToken: string;

  beforeEach(async () => {
    t = new TestApp();
    aliceToken = await signUp(t.client, 'alice');
  });

  afterEach(async () => {
    await t.close();
  });

  test('the owner hears of every change to an item: created, updated, deleted', async () => {
    const ws = await t.client.websocket('/ws/items', { query: { token: aliceToken } });
    const alice = bearer(aliceToken);
    await t.client.post('/items', { json: { name: 'Foo', price: 1 }, ...alice });
    expect(await ws.receiveJson()).toEqual({ event: 'created', item: itemOut(1, 'Foo', 1) });
    await t.client.patch('/items/1', { json: { price: 2 }, ...alice });
    expect(await ws.receiveJson()).toEqual({ event: 'updated', item: itemOut(1, 'Foo', 2) });
    await t.client.delete('/items/1', alice);
    expect(await ws.receiveJson()).toEqual({ event: 'deleted', item: itemOut(1, 'Foo', 2) });
    expect(await ws.close()).toEqual({ code: 1000, reason: '' });
  });

  test('every connection of the owner hears it; other users do not', async () => {
    const bobToken = await signUp(t.client, 'bob');
    const aliceTabs = [
      await t.client.websocket('/ws/items', { query: { token: aliceToken } }),
      await t.client.websocket('/ws/items', { query: { token: aliceToken } }),
    ];
    const bobSocket = await t.client.websocket('/ws/items', { query: { token: bobToken } });
    await t.client.post('/items', { json: { name: 'alice item', price: 1 }, ...bearer(aliceToken) });
    for (const tab of aliceTabs)
      expect(await tab.receiveJson()).toEqual({ event: 'created', item: itemOut(1, 'alice item', 1) });
    await t.client.post('/items', { json: { name: 'bob item', price: 2 }, ...bearer(bobToken) });
    // Bob's first message is about his own item: Alice's event never reached him.
    expect(await bobSocket.receiveJson()).toEqual({ event: 'created', item: itemOut(2, 'bob item', 2, 2) });
    for (const socket of [...aliceTabs, bobSocket]) await socket.close();
  });

  test('a failed change is not announced', async () => {
    const ws = await t.client.websocket('/ws/items', { query: { token: aliceToken } });
    const alice = bearer(aliceToken);
    expect((await t.client.post('/items', { json: { name: '', price: 1 }, ...alice })).status).toBe(422);
    await t.client.post('/items', { json: { name: 'ok', price: 1 }, ...alice });
    expect(await ws.receiveJson()).toEqual({ event: 'created', item: itemOut(1, 'ok', 1) });
    await ws.close();
  });

  test('without a token the handshake is refused with 1008 (policy violation)', async () => {
    const refused = t.client.websocket('/ws/items');
    await expect(refused).rejects.toMatchObject({ name: 'WebSocketDisconnect', code: 1008 });
    const { reason } = (await refused.catch((error: unknown) => error)) as { reason: string };
    expect(JSON.parse(reason)).toEqual([
      { type: 'missing', loc: ['query', 'token'], msg: 'Field required', input: null },
    ]);
  });

  test('a bad or tampered token is refused with 1008', async () => {
    for (const token of ['not-a-jwt', `${aliceToken}x`]) {
      await expect(t.client.websocket('/ws/items', { query: { token } })).rejects.toMatchObject({
        name: 'WebSocketDisconnect',
        code: 1008,
        reason: 'Could not validate credentials',
      });
    }
  });
});
