import { Db } from '../db/session';

export const ITEM_ACTIONS = ['created', 'updated', 'deleted'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export interface AuditRecord {
  id: number;
  action: ItemAction;
  itemId: number;
  at: Date;
}

/** Writes one audit record; called by a background task once the change has committed. */
export async function recordAudit(db: Db, userId: number, action: ItemAction, itemId: number): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ user_id: userId, action, item_id: itemId, at: new Date().toISOString() })
    .execute();
}

/** A user's audit records, newest first. A class dependency built on the request's transaction. */
export class AuditService {
  constructor(@Db() private readonly db: Db) {}

  async list(userId: number, skip: number, limit: number): Promise<{ items: AuditRecord[]; total: number }> {
    const own = this.db.selectFrom('audit_log').where('user_id', '=', userId);
    const rows = await own.selectAll().orderBy('id', 'desc').limit(limit).offset(skip).execute();
    const { total } = await own.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    const items = rows.map((row) => ({
      id: row.id,
      action: row.action as ItemAction,
      itemId: row.item_id,
      at: new Date(row.at),
    }));
    return { items, total: Number(total) };
  }
}
