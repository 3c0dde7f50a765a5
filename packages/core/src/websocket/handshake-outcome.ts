/**
 * Whether a websocket handler accepted its connection, for in-process test clients. Over the
 * wire the handshake is complete before the handler runs; a handler that closes before
 * `accept()` (a failed dependency, `WebSocketException`) is, to Starlette's TestClient, a
 * connection that was refused. A client that sends this header with a fresh id hears which.
 */
export const TEST_WEBSOCKET_HEADER = 'x-tsapi-test-websocket';

export type WebSocketOutcome =
  { readonly accepted: true } | { readonly accepted: false; readonly code: number; readonly reason: string };

const waiting = new Map<string, (outcome: WebSocketOutcome) => void>();

/** Resolves when the handler of the connection made with `id` accepts it or closes it first. */
export function waitForWebSocketOutcome(id: string): { outcome: Promise<WebSocketOutcome>; forget: () => void } {
  const outcome = new Promise<WebSocketOutcome>((resolve) => waiting.set(id, resolve));
  return { outcome, forget: () => waiting.delete(id) };
}

/** Tells the client waiting on `id`, if any; connections without the header cost one lookup. */
export function reportWebSocketOutcome(id: string | undefined, outcome: WebSocketOutcome): void {
  if (id === undefined) return;
  const resolve = waiting.get(id);
  if (resolve === undefined) return;
  waiting.delete(id);
  resolve(outcome);
}
