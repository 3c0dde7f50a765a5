import 'reflect-metadata';
import { App } from '@tsapi/core';
import { AuthController } from './controllers/auth.controller';
import { ItemsController } from './controllers/items.controller';
import { RootController } from './controllers/root.controller';

/** Builds the app; tests call it too, so that each gets a fresh app and a fresh store. */
export function createApp(): App {
  return new App({
    title: 'tsapi template',
    version: '0.1.0',
    description: 'A starting point: items stored in memory, documented at /docs and /redoc.',
    openapiTags: [
      { name: 'items', description: 'Create, list and read items.' },
      { name: 'users', description: 'Sign in (OAuth2 password flow) and read your account.' },
    ],
    controllers: [RootController, ItemsController, AuthController],
  });
}
