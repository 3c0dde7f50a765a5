import { TestClient } from '@tsapi/testing';
import { app } from '../examples/routers/routers';
import { app as mainApp } from '../examples/routers/mount';

const client = new TestClient(app);
const main = new TestClient(mainApp);
afterAll(async () => {
  await Promise.all([client.close(), main.close()]);
});

describe('routers', () => {
  test('prefixes join outer to inner', async () => {
    expect((await client.get('/api/v1/items')).json()).toEqual([{ name: 'Plumbus' }, { name: 'Portal Gun' }]);
    expect((await client.get('/api/v1/items/portal-gun')).json()).toEqual({ itemId: 'portal-gun' });
    expect((await client.get('/api/v1/users')).json()).toEqual([{ username: 'Rick' }, { username: 'Morty' }]);
  });

  test('include() adds a controller again, with its own prefix, tags and dependencies', async () => {
    const refused = await client.get('/admin/users', { headers: { 'x-admin-token': 'nope' } });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({ detail: 'Forbidden' });
    const res = await client.get('/admin/users', { headers: { 'x-admin-token': 'admin-secret' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([{ username: 'Rick' }, { username: 'Morty' }]);
  });

  test('tags accumulate in the document', async () => {
    const doc = (await client.get('/openapi.json')).json<any>();
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/items',
      '/api/v1/items/{itemId}',
      '/api/v1/users',
      '/admin/users',
    ]);
    expect(doc.paths['/api/v1/users'].get.tags).toEqual(['users']);
    expect(doc.paths['/admin/users'].get.tags).toEqual(['admin', 'users']);
  });
});

describe('mounted apps', () => {
  test('each app serves its own routes', async () => {
    expect((await main.get('/app')).json()).toEqual({ message: 'Hello World from main app' });
    expect((await main.get('/subapi/sub')).json()).toEqual({ message: 'Hello World from sub API' });
    expect((await main.get('/legacy/ping')).json()).toEqual({ pong: true });
  });

  test('each app documents itself', async () => {
    const parent = (await main.get('/openapi.json')).json<any>();
    expect(Object.keys(parent.paths)).toEqual(['/app']);
    const sub = (await main.get('/subapi/openapi.json')).json<any>();
    expect(sub.info).toEqual({ title: 'Sub API', version: '0.1.0' });
    expect(sub.servers).toEqual([{ url: '/subapi' }]);
    expect(Object.keys(sub.paths)).toEqual(['/sub']);
    expect((await main.get('/subapi/docs')).status).toBe(200);
  });
});
