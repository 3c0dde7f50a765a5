import 'reflect-metadata';
import { App, Controller, Depends, Get, HTTPException, Header, Path, Router, dependency } from '@tsapi/core';

const adminToken = dependency([Header('x-admin-token', { type: 'string' })], (token: string) => {
  if (token !== 'admin-secret') throw new HTTPException(403, 'Forbidden');
});

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('')
  listItems() {
    return [{ name: 'Plumbus' }, { name: 'Portal Gun' }];
  }

  @Get('/{itemId}')
  readItem(@Path('itemId') itemId: string) {
    return { itemId };
  }
}

@Controller('/users', { tags: ['users'] })
class UsersController {
  @Get('')
  listUsers() {
    return [{ username: 'Rick' }, { username: 'Morty' }];
  }
}

const v1 = new Router({ prefix: '/v1', controllers: [ItemsController, UsersController] });
const api = new Router({ prefix: '/api', routers: [v1] }); // /api/v1/items, /api/v1/users

export const app = new App({ routers: [api] });
app.include(UsersController, { prefix: '/admin', tags: ['admin'], dependencies: [Depends(adminToken)] });
