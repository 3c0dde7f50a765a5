import 'reflect-metadata';
import {
  App,
  Controller,
  Depends,
  Get,
  Path,
  Post,
  Query,
  Router,
  WebSocket,
  WebSocketRoute,
  dependency,
} from '@tsapi/core';
import type { FastifyPluginAsync } from 'fastify';

function verifyKey(): void {}
const currentUser = dependency(
  [Depends(verifyKey), Query('token', { type: 'string' })],
  function currentUser(_key: void, token: string) {
    return { token };
  },
);

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('/{itemId}', { dependencies: [Depends(verifyKey)] })
  read(@Path('itemId') itemId: number, @Depends(currentUser) user: object) {
    return { itemId, user };
  }

  @Post('')
  create() {
    return {};
  }
}

@Controller()
class LiveController {
  @WebSocketRoute('/ws')
  async live(ws: WebSocket) {
    await ws.accept();
  }
}

@Controller()
class AdminController {
  @Get('/')
  home() {
    return {};
  }

  @Get('/stats', { tags: ['admin'] })
  stats() {
    return {};
  }
}

const servePublicFiles: FastifyPluginAsync = async () => {};

describe('app.routeTable()', () => {
  test('lists every route: methods, path, Controller.method, dependencies in resolution order, tags', () => {
    const app = new App({
      routers: [new Router({ prefix: '/v1', tags: ['v1'], controllers: [ItemsController] })],
      controllers: [LiveController],
    });
    expect(app.routeTable()).toEqual([
      { kind: 'websocket', methods: ['GET'], path: '/ws', handler: 'LiveController.live', dependencies: [], tags: [] },
      {
        kind: 'http',
        methods: ['GET'],
        path: '/v1/items/{itemId}',
        handler: 'ItemsController.read',
        dependencies: ['verifyKey', 'currentUser'],
        tags: ['v1', 'items'],
      },
      {
        kind: 'http',
        methods: ['POST'],
        path: '/v1/items',
        handler: 'ItemsController.create',
        dependencies: [],
        tags: ['v1', 'items'],
      },
    ]);
  });

  test('includes mounted apps under their prefix and names mounted plugins', () => {
    const admin = new App({ controllers: [AdminController] });
    const app = new App({ controllers: [LiveController] }).mount('/admin', admin).mount('/static', servePublicFiles);
    expect(app.routeTable().map((row) => [row.kind, row.path, row.handler, row.tags])).toEqual([
      ['websocket', '/ws', 'LiveController.live', []],
      ['http', '/admin', 'AdminController.home', []],
      ['http', '/admin/stats', 'AdminController.stats', ['admin']],
      ['plugin', '/static', 'servePublicFiles', []],
    ]);
  });

  test('is plain frozen data, and reports definition errors as ready() does', () => {
    const rows = new App({ controllers: [AdminController] }).routeTable();
    expect(Object.isFrozen(rows)).toBe(true);
    expect(rows.every((row) => Object.isFrozen(row))).toBe(true);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);

    @Controller()
    class Broken {
      @Get('/items/{itemId}')
      read() {
        return {};
      }
    }
    expect(() => new App({ controllers: [Broken] }).routeTable()).toThrow('Broken.read');
  });
});
