/**
 * The resolver's lookups (kit/references.ts: candidates keyed by placement,
 * scope, name and label, selector answers shared) agree with the plain scan
 * they replaced: every candidate of the named kinds, in desired-state order,
 * kept when it is in the placement, in the scope and namespace the name
 * reaches, and has the name or every label. Random desired states over few
 * names, labels, namespaces and both scopes, bare and carried in Objects, so
 * that collisions (one name in two scopes, a label on half the groups, a
 * selector past its limit) are the common case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carried } from '../../../test/builders.js';
import { runs } from '../../../test/arbitraries/settings.js';
import { DesiredIndex, type IndexedTarget } from '../../engine/desired-index.js';
import { placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { isObject } from '../../lang/fieldpath.js';
import { observedOf, type RefFields, type RefTarget, references, selfOf, targetKey } from './references.js';

const FIELDS: RefFields = { id: 'securityGroupId', ref: 'securityGroupIdRef', selector: 'securityGroupIdSelector' };
const TARGETS: Record<string, RefTarget> = {
  here: { kinds: ['aws/ec2/SecurityGroup'] },
  anywhere: { kinds: ['aws/ec2/SecurityGroup'], anywhere: true },
  leftovers: { kinds: ['aws/ec2/SecurityGroup'], leftovers: true },
};

const scope = fc.constantFrom<'cluster' | 'namespaced'>('cluster', 'namespaced');
const name = fc.constantFrom('web', 'db', '');
const namespace = fc.option(fc.constantFrom('team-a', 'team-b'), { nil: undefined });
const labels = fc.dictionary(fc.constantFrom('tier', 'app', 'zone'), fc.oneof(fc.constantFrom('web', 'db'), fc.constant(1)), { maxKeys: 3 });
const api = (s: 'cluster' | 'namespaced') => (s === 'namespaced' ? 'ec2.aws.m.upbound.io/v1beta1' : 'ec2.aws.upbound.io/v1beta1');
const wrap = (obj: KubeObject, inObject: boolean) => (inObject ? carried(obj) : obj);

const group = fc.record({ scope, name: fc.option(name, { nil: undefined }), namespace, labels, inObject: fc.boolean() }).map((g) =>
  wrap({ apiVersion: api(g.scope), kind: 'SecurityGroup', metadata: { ...(g.name !== undefined ? { name: g.name } : {}), ...(g.namespace !== undefined ? { namespace: g.namespace } : {}), labels: g.labels } }, g.inObject),
);
const naming = fc.oneof(
  fc.record({ securityGroupIdRef: fc.record({ name, namespace }, { requiredKeys: ['name'] }) }),
  fc.record({ securityGroupIdSelector: fc.record({ matchLabels: labels, matchControllerRef: fc.boolean(), namespace }, { requiredKeys: [] }) }),
);
const rule = fc.record({ scope, namespace, naming, inObject: fc.boolean() }).map((r) =>
  wrap({ apiVersion: api(r.scope), kind: 'SecurityGroupRule', metadata: r.namespace !== undefined ? { namespace: r.namespace } : {}, spec: { forProvider: r.naming } }, r.inObject),
);
const state = fc.record({
  groups: fc.array(group, { maxLength: 14 }),
  rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
  /** Observed groups, some no longer desired (leftovers), some adding labels and generated names. */
  observed: fc.array(fc.record({ of: fc.nat(20), labels, name: fc.option(name, { nil: undefined }), gone: fc.boolean() }), { maxLength: 4 }),
  composite: namespace,
  limit: fc.constantFrom(0, 1, 2, 8),
  to: fc.constantFrom('here', 'anywhere', 'leftovers'),
});

// ---- the scan, as the resolver read names before its lookups were keyed by scope

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const meta = (o: KubeObject | undefined): Record<string, unknown> => (isObject(o?.metadata) ? o.metadata : {});
type Scanned = IndexedTarget & { observed: KubeObject | undefined };
const labelsOf = (c: Scanned) => ({ ...(isObject(meta(c.observed).labels) ? (meta(c.observed).labels as object) : {}), ...(isObject(meta(c.object).labels) ? (meta(c.object).labels as object) : {}) }) as Record<string, unknown>;
function namespaceOf(composite: KubeObject, t: { object: KubeObject; at?: readonly unknown[] }): string | undefined {
  const own = str(meta(composite).namespace);
  if (own !== undefined && t.at !== undefined && t.at.length === 0) return own;
  return str(meta(t.object).namespace) ?? own;
}

