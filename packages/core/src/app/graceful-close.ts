import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { WebSocket as WsSocket, WebSocketServer } from 'ws';

const UNAVAILABLE = JSON.stringify({ detail: 'Service Unavailable' });
/** How long closing websocket clients get to answer the close frame before they are cut. */
const WEBSOCKET_CLOSE_GRACE_MS = 2000;

function answerUnavailable(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(503, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(UNAVAILABLE),
    connection: 'close',
  });
  response.end(UNAVAILABLE);
}

/**
 * Once `close()` begins, requests already being served finish, and any request that arrives
 * later (pipelined, or on a keep-alive connection) gets 503 `{"detail":"Service Unavailable"}`
 * with `Connection: close`, so that clients and load balancers retry elsewhere. The server's
 * request listener is swapped at that moment: serving costs nothing extra before it.
 */
export function answerUnavailableWhileClosing(fastify: FastifyInstance): void {
  fastify.addHook('preClose', function swapRequestListener(done) {
    const server = this.server;
    server.removeAllListeners('request');
    server.on('request', answerUnavailable);
    done();
  });
}

/**
 * @fastify/websocket's `preClose`: every open websocket is closed with 1001 (going away), as
 * browsers and ASGI servers expect of a server that shuts down; clients that do not answer the
 * close frame in time are cut.
 */
export function closeWebSocketsGoingAway(
  this: FastifyInstance & { websocketServer: WebSocketServer },
  done: () => void,
): void {
  const server = this.websocketServer;
  const clients = [...server.clients] as WsSocket[];
  const closed = clients.map((client) =>
    client.readyState === client.CLOSED ? undefined : new Promise((resolve) => client.once('close', resolve)),
  );
  for (const client of clients) client.close(1001, 'Server shutting down');
  const timer = setTimeout(() => {
    for (const client of clients) client.terminate();
  }, WEBSOCKET_CLOSE_GRACE_MS);
  void Promise.all(closed).then(() => {
    clearTimeout(timer);
    server.close(() => done());
  });
}
