import 'reflect-metadata';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { App, Body, Controller, Cookie, Get, Header, Path, Post, Query } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

@Controller('/items')
class ItemsController {
  @Get('/required')
  readRequired(@Query('needy') needy: string) {
    return { needy };
  }

  @Get('/optional')
  readOptional(@Query('q', { required: false }) q?: string) {
    return { q, seen: q === undefined ? 'undefined' : typeof q };
  }

  @Get('/paged')
  readPaged(@Query('skip', { default: 0, type: 'integer' }) skip: number, @Query('limit', { default: 10, type: 'integer' }) limit: number) {
    return { skip, limit };
  }

  @Get('/tags')
  readTags(@Query('tags', { type: ['string'], default: ['latest'] }) tags: string[]) {
    const seen = [...tags];
    tags.push('mutated');
    return { tags: seen };
  }

  @Get('/strings')
  readStrings(@Query('q', { type: ['string'] }) q: string[]) {
    return { q };
  }

  @Get('/ids')
  readIds(@Query('id', { type: ['integer'], required: false }) id?: number[]) {
    return { id };
  }

  @Get('/last')
  readLast(@Query('q') q: string, @Query('n', { type: 'integer', required: false }) n?: number) {
    return { q, n };
  }

  @Get('/constrained')
  readConstrained(@Query('q', { required: false, minLength: 3, maxLength: 8 }) q?: string) {
    return { q };
  }

  @Get('/fixed')
  readFixed(@Query('q', { pattern: '^fixedquery$' }) q: string) {
    return { q };
  }

  @Get('/aliased')
  readAliased(@Query('q', { alias: 'item-query', required: false }) q?: string) {
    return { q };
  }

  @Get('/aliased-required')
  readAliasedRequired(@Query('q', { alias: 'item-query' }) q: string) {
    return { q };
  }

  @Get('/since')
  readSince(@Query('since', { type: 'date-time' }) since: Date) {
    return { isDate: since instanceof Date, iso: since.toISOString() };
  }

  @Get('/typed-since')
  readTypedSince(@Query('since') since: Date) {
    return { isDate: since instanceof Date, iso: since.toISOString() };
  }

  @Get('/builtins')
  readBuiltins(
    @Query('constructor', { required: false }) ctor?: string,
    @Query('toString', { required: false }) toStringValue?: string,
  ) {
    return { ctor, toString: toStringValue };
  }
}

class FiltersDto {
  @IsInt() @Min(1) @Max(100) limit: number = 100;
  @IsInt() @Min(0) offset: number = 0;
  @IsIn(['created_at', 'updated_at']) orderBy: string = 'created_at';
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @IsOptional() @IsString() @MaxLength(5) q?: string;

  get page(): number {
    return Math.floor(this.offset / this.limit) + 1;
  }

  describe(): string {
    return `${this.orderBy} by ${this.limit}`;
  }
}

@Controller('/filtered')
class FilteredController {
  @Get('/')
  list(@Query() filters: FiltersDto) {
    const result = {
      isInstance: filters instanceof FiltersDto,
      page: filters.page,
      described: filters.describe(),
      limit: filters.limit,
      offset: filters.offset,
      orderBy: filters.orderBy,
      tags: [...filters.tags],
      q: filters.q,
      keys: Object.keys(filters).sort(),
    };
    filters.tags.push('mutated by the handler');
    return result;
  }
}

class OrderIn {
  @IsString() name!: string;
}

@Controller('/orders')
class OrdersController {
  // Declared in the reverse of FastAPI's error order on purpose.
  @Post('/{orderId}')
  create(
    @Body() order: OrderIn,
    @Cookie('session', { type: 'integer' }) session: number,
    @Header('x_token') token: string,
    @Query('count', { type: 'integer' }) count: number,
    @Query('note', { maxLength: 2 }) note: string,
    @Path('orderId', { type: 'integer' }) orderId: number,
  ) {
    return { orderId, count, note, token, session, name: order.name };
  }
}

