import { describe, expect, it } from 'vitest';
import { engineRequest, injected, input, rdsCluster, rdsInstance, type Group } from '../../../test/builders.js';
import { ANNOTATION_MUTATED_BY, evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject, Mutation } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { CATALOG } from '../catalog.js';
import { rdsPublicAccess, rdsStorageEncrypted } from './rds.js';

/** Every served shape of the RDS kinds (provider-upjet-aws 75a4c57162d0). */
interface Shape {
  label: string;
  kind: 'Instance' | 'Cluster';
  group: Group;
  version: string;
}

const SHAPES: readonly Shape[] = [
  { label: 'cluster-scoped Instance v1beta1', kind: 'Instance', group: 'cluster', version: 'v1beta1' },
  { label: 'cluster-scoped Instance v1beta2', kind: 'Instance', group: 'cluster', version: 'v1beta2' },
  { label: 'cluster-scoped Instance v1beta3', kind: 'Instance', group: 'cluster', version: 'v1beta3' },
  { label: 'cluster-scoped Cluster v1beta1', kind: 'Cluster', group: 'cluster', version: 'v1beta1' },
  { label: 'cluster-scoped Cluster v1beta2', kind: 'Cluster', group: 'cluster', version: 'v1beta2' },
  { label: 'namespaced Instance v1beta1', kind: 'Instance', group: 'namespaced', version: 'v1beta1' },
  { label: 'namespaced Cluster v1beta1', kind: 'Cluster', group: 'namespaced', version: 'v1beta1' },
];

function db(shape: Shape, forProvider: Record<string, unknown> = {}): KubeObject {
  const build = shape.kind === 'Instance' ? rdsInstance : rdsCluster;
  return build(forProvider, { group: shape.group, version: shape.version });
}

/** The boolean guardrail each rule enforces, and what it says. */
interface Guard {
  rule: Rule;
  field: string;
  safe: boolean;
  kinds: readonly Shape['kind'][];
  missing: string;
  unsafe: string;
}

const GUARDS: readonly Guard[] = [
  {
    rule: rdsStorageEncrypted,
    field: 'storageEncrypted',
    safe: true,
    kinds: ['Instance', 'Cluster'],
    missing: 'storage encryption was not set',
    unsafe: 'set it to true (or remove it) so the database is encrypted at rest',
  },
  {
    rule: rdsPublicAccess,
    field: 'publiclyAccessible',
    safe: false,
    kinds: ['Instance'],
    missing: 'public accessibility was not set',
    unsafe: 'set it to false (or remove it) and reach the database from inside the VPC',
  },
];

const NAME = 'db';
/** `want.desired` for a resource that must pass through as the very object handed in. */
const SAME = Symbol('same object');

interface Case {
  name: string;
  reason: string;
  resource: KubeObject;
  rules: readonly Rule[];
  input?: Guardrails;
  want: { desired: KubeObject | typeof SAME; mutations: Mutation[]; findings: Finding[] };
}

const finding = (rule: Rule, action: Finding['action'], path: string, message: string): Finding => ({ resource: NAME, rule: rule.id, action, path, message });
const mutation = (rule: Rule, path: string, value: unknown): Mutation => ({ resource: NAME, rule: rule.id, path, value });

