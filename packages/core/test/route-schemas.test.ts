import 'reflect-metadata';
import type { RouteOptions } from 'fastify';
import { App, Controller, Cookie, Depends, Get, Header, Path, Query, dependency } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

@Controller('/items')
class ItemsController {
  @Get('/{itemId}')
  read(
    @Path('itemId', { type: 'integer', ge: 1 }) itemId: number,
    @Query('q', { type: 'string', required: false, maxLength: 5 }) q: string | undefined,
    @Query('tags', { type: ['string'], default: [] }) tags: string[],
    @Header('X_Token') token: string,
    @Cookie('session', { required: false }) session?: string,
  ) {
    return { itemId, q, tags, token, session };
  }
}

class Paging {
  constructor(
    @Query('skip', { default: 0 }) readonly skip = 0,
    @Depends(dependency([Header('x-tenant', { type: 'string' })], (tenant: string) => tenant)) readonly tenant: string,
  ) {}
}

@Controller('/shops/{shopId}')
class ShopsController {
  @Get('/items', { dependencies: [Depends(dependency([Query('q', { type: 'string', required: false })], () => undefined))] })
  list(@Depends() paging: Paging, @Path('shopId', { type: 'integer' }) shopId: number, @Query('skip', { type: 'integer', default: 0 }) skip: number) {
    return { shopId, skip, paging: { ...paging } };
  }
}

describe('Fastify route schemas', () => {
  test('parameters declared by dependencies are part of the route schema, each once', async () => {
    const app = new App({ controllers: [ShopsController], fastify: { logger: false } });
    const routes: RouteOptions[] = [];
    app.fastify.addHook('onRoute', (route) => {
      if (route.method !== 'HEAD' && (route.schema as { hide?: boolean } | undefined)?.hide !== true) routes.push(route);
    });
    await app.ready();
    expect(JSON.parse(JSON.stringify(routes[0].schema))).toEqual({
      params: { type: 'object', properties: { shopId: { type: 'integer' } }, required: ['shopId'] },
      querystring: { type: 'object', properties: { skip: { type: 'integer' }, q: { type: 'string' } } },
      headers: { type: 'object', properties: { 'x-tenant': { type: 'string' } }, required: ['x-tenant'] },
    });
    await app.close();
  });

  test('each route is registered with the JSON Schemas of its path, query and header parameters', async () => {
    const app = new App({ controllers: [ItemsController], fastify: { logger: false } });
    const routes: RouteOptions[] = [];
    app.fastify.addHook('onRoute', (route) => {
      if (route.method !== 'HEAD' && (route.schema as { hide?: boolean } | undefined)?.hide !== true) routes.push(route);
    });
    await app.ready();
    expect(routes.map((r) => r.url)).toEqual(['/items/:itemId']);
    expect(JSON.parse(JSON.stringify(routes[0].schema))).toEqual({
      params: {
        type: 'object',
        properties: { itemId: { type: 'integer', minimum: 1 } },
        required: ['itemId'],
      },
      querystring: {
        type: 'object',
        properties: { q: { type: 'string', maxLength: 5 }, tags: { type: 'array', items: { type: 'string' } } },
      },
      headers: {
        type: 'object',
        properties: { 'x-token': { type: 'string' } },
        required: ['x-token'],
      },
    });
    await app.close();
  });

  test('the parameters are still read together: one 422 lists every location', async () => {
    const client = new TestClient(new App({ controllers: [ItemsController], fastify: { logger: false } }));
    const res = await client.get('/items/0', { query: { q: 'too long' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'greater_than_equal',
          loc: ['path', 'itemId'],
          msg: 'Input should be greater than or equal to 1',
          input: '0',
          ctx: { ge: 1 },
        },
        {
          type: 'string_too_long',
          loc: ['query', 'q'],
          msg: 'String should have at most 5 characters',
          input: 'too long',
          ctx: { max_length: 5 },
        },
        { type: 'missing', loc: ['header', 'X-Token'], msg: 'Field required', input: null },
      ],
    });
    await client.close();
  });
});
