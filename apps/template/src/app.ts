import 'reflect-metadata';
import { App } from '@tsapi/core';
import { AuditController } from './controllers/audit.controller';
import { ItemImagesController } from './controllers/item-images.controller';
import { ItemsController } from './controllers/items.controller';
import { RootController } from './controllers/root.controller';
import { tokenController } from './controllers/token.controller';
import { UsersController } from './controllers/users.controller';
import { HealthController } from './controllers/health.controller';
import { Database } from './db/database';
import { lifespan } from './lifespan';
import { serverOptions } from './logging';
import { ProcessTimeMiddleware } from './middleware/process-time';
import { RequestIdMiddleware } from './middleware/request-id';
import { ItemsSocketController } from './realtime/items-socket.controller';
import { MAX_IMAGE_BYTES } from './services/image-store';
import { loadSettings, Settings } from './settings';

/**
 * Builds the app from its settings (by default read from the environment). Each call has its
 * own database, so tests pass settings with `DATABASE_URL=:memory:` and start afresh.
 */
export function createApp(settings: Settings = loadSettings(), database = new Database(settings.databaseUrl)): App {
  return new App({
    title: 'tsapi template',
    version: '0.1.0',
    description:
      'A starting point: users, their items with images, live updates and an audit log, in SQL through Kysely.',
    openapiTags: [
      { name: 'users', description: 'Register, sign in (OAuth2 password flow) and read your account.' },
      { name: 'items', description: 'Your items: create, list, read, update, delete, and their images.' },
      { name: 'audit', description: 'What you changed, and when.' },
      { name: 'health', description: 'Liveness and readiness, for load balancers and orchestrators.' },
    ],
    controllers: [
      RootController,
      HealthController,
      UsersController,
      tokenController(settings),
      ItemsController,
      ItemImagesController,
      AuditController,
      ItemsSocketController,
    ],
    providers: [
      { provide: Settings, useValue: settings },
      { provide: Database, useValue: database },
    ],
    middleware: [RequestIdMiddleware, ProcessTimeMiddleware],
    lifespan: lifespan(database, settings),
    uploads: { fileSize: MAX_IMAGE_BYTES, files: 1 },
    ...(settings.corsOrigins.length > 0 && {
      cors: {
        allowOrigins: settings.corsOrigins,
        allowMethods: ['*'],
        allowHeaders: ['*'],
        exposeHeaders: ['x-request-id', 'x-process-time'],
      },
    }),
    fastify: serverOptions(settings),
  });
}
