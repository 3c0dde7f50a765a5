import { ErrorCodes } from './codes';
import { HTTPException } from './http-exception';

/** One validation failure, in pydantic v2's shape. */
export interface ValidationErrorItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/**
 * The request did not validate. Answered 422 `{"detail": errors()}` unless an exception handler
 * for this class says otherwise.
 */
export class RequestValidationError extends HTTPException {
  protected static override readonly errorCode = ErrorCodes.REQUEST_VALIDATION;
  readonly #errors: readonly ValidationErrorItem[];
  /** The body as received, when there was one. */
  readonly body: unknown;

  constructor(errors: readonly ValidationErrorItem[], body?: unknown) {
    super(422, errors);
    this.#errors = errors;
    this.body = body;
  }

  errors(): ValidationErrorItem[] {
    return [...this.#errors];
  }
}
