import type { FastifyRequest } from 'fastify';
import { EXCEPTION_HANDLER } from '../metadata/keys';
import { readOwnRecord, writeRecord } from '../metadata/design-types';
import type { Response } from '../responses/response';

/** An error class (anything thrown whose prototype chain reaches it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass<E = unknown> = abstract new (...args: any[]) => E;

/** What an `@ExceptionHandler(...)` class implements. */
export interface ExceptionHandlerClass<E = unknown> {
  catch(error: E, request: FastifyRequest): Response | Promise<Response>;
}

/**
 * Marks a provider class as the handler of errors of the given classes; the most specific
 * class wins. Handling `RequestValidationError` or `HTTPException` replaces tsapi's defaults.
 *
 * @example
 * @ExceptionHandler(UnicornError)
 * class UnicornHandler implements ExceptionHandlerClass<UnicornError> {
 *   catch(error: UnicornError) { return new JSONResponse({ message: `Oops! ${error.name} did something.` }, 418); }
 * }
 */
export function ExceptionHandler(...errors: ErrorClass[]): ClassDecorator {
  return (target) => writeRecord(target, EXCEPTION_HANDLER, errors);
}

export function readHandledErrors(target: Function): readonly ErrorClass[] | undefined {
  return readOwnRecord<ErrorClass[]>(target, EXCEPTION_HANDLER);
}
