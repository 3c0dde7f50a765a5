import 'reflect-metadata';

/**
 * The one module that reads TypeScript's design metadata. It is called while an app compiles,
 * never while it serves requests.
 */
export function readParamTypes(target: object, member?: string | symbol): unknown[] | undefined {
  return member === undefined
    ? Reflect.getMetadata('design:paramtypes', target)
    : Reflect.getMetadata('design:paramtypes', target, member);
}

export function readPropertyType(prototype: object, property: string | symbol): unknown {
  return Reflect.getMetadata('design:type', prototype, property);
}

/** Records are stored on the class itself under symbol keys; reading them is a property look-up. */
export function readOwnRecord<T>(target: object, key: symbol): T | undefined {
  return Object.prototype.hasOwnProperty.call(target, key)
    ? (target as Record<symbol, T>)[key]
    : undefined;
}

export function writeRecord<T>(target: object, key: symbol, value: T): void {
  Object.defineProperty(target, key, { value, configurable: true, enumerable: false, writable: true });
}
