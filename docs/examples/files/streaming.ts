import 'reflect-metadata';
import { App, Controller, Get, Query, StreamingResponse } from '@tsapi/core';

@Controller()
class EventsController {
  @Get('/events')
  events(@Query('count', { type: 'integer', default: 3, le: 100 }) count: number) {
    async function* ticks() {
      for (let tick = 0; tick < count; tick++) {
        yield `data: ${JSON.stringify({ tick })}\n\n`;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    return new StreamingResponse(ticks(), 'text/event-stream');
  }
}

export const app = new App({ controllers: [EventsController] });
