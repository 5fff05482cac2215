/**
 * The verdict's grouping (src/verdict/group.ts: small-number ids, a trie,
 * paths compared with the rule's path before, the last group of each rule)
 * against a straightforward reference that groups by a JSON key of what a
 * line says: on random mutations, warnings and companions drawn from small
 * pools, so that keys collide often: equal strings built apart, objects
 * equal as JSON but not the same object (or in another key order), a path
 * that is also a note or a value, numbers beside their strings, -0, NaN.
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Companion, Finding, Mutation } from '../../src/engine/types.js';
import { changeGroups, companionGroups, findingKey, Ids, sameFor } from '../../src/verdict/group.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';

/** A copy of a drawn value: equal strings built apart, equal objects apart. */
const copy = <T>(v: T): T => (typeof v === 'string' ? ([...v].join('') as T) : structuredClone(v));

/** Each drawn anew, so equal strings are not the same string and equal objects not the same object. */
const text = fc.constantFrom('spec.a', 'spec.b', 'x', '1', '{"a":1}', 'null').map(copy);
const object = fc.constantFrom<unknown>({ a: 1 }, { a: 1, b: 2 }, { b: 2, a: 1 }, [1], ['1'], { a: undefined }, {}, { a: { b: [1, 2] } }).map(copy);
const value = fc.oneof(text, object, fc.constantFrom<unknown>(1, 0, -0, Number.NaN, true, null, undefined));
const rule = fc.constantFrom('r1', 'r2');
const resource = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');

/**
 * Items where several resources repeat one of a few templates (each a
 * fresh copy), beside random ones, in their order or shuffled: repeats are
 * what grouping is for, and random items alone seldom repeat.
 */
function repeating<T>(template: fc.Arbitrary<T[]>, random: fc.Arbitrary<T>, onto: (t: T[], resource: string, twist: number) => T[]): fc.Arbitrary<T[]> {
  return fc
    .tuple(fc.array(template, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(resource, fc.nat(), fc.nat(5)), { maxLength: 8 }), fc.array(random, { maxLength: 6 }), fc.boolean())
    .chain(([templates, uses, randoms, shuffle]) => {
      const items = [...uses.flatMap(([r, i, twist]) => onto(templates[i % templates.length]!, r, twist)), ...randoms];
      return shuffle ? fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }) : fc.constant(items);
    });
}

const mutation: fc.Arbitrary<Mutation> = fc.record(
  { resource, rule, path: text, value, note: fc.option(text, { nil: undefined }) },
  { requiredKeys: ['resource', 'rule', 'path', 'value'] },
);

