/**
 * Saying the same line once: items whose lines would differ only in the
 * resource are grouped by a key of small whole numbers (`Ids`), found by
 * walking a trie of Maps keyed by those numbers. A large request repeats the
 * same change or warning on hundreds of resources; a composite string key
 * per item, built and hashed, cost more than the line it groups.
 */
import type { Companion, Finding, Mutation } from '../engine/types.js';

/**
 * Small whole numbers for values, equal when the values are (primitives:
 * SameValueZero; objects: when their JSON is, which is how they are shown).
 * Never negative: a key may use -1 to end a section.
 */
export class Ids {
  private readonly values = new Map<unknown, number>();
  private readonly objects = new Map<string, number>();
  of(v: unknown): number {
    if (typeof v === 'object' && v !== null) return Ids.get(this.objects, JSON.stringify(v), this.next());
    return Ids.get(this.values, v, this.next());
  }
  private next(): number {
    return this.values.size + this.objects.size;
  }
  private static get<K>(map: Map<K, number>, key: K, next: number): number {
    const id = map.get(key);
    if (id !== undefined) return id;
    map.set(key, next);
    return next;
  }
}

/** Items said once, with every item and every resource (in the order first seen) it stands for. */
export interface Group<T> {
  item: T;
  items: T[];
  resources: string[];
}

interface GroupOf<T> {
  item: T;
  items: T[];
  resources: Set<string>;
}

interface Node<T> {
  next?: Map<number, Node<T>>;
  group?: GroupOf<T>;
}

/**
 * Items whose lines would differ only in the resource, said once: each
 * distinct key with its items and the resources it is said of, in the order
 * first seen. A large request repeats the same warning or change on many
 * resources; its line names them (the first few, then how many more)
 * instead of repeating itself, and every resource's own changes are on it
 * as the `mutated-by` annotation. Keys are compared as sequences: a key
 * whose length varies must say where each section ends (-1).
 */
export function sameFor<T>(items: readonly T[], keyOf: (t: T) => readonly number[], resourceOf: (t: T) => string): Group<T>[] {
  const root: Node<T> = {};
  const groups: GroupOf<T>[] = [];
  // The last key and group for each first number (a rule, usually): its items are most often alike,
  // and comparing two short arrays is cheaper than walking the trie.
  const last = new Map<number, { key: readonly number[]; group: GroupOf<T> }>();
  for (const t of items) {
    const key = keyOf(t);
    const before = last.get(key[0]!);
    let group = before !== undefined && equal(before.key, key) ? before.group : undefined;
    if (group === undefined) {
      let node = root;
      for (const id of key) {
        const next = (node.next ??= new Map());
        let child = next.get(id);
        if (child === undefined) next.set(id, (child = {}));
        node = child;
      }
      if (node.group === undefined) groups.push((node.group = { item: t, items: [], resources: new Set() }));
      group = node.group;
      last.set(key[0]!, { key, group });
    }
    group.items.push(t);
    group.resources.add(resourceOf(t));
  }
  return groups.map((g) => ({ item: g.item, items: g.items, resources: [...g.resources] }));
}

function equal(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What a finding's line says besides its resource: equal keys, equal text. */
export function findingKey(ids: Ids): (f: Finding) => number[] {
  return (f) => [f.rule, f.message, f.path, f.fix === undefined, f.fix?.path, f.fix?.value, f.waivedBy].map((v) => ids.of(v));
}

/** The changes one rule made to one resource. */
export interface Change {
  rule: string;
  resource: string;
  fields: Mutation[];
  notes: string[];
}

/**
 * The mutations by rule and resource, each rule's changes alike on several
 * resources said once: equal when their rule, fields with their values (in
 * order) and notes are.
 */
export function changeGroups(mutations: readonly Mutation[], ids: Ids): Group<Change>[] {
  // By rule, then resource: a map per rule rather than a composite string key per mutation.
  const byRule = new Map<string, { byResource: Map<string, Entry>; last: Slot[] }>();
  const entries: Entry[] = [];
  for (const m of mutations) {
    let rule = byRule.get(m.rule);
    if (rule === undefined) byRule.set(m.rule, (rule = { byResource: new Map(), last: [] }));
    let entry = rule.byResource.get(m.resource);
    if (entry === undefined) {
      entry = { rule: m.rule, resource: m.resource, fields: [], notes: [], key: [ids.of(m.rule)] };
      rule.byResource.set(m.resource, entry);
      entries.push(entry);
    }
    // A rule's k-th field usually has the path and value its k-th field had on the resource before:
    // comparing them is cheaper than hashing the path (a new string per mutation) or the value's JSON.
    const k = entry.fields.length;
    let seen = rule.last[k];
    if (seen === undefined) rule.last[k] = seen = { path: m.path, pathId: ids.of(m.path), value: m.value, valueId: ids.of(m.value) };
    else {
      if (seen.path !== m.path) [seen.path, seen.pathId] = [m.path, ids.of(m.path)];
      if (!sameJson(seen.value, m.value)) [seen.value, seen.valueId] = [m.value, ids.of(m.value)];
    }
    entry.fields.push(m);
    entry.key.push(seen.pathId, seen.valueId);
    if (m.note !== undefined && !entry.notes.includes(m.note)) entry.notes.push(m.note);
  }
  // -1 ends the fields: the notes follow.
  for (const e of entries) e.key.push(-1, ...e.notes.map((n) => ids.of(n)));
  return sameFor(entries, (e) => e.key, (e) => e.resource);
}

type Entry = Change & { key: number[] };

/** A path and a value, with their ids. */
interface Slot {
  path: string;
  pathId: number;
  value: unknown;
  valueId: number;
}

/**
 * Whether two values certainly have the same id: the same value, or plain
 * arrays and objects with the same keys in the same order whose values
 * certainly have the same JSON. False where unsure (NaN, a class instance):
 * the caller then asks `Ids`.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false; // not every(): it skips holes
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The companions by rule and kind, with their owners. */
export function companionGroups(companions: readonly Companion[], ids: Ids): Group<Companion>[] {
  return sameFor(companions, (c) => [ids.of(c.rule), ids.of(kindOf(c))], (c) => c.owner);
}

export function kindOf(c: Companion): string {
  return String(c.resource.kind);
}
