import 'reflect-metadata';
import { IsInt, IsNumber, IsString, Min } from 'class-validator';
import {
  App,
  Body,
  Controller,
  DefinitionError,
  ErrorCodes,
  Get,
  HTTPException,
  Path,
  Post,
  RequestValidationError,
  ResponseValidationError,
  TsapiError,
  errorCodeDocs,
  type ValidationErrorItem,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

describe('the error code registry', () => {
  const codes = Object.values(ErrorCodes);

  test('every code is unique and namespaced', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TSAPI_[A-Z_]+$/);
  });

  test('every code is documented, and only codes are', () => {
    expect(Object.keys(errorCodeDocs).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(errorCodeDocs[code].length).toBeGreaterThan(20);
  });
});

describe('each error class reports its code', () => {
  test('DefinitionError, from a failing app.ready()', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('/{itemId}')
      read() {
        return {};
      }
    }
    const error = await new App({ controllers: [ItemsController] }).ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error).toBeInstanceOf(TsapiError);
    expect((error as DefinitionError).code).toBe(ErrorCodes.DEFINITION);
    expect((error as DefinitionError).name).toBe('DefinitionError');
  });

  test('HTTPException', () => {
    const error = new HTTPException(404, 'Item not found', { 'X-Error': 'x' });
    expect(error).toBeInstanceOf(TsapiError);
    expect([error.code, error.name, error.statusCode, error.detail, error.headers, error.message]).toEqual([
      ErrorCodes.HTTP,
      'HTTPException',
      404,
      'Item not found',
      { 'X-Error': 'x' },
      'Item not found',
    ]);
    const bare = new HTTPException(403);
    expect([bare.code, bare.detail, bare.headers]).toEqual([ErrorCodes.HTTP, 'Forbidden', {}]);
  });

  test('RequestValidationError', () => {
    const items: ValidationErrorItem[] = [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }];
    const error = new RequestValidationError(items, {});
    expect(error).toBeInstanceOf(HTTPException);
    expect([error.code, error.name, error.statusCode, error.detail]).toEqual([ErrorCodes.REQUEST_VALIDATION, 'RequestValidationError', 422, items]);
    expect(error.errors()).toEqual(items);
    expect(error.errors()).not.toBe(error.errors());
  });

  test('ResponseValidationError, from a handler whose value does not fit its model', async () => {
    class ItemOut {
      @IsInt() id!: number;
      @IsString() name!: string;
    }
    @Controller('/items')
    class ItemsController {
      @Get('/bad', { responseModel: ItemOut })
      bad() {
        return { id: 'one', name: 'x' };
      }
    }
    const client = new TestClient(new App({ controllers: [ItemsController], fastify: { logger: false } }));
    const error = await client.get('/items/bad').then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.close();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toBeInstanceOf(TsapiError);
    expect(error).not.toBeInstanceOf(HTTPException);
    const responseError = error as ResponseValidationError;
    expect([responseError.code, responseError.name]).toEqual([ErrorCodes.RESPONSE_VALIDATION, 'ResponseValidationError']);
    expect(responseError.message).toMatch(/^ItemsController\.bad returned a value that does not fit its response model/);
    expect(responseError.errors()).toEqual([
      { type: 'int_type', loc: ['response', 'id'], msg: 'Input should be a valid integer', input: 'one' },
    ]);
  });
});

describe('RequestValidationError from a real request', () => {
  class ItemIn {
    @IsString() name!: string;
    @IsNumber() @Min(0) price!: number;
  }

  @Controller('/items')
  class ItemsController {
    @Post('/{itemId}')
    update(@Path('itemId', { type: 'integer' }) itemId: number, @Body() item: ItemIn) {
      return { itemId, item };
    }
  }

  test('errors() is the detail list sent, and body is what was received', async () => {
    const app = new App({ controllers: [ItemsController] });
    const seen: unknown[] = [];
    app.fastify.addHook('onError', async (_request, _reply, error) => {
      seen.push(error);
    });
    const client = new TestClient(app);
    const sent = { price: -2, extra: true };
    const res = await client.post('/items/abc', { json: sent });
    await client.close();
    const detail = [
      {
        type: 'int_parsing',
        loc: ['path', 'itemId'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'abc',
      },
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: -2, extra: true } },
      {
        type: 'greater_than_equal',
        loc: ['body', 'price'],
        msg: 'Input should be greater than or equal to 0',
        input: -2,
        ctx: { ge: 0 },
      },
    ];
    expect([res.status, res.json()]).toEqual([422, { detail }]);
    expect(seen).toHaveLength(1);
    const error = seen[0] as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.code).toBe(ErrorCodes.REQUEST_VALIDATION);
    expect(error.errors()).toEqual(detail);
    expect(error.body).toEqual(sent);
  });

  test('body is what was received also when only a parameter failed', async () => {
    const app = new App({ controllers: [ItemsController] });
    const seen: RequestValidationError[] = [];
    app.fastify.addHook('onError', async (_request, _reply, error) => {
      if (error instanceof RequestValidationError) seen.push(error);
    });
    const client = new TestClient(app);
    const sent = { name: 'saw', price: '2.5', extra: [1] };
    const res = await client.post('/items/x', { json: sent });
    await client.close();
    const detail = [
      {
        type: 'int_parsing',
        loc: ['path', 'itemId'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x',
      },
    ];
    expect([res.status, res.json()]).toEqual([422, { detail }]);
    expect(seen).toHaveLength(1);
    expect(seen[0].errors()).toEqual(detail);
    expect(seen[0].body).toEqual(sent);
  });

  test('body is the raw text when the JSON is malformed', async () => {
    const app = new App({ controllers: [ItemsController] });
    const seen: unknown[] = [];
    app.fastify.addHook('onError', async (_request, _reply, error) => {
      seen.push(error);
    });
    const client = new TestClient(app);
    const res = await client.post('/items/1', { body: '{"name":', headers: { 'content-type': 'application/json' } });
    await client.close();
    expect(res.status).toBe(422);
    const error = seen[0] as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.errors()).toEqual((res.json() as { detail: unknown }).detail);
    expect(error.errors()[0].type).toBe('json_invalid');
    expect(error.body).toBe('{"name":');
  });
});
