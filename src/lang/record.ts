/**
 * A map from names to values as a plain object with no prototype. Names come
 * from the attacker (composed resource names, JSON keys), and on an ordinary
 * `{}` the name `__proto__` would set the prototype instead of adding an
 * entry, and `constructor` or `toString` would read as present. Here every
 * name is just a key.
 */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
