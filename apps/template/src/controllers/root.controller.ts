import { Controller, Get } from '@tsapi/core';

@Controller()
export class RootController {
  @Get('/')
  readRoot() {
    return { Hello: 'World' };
  }
}
