import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { inheritsNothing, record } from './record.js';

/** Every name an ordinary object inherits, `__proto__` among them, and a few that libraries probe for. */
const INHERITED = [...Object.getOwnPropertyNames(Object.prototype), 'then', 'toJSON', 'length', 'prototype'];

const makers = [{ name: 'record()', make: () => record<unknown>() }];

describe.each(makers)('$name', ({ make }) => {
  it('inherits no name: each reads as absent', () => {
    const o = make();
    expect(INHERITED.filter((k) => k in o || o[k] !== undefined)).toEqual([]);
    expect(Object.keys(o)).toEqual([]);
  });

  it('holds __proto__ as an own key like any other, keeping its prototype', () => {
    const o = make();
    const proto: unknown = Object.getPrototypeOf(o);
    o['__proto__'] = { polluted: true };
    o['constructor'] = 'c';
    expect(Object.keys(o)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(o)).toBe(proto);
    expect(o['polluted']).toBeUndefined();
    expect(inheritsNothing(o)).toBe(true);
  });

  it('serializes and copies as the same JSON as an object of the same own keys', () => {
    const o = make();
    o['b'] = [1, { c: null }];
    o['__proto__'] = 'p';
    o['1'] = true;
    const plain = JSON.parse('{"b": [1, {"c": null}], "__proto__": "p", "1": true}') as Record<string, unknown>;
    expect(JSON.stringify(o)).toBe(JSON.stringify(plain));
    expect(canonicalJson(o)).toBe(canonicalJson(plain));
    expect(Object.entries(structuredClone(o))).toEqual(Object.entries(plain));
    expect(Object.entries({ ...o })).toEqual(Object.entries(plain));
  });
});

describe('record prototype', () => {
  it('shares one prototype that nothing can be added to, nor its prototype changed', () => {
    const proto = Object.getPrototypeOf(record()) as Record<string, unknown>;
    expect({ shared: Object.getPrototypeOf(record()) === proto, frozen: Object.isFrozen(proto), keys: Reflect.ownKeys(proto), above: Object.getPrototypeOf(proto) as unknown }).toEqual({
      shared: true,
      frozen: true,
      keys: [],
      above: null,
    });
    const attempts: [string, () => void][] = [
      ['assign', () => (proto['encrypted'] = false)],
      ['define', () => Object.defineProperty(proto, 'encrypted', { value: false })],
      ['set the prototype', () => Object.setPrototypeOf(proto, { encrypted: false })],
      ['assign __proto__', () => (proto['__proto__'] = { encrypted: false })],
    ];
    expect(attempts.filter(([, attempt]) => !throwsTypeError(attempt)).map(([name]) => name)).toEqual([]);
    const after = record();
    expect(['encrypted' in after, Object.getPrototypeOf(proto) as unknown]).toEqual([false, null]);
  });
});

function throwsTypeError(f: () => void): boolean {
  try {
    f();
  } catch (err) {
    return err instanceof TypeError;
  }
  return false;
}

describe('inheritsNothing', () => {
  const cases: { name: string; o: () => object; want: boolean }[] = [
    { name: 'a null-prototype object', o: () => Object.create(null) as object, want: true },
    { name: 'a record', o: () => record(), want: true },
    { name: 'a chain of frozen empty null-prototype objects', o: () => Object.create(Object.freeze(Object.create(Object.freeze(Object.create(null) as object)) as object)) as object, want: true },
    { name: 'an object literal', o: () => ({}), want: false },
    { name: 'a list', o: () => [], want: false },
    { name: 'an empty prototype that is not frozen (a name could be added later)', o: () => Object.create(Object.create(null) as object) as object, want: false },
    { name: 'a frozen prototype with a name', o: () => Object.create(Object.freeze(Object.assign(Object.create(null) as object, { a: 1 }))) as object, want: false },
    { name: 'a frozen empty prototype above Object.prototype', o: () => Object.create(Object.freeze({})) as object, want: false },
    { name: 'a frozen prototype with only a symbol', o: () => Object.create(Object.freeze(Object.assign(Object.create(null) as object, { [Symbol('s')]: 1 }))) as object, want: false },
  ];
  it.each(cases)('$name: $want', ({ o, want }) => {
    expect(inheritsNothing(o())).toBe(want);
  });
});
