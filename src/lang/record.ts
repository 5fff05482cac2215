/**
 * A map from names to values as a plain object that inherits nothing. Names
 * come from the attacker (composed resource names, JSON keys), and on an
 * ordinary `{}` the name `__proto__` would set the prototype instead of
 * adding an entry, and `constructor` or `toString` would read as present.
 * Here every name is just a key.
 */
export function record<T>(): Record<string, T> {
  return Object.create(RECORD_PROTOTYPE) as Record<string, T>;
}

/**
 * The prototype of every record: empty, frozen, and itself without one, so
 * a record inherits no name, and `__proto__` is an ordinary key (its
 * accessor lives on Object.prototype, which is not in the chain). Why not a
 * prototype of `null`: V8 keeps such objects in dictionary mode, about twice
 * the memory and slower to build and read; with a prototype object they stay
 * in fast mode.
 */
export const RECORD_PROTOTYPE: object = Object.freeze(Object.create(null));

/** An object that inherits nothing: a record's prototype, or none. */
export function isRecord(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === RECORD_PROTOTYPE || proto === null;
}
