import { WebSocketDisconnect } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { app } from '../examples/websockets/chat';

const client = new TestClient(app);
afterAll(() => client.close());

describe('websockets', () => {
  test('messages go back and forth until the server closes', async () => {
    const ws = await client.websocket('/ws/lobby', { query: { token: 'alice-token' } });
    await ws.sendText('hello');
    expect(await ws.receiveJson()).toEqual({ room: 'lobby', user: 'alice', text: 'hello' });
    await ws.sendText('bye');
    expect(await ws.closed).toEqual({ code: 1000, reason: 'Goodbye' });
  });

  test('a dependency can refuse the connection with a close code', async () => {
    const refused = client.websocket('/ws/lobby', { query: { token: 'mallory' } });
    await expect(refused).rejects.toBeInstanceOf(WebSocketDisconnect);
    await expect(refused).rejects.toMatchObject({ code: 1008, reason: 'Unknown token' });
  });

  test('missing parameters close with 1008 and the errors as the reason', async () => {
    const { code, reason } = (await client
      .websocket('/ws/lobby')
      .catch((error: unknown) => error)) as WebSocketDisconnect;
    expect(code).toBe(1008);
    expect(JSON.parse(reason)).toEqual([
      { type: 'missing', loc: ['query', 'token'], msg: 'Field required', input: null },
    ]);
  });
});
