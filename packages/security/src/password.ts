import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const DEFAULTS = { N: 2 ** 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Hashes a password with scrypt (node:crypto) and a random salt, off the event loop. The result
 * records its parameters: `scrypt$N$r$p$salt$hash` (base64), so that they can grow later.
 *
 * @example
 * const stored = await hashPassword('correct horse');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, DEFAULTS, KEY_LENGTH);
  return ['scrypt', DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash in constant time. With no hash (an unknown user) it
 * still derives a key from a dummy hash, so that unknown users take as long as wrong passwords.
 *
 * @example
 * const ok = await verifyPassword(form.password, user?.passwordHash);
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const encoded = stored ?? (await (dummyHash ??= hashPassword('not a password')));
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  // scrypt needs N a power of two; and a stored hash must not make us allocate more than 64 MiB or spin for long.
  if (N < 2 || (N & (N - 1)) !== 0 || 128 * N * r > 64 * 1024 * 1024 || p > 16) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length === 0 || expected.length > 128) return false;
  let actual: Buffer;
  try {
    actual = await derive(password, salt, { N, r, p }, expected.length);
  } catch {
    return false;
  }
  return timingSafeEqual(actual, expected) && stored != null;
}
