import type { Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import { UsersService } from './services/users.service';
import type { Settings } from './settings';

/**
 * Start-up and shutdown: the schema is brought up to date (and the demo user created when
 * `DEMO_USER` asks for one) before the first request; the database is closed last.
 */
export function lifespan(database: Database, settings: Settings) {
  return async function* (): AsyncGenerator<void> {
    await migrateToLatest(database);
    const demo = settings.demoUser;
    if (demo !== undefined) {
      const users = new UsersService(database);
      if (!(await users.findByUsername(demo.username))) await users.create({ ...demo, fullName: 'Demo User' });
    }
    yield;
    await database.destroy();
  };
}
