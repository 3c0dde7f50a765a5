import 'reflect-metadata';
import { createAccessToken, verifyAccessToken } from '@tsapi/security';
import { TestClient, type TestResponse } from '@tsapi/testing';
import { createApp } from '../src/app';
import { secretKey } from '../src/security/settings';
import { DEMO_USER } from '../src/services/users.service';

const ALICE = { username: 'alice', fullName: 'Alice Liddell', email: 'alice@example.com', disabled: false };
const NOT_AUTHENTICATED = { detail: 'Not authenticated' };
const INVALID_CREDENTIALS = { detail: 'Could not validate credentials' };
const WRONG_LOGIN = { detail: 'Incorrect username or password' };
const MISSING_USERNAME = { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null };
const MISSING_PASSWORD = { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null };
const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';

function expectUnauthorized(res: TestResponse, body: unknown): void {
  expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([401, body, 'Bearer']);
}

describe('OAuth2 password flow', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(createApp());
  });

  afterEach(async () => {
    await client.close();
  });

  async function login(): Promise<string> {
    const res = await client.post('/token', { form: { username: DEMO_USER.username, password: DEMO_USER.password } });
    expect(res.status).toBe(200);
    return (res.json() as { access_token: string }).access_token;
  }

  function bearer(token: string): { headers: Record<string, string> } {
    return { headers: { authorization: `Bearer ${token}` } };
  }

  describe('POST /token', () => {
    test('the demo user gets a bearer token for alice that expires in 30 minutes', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      const after = Math.floor(Date.now() / 1000);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = res.json() as { access_token: string; token_type: string };
      expect(body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });

      const claims = await verifyAccessToken(body.access_token, { secret: secretKey(), algorithms: ['HS256'] });
      expect(claims.sub).toBe('alice');
      expect(claims.exp).toBeGreaterThanOrEqual(before + 30 * 60);
      expect(claims.exp).toBeLessThanOrEqual(after + 30 * 60);
    });

    test('the token is signed with the app secret: another secret does not verify it', async () => {
      const token = await login();
      await expect(verifyAccessToken(token, { secret: OTHER_SECRET, algorithms: ['HS256'] })).rejects.toMatchObject({
        statusCode: 401,
        detail: 'Could not validate credentials',
      });
    });

    test('a wrong password is 401 with WWW-Authenticate Bearer', async () => {
      const res = await client.post('/token', { form: { username: 'alice', password: 'looking-glass' } });
      expectUnauthorized(res, WRONG_LOGIN);
    });

    test('an unknown user gets the same 401 as a wrong password', async () => {
      const res = await client.post('/token', { form: { username: 'bob', password: 'wonderland' } });
      expectUnauthorized(res, WRONG_LOGIN);
    });

    test('the username is case-sensitive', async () => {
      const res = await client.post('/token', { form: { username: 'Alice', password: 'wonderland' } });
      expectUnauthorized(res, WRONG_LOGIN);
    });

    test('a missing password is 422 at ["body", "password"]', async () => {
      const res = await client.post('/token', { form: { username: 'alice' } });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_PASSWORD] }]);
    });

    test('an empty form is 422 listing username and password', async () => {
      const res = await client.post('/token', { form: {} });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_USERNAME, MISSING_PASSWORD] }]);
    });

    test('no body at all is 422 listing username and password', async () => {
      const res = await client.post('/token');
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_USERNAME, MISSING_PASSWORD] }]);
    });

    test('a JSON body is not a form: 422 listing username and password', async () => {
      const res = await client.post('/token', { json: { username: 'alice', password: 'wonderland' } });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_USERNAME, MISSING_PASSWORD] }]);
    });

    test('grant_type, when sent, must be "password"', async () => {
      const res = await client.post('/token', {
        form: { grant_type: 'client_credentials', username: 'alice', password: 'wonderland' },
      });
      expect([res.status, res.json()]).toEqual([
        422,
        {
          detail: [
            {
              type: 'string_pattern_mismatch',
              loc: ['body', 'grant_type'],
              msg: "String should match pattern '^password$'",
              input: 'client_credentials',
              ctx: { pattern: '^password$' },
            },
          ],
        },
      ]);
    });

    test('grant_type=password is accepted', async () => {
      const res = await client.post('/token', {
        form: { grant_type: 'password', username: 'alice', password: 'wonderland' },
      });
      expect([res.status, res.json()]).toEqual([200, { access_token: expect.any(String), token_type: 'bearer' }]);
    });
  });

  describe('GET /users/me', () => {
    test('with the token from /token: the account, without its password hash', async () => {
      const token = await login();
      const res = await client.get('/users/me', bearer(token));
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(ALICE);
    });

    test('without a token: 401 Not authenticated', async () => {
      expectUnauthorized(await client.get('/users/me'), NOT_AUTHENTICATED);
    });

    test('another scheme or an empty bearer token: 401 Not authenticated', async () => {
      expectUnauthorized(
        await client.get('/users/me', { headers: { authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' } }),
        NOT_AUTHENTICATED,
      );
      expectUnauthorized(await client.get('/users/me', { headers: { authorization: 'Bearer ' } }), NOT_AUTHENTICATED);
    });

    test('a garbage token: 401 Could not validate credentials', async () => {
      expectUnauthorized(await client.get('/users/me', bearer('not-a-jwt')), INVALID_CREDENTIALS);
    });

    test('a token signed with another secret: 401 Could not validate credentials', async () => {
      const forged = await createAccessToken(
        { sub: 'alice' },
        { secret: OTHER_SECRET, algorithm: 'HS256', expiresIn: '30m' },
      );
      expectUnauthorized(await client.get('/users/me', bearer(forged)), INVALID_CREDENTIALS);
    });

    test('an expired token: 401 Could not validate credentials', async () => {
      const expired = await createAccessToken(
        { sub: 'alice' },
        { secret: secretKey(), algorithm: 'HS256', expiresIn: -60 },
      );
      expectUnauthorized(await client.get('/users/me', bearer(expired)), INVALID_CREDENTIALS);
    });

    test('an unsigned token (alg none): 401 Could not validate credentials', async () => {
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      expectUnauthorized(await client.get('/users/me', bearer(unsigned)), INVALID_CREDENTIALS);
    });

    test('a valid token for a user who does not exist: 401 Could not validate credentials', async () => {
      const token = await createAccessToken(
        { sub: 'bob' },
        { secret: secretKey(), algorithm: 'HS256', expiresIn: '30m' },
      );
      expectUnauthorized(await client.get('/users/me', bearer(token)), INVALID_CREDENTIALS);
    });

    test('a valid token without a subject: 401 Could not validate credentials', async () => {
      const token = await createAccessToken({}, { secret: secretKey(), algorithm: 'HS256', expiresIn: '30m' });
      expectUnauthorized(await client.get('/users/me', bearer(token)), INVALID_CREDENTIALS);
    });

    test('a valid token without an expiry: 401 Could not validate credentials', async () => {
      const token = await createAccessToken({ sub: 'alice' }, { secret: secretKey(), algorithm: 'HS256' });
      expectUnauthorized(await client.get('/users/me', bearer(token)), INVALID_CREDENTIALS);
    });
  });

  describe('TSAPI_SECRET_KEY', () => {
    const saved = process.env.TSAPI_SECRET_KEY;

    afterEach(() => {
      if (saved === undefined) delete process.env.TSAPI_SECRET_KEY;
      else process.env.TSAPI_SECRET_KEY = saved;
    });

    test('a key shorter than 32 characters makes /token fail', async () => {
      process.env.TSAPI_SECRET_KEY = 'too-short';
      await expect(client.post('/token', { form: { username: 'alice', password: 'wonderland' } })).rejects.toThrow(
        'TSAPI_SECRET_KEY must be at least 32 characters long',
      );
    });

    test('a key shorter than 32 characters: the client sees a bare 500, not the reason', async () => {
      process.env.TSAPI_SECRET_KEY = 'too-short';
      const quiet = new TestClient(createApp(), { raiseServerExceptions: false });
      try {
        const res = await quiet.post('/token', { form: { username: 'alice', password: 'wonderland' } });
        expect([res.status, res.json()]).toEqual([500, { detail: 'Internal Server Error' }]);
      } finally {
        await quiet.close();
      }
    });

    test('tokens are signed with the configured key, and a key change invalidates them', async () => {
      const configured = 'configured-secret-key-of-at-least-32-chars';
      process.env.TSAPI_SECRET_KEY = configured;
      const token = await login();
      await expect(verifyAccessToken(token, { secret: configured, algorithms: ['HS256'] })).resolves.toMatchObject({
        sub: 'alice',
      });
      expect((await client.get('/users/me', bearer(token))).json()).toEqual(ALICE);

      process.env.TSAPI_SECRET_KEY = OTHER_SECRET;
      expectUnauthorized(await client.get('/users/me', bearer(token)), INVALID_CREDENTIALS);
    });
  });

  describe('OpenAPI', () => {
    type Operation = {
      security?: unknown;
      responses: Record<string, unknown>;
      requestBody?: { content: Record<string, unknown> };
    };
    type Document = {
      components: {
        securitySchemes?: Record<string, unknown>;
        schemas: Record<string, { properties?: Record<string, unknown> }>;
      };
      paths: Record<string, Record<string, Operation>>;
    };

    async function document(): Promise<Document> {
      const res = await client.get('/openapi.json');
      expect(res.status).toBe(200);
      return res.json() as Document;
    }

    test('the password flow is the one security scheme, with tokenUrl "token"', async () => {
      const { components } = await document();
      expect(components.securitySchemes).toEqual({
        OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: 'token' } } },
      });
    });

    test('/users/me requires the scheme and has no 422; /token is open and takes a form', async () => {
      const { paths } = await document();
      expect(paths['/users/me'].get.security).toEqual([{ OAuth2PasswordBearer: [] }]);
      expect(Object.keys(paths['/users/me'].get.responses)).toEqual(['200']);
      expect(paths['/token'].post.security).toBeUndefined();
      expect(Object.keys(paths['/token'].post.requestBody?.content ?? {})).toEqual([
        'application/x-www-form-urlencoded',
      ]);
      expect(paths['/items'].get.security).toBeUndefined();
    });

    test('the user schema does not document the password hash', async () => {
      const { components } = await document();
      expect(Object.keys(components.schemas.UserOut.properties ?? {}).sort()).toEqual([
        'disabled',
        'email',
        'fullName',
        'username',
      ]);
    });
  });
});
