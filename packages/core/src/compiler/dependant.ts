import { readCallable, type CallableDef } from '../di/callables';
import { describeDependency, isDependencyObject, type DependencyLike } from '../di/dependency-like';
import { injectedKindOf, injectedTypeNames } from '../di/injected-types';
import { SecurityScopes } from '../di/security-scopes';
import type { DefinitionProblems } from '../errors/definition-error';
import type { ParamMeta } from '../metadata/records';
import type { DependencyDescriptor, DependencyScope } from '../params/options';
import type { FieldType } from '../validation/field-types';
import { buildFieldParam, buildQueryModel, reportUnknownType, wireNameOf, type ParamPlan } from './param-plans';
import { resolveFieldType } from './param-types';
import { checkFieldSchema } from './schema-check';
import { oncePerKey } from '../once-per-key';

/** One use of a dependency: `@Depends(x)` on an argument, or `Depends(x)` in a `dependencies` list. */
export interface DependencyUsePlan {
  /** The argument it fills, or -1 for a `dependencies: [...]` entry (its value is discarded). */
  readonly index: number;
  /** The dependency as written: the key of `app.dependencyOverrides`. */
  readonly dependency: DependencyLike;
  readonly useCache: boolean;
  readonly scope?: DependencyScope;
  readonly plan: DependencyPlan;
}

/** Something whose arguments are resolved per request: a handler or a dependency. */
export interface DependantPlan {
  /** For messages: `Class.method`, or the dependency's name. */
  readonly id: string;
  readonly argCount: number;
  /** Its own path, query, header, cookie, body and injected parameters. */
  readonly params: readonly ParamPlan[];
  /** Resolved before its own parameters are read, in this order (FastAPI's). */
  readonly dependencies: readonly DependencyUsePlan[];
  readonly securityScopes: SecurityScopes;
}

export interface DependencyPlan extends DependantPlan, Pick<CallableDef, 'style' | 'target' | 'generator'> {
  readonly dependency: DependencyLike;
  /** Uses of the same dependency with the same key share one value per request. */
  readonly cacheKey: object;
  readonly usesScopes: boolean;
}

/** A body parameter found anywhere in the tree; the route decides together whether the body is embedded. */
export interface BodyParamDraft {
  readonly into: ParamPlan[];
  readonly index: number;
  readonly meta: ParamMeta;
  readonly type: FieldType | undefined;
  readonly where: string;
  readonly parameter: string;
}

interface Parent {
  readonly where: string;
  readonly securityScopes: readonly string[];
  /** A generator's scope, or the one its use declares: FastAPI's `computed_scope`. */
  readonly scope?: DependencyScope;
}

const cacheKeys = new WeakMap<object, Map<string, object>>();

/**
 * One object per FastAPI cache key (the dependency, the scopes when it uses them, its
 * computed scope), so that a request's cache is a plain Map.
 */
export function cacheKeyOf(dependency: DependencyLike, scopes: readonly string[], scope: DependencyScope | undefined): object {
  const byKey = oncePerKey(cacheKeys, dependency, () => new Map<string, object>());
  const key = `${[...new Set(scopes)].sort().join(' ')}|${scope ?? ''}`;
  return oncePerKey(byKey, key, () => Object.freeze({ dependency, key }));
}

/** Whether the scopes change what a dependency does, so that they belong in its cache key (FastAPI's `_uses_scopes`). */
function usesScopes(dependency: DependencyLike, ownScopes: readonly string[] | undefined, dependant: DependantPlan): boolean {
  return (
    (ownScopes?.length ?? 0) > 0 ||
    isDependencyObject(dependency) ||
    dependant.params.some((p) => p.kind === 'injected' && p.injected === 'security-scopes') ||
    dependant.dependencies.some((use) => use.plan.usesScopes)
  );
}

/** Compiles a handler's or a dependency's arguments, and the dependencies below them, into plans. */
export class DependantCompiler {
  readonly bodyParams: BodyParamDraft[] = [];
  /** Every `@Path` name of the tree, also those whose type was refused: one problem per mistake. */
  readonly pathNames = new Set<string>();
  readonly #problems: DefinitionProblems;
  readonly #memo = new Map<DependencyLike, Map<string, DependencyPlan>>();
  readonly #stack: DependencyLike[] = [];

  constructor(problems: DefinitionProblems) {
    this.#problems = problems;
  }

