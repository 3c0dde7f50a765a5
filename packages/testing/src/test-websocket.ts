import type { WebSocket as WsClient, RawData } from 'ws';

type Message = string | Buffer;

/** How the server closed the connection. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * The client side of a websocket opened by `TestClient.websocket()`. Messages are queued as
 * they arrive; a receive after the server closed rejects with an error carrying the close code.
 */
export class TestWebSocket {
  readonly #ws: WsClient;
  readonly #queue: Message[] = [];
  readonly #waiting: { resolve: (m: Message) => void; reject: (e: unknown) => void }[] = [];
  #closeInfo: CloseInfo | undefined;
  /** Resolves when the connection has closed, with the server's code and reason. */
  readonly closed: Promise<CloseInfo>;

  constructor(ws: WsClient) {
    this.#ws = ws;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buffer = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data as ArrayBuffer);
      const message = isBinary ? buffer : buffer.toString('utf8');
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.#queue.push(message);
    });
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => {
        this.#closeInfo = { code, reason: reason.toString('utf8') };
        const error = Object.assign(new Error(`websocket closed with code ${code}`), this.#closeInfo);
        for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
        resolve(this.#closeInfo);
      });
    });
  }

  #receive(): Promise<Message> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#closeInfo)
      return Promise.reject(
        Object.assign(new Error(`websocket closed with code ${this.#closeInfo.code}`), this.#closeInfo),
      );
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async receiveText(): Promise<string> {
    const message = await this.#receive();
    return typeof message === 'string' ? message : message.toString('utf8');
  }

  async receiveBytes(): Promise<Buffer> {
    const message = await this.#receive();
    return typeof message === 'string' ? Buffer.from(message) : message;
  }

  async receiveJson<T = unknown>(): Promise<T> {
    return JSON.parse(await this.receiveText()) as T;
  }

  #send(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.#ws.send(data, (error) => (error ? reject(error) : resolve())));
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

  /** Closes from the client side and waits for the close to complete. */
  async close(code = 1000, reason = ''): Promise<CloseInfo> {
    if (!this.#closeInfo) this.#ws.close(code, reason);
    return this.closed;
  }
}