/** The cross product of each guard and every shape it applies to, in every situation the brief names. */
function guardCases(): Case[] {
  const cases: Case[] = [];
  for (const g of GUARDS) {
    const id = g.rule.id;
    for (const shape of SHAPES.filter((s) => g.kinds.includes(s.kind))) {
      const at = `${id} on ${shape.label}`;
      const fp = `spec.forProvider.${g.field}`;
      const ip = `spec.initProvider.${g.field}`;
      const withInit = (init: Record<string, unknown>): KubeObject => {
        const r = db(shape);
        (r.spec as Record<string, unknown>).initProvider = init;
        return r;
      };
      cases.push(
        {
          name: `${at}: already safe`,
          reason: 'an explicit safe value needs nothing: no mutation, no finding, and the same object passes through',
          resource: db(shape, { [g.field]: g.safe }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: safe in initProvider only`,
          reason: 'initProvider is an explicit choice at creation; a safe value there is not overridden by an injection into forProvider',
          resource: withInit({ [g.field]: g.safe }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: missing, injected`,
          reason: 'under the default Mutate action an absent value is injected and the resource is annotated with the rule',
          resource: db(shape),
          rules: [g.rule],
          want: { desired: injected(db(shape), { [g.field]: g.safe }, id), mutations: [mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: null, injected`,
          reason: 'null is how JSON says "unset"; it is treated as absent',
          resource: db(shape, { [g.field]: null }),
          rules: [g.rule],
          want: { desired: injected(db(shape), { [g.field]: g.safe }, id), mutations: [mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: unsafe in forProvider`,
          reason: 'an explicit unsafe value is refused, never silently flipped',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: unsafe in initProvider`,
          reason: 'Upjet applies initProvider at creation, so an unsafe value there creates an unsafe database',
          resource: withInit({ [g.field]: !g.safe }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, `${ip} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: safe in forProvider, unsafe in initProvider`,
          reason: 'each block is judged on its own: a safe forProvider does not excuse an unsafe initProvider',
          resource: (() => {
            const r = withInit({ [g.field]: !g.safe });
            ((r.spec as Record<string, unknown>).forProvider as Record<string, unknown>)[g.field] = g.safe;
            return r;
          })(),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, `${ip} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: malformed, a string where the boolean belongs`,
          reason: 'a value the rule cannot read is refused, never passed and never overwritten',
          resource: db(shape, { [g.field]: String(g.safe) }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, `${fp} must be a boolean, got the string "${String(g.safe)}"`)] },
        },
        {
          name: `${at}: malformed, a number in initProvider`,
          reason: 'initProvider is read with the same care as forProvider',
          resource: withInit({ [g.field]: 0 }),
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, `${ip} must be a boolean, got number 0`)] },
        },
        {
          name: `${at}: malformed, spec is a string`,
          reason: 'a resource whose spec cannot be read is refused, not passed as compliant, and the engine does not crash',
          resource: { ...db(shape), spec: 'oops' },
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', 'spec', 'spec is the string "oops", not an object; the resource cannot be checked')] },
        },
        {
          name: `${at}: malformed, spec is null`,
          reason: 'null is not an object either; injecting into it would hide the problem',
          resource: { ...db(shape), spec: null },
          rules: [g.rule],
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', 'spec', 'spec is null, not an object; the resource cannot be checked')] },
        },
        {
          name: `${at}: malformed, spec.forProvider is an array`,
          reason: 'an unsafe value hidden in an array must not pass as "absent", nor be injected over',
          resource: { ...db(shape), spec: { forProvider: [{ [g.field]: !g.safe }] } },
          rules: [g.rule],
          want: {
            desired: SAME,
            mutations: [],
            findings: [finding(g.rule, 'Deny', 'spec.forProvider', 'spec.forProvider is an array, not an object; the resource cannot be checked')],
          },
        },
        {
          name: `${at}: malformed, spec.initProvider is a string`,
          reason: 'both parameter blocks must be readable before the rule may call the value absent',
          resource: withInit('x' as unknown as Record<string, unknown>),
          rules: [g.rule],
          want: {
            desired: SAME,
            mutations: [],
            findings: [finding(g.rule, 'Deny', 'spec.initProvider', 'spec.initProvider is the string "x", not an object; the resource cannot be checked')],
          },
        },
        {
          name: `${at}: action Warn, missing`,
          reason: 'under Warn a missing value is reported, not injected',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Warn' } } }),
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Warn', fp, g.missing)] },
        },
        {
          name: `${at}: action Warn, unsafe`,
          reason: 'under Warn an explicit unsafe value is reported as Warn too',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Warn' } } }),
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Warn', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: action Deny, missing`,
          reason: 'under Deny the author must set the value; the function does not set it for them',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Deny' } } }),
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, g.missing)] },
        },
        {
          name: `${at}: action RequireApproval, missing`,
          reason: 'RequireApproval reports with its own action',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'RequireApproval' } } }),
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'RequireApproval', fp, g.missing)] },
        },
        {
          name: `${at}: action Disabled, missing`,
          reason: 'a disabled rule does nothing at all',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: action Disabled, unsafe`,
          reason: 'a disabled rule does not refuse either',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: action Disabled, malformed spec`,
          reason: 'a disabled rule does not even report a resource it cannot read',
          resource: { ...db(shape), spec: 'oops' },
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: Audit mode, missing`,
          reason: 'Audit lists the mutation Enforce would make, and changes nothing',
          resource: db(shape),
          rules: [g.rule],
          input: input({ mode: 'Audit' }),
          want: { desired: SAME, mutations: [mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: Audit mode, unsafe`,
          reason: 'Audit reports what Enforce would refuse, with the action Enforce would take',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ mode: 'Audit' }),
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
      );
    }
  }
  return cases;
}

