import { DEPENDENCY_CALL, HTTPException, dependency } from '@tsapi/core';
import { authorizationHeader, SecurityBase, splitAuthorization } from './security-base';

/** What `HTTPBearer` and `HTTPDigest` give: the scheme as sent and its credentials. */
export interface HTTPAuthorizationCredentials {
  readonly scheme: string;
  readonly credentials: string;
}

export interface HTTPBasicCredentials {
  readonly username: string;
  readonly password: string;
}

interface SchemeOptions {
  schemeName?: string;
  description?: string;
  /** `false`: missing credentials give `undefined` instead of a 401. */
  autoError?: boolean;
}

/**
 * `Authorization: Bearer <token>`. Missing, another scheme or empty credentials: 401
 * `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`.
 *
 * @example
 * const bearer = new HTTPBearer();
 * me(@Depends(bearer) credentials: HTTPAuthorizationCredentials) { return credentials.credentials; }
 */
export class HTTPBearer extends SecurityBase {
  readonly bearerFormat?: string;
  readonly [DEPENDENCY_CALL] = dependency([authorizationHeader], (header?: string) => this.resolve(header));

  constructor(options: SchemeOptions & { bearerFormat?: string } = {}) {
    super(options);
    this.bearerFormat = options.bearerFormat;
  }

  protected get model(): Record<string, unknown> {
    return { type: 'http', scheme: 'bearer', ...(this.bearerFormat ? { bearerFormat: this.bearerFormat } : {}) };
  }

  resolve(header: string | undefined): HTTPAuthorizationCredentials | undefined {
    const [scheme, credentials] = splitAuthorization(header);
    if (scheme !== 'bearer' || credentials === '') {
      if (this.autoError) throw this.notAuthenticated('Bearer');
      return undefined;
    }
    return { scheme: header!.trim().split(' ')[0], credentials };
  }
}

/**
 * `Authorization: Basic <base64(username:password)>`. Missing: 401 with `WWW-Authenticate: Basic`
 * (or `Basic realm="…"`); undecodable credentials are 401 even with `autoError: false`.
 */
export class HTTPBasic extends SecurityBase {
  readonly realm?: string;
  readonly [DEPENDENCY_CALL] = dependency([authorizationHeader], (header?: string) => this.resolve(header));

  constructor(options: SchemeOptions & { realm?: string } = {}) {
    super(options);
    this.realm = options.realm;
  }

  protected get model(): Record<string, unknown> {
    return { type: 'http', scheme: 'basic' };
  }

  get #challenge(): string {
    return this.realm === undefined ? 'Basic' : `Basic realm="${this.realm}"`;
  }

  resolve(header: string | undefined): HTTPBasicCredentials | undefined {
    const [scheme, encoded] = splitAuthorization(header);
    if (scheme !== 'basic') {
      if (this.autoError) throw this.notAuthenticated(this.#challenge);
      return undefined;
    }
    const invalid = new HTTPException(401, 'Invalid authentication credentials', { 'WWW-Authenticate': this.#challenge });
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) throw invalid;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw invalid;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
}

/** `Authorization: Digest …`: the credentials are handed over as they are, for the app to check (as FastAPI's). */
export class HTTPDigest extends SecurityBase {
  readonly [DEPENDENCY_CALL] = dependency([authorizationHeader], (header?: string) => this.resolve(header));

  constructor(options: SchemeOptions = {}) {
    super(options);
  }

  protected get model(): Record<string, unknown> {
    return { type: 'http', scheme: 'digest' };
  }

  resolve(header: string | undefined): HTTPAuthorizationCredentials | undefined {
    const [scheme, credentials] = splitAuthorization(header);
    if (scheme !== 'digest' || credentials === '') {
      if (this.autoError) throw this.notAuthenticated('Digest');
      return undefined;
    }
    return { scheme: header!.trim().split(' ')[0], credentials };
  }
}
