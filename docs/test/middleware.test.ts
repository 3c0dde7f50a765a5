import { TestClient } from '@tsapi/testing';
import { app } from '../examples/middleware/process-time';
import { app as corsApp } from '../examples/middleware/cors';
import { app as limitedApp } from '../examples/middleware/rate-limit';

const client = new TestClient(app);
const cors = new TestClient(corsApp);
const limited = new TestClient(limitedApp);
afterAll(async () => {
  await Promise.all([client.close(), cors.close(), limited.close()]);
});

describe('middleware', () => {
  test('a middleware can change the response', async () => {
    const res = await client.get('/items');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ name: 'Foo' }]);
    expect(res.headers['x-process-time']).toMatch(/^\d+(\.\d+)?(e-\d+)?$/);
  });

  test('it wraps 404s too', async () => {
    const res = await client.get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
    expect(res.headers['x-process-time']).toBeDefined();
  });

  test('a middleware can answer without calling the route; outer ones still wrap it', async () => {
    const res = await client.get('/items', { headers: { 'x-maintenance': 'on' } });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('120');
    expect(res.headers['x-process-time']).toBeDefined();
    expect(res.json()).toEqual({ detail: 'Down for maintenance' });
  });
});

describe('CORS', () => {
  test('an allowed origin gets its origin back', async () => {
    const res = await cors.get('/items', { headers: { origin: 'https://app.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['vary']).toContain('Origin');
  });

  test('a preflight lists the allowed methods and headers', async () => {
    const res = await cors.options('/items', {
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(res.headers['access-control-allow-headers']).toBe('authorization, content-type');
  });

  test('another origin gets no CORS headers', async () => {
    const res = await cors.get('/items', { headers: { origin: 'https://evil.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limits', () => {
  test('a route limit answers 429 past its max', async () => {
    const first = await limited.post('/login');
    expect(first.status).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    expect((await limited.post('/login')).status).toBe(200);
    const res = await limited.post('/login');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.headers['x-ratelimit-limit']).toBe('2');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.json()).toEqual({ detail: 'Rate limit exceeded: 2 per 1 minute' });
  });

  test('other routes count against the app limit', async () => {
    const res = await limited.get('/items');
    expect(res.status).toBe(200);
    expect(res.headers['x-ratelimit-limit']).toBe('100');
    expect(res.headers['x-ratelimit-remaining']).toBe('99');
  });
});
