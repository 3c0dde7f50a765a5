import { connect, type AddressInfo } from 'node:net';
import type { App } from '@tsapi/core';

/**
 * Real HTTP for what only a real server shows (Node's header limit, a connection kept alive
 * through a shutdown): raw bytes on a socket, since fetch refuses to send some of them.
 */

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Listens on 127.0.0.1 on a free port and answers the port. */
export async function listen(app: App): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.fastify.server.address() as AddressInfo).port;
}

/** Splits what a connection received into its HTTP/1.1 answers (each with a Content-Length body). */
export function parseAnswers(received: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = received;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    answers.push({ status: Number(statusLine!.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

/** One keep-alive connection: requests are written on it in turn, and everything it receives is kept. */
export function connection(port: number): {
  send: (request: string) => void;
  received: () => string;
  closed: Promise<void>;
} {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined); // a reset after the server's last answer is not news
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { send: (request) => socket.write(request), received: () => data, closed };
}

/** Sends one request as raw bytes and answers what came back once the server closed the connection. */
export async function rawRequest(port: number, request: string): Promise<RawAnswer> {
  const link = connection(port);
  link.send(request);
  await link.closed;
  const [answer] = parseAnswers(link.received());
  if (!answer) throw new Error(`no HTTP answer in ${JSON.stringify(link.received().slice(0, 200))}`);
  return answer;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
