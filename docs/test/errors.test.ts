import { TestClient } from '@tsapi/testing';
import { app } from '../examples/errors/http-exception';
import { app as handledApp } from '../examples/errors/exception-handlers';

const client = new TestClient(app, { raiseServerExceptions: false });
const handled = new TestClient(handledApp);
afterAll(async () => {
  await Promise.all([client.close(), handled.close()]);
});

describe('HTTPException', () => {
  test('a found item', async () => {
    const res = await client.get('/items/foo');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ item: 'The Foo Wrestlers' });
  });

  test('the exception is the response, with its headers', async () => {
    const res = await client.get('/items/bar');
    expect(res.status).toBe(404);
    expect(res.headers['x-error']).toBe('There goes my error');
    expect(res.json()).toEqual({ detail: 'Item not found' });
  });

  test('an uncaught error is a 500 that tells the client nothing', async () => {
    const res = await client.get('/items/foo/crash');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
  });

  test('unknown paths and methods', async () => {
    const missing = await client.get('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Not Found' });
    const wrongMethod = await client.post('/items/foo');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('GET, HEAD');
    expect(wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' });
  });

  test('TestClient rethrows server errors by default', async () => {
    const strict = new TestClient(app);
    await expect(strict.get('/items/foo/crash')).rejects.toThrow('the database is on fire while reading foo');
  });
});

describe('exception handlers', () => {
  test('a handler for an error class answers it', async () => {
    const res = await handled.get('/unicorns/yolo');
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ message: 'Oops! yolo did something at /unicorns/yolo.' });
  });

  test('a handler for RequestValidationError replaces the 422', async () => {
    const res = await handled.get('/items/foo');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('path.itemId: Input should be a valid integer, unable to parse string as an integer');
  });

  test('a handler for HTTPException answers every HTTPException', async () => {
    const res = await handled.get('/items/3');
    expect(res.status).toBe(418);
    expect(res.text).toBe("Nope! I don't like 3.");
    const missing = await handled.get('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('Not Found');
  });
});
