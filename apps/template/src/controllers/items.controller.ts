import { Body, Controller, Depends, Get, HTTPException, Path, Post, status } from '@tsapi/core';
import { Pagination } from '../dependencies/pagination';
import { ItemIn, ItemOut } from '../dtos/item.dto';
import { ItemsService } from '../services/items.service';

@Controller('/items', { tags: ['items'] })
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get('', { responseModel: [ItemOut] })
  list(@Depends() page: Pagination) {
    return this.items.list(page.skip, page.limit, page.q);
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
