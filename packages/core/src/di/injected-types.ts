import { BackgroundTasks } from '../background/background-tasks';
import { SecurityScopes } from './security-scopes';
import { WebSocket } from '../websocket/websocket';

/** What a parameter typed with one of these classes receives, without any decorator. */
export type InjectedKind = 'security-scopes' | 'background-tasks' | 'websocket';

const INJECTED: ReadonlyMap<unknown, InjectedKind> = new Map<unknown, InjectedKind>([
  [SecurityScopes, 'security-scopes'],
  [BackgroundTasks, 'background-tasks'],
  [WebSocket, 'websocket'],
]);

export function injectedKindOf(type: unknown): InjectedKind | undefined {
  return INJECTED.get(type);
}

export function injectedTypeNames(): string {
  return [...INJECTED.keys()].map((t) => (t as Function).name).join(', ');
}
