import 'reflect-metadata';
import {
  App,
  Controller,
  Get,
  JSONResponse,
  Middleware,
  type CallNext,
  type HttpMiddleware,
  type Request,
  type Response,
} from '@tsapi/core';

@Middleware()
class ProcessTime implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const start = performance.now();
    const response = await callNext(request);
    response.headers.set('x-process-time', String((performance.now() - start) / 1000));
    return response;
  }
}

@Middleware()
class Maintenance implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    if (request.headers['x-maintenance'] === 'on') {
      return new JSONResponse({ detail: 'Down for maintenance' }, 503, { 'retry-after': '120' });
    }
    return callNext(request);
  }
}

@Controller()
class ItemsController {
  @Get('/items')
  listItems() {
    return [{ name: 'Foo' }];
  }
}

export const app = new App({ middleware: [ProcessTime, Maintenance], controllers: [ItemsController] });
