import 'reflect-metadata';
import { App, Controller, Get } from '@tsapi/core';

@Controller()
class MainController {
  @Get('/app')
  readMain() {
    return { message: 'Hello World from main app' };
  }
}

@Controller()
class SubController {
  @Get('/sub')
  readSub() {
    return { message: 'Hello World from sub API' };
  }
}

const subApi = new App({ title: 'Sub API', controllers: [SubController] });

export const app = new App({ title: 'Main API', controllers: [MainController] });
app.mount('/subapi', subApi);
app.mount('/legacy', async (fastify) => {
  fastify.get('/ping', async () => ({ pong: true })); // any Fastify plugin
});
