import { ErrorCodes } from './codes';
import { TsapiError } from './tsapi-error';

/** One mistake in an app's definition: where it is, what is wrong, and how to fix it. */
export interface DefinitionProblem {
  /** `Class.method`, or the class alone. */
  readonly where: string;
  readonly parameter?: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Thrown by `app.ready()` when the app's decorators describe something that cannot work.
 * Every problem found is listed at once.
 *
 * @example
 * // DefinitionError: ItemsController.read, parameter 1 "itemId": its type is unknown.
 * //   Fix: give it a type the compiler can record, or say it: @Path('itemId', { type: 'integer' })
 */
export class DefinitionError extends TsapiError {
  readonly problems: readonly DefinitionProblem[];

  constructor(problems: readonly DefinitionProblem[]) {
    super(ErrorCodes.DEFINITION, problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}

function formatProblem(p: DefinitionProblem): string {
  const parameter = p.parameter ? `, parameter ${p.parameter}` : '';
  return `${p.where}${parameter}: ${p.problem}\n  Fix: ${p.fix}`;
}

/** Gathers problems while an app compiles and throws them together. */
export class DefinitionProblems {
  readonly #problems: DefinitionProblem[] = [];

  add(problem: DefinitionProblem): void {
    this.#problems.push(problem);
  }

  get size(): number {
    return this.#problems.length;
  }

  throwIfAny(): void {
    if (this.#problems.length > 0) throw new DefinitionError(this.#problems);
  }
}
