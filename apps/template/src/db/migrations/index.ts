import type { Migration } from 'kysely';
import * as createUsers from './0001-create-users';
import * as createItems from './0002-create-items';
import * as createAuditLog from './0003-create-audit-log';

/**
 * Every migration, by name; Kysely applies them in name order. Listed here rather than found on
 * disk, so that they are compiled and bundled like the rest of the code. Add a new one at the end.
 */
export const migrations: Record<string, Migration> = {
  '0001-create-users': createUsers,
  '0002-create-items': createItems,
  '0003-create-audit-log': createAuditLog,
};
