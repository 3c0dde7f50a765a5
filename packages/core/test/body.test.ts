import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { App, Body, Controller, Path, Post } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

class Owner {
  @IsString() name!: string;

  get shout(): string {
    return this.name.toUpperCase();
  }
}

class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsString() description?: string;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @ValidateNested() @Type(() => Owner) owner?: Owner;

  withTax(rate: number): number {
    return this.price * (1 + rate);
  }

  get label(): string {
    return `${this.name} (${this.price})`;
  }
}

const MODEL_ATTRIBUTES_MSG = 'Input should be a valid dictionary or object to extract fields from';

/** Calls of the handlers that must not run for refused requests. */
let handlerCalls = 0;
/** What the last handler call received, to check what reached it. */
let received: unknown;

@Controller()
class ItemsController {
  @Post('/items')
  create(@Body() item: ItemIn) {
    handlerCalls++;
    received = item;
    item.tags.push('seen');
    return {
      isItemIn: item instanceof ItemIn,
      ownerIsOwner: item.owner instanceof Owner,
      withTax: item.withTax(0.5),
      label: item.label,
      shout: item.owner?.shout,
      tags: item.tags,
      keys: Object.keys(item).sort(),
      ownerKeys: Object.keys(item.owner ?? {}).sort(),
      price: item.price,
    };
  }
}

class Stock {
  @IsInt() quantity!: number;
  @IsBoolean() available!: boolean;
}

@Controller()
class StockController {
  @Post('/stock')
  create(@Body() stock: Stock) {
    return { quantity: stock.quantity, available: stock.available };
  }
}

enum Color {
  Red = 'red',
  Green = 'green',
  Blue = 'blue',
}

class Contact {
  @IsEmail() email!: string;
  @IsEnum(Color) color!: Color;
  @IsIn([1, 2, 3]) level!: number;
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(3) @IsString({ each: true }) labels!: string[];
}

@Controller()
class ContactController {
  @Post('/contacts')
  create(@Body() contact: Contact) {
    return { email: contact.email, color: contact.color, level: contact.level, labels: contact.labels };
  }
}

@Controller()
class EmbedController {
  @Post('/items/{itemId}')
  update(
    @Path('itemId', { type: 'integer' }) itemId: number,
    @Body('item') item: ItemIn,
    @Body('importance', { type: 'integer' }) importance: number,
  ) {
    return { itemId, name: item.name, isItemIn: item instanceof ItemIn, importance };
  }

  @Post('/embedded')
  embedded(@Body('item', { embed: true }) item: ItemIn) {
    return { name: item.name, isItemIn: item instanceof ItemIn };
  }
}

class Limited {
  @MaxLength(50) @Matches(/^[a-z]+(-[a-z]+)*$/) slug!: string;
  @MaxLength(50) @IsEmail() email!: string;
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) tags!: string[];
}

@Controller()
class LimitedController {
  @Post('/limited')
  create(@Body() limited: Limited) {
    return { slug: limited.slug };
  }
}

const clients: TestClient[] = [];

function clientFor(...controllers: (new () => object)[]): TestClient {
  const client = new TestClient(new App({ controllers }));
  clients.push(client);
  return client;
}

beforeEach(() => {
  handlerCalls = 0;
  received = undefined;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

const validItem = { name: 'Foo', price: 10, owner: { name: 'ann' } };

describe('a valid body', () => {
  test('reaches the handler as a real instance with methods, getters, nested instances and defaults', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: validItem });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      isItemIn: true,
      ownerIsOwner: true,
      withTax: 15,
      label: 'Foo (10)',
      shout: 'ANN',
      tags: ['seen'],
      keys: ['name', 'owner', 'price', 'tags'],
      ownerKeys: ['name'],
      price: 10,
    });
  });

  test('gets a fresh default list on every request', async () => {
    const client = clientFor(ItemsController);
    const first = await client.post('/items', { json: validItem });
    const firstTags = (received as ItemIn).tags;
    const second = await client.post('/items', { json: validItem });
    expect((first.json() as { tags: string[] }).tags).toEqual(['seen']);
    expect((second.json() as { tags: string[] }).tags).toEqual(['seen']);
    expect((received as ItemIn).tags).not.toBe(firstTags);
    expect(new ItemIn().tags).toEqual([]);
  });

  test('drops unknown fields, also in nested models', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', {
      json: { ...validItem, isAdmin: true, owner: { name: 'ann', role: 'root' } },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ keys: ['name', 'owner', 'price', 'tags'], ownerKeys: ['name'] });
    expect(received).not.toHaveProperty('isAdmin');
    expect((received as ItemIn).owner).not.toHaveProperty('role');
  });

  test('accepts numeric strings for numbers, as pydantic lax mode', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: { ...validItem, price: '2.5' } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ price: 2.5, withTax: 3.75 });
    expect((received as ItemIn).price).toBe(2.5);
  });

  test('accepts integer strings and boolean words', async () => {
    const client = clientFor(StockController);
    const res = await client.post('/stock', { json: { quantity: '3', available: 'yes' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ quantity: 3, available: true });
    const off = await client.post('/stock', { json: { quantity: 0, available: 'false' } });
    expect(off.json()).toEqual({ quantity: 0, available: false });
  });
});

