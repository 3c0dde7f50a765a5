import 'reflect-metadata';
import { App, Body, Controller, Delete, Get, Path, Post, Put, Query, status } from '@tsapi/core';
import { ItemIn, ItemOut } from '../servers/item-dtos';

type ControllerClass = new () => object;

/** The five routes of a generated resource: typed path and query parameters, a DTO body on two. */
function resourceController(prefix: string): ControllerClass {
  @Controller(prefix)
  class ResourceController {
    @Get('/items/{id}')
    read(
      @Path('id', { type: 'integer' }) id: number,
      @Query('verbose', { type: 'boolean', default: false }) verbose: boolean,
    ) {
      return { id, name: 'item', verbose };
    }

    @Get('/items')
    list(
      @Query('skip', { type: 'integer', default: 0 }) skip: number,
      @Query('limit', { type: 'integer', default: 10 }) limit: number,
    ) {
      return { skip, limit };
    }

    @Post('/items', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
    create(@Body() item: ItemIn) {
      return { id: 1, ...item };
    }

    @Put('/items/{id}', { responseModel: ItemOut })
    replace(@Path('id', { type: 'integer' }) id: number, @Body() item: ItemIn) {
      return { id, ...item };
    }

    @Delete('/items/{id}')
    remove(@Path('id', { type: 'integer' }) id: number) {
      return { deleted: id };
    }
  }
  return ResourceController;
}

/** One GET route, for route counts that are not a multiple of five. */
function readOnlyController(prefix: string): ControllerClass {
  @Controller(prefix)
  class ReadOnlyController {
    @Get('/items/{id}')
    read(
      @Path('id', { type: 'integer' }) id: number,
      @Query('verbose', { type: 'boolean', default: false }) verbose: boolean,
    ) {
      return { id, name: 'item', verbose };
    }
  }
  return ReadOnlyController;
}

/** Controllers with `routeCount` routes in all, under /r0, /r1…; GET /r0/items/{id} always exists. */
export function generateTsapiControllers(routeCount: number): ControllerClass[] {
  const resources = Math.floor(routeCount / 5);
  const controllers: ControllerClass[] = [];
  for (let i = 0; i < resources; i++) controllers.push(resourceController(`/r${i}`));
  for (let i = resources; i < resources + (routeCount % 5); i++) controllers.push(readOnlyController(`/r${i}`));
  return controllers;
}

export function buildGeneratedTsapi(controllers: ControllerClass[]): App {
  return new App({ controllers, fastify: { logger: false } });
}
