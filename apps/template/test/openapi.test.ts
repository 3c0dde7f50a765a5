import 'reflect-metadata';
import { TestClient } from '@tsapi/testing';
import { createApp } from '../src/app';
import { openapiProblems } from '../../../packages/core/test/support/openapi-schema';

describe('the template documents itself', () => {
  const app = createApp();
  const client = new TestClient(app);
  afterAll(() => client.close());

  test('/openapi.json is a valid OpenAPI 3.1 document listing every route', async () => {
    const res = await client.get('/openapi.json');
    expect(res.status).toBe(200);
    const document = res.json() as { openapi: string; info: unknown; paths: Record<string, Record<string, { operationId: string }>> };
    expect(openapiProblems(document)).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({
      title: 'tsapi template',
      description: 'A starting point: items stored in memory, documented at /docs and /redoc.',
      version: '0.1.0',
    });
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
    expect(operations.sort()).toEqual([
      'GET / readRoot__get',
      'GET /items list_items_get',
      'GET /items/{itemId} read_items__itemId__get',
      'GET /users/me me_users_me_get',
      'POST /items create_items_post',
      'POST /token login_token_post',
    ]);
  });

  test('the list route documents the parameters of its Pagination dependency', async () => {
    const document = app.openapi() as unknown as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>> };
    expect(document.paths['/items'].get.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(['query skip', 'query limit', 'query q']);
  });
});
