import type { WebSocket as WsSocket, RawData } from 'ws';
import { TsapiError } from '../errors/tsapi-error';
import { ErrorCodes } from '../errors/codes';
import type { WebSocketOutcome } from './handshake-outcome';

/** The peer closed the connection (or it broke): thrown by a receive after that, with the close code. */
export class WebSocketDisconnect extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code = 1000, reason = '') {
    super(`WebSocket disconnected with code ${code}${reason ? `: ${reason}` : ''}`);
    this.name = 'WebSocketDisconnect';
    this.code = code;
    this.reason = reason;
  }
}

/**
 * Thrown by a websocket handler or dependency to close the connection with `code` and `reason`
 * (e.g. 1008 for a policy violation).
 *
 * @example
 * if (!token) throw new WebSocketException(1008, 'Missing token');
 */
export class WebSocketException extends TsapiError {
  readonly closeCode: number;
  readonly reason: string;

  constructor(code: number, reason = '') {
    super(ErrorCodes.HTTP, reason || `WebSocket closed with code ${code}`);
    this.closeCode = code;
    this.reason = reason;
  }
}

type Message = { text: string; binary: false } | { bytes: Buffer; binary: true };

/**
 * The connection of a `@WebSocketRoute` handler, injected by type, with Starlette's methods.
 * Messages that arrive before the handler asks for them are queued, none is lost.
 */
export class WebSocket {
  readonly #socket: WsSocket;
  readonly #queue: Message[] = [];
  readonly #waiting: { resolve: (m: Message) => void; reject: (e: unknown) => void }[] = [];
  #closed: WebSocketDisconnect | undefined;
  #accepted = false;
  readonly #onOutcome: ((outcome: WebSocketOutcome) => void) | undefined;
  readonly closed: Promise<void>;

  /** `onOutcome` hears once whether the handler accepted the connection or closed it first. */
  constructor(socket: WsSocket, onOutcome?: (outcome: WebSocketOutcome) => void) {
    this.#socket = socket;
    this.#onOutcome = onOutcome;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const message: Message = isBinary
        ? { bytes: toBuffer(data), binary: true }
        : { text: toBuffer(data).toString('utf8'), binary: false };
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.#queue.push(message);
    });
    this.closed = new Promise((resolve) => {
      const disconnect = (code: number, reason: Buffer): void => {
        if (this.#closed === undefined) {
          this.#closed = new WebSocketDisconnect(code, reason.toString('utf8'));
          for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#closed);
        }
        resolve();
      };
      socket.once('close', disconnect);
      // The peer's close frame ends the conversation at once; the socket itself may close later
      // (an in-process test stream only closes on ws' 30 s timer).
      (socket as unknown as { _receiver?: NodeJS.EventEmitter })._receiver?.once('conclude', disconnect);
    });
  }

  get accepted(): boolean {
    return this.#accepted;
  }

  /** Whether the connection is still open. */
  get isOpen(): boolean {
    return this.#closed === undefined && this.#socket.readyState === this.#socket.OPEN;
  }

  /** Accepts the connection (the handshake is done by then; this marks the handler's consent, as Starlette's). */
  async accept(): Promise<void> {
    if (this.#accepted) return;
    this.#accepted = true;
    this.#onOutcome?.({ accepted: true });
  }

  #receive(): Promise<Message> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async receiveText(): Promise<string> {
    const message = await this.#receive();
    return message.binary ? message.bytes.toString('utf8') : message.text;
  }

  async receiveBytes(): Promise<Buffer> {
    const message = await this.#receive();
    return message.binary ? message.bytes : Buffer.from(message.text, 'utf8');
  }

  async receiveJson<T = unknown>(): Promise<T> {
    return JSON.parse(await this.receiveText()) as T;
  }

  #send(data: string | Buffer): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    // Sending is consent too: a client waiting for the handshake must not wait forever.
    if (!this.#accepted) void this.accept();
    return new Promise((resolve, reject) => this.#socket.send(data, (error) => (error ? reject(error) : resolve())));
  }

  sendText(text: string): Promise<void> {
    return this.#send(text);
  }

  sendBytes(bytes: Uint8Array): Promise<void> {
    return this.#send(Buffer.from(bytes));
  }

  sendJson(value: unknown): Promise<void> {
    return this.#send(JSON.stringify(value));
  }

  /** Closes the connection (1000 by default) and resolves once it is closed. */
  async close(code = 1000, reason = ''): Promise<void> {
    if (!this.#accepted) this.#onOutcome?.({ accepted: false, code, reason: truncateReason(reason) });
    if (this.#closed === undefined && this.#socket.readyState !== this.#socket.CLOSED)
      this.#socket.close(code, truncateReason(reason));
    await this.closed;
    // Both close frames are exchanged: release the transport now rather than on ws' 30 s timer.
    if (this.#socket.readyState !== this.#socket.CLOSED) this.#socket.terminate();
  }

  /** Text messages until the peer disconnects. */
  async *iterText(): AsyncGenerator<string> {
    for (;;) {
      try {
        yield await this.receiveText();
      } catch (error) {
        if (error instanceof WebSocketDisconnect) return;
        throw error;
      }
    }
  }

  /** JSON messages until the peer disconnects. */
  async *iterJson<T = unknown>(): AsyncGenerator<T> {
    for await (const text of this.iterText()) yield JSON.parse(text) as T;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data as ArrayBuffer);
}

/** A close reason is at most 123 bytes (RFC 6455, 5.5). */
export function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
