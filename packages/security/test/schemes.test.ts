import 'reflect-metadata';
import {
  App,
  Controller,
  Depends,
  Get,
  HTTPException,
  Post,
  Query,
  Security,
  SecurityScopes,
  dependency,
  type DependencyObject,
} from '@tsapi/core';
import {
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  HTTPBasic,
  HTTPBearer,
  HTTPDigest,
  OAuth2AuthorizationCodeBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  OAuth2PasswordRequestFormStrict,
  OpenIdConnect,
} from '@tsapi/security';
import { TestClient, type TestResponse } from '@tsapi/testing';
import { openapiProblems } from '../../core/test/support/openapi-schema';

// FastAPI's boilerplate, as its current release writes it.
const SUCCESS_ANY = { description: 'Successful Response', content: { 'application/json': { schema: {} } } };
const VALIDATION_ERROR_RESPONSE = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
};
const VALIDATION_SCHEMAS = {
  HTTPValidationError: {
    title: 'HTTPValidationError',
    type: 'object',
    properties: { detail: { title: 'Detail', type: 'array', items: { $ref: '#/components/schemas/ValidationError' } } },
  },
  ValidationError: {
    title: 'ValidationError',
    type: 'object',
    properties: {
      loc: { title: 'Location', type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      msg: { title: 'Message', type: 'string' },
      type: { title: 'Error Type', type: 'string' },
      input: { title: 'Input' },
      ctx: { title: 'Context', type: 'object' },
    },
    required: ['loc', 'msg', 'type'],
  },
};
const INFO = { title: 'FastAPI', version: '0.1.0' };

const NOT_AUTHENTICATED = { detail: 'Not authenticated' };
const INVALID_CREDENTIALS = { detail: 'Invalid authentication credentials' };

const clients: TestClient[] = [];
/** Every document this file makes; each must be a valid OpenAPI 3.1 document. */
const documents: unknown[] = [];

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

afterEach(async () => {
  const produced = documents.splice(0);
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const document of produced) expect(openapiProblems(document)).toEqual([]);
});

/** `GET /users/me` answering `{ value }`: what the scheme gave, `null` when it gave nothing. */
function meApp(scheme: DependencyObject): App {
  @Controller()
  class UsersController {
    @Get('/users/me')
    readCurrentUser(@Security(scheme) value: unknown) {
      return { value: value ?? null };
    }
  }
  return new App({ ...INFO, controllers: [UsersController] });
}

function meClient(scheme: DependencyObject): TestClient {
  return clientFor(meApp(scheme));
}

