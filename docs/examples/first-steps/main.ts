import 'reflect-metadata';
import { App, Controller, Get } from '@tsapi/core';

@Controller()
class RootController {
  @Get('/')
  readRoot() {
    return { message: 'Hello World' };
  }
}

export const app = new App({ title: 'My API', version: '1.0.0', controllers: [RootController] });
