import 'reflect-metadata';
import { connect, type AddressInfo } from 'node:net';
import WsClient from 'ws';
import { App, BackgroundTasks, Controller, Get, WebSocket, WebSocketDisconnect, WebSocketRoute } from '@tsapi/core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let events: string[] = [];
let releaseSlow: () => void = () => undefined;

@Controller()
class ShopController {
  @Get('/slow')
  async slow(tasks: BackgroundTasks) {
    events.push('slow started');
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    tasks.addTask(async () => {
      await sleep(50);
      events.push('task ran');
    });
    return { slow: 'done' };
  }

  @Get('/fast')
  fast() {
    events.push('fast served');
    return { fast: true };
  }

  @WebSocketRoute('/ws')
  async chat(ws: WebSocket) {
    await ws.accept();
    try {
      for (;;) await ws.sendText(`echo ${await ws.receiveText()}`);
    } catch (error) {
      if (error instanceof WebSocketDisconnect) events.push(`handler saw disconnect ${error.code}`);
      else throw error;
    }
  }
}

async function listening(): Promise<{ app: App; port: number }> {
  events = [];
  const app = new App({ controllers: [ShopController], fastify: { logger: false } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.fastify.server.address() as AddressInfo).port };
}

/** Raw HTTP/1.1 on one keep-alive connection, so a second request can follow the first while it is still being served. */
function rawConnection(port: number): { send: (path: string) => void; received: () => string; ended: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    send: (path) => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`),
    received: () => data,
    ended,
  };
}

test('close(): the request in flight finishes with its background task, a later one on the same connection gets 503 with Connection: close', async () => {
  const { app, port } = await listening();
  const connection = rawConnection(port);
  connection.send('/slow');
  while (!events.includes('slow started')) await sleep(5);
  const closing = app.close();
  await sleep(20);
  connection.send('/fast');
  await sleep(20);
  releaseSlow();
  await closing;
  await connection.ended;
  const answers = connection.received().split(/(?=HTTP\/1\.1 )/);
  expect(answers).toHaveLength(2);
  expect(answers[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(answers[0].endsWith('{"slow":"done"}')).toBe(true);
  expect(answers[1]).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
  expect(answers[1].toLowerCase()).toContain('\r\nconnection: close\r\n');
  expect(answers[1].endsWith('\r\n\r\n{"detail":"Service Unavailable"}')).toBe(true);
  expect(events).toEqual(['slow started', 'task ran']);
});

test('close(): open websockets are closed with 1001 and their handlers see the disconnect', async () => {
  const { app, port } = await listening();
  const client = new WsClient(`ws://127.0.0.1:${port}/ws`);
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => client.on('open', resolve));
  client.send('hi');
  await new Promise((resolve) => client.once('message', resolve));
  await app.close();
  expect(await closedWith).toEqual({ code: 1001, reason: 'Server shutting down' });
  expect(events).toEqual(['handler saw disconnect 1001']);
});

test('before close(), requests are served as usual on a keep-alive connection', async () => {
  const { app, port } = await listening();
  const connection = rawConnection(port);
  connection.send('/fast');
  connection.send('/fast');
  while (connection.received().split('{"fast":true}').length < 3) await sleep(5);
  expect(connection.received()).not.toContain('503');
  await app.close();
  await connection.ended;
});
