import { ErrorCodes } from './codes';
import { TsapiError } from './tsapi-error';

/**
 * A generator dependency that did not keep its side of the protocol: yield exactly once, and
 * rethrow (or replace) an error thrown into it. The client gets a 500; the log says which one.
 */
export class DependencyError extends TsapiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.DEPENDENCY, message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
