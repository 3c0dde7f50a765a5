import { BackgroundTasks, Body, Controller, Delete, Depends, Get, Patch, Post, Query, status } from '@tsapi/core';
import { currentUser } from '../dependencies/current-user';
import { ownedItem } from '../dependencies/owned-item';
import { Pagination } from '../dependencies/pagination';
import { ItemCreate, ItemFilters, ItemOut, ItemPage, ItemUpdate } from '../dtos/item.dto';
import { ImageStore } from '../services/image-store';
import { ItemChanges } from '../services/item-changes';
import { ItemsService, type Item } from '../services/items.service';
import type { User } from '../services/users.service';

const NOT_FOUND = { 404: { description: 'Item not found' }, 403: { description: 'The item belongs to another user' } };

/** The signed-in user's items. Every change is announced to the owner's websockets and audited. */
@Controller('/items', { tags: ['items'] })
export class ItemsController {
  constructor(
    private readonly changes: ItemChanges,
    private readonly images: ImageStore,
  ) {}

  @Get('', { responseModel: ItemPage })
  async list(
    @Depends() page: Pagination,
    @Query() filters: ItemFilters,
    @Depends(currentUser) user: User,
    @Depends() items: ItemsService,
  ) {
    const { items: found, total } = await items.list(user.id, filters, page.skip, page.limit);
    return { items: found.map(ItemOut.from), total, skip: page.skip, limit: page.limit };
  }

  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
  async create(
    @Body() data: ItemCreate,
    @Depends(currentUser) user: User,
    @Depends() items: ItemsService,
    tasks: BackgroundTasks,
  ) {
    const item = await items.create(user.id, data);
    this.changes.announce(tasks, user.id, 'created', item);
    return ItemOut.from(item);
  }

  @Get('/{itemId}', { responseModel: ItemOut, responses: NOT_FOUND })
  read(@Depends(ownedItem) item: Item) {
    return ItemOut.from(item);
  }

  @Patch('/{itemId}', { responseModel: ItemOut, responses: NOT_FOUND })
  async update(
    @Depends(ownedItem) item: Item,
    @Body() changes: ItemUpdate,
    @Depends() items: ItemsService,
    tasks: BackgroundTasks,
  ) {
    const updated = await items.update(item.id, changes.changes());
    this.changes.announce(tasks, item.ownerId, 'updated', updated);
    return ItemOut.from(updated);
  }

  @Delete('/{itemId}', { statusCode: status.HTTP_204_NO_CONTENT, responses: NOT_FOUND })
  async remove(@Depends(ownedItem) item: Item, @Depends() items: ItemsService, tasks: BackgroundTasks): Promise<void> {
    await items.remove(item.id);
    this.changes.announce(tasks, item.ownerId, 'deleted', item);
    const file = item.imageFile;
    if (file !== null) tasks.add(() => this.images.remove(file));
  }
}
