import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Node's parser errors and the status each one answers; anything else is a plain 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
};

/**
 * Answers what Node's HTTP parser refuses before any route sees it (a Content-Length that does
 * not match, both Content-Length and Transfer-Encoding, headers over the size limit, a timed-out
 * request) in FastAPI's shape, `{"detail": "Bad Request"}`, and closes the connection, whose
 * framing can no longer be trusted.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection is gone already; there is no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
    const phrase = STATUS_CODES[status]!;
    const body = JSON.stringify({ detail: phrase });
    socket.write(
      `HTTP/1.1 ${status} ${phrase}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