describe('query parameters', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [ItemsController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test('a required parameter that is missing is 422 missing', async () => {
    const res = await client.get('/items/required');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'needy'], msg: 'Field required', input: null }] });
    const ok = await client.get('/items/required', { query: { needy: 'sooo needy' } });
    expect([ok.status, ok.json()]).toEqual([200, { needy: 'sooo needy' }]);
  });

  test('required: false gives undefined, absent from the JSON output', async () => {
    const res = await client.get('/items/optional');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ seen: 'undefined' });
    expect(res.text).toBe('{"seen":"undefined"}');
    const given = await client.get('/items/optional', { query: { q: 'x' } });
    expect([given.status, given.json()]).toEqual([200, { q: 'x', seen: 'string' }]);
  });

  test('an empty value of an optional string is the empty string', async () => {
    const res = await client.get('/items/optional?q=');
    expect([res.status, res.json()]).toEqual([200, { q: '', seen: 'string' }]);
  });

  test('defaults fill absent parameters; given values are coerced', async () => {
    let res = await client.get('/items/paged');
    expect([res.status, res.json()]).toEqual([200, { skip: 0, limit: 10 }]);
    res = await client.get('/items/paged', { query: { skip: 20 } });
    expect([res.status, res.json()]).toEqual([200, { skip: 20, limit: 10 }]);
    res = await client.get('/items/paged', { query: { skip: 'x', limit: '5' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'int_parsing', loc: ['query', 'skip'], msg: INT_PARSING_MSG, input: 'x' }] });
  });

  test('a list default is a fresh copy for every request', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await client.get('/items/tags');
      expect([res.status, res.json()]).toEqual([200, { tags: ['latest'] }]);
    }
  });

  test('a repeated key fills a list parameter in order', async () => {
    let res = await client.get('/items/strings?q=a&q=b');
    expect([res.status, res.json()]).toEqual([200, { q: ['a', 'b'] }]);
    res = await client.get('/items/strings', { query: { q: 'only' } });
    expect([res.status, res.json()]).toEqual([200, { q: ['only'] }]);
    res = await client.get('/items/tags', { query: { tags: ['x', 'y', 'z'] } });
    expect([res.status, res.json()]).toEqual([200, { tags: ['x', 'y', 'z'] }]);
  });

  test('a required list that is absent is 422 missing', async () => {
    const res = await client.get('/items/strings');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null }] });
  });

  test('integer list items are coerced and each bad item is reported at its index', async () => {
    let res = await client.get('/items/ids?id=1&id=2&id=3');
    expect([res.status, res.json()]).toEqual([200, { id: [1, 2, 3] }]);
    res = await client.get('/items/ids');
    expect([res.status, res.json()]).toEqual([200, {}]);
    res = await client.get('/items/ids?id=1&id=x&id=3&id=1.5');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'id', 1], msg: INT_PARSING_MSG, input: 'x' },
        { type: 'int_parsing', loc: ['query', 'id', 3], msg: INT_PARSING_MSG, input: '1.5' },
      ],
    });
  });

  test('a repeated key of a non-list parameter gives the last value', async () => {
    const res = await client.get('/items/last?q=first&q=second&n=1&n=2');
    expect([res.status, res.json()]).toEqual([200, { q: 'second', n: 2 }]);
    const bad = await client.get('/items/last?q=a&n=1&n=x');
    expect(bad.status).toBe(422);
    expect(bad.json()).toEqual({ detail: [{ type: 'int_parsing', loc: ['query', 'n'], msg: INT_PARSING_MSG, input: 'x' }] });
  });

  test('minLength: string_too_short with pydantic message and ctx', async () => {
    const res = await client.get('/items/constrained', { query: { q: 'fa' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'string_too_short', loc: ['query', 'q'], msg: 'String should have at least 3 characters', input: 'fa', ctx: { min_length: 3 } }],
    });
  });

  test('maxLength: string_too_long with pydantic message and ctx', async () => {
    const res = await client.get('/items/constrained', { query: { q: 'ninechars' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'string_too_long', loc: ['query', 'q'], msg: 'String should have at most 8 characters', input: 'ninechars', ctx: { max_length: 8 } }],
    });
  });

  test('lengths count characters, not UTF-16 units, and the bounds are inclusive', async () => {
    let res = await client.get('/items/constrained', { query: { q: 'abc' } });
    expect([res.status, res.json()]).toEqual([200, { q: 'abc' }]);
    res = await client.get('/items/constrained', { query: { q: '🎉🎉🎉🎉🎉🎉🎉🎉' } });
    expect([res.status, res.json()]).toEqual([200, { q: '🎉🎉🎉🎉🎉🎉🎉🎉' }]);
  });

  test('pattern: string_pattern_mismatch with pydantic message and ctx', async () => {
    const ok = await client.get('/items/fixed', { query: { q: 'fixedquery' } });
    expect([ok.status, ok.json()]).toEqual([200, { q: 'fixedquery' }]);
    const res = await client.get('/items/fixed', { query: { q: 'nonregexquery' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'string_pattern_mismatch',
          loc: ['query', 'q'],
          msg: "String should match pattern '^fixedquery$'",
          input: 'nonregexquery',
          ctx: { pattern: '^fixedquery$' },
        },
      ],
    });
  });

  test('alias: the parameter is read from the alias, and errors name the alias', async () => {
    let res = await client.get('/items/aliased', { query: { 'item-query': 'foobaritems' } });
    expect([res.status, res.json()]).toEqual([200, { q: 'foobaritems' }]);
    res = await client.get('/items/aliased', { query: { q: 'ignored' } });
    expect([res.status, res.json()]).toEqual([200, {}]);
    res = await client.get('/items/aliased-required');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['query', 'item-query'], msg: 'Field required', input: null }] });
  });

  test("type: 'date-time' gives a Date", async () => {
    let res = await client.get('/items/since', { query: { since: '2024-03-01T10:20:30Z' } });
    expect([res.status, res.json()]).toEqual([200, { isDate: true, iso: '2024-03-01T10:20:30.000Z' }]);
    res = await client.get('/items/since', { query: { since: '2024-03-01T12:20:30+02:00' } });
    expect([res.status, res.json()]).toEqual([200, { isDate: true, iso: '2024-03-01T10:20:30.000Z' }]);
    res = await client.get('/items/typed-since', { query: { since: '2024-03-01' } });
    expect([res.status, res.json()]).toEqual([200, { isDate: true, iso: '2024-03-01T00:00:00.000Z' }]);
  });

  test('a date-time that does not parse is 422 datetime_parsing', async () => {
    for (const input of ['yesterday', '2024-13-45T99:00:00Z', '']) {
      const res = await client.get('/items/since', { query: { since: input } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({ detail: [{ type: 'datetime_parsing', loc: ['query', 'since'], msg: 'Input should be a valid datetime', input }] });
    }
  });

  test('parameters named like Object.prototype members are plain parameters', async () => {
    let res = await client.get('/items/builtins');
    expect([res.status, res.json()]).toEqual([200, {}]);
    res = await client.get('/items/builtins', { query: { constructor: 'a', toString: 'b' } });
    expect([res.status, res.json()]).toEqual([200, { ctor: 'a', toString: 'b' }]);
  });
});

