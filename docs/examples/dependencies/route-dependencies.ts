import 'reflect-metadata';
import { App, Controller, Depends, Get, HTTPException, Header, dependency } from '@tsapi/core';

const verifyToken = dependency([Header('x-token', { type: 'string' })], (token: string) => {
  if (token !== 'fake-super-secret-token') throw new HTTPException(400, 'X-Token header invalid');
});

const verifyKey = dependency([Header('x-key', { type: 'string' })], (key: string) => {
  if (key !== 'fake-super-secret-key') throw new HTTPException(400, 'X-Key header invalid');
});

@Controller('/items', { dependencies: [Depends(verifyKey)] })
class ItemsController {
  @Get('')
  listItems() {
    return [{ item: 'Portal Gun' }, { item: 'Plumbus' }];
  }
}

export const app = new App({ dependencies: [Depends(verifyToken)], controllers: [ItemsController] });
