import { TestClient } from '@tsapi/testing';
import { app } from '../examples/request-bodies/items';
import { app as usersApp } from '../examples/request-bodies/response-model';

const client = new TestClient(app);
const usersClient = new TestClient(usersApp);
afterAll(async () => {
  await client.close();
  await usersClient.close();
});

describe('a body class', () => {
  test('the handler gets an instance: defaults filled, getters work', async () => {
    const res = await client.post('/items', { json: { name: 'Foo', price: 35.4, tax: 3.2 } });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({
      name: 'Foo',
      price: 35.4,
      priceWithTax: 38.6,
      tags: [],
      tax: 3.2,
    });
  });

  test('nested objects and lists are validated and kept', async () => {
    const res = await client.post('/items', {
      json: { name: 'Foo', price: '10', tags: ['a'], image: { url: 'http://x/y.png', name: 'y' }, extra: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({
      image: {
        name: 'y',
        url: 'http://x/y.png',
      },
      name: 'Foo',
      price: 10,
      priceWithTax: 10,
      tags: ['a'],
    });
  });

  test('every failing field is listed in one 422', async () => {
    const res = await client.post('/items', { json: { price: -1, tags: 'a', image: { url: 1 } } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: {
            image: {
              url: 1,
            },
            price: -1,
            tags: 'a',
          },
          loc: ['body', 'name'],
          msg: 'Field required',
          type: 'missing',
        },
        {
          ctx: {
            ge: 0,
          },
          input: -1,
          loc: ['body', 'price'],
          msg: 'Input should be greater than or equal to 0',
          type: 'greater_than_equal',
        },
        {
          input: 'a',
          loc: ['body', 'tags'],
          msg: 'Input should be a valid list',
          type: 'list_type',
        },
        {
          input: 1,
          loc: ['body', 'image', 'url'],
          msg: 'Input should be a valid string',
          type: 'string_type',
        },
        {
          input: {
            url: 1,
          },
          loc: ['body', 'image', 'name'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });

  test('malformed JSON is json_invalid', async () => {
    const res = await client.post('/items', { body: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          ctx: {
            error: 'Unexpected end of JSON input',
          },
          input: {},
          loc: ['body', 9],
          msg: 'JSON decode error',
          type: 'json_invalid',
        },
      ],
    });
  });
});

test('a JSON body without a JSON content type is not parsed', async () => {
  const res = await client.post('/items', {
    body: '{"name": "Foo", "price": 1}',
    headers: { 'content-type': 'text/plain' },
  });
  expect(res.status).toBe(422);
  expect(res.json()).toEqual({
    detail: [
      {
        input: '{"name": "Foo", "price": 1}',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        type: 'model_attributes_type',
      },
    ],
  });
});

describe('several body parameters', () => {
  test('the body holds one key per parameter', async () => {
    const res = await client.put('/items/5?q=x', { json: { item: { name: 'Foo', price: 1 }, importance: 5 } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      importance: 5,
      item: {
        name: 'Foo',
        price: 1,
        tags: [],
      },
      itemId: 5,
      q: 'x',
    });
  });

  test('errors are located under each key', async () => {
    const res = await client.put('/items/5', { json: { item: { price: 1 }, importance: 0 } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: {
            price: 1,
          },
          loc: ['body', 'item', 'name'],
          msg: 'Field required',
          type: 'missing',
        },
        {
          ctx: {
            gt: 0,
          },
          input: 0,
          loc: ['body', 'importance'],
          msg: 'Input should be greater than 0',
          type: 'greater_than',
        },
      ],
    });
  });
});

describe('response models', () => {
  test('fields outside the model never leave the server', async () => {
    const res = await usersClient.post('/users', {
      json: { username: 'alice', password: 'wonderland', email: 'alice@example.com' },
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({
      email: 'alice@example.com',
      fullName: null,
      username: 'alice',
    });
  });

  test('constraints without a JSON Schema form keep their class-validator name', async () => {
    const res = await usersClient.post('/users', { json: { username: 'alice', password: 'short', email: 'nope' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          ctx: {
            min_length: 8,
          },
          input: 'short',
          loc: ['body', 'password'],
          msg: 'String should have at least 8 characters',
          type: 'string_too_short',
        },
        {
          input: 'nope',
          loc: ['body', 'email'],
          msg: 'email must be an email',
          type: 'isEmail',
        },
      ],
    });
  });
});
