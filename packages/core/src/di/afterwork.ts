import type { PendingWork } from '../background/pending-work';
import type { RequestScope } from './request-scope';

/**
 * What runs once a request's answer is over (the response sent, or the websocket closed): the
 * background tasks in order, then the request-scoped generator cleanups, so that a task can
 * still use what a dependency yielded (FastAPI's order). `app.close()` waits for it.
 */
export function runAfterwork(scope: RequestScope, pending: PendingWork): void {
  const { request, tasks, exits } = scope;
  pending.track(
    (async () => {
      if (tasks !== undefined) await tasks.run(request.log);
      const error = exits === undefined ? undefined : await exits.exitAll();
      if (error !== undefined) request.log.error({ err: error }, 'A dependency failed while cleaning up after %s %s', request.method, request.url);
    })(),
  );
}
