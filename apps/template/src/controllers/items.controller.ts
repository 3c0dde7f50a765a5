import { Body, Controller, Get, HTTPException, Path, Post, Query, status } from '@tsapi/core';
import { ItemIn, ItemOut } from '../dtos/item.dto';
import { ItemsService } from '../services/items.service';

@Controller('/items', { tags: ['items'] })
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get('', { responseModel: [ItemOut] })
  list(
    @Query('skip', { type: 'integer', default: 0, ge: 0 }) skip: number,
    @Query('limit', { type: 'integer', default: 10, ge: 1, le: 100 }) limit: number,
    @Query('q', { required: false, maxLength: 50 }) q?: string,
  ) {
    return this.items.list(skip, limit, q);
  }

  @Get('/{itemId}', { responseModel: ItemOut })
  read(@Path('itemId', { type: 'integer', ge: 1 }) itemId: number) {
    const item = this.items.find(itemId);
    if (!item) throw new HTTPException(status.HTTP_404_NOT_FOUND, 'Item not found');
    return item;
  }

  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
  create(@Body() item: ItemIn) {
    return this.items.create(item);
  }
}
