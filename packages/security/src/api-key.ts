import { Cookie, DEPENDENCY_CALL, Header, Query, dependency, type ParamDecorator } from '@tsapi/core';
import { SecurityBase } from './security-base';

interface APIKeyOptions {
  /** The header, query parameter or cookie that carries the key. */
  name: string;
  schemeName?: string;
  description?: string;
  /** `false`: a missing key gives `undefined` instead of a 401. */
  autoError?: boolean;
}

type Location = 'header' | 'query' | 'cookie';

abstract class APIKeyBase extends SecurityBase {
  readonly name: string;
  abstract readonly location: Location;
  readonly [DEPENDENCY_CALL]: Function;

  constructor(options: APIKeyOptions, read: (name: string, options: { type: 'string'; required: false; includeInSchema: false }) => ParamDecorator) {
    super(options);
    this.name = options.name;
    this[DEPENDENCY_CALL] = dependency([read(options.name, { type: 'string', required: false, includeInSchema: false })], (key?: string) => this.resolve(key));
  }

  protected get model(): Record<string, unknown> {
    return { type: 'apiKey', in: this.location, name: this.name };
  }

  /** Missing or empty: 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: APIKey`. */
  resolve(key: string | undefined): string | undefined {
    if (!key) {
      if (this.autoError) throw this.notAuthenticated('APIKey');
      return undefined;
    }
    return key;
  }
}

/** An API key in a header. @example const apiKey = new APIKeyHeader({ name: 'x-api-key' }); */
export class APIKeyHeader extends APIKeyBase {
  readonly location = 'header' as const;
  constructor(options: APIKeyOptions) {
    super(options, (name, o) => Header(name, { ...o, convertUnderscores: false }));
  }
}

/** An API key in the query string. @example const apiKey = new APIKeyQuery({ name: 'api_key' }); */
export class APIKeyQuery extends APIKeyBase {
  readonly location = 'query' as const;
  constructor(options: APIKeyOptions) {
    super(options, Query);
  }
}

/** An API key in a cookie. @example const apiKey = new APIKeyCookie({ name: 'session' }); */
export class APIKeyCookie extends APIKeyBase {
  readonly location = 'cookie' as const;
  constructor(options: APIKeyOptions) {
    super(options, Cookie);
  }
}
