import { RECORD_PROTOTYPE, record } from './record.js';

/**
 * A deep copy of JSON data, several times faster than `structuredClone` on
 * the many small objects of a Kubernetes resource. An object that inherits
 * nothing (a record, as the wire decoder makes them) is copied as a record,
 * an ordinary one as an ordinary one, and a key named `__proto__` stays an
 * own key, never a prototype. Anything that
 * is not JSON data (a Date, a Map) is copied by `structuredClone`, so the
 * copy never shares a mutable part with the original.
 */
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === Object.prototype;
  if (!plain && proto !== RECORD_PROTOTYPE && proto !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  if (plain) {
    // Object.prototype is shared and could be polluted: only own keys, and `__proto__` defined, never assigned.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const v = copy(source[key]);
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  }
  // A record's chain is empty and frozen, so `for...in` sees own keys only, without a list of them.
  const out = record<unknown>();
  for (const key in source) out[key] = copy(source[key]);
  return out;
}