function catalogCases(): Case[] {
  return SHAPES.map((shape): Case => {
    const both = shape.kind === 'Instance';
    return {
      name: `full catalog on ${shape.label}`,
      reason: both
        ? 'an Instance gets both RDS injections, recorded in one sorted mutated-by annotation'
        : 'a Cluster has no publiclyAccessible field: only storage encryption is injected',
      resource: db(shape),
      rules: CATALOG,
      want: {
        desired: both
          ? injected(db(shape), { storageEncrypted: true, publiclyAccessible: false }, 'aws-rds-public-access,aws-rds-storage-encrypted')
          : injected(db(shape), { storageEncrypted: true }, 'aws-rds-storage-encrypted'),
        mutations: [
          mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true),
          ...(both ? [mutation(rdsPublicAccess, 'spec.forProvider.publiclyAccessible', false)] : []),
        ],
        findings: [],
      },
    };
  });
}

const extraCases: Case[] = [
  {
    name: 'existing metadata is kept and earlier mutated-by entries are merged',
    reason: 'the annotation accumulates across functions and reconciles; labels and other annotations are untouched',
    resource: {
      ...rdsInstance({ publiclyAccessible: false }),
      metadata: { labels: { app: 'orders' }, annotations: { note: 'x', [ANNOTATION_MUTATED_BY]: 'tags-inject' } },
    },
    rules: CATALOG,
    want: {
      desired: {
        ...rdsInstance({ publiclyAccessible: false, storageEncrypted: true }),
        metadata: { labels: { app: 'orders' }, annotations: { note: 'x', [ANNOTATION_MUTATED_BY]: 'aws-rds-storage-encrypted,tags-inject' } },
      },
      mutations: [mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true)],
      findings: [],
    },
  },
  {
    name: 'no spec at all: created on injection',
    reason: 'a resource with no spec is missing the value, not malformed',
    resource: { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance' },
    rules: [rdsStorageEncrypted],
    want: {
      desired: {
        apiVersion: 'rds.aws.upbound.io/v1beta3',
        kind: 'Instance',
        metadata: { annotations: { [ANNOTATION_MUTATED_BY]: 'aws-rds-storage-encrypted' } },
        spec: { forProvider: { storageEncrypted: true } },
      },
      mutations: [mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true)],
      findings: [],
    },
  },
  {
    name: 'an unknown version of a known kind is still judged',
    reason: 'rules match group family and kind, every version: a future v1beta4 must not slip through',
    resource: rdsInstance({ publiclyAccessible: true }, { version: 'v1beta4' }),
    rules: [rdsPublicAccess],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(rdsPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')],
    },
  },
  {
    name: 'a kind of another group is not judged',
    reason: 'docdb and neptune clusters are other rules’ business; a Cluster kind alone does not match',
    resource: { apiVersion: 'docdb.aws.upbound.io/v1beta1', kind: 'Cluster', spec: { forProvider: { storageEncrypted: false } } },
    rules: CATALOG,
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('RDS rules through the engine', () => {
  it.each([...guardCases(), ...catalogCases(), ...extraCases])('$name', ({ resource, rules, input: inp, want }) => {
    const before = structuredClone(resource);
    const decision = evaluate(engineRequest({ [NAME]: resource }, inp !== undefined ? { input: inp } : {}), rules);

    expect(decision.errors).toEqual([]);
    expect(decision.companions).toEqual([]);
    expect(decision.findings).toEqual(want.findings);
    expect(decision.mutations).toEqual(want.mutations);
    expect(Object.keys(decision.desired)).toEqual([NAME]);
    if (want.desired === SAME) expect(decision.desired[NAME]).toBe(resource);
    else expect(decision.desired[NAME]).toEqual(want.desired);
    expect(resource).toEqual(before); // the request is never mutated in place
  });
});

describe('RDS injection, written out in full', () => {
  // The table above builds its expectations with the same builders as its
  // inputs; this one spells out a whole resource so the builders are checked too.
  it('cluster-scoped v1beta1 Instance gets both fields and the annotation', () => {
    const resource = {
      apiVersion: 'rds.aws.upbound.io/v1beta1',
      kind: 'Instance',
      metadata: { name: 'orders-db' },
      spec: { forProvider: { region: 'eu-west-1', instanceClass: 'db.t3.micro', engine: 'postgres' }, providerConfigRef: { name: 'default' } },
    };
    const decision = evaluate(engineRequest({ db: resource }), CATALOG);
    expect(decision.desired).toEqual({
      db: {
        apiVersion: 'rds.aws.upbound.io/v1beta1',
        kind: 'Instance',
        metadata: { name: 'orders-db', annotations: { 'guardrails.fn.crossplane.io/mutated-by': 'aws-rds-public-access,aws-rds-storage-encrypted' } },
        spec: {
          forProvider: { region: 'eu-west-1', instanceClass: 'db.t3.micro', engine: 'postgres', storageEncrypted: true, publiclyAccessible: false },
          providerConfigRef: { name: 'default' },
        },
      },
    });
    expect(decision.mode).toBe('Enforce');
    expect(decision.findings).toEqual([]);
    expect(decision.errors).toEqual([]);
  });
});