describe('an invalid body', () => {
  test('lists every failing field in one 422', async () => {
    const client = clientFor(ItemsController);
    const body = { price: 'abc', description: 5, tags: 'x', owner: 'bob' };
    const res = await client.post('/items', { json: body });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: body },
        {
          type: 'float_parsing',
          loc: ['body', 'price'],
          msg: 'Input should be a valid number, unable to parse string as a number',
          input: 'abc',
        },
        { type: 'string_type', loc: ['body', 'description'], msg: 'Input should be a valid string', input: 5 },
        { type: 'list_type', loc: ['body', 'tags'], msg: 'Input should be a valid list', input: 'x' },
        { type: 'model_attributes_type', loc: ['body', 'owner'], msg: MODEL_ATTRIBUTES_MSG, input: 'bob' },
      ],
    });
    expect(handlerCalls).toBe(0);
  });

  test('reports errors in the order the fields are declared', async () => {
    const client = clientFor(ItemsController);
    const body = { name: 7, owner: { name: 'ann' } };
    const res = await client.post('/items', { json: body });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 7 },
        { type: 'missing', loc: ['body', 'price'], msg: 'Field required', input: body },
      ],
    });
  });

  test('inputs are what was received: unknown fields kept, lax values not yet coerced', async () => {
    const client = clientFor(ItemsController);
    const body = { price: '2.5', extra: true, owner: { name: 'ann', role: 'admin' } };
    const res = await client.post('/items', { json: body });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: body }],
    });
  });

  test('string_type for a number in a string field and in a string list', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: { ...validItem, name: 42, tags: ['a', 3] } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 42 },
        { type: 'string_type', loc: ['body', 'tags', 1], msg: 'Input should be a valid string', input: 3 },
      ],
    });
  });

  test('string lengths and minimums with their ctx', async () => {
    const client = clientFor(ItemsController);
    const short = await client.post('/items', { json: { ...validItem, name: '', price: -1 } });
    expect(short.status).toBe(422);
    expect(short.json()).toEqual({
      detail: [
        {
          type: 'string_too_short',
          loc: ['body', 'name'],
          msg: 'String should have at least 1 character',
          input: '',
          ctx: { min_length: 1 },
        },
        {
          type: 'greater_than_equal',
          loc: ['body', 'price'],
          msg: 'Input should be greater than or equal to 0',
          input: -1,
          ctx: { ge: 0 },
        },
      ],
    });
    const longName = 'x'.repeat(51);
    const long = await client.post('/items', { json: { ...validItem, name: longName } });
    expect(long.status).toBe(422);
    expect(long.json()).toEqual({
      detail: [
        {
          type: 'string_too_long',
          loc: ['body', 'name'],
          msg: 'String should have at most 50 characters',
          input: longName,
          ctx: { max_length: 50 },
        },
      ],
    });
  });

  test('integers: int_parsing for text, int_from_float for fractions; bool_parsing for unknown words', async () => {
    const client = clientFor(StockController);
    const text = await client.post('/stock', { json: { quantity: 'abc', available: 'maybe' } });
    expect(text.status).toBe(422);
    expect(text.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['body', 'quantity'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'abc',
        },
        {
          type: 'bool_parsing',
          loc: ['body', 'available'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'maybe',
        },
      ],
    });
    const fraction = await client.post('/stock', { json: { quantity: 2.5, available: true } });
    expect(fraction.status).toBe(422);
    expect(fraction.json()).toEqual({
      detail: [
        {
          type: 'int_from_float',
          loc: ['body', 'quantity'],
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input: 2.5,
        },
      ],
    });
  });

  test('a scalar sent to a list field is list_type, never wrapped into a list', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: { ...validItem, tags: 'solo' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'list_type', loc: ['body', 'tags'], msg: 'Input should be a valid list', input: 'solo' }],
    });
    expect(handlerCalls).toBe(0);
  });

  test.each([['bob'], [42], [['ann']], [null]])('a nested model given %j is model_attributes_type', async (owner) => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: { ...validItem, owner } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body', 'owner'], msg: MODEL_ATTRIBUTES_MSG, input: owner }],
    });
  });

  test('errors inside a nested model have the nested loc', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { json: { ...validItem, owner: {} } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'owner', 'name'], msg: 'Field required', input: {} }],
    });
  });
});

