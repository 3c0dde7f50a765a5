import { HTTPException } from '@tsapi/core';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

/** Tokens longer than this are refused before any parsing: no legitimate access token is near it. */
const MAX_TOKEN_LENGTH = 8192;

export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/** Key material: a shared secret (HS*) or a private/public `KeyObject` (RS*, PS*, ES*, EdDSA). */
type Secret = string | Uint8Array | KeyObject;

export interface CreateTokenOptions {
  /** HS* algorithms. */
  secret?: Secret;
  /** RS*, PS*, ES* and EdDSA algorithms. */
  privateKey?: KeyObject;
  algorithm: JwtAlgorithm;
  /** `exp` from now: seconds, or a span such as `'30m'`, `'2h'`. */
  expiresIn?: number | string;
  audience?: string | string[];
  issuer?: string;
  subject?: string;
}

export interface VerifyTokenOptions {
  secret?: Secret;
  publicKey?: KeyObject;
  /** The algorithms accepted; required, and `none` is never one of them. */
  algorithms: readonly JwtAlgorithm[];
  audience?: string | string[];
  issuer?: string | string[];
  /** `exp` must be present (default true). */
  requireExpiry?: boolean;
  /** Leeway for `exp`/`nbf`, in seconds. */
  clockTolerance?: number;
}

/**
 * A token that cannot be trusted: a 401 with `WWW-Authenticate: Bearer` and FastAPI's tutorial
 * message. `reason` (for logs) says why; the client never sees it.
 */
export class InvalidTokenError extends HTTPException {
  readonly reason: string;

  constructor(reason: string) {
    super(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
    this.reason = reason;
  }
}

/** An expired token, told apart so that clients may refresh. */
export class ExpiredTokenError extends InvalidTokenError {}

function keyOf(secret: Secret | undefined, key: KeyObject | undefined, algorithm: string, role: string): KeyObject | Uint8Array {
  const symmetric = algorithm.startsWith('HS');
  if (symmetric) {
    if (secret === undefined) throw new TypeError(`${algorithm} needs \`secret\``);
    if (typeof secret === 'string') return createSecretKey(Buffer.from(secret, 'utf8'));
    return secret;
  }
  if (key === undefined) throw new TypeError(`${algorithm} needs \`${role}\``);
  return key;
}

/**
 * Signs claims into a JWT (jose). The algorithm is required; HS* take `secret`, the others a
 * `privateKey`.
 *
 * @example
 * const token = await createAccessToken({ sub: user.name, scopes: ['me'] }, { secret, algorithm: 'HS256', expiresIn: '30m' });
 */
export async function createAccessToken(claims: JWTPayload, options: CreateTokenOptions): Promise<string> {
  const { algorithm } = options;
  if (!algorithm || (algorithm as string).toLowerCase() === 'none') throw new TypeError('createAccessToken: a signing algorithm is required, and "none" is refused');
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).setIssuedAt();
  if (options.expiresIn !== undefined) jwt.setExpirationTime(typeof options.expiresIn === 'number' ? Math.floor(Date.now() / 1000) + options.expiresIn : options.expiresIn);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  return jwt.sign(keyOf(options.secret, options.privateKey, algorithm, 'privateKey'));
}

/**
 * Verifies a JWT and gives its claims: signature with one of `algorithms` (an allow-list,
 * required; `none` refused), `exp` required and enforced, `nbf`, and `audience`/`issuer` when
 * given. Any failure is an `InvalidTokenError` (401), `ExpiredTokenError` for an expired one.
 *
 * @example
 * const claims = await verifyAccessToken(token, { secret, algorithms: ['HS256'] });
 */
export async function verifyAccessToken(token: string, options: VerifyTokenOptions): Promise<JWTPayload> {
  const algorithms = [...(options.algorithms ?? [])];
  if (algorithms.length === 0 || algorithms.some((a) => (a as string).toLowerCase() === 'none')) {
    throw new TypeError('verifyAccessToken: `algorithms` must list the accepted signing algorithms, and "none" is refused');
  }
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('malformed token');
  const symmetric = algorithms.every((a) => a.startsWith('HS'));
  const asymmetric = algorithms.every((a) => !a.startsWith('HS'));
  if (!symmetric && !asymmetric) throw new TypeError('verifyAccessToken: do not mix HS* with public-key algorithms in one allow-list');
  const key = keyOf(options.secret, options.publicKey, algorithms[0], 'publicKey');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms,
      audience: options.audience,
      issuer: options.issuer,
      requiredClaims: options.requireExpiry === false ? [] : ['exp'],
      clockTolerance: options.clockTolerance,
    });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new ExpiredTokenError('token expired');
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new InvalidTokenError(code);
  }
}
