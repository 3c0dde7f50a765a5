import 'reflect-metadata';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';
import { App, Body, Controller, Get, HTTPException, Path, Post, Query, status } from '@tsapi/core';

class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsIn(['food', 'tools']) category?: string;
}

class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsNumber() price!: number;
  @IsOptional() @IsString() category?: string;
}

@Controller('/items')
class CatalogController {
  private readonly items = new Map<number, ItemOut>();

  @Get('', { responseModel: [ItemOut] })
  list(
    @Query('limit', { type: 'integer', default: 10, ge: 1, le: 100 }) limit: number,
    @Query('category', { required: false, enum: ['food', 'tools'] }) category?: string,
  ) {
    return [...this.items.values()].filter((item) => !category || item.category === category).slice(0, limit);
  }

  @Get('/{itemId}', { responseModel: ItemOut })
  read(@Path('itemId', { type: 'integer', ge: 1 }) itemId: number) {
    const item = this.items.get(itemId);
    if (!item) throw new HTTPException(404, 'Item not found');
    return item;
  }

  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
  create(@Body() item: ItemIn) {
    const stored = { id: this.items.size + 1, ...item };
    this.items.set(stored.id, stored);
    return stored;
  }
}

export function createApp(): App {
  return new App({ controllers: [CatalogController] });
}