  /** A handler: its own parameters, with `extra` (route, controller, router and app dependencies) resolved first. */
  buildHandler(id: string, def: Pick<CallableDef, 'metas' | 'designTypes' | 'argCount'>, extra: readonly DependencyDescriptor[]): DependantPlan {
    const extraMetas = extra.map(toMeta);
    return this.#buildDependant(id, id, def, extraMetas, { where: id, securityScopes: [] });
  }

  /** The replacement of one use's dependency (`app.dependencyOverrides`), keeping the use's scopes and scope. */
  buildOverride(replacement: DependencyLike, use: DependencyUsePlan, usedBy: string): DependencyPlan | undefined {
    return this.#buildDependency(replacement, [...use.plan.securityScopes.scopes], undefined, use.scope, usedBy);
  }

  #buildDependant(
    id: string,
    where: string,
    def: Pick<CallableDef, 'metas' | 'designTypes' | 'argCount'>,
    extra: readonly ParamMeta[],
    parent: Parent,
  ): DependantPlan {
    const params: ParamPlan[] = [];
    const dependencies: DependencyUsePlan[] = [];
    for (const meta of extra) {
      const use = this.#buildUse(meta, -1, undefined, parent, 'dependencies');
      if (use) dependencies.push(use);
    }
    for (let index = 0; index < def.argCount; index++) {
      const meta = def.metas[index];
      const designType = def.designTypes[index];
      const parameter = `${index} (${meta?.name ?? 'unnamed'})`;
      if (!meta) {
        const injected = injectedKindOf(designType);
        if (injected) params.push({ kind: 'injected', index, injected });
        else this.#reportUndecorated(where, index);
        continue;
      }
      switch (meta.kind) {
        case 'request':
        case 'reply':
          params.push({ kind: meta.kind, index });
          break;
        case 'by-type': {
          const injected = injectedKindOf(meta.injectedType);
          if (injected) params.push({ kind: 'injected', index, injected });
          else {
            this.#problems.add({
              where,
              parameter: `${index}`,
              problem: `${meta.injectedType?.name ?? 'this class'} is not a type tsapi injects`,
              fix: `use a descriptor such as Query('q', { type: 'string' }) or Depends(${meta.injectedType?.name ?? 'dep'}); injected types are ${injectedTypeNames()}`,
            });
          }
          break;
        }
        case 'depends':
        case 'security': {
          const use = this.#buildUse(meta, index, designType, parent, parameter);
          if (use) dependencies.push(use);
          break;
        }
        case 'file': {
          const spec = meta.options.type;
          const list = designType === Array || (Array.isArray(spec) && spec.length === 1);
          const required = meta.options.required ?? meta.options.default === undefined;
          params.push({ kind: 'file', index, name: meta.name!, wireName: meta.options.alias ?? meta.name!, list, required, options: meta.options });
          break;
        }
        case 'body': {
          const type = resolveFieldType(meta.options, designType);
          if (!type) reportUnknownType(this.#problems, where, parameter, meta, designType);
          this.bodyParams.push({ into: params, index, meta, type, where, parameter });
          break;
        }
        case 'query':
        case 'path':
        case 'header':
        case 'cookie':
        case 'form': {
          const plan = this.#buildField(index, meta, designType, where, parameter);
          if (plan) params.push(plan);
          break;
        }
      }
    }
    return { id, argCount: def.argCount, params, dependencies, securityScopes: new SecurityScopes(parent.securityScopes) };
  }

  #buildField(index: number, meta: ParamMeta, designType: unknown, where: string, parameter: string): ParamPlan | undefined {
    if ((meta.kind === 'query' || meta.kind === 'form') && meta.name === undefined) return buildQueryModel(index, meta, designType, this.#problems, where, meta.kind);
    const source = meta.kind as 'path' | 'query' | 'header' | 'cookie' | 'form';
    if (source === 'path') this.pathNames.add(wireNameOf('path', meta.name!, meta.options));
    const type = resolveFieldType(meta.options, designType);
    if (!type) {
      reportUnknownType(this.#problems, where, parameter, meta, designType);
      return undefined;
    }
    if (type.kind === 'model' || (type.kind === 'list' && type.items.kind === 'model')) {
      this.#problems.add({
        where,
        parameter,
        problem: `a ${source} parameter cannot be a model`,
        fix: source === 'query' ? 'use @Query() without a name for a query model' : source === 'form' ? 'read a JSON body with @Body, or one @Form per field' : 'use a scalar type',
      });
      return undefined;
    }
    if (!checkFieldSchema(where, `${source} parameter '${meta.name!}'`, type, this.#problems, parameter)) return undefined;
    return buildFieldParam(index, source, meta.name!, meta.options, type);
  }

  #reportUndecorated(where: string, index: number): void {
    this.#problems.add({
      where,
      parameter: `${index}`,
      problem: 'it has no parameter decorator, so tsapi does not know where its value comes from',
      fix: `decorate it with @Path, @Query, @Header, @Cookie, @Body, @Form, @Depends, @Security, @Req or @Res, or type it with an injected class (${injectedTypeNames()})`,
    });
  }

  #buildUse(meta: ParamMeta, index: number, designType: unknown, parent: Parent, parameter: string): DependencyUsePlan | undefined {
    const dependency = meta.dependency ?? (isUserClass(designType) ? (designType as Function) : undefined);
    if (dependency === undefined) {
      this.#problems.add({
        where: parent.where,
        parameter,
        problem: meta.dependency === undefined && index >= 0 ? '@Depends() without an argument needs the parameter typed with a class' : 'the dependency is missing (undefined)',
        fix: 'name the dependency: @Depends(CommonQuery) or Depends(verifyToken) (check for a circular import if it is named already)',
      });
      return undefined;
    }
    if (parent.scope === 'request' && meta.scope === 'function') {
      this.#problems.add({
        where: parent.where,
        parameter,
        problem: `it cleans up after the response (scope 'request') but depends on ${describeDependency(dependency)} with scope 'function', which would be cleaned up first`,
        fix: `give ${describeDependency(dependency)} scope 'request', or give the dependency that uses it scope 'function'`,
      });
      return undefined;
    }
    if (this.#stack.includes(dependency)) {
      const chain = [...this.#stack.slice(this.#stack.indexOf(dependency)), dependency].map(describeDependency).join(' → ');
      this.#problems.add({
        where: chain,
        problem: 'dependencies depend on each other in a cycle',
        fix: 'break the cycle: move what both need into a dependency of its own',
      });
      return undefined;
    }
    const securityScopes = [...new Set([...parent.securityScopes, ...(meta.scopes ?? [])])];
    const plan = this.#buildDependency(dependency, securityScopes, meta.scopes, meta.scope, parent.where);
    if (!plan) return undefined;
    return { index, dependency, useCache: meta.useCache ?? true, scope: meta.scope, plan };
  }

  #buildDependency(
    dependency: DependencyLike,
    securityScopes: string[],
    ownScopes: readonly string[] | undefined,
    declaredScope: DependencyScope | undefined,
    usedBy: string,
  ): DependencyPlan | undefined {
    const callable = readCallable(dependency);
    const scope = declaredScope ?? (callable?.generator ? 'request' : undefined);
    const memoKey = `${securityScopes.join(' ')}|${ownScopes?.join(' ')}|${scope}`;
    const known = this.#memo.get(dependency)?.get(memoKey);
    if (known) return known;
    const name = describeDependency(dependency);
    if (!callable) {
      this.#problems.add({ where: usedBy, problem: `${name} is not a function, a class or a dependency object`, fix: 'pass a function or a class to Depends()' });
      return undefined;
    }
    const where = `${name} (a dependency of ${usedBy})`;
    if (callable.undeclared) {
      this.#problems.add({
        where,
        problem: `it takes ${callable.target.length} parameter(s), but a plain function carries no parameter types at run time`,
        fix: `declare them: dependency([Query('q', { type: 'string' }), Depends(other)], ${name || 'fn'})`,
      });
      return undefined;
    }
    this.#stack.push(dependency);
    const dependant = this.#buildDependant(name, where, callable, [], { where, securityScopes, scope });
    this.#stack.pop();
    const scoped = usesScopes(dependency, ownScopes, dependant);
    const cacheKey = cacheKeyOf(dependency, scoped ? securityScopes : [], scope);
    const plan: DependencyPlan = { ...dependant, dependency, style: callable.style, target: callable.target, generator: callable.generator, cacheKey, usesScopes: scoped };
    const byKey = this.#memo.get(dependency) ?? new Map<string, DependencyPlan>();
    this.#memo.set(dependency, byKey.set(memoKey, plan));
    return plan;
  }
}

function toMeta(descriptor: DependencyDescriptor): ParamMeta {
  return {
    kind: descriptor.scopes ? 'security' : 'depends',
    options: {},
    dependency: descriptor.dependency,
    useCache: descriptor.useCache,
    scope: descriptor.scope,
    scopes: descriptor.scopes,
  };
}

const BUILT_INS: ReadonlySet<unknown> = new Set([Object, String, Number, Boolean, Array, Date, Function, Promise, Map, Set]);

function isUserClass(type: unknown): boolean {
  return typeof type === 'function' && !BUILT_INS.has(type);
}
