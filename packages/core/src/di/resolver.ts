import type { DependantPlan, DependencyPlan, DependencyUsePlan } from '../compiler/dependant';
import { DependencyError } from '../errors/dependency-error';
import type { ValidationErrorItem } from '../errors/request-validation-error';
import { buildArgReaders, type ArgReader } from './arg-readers';
import { ExitStack } from './exit-stack';
import type { RequestScope } from './request-scope';

/** The value of a dependant whose inputs did not validate: it is not called, and neither is anything above it. */
export const FAILED: unique symbol = Symbol('failed');

/** A DependantPlan with its readers built for one route (path parameter keys differ per route). */
export interface CompiledDependant {
  readonly plan: DependantPlan;
  readonly argCount: number;
  readonly readers: readonly ArgReader[];
  readonly indexes: readonly number[];
  /** `undefined`: no body parameter; `null`: the whole body; else the embedded names it reads. */
  readonly bodyNames: ReadonlySet<string> | null | undefined;
  readonly uses: readonly CompiledUse[];
}

export interface CompiledUse {
  readonly use: DependencyUsePlan;
  readonly dependant: CompiledDependant & { readonly plan: DependencyPlan };
}

/** Replaces a use's dependency for this request (`app.dependencyOverrides`); `undefined` keeps it. */
export type OverrideLookup = (use: DependencyUsePlan) => CompiledUse['dependant'] | undefined;

export function compileDependant<P extends DependantPlan>(plan: P, pathKeys: ReadonlyMap<string, string>): CompiledDependant & { readonly plan: P } {
  const { readers, indexes } = buildArgReaders(plan, pathKeys);
  const bodies = plan.params.flatMap((p) => (p.kind === 'body' ? [p] : []));
  const bodyNames = bodies.length === 0 ? undefined : bodies.some((b) => b.embedName === undefined) ? null : new Set(bodies.map((b) => b.embedName!));
  const uses = plan.dependencies.map((use) => ({ use, dependant: compileDependant(use.plan, pathKeys) }));
  return { plan, argCount: plan.argCount, readers, indexes, bodyNames, uses };
}

/** Hands the dependant the body errors about its own `@Body` parameters, in FastAPI's position: after its other parameters. */
function claimBodyErrors(bodyNames: ReadonlySet<string> | null, scope: RequestScope): void {
  const items = scope.bodyItems;
  if (items === undefined) return;
  const mine: ValidationErrorItem[] = [];
  const rest: ValidationErrorItem[] = [];
  for (const item of items) (bodyNames === null || item.loc.length < 2 || bodyNames.has(String(item.loc[1])) ? mine : rest).push(item);
  scope.errors.push(...mine);
  scope.bodyItems = rest.length > 0 ? rest : undefined;
}

/** Reads a dependant's own parameters into `args`; answers FAILED when any of them, or a dependency before, failed. */
export function readOwnArgs(compiled: CompiledDependant, scope: RequestScope, args: unknown[], failed: boolean): unknown[] | typeof FAILED {
  const { errors } = scope;
  const before = errors.length;
  const { readers, indexes } = compiled;
  for (let i = 0; i < readers.length; i++) args[indexes[i]] = readers[i](scope);
  if (compiled.bodyNames !== undefined) claimBodyErrors(compiled.bodyNames, scope);
  return failed || errors.length > before ? FAILED : args;
}

/**
 * Resolves a dependant's arguments as FastAPI's `solve_dependencies`: dependencies first, in
 * order and depth-first, each called only when its own inputs are valid (so an HTTPException it
 * throws wins over validation errors gathered elsewhere); then its own parameters. Sync work
 * stays sync: a promise is only awaited where a dependency returned one.
 */
export function resolveArgs(compiled: CompiledDependant, scope: RequestScope, override: OverrideLookup): unknown[] | typeof FAILED | Promise<unknown[] | typeof FAILED> {
  if (compiled.uses.length === 0) return readOwnArgs(compiled, scope, new Array(compiled.argCount), false);
  return resolveWithDependencies(compiled, scope, override);
}

async function resolveWithDependencies(compiled: CompiledDependant, scope: RequestScope, override: OverrideLookup): Promise<unknown[] | typeof FAILED> {
  const args = new Array(compiled.argCount);
  let failed = false;
  // One loop with plain awaits: a chain of `.then` per dependency costs extra microtask turns.
  for (const { use, dependant: own } of compiled.uses) {
    const dependant = override(use) ?? own;
    const { plan } = dependant;
    let value: unknown;
    if (use.useCache && scope.cache !== undefined && scope.cache.has(plan.cacheKey)) {
      value = scope.cache.get(plan.cacheKey);
    } else {
      let inputs = resolveArgs(dependant, scope, override);
      if (inputs instanceof Promise) inputs = await inputs;
      if (inputs === FAILED) value = FAILED;
      else if (plan.style === 'provider') value = scope.providers.get(plan.target);
      else if (plan.style === 'class') value = Reflect.construct(plan.target, inputs);
      else {
        value = (plan.target as (...a: unknown[]) => unknown)(...inputs);
        if (plan.generator !== undefined) {
          const generator = value as Generator | AsyncGenerator;
          let step = generator.next();
          if (step instanceof Promise) step = await step;
          value = enter(generator, step as IteratorResult<unknown>, use, plan, scope);
        } else if (value instanceof Promise) value = await value;
      }
      // As FastAPI's, the first value stays: a `useCache: false` use gets its own without replacing it.
      const cache = (scope.cache ??= new Map());
      if (!cache.has(plan.cacheKey)) cache.set(plan.cacheKey, value);
    }
    if (value === FAILED) failed = true;
    else if (use.index >= 0) args[use.index] = value;
  }
  return readOwnArgs(compiled, scope, args, failed);
}

function enter(generator: Generator | AsyncGenerator, step: IteratorResult<unknown>, use: DependencyUsePlan, plan: DependencyPlan, scope: RequestScope): unknown {
  if (step.done) throw new DependencyError(`the generator dependency ${plan.id} returned without yielding a value`);
  (scope.exits ??= new ExitStack()).enter(generator, use.scope ?? 'request', plan.id);
  return step.value;
}
