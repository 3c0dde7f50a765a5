import type { FieldType, ModelDef } from './field-types';

export type Hydrate = (data: unknown) => unknown;

const hydrators = new WeakMap<ModelDef, Hydrate>();

function copyDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * Builds, once per class, the function that turns validated plain data into a real instance:
 * the prototype set (methods and getters work), defaults applied, nested models hydrated.
 * Only classes that use class-transformer's own features go through `plainToInstance`.
 */
export function compileModelHydrator(model: ModelDef): Hydrate {
  const known = hydrators.get(model);
  if (known) return known;
  if (model.needsTransformer) {
    // Loaded only by apps with such classes: most never pay for class-transformer.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { plainToInstance } = require('class-transformer') as typeof import('class-transformer');
    const viaTransformer: Hydrate = (data) => plainToInstance(model.cls, data);
    hydrators.set(model, viaTransformer);
    return viaTransformer;
  }
  const steps: ((target: Record<string, unknown>, data: Record<string, unknown>) => void)[] = [];
  const proto = model.cls.prototype as object;
  const hydrate: Hydrate = (data) => {
    if (typeof data !== 'object' || data === null) return data;
    const instance = Object.create(proto) as Record<string, unknown>;
    for (let i = 0; i < steps.length; i++) steps[i](instance, data as Record<string, unknown>);
    return instance;
  };
  // Registered before the fields compile so that self-referencing models terminate.
  hydrators.set(model, hydrate);
  for (const field of model.fields) {
    const name = field.name;
    const convert = compileHydrator(field.type);
    const { hasDefault } = field;
    const fallback = field.default;
    steps.push((target, data) => {
      const value = data[name];
      if (value === undefined) {
        if (hasDefault) target[name] = copyDefault(fallback);
        return;
      }
      target[name] = convert ? convert(value) : value;
    });
  }
  return hydrate;
}

/** The converter for a value of `type`, or `undefined` when the validated value is final. */
export function compileHydrator(type: FieldType): Hydrate | undefined {
  if (type.kind === 'model') return compileModelHydrator(type.model);
  if (type.kind === 'list') {
    const item = compileHydrator(type.items);
    return item ? (data) => (Array.isArray(data) ? data.map(item) : data) : undefined;
  }
  return undefined;
}
