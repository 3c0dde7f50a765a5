/**
 * The OAuth2 scopes required by the route and the chain of `Security(dep, scopes)` above the
 * dependency that receives it; injected by type.
 *
 * @example
 * const currentUser = dependency([SecurityScopes, Security(oauth2Scheme)], (scopes: SecurityScopes, token: string) => {
 *   if (!scopes.scopes.every((s) => tokenScopes(token).includes(s))) throw new HTTPException(401, 'Not enough permissions');
 * });
 */
export class SecurityScopes {
  readonly scopes: readonly string[];
  /** The scopes separated by spaces, as OAuth2's `scope` parameter and `WWW-Authenticate` use them. */
  readonly scopeStr: string;

  constructor(scopes: readonly string[] = []) {
    this.scopes = Object.freeze([...scopes]);
    this.scopeStr = this.scopes.join(' ');
  }
}
