import type { DependencyScope } from '../params/options';
import { DependencyError } from '../errors/dependency-error';

type AnyGenerator = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

interface Entered {
  readonly generator: AnyGenerator;
  readonly scope: DependencyScope;
  readonly name: string;
}

const ALL = (): boolean => true;
const FUNCTION_SCOPED = (entry: Entered): boolean => entry.scope === 'function';

/**
 * The generator dependencies a request has entered, closed in reverse order like nested
 * `try/finally` blocks: an error is thrown into each in turn, and what it throws (the same
 * error, or another) is what the next one and finally the client see.
 */
export class ExitStack {
  readonly #entered: Entered[] = [];
  #functionScoped = 0;

  enter(generator: AnyGenerator, scope: DependencyScope, name: string): void {
    this.#entered.push({ generator, scope, name });
    if (scope === 'function') this.#functionScoped++;
  }

  get hasFunctionScoped(): boolean {
    return this.#functionScoped > 0;
  }

  get isEmpty(): boolean {
    return this.#entered.length === 0;
  }

  /** After the handler returned: closes `scope: 'function'` generators; rejects with the error one of them threw. */
  async exitFunctionScope(): Promise<void> {
    const error = await this.#unwind(FUNCTION_SCOPED, undefined);
    if (error !== undefined) throw error;
  }

  /** Throws `error` into every generator still open; resolves to the error the client should get. */
  async exitWithError(error: unknown): Promise<unknown> {
    return (await this.#unwind(ALL, error)) ?? error;
  }

  /** After the response: closes the rest; resolves to an error one of them threw, for the log. */
  exitAll(): Promise<unknown> {
    return this.#unwind(ALL, undefined);
  }

  async #unwind(selects: (entry: Entered) => boolean, initial: unknown): Promise<unknown> {
    let error = initial;
    let swallowed: DependencyError | undefined;
    for (let i = this.#entered.length - 1; i >= 0; i--) {
      const entry = this.#entered[i];
      if (!selects(entry)) continue;
      this.#entered.splice(i, 1);
      if (entry.scope === 'function') this.#functionScoped--;
      const thrown = error;
      error = await closeOne(entry, thrown);
      // As a context manager that suppresses an exception: the outer ones exit normally, and with
      // no response to send the client gets a 500, which the log explains.
      if (error === SWALLOWED) {
        swallowed = new DependencyError(
          `the generator dependency ${entry.name} caught an error and did not rethrow it; rethrow it, or throw an HTTPException`,
          { cause: thrown },
        );
        error = undefined;
      }
    }
    return error ?? swallowed;
  }
}

const SWALLOWED = Symbol('swallowed');

async function closeOne(entry: Entered, error: unknown): Promise<unknown> {
  const { generator } = entry;
  try {
    const step = await (error === undefined ? generator.next() : generator.throw(error));
    if (!step.done) {
      await generator.return(undefined);
      return new DependencyError(`the generator dependency ${entry.name} yielded more than once; a dependency yields its value exactly once`);
    }
    return error === undefined ? undefined : SWALLOWED;
  } catch (thrown) {
    return thrown;
  }
}
