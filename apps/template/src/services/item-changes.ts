import { Injectable, type BackgroundTasks } from '@tsapi/core';
import { Database } from '../db/database';
import { ItemOut } from '../dtos/item.dto';
import { ItemEvents } from '../realtime/item-events';
import { recordAudit, type ItemAction } from './audit.service';
import type { Item } from './items.service';

/**
 * What follows a change to an item, done as background tasks: after the response, so after the
 * request's transaction has committed (a rolled-back change is never announced). Tasks use the
 * database itself, the request's transaction being over by then.
 */
@Injectable()
export class ItemChanges {
  constructor(
    private readonly database: Database,
    private readonly events: ItemEvents,
  ) {}

  announce(tasks: BackgroundTasks, userId: number, action: ItemAction, item: Item): void {
    const event = { event: action, item: ItemOut.from(item) };
    tasks.add(() => this.events.publish(userId, event));
    tasks.add(recordAudit, this.database, userId, action, item.id);
  }
}