describe('query models', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [FilteredController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test('property initializers are the defaults, and the handler gets a real instance', async () => {
    const res = await client.get('/filtered/');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      isInstance: true,
      page: 1,
      described: 'created_at by 100',
      limit: 100,
      offset: 0,
      orderBy: 'created_at',
      tags: [],
      keys: ['limit', 'offset', 'orderBy', 'tags'],
    });
  });

  test('each property is read from the query string and coerced; unknown keys are ignored', async () => {
    const res = await client.get('/filtered/?limit=10&offset=25&orderBy=updated_at&tags=a&tags=b&q=hi&unknown=1');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      isInstance: true,
      page: 3,
      described: 'updated_at by 10',
      limit: 10,
      offset: 25,
      orderBy: 'updated_at',
      tags: ['a', 'b'],
      q: 'hi',
      keys: ['limit', 'offset', 'orderBy', 'q', 'tags'],
    });
  });

  test('every failing property is listed with its query loc', async () => {
    const res = await client.get('/filtered/?limit=0&offset=x&orderBy=name&q=toolong');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } },
        { type: 'int_parsing', loc: ['query', 'offset'], msg: INT_PARSING_MSG, input: 'x' },
        {
          type: 'enum',
          loc: ['query', 'orderBy'],
          msg: "Input should be 'created_at' or 'updated_at'",
          input: 'name',
          ctx: { expected: "'created_at' or 'updated_at'" },
        },
        { type: 'string_too_long', loc: ['query', 'q'], msg: 'String should have at most 5 characters', input: 'toolong', ctx: { max_length: 5 } },
      ],
    });
  });

  test('a list default is not shared between requests', async () => {
    const expected = {
      isInstance: true,
      page: 1,
      described: 'created_at by 100',
      limit: 100,
      offset: 0,
      orderBy: 'created_at',
      tags: [],
      keys: ['limit', 'offset', 'orderBy', 'tags'],
    };
    for (let i = 0; i < 2; i++) {
      const res = await client.get('/filtered/');
      expect([res.status, res.json()]).toEqual([200, expected]);
    }
  });

  test('prototype-polluting keys pollute nothing', async () => {
    const res = await client.get('/filtered/?__proto__[x]=1&constructor[prototype][y]=1&__proto__.z=1');
    expect([200, 422]).toContain(res.status);
    expect(res.json()).toEqual({
      isInstance: true,
      page: 1,
      described: 'created_at by 100',
      limit: 100,
      offset: 0,
      orderBy: 'created_at',
      tags: [],
      keys: ['limit', 'offset', 'orderBy', 'tags'],
    });
    const probe = {} as any;
    expect(probe.x).toBeUndefined();
    expect(probe.y).toBeUndefined();
    expect(probe.z).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
    expect(Object.prototype).not.toHaveProperty('y');
  });

  test('a bare __proto__ key pollutes nothing either', async () => {
    const app = new App({ controllers: [ItemsController] });
    const other = new TestClient(app);
    const res = await other.get('/items/optional?__proto__=polluted&q=ok');
    expect([res.status, res.json()]).toEqual([200, { q: 'ok', seen: 'string' }]);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    await other.close();
  });
});

