import { Type } from 'class-transformer';
import {
  IsArray,
  IsDate,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Item } from '../services/items.service';
import { PageOut } from './page.dto';

/** What a client sends to create an item. Unknown fields are dropped. */
export class ItemCreate {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsString() @MaxLength(300) description?: string;
}

/** The fields a partial update sets; `undefined` leaves a field as it is. */
export interface ItemChangesIn {
  name?: string;
  price?: number;
  description?: string | null;
}

/** Validates a field only when it was sent: it may be left out, but `null` is refused (pydantic's `name: str = None`). */
const whenSent = () => ValidateIf((_item: object, value: unknown) => value !== undefined);

/** A partial update: only the fields sent change; `"description": null` clears the description. */
export class ItemUpdate {
  @whenSent() @IsString() @Length(1, 50) name?: string;
  @whenSent() @IsNumber() @Min(0) price?: number;
  @IsOptional() @IsString() @MaxLength(300) description?: string | null;

  /** The changes, for the service. */
  changes(): ItemChangesIn {
    return { name: this.name, price: this.price, description: this.description };
  }
}

/** `?q=&minPrice=&maxPrice=`: filters of the item list, as a query model. */
export class ItemFilters {
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @IsNumber() @Min(0) minPrice?: number;
  @IsOptional() @IsNumber() @Min(0) maxPrice?: number;
}

/** What the API answers with: only these fields leave the server (not the stored file name). */
export class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsNumber() price!: number;
  @IsOptional() @IsString() description?: string | null;
  @IsInt() ownerId!: number;
  /** Where to download the image from, or `null` without one. */
  @IsOptional() @IsString() imageUrl?: string | null;
  @IsDate() @Type(() => Date) createdAt!: Date;
  @IsDate() @Type(() => Date) updatedAt!: Date;

  /** The public view of a stored item, for responses and websocket events alike. */
  static from(item: Item): ItemOut {
    return Object.assign(new ItemOut(), {
      id: item.id,
      name: item.name,
      price: item.price,
      description: item.description,
      ownerId: item.ownerId,
      imageUrl: item.imageFile === null ? null : `/items/${item.id}/image`,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    });
  }
}

export class ItemPage extends PageOut {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ItemOut) items!: ItemOut[];
}
