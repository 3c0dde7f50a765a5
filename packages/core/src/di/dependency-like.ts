/**
 * Implemented by objects that act as dependencies (security schemes, for example): the
 * function under this key is what runs; the object itself is the dependency's identity for
 * caching and `app.dependencyOverrides`.
 */
export const DEPENDENCY_CALL = Symbol.for('tsapi.dependency-call');

export interface DependencyObject {
  readonly [DEPENDENCY_CALL]: Function;
}

/** A dependency: a function (sync, async, generator), a `dependency([...], fn)`, a class, or a DependencyObject. */
export type DependencyLike = Function | DependencyObject;

export function isDependencyObject(value: unknown): value is DependencyObject {
  return typeof value === 'object' && value !== null && typeof (value as Partial<DependencyObject>)[DEPENDENCY_CALL] === 'function';
}

export function describeDependency(dependency: unknown): string {
  if (typeof dependency === 'function') return dependency.name || 'an anonymous function';
  if (isDependencyObject(dependency)) return dependency.constructor?.name ?? 'a dependency object';
  return String(dependency);
}

/**
 * Carried by dependency objects that are security schemes: the scheme's name and its OpenAPI
 * Security Scheme Object. Operations that use the scheme list it under `security`.
 */
export const SECURITY_SCHEME = Symbol.for('tsapi.security-scheme');

export interface SecuritySchemeInfo {
  readonly name: string;
  readonly model: Readonly<Record<string, unknown>>;
  /** OAuth2 and OpenID Connect requirements list the route's scopes; the others an empty list. */
  readonly usesScopes: boolean;
}

export function securitySchemeOf(value: unknown): SecuritySchemeInfo | undefined {
  return typeof value === 'object' && value !== null ? (value as { [SECURITY_SCHEME]?: SecuritySchemeInfo })[SECURITY_SCHEME] : undefined;
}