describe('class-validator constraints', () => {
  const valid = { email: 'a@example.com', color: 'red', level: 2, labels: ['a', 'b'] };

  test('a valid body passes', async () => {
    const client = clientFor(ContactController);
    const res = await client.post('/contacts', { json: valid });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(valid);
  });

  test('a constraint with no JSON Schema form keeps its name and class-validator message', async () => {
    const client = clientFor(ContactController);
    const res = await client.post('/contacts', { json: { ...valid, email: 'not-an-email' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'isEmail', loc: ['body', 'email'], msg: 'email must be an email', input: 'not-an-email' }],
    });
  });

  test("errors of class-validator constraints take their field's place in the list", async () => {
    const client = clientFor(ContactController);
    const res = await client.post('/contacts', { json: { ...valid, email: 'nope', color: 'purple' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'isEmail', loc: ['body', 'email'], msg: 'email must be an email', input: 'nope' },
        {
          type: 'enum',
          loc: ['body', 'color'],
          msg: "Input should be 'red', 'green' or 'blue'",
          input: 'purple',
          ctx: { expected: "'red', 'green' or 'blue'" },
        },
      ],
    });
  });

  test('@IsEnum and @IsIn are enum errors', async () => {
    const client = clientFor(ContactController);
    const res = await client.post('/contacts', { json: { ...valid, color: 'purple', level: 4 } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'enum',
          loc: ['body', 'color'],
          msg: "Input should be 'red', 'green' or 'blue'",
          input: 'purple',
          ctx: { expected: "'red', 'green' or 'blue'" },
        },
        {
          type: 'enum',
          loc: ['body', 'level'],
          msg: 'Input should be 1, 2 or 3',
          input: 4,
          ctx: { expected: '1, 2 or 3' },
        },
      ],
    });
  });

  test('@ArrayMinSize and @ArrayMaxSize are too_short and too_long', async () => {
    const client = clientFor(ContactController);
    const short = await client.post('/contacts', { json: { ...valid, labels: ['a'] } });
    expect(short.status).toBe(422);
    expect(short.json()).toEqual({
      detail: [
        {
          type: 'too_short',
          loc: ['body', 'labels'],
          msg: 'List should have at least 2 items after validation, not 1',
          input: ['a'],
          ctx: { field_type: 'List', min_length: 2, actual_length: 1 },
        },
      ],
    });
    const labels = ['a', 'b', 'c', 'd'];
    const long = await client.post('/contacts', { json: { ...valid, labels } });
    expect(long.status).toBe(422);
    expect(long.json()).toEqual({
      detail: [
        {
          type: 'too_long',
          loc: ['body', 'labels'],
          msg: 'List should have at most 3 items after validation, not 4',
          input: labels,
          ctx: { field_type: 'List', max_length: 3, actual_length: 4 },
        },
      ],
    });
  });
});

describe('embedded bodies', () => {
  test('several named body parameters make the body {item, importance}', async () => {
    const client = clientFor(EmbedController);
    const res = await client.post('/items/1', { json: { item: validItem, importance: '5' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ itemId: 1, name: 'Foo', isItemIn: true, importance: 5 });
  });

  test('their errors are located under the parameter name', async () => {
    const client = clientFor(EmbedController);
    const item = { price: 1, owner: { name: 'ann' } };
    const res = await client.post('/items/1', { json: { item, importance: 1.5 } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'item', 'name'], msg: 'Field required', input: item },
        {
          type: 'int_from_float',
          loc: ['body', 'importance'],
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input: 1.5,
        },
      ],
    });
  });

  test('embed: true wraps a single body parameter', async () => {
    const client = clientFor(EmbedController);
    const ok = await client.post('/embedded', { json: { item: validItem } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ name: 'Foo', isItemIn: true });
    const bare = await client.post('/embedded', { json: validItem });
    expect(bare.status).toBe(422);
    expect(bare.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'item'], msg: 'Field required', input: validItem }],
    });
  });
});

