import type { DependantPlan } from '../compiler/dependant';
import { joinPaths } from '../compiler/path';
import type { RoutePlan } from '../compiler/route-plan';

/** One row of `app.routeTable()`: what a route answers and what runs before its handler. */
export interface RouteDescription {
  /** `http` and `websocket` rows come from route plans; `plugin` is a Fastify plugin mounted with `app.mount()`. */
  readonly kind: 'http' | 'websocket' | 'plugin';
  /** Empty for a plugin, which decides its own methods. */
  readonly methods: readonly string[];
  /** The path in OpenAPI form (`/items/{itemId}`), with the prefixes of the apps it is mounted in. */
  readonly path: string;
  /** `Controller.method`, or the plugin's function name. */
  readonly handler: string;
  /** Dependencies in the order they are resolved (sub-dependencies first), each named once. */
  readonly dependencies: readonly string[];
  readonly tags: readonly string[];
}

/** The rows of one app's own route plans. */
export function describePlans(plans: readonly RoutePlan[]): RouteDescription[] {
  return plans.map((plan) =>
    Object.freeze({
      kind: plan.websocket ? 'websocket' : 'http',
      methods: Object.freeze([...plan.methods]),
      path: plan.path.openapi,
      handler: plan.id,
      dependencies: Object.freeze(dependencyNames(plan.handler)),
      tags: Object.freeze([...plan.tags]),
    }),
  );
}

/** The rows of a mounted app, under the path it is mounted at. */
export function prefixRows(prefix: string, rows: readonly RouteDescription[]): RouteDescription[] {
  return rows.map((row) => Object.freeze({ ...row, path: joinPaths(prefix, row.path === '/' ? '' : row.path) }));
}

/** A mounted Fastify plugin: its routes are its own, so the row names the mount point only. */
export function describePlugin(path: string, plugin: Function): RouteDescription {
  return Object.freeze({
    kind: 'plugin',
    methods: [],
    path: joinPaths(path),
    handler: plugin.name || 'a plugin',
    dependencies: [],
    tags: [],
  });
}

function dependencyNames(handler: DependantPlan): string[] {
  const names: string[] = [];
  const visit = (dependant: DependantPlan): void => {
    for (const use of dependant.dependencies) {
      visit(use.plan);
      if (!names.includes(use.plan.id)) names.push(use.plan.id);
    }
  };
  visit(handler);
  return names;
}
