import type { ErrorCode } from './codes';

/** The base of every error tsapi throws; `code` identifies the kind. */
export class TsapiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}
