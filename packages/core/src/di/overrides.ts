import { DependantCompiler, type DependencyUsePlan } from '../compiler/dependant';
import type { PathDef } from '../compiler/path';
import { describeDependency, type DependencyLike } from './dependency-like';
import { DefinitionProblems } from '../errors/definition-error';
import { compileDependant, type CompiledUse, type OverrideLookup } from './resolver';
import { freezeDependant } from '../compiler/freeze';

interface Compiled {
  readonly replacement: unknown;
  readonly dependant: CompiledUse['dependant'];
}

/**
 * Looks up `app.dependencyOverrides` for each use, per request, so that an override set after
 * `ready()` applies at once. A replacement is compiled the first time a route meets it and kept
 * until the override changes; its mistakes surface as a DefinitionError on that request.
 */
export function buildOverrideLookup(overrides: ReadonlyMap<unknown, unknown>, route: { readonly id: string; readonly path: PathDef }): OverrideLookup {
  // Made on the first override met: most apps (and every route outside tests) never need one.
  let compiled: Map<DependencyUsePlan, Compiled> | undefined;
  return (use) => {
    if (overrides.size === 0) return undefined;
    const replacement = overrides.get(use.dependency);
    if (replacement === undefined) return undefined;
    const known = compiled?.get(use);
    if (known !== undefined && known.replacement === replacement) return known.dependant;
    const dependant = compileOverride(replacement as DependencyLike, use, route);
    (compiled ??= new Map()).set(use, { replacement, dependant });
    return dependant;
  };
}

function compileOverride(replacement: DependencyLike, use: DependencyUsePlan, route: { readonly id: string; readonly path: PathDef }): CompiledUse['dependant'] {
  const problems = new DefinitionProblems();
  const compiler = new DependantCompiler(problems);
  const usedBy = `${route.id} (overriding ${describeDependency(use.dependency)})`;
  const plan = compiler.buildOverride(replacement, use, usedBy);
  if (compiler.bodyParams.length > 0) {
    problems.add({
      where: usedBy,
      problem: 'an override cannot add body parameters: the route\'s body schema is fixed when the app starts',
      fix: 'read the body in the route or the original dependency, or use @Req() in the override',
    });
  }
  for (const name of compiler.pathNames) {
    if (!route.path.params.has(name)) {
      problems.add({ where: usedBy, problem: `it reads @Path('${name}'), which is not in ${route.path.openapi}`, fix: 'read a parameter of the route\'s path' });
    }
  }
  problems.throwIfAny();
  return compileDependant(freezeDependant(plan!), route.path.params);
}
