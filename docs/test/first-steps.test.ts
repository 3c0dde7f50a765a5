import { TestClient } from '@tsapi/testing';
import { app } from '../examples/first-steps/main';

describe('first steps', () => {
  const client = new TestClient(app);
  afterAll(() => client.close());

  test('GET / answers the returned object as JSON', async () => {
    const res = await client.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ message: 'Hello World' });
  });

  test('the app documents itself at /openapi.json', async () => {
    const res = await client.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      openapi: '3.1.0',
      info: { title: 'My API', version: '1.0.0' },
      paths: {
        '/': {
          get: {
            summary: 'Read Root',
            operationId: 'readRoot__get',
            responses: {
              200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
            },
          },
        },
      },
    });
  });

  test('Swagger UI and ReDoc are served', async () => {
    expect((await client.get('/docs')).status).toBe(200);
    expect((await client.get('/redoc')).status).toBe(200);
  });
});
