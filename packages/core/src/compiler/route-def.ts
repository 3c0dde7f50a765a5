import type { Inclusion } from '../app/router';
import { Router } from '../app/router';
import type { DefinitionProblems } from '../errors/definition-error';
import { readController, readRoutes, type Constructor, type RouteMeta } from '../metadata/records';
import type { DependencyDescriptor } from '../params/options';
import { joinPaths } from './path';

/** A route as scanned: its controller, method and everything its enclosing routers add. */
export interface RouteDef {
  readonly controller: Constructor;
  readonly route: RouteMeta;
  readonly path: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly DependencyDescriptor[];
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
}

interface Scope {
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly DependencyDescriptor[];
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
}

export const ROOT_SCOPE: Scope = { prefix: '', tags: [], dependencies: [], deprecated: false, includeInSchema: true };

/**
 * Walks the app's inclusions into RouteDefs. Prefixes, tags and dependencies accumulate outer to
 * inner: app, `include(…, options)`, routers, controller, route (FastAPI's `include_router`).
 */
export function scanRoutes(inclusions: readonly Inclusion[], problems: DefinitionProblems, scope: Scope = ROOT_SCOPE): RouteDef[] {
  return inclusions.flatMap((inclusion) => scanInclusion(inclusion, problems, scope));
}

function scanInclusion(inclusion: Inclusion, problems: DefinitionProblems, outer: Scope): RouteDef[] {
  const { options, target } = inclusion;
  const scope: Scope = {
    ...outer,
    prefix: joinPaths(outer.prefix, options.prefix ?? ''),
    tags: [...outer.tags, ...(options.tags ?? [])],
    dependencies: [...outer.dependencies, ...(options.dependencies ?? [])],
  };
  if (target instanceof Router) {
    return scanRoutes(target.inclusions, problems, {
      prefix: joinPaths(scope.prefix, target.prefix),
      tags: [...scope.tags, ...target.tags],
      dependencies: [...scope.dependencies, ...target.dependencies],
      deprecated: scope.deprecated || target.deprecated,
      includeInSchema: scope.includeInSchema && target.includeInSchema,
    });
  }
  const meta = readController(target);
  if (!meta) {
    problems.add({
      where: target.name || 'an anonymous class',
      problem: 'it is included as a controller but has no @Controller() decorator',
      fix: `decorate it: @Controller('/prefix') class ${target.name || 'MyController'} { … }`,
    });
    return [];
  }
  const prefix = scope.prefix === '/' ? meta.prefix : joinPaths(scope.prefix, meta.prefix);
  return readRoutes(target).map((route) => ({
    controller: target,
    route,
    path: joinPathsKeepingEmpty(prefix, route.path),
    tags: dedupe([...scope.tags, ...(meta.options.tags ?? []), ...(route.options.tags ?? [])]),
    dependencies: [...scope.dependencies, ...(meta.options.dependencies ?? []), ...(route.options.dependencies ?? [])],
    deprecated: route.options.deprecated ?? (meta.options.deprecated || scope.deprecated),
    includeInSchema: (route.options.includeInSchema ?? true) && (meta.options.includeInSchema ?? true) && scope.includeInSchema,
  }));
}

function joinPathsKeepingEmpty(prefix: string, path: string): string {
  return prefix === '' ? joinPaths(path) : joinPaths(prefix, path);
}

function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}
