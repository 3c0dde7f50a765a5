import { readDeclaredDependency } from '../decorators/depends';
import { isInjectable } from '../decorators/injectable';
import { readParamTypes } from '../metadata/design-types';
import { CONSTRUCTOR_KEY, readParams, type ParamMeta } from '../metadata/records';
import { DEPENDENCY_CALL, isDependencyObject, type DependencyLike } from './dependency-like';

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as Function;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as Function;

/** How a dependency is called and what it declares, read once while the app compiles. */
export interface CallableDef {
  /** `provider`: an `@Injectable()` class, whose one app-wide instance is the value. */
  readonly style: 'function' | 'class' | 'provider';
  /** The function to call (the inner function of a `dependency([...], fn)`) or the class to construct. */
  readonly target: Function;
  readonly generator?: 'sync' | 'async';
  readonly metas: readonly (ParamMeta | undefined)[];
  readonly designTypes: readonly unknown[];
  readonly argCount: number;
  /** A plain function with parameters: nothing says what they are. */
  readonly undeclared: boolean;
}

/** A native class (compiled to ES2022, classes stay classes): called with `new`, never as a function. */
export function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn));
}


function generatorKind(fn: Function): CallableDef['generator'] {
  if (fn instanceof AsyncGeneratorFunction) return 'async';
  if (fn instanceof GeneratorFunction) return 'sync';
  return undefined;
}

const known = new WeakMap<object, CallableDef>();

/**
 * Answers `undefined` for a value that is not a dependency at all. Read once per dependency:
 * an override met on a later request reads no metadata again.
 */
export function readCallable(dependency: DependencyLike): CallableDef | undefined {
  if (typeof dependency !== 'function' && !isDependencyObject(dependency)) return undefined;
  let def = known.get(dependency);
  if (def === undefined) {
    def = scanCallable(dependency);
    if (def !== undefined) known.set(dependency, def);
  }
  return def;
}

function scanCallable(dependency: DependencyLike): CallableDef | undefined {
  const fn = isDependencyObject(dependency) ? dependency[DEPENDENCY_CALL] : dependency;
  if (typeof fn !== 'function') return undefined;
  const declared = readDeclaredDependency(fn);
  if (declared) {
    const { params, fn: inner } = declared;
    return { style: 'function', target: inner, generator: generatorKind(inner), metas: params, designTypes: [], argCount: params.length, undeclared: false };
  }
  if (isInjectable(fn)) return { style: 'provider', target: fn, metas: [], designTypes: [], argCount: 0, undeclared: false };
  if (isClass(fn)) {
    const metas = readParams(fn, CONSTRUCTOR_KEY);
    const designTypes = readParamTypes(fn) ?? [];
    const argCount = Math.max(metas.length, designTypes.length, fn.length);
    return { style: 'class', target: fn, metas, designTypes, argCount, undeclared: false };
  }
  return { style: 'function', target: fn, generator: generatorKind(fn), metas: [], designTypes: [], argCount: 0, undeclared: fn.length > 0 };
}