describe('errors from several sources', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [OrdersController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test('all fit: the handler gets every value', async () => {
    const res = await client.post('/orders/5', {
      query: { count: 2, note: 'ok' },
      headers: { 'x-token': 'secret' },
      cookies: { session: '9' },
      json: { name: 'pen' },
    });
    expect([res.status, res.json()]).toEqual([200, { orderId: 5, count: 2, note: 'ok', token: 'secret', session: 9, name: 'pen' }]);
  });

  test('path, query, header, cookie and body errors come in one 422 list, in that order', async () => {
    const res = await client.post('/orders/abc', {
      query: { note: 'too long' },
      cookies: { session: 'nine' },
      json: {},
    });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['path', 'orderId'], msg: INT_PARSING_MSG, input: 'abc' },
        { type: 'missing', loc: ['query', 'count'], msg: 'Field required', input: null },
        { type: 'string_too_long', loc: ['query', 'note'], msg: 'String should have at most 2 characters', input: 'too long', ctx: { max_length: 2 } },
        { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['cookie', 'session'], msg: INT_PARSING_MSG, input: 'nine' },
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} },
      ],
    });
  });

  test('a missing body is reported after the parameters', async () => {
    const res = await client.post('/orders/1', { query: { count: 'many', note: 'ok' }, headers: { 'x-token': 't' }, cookies: { session: '1' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'count'], msg: INT_PARSING_MSG, input: 'many' },
        { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
      ],
    });
  });
});
