import type { Constructor } from '../metadata/records';
import type { ParamOptions, ScalarType, TypeSpec } from '../params/options';
import type { Constraints, FieldType } from '../validation/field-types';
import { isModelClass, scanModel } from '../validation/model-scan';

const SCALARS: ReadonlySet<string> = new Set(['integer', 'number', 'string', 'boolean', 'date-time']);

const CONSTRAINT_OPTIONS = ['ge', 'gt', 'le', 'lt', 'minLength', 'maxLength', 'pattern', 'enum'] as const;
const NO_CONSTRAINTS: Constraints = Object.freeze({});

/**
 * The constraints a parameter's options declare. Only the keys given are set, never deleted: a
 * deleted key leaves the object in dictionary mode, some 400 bytes for each parameter of each route.
 */
export function constraintsOfOptions(options: ParamOptions): Constraints {
  let c: Record<string, unknown> | undefined;
  for (const key of CONSTRAINT_OPTIONS) {
    if (options[key] !== undefined) (c ??= {})[key] = options[key];
  }
  return c ?? NO_CONSTRAINTS;
}

function scalarOfDesignType(designType: unknown): ScalarType | undefined {
  if (designType === Number) return 'number';
  if (designType === String) return 'string';
  if (designType === Boolean) return 'boolean';
  if (designType === Date) return 'date-time';
  return undefined;
}

/**
 * The FieldType of a parameter from its explicit `type` option, else its design type. Answers
 * `undefined` when neither says (the caller reports a DefinitionError).
 */
export function resolveFieldType(options: ParamOptions, designType: unknown): FieldType | undefined {
  const constraints = constraintsOfOptions(options);
  const spec: TypeSpec | undefined = options.type;
  if (spec !== undefined) return fromSpec(spec, constraints);
  if (options.enum && (designType === Object || designType === undefined || designType === String || designType === Number)) {
    const numeric = options.enum.every((v) => typeof v === 'number');
    return { kind: 'scalar', scalar: numeric ? 'number' : 'string', constraints };
  }
  const scalar = scalarOfDesignType(designType);
  if (scalar) return { kind: 'scalar', scalar, constraints };
  if (isModelClass(designType)) return { kind: 'model', model: scanModel(designType) };
  if (designType === Object || designType === undefined) {
    const inferred = scalarOfDefault(options.default);
    if (inferred) return { kind: 'scalar', scalar: inferred, constraints };
  }
  return undefined;
}

/**
 * `@Query('skip', { default: 0 }) public skip = 0` records no type (TypeScript emits `Object` for
 * a parameter typed by its initializer): the default says it. An integer default means an
 * integer, as FastAPI's `skip: int = 0`.
 */
function scalarOfDefault(value: unknown): ScalarType | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return value instanceof Date ? 'date-time' : undefined;
  }
}

function fromSpec(spec: TypeSpec, constraints: Constraints): FieldType | undefined {
  if (Array.isArray(spec)) {
    const item = fromSpec(spec[0] as TypeSpec, constraints);
    return item ? { kind: 'list', items: item, constraints: {} } : undefined;
  }
  if (typeof spec === 'string') return SCALARS.has(spec) ? { kind: 'scalar', scalar: spec as ScalarType, constraints } : undefined;
  if (typeof spec === 'function') {
    const scalar = scalarOfDesignType(spec);
    if (scalar) return { kind: 'scalar', scalar, constraints };
    return { kind: 'model', model: scanModel(spec as Constructor) };
  }
  return undefined;
}

/** Design types that say nothing about the value: the compiler cannot coerce to them. */
export function describeDesignType(designType: unknown): string {
  if (designType === undefined) return 'no type was recorded (compiled without emitDecoratorMetadata?)';
  if (designType === Object) return 'its type is Object (an interface, union or `any`)';
  if (designType === Array) return 'it is an array, but the type of its items was not recorded';
  return `its type ${(designType as Function).name ?? String(designType)} is not a scalar or a class-validator DTO`;
}