describe('hostile and malformed bodies', () => {
  const json = { 'content-type': 'application/json' };

  test.each([
    ['{"a":', 5, 'Unexpected end of JSON input'],
    ['{"a":1,}', 7, 'Expected double-quoted property name in JSON at position 7'],
  ])('malformed JSON %j is 422 json_invalid at its position', async (body, position, error) => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { body, headers: json });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error } }],
    });
    expect(handlerCalls).toBe(0);
  });

  test.each([
    ['an empty JSON body', { body: '', headers: { 'content-type': 'application/json' } }],
    ['no body at all', {}],
  ])('%s is 422 missing at loc [body]', async (_name, options) => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', options);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    expect(handlerCalls).toBe(0);
  });

  test('JSON nested 200 deep is read; 201 deep is 422 json_invalid at the bracket too deep (pydantic’s limit)', async () => {
    const client = clientFor(ItemsController);
    const nested = (depth: number): string =>
      `{"name":"a","price":1,"owner":{"name":"o"},"extra":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect((await client.post('/items', { body: nested(200), headers: json })).status).toBe(200);
    const res = await client.post('/items', { body: nested(201), headers: json });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 250],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'recursion limit exceeded' },
        },
      ],
    });
    expect(handlerCalls).toBe(1);
  });

  test('a bracket inside a string does not count towards the nesting depth', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', {
      body: JSON.stringify({ name: 'a', price: 1, owner: { name: 'o' }, description: `"[${'['.repeat(300)}` }),
      headers: json,
    });
    expect(res.status).toBe(200);
  });

  test('a null body is missing, as FastAPI', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { body: 'null', headers: json });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
  });

  test.each([[[]], ['x'], [42]])('a body of %j for an object model is model_attributes_type', async (value) => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { body: JSON.stringify(value), headers: json });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: MODEL_ATTRIBUTES_MSG, input: value }],
    });
    expect(handlerCalls).toBe(0);
  });

  test.each([
    ['__proto__', '{"name":"a","price":1,"owner":{"name":"o"},"__proto__":{"polluted":"yes"}}'],
    [
      'constructor.prototype',
      '{"name":"a","price":1,"owner":{"name":"o"},"constructor":{"prototype":{"polluted":"yes"}}}',
    ],
    ['nested __proto__', '{"name":"a","price":1,"owner":{"name":"o","__proto__":{"polluted":"yes"}}}'],
  ])('a %s key is refused with 400 and pollutes nothing', async (_name, body) => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', { body, headers: json });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'Object contains forbidden prototype property' });
    expect(handlerCalls).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no content type', {}],
  ])('a JSON body sent as %s is not parsed as JSON: 422 model_attributes_type', async (_name, headers) => {
    const client = clientFor(ItemsController);
    const text = JSON.stringify(validItem);
    const res = await client.post('/items', { body: text, headers });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: MODEL_ATTRIBUTES_MSG, input: text }],
    });
    expect(handlerCalls).toBe(0);
  });

  test.each([['application/json garbage'], ['__proto__'], ['constructor'], ['application/xml']])(
    'content type %j is 415',
    async (contentType) => {
      const client = clientFor(ItemsController);
      const res = await client.post('/items', {
        body: JSON.stringify(validItem),
        headers: { 'content-type': contentType },
      });
      expect(res.status).toBe(415);
      expect(res.json()).toEqual({ detail: 'Unsupported Media Type' });
      expect(handlerCalls).toBe(0);
    },
  );

  test('application/vnd.api+json is JSON', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', {
      body: JSON.stringify(validItem),
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ isItemIn: true, label: 'Foo (10)' });
  });

  test('application/json with a charset is JSON', async () => {
    const client = clientFor(ItemsController);
    const res = await client.post('/items', {
      body: JSON.stringify(validItem),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ isItemIn: true });
  });
});

