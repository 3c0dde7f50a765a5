import 'reflect-metadata';
import { TestApp, bearer, signUp } from './support/app';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';
const ISO_DATE = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

/** An item as the API shows it: exactly these fields. */
function itemOut(id: number, fields: { name: string; price: number; description?: string | null; ownerId?: number }) {
  return {
    id,
    name: fields.name,
    price: fields.price,
    description: fields.description ?? null,
    ownerId: fields.ownerId ?? 1,
    imageUrl: null,
    createdAt: ISO_DATE,
    updatedAt: ISO_DATE,
  };
}

describe('items', () => {
  let t: TestApp;
  let alice: { headers: Record<string, string> };

  beforeEach(async () => {
    t = new TestApp();
    alice = bearer(await signUp(t.client, 'alice'));
  });

  afterEach(async () => {
    await t.close();
  });

  async function create(name: string, price = 1, auth = alice): Promise<number> {
    const res = await t.client.post('/items', { json: { name, price }, ...auth });
    expect(res.status).toBe(201);
    return (res.json() as { id: number }).id;
  }

  describe('POST /items', () => {
    test('creates an item owned by the caller: 201 with the public fields only', async () => {
      const res = await t.client.post('/items', {
        json: { name: 'Foo', price: 35.4, description: 'A very nice Item', ownerId: 99, imageFile: '../../etc/passwd' },
        ...alice,
      });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual(itemOut(1, { name: 'Foo', price: 35.4, description: 'A very nice Item' }));
      expect(res.text).not.toMatch(/image_?file|owner_id|password/i);
    });

    test('a numeric string is accepted for the price, as pydantic', async () => {
      const res = await t.client.post('/items', { json: { name: 'Baz', price: '2.5' }, ...alice });
      expect([res.status, res.json()]).toEqual([201, itemOut(1, { name: 'Baz', price: 2.5 })]);
    });

    test('missing and invalid fields are 422, each listed', async () => {
      let res = await t.client.post('/items', { json: { description: 'no name, no price' }, ...alice });
      expect([res.status, res.json()]).toEqual([
        422,
        {
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
        },
      ]);
      res = await t.client.post('/items', { json: { name: '', price: -1, description: 'x'.repeat(301) }, ...alice });
      expect([res.status, res.json()]).toEqual([
        422,
        {
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
          ],
        },
      ]);
    });

    test('without a token: 401, and nothing is stored', async () => {
      const res = await t.client.post('/items', { json: { name: 'Foo', price: 1 } });
      expect([res.status, res.json()]).toEqual([401, { detail: 'Not authenticated' }]);
      expect((await t.client.get('/items', alice)).json()).toEqual({ items: [], total: 0, skip: 0, limit: 10 });
    });
  });

  describe('GET /items', () => {
    test("pages through the caller's items, oldest first, with the total of all matches", async () => {
      for (let i = 1; i <= 12; i++) await create(`item ${i}`, i);
      let res = await t.client.get('/items', alice);
      expect(res.status).toBe(200);
      const page = res.json() as { items: { name: string }[]; total: number; skip: number; limit: number };
      expect({ ...page, items: page.items.map((item) => item.name) }).toEqual({
        items: Array.from({ length: 10 }, (_, i) => `item ${i + 1}`),
        total: 12,
        skip: 0,
        limit: 10,
      });
      res = await t.client.get('/items', { query: { skip: 10, limit: 5 }, ...alice });
      expect(res.json()).toEqual({
        items: [itemOut(11, { name: 'item 11', price: 11 }), itemOut(12, { name: 'item 12', price: 12 })],
        total: 12,
        skip: 10,
        limit: 5,
      });
      res = await t.client.get('/items', { query: { skip: 50 }, ...alice });
      expect(res.json()).toEqual({ items: [], total: 12, skip: 50, limit: 10 });
    });

    test('filters: q matches names case-insensitively, minPrice and maxPrice bound the price', async () => {
      await create('Hammer', 10);
      await create('Screwdriver', 5);
      await create('Sledgehammer', 30);
      await create('100%_pure', 1);
      const names = async (query: Record<string, string | number>) => {
        const res = await t.client.get('/items', { query, ...alice });
        expect(res.status).toBe(200);
        const body = res.json() as { items: { name: string }[]; total: number };
        return [body.total, body.items.map((item) => item.name)];
      };
      expect(await names({ q: 'HAMMER' })).toEqual([2, ['Hammer', 'Sledgehammer']]);
      expect(await names({ minPrice: 10 })).toEqual([2, ['Hammer', 'Sledgehammer']]);
      expect(await names({ maxPrice: '10' })).toEqual([3, ['Hammer', 'Screwdriver', '100%_pure']]);
      expect(await names({ q: 'hammer', maxPrice: 20 })).toEqual([1, ['Hammer']]);
      expect(await names({ q: '%' })).toEqual([1, ['100%_pure']]);
      expect(await names({ q: '_' })).toEqual([1, ['100%_pure']]);
      expect(await names({ q: 'nothing' })).toEqual([0, []]);
    });

    test("only the caller's items are listed", async () => {
      await create('mine');
      const bob = bearer(await signUp(t.client, 'bob'));
      await create('his', 1, bob);
      expect((await t.client.get('/items', alice)).json()).toEqual({
        items: [itemOut(1, { name: 'mine', price: 1 })],
        total: 1,
        skip: 0,
        limit: 10,
      });
      expect((await t.client.get('/items', bob)).json()).toEqual({
        items: [itemOut(2, { name: 'his', price: 1, ownerId: 2 })],
        total: 1,
        skip: 0,
        limit: 10,
      });
    });

    test('invalid pagination and filters are 422, all reported', async () => {
      const res = await t.client.get('/items', {
        query: { skip: -1, limit: 101, minPrice: 'cheap', q: 'q'.repeat(51) },
        ...alice,
      });
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
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 100',
            input: '101',
            ctx: { le: 100 },
          },
          {
            type: 'string_too_long',
            loc: ['query', 'q'],
            msg: 'String should have at most 50 characters',
            input: 'q'.repeat(51),
            ctx: { max_length: 50 },
          },
          {
            type: 'float_parsing',
            loc: ['query', 'minPrice'],
            msg: 'Input should be a valid number, unable to parse string as a number',
            input: 'cheap',
          },
        ],
      });
    });

    test('without a token: 401', async () => {
      const res = await t.client.get('/items');
      expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
        401,
        { detail: 'Not authenticated' },
        'Bearer',
      ]);
    });
  });

  describe('GET /items/{itemId}', () => {
    test("reads the caller's item", async () => {
      await create('Foo', 1.5);
      const res = await t.client.get('/items/1', alice);
      expect([res.status, res.json()]).toEqual([200, itemOut(1, { name: 'Foo', price: 1.5 })]);
    });

    test('an unknown id is 404, a non-integer id 422', async () => {
      expect([(await t.client.get('/items/7', alice)).status, (await t.client.get('/items/7', alice)).json()]).toEqual([
        404,
        { detail: 'Item not found' },
      ]);
      const res = await t.client.get('/items/abc', alice);
      expect([res.status, res.json()]).toEqual([
        422,
        { detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: 'abc' }] },
      ]);
    });

    test("another user's item is 403 for reading, updating and deleting, and stays as it was", async () => {
      await create('mine', 3);
      const bob = bearer(await signUp(t.client, 'bob'));
      const forbidden = { detail: 'Not enough permissions' };
      for (const res of [
        await t.client.get('/items/1', bob),
        await t.client.patch('/items/1', { json: { name: 'stolen' }, ...bob }),
        await t.client.delete('/items/1', bob),
      ]) {
        expect([res.status, res.json()]).toEqual([403, forbidden]);
      }
      expect((await t.client.get('/items/1', alice)).json()).toEqual(itemOut(1, { name: 'mine', price: 3 }));
    });
  });

  describe('PATCH /items/{itemId}', () => {
    test('changes only the fields sent, and the update time', async () => {
      const created = (
        await t.client.post('/items', { json: { name: 'Foo', price: 1, description: 'old' }, ...alice })
      ).json() as { createdAt: string };
      await new Promise((resolve) => setTimeout(resolve, 5));
      const res = await t.client.patch('/items/1', { json: { price: 2 }, ...alice });
      expect([res.status, res.json()]).toEqual([200, itemOut(1, { name: 'Foo', price: 2, description: 'old' })]);
      const updated = res.json() as { createdAt: string; updatedAt: string };
      expect(updated.createdAt).toBe(created.createdAt);
      expect(updated.updatedAt > updated.createdAt).toBe(true);
      expect((await t.client.get('/items/1', alice)).json()).toEqual(
        itemOut(1, { name: 'Foo', price: 2, description: 'old' }),
      );
    });

    test('"description": null clears the description; a null name or price is 422', async () => {
      await t.client.post('/items', { json: { name: 'Foo', price: 1, description: 'old' }, ...alice });
      let res = await t.client.patch('/items/1', { json: { description: null }, ...alice });
      expect([res.status, res.json()]).toEqual([200, itemOut(1, { name: 'Foo', price: 1 })]);
      res = await t.client.patch('/items/1', { json: { name: null, price: null }, ...alice });
      expect([res.status, res.json()]).toEqual([
        422,
        {
          detail: [
            { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: null },
            { type: 'float_type', loc: ['body', 'price'], msg: 'Input should be a valid number', input: null },
          ],
        },
      ]);
      res = await t.client.patch('/items/1', { json: { name: '', price: -5 }, ...alice });
      expect(res.status).toBe(422);
      expect((await t.client.get('/items/1', alice)).json()).toEqual(itemOut(1, { name: 'Foo', price: 1 }));
    });

    test('an unknown item is 404', async () => {
      const res = await t.client.patch('/items/3', { json: { name: 'x' }, ...alice });
      expect([res.status, res.json()]).toEqual([404, { detail: 'Item not found' }]);
    });
  });

  describe('DELETE /items/{itemId}', () => {
    test('deletes: 204 without a body, then 404', async () => {
      await create('Foo');
      const res = await t.client.delete('/items/1', alice);
      expect([res.status, res.text]).toEqual([204, '']);
      expect((await t.client.get('/items/1', alice)).status).toBe(404);
      expect((await t.client.delete('/items/1', alice)).status).toBe(404);
      expect((await t.client.get('/items', alice)).json()).toEqual({ items: [], total: 0, skip: 0, limit: 10 });
    });
  });

  test('each app has its own database', async () => {
    await create('only in the first app');
    const other = new TestApp();
    try {
      const token = await signUp(other.client, 'alice');
      expect((await other.client.get('/items', bearer(token))).json()).toEqual({
        items: [],
        total: 0,
        skip: 0,
        limit: 10,
      });
    } finally {
      await other.close();
    }
  });
});
