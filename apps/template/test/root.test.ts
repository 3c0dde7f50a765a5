import 'reflect-metadata';
import type { TestClient } from '@tsapi/testing';
import { TestApp } from './support/app';

describe('root', () => {
  let t: TestApp;
  let client: TestClient;

  beforeEach(() => {
    t = new TestApp();
    client = t.client;
  });

  afterEach(async () => {
    await t.close();
  });

  test('GET / answers Hello World', async () => {
    const res = await client.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ Hello: 'World' });
  });

  test('another method on / is 405 with Allow', async () => {
    const res = await client.post('/');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' });
  });

  test('an unknown path is 404', async () => {
    const res = await client.get('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });
});