describe('body size', () => {
  const LIMIT = 1024 * 1024;

  /** A valid item whose JSON text is exactly `size` bytes. */
  function itemOfSize(size: number): string {
    const empty = JSON.stringify({ ...validItem, description: '' });
    return JSON.stringify({ ...validItem, description: 'd'.repeat(size - empty.length) });
  }

  test('a body of exactly the 1 MiB limit is accepted', async () => {
    const client = clientFor(ItemsController);
    const body = itemOfSize(LIMIT);
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const res = await client.post('/items', { body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(handlerCalls).toBe(1);
  });

  test('a body one byte over the limit is 413', async () => {
    const client = clientFor(ItemsController);
    const body = itemOfSize(LIMIT + 1);
    const res = await client.post('/items', { body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ detail: 'Payload Too Large' });
    expect(handlerCalls).toBe(0);
  });

  test('a chunked body without Content-Length over the limit is 413 before the client has finished sending', async () => {
    const app = new App({ controllers: [ItemsController] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.fastify.server.address() as AddressInfo;
      const result = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>(
        (resolve, reject) => {
          let sent = 0;
          let answered = false;
          const req = httpRequest({
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/items',
            headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          });
          req.on('response', (res) => {
            answered = true;
            const sentWhenAnswered = sent;
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sentWhenAnswered });
            });
          });
          req.on('error', (error) => {
            if (!answered) reject(error);
          });
          const chunk = Buffer.alloc(64 * 1024, 'a');
          req.write('{"name":"');
          const pump = (): void => {
            // Keeps sending until the server answers, far past the limit if it ever waited for the end.
            if (answered || sent > 16 * LIMIT) return;
            sent += chunk.length;
            if (req.write(chunk)) setImmediate(pump);
            else req.once('drain', pump);
          };
          pump();
        },
      );
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toEqual({ detail: 'Payload Too Large' });
      expect(result.sentWhenAnswered).toBeLessThan(16 * LIMIT);
      expect(handlerCalls).toBe(0);
    } finally {
      await app.close();
    }
  });

  test('a Content-Length that does not match the body is 400', async () => {
    const client = clientFor(ItemsController);
    const body = JSON.stringify(validItem);
    const res = await client.post('/items', {
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length + 10) },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'Request body size did not match Content-Length' });
    expect(handlerCalls).toBe(0);
  });
});

describe('bounded validation work', () => {
  test('a 100 KB string into a @MaxLength field is string_too_long only: length before pattern and format', async () => {
    const client = clientFor(LimitedController);
    const huge = 'a'.repeat(100 * 1024) + '!';
    const started = performance.now();
    const res = await client.post('/limited', { json: { slug: huge, email: huge, tags: [] } });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: ['slug', 'email'].map((field) => ({
        type: 'string_too_long',
        loc: ['body', field],
        msg: 'String should have at most 50 characters',
        input: huge,
        ctx: { max_length: 50 },
      })),
    });
  });

  test('short strings still get their pattern and format checked', async () => {
    const client = clientFor(LimitedController);
    const res = await client.post('/limited', { json: { slug: 'Not A Slug', email: 'nope', tags: [] } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'string_pattern_mismatch',
          loc: ['body', 'slug'],
          msg: "String should match pattern '^[a-z]+(-[a-z]+)*$'",
          input: 'Not A Slug',
          ctx: { pattern: '^[a-z]+(-[a-z]+)*$' },
        },
        { type: 'isEmail', loc: ['body', 'email'], msg: 'email must be an email', input: 'nope' },
      ],
    });
  });

  test('200k items into an @ArrayMaxSize(10) field is 422 too_long', async () => {
    const client = clientFor(LimitedController);
    const tags = new Array<string>(200_000).fill('x');
    const started = performance.now();
    const res = await client.post('/limited', { json: { slug: 'ok', email: 'a@example.com', tags } });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'too_long',
          loc: ['body', 'tags'],
          msg: 'List should have at most 10 items after validation, not 200000',
          input: tags,
          ctx: { field_type: 'List', max_length: 10, actual_length: 200000 },
        },
      ],
    });
  });
});

describe('optional fields that must not be null', () => {
  class Rename {
    // pydantic's `name: str = None`: may be left out, never null.
    @ValidateIf((_object, value) => value !== undefined) @IsString() name?: string;
    @IsOptional() @IsString() note?: string | null;
  }

  @Controller()
  class RenameController {
    @Post('/rename')
    rename(@Body() body: Rename) {
      return { name: body.name ?? 'unchanged', note: body.note === undefined ? 'unchanged' : body.note };
    }
  }

  const client = () => new TestClient(new App({ controllers: [RenameController] }));

  test('@ValidateIf(value !== undefined): left out is fine, null is refused, as pydantic', async () => {
    const c = client();
    expect((await c.post('/rename', { json: {} })).json()).toEqual({ name: 'unchanged', note: 'unchanged' });
    expect((await c.post('/rename', { json: { name: 'new', note: null } })).json()).toEqual({
      name: 'new',
      note: null,
    });
    const refused = await c.post('/rename', { json: { name: null } });
    expect(refused.status).toBe(422);
    expect(refused.json()).toEqual({
      detail: [{ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: null }],
    });
    await c.close();
  });

  test('the document says so: name is neither required nor nullable, note is nullable', async () => {
    const document = new App({ controllers: [RenameController] }).openapi() as unknown as {
      components: { schemas: { Rename: { properties: Record<string, unknown>; required?: string[] } } };
    };
    expect(document.components.schemas.Rename.properties).toEqual({
      name: { type: 'string', title: 'Name' },
      note: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Note' },
    });
    expect(document.components.schemas.Rename.required).toBeUndefined();
  });
});
