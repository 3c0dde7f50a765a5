import type { LightMyRequestResponse } from 'fastify';

/** A response as a test reads it. */
export class TestResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers as arrays. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;

  constructor(raw: LightMyRequestResponse) {
    this.status = raw.statusCode;
    this.headers = { ...(raw.headers as Record<string, string | string[] | undefined>) };
    this.body = raw.rawPayload;
    this.text = raw.payload;
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }
}
