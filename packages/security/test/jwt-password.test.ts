import 'reflect-metadata';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  ExpiredTokenError,
  InvalidTokenError,
  createAccessToken,
  hashPassword,
  verifyAccessToken,
  verifyPassword,
  type JwtAlgorithm,
} from '@tsapi/security';

const SECRET = '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8')) as Record<string, unknown>;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** The whole contract of a refused token: the class and what a client would receive. */
async function expectRefused(
  promise: Promise<unknown>,
  errorClass: typeof InvalidTokenError = InvalidTokenError,
): Promise<InvalidTokenError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(errorClass);
  const refused = error as InvalidTokenError;
  expect([refused.statusCode, refused.detail, refused.headers]).toEqual([
    401,
    'Could not validate credentials',
    { 'WWW-Authenticate': 'Bearer' },
  ]);
  return refused;
}

let rsa: { publicKey: KeyObject; privateKey: KeyObject };
let ec: { publicKey: KeyObject; privateKey: KeyObject };
let ed: { publicKey: KeyObject; privateKey: KeyObject };

beforeAll(() => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  ed = generateKeyPairSync('ed25519');
});

describe('createAccessToken / verifyAccessToken round trips', () => {
  test.each(['HS256', 'HS384', 'HS512'] as const)(
    '%s: the claims come back with iat and exp set',
    async (algorithm) => {
      const before = nowSeconds();
      const token = await createAccessToken(
        { sub: 'johndoe', scopes: ['me', 'items'] },
        { secret: SECRET, algorithm, expiresIn: '30m' },
      );
      const claims = await verifyAccessToken(token, { secret: SECRET, algorithms: [algorithm] });
      expect(claims).toEqual({
        sub: 'johndoe',
        scopes: ['me', 'items'],
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect(claims.iat).toBeLessThanOrEqual(nowSeconds());
      expect(claims.exp! - claims.iat!).toBe(1800);
      expect(decodeSegment(token, 0)).toEqual({ alg: algorithm, typ: 'JWT' });
    },
  );

  test.each([
    ['RS256', () => rsa],
    ['PS256', () => rsa],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ] as const)('%s with a generated key pair', async (algorithm, keys) => {
    const { privateKey, publicKey } = keys();
    const token = await createAccessToken({ sub: 'johndoe' }, { privateKey, algorithm, expiresIn: 600 });
    const claims = await verifyAccessToken(token, { publicKey, algorithms: [algorithm] });
    expect(claims).toEqual({ sub: 'johndoe', iat: expect.any(Number), exp: expect.any(Number) });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(decodeSegment(token, 0)).toEqual({ alg: algorithm, typ: 'JWT' });
  });

  test('a public-key token does not verify under another key pair of the same kind', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await createAccessToken(
      { sub: 'johndoe' },
      { privateKey: ec.privateKey, algorithm: 'ES256', expiresIn: 600 },
    );
    await expectRefused(verifyAccessToken(token, { publicKey: other.publicKey, algorithms: ['ES256'] }));
  });

  test('subject, audience and issuer options become sub, aud and iss', async () => {
    const token = await createAccessToken(
      {},
      {
        secret: SECRET,
        algorithm: 'HS256',
        expiresIn: 60,
        subject: 'alice',
        audience: 'api',
        issuer: 'https://auth.example',
      },
    );
    const claims = await verifyAccessToken(token, {
      secret: SECRET,
      algorithms: ['HS256'],
      audience: 'api',
      issuer: 'https://auth.example',
    });
    expect(claims).toEqual({
      sub: 'alice',
      aud: 'api',
      iss: 'https://auth.example',
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
  });

  test('the right audience (one of several) and issuer pass; a wrong one is refused', async () => {
    const token = await createAccessToken(
      { sub: 'alice' },
      { secret: SECRET, algorithm: 'HS256', expiresIn: 60, audience: ['api', 'admin'], issuer: 'https://auth.example' },
    );
    const right = await verifyAccessToken(token, {
      secret: SECRET,
      algorithms: ['HS256'],
      audience: 'admin',
      issuer: ['https://other.example', 'https://auth.example'],
    });
    expect(right.sub).toBe('alice');
    await expectRefused(verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'], audience: 'billing' }));
    await expectRefused(
      verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'], issuer: 'https://evil.example' }),
    );
    const withoutAudience = await createAccessToken(
      { sub: 'alice' },
      { secret: SECRET, algorithm: 'HS256', expiresIn: 60 },
    );
    await expectRefused(verifyAccessToken(withoutAudience, { secret: SECRET, algorithms: ['HS256'], audience: 'api' }));
  });

  test('an expired token within clockTolerance is still accepted', async () => {
    const token = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS256', expiresIn: -30 });
    const claims = await verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'], clockTolerance: 120 });
    expect(claims.sub).toBe('alice');
  });
});

describe('misuse is a TypeError, not a silent downgrade', () => {
  test('verifyAccessToken with an empty allow-list, one naming "none", or HS* mixed with RS*', async () => {
    const token = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS256', expiresIn: 60 });
    const allowLists = [[], ['none'], ['HS256', 'none'], ['NONE'], ['HS256', 'RS256']] as unknown as JwtAlgorithm[][];
    const errors = await Promise.all(
      allowLists.map((algorithms) =>
        rejectionOf(verifyAccessToken(token, { secret: SECRET, publicKey: rsa.publicKey, algorithms })),
      ),
    );
    expect(errors.map((e) => e instanceof TypeError)).toEqual([true, true, true, true, true]);
  });

  test('createAccessToken with algorithm "none" (any case), no algorithm, or RS256 without a private key', async () => {
    const attempts = [
      createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'none' as JwtAlgorithm, expiresIn: 60 }),
      createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'None' as JwtAlgorithm, expiresIn: 60 }),
      createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: '' as JwtAlgorithm, expiresIn: 60 }),
      createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'RS256', expiresIn: 60 }),
    ];
    const errors = await Promise.all(attempts.map(rejectionOf));
    expect(errors.map((e) => e instanceof TypeError)).toEqual([true, true, true, true]);
  });
});

