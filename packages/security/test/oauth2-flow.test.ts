import 'reflect-metadata';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { App, Controller, Depends, Get, HTTPException, Post, Security, SecurityScopes, dependency } from '@tsapi/core';
import {
  InvalidTokenError,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  createAccessToken,
  hashPassword,
  verifyAccessToken,
  verifyPassword,
  type CreateTokenOptions,
  type VerifyTokenOptions,
} from '@tsapi/security';
import { TestClient } from '@tsapi/testing';

const SECRET_KEY = '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7';
const AUDIENCE = 'tsapi-tests';
const ISSUER = 'https://auth.example';
const ACCESS_TOKEN_EXPIRE_MINUTES = 30;

interface UserInDB {
  username: string;
  full_name: string;
  email: string;
  hashed_password: string;
  disabled: boolean;
}

class User {
  @IsString() username!: string;
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() full_name?: string;
  @IsOptional() @IsBoolean() disabled?: boolean;
}

/** How an app signs and checks its tokens: HS256 with a secret (the tutorial) or RS256 with a key pair. */
interface JwtConfig {
  sign: Omit<CreateTokenOptions, 'expiresIn' | 'audience' | 'issuer'>;
  verify: Omit<VerifyTokenOptions, 'audience' | 'issuer'>;
}

const HS256: JwtConfig = {
  sign: { secret: SECRET_KEY, algorithm: 'HS256' },
  verify: { secret: SECRET_KEY, algorithms: ['HS256'] },
};

let usersDb: Record<string, UserInDB>;
let rsa: { publicKey: KeyObject; privateKey: KeyObject };

beforeAll(async () => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [johnHash, aliceHash] = await Promise.all([hashPassword('secret'), hashPassword('secret2')]);
  usersDb = {
    johndoe: {
      username: 'johndoe',
      full_name: 'John Doe',
      email: 'johndoe@example.com',
      hashed_password: johnHash,
      disabled: false,
    },
    alice: {
      username: 'alice',
      full_name: 'Alice Wonderson',
      email: 'alice@example.com',
      hashed_password: aliceHash,
      disabled: true,
    },
  };
});

/** FastAPI's "OAuth2 with Password (and hashing), Bearer with JWT tokens" tutorial, with its scopes variant. */
function buildApp(jwt: JwtConfig = HS256): App {
  const oauth2Scheme = new OAuth2PasswordBearer({
    tokenUrl: 'token',
    scopes: { me: 'Read information about the current user.', items: 'Read items.' },
  });

  async function authenticateUser(username: string, password: string): Promise<UserInDB | undefined> {
    const user = Object.hasOwn(usersDb, username) ? usersDb[username] : undefined;
    // An unknown user still pays for a key derivation (the dummy hash), as a wrong password does.
    const ok = await verifyPassword(password, user?.hashed_password);
    return ok ? user : undefined;
  }

  const getCurrentUser = dependency(
    [SecurityScopes, Depends(oauth2Scheme)],
    async (securityScopes: SecurityScopes, token: string) => {
      const authenticateValue =
        securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer';
      const credentialsException = new HTTPException(401, 'Could not validate credentials', {
        'WWW-Authenticate': authenticateValue,
      });
      let claims;
      try {
        claims = await verifyAccessToken(token, { ...jwt.verify, audience: AUDIENCE, issuer: ISSUER });
      } catch (error) {
        if (error instanceof InvalidTokenError) throw credentialsException;
        throw error;
      }
      const username = claims.sub;
      if (typeof username !== 'string' || !Object.hasOwn(usersDb, username)) throw credentialsException;
      const tokenScopes = Array.isArray(claims.scopes) ? (claims.scopes as unknown[]) : [];
      for (const scope of securityScopes.scopes) {
        if (!tokenScopes.includes(scope))
          throw new HTTPException(401, 'Not enough permissions', { 'WWW-Authenticate': authenticateValue });
      }
      return usersDb[username];
    },
  );

  const getCurrentActiveUser = dependency([Depends(getCurrentUser)], (user: UserInDB) => {
    if (user.disabled) throw new HTTPException(400, 'Inactive user');
    return user;
  });

  @Controller()
  class AuthController {
    @Post('/token')
    async login(@Depends() form: OAuth2PasswordRequestForm) {
      const user = await authenticateUser(form.username, form.password);
      if (!user) throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Bearer' });
      const claims = { sub: user.username, scopes: [...form.scopes] };
      const accessToken = await createAccessToken(claims, {
        ...jwt.sign,
        expiresIn: `${ACCESS_TOKEN_EXPIRE_MINUTES}m`,
        audience: AUDIENCE,
        issuer: ISSUER,
      });
      return { access_token: accessToken, token_type: 'bearer' };
    }

    @Get('/users/me', { responseModel: User })
    readUsersMe(@Depends(getCurrentActiveUser) currentUser: UserInDB) {
      return currentUser;
    }

    @Get('/users/me/items')
    readOwnItems(@Security(getCurrentActiveUser, ['items']) currentUser: UserInDB) {
      return [{ item_id: 'Foo', owner: currentUser.username }];
    }
  }

  return new App({ title: 'OAuth2 tutorial', version: '1.0.0', controllers: [AuthController] });
}

