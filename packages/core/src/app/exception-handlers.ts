import type { FastifyRequest } from 'fastify';
import { readHandledErrors, type ErrorClass, type ExceptionHandlerClass } from '../decorators/exception-handler';
import { DefinitionError } from '../errors/definition-error';
import { HTTPException } from '../errors/http-exception';
import { RequestValidationError } from '../errors/request-validation-error';
import type { Constructor } from '../metadata/records';
import type { Response } from '../responses/response';
import type { ProviderContainer } from './providers';
import { oncePerKey } from '../once-per-key';

type Catch = (error: unknown, request: FastifyRequest) => Response | Promise<Response>;

/** Classes whose default answers are tsapi's own: a handler for a parent class does not replace them. */
const DEFAULTS: ReadonlySet<Function> = new Set([HTTPException, RequestValidationError]);

/**
 * The app's exception handlers by error class. The lookup walks an error's prototype chain:
 * the nearest class with a handler wins, and a class with a default answer (HTTPException,
 * RequestValidationError) stops the walk unless the app replaced it.
 */
export class ExceptionHandlers {
  readonly #byClass = new Map<Function, Catch>();
  readonly #found = new Map<Function, Catch | null>();

  constructor(classes: readonly Constructor[], container: ProviderContainer) {
    for (const cls of classes) {
      const errors = readHandledErrors(cls);
      if (!errors || errors.length === 0) {
        throw new DefinitionError([
          {
            where: cls.name,
            problem: 'it is listed in exceptionHandlers but has no @ExceptionHandler(ErrorClass) decorator',
            fix: `decorate it: @ExceptionHandler(SomeError) class ${cls.name} { catch(error, request) { … } }`,
          },
        ]);
      }
      const instance = container.get<ExceptionHandlerClass>(cls);
      for (const error of errors) this.#byClass.set(error as Function, (e, request) => instance.catch(e, request));
    }
  }

  get isEmpty(): boolean {
    return this.#byClass.size === 0;
  }

  /** The app's handler for this error, or `undefined` for tsapi's default answer. */
  find(error: unknown): Catch | undefined {
    if (this.#byClass.size === 0 || typeof error !== 'object' || error === null) return undefined;
    const cls = (error as object).constructor;
    return oncePerKey(this.#found, cls, () => this.#lookup(error as object)) ?? undefined;
  }

  #lookup(error: object): Catch | null {
    for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const cls = proto.constructor as Function;
      const handler = this.#byClass.get(cls);
      if (handler) return handler;
      if (DEFAULTS.has(cls)) return null;
    }
    return null;
  }
}

export type { ErrorClass };
