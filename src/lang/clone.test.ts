import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone.js';
import { RECORD_PROTOTYPE, record } from './record.js';

describe('cloneJson', () => {
  it('copies JSON data deeply, sharing nothing', () => {
    const original = { a: [1, { b: 'x' }, null, true], c: { d: { e: -0 } }, f: '' };
    const copy = cloneJson(original);
    expect(copy).toStrictEqual(original);
    expect(copy.a).not.toBe(original.a);
    expect(copy.a[1]).not.toBe(original.a[1]);
    expect(copy.c.d).not.toBe(original.c.d);
    expect(Object.is(copy.c.d.e, -0)).toBe(true);
  });

  it('copies an object that inherits nothing as a record, and a key named __proto__ as an own key', () => {
    const original = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(original, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(original, 'constructor', { value: 'x', enumerable: true, writable: true, configurable: true });
    const copy = cloneJson(original);
    expect(Object.getPrototypeOf(copy)).toBe(RECORD_PROTOTYPE);
    expect('toString' in copy).toBe(false);
    const fromRecord = cloneJson(Object.assign(record<string>(), { a: 'b' }));
    expect(Object.getPrototypeOf(fromRecord)).toBe(RECORD_PROTOTYPE);
    expect(fromRecord).toEqual({ a: 'b' });
    expect(Object.keys(copy)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });

    const plain = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const plainCopy = cloneJson(plain);
    expect(Object.getPrototypeOf(plainCopy)).toBe(Object.prototype);
    expect(Object.keys(plainCopy)).toEqual(['__proto__']);
    expect((plainCopy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('copies what is not JSON data with structuredClone', () => {
    const when = new Date(0);
    const copy = cloneJson({ when });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(0);
  });
});
