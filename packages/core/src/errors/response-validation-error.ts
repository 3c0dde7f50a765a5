import { ErrorCodes } from './codes';
import { TsapiError } from './tsapi-error';
import type { ValidationErrorItem } from './request-validation-error';

/**
 * A handler returned a value that does not fit its response model. The client gets a plain 500;
 * the details go to the log only.
 */
export class ResponseValidationError extends TsapiError {
  readonly #errors: readonly ValidationErrorItem[];

  constructor(route: string, errors: readonly ValidationErrorItem[]) {
    // The log is the only place the detail goes: name each failing field (not its value, which may be large).
    const failures = errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ');
    super(ErrorCodes.RESPONSE_VALIDATION, `${route} returned a value that does not fit its response model (${failures})`);
    this.#errors = errors;
  }

  errors(): ValidationErrorItem[] {
    return [...this.#errors];
  }
}
