import 'reflect-metadata';
import { IsArray, IsInt, IsString, MaxLength } from 'class-validator';
import { App, Body, Controller, File, Form, Get, Path, Post, UploadFile, WebSocket, WebSocketRoute } from '@tsapi/core';

class NoteIn {
  @IsString() @MaxLength(200) text!: string;
  @IsArray() @IsInt({ each: true }) ratings: number[] = [];
}

@Controller()
class NotesController {
  @Post('/notes')
  create(@Body() note: NoteIn) {
    return { text: note.text, ratings: note.ratings.length };
  }

  @Get('/notes/{slug}')
  read(@Path('slug') slug: string) {
    return { slug };
  }

  @Post('/attachments')
  attach(@File('files') files: UploadFile[], @Form('label', { type: ['string'], default: [] }) labels: string[]) {
    return { sizes: files.map((file) => file.size), labels };
  }

  @Get('/stats')
  stats() {
    // An outage, or a bug: the message names the database and its password.
    throw new Error('connect ECONNREFUSED postgres://app:s3cret@10.0.0.5:5432');
  }

  @WebSocketRoute('/ws/echo')
  async echo(ws: WebSocket) {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(`${text.length} characters`);
  }
}

/** The limits an app sets, each lowered from its default so that small requests reach it. */
export function createApp(): App {
  return new App({
    controllers: [NotesController],
    fastify: {
      bodyLimit: 4 * 1024, // JSON and urlencoded bodies, in bytes (default 1 MiB)
      routerOptions: { maxParamLength: 32 }, // characters of one path parameter (default 100)
      trustProxy: '127.0.0.1', // believe X-Forwarded-For from the proxy on this machine only
    },
    uploads: { fileSize: 1024, files: 2, fields: 3, parts: 4, fieldSize: 256 },
    websocketMaxPayload: 1024, // bytes of one message (default 1 MiB)
    rateLimit: { max: 20, timeWindow: '1 minute' }, // per client IP (default: no limit)
  });
}
