import { describe, expect, it } from 'vitest';
import { carried } from '../../../test/builders.js';
import { DesiredIndex } from '../../engine/desired-index.js';
import type { KubeObject } from '../../engine/types.js';
import { cloudName, lastSegment, type RefFields, type RefTarget, references, targetKey, unionKeys } from './references.js';

const SG = (group: 'cluster' | 'namespaced', metadata: Record<string, unknown>, forProvider: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: group === 'namespaced' ? 'ec2.aws.m.upbound.io/v1beta1' : 'ec2.aws.upbound.io/v1beta1',
  kind: 'SecurityGroup',
  metadata,
  spec: { forProvider },
});
const RULE = (group: 'cluster' | 'namespaced', forProvider: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: group === 'namespaced' ? 'ec2.aws.m.upbound.io/v1beta1' : 'ec2.aws.upbound.io/v1beta1',
  kind: 'SecurityGroupRule',
  metadata,
  spec: { forProvider },
});

const FIELDS: RefFields = { id: 'securityGroupId', ref: 'securityGroupIdRef', selector: 'securityGroupIdSelector' };
const GROUPS: RefTarget = { kinds: ['aws/ec2/SecurityGroup'] };
const LEFTOVERS: RefTarget = { kinds: ['aws/ec2/SecurityGroup'], leftovers: true };
const ANYWHERE: RefTarget = { kinds: ['aws/ec2/SecurityGroup'], anywhere: true };
const AZURE_NAMES: RefTarget = { kinds: ['aws/ec2/SecurityGroup'], ids: (c) => [cloudName(c)], compare: lastSegment };

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  observed?: Record<string, KubeObject>;
  composite?: KubeObject;
  to?: RefTarget;
  limit?: number;
  /** Per name the rule `r` writes: how, where, and the targets it may pick (by `targetKey`), and whether it may pick beyond. */
  want: { how: string; path: string; label: string; found: string[]; beyond: boolean }[];
}

/** Resolves what the top-level `r` names. */
function run(c: Case) {
  const desired = new Map(Object.entries(c.desired));
  const index = new DesiredIndex(desired);
  const ctx = { index, desired, observed: new Map(Object.entries(c.observed ?? {})), composite: c.composite ?? { apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'xr' } } };
  const from = [...index.byRef('aws/ec2/SecurityGroupRule')].find((t) => t.name === 'r' && t.at.length === 0)!;
  return references(ctx, from, FIELDS, c.to ?? GROUPS, c.limit !== undefined ? { limit: c.limit } : {});
}

