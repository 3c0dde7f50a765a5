import 'reflect-metadata';
import { App, Controller, Get, Post } from '@tsapi/core';

@Controller()
class AuthController {
  @Get('/items')
  listItems() {
    return [{ name: 'Foo' }];
  }

  @Post('/login', { rateLimit: { max: 2, timeWindow: '1 minute' } })
  login() {
    return { ok: true };
  }
}

export const app = new App({ rateLimit: { max: 100, timeWindow: '1 minute' }, controllers: [AuthController] });
