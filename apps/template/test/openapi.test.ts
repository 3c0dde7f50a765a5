import 'reflect-metadata';
import { openapiProblems } from '../../../packages/core/test/support/openapi-schema';
import { TestApp } from './support/app';

type Operation = {
  operationId: string;
  security?: unknown;
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, unknown> };
  parameters?: { name: string; in: string }[];
};
type Document = {
  openapi: string;
  info: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes?: Record<string, unknown>;
    schemas: Record<string, { properties?: Record<string, unknown> }>;
  };
};

describe('the template documents itself', () => {
  const t = new TestApp();
  let document: Document;

  beforeAll(async () => {
    const res = await t.client.get('/openapi.json');
    expect(res.status).toBe(200);
    document = res.json() as Document;
  });

  afterAll(() => t.close());

  test('/openapi.json is a valid OpenAPI 3.1 document listing every HTTP route', () => {
    expect(openapiProblems(document)).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({
      title: 'tsapi template',
      description:
        'A starting point: users, their items with images, live updates and an audit log, in SQL through Kysely.',
      version: '0.1.0',
    });
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(operations.sort()).toEqual([
      'DELETE /items/{itemId} remove_items__itemId__delete',
      'GET / readRoot__get',
      'GET /audit list_audit_get',
      'GET /health health_health_get',
      'GET /items list_items_get',
      'GET /items/{itemId} read_items__itemId__get',
      'GET /items/{itemId}/image download_items__itemId__image_get',
      'GET /ready ready_ready_get',
      'GET /users/me me_users_me_get',
      'PATCH /items/{itemId} update_items__itemId__patch',
      'POST /items create_items_post',
      'POST /token login_token_post',
      'POST /users register_users_post',
      'PUT /items/{itemId}/image upload_items__itemId__image_put',
    ]);
  });

  test('the list route documents its pagination and filters', () => {
    expect(document.paths['/items'].get.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual([
      'query q',
      'query minPrice',
      'query maxPrice',
      'query skip',
      'query limit',
    ]);
  });

  test('the password flow is the one security scheme; item and audit routes require it, registration and /token do not', () => {
    expect(document.components.securitySchemes).toEqual({
      OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: 'token' } } },
    });
    const secured = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.security)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(secured.sort()).toEqual([
      'DELETE /items/{itemId}',
      'GET /audit',
      'GET /items',
      'GET /items/{itemId}',
      'GET /items/{itemId}/image',
      'GET /users/me',
      'PATCH /items/{itemId}',
      'POST /items',
      'PUT /items/{itemId}/image',
    ]);
    expect(Object.keys(document.paths['/token'].post.requestBody?.content ?? {})).toEqual([
      'application/x-www-form-urlencoded',
    ]);
    expect(Object.keys(document.paths['/items/{itemId}/image'].put.requestBody?.content ?? {})).toEqual([
      'multipart/form-data',
    ]);
  });

  test('response schemas list public fields only: no password hash, no stored file name, no owner internals', () => {
    const fields = (name: string) => Object.keys(document.components.schemas[name].properties ?? {}).sort();
    expect(fields('UserOut')).toEqual(['disabled', 'email', 'fullName', 'id', 'username']);
    expect(fields('ItemOut')).toEqual([
      'createdAt',
      'description',
      'id',
      'imageUrl',
      'name',
      'ownerId',
      'price',
      'updatedAt',
    ]);
    expect(fields('ItemPage')).toEqual(['items', 'limit', 'skip', 'total']);
    expect(fields('AuditOut')).toEqual(['action', 'at', 'id', 'itemId']);
  });

  test('item routes document their 403 and 404; the upload its 413 and 415', () => {
    expect(Object.keys(document.paths['/items/{itemId}'].get.responses).sort()).toEqual(['200', '403', '404', '422']);
    expect(Object.keys(document.paths['/items/{itemId}/image'].put.responses).sort()).toEqual([
      '200',
      '403',
      '404',
      '413',
      '415',
      '422',
    ]);
    expect(Object.keys(document.paths['/users'].post.responses).sort()).toEqual(['201', '409', '422']);
  });
});
