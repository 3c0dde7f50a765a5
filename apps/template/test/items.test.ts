import 'reflect-metadata';
import { TestClient } from '@tsapi/testing';
import { createApp } from '../src/app';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

describe('items', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(createApp());
  });

  afterEach(async () => {
    await client.close();
  });

  async function createItems(...names: string[]): Promise<void> {
    for (const name of names) {
      const res = await client.post('/items', { json: { name, price: 1 } });
      expect(res.status).toBe(201);
    }
  }

  describe('POST /items', () => {
    test('creates an item: 201 with the response model, unknown and internal fields left out', async () => {
      const res = await client.post('/items', {
        json: { name: 'Foo', price: 35.4, description: 'A very nice Item', tags: ['new'], owner: 'someone' },
      });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ id: 1, name: 'Foo', price: 35.4, description: 'A very nice Item', tags: ['new'] });
    });

    test('optional fields: description is null and tags its default when not sent', async () => {
      const res = await client.post('/items', { json: { name: 'Bar', price: 2 } });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ id: 1, name: 'Bar', price: 2, description: null, tags: [] });
    });

    test('a numeric string is accepted for a number field, as pydantic', async () => {
      const res = await client.post('/items', { json: { name: 'Baz', price: '2.5' } });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ id: 1, name: 'Baz', price: 2.5, description: null, tags: [] });
    });

    test('ids count up across requests', async () => {
      await createItems('a', 'b');
      const res = await client.post('/items', { json: { name: 'c', price: 3 } });
      expect(res.json()).toEqual({ id: 3, name: 'c', price: 3, description: null, tags: [] });
    });

    test('missing required fields are 422, each one listed', async () => {
      const res = await client.post('/items', { json: { description: 'no name, no price' } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'missing',
            loc: ['body', 'name'],
            msg: 'Field required',
            input: { description: 'no name, no price' },
          },
          {
            type: 'missing',
            loc: ['body', 'price'],
            msg: 'Field required',
            input: { description: 'no name, no price' },
          },
        ],
      });
    });

    test('constraint violations are 422 in field order', async () => {
      const res = await client.post('/items', {
        json: { name: '', price: -1, description: 'x'.repeat(301), tags: ['ok', 7] },
      });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
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
          {
            type: 'string_too_long',
            loc: ['body', 'description'],
            msg: 'String should have at most 300 characters',
            input: 'x'.repeat(301),
            ctx: { max_length: 300 },
          },
          { type: 'string_type', loc: ['body', 'tags', 1], msg: 'Input should be a valid string', input: 7 },
        ],
      });
    });

    test('values of the wrong type are 422', async () => {
      const res = await client.post('/items', { json: { name: 5, price: 'cheap', tags: 'new' } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 5 },
          {
            type: 'float_parsing',
            loc: ['body', 'price'],
            msg: 'Input should be a valid number, unable to parse string as a number',
            input: 'cheap',
          },
          { type: 'list_type', loc: ['body', 'tags'], msg: 'Input should be a valid list', input: 'new' },
        ],
      });
    });

    test('no body is 422 missing', async () => {
      const res = await client.post('/items');
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    });

    test('a body that is not an object is 422', async () => {
      const res = await client.post('/items', { json: ['Foo', 1] });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input: ['Foo', 1],
          },
        ],
      });
    });

    test('malformed JSON is 422 json_invalid', async () => {
      const res = await client.post('/items', {
        body: '{"name": "Foo",',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'json_invalid',
            loc: ['body', 15],
            msg: 'JSON decode error',
            input: {},
            ctx: { error: 'Expected double-quoted property name in JSON at position 15' },
          },
        ],
      });
    });

    test('JSON sent as text/plain is not parsed: 422', async () => {
      const text = '{"name":"Foo","price":1}';
      const res = await client.post('/items', { body: text, headers: { 'content-type': 'text/plain' } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input: text,
          },
        ],
      });
      expect((await client.get('/items')).json()).toEqual([]);
    });
  });

  describe('GET /items/{itemId}', () => {
    test('reads a stored item through the response model', async () => {
      await client.post('/items', { json: { name: 'Foo', price: 1.5, tags: ['a', 'b'] } });
      const res = await client.get('/items/1');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ id: 1, name: 'Foo', price: 1.5, description: null, tags: ['a', 'b'] });
    });

    test('an unknown id is 404 from HTTPException', async () => {
      await createItems('Foo');
      const res = await client.get('/items/2');
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({ detail: 'Item not found' });
    });

    test('an id that is not an integer is 422', async () => {
      for (const id of ['foo', '1.5']) {
        const res = await client.get(`/items/${id}`);
        expect(res.status).toBe(422);
        expect(res.json()).toEqual({
          detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: id }],
        });
      }
    });

    test('an id below 1 is 422', async () => {
      const res = await client.get('/items/0');
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
        ],
      });
    });
  });

  describe('GET /items', () => {
    const item = (id: number, name: string) => ({ id, name, price: 1, description: null, tags: [] });

    test('an empty store lists nothing', async () => {
      const res = await client.get('/items');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual([]);
    });

    test('skip defaults to 0 and limit to 10', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `item ${i + 1}`);
      await createItems(...names);
      const res = await client.get('/items');
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(names.slice(0, 10).map((name, i) => item(i + 1, name)));
    });

    test('skip and limit page through the items', async () => {
      await createItems('a', 'b', 'c', 'd');
      const res = await client.get('/items', { query: { skip: 1, limit: 2 } });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual([item(2, 'b'), item(3, 'c')]);
    });

    test('q filters by name, case-insensitively', async () => {
      await createItems('Hammer', 'Screwdriver', 'Sledgehammer');
      const res = await client.get('/items', { query: { q: 'HAMMER' } });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual([item(1, 'Hammer'), item(3, 'Sledgehammer')]);
    });

    test('invalid skip and limit are 422, both reported', async () => {
      const res = await client.get('/items', { query: { skip: -1, limit: 'ten' } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'greater_than_equal',
            loc: ['query', 'skip'],
            msg: 'Input should be greater than or equal to 0',
            input: '-1',
            ctx: { ge: 0 },
          },
          { type: 'int_parsing', loc: ['query', 'limit'], msg: INT_PARSING_MSG, input: 'ten' },
        ],
      });
    });

    test('limit must be from 1 to 100', async () => {
      let res = await client.get('/items', { query: { limit: 0 } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'greater_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be greater than or equal to 1',
            input: '0',
            ctx: { ge: 1 },
          },
        ],
      });
      res = await client.get('/items', { query: { limit: 101 } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 100',
            input: '101',
            ctx: { le: 100 },
          },
        ],
      });
      res = await client.get('/items', { query: { limit: 100 } });
      expect(res.status).toBe(200);
    });

    test('/items/ redirects to /items, keeping the query string', async () => {
      await createItems('a', 'b');
      const direct = new TestClient(createApp(), { followRedirects: false });
      const redirect = await direct.get('/items/', { query: { limit: 1 } });
      await direct.close();
      expect(redirect.status).toBe(307);
      expect(redirect.headers.location).toBe('/items?limit=1');
      const followed = await client.get('/items/', { query: { limit: 1 } });
      expect(followed.status).toBe(200);
      expect(followed.json()).toEqual([item(1, 'a')]);
    });

    test('q longer than 50 characters is 422', async () => {
      const q = 'q'.repeat(51);
      const res = await client.get('/items', { query: { q } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'string_too_long',
            loc: ['query', 'q'],
            msg: 'String should have at most 50 characters',
            input: q,
            ctx: { max_length: 50 },
          },
        ],
      });
    });
  });

  test('each app has its own store', async () => {
    await createItems('only in the first app');
    const other = new TestClient(createApp());
    const res = await other.get('/items');
    await other.close();
    expect(res.json()).toEqual([]);
    expect((await client.get('/items')).json()).toEqual([
      { id: 1, name: 'only in the first app', price: 1, description: null, tags: [] },
    ]);
  });
});
