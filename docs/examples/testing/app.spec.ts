import { WebSocketDisconnect, status } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { createApp, currentUser } from './app';

describe('items', () => {
  const app = createApp();
  const client = new TestClient(app);
  afterAll(() => client.close());

  test('reads my items', async () => {
    const res = await client.get('/items/mine', { headers: { 'x-token': 'coneofsilence' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ owner: 'alice', items: ['Foo'] });
  });

  test('a bad token is a 401', async () => {
    const res = await client.get('/items/mine', { headers: { 'x-token': 'hailhydra' } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ detail: 'Invalid X-Token header' });
  });

  test('a bad body is a 422', async () => {
    const res = await client.post('/items', { json: {}, headers: { 'x-token': 'coneofsilence' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'title'], msg: 'Field required', input: {} }],
    });
  });

  test('a dependency can be overridden', async () => {
    app.dependencyOverrides.set(currentUser, () => ({ name: 'test user' }));
    try {
      const res = await client.post('/items', { json: { title: 'Bar' } });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ title: 'Bar', owner: 'test user' });
    } finally {
      app.dependencyOverrides.clear();
    }
  });

  test('websockets', async () => {
    const ws = await client.websocket('/ws', { headers: { 'x-token': 'coneofsilence' } });
    expect(await ws.receiveJson()).toEqual({ msg: 'Hello alice' });
    expect(await ws.closed).toEqual({ code: status.WS_1000_NORMAL_CLOSURE, reason: '' });
  });

  test('a websocket closed before it is accepted', async () => {
    const refused = client.websocket('/ws', { headers: { 'x-token': 'hailhydra' } });
    await expect(refused).rejects.toBeInstanceOf(WebSocketDisconnect);
    await expect(refused).rejects.toMatchObject({
      code: status.WS_1008_POLICY_VIOLATION,
      reason: 'Invalid X-Token header',
    });
  });
});
