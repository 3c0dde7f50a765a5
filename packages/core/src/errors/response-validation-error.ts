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
    super(ErrorCodes.RESPONSE_VALIDATION, `${route} returned a value that does not fit its response model`);
    this.#errors = errors;
  }

  errors(): ValidationErrorItem[] {
    return [...this.#errors];
  }
}
