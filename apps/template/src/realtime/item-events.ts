import { Injectable, type WebSocket } from '@tsapi/core';
import type { ItemOut } from '../dtos/item.dto';
import type { ItemAction } from '../services/audit.service';

/** What `/ws/items` sends: `{"event":"created","item":{…}}`. */
export interface ItemEvent {
  event: ItemAction;
  item: ItemOut;
}

/**
 * The open `/ws/items` connections, by user. Items are private, so each event goes to its
 * owner's connections only (every tab the owner has open).
 */
@Injectable()
export class ItemEvents {
  readonly #sockets = new Map<number, Set<WebSocket>>();

  /** Adds a connection; the returned function removes it. */
  subscribe(userId: number, socket: WebSocket): () => void {
    const sockets = this.#sockets.get(userId) ?? new Set<WebSocket>();
    this.#sockets.set(userId, sockets.add(socket));
    return () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.#sockets.get(userId) === sockets) this.#sockets.delete(userId);
    };
  }

  /** Sends the event to the user's open connections; one that fails meanwhile is skipped. */
  async publish(userId: number, event: ItemEvent): Promise<void> {
    const sockets = [...(this.#sockets.get(userId) ?? [])];
    await Promise.allSettled(sockets.filter((socket) => socket.isOpen).map((socket) => socket.sendJson(event)));
  }
}
