import type { FastifyInstance } from 'fastify';
import type { Constructor } from '../metadata/records';
import type { ProviderContainer } from '../app/providers';
import { isClass } from '../di/callables';

type State = Record<string, unknown>;

/**
 * The state a lifespan yields, or nothing: any object, so that state declared as an interface
 * (`AsyncGenerator<AppState>`) fits.
 */
type LifespanGenerator = AsyncGenerator<object | void, unknown, unknown> | Generator<object | void, unknown, unknown>;

/**
 * Start-up and shutdown: an (async) generator function whose code before `yield` runs when the
 * app starts and after it when the app closes, the yielded object becoming `app.state`; or a
 * provider class with `onStartup()` (whose returned object becomes the state) and `onShutdown()`.
 *
 * @example
 * const lifespan = async function* () {
 *   const db = await openDb();
 *   yield { db };
 *   await db.close();
 * };
 */
export type Lifespan = ((app: never) => LifespanGenerator) | Constructor<LifespanHandler>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The app's lifespan state (what the lifespan yielded, or `onStartup()` returned). */
    readonly state: Record<string, unknown>;
  }
}

export interface LifespanHandler {
  onStartup?(): unknown;
  onShutdown?(): unknown;
}

/**
 * Runs the lifespan in Fastify's `onReady` (a failure makes `ready()` and `listen()` reject with
 * it) and its shutdown in `onClose`, after `beforeShutdown` (the pending background work).
 */
export function registerLifespan(
  fastify: FastifyInstance,
  lifespan: Lifespan | undefined,
  options: {
    app: unknown;
    container: ProviderContainer;
    setState: (state: State) => void;
    beforeShutdown: () => Promise<void>;
  },
): void {
  let shutdown: (() => Promise<unknown>) | undefined;
  if (lifespan !== undefined) {
    fastify.addHook('onReady', async () => {
      if (isClass(lifespan)) {
        const handler = options.container.get<LifespanHandler>(lifespan);
        const state = await handler.onStartup?.();
        if (state && typeof state === 'object') options.setState(state as State);
        shutdown = async () => handler.onShutdown?.();
        return;
      }
      const generator = (lifespan as (app: unknown) => LifespanGenerator)(options.app);
      const step = await generator.next();
      if (!step.done && step.value && typeof step.value === 'object') options.setState(step.value as State);
      shutdown = async () => {
        if (!step.done) await generator.next();
      };
    });
  }
  fastify.addHook('onClose', async () => {
    await options.beforeShutdown();
    const run = shutdown;
    shutdown = undefined;
    if (run) await run();
  });
}
