import 'reflect-metadata';
import { App, Controller, Get } from '@tsapi/core';

@Controller()
class ItemsController {
  @Get('/items')
  listItems() {
    return [{ name: 'Foo' }];
  }
}

export const app = new App({
  cors: {
    allowOrigins: ['https://app.example.com', 'http://localhost:5173'],
    allowCredentials: true,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['authorization', 'content-type'],
  },
  controllers: [ItemsController],
});
