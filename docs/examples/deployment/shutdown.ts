import 'reflect-metadata';
import { setTimeout } from 'node:timers/promises';
import {
  App,
  BackgroundTasks,
  Controller,
  Get,
  Post,
  WebSocket,
  WebSocketDisconnect,
  WebSocketRoute,
  status,
} from '@tsapi/core';

/** `log` receives what happens, in order: the tests read it. */
export function createApp(log: string[]): App {
  async function* lifespan() {
    yield {};
    log.push('lifespan shutdown'); // close the database pool, flush the metrics…
  }

  @Controller()
  class ReportsController {
    @Get('/health')
    health() {
      return { status: 'ok' };
    }

    @Post('/reports')
    async build(tasks: BackgroundTasks) {
      log.push('building the report');
      await setTimeout(300); // a slow query
      tasks.add(() => log.push('report mailed'));
      return { status: 'built' };
    }

    @WebSocketRoute('/ws/progress')
    async progress(ws: WebSocket) {
      await ws.accept();
      try {
        for (;;) await ws.sendText(`got ${await ws.receiveText()}`);
      } catch (error) {
        if (!(error instanceof WebSocketDisconnect)) throw error;
        if (error.code === status.WS_1001_GOING_AWAY) log.push('socket closed: server going away');
      }
    }
  }

  return new App({ lifespan, controllers: [ReportsController] });
}
