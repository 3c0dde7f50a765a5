import { Controller, Get, HTTPException } from '@tsapi/core';
import { sql } from 'kysely';
import { Database } from '../db/database';

const UNAVAILABLE = { 503: { description: 'The database does not answer' } };

/** For load balancers and orchestrators: is the process alive, and can it serve requests? */
@Controller('', { tags: ['health'] })
export class HealthController {
  constructor(private readonly database: Database) {}

  /** Liveness: the process answers. Touches nothing else, so a slow database never restarts it. */
  @Get('/health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers a query; 503 until it does (start-up, an outage). */
  @Get('/ready', { responses: UNAVAILABLE })
  async ready() {
    try {
      await sql`select 1`.execute(this.database);
    } catch {
      throw new HTTPException(503, 'Database unavailable');
    }
    return { status: 'ready' };
  }
}
