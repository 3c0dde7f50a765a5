import { describeDependency, type DependencyLike } from '../di/dependency-like';
import { DECLARED_DEPENDENCY } from '../metadata/keys';
import { readOwnRecord, writeRecord } from '../metadata/design-types';
import type { ParamMeta } from '../metadata/records';
import type { DependencyDescriptor, DependsOptions } from '../params/options';
import { makeParamDecorator, readParamDescriptor, type ParamDecorator } from './params';

/** `@Depends(x)` on a parameter, or `Depends(x)` in `dependencies: [...]` and `dependency([...])` lists. */
export type DependsDecorator = ParamDecorator & DependencyDescriptor;

function describedDecorator(meta: ParamMeta): DependsDecorator {
  const descriptor: DependencyDescriptor = { dependency: meta.dependency, useCache: meta.useCache, scope: meta.scope, scopes: meta.scopes };
  return Object.assign(makeParamDecorator(meta), descriptor);
}

/**
 * The value of a dependency: a function (sync, async, generator, async generator), a
 * `dependency([...], fn)`, or a class whose constructor parameters are request parameters.
 * Without an argument, the parameter's class is the dependency. Within one request a dependency
 * runs once, however often it is used (`useCache: false` opts out).
 *
 * @example
 * list(@Depends() commons: CommonQuery, @Depends(getDb) db: Db) {}
 * @Controller('/admin', { dependencies: [Depends(verifyToken)] })
 */
export function Depends(dependency?: DependencyLike, options: DependsOptions = {}): DependsDecorator {
  return describedDecorator({ kind: 'depends', options: {}, dependency, useCache: options.useCache, scope: options.scope });
}

/**
 * As `Depends`, adding OAuth2 scopes that the dependency (and those below it) see in
 * `SecurityScopes`.
 *
 * @example
 * me(@Security(currentUser, ['me']) user: User) {}
 */
export function Security(dependency: DependencyLike, scopes: readonly string[] = [], options: DependsOptions = {}): DependsDecorator {
  return describedDecorator({ kind: 'security', options: {}, dependency, useCache: options.useCache, scope: options.scope, scopes: [...scopes] });
}

/** A parameter of `dependency([...], fn)`: a descriptor such as `Query('q')`, or an injected class such as `SecurityScopes`. */
export type DependencyParam = ParamDecorator | Function;

export interface DeclaredDependency {
  readonly params: readonly ParamMeta[];
  readonly fn: Function;
}

/**
 * A function dependency whose parameters are declared with the same descriptors used as
 * decorators; the function receives them in order. Plain functions carry no parameter types at
 * run time, so every parameter is declared here.
 *
 * @example
 * const currentUser = dependency(
 *   [Header('authorization'), Depends(getDb)],
 *   async (authorization: string, db: Db) => db.userForToken(authorization),
 * );
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dependency<F extends (...args: any[]) => unknown>(params: readonly DependencyParam[], fn: F): F {
  const metas = params.map((param, index): ParamMeta => {
    const meta = readParamDescriptor(param);
    if (meta) return meta;
    if (typeof param === 'function') return { kind: 'by-type', options: {}, injectedType: param };
    throw new TypeError(`dependency(): parameter ${index} of ${describeDependency(fn)} is neither a parameter descriptor nor a class`);
  });
  const declared = function (this: unknown, ...args: unknown[]) {
    return fn.apply(this, args);
  };
  Object.defineProperty(declared, 'name', { value: fn.name });
  writeRecord<DeclaredDependency>(declared, DECLARED_DEPENDENCY, { params: Object.freeze(metas), fn });
  return declared as unknown as F;
}

export function readDeclaredDependency(target: Function): DeclaredDependency | undefined {
  return readOwnRecord<DeclaredDependency>(target, DECLARED_DEPENDENCY);
}
