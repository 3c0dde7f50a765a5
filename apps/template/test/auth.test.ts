import 'reflect-metadata';
import { createAccessToken, verifyAccessToken } from '@tsapi/security';
import type { TestResponse } from '@tsapi/testing';
import { SECRET, TestApp, bearer, signUp } from './support/app';

const ALICE = { id: 1, username: 'alice', email: null, fullName: null, disabled: false };
const INVALID_CREDENTIALS = { detail: 'Could not validate credentials' };
const WRONG_LOGIN = { detail: 'Incorrect username or password' };
const MISSING_USERNAME = { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null };
const MISSING_PASSWORD = { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null };
const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';

function expectUnauthorized(res: TestResponse, body: unknown): void {
  expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([401, body, 'Bearer']);
}

describe('OAuth2 password flow', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = new TestApp();
    await t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } });
  });

  afterEach(async () => {
    await t.close();
  });

  const sign = (claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}) =>
    createAccessToken(claims, {
      secret: options.secret ?? SECRET,
      algorithm: 'HS256',
      ...('expiresIn' in options ? { expiresIn: options.expiresIn } : { expiresIn: '30m' }),
    });

  describe('POST /token', () => {
    test('a registered user gets a bearer token, signed with TSAPI_SECRET_KEY, valid for 30 minutes', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await t.client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      const after = Math.floor(Date.now() / 1000);
      expect([res.status, res.json()]).toEqual([200, { access_token: expect.any(String), token_type: 'bearer' }]);
      const { access_token: token } = res.json() as { access_token: string };
      const claims = await verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'] });
      expect(claims.sub).toBe('alice');
      expect(claims.exp).toBeGreaterThanOrEqual(before + 30 * 60);
      expect(claims.exp).toBeLessThanOrEqual(after + 30 * 60);
      await expect(verifyAccessToken(token, { secret: OTHER_SECRET, algorithms: ['HS256'] })).rejects.toMatchObject({
        statusCode: 401,
      });
    });

    test('a wrong password and an unknown user get the same 401', async () => {
      expectUnauthorized(
        await t.client.post('/token', { form: { username: 'alice', password: 'looking-glass' } }),
        WRONG_LOGIN,
      );
      expectUnauthorized(
        await t.client.post('/token', { form: { username: 'bob', password: 'wonderland' } }),
        WRONG_LOGIN,
      );
      expectUnauthorized(
        await t.client.post('/token', { form: { username: 'Alice', password: 'wonderland' } }),
        WRONG_LOGIN,
      );
    });

    test('a missing password, an empty form and a JSON body are 422', async () => {
      let res = await t.client.post('/token', { form: { username: 'alice' } });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_PASSWORD] }]);
      res = await t.client.post('/token', { form: {} });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_USERNAME, MISSING_PASSWORD] }]);
      res = await t.client.post('/token', { json: { username: 'alice', password: 'wonderland' } });
      expect([res.status, res.json()]).toEqual([422, { detail: [MISSING_USERNAME, MISSING_PASSWORD] }]);
    });

    test('grant_type, when sent, must be "password"', async () => {
      const res = await t.client.post('/token', {
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
  });

  describe('GET /users/me and its token', () => {
    test('the token from /token is accepted', async () => {
      const res = await t.client.get('/users/me', bearer(await signUp(t.client, 'bob')));
      expect([res.status, res.json()]).toEqual([200, { ...ALICE, id: 2, username: 'bob' }]);
    });

    test('another scheme or an empty bearer token: 401 Not authenticated', async () => {
      const basic = await t.client.get('/users/me', { headers: { authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' } });
      expectUnauthorized(basic, { detail: 'Not authenticated' });
      expectUnauthorized(await t.client.get('/users/me', { headers: { authorization: 'Bearer ' } }), {
        detail: 'Not authenticated',
      });
    });

    test('signed with another secret, expired, unsigned, without subject or expiry, or for nobody: 401', async () => {
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const tokens = [
        await sign({ sub: 'alice' }, { secret: OTHER_SECRET }),
        await sign({ sub: 'alice' }, { expiresIn: -60 }),
        `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        await sign({}),
        await sign({ sub: 'alice' }, { expiresIn: undefined }),
        await sign({ sub: 'nobody' }),
      ];
      for (const token of tokens)
        expectUnauthorized(await t.client.get('/users/me', bearer(token)), INVALID_CREDENTIALS);
      expect((await t.client.get('/users/me', bearer(await sign({ sub: 'alice' })))).json()).toEqual(ALICE);
    });
  });
});

describe('TOKEN_RATE_LIMIT', () => {
  test('POST /token answers 429 past the limit, per client, with Retry-After; other routes are not limited', async () => {
    const t = new TestApp({ TOKEN_RATE_LIMIT: '3/minute' });
    try {
      await t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } });
      const attempt = () => t.client.post('/token', { form: { username: 'alice', password: 'wrong-password' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const limited = await attempt();
      expect([limited.status, limited.json()]).toEqual([429, { detail: 'Rate limit exceeded: 3 per 1 minute' }]);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['x-ratelimit-limit']).toBe('3');
      // The right password is refused too while the limit holds: that is the point.
      const right = await t.client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      expect(right.status).toBe(429);
      for (let i = 0; i < 5; i++) expect((await t.client.get('/')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
