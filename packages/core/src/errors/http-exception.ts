import { STATUS_CODES } from 'node:http';
import { ErrorCodes, type ErrorCode } from './codes';
import { TsapiError } from './tsapi-error';

/**
 * An error meant for the client: sent as `{"detail": detail}` with its status and headers.
 *
 * @example
 * throw new HTTPException(404, 'Item not found', { 'X-Error': 'There goes my error' });
 */
export class HTTPException extends TsapiError {
  /** The code subclasses report; `RequestValidationError` has its own. */
  protected static readonly errorCode: ErrorCode = ErrorCodes.HTTP;
  readonly statusCode: number;
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, detail?: unknown, headers: Record<string, string> = {}) {
    const phrase = STATUS_CODES[statusCode] ?? 'Error';
    super((new.target as typeof HTTPException).errorCode, typeof detail === 'string' ? detail : phrase);
    this.statusCode = statusCode;
    this.detail = detail === undefined ? phrase : detail;
    this.headers = headers;
  }
}