const cases: Case[] = [
  {
    name: 'an ID names a group whatever API group it is written in',
    reason: "an ID is the cloud's own name: a cluster-scoped rule may name a namespaced group's ID",
    desired: { r: RULE('cluster', { securityGroupId: 'sg-1' }), web: SG('namespaced', { name: 'web', annotations: { 'crossplane.io/external-name': 'sg-1' } }) },
    want: [{ how: 'id', path: 'spec.forProvider.securityGroupId', label: 'sg-1', found: ['web'], beyond: false }],
  },
  {
    name: 'a reference names a group of its own scope only',
    reason: 'a cluster-scoped reference resolves among cluster-scoped kinds (crossplane-runtime resolves by the referrer’s GVK)',
    desired: { r: RULE('cluster', { securityGroupIdRef: { name: 'web' } }), a: SG('namespaced', { name: 'web' }), b: SG('cluster', { name: 'web' }) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `web`', found: ['b'], beyond: false }],
  },
  {
    name: 'a namespaced composite composes into its own namespace, whatever the metadata says',
    reason: 'Crossplane sets a composed resource’s namespace to the composite’s: a group written into another namespace still lands beside the rule',
    composite: { apiVersion: 'example.org/v1', kind: 'App', metadata: { name: 'xr', namespace: 'team-a' } },
    desired: { r: RULE('namespaced', { securityGroupIdRef: { name: 'web' } }), web: SG('namespaced', { name: 'web', namespace: 'elsewhere' }) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `web`', found: ['web'], beyond: false }],
  },
  {
    name: 'a reference into another namespace',
    reason: 'a namespaced reference that names its namespace looks there',
    composite: { apiVersion: 'example.org/v1', kind: 'App', metadata: { name: 'xr', namespace: 'team-a' } },
    desired: { r: RULE('namespaced', { securityGroupIdRef: { name: 'web', namespace: 'team-b' } }), web: SG('namespaced', { name: 'web' }) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `web`', found: [], beyond: false }],
  },
  {
    name: 'a selector with labels and matchControllerRef',
    reason: 'it picks the composed groups with every label, and nothing outside the composition',
    desired: { r: RULE('cluster', { securityGroupIdSelector: { matchControllerRef: true, matchLabels: { tier: 'web' } } }), a: SG('cluster', { name: 'a', labels: { tier: 'web' } }), b: SG('cluster', { name: 'b', labels: { tier: 'db' } }) },
    want: [{ how: 'selector', path: 'spec.forProvider.securityGroupIdSelector', label: 'selector {"tier":"web"} with matchControllerRef', found: ['a'], beyond: false }],
  },
  {
    name: 'an empty selector picks every group, and may pick beyond',
    reason: 'without labels Crossplane lists every object of the kind; without matchControllerRef, any in the cluster',
    desired: { r: RULE('cluster', { securityGroupIdSelector: {} }), a: SG('cluster', { name: 'a' }), b: SG('cluster', { name: 'b' }) },
    want: [{ how: 'selector', path: 'spec.forProvider.securityGroupIdSelector', label: 'selector {}', found: ['a', 'b'], beyond: true }],
  },
  {
    name: 'a selector on the labels a group was observed with',
    reason: 'labels as the object will carry them: the observed ones under the desired ones',
    desired: { r: RULE('cluster', { securityGroupIdSelector: { matchControllerRef: true, matchLabels: { team: 'x' } } }), a: SG('cluster', { name: 'a' }) },
    observed: { a: SG('cluster', { name: 'a', labels: { team: 'x' } }) },
    want: [{ how: 'selector', path: 'spec.forProvider.securityGroupIdSelector', label: 'selector {"team":"x"} with matchControllerRef', found: ['a'], beyond: false }],
  },
  {
    name: 'a selector past the limit',
    reason: 'at most limit + 1 candidates are returned: past the limit, how many more does not matter',
    limit: 1,
    desired: { r: RULE('cluster', { securityGroupIdSelector: { matchControllerRef: true } }), a: SG('cluster', { name: 'a' }), b: SG('cluster', { name: 'b' }), c: SG('cluster', { name: 'c' }) },
    want: [{ how: 'selector', path: 'spec.forProvider.securityGroupIdSelector', label: 'selector {} with matchControllerRef', found: ['a', 'b'], beyond: false }],
  },
  {
    name: 'every name in both blocks counts, a list element by element',
    reason: 'Upjet fills forProvider from initProvider at creation: a rule is judged with every group it may belong to',
    desired: {
      r: { ...RULE('cluster', { securityGroupId: ['sg-1', 7] }), spec: { forProvider: { securityGroupId: ['sg-1', 7] }, initProvider: { securityGroupIdRef: { name: 'web' } } } },
      web: SG('cluster', { name: 'web' }),
    },
    want: [
      { how: 'id', path: 'spec.forProvider.securityGroupId[0]', label: 'sg-1', found: [], beyond: false },
      { how: 'id', path: 'spec.forProvider.securityGroupId[1]', label: '7', found: [], beyond: false },
      { how: 'ref', path: 'spec.initProvider.securityGroupIdRef', label: 'reference `web`', found: ['web'], beyond: false },
    ],
  },
  {
    name: 'names that name nothing are left out',
    reason: 'an empty ID (Upjet fills it), a reference without a name and a selector that is no object name nothing',
    desired: { r: RULE('cluster', { securityGroupId: '', securityGroupIdRef: {}, securityGroupIdSelector: 'x' }), web: SG('cluster', { name: 'web' }) },
    want: [],
  },
  {
    name: 'an Azure-style ID by its last segment, without case',
    reason: 'a compare function reads IDs and names alike: /subscriptions/…/WEB is the group known as web',
    to: AZURE_NAMES,
    desired: { r: RULE('cluster', { securityGroupId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/WEB' }), web: SG('cluster', { name: 'web' }) },
    want: [{ how: 'id', path: 'spec.forProvider.securityGroupId', label: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/WEB', found: ['web'], beyond: false }],
  },
  {
    name: 'a group carried by an Object is applied elsewhere',
    reason: 'names resolve where the referrer is applied, unless the target says anywhere',
    desired: { r: RULE('cluster', { securityGroupIdRef: { name: 'web' } }), obj: carried(SG('cluster', { name: 'web' })) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `web`', found: [], beyond: false }],
  },
  {
    name: 'anywhere: a group carried by an Object too',
    reason: 'for rules that look for what a name may reach',
    to: ANYWHERE,
    desired: { r: RULE('cluster', { securityGroupIdRef: { name: 'web' } }), obj: carried(SG('cluster', { name: 'web' })) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `web`', found: ['obj@spec.forProvider.manifest'], beyond: false }],
  },
  {
    name: 'leftovers: an observed group no longer desired',
    reason: 'Crossplane has yet to delete it, and a reference may still reach it',
    to: LEFTOVERS,
    desired: { r: RULE('cluster', { securityGroupIdRef: { name: 'old' } }) },
    observed: { gone: SG('cluster', { name: 'old' }) },
    want: [{ how: 'ref', path: 'spec.forProvider.securityGroupIdRef', label: 'reference `old`', found: ['gone'], beyond: false }],
  },
];

describe('references: what a field names, resolved against the desired state', () => {
  it.each(cases)('$name', (c) => {
    expect(run(c).map((r) => ({ how: r.how, path: r.path, label: r.label, found: r.found.map(targetKey), beyond: r.beyond }))).toEqual(c.want);
  });
});

describe('unionKeys', () => {
  const desired = { a: SG('cluster', { name: 'a' }), b: SG('cluster', { name: 'b' }) };
  it.each([
    { name: 'a name that picks composed groups is keyed by them', reason: 'rules naming a group any way meet on it', rule: { securityGroupIdRef: { name: 'a' } }, limit: 8, want: ['node|a'] },
    { name: 'a name that picks none is keyed by itself', reason: 'rules naming the same outside group the same way meet on it', rule: { securityGroupId: 'sg-9' }, limit: 8, want: [JSON.stringify(['[]', null, ['aws/ec2/SecurityGroup'], 'id', 'sg-9'])] },
    {
      name: 'a name that picks more than the limit is keyed by itself',
      reason: 'so the work stays linear',
      rule: { securityGroupIdSelector: { matchControllerRef: true } },
      limit: 1,
      want: [JSON.stringify(['[]', null, ['aws/ec2/SecurityGroup'], 'selector', ['cluster', [], true]])],
    },
  ])('$name', ({ rule, limit, want }) => {
    expect(unionKeys(run({ name: '', reason: '', desired: { ...desired, r: RULE('cluster', rule) }, limit, want: [] }), limit)).toEqual(want);
  });

  it('references of the two scopes are keyed apart, identifiers alike', () => {
    const keys = (group: 'cluster' | 'namespaced', rule: Record<string, unknown>) => unionKeys(run({ name: '', reason: '', desired: { r: RULE(group, rule) }, want: [] }));
    expect(keys('cluster', { securityGroupIdRef: { name: 'web' } })).not.toEqual(keys('namespaced', { securityGroupIdRef: { name: 'web' } }));
    expect(keys('cluster', { securityGroupId: 'sg-1' })).toEqual(keys('namespaced', { securityGroupId: 'sg-1' }));
  });
});
