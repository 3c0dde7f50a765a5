import { Depends, HTTPException, Path, dependency } from '@tsapi/core';
import { ItemsService, type Item } from '../services/items.service';
import type { User } from '../services/users.service';
import { currentUser } from './current-user';

/** The item of the path's `{itemId}`: 404 when there is none, 403 when it belongs to someone else. */
export const ownedItem = dependency(
  [Path('itemId', { type: 'integer', ge: 1 }), Depends(currentUser), Depends(ItemsService)],
  async (itemId: number, user: User, items: ItemsService): Promise<Item> => {
    const item = await items.find(itemId);
    if (!item) throw new HTTPException(404, 'Item not found');
    if (item.ownerId !== user.id) throw new HTTPException(403, 'Not enough permissions');
    return item;
  },
);