function scan(ctx: { index: DesiredIndex; observed: Map<string, KubeObject>; desired: Map<string, KubeObject>; composite: KubeObject }, from: IndexedTarget, to: RefTarget, limit: number): string[][] {
  const candidates: Scanned[] = ctx.index.byRef('aws/ec2/SecurityGroup').map((t) => ({ ...t, observed: observedOf(ctx.observed, t) }));
  if (to.leftovers === true) {
    for (const [n, object] of ctx.observed) {
      if (ctx.desired.has(n) || object.kind !== 'SecurityGroup') continue;
      const namespaced = String(object.apiVersion).startsWith('ec2.aws.m.');
      candidates.push({ name: n, at: [], object, carriers: [], placement: placementOf([]), observed: undefined, type: { ...from.type, kind: 'SecurityGroup', ref: 'aws/ec2/SecurityGroup', namespaced } });
    }
  }
  const where = (c: Scanned) => to.anywhere === true || c.placement === from.placement;
  const wanted = (given: unknown) => (from.type.namespaced ? (str(given) ?? namespaceOf(ctx.composite, from)) : undefined);
  const reach = (c: Scanned, ns: string | undefined) => c.type.namespaced === from.type.namespaced && (!from.type.namespaced || namespaceOf(ctx.composite, c) === ns);
  const fp = (from.object.spec as { forProvider: Record<string, unknown> }).forProvider;
  const out: string[][] = [];
  const ref = fp.securityGroupIdRef as { name?: string; namespace?: string } | undefined;
  if (ref !== undefined && str(ref.name) !== undefined) {
    const ns = wanted(ref.namespace);
    out.push(candidates.filter((c) => where(c) && (str(meta(c.object).name) ?? str(meta(c.observed).name)) === ref.name && reach(c, ns)).slice(0, limit + 1).map(targetKey));
  }
  const sel = fp.securityGroupIdSelector as { matchLabels?: Record<string, unknown>; namespace?: string } | undefined;
  if (sel !== undefined) {
    const want = Object.entries(sel.matchLabels ?? {});
    const ns = wanted(sel.namespace);
    const found = want.some(([, v]) => typeof v !== 'string') ? [] : candidates.filter((c) => where(c) && reach(c, ns) && want.every(([k, v]) => labelsOf(c)[k] === v));
    out.push(found.slice(0, limit + 1).map(targetKey));
  }
  return out;
}

describe('references: the keyed lookups agree with a scan of every candidate', () => {
  it('for references and selectors over random desired states', () => {
    fc.assert(
      fc.property(state, (s) => {
        const desired = new Map<string, KubeObject>();
        s.groups.forEach((g, i) => desired.set(`g${String(i).padStart(2, '0')}`, g));
        s.rules.forEach((r, i) => desired.set(`r${i}`, r));
        const names = [...desired.keys()];
        const observed = new Map<string, KubeObject>();
        for (const o of s.observed) {
          const n = o.gone ? `old${o.of}` : names[o.of % names.length]!;
          const base = o.gone ? { apiVersion: api(o.of % 2 ? 'namespaced' : 'cluster'), kind: 'SecurityGroup' } : desired.get(n)!;
          observed.set(n, { ...base, metadata: { ...(o.name !== undefined ? { name: o.name } : {}), labels: o.labels } });
        }
        const composite: KubeObject = { apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'xr', ...(s.composite !== undefined ? { namespace: s.composite } : {}) } };
        const index = new DesiredIndex(desired);
        const ctx = { index, desired, observed, composite };
        for (const from of index.byRef('aws/ec2/SecurityGroupRule')) {
          const to = TARGETS[s.to]!;
          const got = references(ctx, from, FIELDS, to, { limit: s.limit }).map((r) => r.found.map(targetKey));
          expect(got).toEqual(scan(ctx, from, to, s.limit));
          expect(selfOf({ index, type: from.type, name: from.name, at: from.at })).toBe(from);
        }
      }),
      runs(1000),
    );
  });
});
