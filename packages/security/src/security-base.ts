import { DEPENDENCY_CALL, Header, HTTPException, SECURITY_SCHEME, type SecuritySchemeInfo } from '@tsapi/core';

/** The `Authorization` header, read by the HTTP and OAuth2 schemes; the scheme documents it, not a parameter. */
export const authorizationHeader = Header('authorization', { type: 'string', required: false, includeInSchema: false });

/**
 * What every scheme is: a dependency object (its `[DEPENDENCY_CALL]` reads the request) that
 * registers itself in the OpenAPI document under `schemeName` (default: the class name, as
 * FastAPI's `scheme_name`).
 */
export abstract class SecurityBase {
  readonly schemeName: string;
  readonly description?: string;
  readonly autoError: boolean;
  abstract readonly [DEPENDENCY_CALL]: Function;

  constructor(options: { schemeName?: string; description?: string; autoError?: boolean }) {
    this.schemeName = options.schemeName ?? new.target.name;
    this.description = options.description;
    this.autoError = options.autoError ?? true;
  }

  /** The OpenAPI Security Scheme Object. */
  protected abstract get model(): Record<string, unknown>;

  /** Whether the operation's requirement lists the route's scopes (OAuth2, OpenID Connect). */
  protected get usesScopes(): boolean {
    return false;
  }

  get [SECURITY_SCHEME](): SecuritySchemeInfo {
    const model = { ...this.model, ...(this.description !== undefined ? { description: this.description } : {}) };
    return { name: this.schemeName, model, usesScopes: this.usesScopes };
  }

  /** FastAPI 0.122+: missing or malformed credentials are 401 with a challenge, never 403. */
  protected notAuthenticated(challenge: string): HTTPException {
    return new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': challenge });
  }
}

/** `Bearer abc` → `['bearer', 'abc']`; the scheme lower-cased, the rest trimmed. */
export function splitAuthorization(header: string | undefined): [scheme: string, credentials: string] {
  if (!header) return ['', ''];
  const value = header.trim();
  const at = value.indexOf(' ');
  return at === -1 ? [value.toLowerCase(), ''] : [value.slice(0, at).toLowerCase(), value.slice(at + 1).trim()];
}