/** A value that a careless key would take for `v`: its text, or what its text is. */
const twin = (v: unknown): unknown => (typeof v === 'string' ? (v === 'null' ? null : /^[[{]/.test(v) ? JSON.parse(v) : v === '1' ? 1 : v) : typeof v === 'number' || v === null || typeof v === 'object' ? JSON.stringify(v) : v);

/** An object with its keys in the other order (the same JSON only if it has one key), an array of its elements' twins: same shape, other JSON. */
const reshaped = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(twin) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse()) : v;

/**
 * A template's mutations on `resource`, copied; some near misses: the first
 * value replaced by its twin or reshaped, or the notes made a field of their
 * own (its path the first note, its value the second).
 */
function nearCopy(ms: readonly Mutation[], resource: string, twist: number): Mutation[] {
  const out = ms.map((m) => copy({ ...m, resource }));
  if (twist === 1) out[0] = { ...out[0]!, value: twin(out[0]!.value) };
  if (twist === 3) out[0] = { ...out[0]!, value: reshaped(out[0]!.value) };
  const notes = [...new Set(ms.flatMap((m) => (m.note !== undefined ? [m.note] : [])))];
  if (twist === 2 && notes.length >= 2) return [...out.map(({ note: _, ...m }) => m), { resource, rule: ms[0]!.rule, path: copy(notes[0]!), value: copy(notes[1]!) }];
  return out;
}

const mutations = repeating(
  rule.chain((r) => fc.array(mutation.map((m) => ({ ...m, rule: r })), { minLength: 1, maxLength: 3 })),
  mutation,
  nearCopy,
);
const finding: fc.Arbitrary<Finding> = fc.record(
  {
    resource,
    rule,
    action: fc.constant('Warn' as const),
    path: text,
    message: text,
    waivedBy: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
    fix: fc.option(fc.record({ path: text, value }), { nil: undefined }),
  },
  { requiredKeys: ['resource', 'rule', 'action', 'path', 'message'] },
);
const findings = repeating(
  finding.map((f) => [f]),
  finding,
  (fs, r, twist) => fs.map((f) => copy({ ...f, resource: r, ...(twist === 1 && f.fix !== undefined ? { fix: { ...f.fix, value: twin(f.fix.value) } } : {}) })),
);
const companion: fc.Arbitrary<Companion> = fc.record({
  name: fc.constantFrom('c1', 'c2', 'c3'),
  owner: resource,
  rule,
  resource: fc.record({ kind: fc.constantFrom('Policy', 'Block', 'Block') }),
});

/** A value as the reference tells values apart: primitives by type and text (SameValueZero), objects by their JSON. */
const ref = (v: unknown): unknown => (typeof v === 'object' && v !== null ? ['json', JSON.stringify(v)] : [typeof v, String(v)]);

/** Items grouped by a JSON key, in the order first seen: the obvious implementation. */
function reference<T>(items: readonly T[], keyOf: (t: T) => unknown[], resourceOf: (t: T) => string): { item: T; items: T[]; resources: string[] }[] {
  const byKey = new Map<string, { item: T; items: T[]; resources: string[] }>();
  for (const t of items) {
    const key = JSON.stringify(keyOf(t).map(ref));
    const group = byKey.get(key) ?? { item: t, items: [], resources: [] };
    byKey.set(key, group);
    group.items.push(t);
    if (!group.resources.includes(resourceOf(t))) group.resources.push(resourceOf(t));
  }
  return [...byKey.values()];
}

/** The mutations by rule and resource, as the verdict says them, grouped by the reference. */
function referenceChanges(mutations: readonly Mutation[]) {
  const entries: { rule: string; resource: string; fields: Mutation[]; notes: string[] }[] = [];
  for (const m of mutations) {
    let entry = entries.find((e) => e.rule === m.rule && e.resource === m.resource);
    if (entry === undefined) entries.push((entry = { rule: m.rule, resource: m.resource, fields: [], notes: [] }));
    entry.fields.push(m);
    if (m.note !== undefined && !entry.notes.includes(m.note)) entry.notes.push(m.note);
  }
  return reference(entries, (e) => [e.rule, JSON.stringify(e.fields.map((f) => [ref(f.path), ref(f.value)])), JSON.stringify(e.notes)], (e) => e.resource);
}

describe('the verdict groups lines as a JSON key would', () => {
  it(
    'groups changes, warnings and companions exactly as the reference: the same groups, items, resources and order',
    () => {
      fc.assert(
        fc.property(mutations, findings, fc.array(companion, { maxLength: 12 }), (mutations, findings, companions) => {
          const index = new Map<object, number>([...mutations, ...findings, ...companions].map((x, i) => [x, i]));
          // Groups as indexes of the items they hold, and the fields of a change as the mutations' indexes.
          const shape = (groups: readonly { item: object; items: readonly object[]; resources: string[] }[]) =>
            groups.map((g) => ({
              items: g.items.map((i) => ('fields' in i ? (i as { fields: Mutation[] }).fields.map((f) => index.get(f)) : index.get(i))),
              notes: 'notes' in g.item ? g.item.notes : undefined,
              resources: g.resources,
            }));
          const ids = new Ids();
          expect(shape(changeGroups(mutations, ids))).toEqual(shape(referenceChanges(mutations)));
          const key = findingKey(ids);
          const want = reference(findings, (f) => [f.rule, f.message, f.path, f.fix === undefined, f.fix?.path, f.fix?.value, f.waivedBy], (f) => f.resource);
          expect(shape(sameFor(findings, key, (f) => f.resource))).toEqual(shape(want));
          expect(shape(companionGroups(companions, ids))).toEqual(shape(reference(companions, (c) => [c.rule, String(c.resource.kind)], (c) => c.owner)));
        }),
        runs(2000),
      );
    },
    TIMEOUT,
  );
});
