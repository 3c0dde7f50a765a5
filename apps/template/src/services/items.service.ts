import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import { Db } from '../db/session';
import type { ItemsTable, Tables } from '../db/tables';
import type { ItemChangesIn, ItemCreate, ItemFilters } from '../dtos/item.dto';

/** A stored item, internal fields included (`ItemOut.from` picks the public ones). */
export interface Item {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  price: number;
  imageFile: string | null;
  imageType: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toItem(row: Selectable<ItemsTable>): Item {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    price: row.price,
    imageFile: row.image_file,
    imageType: row.image_type,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern after this. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * Items in the database. A class dependency (`@Depends() items: ItemsService`) built per request
 * on the request's transaction.
 */
export class ItemsService {
  constructor(@Db() private readonly db: Db) {}

  async create(ownerId: number, data: ItemCreate): Promise<Item> {
    const now = new Date().toISOString();
    const row = await this.db
      .insertInto('items')
      .values({
        owner_id: ownerId,
        name: data.name,
        description: data.description ?? null,
        price: data.price,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItem(row);
  }

  async find(id: number): Promise<Item | undefined> {
    const row = await this.db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toItem(row);
  }

  /** One page of an owner's items, oldest first, and how many match in all. */
  async list(
    ownerId: number,
    filters: ItemFilters,
    skip: number,
    limit: number,
  ): Promise<{ items: Item[]; total: number }> {
    const matching = this.#matching(ownerId, filters);
    const rows = await matching.selectAll().orderBy('id').limit(limit).offset(skip).execute();
    const { total } = await matching
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    // PostgreSQL counts as bigint, which its driver hands over as a string.
    return { items: rows.map(toItem), total: Number(total) };
  }

  #matching(ownerId: number, filters: ItemFilters): SelectQueryBuilder<Tables, 'items', object> {
    let query = this.db.selectFrom('items').where('owner_id', '=', ownerId);
    // lower() on both sides: LIKE ignores case in SQLite but not in PostgreSQL.
    if (filters.q !== undefined)
      query = query.where(sql<boolean>`lower(name) like ${likePattern(filters.q)} escape '!'`);
    if (filters.minPrice !== undefined) query = query.where('price', '>=', filters.minPrice);
    if (filters.maxPrice !== undefined) query = query.where('price', '<=', filters.maxPrice);
    return query;
  }

  /** Applies the fields the client sent; `undefined` means "leave as it is". */
  async update(id: number, changes: ItemChangesIn): Promise<Item> {
    const row = await this.db
      .updateTable('items')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.price !== undefined && { price: changes.price }),
        ...(changes.description !== undefined && { description: changes.description }),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItem(row);
  }

  async setImage(id: number, file: string, type: string): Promise<Item> {
    const row = await this.db
      .updateTable('items')
      .set({ image_file: file, image_type: type, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItem(row);
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('items').where('id', '=', id).execute();
  }
}
