import type { FastifyBaseLogger } from 'fastify';

type Task = readonly [fn: (...args: never[]) => unknown, args: readonly unknown[]];

/**
 * Work to do after the response has been sent, injected by type into handlers and
 * dependencies (one object per request, shared). Tasks run in the order added; a task that
 * fails is logged and the ones after it do not run, as Starlette's.
 *
 * @example
 * notify(@Path('email') email: string, tasks: BackgroundTasks) {
 *   tasks.add(writeLog, `notification for ${email}`);
 *   return { message: 'Notification sent in the background' };
 * }
 */
export class BackgroundTasks {
  readonly #tasks: Task[] = [];

  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    this.#tasks.push([fn as (...args: never[]) => unknown, args]);
  }

  /** FastAPI's name for `add`. */
  addTask<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    this.add(fn, ...args);
  }

  get size(): number {
    return this.#tasks.length;
  }

  /** Runs the tasks in order; resolves when they are done or one failed (logged). */
  async run(log: FastifyBaseLogger): Promise<void> {
    for (const [fn, args] of this.#tasks) {
      try {
        await (fn as (...a: readonly unknown[]) => unknown)(...args);
      } catch (error) {
        log.error({ err: error }, 'Background task %s failed; the tasks after it were not run', fn.name || 'anonymous');
        return;
      }
    }
  }
}
