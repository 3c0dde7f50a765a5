import 'reflect-metadata';
import { App, Controller, Get, HTTPException, Path, status } from '@tsapi/core';

const items = new Map([['foo', 'The Foo Wrestlers']]);

@Controller('/items')
class ItemsController {
  @Get('/{itemId}')
  readItem(@Path('itemId') itemId: string) {
    const item = items.get(itemId);
    if (item === undefined) {
      throw new HTTPException(status.HTTP_404_NOT_FOUND, 'Item not found', { 'x-error': 'There goes my error' });
    }
    return { item };
  }

  @Get('/{itemId}/crash')
  crash(@Path('itemId') itemId: string): never {
    throw new Error(`the database is on fire while reading ${itemId}`);
  }
}

export const app = new App({ controllers: [ItemsController] });
