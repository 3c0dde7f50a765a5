import { operationIdOf, type RoutePlan } from '../compiler/route-plan';
import type { DefinitionProblems } from '../errors/definition-error';

/** Two routes for one method and path: Fastify would refuse the second at start-up anyway, less clearly. */
export function checkDuplicates(plans: readonly RoutePlan[], problems: DefinitionProblems): void {
  const seen = new Map<string, string>();
  for (const plan of plans) {
    for (const method of plan.methods) {
      const key = `${method} ${plan.path.fastify.replace(/:[^/]+/g, ':')}`;
      const first = seen.get(key);
      if (first) {
        problems.add({
          where: plan.id,
          problem: `${method} ${plan.path.openapi} is already served by ${first}`,
          fix: 'give one of the two routes another path or method',
        });
      } else seen.set(key, plan.id);
    }
  }
}

/** Operation ids name operations in generated clients: two operations with one id would collide. */
export function checkOperationIds(plans: readonly RoutePlan[], problems: DefinitionProblems): void {
  // Described only when two collide: most apps have none, and large ones have thousands of ids.
  const describe = (method: string, plan: RoutePlan) => `${method} ${plan.path.openapi} (${plan.id})`;
  const seen = new Map<string, [string, RoutePlan]>();
  for (const plan of plans) {
    if (!plan.includeInSchema) continue;
    for (const method of plan.methods) {
      const operationId = operationIdOf(plan, method);
      const first = seen.get(operationId);
      if (first) {
        problems.add({
          where: plan.id,
          problem: `the operation id "${operationId}" of ${describe(method, plan)} is already used by ${describe(...first)}`,
          fix: "give one of them another `operationId` option, or a handler name of its own",
        });
      } else seen.set(operationId, [method, plan]);
    }
  }
}

