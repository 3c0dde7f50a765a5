import type { Kysely } from 'kysely';
import { idColumn } from './id-column';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('items')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('owner_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(50)', (column) => column.notNull())
    .addColumn('description', 'varchar(300)')
    .addColumn('price', 'double precision', (column) => column.notNull())
    .addColumn('image_file', 'text')
    .addColumn('image_type', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('items_owner_id').on('items').column('owner_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('items').execute();
}
