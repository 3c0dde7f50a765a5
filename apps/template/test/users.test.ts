import 'reflect-metadata';
import { TestApp, bearer, signUp } from './support/app';

const NOT_AUTHENTICATED = { detail: 'Not authenticated' };

describe('users', () => {
  let t: TestApp;

  beforeEach(() => {
    t = new TestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  describe('POST /users', () => {
    test('registers a user: 201 with the account, never the password or its hash', async () => {
      const res = await t.client.post('/users', {
        json: {
          username: 'alice',
          password: 'wonderland',
          email: 'alice@example.com',
          fullName: 'Alice Liddell',
          disabled: true,
        },
      });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({
        id: 1,
        username: 'alice',
        email: 'alice@example.com',
        fullName: 'Alice Liddell',
        disabled: false,
      });
      expect(res.text).not.toMatch(/password|hash|scrypt/i);
    });

    test('email and full name are optional', async () => {
      const res = await t.client.post('/users', { json: { username: 'bob', password: 'builder-1' } });
      expect([res.status, res.json()]).toEqual([
        201,
        { id: 1, username: 'bob', email: null, fullName: null, disabled: false },
      ]);
    });

    test('a taken username is 409, and the first account is unchanged', async () => {
      await t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } });
      const res = await t.client.post('/users', { json: { username: 'alice', password: 'another-password' } });
      expect([res.status, res.json()]).toEqual([409, { detail: 'Username already registered' }]);
      const login = await t.client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      expect(login.status).toBe(200);
    });

    test('usernames are case-sensitive: Alice and alice are two accounts', async () => {
      await t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } });
      const res = await t.client.post('/users', { json: { username: 'Alice', password: 'wonderland' } });
      expect([res.status, res.json()]).toEqual([
        201,
        { id: 2, username: 'Alice', email: null, fullName: null, disabled: false },
      ]);
    });

    test('missing fields are 422, each listed', async () => {
      const res = await t.client.post('/users', { json: {} });
      expect([res.status, res.json()]).toEqual([
        422,
        {
          detail: [
            { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: {} },
            { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: {} },
          ],
        },
      ]);
    });

    test('a short username, a username with spaces, a short password and a bad email are 422', async () => {
      const res = await t.client.post('/users', { json: { username: 'al', password: 'short', email: 'not-an-email' } });
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'string_too_short',
            loc: ['body', 'username'],
            msg: 'String should have at least 3 characters',
            input: 'al',
            ctx: { min_length: 3 },
          },
          {
            type: 'string_too_short',
            loc: ['body', 'password'],
            msg: 'String should have at least 8 characters',
            input: 'short',
            ctx: { min_length: 8 },
          },
          { type: 'isEmail', loc: ['body', 'email'], msg: 'email must be an email', input: 'not-an-email' },
        ],
      });
      const spaced = await t.client.post('/users', { json: { username: 'a l i c e', password: 'wonderland' } });
      expect([spaced.status, spaced.json()]).toEqual([
        422,
        {
          detail: [
            {
              type: 'string_pattern_mismatch',
              loc: ['body', 'username'],
              msg: "String should match pattern '^[A-Za-z0-9_.-]+$'",
              input: 'a l i c e',
              ctx: { pattern: '^[A-Za-z0-9_.-]+$' },
            },
          ],
        },
      ]);
    });

    test('two registrations at the same time both succeed, one transaction after the other', async () => {
      const [a, b] = await Promise.all([
        t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } }),
        t.client.post('/users', { json: { username: 'bob', password: 'builder-1' } }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect([(a.json() as { id: number }).id, (b.json() as { id: number }).id].sort()).toEqual([1, 2]);
    });
  });

  describe('GET /users/me', () => {
    test('with a token: the account', async () => {
      const token = await signUp(t.client, 'alice');
      const res = await t.client.get('/users/me', bearer(token));
      expect([res.status, res.json()]).toEqual([
        200,
        { id: 1, username: 'alice', email: null, fullName: null, disabled: false },
      ]);
    });

    test('without a token: 401 Not authenticated with WWW-Authenticate Bearer', async () => {
      const res = await t.client.get('/users/me');
      expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([401, NOT_AUTHENTICATED, 'Bearer']);
    });

    test('with a bad token: 401 Could not validate credentials', async () => {
      const res = await t.client.get('/users/me', bearer('not-a-jwt'));
      expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
        401,
        { detail: 'Could not validate credentials' },
        'Bearer',
      ]);
    });
  });
});

describe('DEMO_USER', () => {
  test('creates the account at start-up, once', async () => {
    const t = new TestApp({ DEMO_USER: 'alice:wonderland' });
    try {
      const login = await t.client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      expect(login.status).toBe(200);
      const token = (login.json() as { access_token: string }).access_token;
      expect((await t.client.get('/users/me', bearer(token))).json()).toEqual({
        id: 1,
        username: 'alice',
        email: null,
        fullName: 'Demo User',
        disabled: false,
      });
      const again = await t.client.post('/users', { json: { username: 'alice', password: 'wonderland' } });
      expect(again.status).toBe(409);
    } finally {
      await t.close();
    }
  });

  test('without it there is no account to sign in with', async () => {
    const t = new TestApp();
    try {
      const login = await t.client.post('/token', { form: { username: 'alice', password: 'wonderland' } });
      expect([login.status, login.json()]).toEqual([401, { detail: 'Incorrect username or password' }]);
    } finally {
      await t.close();
    }
  });
});