const clients: TestClient[] = [];

function clientFor(app: App): TestClient {
  const client = new TestClient(app);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function login(client: TestClient, username: string, password: string, scope?: string): Promise<string> {
  const res = await client.post('/token', { form: { username, password, ...(scope !== undefined ? { scope } : {}) } });
  expect(res.status).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}` } };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const signed = (claims: Record<string, unknown>, options: Partial<CreateTokenOptions> = {}) =>
  createAccessToken(claims, {
    secret: SECRET_KEY,
    algorithm: 'HS256',
    expiresIn: '30m',
    audience: AUDIENCE,
    issuer: ISSUER,
    ...options,
  });

/** Tokens for `johndoe` that must all be refused by the HS256 app, whatever they claim. */
const HOSTILE: Record<string, () => Promise<string>> = {
  'an unsecured alg none token': async () =>
    `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'johndoe', aud: AUDIENCE, iss: ISSUER, exp: nowSeconds() + 600 })}.`,
  'an expired token': () => signed({ sub: 'johndoe' }, { expiresIn: -60 }),
  'a token not valid yet': () => signed({ sub: 'johndoe', nbf: nowSeconds() + 3600 }, { expiresIn: '2h' }),
  'a wrong audience': () => signed({ sub: 'johndoe' }, { audience: 'another-api' }),
  'a wrong issuer': () => signed({ sub: 'johndoe' }, { issuer: 'https://evil.example' }),
  'a token without exp': () => signed({ sub: 'johndoe' }, { expiresIn: undefined }),
  'two segments': async () =>
    `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'johndoe', exp: nowSeconds() + 600 })}`,
  garbage: async () => 'not-a-jwt-at-all',
  'another secret': () => signed({ sub: 'johndoe' }, { secret: 'another secret entirely' }),
  'a tampered payload': async () => {
    const [header, , signature] = (await signed({ sub: 'alice' })).split('.');
    return `${header}.${b64url({ sub: 'johndoe', aud: AUDIENCE, iss: ISSUER, exp: nowSeconds() + 600, scopes: ['items'] })}.${signature}`;
  },
  'a token for a user who does not exist': () => signed({ sub: 'mallory' }),
  'a token without sub': () => signed({ scopes: ['items'] }),
};

const COULD_NOT_VALIDATE = { detail: 'Could not validate credentials' };

describe('POST /token', () => {
  test('right credentials give a bearer JWT for the user, valid for 30 minutes', async () => {
    const client = clientFor(buildApp());
    const res = await client.post('/token', { form: { username: 'johndoe', password: 'secret' } });
    expect([res.status, res.json()]).toEqual([200, { access_token: expect.any(String), token_type: 'bearer' }]);
    const claims = await verifyAccessToken((res.json() as { access_token: string }).access_token, {
      secret: SECRET_KEY,
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    expect(claims).toEqual({
      sub: 'johndoe',
      scopes: [],
      aud: AUDIENCE,
      iss: ISSUER,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TOKEN_EXPIRE_MINUTES * 60);
  });

  test.each([
    ['a wrong password', 'johndoe', 'wrong'],
    ['an unknown user', 'mallory', 'secret'],
    ["another user's password", 'johndoe', 'secret2'],
  ])('%s is 401 "Incorrect username or password" with WWW-Authenticate: Bearer', async (_name, username, password) => {
    const client = clientFor(buildApp());
    const res = await client.post('/token', { form: { username, password } });
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Incorrect username or password' },
      'Bearer',
    ]);
  });

  test('a missing password is a 422 at ["body", "password"]', async () => {
    const client = clientFor(buildApp());
    const res = await client.post('/token', { form: { username: 'johndoe' } });
    expect([res.status, res.json()]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }] },
    ]);
  });

  test('requested scopes are carried by the token', async () => {
    const client = clientFor(buildApp());
    const token = await login(client, 'johndoe', 'secret', 'me items');
    const claims = await verifyAccessToken(token, { secret: SECRET_KEY, algorithms: ['HS256'] });
    expect(claims.scopes).toEqual(['me', 'items']);
  });
});

describe('GET /users/me', () => {
  test('a valid token gives the user through the response model, without the password hash', async () => {
    const client = clientFor(buildApp());
    const token = await login(client, 'johndoe', 'secret');
    const res = await client.get('/users/me', bearer(token));
    expect([res.status, res.json()]).toEqual([
      200,
      { username: 'johndoe', email: 'johndoe@example.com', full_name: 'John Doe', disabled: false },
    ]);
    expect(res.text).not.toContain('scrypt$');
  });

  test('no Authorization header is 401 "Not authenticated"', async () => {
    const client = clientFor(buildApp());
    const res = await client.get('/users/me');
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Not authenticated' },
      'Bearer',
    ]);
  });

  test('an empty bearer token is 401 "Not authenticated", never reaching verification', async () => {
    const client = clientFor(buildApp());
    const res = await client.get('/users/me', { headers: { authorization: 'Bearer ' } });
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Not authenticated' },
      'Bearer',
    ]);
  });

  test('a disabled user can log in but gets 400 "Inactive user"', async () => {
    const client = clientFor(buildApp());
    const token = await login(client, 'alice', 'secret2');
    const res = await client.get('/users/me', bearer(token));
    expect([res.status, res.json()]).toEqual([400, { detail: 'Inactive user' }]);
  });

  test('every hostile token is 401 "Could not validate credentials", and a valid token works after them', async () => {
    const client = clientFor(buildApp());
    const answers: Record<string, unknown> = {};
    for (const [name, build] of Object.entries(HOSTILE)) {
      const res = await client.get('/users/me', bearer(await build()));
      answers[name] = [res.status, res.json(), res.headers['www-authenticate']];
    }
    expect(answers).toEqual(
      Object.fromEntries(Object.keys(HOSTILE).map((name) => [name, [401, COULD_NOT_VALIDATE, 'Bearer']])),
    );
    const token = await login(client, 'johndoe', 'secret');
    const res = await client.get('/users/me', bearer(token));
    expect([res.status, (res.json() as { username: string }).username]).toEqual([200, 'johndoe']);
  });

  test('a 1 MB bearer token is a 4xx, not a 500, and the app keeps serving', async () => {
    const app = buildApp();
    const client = clientFor(app);
    const token = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${'A'.repeat(1024 * 1024)}.${'B'.repeat(43)}`;
    const res = await client.get('/users/me', bearer(token));
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([401, COULD_NOT_VALIDATE, 'Bearer']);
    const valid = await login(client, 'johndoe', 'secret');
    expect((await client.get('/users/me', bearer(valid))).status).toBe(200);
  });
});

