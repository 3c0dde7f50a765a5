import type { DependantPlan } from './dependant';

const NONE: readonly never[] = Object.freeze([]);

/**
 * A list as long as its items: one grown by `push` keeps room for 17, some 150 bytes per
 * dependant for as long as the app lives. Empty lists are one shared list.
 */
export function exact<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : Object.freeze(list.slice());
}

/** Freezes a finished plan tree: plans are read by every request and must never change. */
export function freezeDependant<T extends DependantPlan>(dependant: T): T {
  if (Object.isFrozen(dependant)) return dependant;
  for (const use of dependant.dependencies) freezeDependant(use.plan);
  const lists = dependant as { params: DependantPlan['params']; dependencies: DependantPlan['dependencies'] };
  lists.params = exact(dependant.params);
  lists.dependencies = exact(dependant.dependencies);
  return Object.freeze(dependant);
}
