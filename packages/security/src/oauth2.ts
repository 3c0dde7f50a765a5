import { DEPENDENCY_CALL, Form, dependency } from '@tsapi/core';
import { authorizationHeader, SecurityBase, splitAuthorization } from './security-base';

interface OAuth2Options {
  schemeName?: string;
  description?: string;
  /** `false`: a missing token gives `undefined` instead of a 401. */
  autoError?: boolean;
  /** Scope names and their descriptions, shown in Swagger UI's Authorize dialog. */
  scopes?: Record<string, string>;
  refreshUrl?: string;
}

abstract class BearerTokenScheme extends SecurityBase {
  readonly [DEPENDENCY_CALL] = dependency([authorizationHeader], (header?: string) => this.resolve(header));

  protected override get usesScopes(): boolean {
    return true;
  }

  /** The token of `Authorization: Bearer <token>`; else 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`. */
  resolve(header: string | undefined): string | undefined {
    const [scheme, token] = splitAuthorization(header);
    if (scheme !== 'bearer' || token === '') {
      if (this.autoError) throw this.notAuthenticated('Bearer');
      return undefined;
    }
    return token;
  }
}

/**
 * OAuth2's password flow: the client gets a token from `tokenUrl` (a route reading
 * `OAuth2PasswordRequestForm`) and sends it as `Authorization: Bearer <token>`; the dependency
 * gives the token. Swagger UI's "Authorize" uses `tokenUrl`.
 *
 * @example
 * const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: 'token' });
 * const currentUser = dependency([Depends(oauth2Scheme)], async (token: string) => decode(token));
 */
export class OAuth2PasswordBearer extends BearerTokenScheme {
  readonly tokenUrl: string;
  readonly scopes: Record<string, string>;
  readonly refreshUrl?: string;

  constructor(options: OAuth2Options & { tokenUrl: string }) {
    super(options);
    this.tokenUrl = options.tokenUrl;
    this.scopes = options.scopes ?? {};
    this.refreshUrl = options.refreshUrl;
  }

  protected get model(): Record<string, unknown> {
    const flow = { ...(this.refreshUrl ? { refreshUrl: this.refreshUrl } : {}), scopes: this.scopes, tokenUrl: this.tokenUrl };
    return { type: 'oauth2', flows: { password: flow } };
  }
}

/** OAuth2's authorization-code flow; the dependency gives the bearer token, as FastAPI's. */
export class OAuth2AuthorizationCodeBearer extends BearerTokenScheme {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly scopes: Record<string, string>;
  readonly refreshUrl?: string;

  constructor(options: OAuth2Options & { authorizationUrl: string; tokenUrl: string }) {
    super(options);
    this.authorizationUrl = options.authorizationUrl;
    this.tokenUrl = options.tokenUrl;
    this.scopes = options.scopes ?? {};
    this.refreshUrl = options.refreshUrl;
  }

  protected get model(): Record<string, unknown> {
    const flow = {
      authorizationUrl: this.authorizationUrl,
      tokenUrl: this.tokenUrl,
      ...(this.refreshUrl ? { refreshUrl: this.refreshUrl } : {}),
      scopes: this.scopes,
    };
    return { type: 'oauth2', flows: { authorizationCode: flow } };
  }
}

/** OpenID Connect discovery; the dependency gives the `Authorization` header as sent, as FastAPI's. */
export class OpenIdConnect extends SecurityBase {
  readonly openIdConnectUrl: string;
  readonly [DEPENDENCY_CALL] = dependency([authorizationHeader], (header?: string) => {
    if (!header) {
      if (this.autoError) throw this.notAuthenticated('Bearer');
      return undefined;
    }
    return header;
  });

  constructor(options: { openIdConnectUrl: string; schemeName?: string; description?: string; autoError?: boolean }) {
    super(options);
    this.openIdConnectUrl = options.openIdConnectUrl;
  }

  protected override get usesScopes(): boolean {
    return true;
  }

  protected get model(): Record<string, unknown> {
    return { type: 'openIdConnect', openIdConnectUrl: this.openIdConnectUrl };
  }
}

/**
 * The form of OAuth2's password flow (`application/x-www-form-urlencoded`): `username`,
 * `password`, `scope` (space-separated, also given as `scopes`), and optionally `grant_type`,
 * `client_id`, `client_secret`. A class dependency: `@Depends() form: OAuth2PasswordRequestForm`.
 */
export class OAuth2PasswordRequestForm {
  readonly scopes: readonly string[];

  constructor(
    @Form('username', { type: 'string' }) readonly username: string,
    @Form('password', { type: 'string', format: 'password' }) readonly password: string,
    @Form('scope', { type: 'string', default: '' }) readonly scope: string = '',
    @Form('grant_type', { type: 'string', required: false, pattern: '^password$' }) readonly grant_type?: string,
    @Form('client_id', { type: 'string', required: false }) readonly client_id?: string,
    @Form('client_secret', { type: 'string', required: false, format: 'password' }) readonly client_secret?: string,
  ) {
    this.scopes = scope.split(' ').filter(Boolean);
  }
}

/** As `OAuth2PasswordRequestForm`, with `grant_type` required to be `password`, as the spec says. */
export class OAuth2PasswordRequestFormStrict extends OAuth2PasswordRequestForm {
  constructor(
    @Form('grant_type', { type: 'string', pattern: '^password$' }) grant_type: string,
    @Form('username', { type: 'string' }) username: string,
    @Form('password', { type: 'string' }) password: string,
    @Form('scope', { type: 'string', default: '' }) scope: string = '',
    @Form('client_id', { type: 'string', required: false }) client_id?: string,
    @Form('client_secret', { type: 'string', required: false }) client_secret?: string,
  ) {
    super(username, password, scope, grant_type, client_id, client_secret);
  }
}
