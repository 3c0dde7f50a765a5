import { Injectable } from '@tsapi/core';
import type { ItemIn } from '../dtos/item.dto';

/** A stored item; `createdAt` is internal and not part of `ItemOut`. */
export interface Item {
  id: number;
  name: string;
  price: number;
  description?: string;
  tags: string[];
  createdAt: Date;
}

/** An in-memory item store, one per app. Swap it for a database-backed provider. */
@Injectable()
export class ItemsService {
  readonly #items = new Map<number, Item>();
  #nextId = 1;

  create(data: ItemIn): Item {
    const item: Item = { ...data, id: this.#nextId++, createdAt: new Date() };
    this.#items.set(item.id, item);
    return item;
  }

  find(id: number): Item | undefined {
    return this.#items.get(id);
  }

  /** Items in creation order, optionally those whose name contains `q` (case-insensitive). */
  list(skip: number, limit: number, q?: string): Item[] {
    const needle = q?.toLowerCase();
    const matching = [...this.#items.values()].filter(
      (item) => needle === undefined || item.name.toLowerCase().includes(needle),
    );
    return matching.slice(skip, skip + limit);
  }
}