describe('hostile tokens are refused with a 401 InvalidTokenError', () => {
  const verifyHS256 = (token: string) => verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'] });

  test('an unsecured alg "none" token', async () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'admin', exp: nowSeconds() + 3600 })}.`;
    await expectRefused(verifyHS256(token));
    const valid = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS256', expiresIn: 60 });
    await expectRefused(verifyHS256(`${token}${valid.split('.')[2]}`));
  });

  test('algorithm confusion: HS256 signed with the RSA public key PEM, verified as RS256', async () => {
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const token = await createAccessToken({ sub: 'admin' }, { secret: publicPem, algorithm: 'HS256', expiresIn: 600 });
    await expectRefused(verifyAccessToken(token, { publicKey: rsa.publicKey, algorithms: ['RS256'] }));
  });

  test('a token signed with an allowed-family algorithm outside the allow-list', async () => {
    const token = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS384', expiresIn: 60 });
    await expectRefused(verifyHS256(token));
  });

  test('an expired token is an ExpiredTokenError', async () => {
    const token = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS256', expiresIn: -60 });
    const error = await expectRefused(verifyHS256(token), ExpiredTokenError);
    expect(error.reason).toBe('token expired');
  });

  test('a token not valid yet (nbf in the future) is refused, and not as expired', async () => {
    const token = await createAccessToken(
      { sub: 'alice', nbf: nowSeconds() + 3600 },
      { secret: SECRET, algorithm: 'HS256', expiresIn: '2h' },
    );
    const error = await expectRefused(verifyHS256(token));
    expect(error).not.toBeInstanceOf(ExpiredTokenError);
  });

  test('a token without exp is refused by default and accepted with requireExpiry: false', async () => {
    const token = await createAccessToken({ sub: 'alice' }, { secret: SECRET, algorithm: 'HS256' });
    expect(decodeSegment(token, 1)).toEqual({ sub: 'alice', iat: expect.any(Number) });
    await expectRefused(verifyHS256(token));
    const claims = await verifyAccessToken(token, { secret: SECRET, algorithms: ['HS256'], requireExpiry: false });
    expect(claims).toEqual({ sub: 'alice', iat: expect.any(Number) });
  });

  test.each([
    [
      'two segments',
      () => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'alice', exp: nowSeconds() + 60 })}`,
    ],
    ['the empty string', () => ''],
  ])('%s', async (_name, build) => {
    await expectRefused(verifyHS256(build()));
  });

  test('garbage: one word, symbols in three segments, four segments, a header that is not JSON', async () => {
    const tokens = [
      'not-a-jwt-at-all',
      '%%%.$$$.@@@',
      'a.b.c.d',
      `${Buffer.from('{oops').toString('base64url')}.${b64url({ sub: 'x' })}.sig`,
    ];
    for (const token of tokens) await expectRefused(verifyHS256(token));
  });

  test('a 1 MB token is refused before parsing', async () => {
    const token = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${'A'.repeat(1024 * 1024)}.${'B'.repeat(43)}`;
    const error = await expectRefused(verifyHS256(token));
    expect(error.reason).toBe('malformed token');
  });

  test('a correctly signed token longer than 8192 characters is refused too', async () => {
    const token = await createAccessToken(
      { sub: 'alice', padding: 'x'.repeat(9000) },
      { secret: SECRET, algorithm: 'HS256', expiresIn: 60 },
    );
    const error = await expectRefused(verifyHS256(token));
    expect(error.reason).toBe('malformed token');
  });

  test('a token signed with another secret', async () => {
    const token = await createAccessToken(
      { sub: 'alice' },
      { secret: 'another secret entirely', algorithm: 'HS256', expiresIn: 60 },
    );
    await expectRefused(verifyHS256(token));
  });

  test('a tampered payload (sub changed, signature kept)', async () => {
    const token = await createAccessToken(
      { sub: 'alice', scopes: [] },
      { secret: SECRET, algorithm: 'HS256', expiresIn: 60 },
    );
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${b64url({ ...claims, sub: 'admin', scopes: ['admin'] })}.${signature}`;
    await expectRefused(verifyHS256(forged));
  });
});

