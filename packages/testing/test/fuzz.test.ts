import 'reflect-metadata';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { App, Body, Controller, Form, Get, HTTPException, JSONResponse, Path, Post, Query, status } from '@tsapi/core';
import { fuzz } from '@tsapi/testing';

// Thousands of in-process requests: seconds, not the default 5 s, on a busy machine.
jest.setTimeout(60_000);

class ItemIn {
  @IsString() @Length(1, 20) name!: string;
  @IsInt() @Min(0) @Max(1000) stock!: number;
  @IsOptional() @IsIn(['red', 'green']) colour?: string;
}

class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsInt() stock!: number;
}

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('/{itemId}', { responseModel: ItemOut })
  read(@Path('itemId', { type: 'integer', ge: 1, le: 500 }) itemId: number) {
    if (itemId > 400) throw new HTTPException(404, 'Item not found');
    return { id: itemId, name: `item ${itemId}`, stock: 3, secret: 'never sent' };
  }

  @Get('', { responseModel: [ItemOut] })
  list(
    @Query('limit', { type: 'integer', default: 10, ge: 1, le: 50 }) limit: number,
    @Query('sort', { enum: ['name', 'stock'], required: false }) sort?: string,
  ) {
    return Array.from({ length: Math.min(limit, 3) }, (_, i) => ({ id: i + 1, name: sort ?? 'x', stock: i }));
  }

  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
  create(@Body() item: ItemIn) {
    return { id: 1, name: item.name, stock: item.stock };
  }

  @Post('/search')
  search(
    @Form('term', { minLength: 2, maxLength: 10 }) term: string,
    @Form('page', { type: 'integer', ge: 1 }) page: number,
  ) {
    return { term, page };
  }
}

test('a sound app: thousands of valid and broken requests, no failure, and every kind of answer seen', async () => {
  const report = await fuzz(new App({ controllers: [ItemsController] }), { requests: 2000, seed: 7 });
  expect(report.failures).toEqual([]);
  expect(report.operations).toBe(4);
  expect(report.requests).toBe(2000);
  expect(report.statuses[200]).toBeGreaterThan(0);
  expect(report.statuses[201]).toBeGreaterThan(0);
  expect(report.statuses[404]).toBeGreaterThan(0);
  expect(report.statuses[422]).toBeGreaterThan(600);
});

test('the same seed sends the same requests', async () => {
  const first = await fuzz(new App({ controllers: [ItemsController] }), { requests: 300, seed: 11 });
  const second = await fuzz(new App({ controllers: [ItemsController] }), { requests: 300, seed: 11 });
  expect(second.statuses).toEqual(first.statuses);
});

@Controller('/broken')
class BrokenController {
  @Get('/crash')
  crash(@Query('q', { maxLength: 8 }) q: string) {
    if (q.length > 3) throw new Error('cannot handle long words');
    return { q };
  }

  @Get('/shape', { responseModel: ItemOut })
  shape() {
    // A Response object skips the response model, so its body is the route's own business.
    return new JSONResponse({ id: 'one', name: 1 });
  }

  @Post('/odd-422')
  odd(@Body() item: ItemIn) {
    if (item.stock > 10) throw new HTTPException(422, 'stock too high');
    return { ok: true };
  }
}

test('a faulty app: each kind of fault is reported with the request that found it', async () => {
  const report = await fuzz(new App({ controllers: [BrokenController], fastify: { logger: false } }), {
    requests: 600,
    seed: 3,
  });
  const byOperation = (id: string) => report.failures.filter((f) => f.operation.includes(id));
  const crash = byOperation('crash');
  expect(crash.length).toBeGreaterThan(0);
  expect(crash[0]).toMatchObject({
    status: 500,
    problem: 'server error: {"detail":"Internal Server Error"}',
    request: { method: 'GET', path: '/broken/crash' },
  });
  expect((crash[0].request.query as { q: string }).q.length).toBeGreaterThan(3);
  const shape = byOperation('shape');
  expect(shape[0]).toMatchObject({
    status: 200,
    problem: `answer does not match its documented schema (/ must have required property 'stock'): {"id":"one","name":1}`,
  });
  const odd = byOperation('odd');
  expect(odd[0]).toMatchObject({
    status: 422,
    problem: `422 body is not FastAPI's {"detail": [{type, loc, msg}]}: {"detail":"stock too high"}`,
  });
});
