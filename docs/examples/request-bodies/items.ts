import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { App, Body, Controller, Path, Post, Put, Query, status } from '@tsapi/core';

class Image {
  @IsString() url!: string;
  @IsString() name!: string;
}

class Item {
  @IsString() @Length(1, 50) name!: string;
  @IsOptional() @IsString() description?: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsNumber() tax?: number;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @IsOptional() @ValidateNested() @Type(() => Image) image?: Image;

  get priceWithTax(): number {
    return this.price + (this.tax ?? 0);
  }
}

@Controller('/items')
class ItemsController {
  @Post('', { statusCode: status.HTTP_201_CREATED })
  create(@Body() item: Item) {
    return { ...item, priceWithTax: item.priceWithTax };
  }

  @Put('/{itemId}')
  update(
    @Path('itemId', { type: 'integer' }) itemId: number,
    @Body('item') item: Item,
    @Body('importance', { type: 'integer', gt: 0 }) importance: number,
    @Query('q', { required: false }) q?: string,
  ) {
    return { itemId, item, importance, q: q ?? null };
  }
}

export const app = new App({ controllers: [ItemsController] });
