import { Controller, Depends, WebSocket, WebSocketRoute } from '@tsapi/core';
import { socketUser } from '../dependencies/current-user';
import type { User } from '../services/users.service';
import { ItemEvents } from './item-events';

@Controller()
export class ItemsSocketController {
  constructor(private readonly events: ItemEvents) {}

  /** `/ws/items?token=<JWT>`: the signed-in user's item changes, as they happen. */
  @WebSocketRoute('/ws/items')
  async items(ws: WebSocket, @Depends(socketUser) user: User): Promise<void> {
    await ws.accept();
    const unsubscribe = this.events.subscribe(user.id, ws);
    try {
      // The server only sends; reading keeps the connection until the client leaves.
      for await (const _message of ws.iterText());
    } finally {
      unsubscribe();
    }
  }
}
