/** A Map or a WeakMap: where compiled things are kept, one per key. */
interface KeyedStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value kept in `store` for `key`, made by `make` the first time it is asked for. */
export function oncePerKey<K, V>(store: KeyedStore<K, V>, key: K, make: () => V): V {
  let value = store.get(key);
  if (value === undefined) store.set(key, (value = make()));
  return value;
}
