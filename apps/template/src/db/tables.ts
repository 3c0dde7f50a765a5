import type { Generated } from 'kysely';

/** Column types as stored: timestamps are ISO 8601 text and flags 0/1, which every SQL engine keeps as given. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  full_name: string | null;
  password_hash: string;
  disabled: Generated<number>;
  created_at: string;
}

export interface ItemsTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  description: string | null;
  price: number;
  /** The stored image's file name under the upload directory; internal. */
  image_file: string | null;
  image_type: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number;
  action: string;
  item_id: number;
  at: string;
}

/** The schema the migrations build, as Kysely sees it. */
export interface Tables {
  users: UsersTable;
  items: ItemsTable;
  audit_log: AuditLogTable;
}
