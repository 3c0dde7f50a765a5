import type { Constructor } from '../metadata/records';
import type { DependencyDescriptor } from '../params/options';

export interface IncludeOptions {
  prefix?: string;
  tags?: readonly string[];
  dependencies?: readonly DependencyDescriptor[];
}

export interface RouterOptions extends IncludeOptions {
  controllers?: readonly Constructor[];
  routers?: readonly Router[];
  deprecated?: boolean;
  includeInSchema?: boolean;
}

/** One inclusion: a controller or router under the options it was included with. */
export interface Inclusion {
  readonly target: Router | Constructor;
  readonly options: IncludeOptions;
}

/**
 * Groups controllers and routers under a prefix, tags and dependencies; routers nest.
 *
 * @example
 * const v1 = new Router({ prefix: '/v1', tags: ['v1'], controllers: [ItemsController] });
 * app.include(v1);
 */
export class Router {
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly DependencyDescriptor[];
  readonly deprecated: boolean;
  readonly includeInSchema: boolean;
  readonly #inclusions: Inclusion[] = [];

  constructor(options: RouterOptions = {}) {
    this.prefix = options.prefix ?? '';
    this.tags = options.tags ?? [];
    this.dependencies = options.dependencies ?? [];
    this.deprecated = options.deprecated ?? false;
    this.includeInSchema = options.includeInSchema ?? true;
    for (const controller of options.controllers ?? []) this.include(controller);
    for (const router of options.routers ?? []) this.include(router);
  }

  /** Adds a controller or router, as FastAPI's `include_router`. */
  include(target: Router | Constructor, options: IncludeOptions = {}): this {
    this.#inclusions.push({ target, options });
    return this;
  }

  get inclusions(): readonly Inclusion[] {
    return this.#inclusions;
  }
}
