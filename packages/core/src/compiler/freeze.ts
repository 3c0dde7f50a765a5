import type { DependantPlan } from './dependant';

/** Freezes a finished plan tree: plans are read by every request and must never change. */
export function freezeDependant<T extends DependantPlan>(dependant: T): T {
  if (Object.isFrozen(dependant)) return dependant;
  for (const use of dependant.dependencies) freezeDependant(use.plan);
  Object.freeze(dependant.params);
  Object.freeze(dependant.dependencies);
  return Object.freeze(dependant);
}