describe('algorithm confusion against an RS256 app', () => {
  const RS256 = (): JwtConfig => ({
    sign: { privateKey: rsa.privateKey, algorithm: 'RS256' },
    verify: { publicKey: rsa.publicKey, algorithms: ['RS256'] },
  });

  test('the app issues RS256 tokens that work on /users/me', async () => {
    const client = clientFor(buildApp(RS256()));
    const token = await login(client, 'johndoe', 'secret');
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'))).toEqual({
      alg: 'RS256',
      typ: 'JWT',
    });
    const res = await client.get('/users/me', bearer(token));
    expect([res.status, (res.json() as { username: string }).username]).toEqual([200, 'johndoe']);
  });

  test('an HS256 token signed with the public key PEM as the secret is 401', async () => {
    const client = clientFor(buildApp(RS256()));
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const forged = await signed({ sub: 'johndoe', scopes: ['items'] }, { secret: publicPem });
    for (const path of ['/users/me', '/users/me/items']) {
      const res = await client.get(path, bearer(forged));
      expect([path, res.status, res.json()]).toEqual([path, 401, COULD_NOT_VALIDATE]);
    }
  });
});

describe('scopes', () => {
  test('a token with the "items" scope reads /users/me/items', async () => {
    const client = clientFor(buildApp());
    const token = await login(client, 'johndoe', 'secret', 'me items');
    const res = await client.get('/users/me/items', bearer(token));
    expect([res.status, res.json()]).toEqual([200, [{ item_id: 'Foo', owner: 'johndoe' }]]);
  });

  test('a token without it is 401 "Not enough permissions" with the scope in the challenge', async () => {
    const client = clientFor(buildApp());
    const token = await login(client, 'johndoe', 'secret', 'me');
    const res = await client.get('/users/me/items', bearer(token));
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      { detail: 'Not enough permissions' },
      'Bearer scope="items"',
    ]);
  });

  test('a forged token on a scoped route is 401 "Could not validate credentials" with the scope in the challenge', async () => {
    const client = clientFor(buildApp());
    const res = await client.get('/users/me/items', bearer(await HOSTILE['a tampered payload']()));
    expect([res.status, res.json(), res.headers['www-authenticate']]).toEqual([
      401,
      COULD_NOT_VALIDATE,
      'Bearer scope="items"',
    ]);
  });

  test("the OpenAPI document lists the password flow and each route's scopes", async () => {
    const app = buildApp();
    await app.ready();
    const doc = app.openapi() as unknown as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, { get?: { security?: unknown } }>;
    };
    expect(doc.components.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        type: 'oauth2',
        flows: {
          password: {
            scopes: { me: 'Read information about the current user.', items: 'Read items.' },
            tokenUrl: 'token',
          },
        },
      },
    });
    expect(doc.paths['/users/me'].get?.security).toEqual([{ OAuth2PasswordBearer: [] }]);
    expect(doc.paths['/users/me/items'].get?.security).toEqual([{ OAuth2PasswordBearer: ['items'] }]);
    await app.close();
  });
});