describe('password hashing', () => {
  test('the hash records its scrypt parameters, a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    const [, , , , salt, key] = stored.split('$');
    expect([Buffer.from(salt, 'base64').length, Buffer.from(key, 'base64').length]).toEqual([16, 32]);
  });

  test('two hashes of the same password differ (random salt), and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('secret'), hashPassword('secret')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await Promise.all([verifyPassword('secret', a), verifyPassword('secret', b)])).toEqual([true, true]);
  });

  test('verifyPassword is true for the password and false for any other', async () => {
    const stored = await hashPassword('secret');
    const results = await Promise.all(
      ['secret', 'Secret', 'secret ', '', 'secre'].map((pw) => verifyPassword(pw, stored)),
    );
    expect(results).toEqual([true, false, false, false, false]);
  });

  test('passwords are compared after NFKC normalisation', async () => {
    expect('ｐａｓｓ'.normalize('NFKC')).toBe('pass');
    expect('e\u0301'.normalize('NFKC')).toBe('\u00e9');
    const fullWidth = await hashPassword('ｐａｓｓ');
    const decomposed = await hashPassword('caf\u0065\u0301');
    const results = await Promise.all([
      verifyPassword('pass', fullWidth),
      verifyPassword('ｐａｓｓ', fullWidth),
      verifyPassword('caf\u00e9', decomposed),
      verifyPassword('cafe', decomposed),
      verifyPassword('pas', fullWidth),
    ]);
    expect(results).toEqual([true, true, true, false, false]);
    const other = await hashPassword('пароль🔑密码');
    expect(await Promise.all([verifyPassword('пароль🔑密码', other), verifyPassword('пароль密码', other)])).toEqual([
      true,
      false,
    ]);
  });

  test('no stored hash (undefined or null) is false, even for the dummy password', async () => {
    const results = await Promise.all([
      verifyPassword('secret', undefined),
      verifyPassword('secret', null),
      verifyPassword('not a password', undefined),
      verifyPassword('not a password', null),
    ]);
    expect(results).toEqual([false, false, false, false]);
  });

  /** Each result, or the error it threw, so that one bad case does not hide the others. */
  const outcomes = (hashes: string[]) =>
    Promise.all(hashes.map((stored) => verifyPassword('secret', stored).catch((error: unknown) => error)));

  test('a structurally malformed stored hash is false without throwing', async () => {
    const hashes = [
      'bcrypt$32768$8$1$c2FsdA==$a2V5',
      'scrypt$32768$8$1$c2FsdA==',
      'scrypt$32768$8$1$c2FsdA==$a2V5$extra',
      'scrypt$16384$8$1$c2FsdA==$',
      '',
    ];
    expect(await outcomes(hashes)).toEqual([false, false, false, false, false]);
  });

  test('absurd parameters (N huge, zero, negative or not a number; r fractional) are false without throwing', async () => {
    const hashes = [
      `scrypt$${2 ** 40}$8$1$c2FsdA==$a2V5`,
      'scrypt$0$8$1$c2FsdA==$a2V5',
      'scrypt$-16384$8$1$c2FsdA==$a2V5',
      'scrypt$lots$8$1$c2FsdA==$a2V5',
      'scrypt$16384$8.5$1$c2FsdA==$a2V5',
    ];
    expect(await outcomes(hashes)).toEqual([false, false, false, false, false]);
  });

  test('an N that scrypt itself refuses (not a power of two, or 1) is false without throwing', async () => {
    expect(
      await outcomes(['scrypt$3$8$1$c2FsdA==$a2V5', 'scrypt$1$8$1$c2FsdA==$a2V5', 'scrypt$12345$8$1$c2FsdA==$a2V5']),
    ).toEqual([false, false, false]);
  });
});
