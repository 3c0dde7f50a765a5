import { Injectable } from '@tsapi/core';
import { parseDatabaseUrl } from './db/dialect';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const WINDOWS = ['second', 'minute', 'hour', 'day'] as const;
/** A signing key for development only; production refuses to start without its own. */
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';
export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]+$';

/** `max` requests per `timeWindow`, as the route option `rateLimit` takes it. */
export interface RateLimit {
  readonly max: number;
  readonly timeWindow: string;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Everything the service reads from its environment, validated at once by `loadSettings`. The
 * app receives it as a provider: ask for `Settings` by type, or `Depends(Settings)`.
 */
@Injectable()
export class Settings {
  readonly nodeEnv!: NodeEnv;
  readonly host!: string;
  readonly port!: number;
  readonly databaseUrl!: string;
  readonly secretKey!: string;
  readonly corsOrigins!: readonly string[];
  readonly tokenRateLimit!: RateLimit;
  readonly uploadDir!: string;
  readonly logLevel!: LogLevel;
  /** A user created at start-up when missing (`DEMO_USER=name:password`), e.g. to try /docs. */
  readonly demoUser?: Credentials;

  constructor(values: Settings) {
    Object.assign(this, values);
    Object.freeze(this);
  }
}

/** One bad variable: its name, what it was set to (or a description when it is secret), and why. */
export interface SettingProblem {
  readonly variable: string;
  readonly value: string;
  readonly problem: string;
}

/** Start-up refused because of the environment; the message lists every bad variable. */
export class SettingsError extends Error {
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    super(`Invalid settings:\n${problems.map((p) => `  ${p.variable}=${p.value}: ${p.problem}`).join('\n')}`);
    this.name = 'SettingsError';
    this.problems = problems;
    // A stack trace says nothing about an environment variable: printing the error shows the list only.
    this.stack = `${this.name}: ${this.message}`;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the settings from environment variables (`process.env` by default); throws a
 * `SettingsError` naming every variable that is wrong.
 *
 * @example
 * const app = createApp(loadSettings({ DATABASE_URL: ':memory:', NODE_ENV: 'test' }));
 */
export function loadSettings(env: Env = process.env): Settings {
  const problems: SettingProblem[] = [];
  const read = <T>(
    variable: string,
    fallback: T,
    parse: (value: string) => T,
    shown = (value: string) => JSON.stringify(value),
  ): T => {
    const value = env[variable];
    if (value === undefined || value === '') return fallback;
    try {
      return parse(value);
    } catch (error) {
      problems.push({ variable, value: shown(value), problem: (error as Error).message });
      return fallback;
    }
  };
  const nodeEnv = read<NodeEnv>('NODE_ENV', 'development', (value) => oneOf(value, NODE_ENVS));
  const secret = env.TSAPI_SECRET_KEY;
  if (nodeEnv === 'production' && (secret === undefined || secret === '')) {
    problems.push({ variable: 'TSAPI_SECRET_KEY', value: '(not set)', problem: 'required when NODE_ENV=production' });
  }
  const settings = new Settings({
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: read('PORT', 8000, parsePort),
    databaseUrl: read('DATABASE_URL', 'data/app.db', (value) => (parseDatabaseUrl(value), value)),
    secretKey: read(
      'TSAPI_SECRET_KEY',
      DEVELOPMENT_SECRET,
      parseSecret,
      (value) => `(${value.length} characters, not shown)`,
    ),
    corsOrigins: read('CORS_ORIGINS', [], parseOrigins),
    tokenRateLimit: read('TOKEN_RATE_LIMIT', { max: 10, timeWindow: '1 minute' }, parseRateLimit),
    uploadDir: read('UPLOAD_DIR', 'data/uploads', (value) => value),
    logLevel: read<LogLevel>('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', (value) => oneOf(value, LOG_LEVELS)),
    demoUser: read('DEMO_USER', undefined, parseCredentials, (value) => `"${value.split(':')[0]}:…"`),
  });
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`must be one of ${allowed.join(', ')}`);
  return value as T;
}

function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new Error('must be an integer from 0 to 65535');
  return port;
}

function parseSecret(value: string): string {
  if (value.length < 32) throw new Error('must be at least 32 characters long');
  return value;
}

/** A comma-separated list of origins (`https://app.example.com`) or `*`. */
function parseOrigins(value: string): string[] {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed?.origin !== origin)
      throw new Error(
        `"${origin}" is not an origin such as https://app.example.com (scheme, host, optional port, no path)`,
      );
  }
  return origins;
}

/** `5/minute`: a count and one of second, minute, hour, day. */
function parseRateLimit(value: string): RateLimit {
  const match = /^\s*(\d{1,9})\s*\/\s*([a-z]+?)s?\s*$/i.exec(value);
  const unit = match?.[2].toLowerCase() as (typeof WINDOWS)[number] | undefined;
  if (!match || !unit || !WINDOWS.includes(unit) || Number(match[1]) < 1) {
    throw new Error(`must be <count>/<${WINDOWS.join('|')}>, such as 5/minute`);
  }
  return { max: Number(match[1]), timeWindow: `1 ${unit}` };
}

/** `name:password`, with the rules of `POST /users`. */
function parseCredentials(value: string): Credentials {
  const at = value.indexOf(':');
  const username = at < 0 ? value : value.slice(0, at);
  const password = at < 0 ? '' : value.slice(at + 1);
  if (!new RegExp(USERNAME_PATTERN).test(username) || username.length < 3 || username.length > 32) {
    throw new Error('must be name:password, the name 3 to 32 letters, digits, "_", "." or "-"');
  }
  if (password.length < 8) throw new Error('must be name:password, the password at least 8 characters long');
  return { username, password };
}
