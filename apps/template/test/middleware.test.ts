import 'reflect-metadata';
import { TestApp } from './support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('middleware', () => {
  let t: TestApp;

  beforeEach(() => {
    t = new TestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  test('each response carries a new request id, and the process time in seconds', async () => {
    const [a, b] = [await t.client.get('/'), await t.client.get('/')];
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    expect(a.headers['x-process-time']).toMatch(/^\d+\.\d{6}$/);
    expect(Number(a.headers['x-process-time'])).toBeLessThan(5);
  });

  test('a sane incoming X-Request-ID is kept', async () => {
    const res = await t.client.get('/', { headers: { 'x-request-id': 'lb-7f3a.42:1_a' } });
    expect(res.headers['x-request-id']).toBe('lb-7f3a.42:1_a');
  });

  test('an insane one (too long, spaces, control characters) is replaced', async () => {
    for (const incoming of ['x'.repeat(129), 'two words', 'a\tb', '']) {
      const res = await t.client.get('/', { headers: { 'x-request-id': incoming } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  test('errors carry both headers too: 404, 422 and 401', async () => {
    for (const res of [
      await t.client.get('/nowhere'),
      await t.client.post('/users', { json: {} }),
      await t.client.get('/users/me'),
    ]) {
      expect([res.status, res.headers['x-request-id'], res.headers['x-process-time']]).toEqual([
        expect.any(Number),
        expect.stringMatching(UUID),
        expect.stringMatching(/^\d+\.\d{6}$/),
      ]);
    }
  });
});

describe('CORS_ORIGINS', () => {
  test('listed origins may call the API from a browser; others get no CORS headers', async () => {
    const t = new TestApp({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' });
    try {
      const preflight = (origin: string) =>
        t.client.options('/items', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      const allowed = await preflight('http://localhost:5173');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(allowed.headers['access-control-allow-methods']).toContain('POST');
      expect(allowed.headers['access-control-allow-headers']).toBe('authorization,content-type');
      const refused = await preflight('https://evil.example.com');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await t.client.get('/', { headers: { origin: 'https://app.example.com' } });
      expect(simple.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(simple.headers['access-control-expose-headers']).toBe('x-request-id, x-process-time');
    } finally {
      await t.close();
    }
  });

  test('without it, no origin is allowed', async () => {
    const t = new TestApp();
    try {
      const res = await t.client.get('/', { headers: { origin: 'https://app.example.com' } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
