import 'reflect-metadata';
import { App, Controller, Get, Injectable } from '@tsapi/core';

@Injectable()
class Database {
  connected = false;

  async onStartup() {
    this.connected = true; // e.g. await pool.connect()
    return { startedAt: '2024-01-01T00:00:00.000Z' }; // becomes app.state
  }

  async onShutdown() {
    this.connected = false; // e.g. await pool.end()
  }
}

@Controller()
class HealthController {
  constructor(private readonly db: Database) {}

  @Get('/health')
  health() {
    return { database: this.db.connected ? 'up' : 'down' };
  }
}

export const app = new App({ lifespan: Database, controllers: [HealthController] });
