import 'reflect-metadata';
import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  Injectable,
  Module,
  Param,
  ParseIntPipe,
  Post,
  Query,
  ValidationPipe,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServerResponse } from 'node:http';
import { listItems, type ItemRecord } from './catalog';
import { ItemIn } from './item-dtos';
import { ALLOWED_ORIGIN, SERVED_BY_HEADER, type RunningServer } from './server-contract';
import { MeController, SettingsService } from './nest-me';

/** NestJS has no response model: the handler picks the fields of ItemOut, an unset description as null. */
function toItemOut(item: ItemRecord) {
  return { id: item.id, name: item.name, price: item.price, tags: item.tags, description: item.description ?? null };
}

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Controller('items')
class ItemsController {
  @Get(':id')
  read(@Param('id', ParseIntPipe) id: number) {
    return { id, name: 'item' };
  }

  // POST answers 201 by default in NestJS.
  @Post()
  create(@Body() item: ItemIn) {
    return toItemOut({ id: 1, ...item });
  }

  @Get()
  list(
    @Query('skip', new DefaultValuePipe(0), ParseIntPipe) skip: number,
    @Query('limit', new DefaultValuePipe(10), ParseIntPipe) limit: number,
  ) {
    return listItems(skip, limit).map(toItemOut);
  }
}

@Module({ controllers: [HelloController, ItemsController, MeController], providers: [SettingsService] })
class BenchModule {}

/** The smallest useful middleware: one header on every response. */
@Injectable()
class ServedBy implements NestMiddleware {
  use(_request: unknown, response: ServerResponse, next: () => void) {
    response.setHeader(SERVED_BY_HEADER, 'nestjs');
    next();
  }
}

@Module({ imports: [BenchModule] })
class StackedBenchModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(ServedBy).forRoutes('*path');
  }
}

export interface NestVariant {
  /** One middleware that adds a header to every response, and CORS. */
  readonly stack?: boolean;
}

export async function startNest(host: string, variant: NestVariant = {}): Promise<RunningServer> {
  const app = await NestFactory.create<NestFastifyApplication>(
    variant.stack ? StackedBenchModule : BenchModule,
    new FastifyAdapter({ logger: false }),
    { logger: false },
  );
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  if (variant.stack) app.enableCors({ origin: [ALLOWED_ORIGIN] });
  await app.listen({ host, port: 0 });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('NestJS server has no TCP address');
  return { port: address.port, close: () => app.close() };
}
