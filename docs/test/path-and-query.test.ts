import { TestClient } from '@tsapi/testing';
import { app } from '../examples/path-and-query/items';
import { app as modelApp } from '../examples/path-and-query/query-model';
import { app as headersApp } from '../examples/path-and-query/headers-cookies';

const client = new TestClient(app);
const modelClient = new TestClient(modelApp);
const headersClient = new TestClient(headersApp);
afterAll(async () => {
  await headersClient.close();
  await client.close();
  await modelClient.close();
});

describe('path parameters', () => {
  test('a path parameter is converted to its type', async () => {
    const res = await client.get('/items/3');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ itemId: 3 });
  });

  test('a value that is not an integer is a 422', async () => {
    const res = await client.get('/items/foo');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['path', 'itemId'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'foo',
        },
      ],
    });
  });

  test('constraints are checked', async () => {
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

  test('an enum path parameter accepts its values only', async () => {
    expect((await client.get('/models/alexnet')).json()).toEqual({
      modelName: 'alexnet',
      message: 'Deep Learning FTW!',
    });
    expect((await client.get('/models/lenet')).json()).toEqual({ modelName: 'lenet', message: 'Have some residuals' });
    const res = await client.get('/models/vgg');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'enum',
          loc: ['path', 'modelName'],
          msg: "Input should be 'alexnet', 'resnet' or 'lenet'",
          input: 'vgg',
          ctx: { expected: "'alexnet', 'resnet' or 'lenet'" },
        },
      ],
    });
  });

  test('{name:path} matches the rest of the path', async () => {
    const res = await client.get('/files/home/johndoe/myfile.txt');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ filePath: 'home/johndoe/myfile.txt' });
  });
});

describe('query parameters', () => {
  test('absent parameters take their defaults', async () => {
    const res = await client.get('/items');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ skip: 0, limit: 10, short: false, tags: [], q: null });
  });

  test('values are converted, lists repeat the name', async () => {
    const res = await client.get('/items?skip=20&short=yes&tag=a&tag=b&q=foo');
    expect(res.json()).toEqual({ skip: 20, limit: 10, short: true, tags: ['a', 'b'], q: 'foo' });
  });

  test('every failing parameter is listed in one 422', async () => {
    const res = await client.get('/items?skip=x&limit=500&short=maybe&q=ab');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['query', 'skip'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
        {
          type: 'less_than_equal',
          loc: ['query', 'limit'],
          msg: 'Input should be less than or equal to 100',
          input: '500',
          ctx: { le: 100 },
        },
        {
          type: 'bool_parsing',
          loc: ['query', 'short'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'maybe',
        },
        {
          type: 'string_too_short',
          loc: ['query', 'q'],
          msg: 'String should have at least 3 characters',
          input: 'ab',
          ctx: { min_length: 3 },
        },
      ],
    });
  });
});

describe('a class of query parameters', () => {
  test('defaults come from the property initializers', async () => {
    const res = await modelClient.get('/items');
    expect(res.json()).toEqual({ offset: 0, limit: 100, orderBy: 'created_at' });
  });

  test('each property is a query parameter', async () => {
    const res = await modelClient.get('/items', { query: { offset: '5', limit: '20', orderBy: 'updated_at', q: 'x' } });
    expect(res.json()).toEqual({ offset: 5, limit: 20, orderBy: 'updated_at', q: 'x' });
  });

  test('bad values are a 422', async () => {
    const res = await modelClient.get('/items', { query: { limit: '0', orderBy: 'name' } });
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
        {
          type: 'enum',
          loc: ['query', 'orderBy'],
          msg: "Input should be 'created_at' or 'updated_at'",
          input: 'name',
          ctx: { expected: "'created_at' or 'updated_at'" },
        },
      ],
    });
  });
});

describe('headers and cookies', () => {
  test('underscores in a header name read hyphens', async () => {
    const res = await headersClient.get('/client', {
      headers: { 'User-Agent': 'curl/8.0', 'X-Request-ID': 'r-1' },
      cookies: { session: 'abc' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ userAgent: 'curl/8.0', requestId: 'r-1', session: 'abc' });
  });

  test('a missing header is located at ["header", name]', async () => {
    const res = await headersClient.get('/client');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['header', 'x-request-id'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });
});