function basicAuth(userPass: string): string {
  return `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
}

/** The whole of a 401: status, body and challenge. */
function expectUnauthorized(res: TestResponse, body: object, challenge: string): void {
  expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([401, body, challenge]);
}

function expectValue(res: TestResponse, value: unknown): void {
  expect([res.status, res.json()]).toEqual([200, { value }]);
}

/** The document from `app.openapi()` and from `GET /openapi.json` both equal `expected`. */
async function expectDocument(app: App, expected: object): Promise<void> {
  const document = app.openapi();
  documents.push(document);
  expect(document).toEqual(expected);
  const res = await clientFor(app).get('/openapi.json');
  expect(res.status).toBe(200);
  documents.push(res.json());
  expect(res.json()).toEqual(expected);
}

describe('HTTPBearer', () => {
  test('credentials present: the scheme as sent and the credentials', async () => {
    const res = await meClient(new HTTPBearer()).get('/users/me', { headers: { authorization: 'Bearer foobar' } });
    expectValue(res, { scheme: 'Bearer', credentials: 'foobar' });
  });

  test('missing Authorization header: 401 with WWW-Authenticate Bearer', async () => {
    expectUnauthorized(await meClient(new HTTPBearer()).get('/users/me'), NOT_AUTHENTICATED, 'Bearer');
  });

  test('another scheme: 401 with WWW-Authenticate Bearer', async () => {
    const res = await meClient(new HTTPBearer()).get('/users/me', { headers: { authorization: 'Basic notreally' } });
    expectUnauthorized(res, NOT_AUTHENTICATED, 'Bearer');
  });

  test('the scheme without credentials: 401', async () => {
    const client = meClient(new HTTPBearer());
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Bearer ' } }),
      NOT_AUTHENTICATED,
      'Bearer',
    );
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Bearer' } }),
      NOT_AUTHENTICATED,
      'Bearer',
    );
  });

  test('autoError false: credentials present are given', async () => {
    const res = await meClient(new HTTPBearer({ autoError: false })).get('/users/me', {
      headers: { authorization: 'Bearer foobar' },
    });
    expectValue(res, { scheme: 'Bearer', credentials: 'foobar' });
  });

  test('autoError false: missing, another scheme or empty credentials give null', async () => {
    const client = meClient(new HTTPBearer({ autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Basic notreally' } }), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Bearer ' } }), null);
  });
});

describe('HTTPBasic', () => {
  test('credentials present: username and password', async () => {
    const res = await meClient(new HTTPBasic()).get('/users/me', {
      headers: { authorization: basicAuth('john:secret') },
    });
    expectValue(res, { username: 'john', password: 'secret' });
  });

  test('missing Authorization header: 401 with WWW-Authenticate Basic', async () => {
    expectUnauthorized(await meClient(new HTTPBasic()).get('/users/me'), NOT_AUTHENTICATED, 'Basic');
  });

  test('with a realm: the challenge names it', async () => {
    expectUnauthorized(
      await meClient(new HTTPBasic({ realm: 'simple' })).get('/users/me'),
      NOT_AUTHENTICATED,
      'Basic realm="simple"',
    );
  });

  test('another scheme: 401 Not authenticated', async () => {
    const res = await meClient(new HTTPBasic()).get('/users/me', { headers: { authorization: 'Bearer foobar' } });
    expectUnauthorized(res, NOT_AUTHENTICATED, 'Basic');
  });

  test('credentials that are not base64: 401 Invalid authentication credentials', async () => {
    const client = meClient(new HTTPBasic({ realm: 'simple' }));
    const res = await client.get('/users/me', { headers: { authorization: 'Basic notabase64token' } });
    expectUnauthorized(res, INVALID_CREDENTIALS, 'Basic realm="simple"');
  });

  test('decoded credentials without a colon: 401 Invalid authentication credentials', async () => {
    const res = await meClient(new HTTPBasic()).get('/users/me', {
      headers: { authorization: basicAuth('johnsecret') },
    });
    expectUnauthorized(res, INVALID_CREDENTIALS, 'Basic');
  });

  test('the scheme without credentials: 401 Invalid authentication credentials', async () => {
    const res = await meClient(new HTTPBasic()).get('/users/me', { headers: { authorization: 'Basic ' } });
    expectUnauthorized(res, INVALID_CREDENTIALS, 'Basic');
  });

  test('a password containing colons: the username ends at the first one', async () => {
    const res = await meClient(new HTTPBasic()).get('/users/me', {
      headers: { authorization: basicAuth('john:se:cr:et') },
    });
    expectValue(res, { username: 'john', password: 'se:cr:et' });
  });

  test('autoError false: missing or another scheme give null, credentials are given', async () => {
    const client = meClient(new HTTPBasic({ autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Bearer foobar' } }), null);
    expectValue(await client.get('/users/me', { headers: { authorization: basicAuth('john:secret') } }), {
      username: 'john',
      password: 'secret',
    });
  });

  test('autoError false: bad base64 and a missing colon are still 401', async () => {
    const client = meClient(new HTTPBasic({ autoError: false }));
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Basic notabase64token' } }),
      INVALID_CREDENTIALS,
      'Basic',
    );
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: basicAuth('johnsecret') } }),
      INVALID_CREDENTIALS,
      'Basic',
    );
  });
});

describe('HTTPDigest', () => {
  test('credentials present: the scheme as sent and the credentials, unchecked', async () => {
    const res = await meClient(new HTTPDigest()).get('/users/me', { headers: { authorization: 'Digest foobar' } });
    expectValue(res, { scheme: 'Digest', credentials: 'foobar' });
  });

  test('missing Authorization header: 401 with WWW-Authenticate Digest', async () => {
    expectUnauthorized(await meClient(new HTTPDigest()).get('/users/me'), NOT_AUTHENTICATED, 'Digest');
  });

  test('another scheme or empty credentials: 401 with WWW-Authenticate Digest', async () => {
    const client = meClient(new HTTPDigest());
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Other invalidauthorization' } }),
      NOT_AUTHENTICATED,
      'Digest',
    );
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Digest ' } }),
      NOT_AUTHENTICATED,
      'Digest',
    );
  });

  test('autoError false: missing or another scheme give null, credentials are given', async () => {
    const client = meClient(new HTTPDigest({ autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Other invalidauthorization' } }), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Digest foobar' } }), {
      scheme: 'Digest',
      credentials: 'foobar',
    });
  });
});

describe('APIKeyHeader', () => {
  test('key present: the key', async () => {
    const res = await meClient(new APIKeyHeader({ name: 'key' })).get('/users/me', { headers: { key: 'secret' } });
    expectValue(res, 'secret');
  });

  test('missing header: 401 with WWW-Authenticate APIKey', async () => {
    expectUnauthorized(await meClient(new APIKeyHeader({ name: 'key' })).get('/users/me'), NOT_AUTHENTICATED, 'APIKey');
  });

  test('empty header: 401', async () => {
    const res = await meClient(new APIKeyHeader({ name: 'key' })).get('/users/me', { headers: { key: '' } });
    expectUnauthorized(res, NOT_AUTHENTICATED, 'APIKey');
  });

  test('autoError false: missing gives null, present gives the key', async () => {
    const client = meClient(new APIKeyHeader({ name: 'key', autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { key: 'secret' } }), 'secret');
  });
});

describe('APIKeyQuery', () => {
  test('key present: the key', async () => {
    expectValue(
      await meClient(new APIKeyQuery({ name: 'key' })).get('/users/me', { query: { key: 'secret' } }),
      'secret',
    );
  });

  test('missing query parameter: 401 with WWW-Authenticate APIKey', async () => {
    expectUnauthorized(await meClient(new APIKeyQuery({ name: 'key' })).get('/users/me'), NOT_AUTHENTICATED, 'APIKey');
  });

  test('empty query parameter: 401', async () => {
    expectUnauthorized(
      await meClient(new APIKeyQuery({ name: 'key' })).get('/users/me?key='),
      NOT_AUTHENTICATED,
      'APIKey',
    );
  });

  test('autoError false: missing gives null, present gives the key', async () => {
    const client = meClient(new APIKeyQuery({ name: 'key', autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { query: { key: 'secret' } }), 'secret');
  });
});

describe('APIKeyCookie', () => {
  test('key present: the key', async () => {
    expectValue(
      await meClient(new APIKeyCookie({ name: 'key' })).get('/users/me', { cookies: { key: 'secret' } }),
      'secret',
    );
  });

  test('missing cookie: 401 with WWW-Authenticate APIKey', async () => {
    expectUnauthorized(await meClient(new APIKeyCookie({ name: 'key' })).get('/users/me'), NOT_AUTHENTICATED, 'APIKey');
  });

  test('empty cookie: 401', async () => {
    const res = await meClient(new APIKeyCookie({ name: 'key' })).get('/users/me', { cookies: { key: '' } });
    expectUnauthorized(res, NOT_AUTHENTICATED, 'APIKey');
  });

  test('autoError false: missing gives null, present gives the key', async () => {
    const client = meClient(new APIKeyCookie({ name: 'key', autoError: false }));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { cookies: { key: 'secret' } }), 'secret');
  });
});

describe('OAuth2PasswordBearer', () => {
  const scheme = (autoError?: boolean) => new OAuth2PasswordBearer({ tokenUrl: '/token', autoError });

  test('bearer token: the token', async () => {
    expectValue(
      await meClient(scheme()).get('/users/me', { headers: { authorization: 'Bearer footokenbar' } }),
      'footokenbar',
    );
  });

  test('missing Authorization header: 401 with WWW-Authenticate Bearer', async () => {
    expectUnauthorized(await meClient(scheme()).get('/users/me'), NOT_AUTHENTICATED, 'Bearer');
  });

  test('another scheme: 401 with WWW-Authenticate Bearer', async () => {
    const res = await meClient(scheme()).get('/users/me', { headers: { authorization: 'Other footokenbar' } });
    expectUnauthorized(res, NOT_AUTHENTICATED, 'Bearer');
  });

  test('autoError false: missing or another scheme give null, a token is given', async () => {
    const client = meClient(scheme(false));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Other footokenbar' } }), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Bearer footokenbar' } }), 'footokenbar');
  });
});

describe('OAuth2AuthorizationCodeBearer', () => {
  const scheme = (autoError?: boolean) =>
    new OAuth2AuthorizationCodeBearer({ authorizationUrl: 'authorize', tokenUrl: 'token', autoError });

  test('bearer token: the token', async () => {
    expectValue(
      await meClient(scheme()).get('/users/me', { headers: { authorization: 'Bearer testtoken' } }),
      'testtoken',
    );
  });

  test('missing header or another scheme: 401 with WWW-Authenticate Bearer', async () => {
    const client = meClient(scheme());
    expectUnauthorized(await client.get('/users/me'), NOT_AUTHENTICATED, 'Bearer');
    expectUnauthorized(
      await client.get('/users/me', { headers: { authorization: 'Basic notreally' } }),
      NOT_AUTHENTICATED,
      'Bearer',
    );
  });

  test('autoError false: missing or another scheme give null', async () => {
    const client = meClient(scheme(false));
    expectValue(await client.get('/users/me'), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Basic notreally' } }), null);
    expectValue(await client.get('/users/me', { headers: { authorization: 'Bearer testtoken' } }), 'testtoken');
  });
});

describe('OpenIdConnect', () => {
  const scheme = (autoError?: boolean) => new OpenIdConnect({ openIdConnectUrl: '/openid', autoError });

  test('the Authorization header is given as sent, whatever its scheme', async () => {
    const client = meClient(scheme());
    expectValue(
      await client.get('/users/me', { headers: { authorization: 'Bearer footokenbar' } }),
      'Bearer footokenbar',
    );
    expectValue(
      await client.get('/users/me', { headers: { authorization: 'Other footokenbar' } }),
      'Other footokenbar',
    );
  });

  test('missing Authorization header: 401 with WWW-Authenticate Bearer', async () => {
    expectUnauthorized(await meClient(scheme()).get('/users/me'), NOT_AUTHENTICATED, 'Bearer');
  });

  test('autoError false: missing gives null', async () => {
    const client = meClient(scheme(false));
    expectValue(await client.get('/users/me'), null);
    expectValue(
      await client.get('/users/me', { headers: { authorization: 'Bearer footokenbar' } }),
      'Bearer footokenbar',
    );
  });
});

describe('OpenAPI documents', () => {
  /** The operation of `GET /users/me` of `meApp`: no parameters and no 422, whatever the scheme reads. */
  const meOperation = (security: object[]) => ({
    summary: 'Read Current User',
    operationId: 'readCurrentUser_users_me_get',
    responses: { '200': SUCCESS_ANY },
    security,
  });

  test('HTTPBearer with bearerFormat and description', async () => {
    const app = meApp(new HTTPBearer({ bearerFormat: 'JWT', description: 'A JWT access token' }));
    await expectDocument(app, {
      openapi: '3.1.0',
      info: INFO,
      paths: { '/users/me': { get: meOperation([{ HTTPBearer: [] }]) } },
      components: {
        securitySchemes: {
          HTTPBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT access token' },
        },
      },
    });
  });

  test('HTTPBasic (the realm is not part of the scheme)', async () => {
    await expectDocument(meApp(new HTTPBasic({ realm: 'simple' })), {
      openapi: '3.1.0',
      info: INFO,
      paths: { '/users/me': { get: meOperation([{ HTTPBasic: [] }]) } },
      components: { securitySchemes: { HTTPBasic: { type: 'http', scheme: 'basic' } } },
    });
  });

  test('API keys in a header, the query and a cookie: not listed as parameters', async () => {
    const headerKey = new APIKeyHeader({ name: 'x-key' });
    const queryKey = new APIKeyQuery({ name: 'key', description: 'The key in the query' });
    const cookieKey = new APIKeyCookie({ name: 'session' });
    @Controller()
    class KeysController {
      @Get('/header')
      byHeader(@Depends(headerKey) key: string) {
        return { key };
      }

      @Get('/query')
      byQuery(@Depends(queryKey) key: string, @Query('q', { required: false }) q?: string) {
        return { key, q };
      }

      @Get('/cookie')
      byCookie(@Depends(cookieKey) key: string) {
        return { key };
      }
    }
    await expectDocument(new App({ ...INFO, controllers: [KeysController] }), {
      openapi: '3.1.0',
      info: INFO,
      paths: {
        '/header': {
          get: {
            summary: 'By Header',
            operationId: 'byHeader_header_get',
            responses: { '200': SUCCESS_ANY },
            security: [{ APIKeyHeader: [] }],
          },
        },
        '/query': {
          get: {
            summary: 'By Query',
            operationId: 'byQuery_query_get',
            parameters: [
              {
                name: 'q',
                in: 'query',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
            security: [{ APIKeyQuery: [] }],
          },
        },
        '/cookie': {
          get: {
            summary: 'By Cookie',
            operationId: 'byCookie_cookie_get',
            responses: { '200': SUCCESS_ANY },
            security: [{ APIKeyCookie: [] }],
          },
        },
      },
      components: {
        schemas: VALIDATION_SCHEMAS,
        securitySchemes: {
          APIKeyHeader: { type: 'apiKey', in: 'header', name: 'x-key' },
          APIKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'The key in the query' },
          APIKeyCookie: { type: 'apiKey', in: 'cookie', name: 'session' },
        },
      },
    });
  });

  test('OAuth2 password flow with scopes and refreshUrl; the route lists its Security scopes', async () => {
    const scheme = new OAuth2PasswordBearer({
      tokenUrl: 'token',
      refreshUrl: 'refresh',
      scopes: { me: 'Read information about the current user.', items: 'Read items.' },
    });
    @Controller()
    class UsersController {
      @Get('/users/me')
      readCurrentUser(@Security(scheme, ['me']) token: string) {
        return { token };
      }

      @Get('/status')
      readStatus(@Depends(scheme) token: string) {
        return { token };
      }
    }
    await expectDocument(new App({ ...INFO, controllers: [UsersController] }), {
      openapi: '3.1.0',
      info: INFO,
      paths: {
        '/users/me': { get: meOperation([{ OAuth2PasswordBearer: ['me'] }]) },
        '/status': {
          get: {
            summary: 'Read Status',
            operationId: 'readStatus_status_get',
            responses: { '200': SUCCESS_ANY },
            security: [{ OAuth2PasswordBearer: [] }],
          },
        },
      },
      components: {
        securitySchemes: {
          OAuth2PasswordBearer: {
            type: 'oauth2',
            flows: {
              password: {
                refreshUrl: 'refresh',
                scopes: { me: 'Read information about the current user.', items: 'Read items.' },
                tokenUrl: 'token',
              },
            },
          },
        },
      },
    });
  });

  test('OAuth2 authorization code flow', async () => {
    const app = meApp(
      new OAuth2AuthorizationCodeBearer({
        authorizationUrl: 'authorize',
        tokenUrl: 'token',
        description: 'OAuth2 Code Bearer',
      }),
    );
    await expectDocument(app, {
      openapi: '3.1.0',
      info: INFO,
      paths: { '/users/me': { get: meOperation([{ OAuth2AuthorizationCodeBearer: [] }]) } },
      components: {
        securitySchemes: {
          OAuth2AuthorizationCodeBearer: {
            type: 'oauth2',
            flows: { authorizationCode: { authorizationUrl: 'authorize', tokenUrl: 'token', scopes: {} } },
            description: 'OAuth2 Code Bearer',
          },
        },
      },
    });
  });

  test('OpenID Connect, under a custom schemeName', async () => {
    await expectDocument(meApp(new OpenIdConnect({ openIdConnectUrl: '/openid', schemeName: 'oidc' })), {
      openapi: '3.1.0',
      info: INFO,
      paths: { '/users/me': { get: meOperation([{ oidc: [] }]) } },
      components: { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl: '/openid' } } },
    });
  });
});

describe('OAuth2 scopes (FastAPI oauth2-scopes tutorial)', () => {
  const SCOPES = { me: 'Read information about the current user.', items: 'Read items.' };

  /**
   * The token is the comma-separated list of scopes it grants. `seen` records the SecurityScopes
   * each call of getCurrentUser receives.
   */
  function tutorialDependencies() {
    const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: 'token', scopes: SCOPES });
    const seen: string[][] = [];
    const getCurrentUser = dependency(
      [SecurityScopes, Security(oauth2Scheme)],
      (securityScopes: SecurityScopes, token: string) => {
        seen.push([...securityScopes.scopes]);
        const granted = token.split(',');
        const authenticate = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer';
        for (const scope of securityScopes.scopes) {
          if (!granted.includes(scope))
            throw new HTTPException(401, 'Not enough permissions', { 'WWW-Authenticate': authenticate });
        }
        return { username: 'johndoe', scopes: granted };
      },
    );
    const getCurrentActiveUser = dependency([Security(getCurrentUser, ['me'])], (user: object) => user);
    return { oauth2Scheme, seen, getCurrentUser, getCurrentActiveUser };
  }

  function tutorialApp() {
    const deps = tutorialDependencies();
    @Controller()
    class UsersController {
      @Get('/users/me/')
      readUsersMe(@Depends(deps.getCurrentActiveUser) user: object) {
        return user;
      }

      @Get('/users/me/items/')
      readOwnItems(@Security(deps.getCurrentActiveUser, ['items']) user: object) {
        return [{ item_id: 'Foo', owner: user }];
      }

      @Get('/status/')
      readSystemStatus(@Depends(deps.getCurrentUser) _user: object) {
        return { status: 'ok' };
      }
    }
    return { app: new App({ ...INFO, controllers: [UsersController] }), seen: deps.seen };
  }

  test('the innermost dependency sees the scopes of the whole chain, outer first', async () => {
    const { app, seen } = tutorialApp();
    const res = await clientFor(app).get('/users/me/items/', { headers: { authorization: 'Bearer me,items' } });
    expect([res.status, res.json()]).toEqual([
      200,
      [{ item_id: 'Foo', owner: { username: 'johndoe', scopes: ['me', 'items'] } }],
    ]);
    expect(seen).toEqual([['items', 'me']]);
  });

  test('a token lacking a scope: 401 whose WWW-Authenticate carries scopeStr', async () => {
    const { app, seen } = tutorialApp();
    const client = clientFor(app);
    const items = await client.get('/users/me/items/', { headers: { authorization: 'Bearer me' } });
    expectUnauthorized(items, { detail: 'Not enough permissions' }, 'Bearer scope="items me"');
    const me = await client.get('/users/me/', { headers: { authorization: 'Bearer items' } });
    expectUnauthorized(me, { detail: 'Not enough permissions' }, 'Bearer scope="me"');
    const status = await client.get('/status/', { headers: { authorization: 'Bearer nothing' } });
    expect([status.status, status.json()]).toEqual([200, { status: 'ok' }]);
    expect(seen).toEqual([['items', 'me'], ['me'], []]);
  });

  test('each operation lists the scopes of its chain, as the tutorial document', async () => {
    const { app } = tutorialApp();
    await expectDocument(app, {
      openapi: '3.1.0',
      info: INFO,
      paths: {
        '/users/me/': {
          get: {
            summary: 'Read Users Me',
            operationId: 'readUsersMe_users_me__get',
            responses: { '200': SUCCESS_ANY },
            security: [{ OAuth2PasswordBearer: ['me'] }],
          },
        },
        '/users/me/items/': {
          get: {
            summary: 'Read Own Items',
            operationId: 'readOwnItems_users_me_items__get',
            responses: { '200': SUCCESS_ANY },
            security: [{ OAuth2PasswordBearer: ['items', 'me'] }],
          },
        },
        '/status/': {
          get: {
            summary: 'Read System Status',
            operationId: 'readSystemStatus_status__get',
            responses: { '200': SUCCESS_ANY },
            security: [{ OAuth2PasswordBearer: [] }],
          },
        },
      },
      components: {
        securitySchemes: {
          OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: SCOPES, tokenUrl: 'token' } } },
        },
      },
    });
  });

  // FastAPI (since PR #14455) merges the scopes of every use of one scheme on an operation into a
  // single requirement, in resolution order: route `dependencies` first, then the parameters.
  function siblingApp() {
    const deps = tutorialDependencies();
    @Controller()
    class ItemsController {
      @Get('/items/', { dependencies: [Security(deps.getCurrentUser, ['items'])] })
      readItems(@Security(deps.getCurrentUser, ['me']) user: object) {
        return user;
      }
    }
    return { app: new App({ ...INFO, controllers: [ItemsController] }), seen: deps.seen };
  }

  test('a route-level Security and a parameter Security: one requirement with the scopes merged', async () => {
    const { app } = siblingApp();
    await expectDocument(app, {
      openapi: '3.1.0',
      info: INFO,
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'readItems_items__get',
            responses: { '200': SUCCESS_ANY },
            security: [{ OAuth2PasswordBearer: ['items', 'me'] }],
          },
        },
      },
      components: {
        securitySchemes: {
          OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: SCOPES, tokenUrl: 'token' } } },
        },
      },
    });
  });

  test('a route-level Security and a parameter Security: each use sees its own scopes', async () => {
    const { app, seen } = siblingApp();
    const client = clientFor(app);
    const ok = await client.get('/items/', { headers: { authorization: 'Bearer me,items' } });
    expect([ok.status, ok.json()]).toEqual([200, { username: 'johndoe', scopes: ['me', 'items'] }]);
    expect(seen).toEqual([['items'], ['me']]);
    const lacking = await client.get('/items/', { headers: { authorization: 'Bearer me' } });
    expectUnauthorized(lacking, { detail: 'Not enough permissions' }, 'Bearer scope="items"');
  });
});

describe('OAuth2PasswordRequestForm', () => {
  function tokenApp(Form: typeof OAuth2PasswordRequestForm = OAuth2PasswordRequestForm): App {
    @Controller()
    class AuthController {
      @Post('/token')
      login(@Depends(Form) form: OAuth2PasswordRequestForm) {
        return {
          grant_type: form.grant_type ?? null,
          username: form.username,
          password: form.password,
          scopes: form.scopes,
          client_id: form.client_id ?? null,
          client_secret: form.client_secret ?? null,
        };
      }
    }
    return new App({ ...INFO, controllers: [AuthController] });
  }

  test('the form fields are parsed', async () => {
    const res = await clientFor(tokenApp()).post('/token', {
      form: {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        scope: 'me items',
        client_id: 'app',
        client_secret: 'shh',
      },
    });
    expect([res.status, res.json()]).toEqual([
      200,
      {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        scopes: ['me', 'items'],
        client_id: 'app',
        client_secret: 'shh',
      },
    ]);
  });

  test('only username and password: the rest default', async () => {
    const res = await clientFor(tokenApp()).post('/token', { form: { username: 'johndoe', password: 'secret' } });
    expect([res.status, res.json()]).toEqual([
      200,
      { grant_type: null, username: 'johndoe', password: 'secret', scopes: [], client_id: null, client_secret: null },
    ]);
  });

  test('no username and password: 422 listing both', async () => {
    const res = await clientFor(tokenApp()).post('/token');
    expect([res.status, res.json()]).toEqual([
      422,
      {
        detail: [
          { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null },
          { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
        ],
      },
    ]);
  });

  test('grant_type other than password: 422 string_pattern_mismatch', async () => {
    const res = await clientFor(tokenApp()).post('/token', {
      form: { grant_type: 'foo', username: 'johndoe', password: 'secret' },
    });
    expect([res.status, res.json()]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'grant_type'],
            msg: "String should match pattern '^password$'",
            input: 'foo',
            ctx: { pattern: '^password$' },
          },
        ],
      },
    ]);
  });

  test('scope is split on runs of spaces', async () => {
    const res = await clientFor(tokenApp()).post('/token', {
      form: { username: 'johndoe', password: 'secret', scope: 'a b  c' },
    });
    expect(res.status).toBe(200);
    expect(res.json<{ scopes: string[] }>().scopes).toEqual(['a', 'b', 'c']);
  });

  test('the Strict form requires grant_type', async () => {
    const client = clientFor(tokenApp(OAuth2PasswordRequestFormStrict));
    const missing = await client.post('/token', { form: { username: 'johndoe', password: 'secret' } });
    expect([missing.status, missing.json()]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['body', 'grant_type'], msg: 'Field required', input: null }] },
    ]);
    const ok = await client.post('/token', {
      form: { grant_type: 'password', username: 'johndoe', password: 'secret' },
    });
    expect([ok.status, ok.json()]).toEqual([
      200,
      {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        scopes: [],
        client_id: null,
        client_secret: null,
      },
    ]);
  });

  test('OpenAPI: an urlencoded request body with a Body_ schema, as FastAPI', async () => {
    await expectDocument(tokenApp(), {
      openapi: '3.1.0',
      info: INFO,
      paths: {
        '/token': {
          post: {
            summary: 'Login',
            operationId: 'login_token_post',
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login_token_post' } },
              },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          Body_login_token_post: {
            title: 'Body_login_token_post',
            type: 'object',
            required: ['username', 'password'],
            properties: {
              grant_type: { anyOf: [{ type: 'string', pattern: '^password$' }, { type: 'null' }], title: 'Grant Type' },
              username: { type: 'string', title: 'Username' },
              password: { type: 'string', format: 'password', title: 'Password' },
              scope: { type: 'string', title: 'Scope', default: '' },
              client_id: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Client Id' },
              client_secret: {
                anyOf: [{ type: 'string' }, { type: 'null' }],
                format: 'password',
                title: 'Client Secret',
              },
            },
          },
          ...VALIDATION_SCHEMAS,
        },
      },
    });
  });
});
