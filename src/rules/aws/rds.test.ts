import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, injected, input, managed, rdsCluster, rdsInstance, type Group } from '../../../test/builders.js';
import { ANNOTATION_MUTATED_BY, evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { tagsInject, tagsRequired } from '../tags/tags.js';
import * as data from '../../../test/builders/aws-data.js';
import { DEFAULT_BACKUP_RETENTION_DAYS, RDS_RULES, rdsBackupRetention, rdsDeletionProtection, rdsIamAuthentication, rdsPublicAccess, rdsStorageEncrypted } from './rds.js';

/** Every served shape of the RDS kinds (provider-upjet-aws 75a4c57162d0). */
interface Shape {
  label: string;
  kind: 'Instance' | 'Cluster' | 'ClusterInstance';
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

/** Aurora instances of a cluster: only the public-access guard reads them; the cluster carries the rest. */
const CLUSTER_INSTANCE_SHAPES: readonly Shape[] = [
  { label: 'cluster-scoped ClusterInstance v1beta1', kind: 'ClusterInstance', group: 'cluster', version: 'v1beta1' },
  { label: 'namespaced ClusterInstance v1beta1', kind: 'ClusterInstance', group: 'namespaced', version: 'v1beta1' },
];

function db(shape: Shape, forProvider: Record<string, unknown> = {}): KubeObject {
  if (shape.kind === 'ClusterInstance') {
    return managed(`${awsGroup('rds', shape.group)}/${shape.version}`, 'ClusterInstance', { engine: 'aurora-postgresql', instanceClass: 'db.r6g.large', ...forProvider });
  }
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
    kinds: ['Instance', 'ClusterInstance'],
    missing: 'public accessibility was not set',
    unsafe: 'set it to false (or remove it) and reach the database from inside the VPC',
  },
];

/** The cross product of each guard and every shape it applies to, in every situation the brief names. */
function guardCases(): data.Case[] {
  const cases: data.Case[] = [];
  for (const g of GUARDS) {
    const id = g.rule.id;
    for (const shape of [...SHAPES, ...CLUSTER_INSTANCE_SHAPES].filter((s) => g.kinds.includes(s.kind))) {
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
          want: { desired: data.SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: safe in initProvider only`,
          reason: 'initProvider is an explicit choice at creation; a safe value there is not overridden by an injection into forProvider',
          resource: withInit({ [g.field]: g.safe }),
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: missing, injected`,
          reason: 'under the default Mutate action an absent value is injected and the resource is annotated with the rule',
          resource: db(shape),
          rules: [g.rule],
          want: { desired: injected(db(shape), { [g.field]: g.safe }, id), mutations: [data.mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: null, injected`,
          reason: 'null is how JSON says "unset"; it is treated as absent',
          resource: db(shape, { [g.field]: null }),
          rules: [g.rule],
          want: { desired: injected(db(shape), { [g.field]: g.safe }, id), mutations: [data.mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: unsafe in forProvider`,
          reason: 'an explicit unsafe value is refused, never silently flipped',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: unsafe in initProvider`,
          reason: 'Upjet applies initProvider at creation, so an unsafe value there creates an unsafe database',
          resource: withInit({ [g.field]: !g.safe }),
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', ip, `${ip} is ${!g.safe}; ${g.unsafe}`)] },
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
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', ip, `${ip} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: malformed, a string where the boolean belongs`,
          reason: 'a value the rule cannot read is refused, never passed and never overwritten',
          resource: db(shape, { [g.field]: String(g.safe) }),
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', fp, `${fp} must be a boolean, got the string "${String(g.safe)}"`)] },
        },
        {
          name: `${at}: malformed, a number in initProvider`,
          reason: 'initProvider is read with the same care as forProvider',
          resource: withInit({ [g.field]: 0 }),
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', ip, `${ip} must be a boolean, got number 0`)] },
        },
        {
          name: `${at}: malformed, spec is a string`,
          reason: 'a resource whose spec cannot be read is refused, not passed as compliant, and the engine does not crash',
          resource: { ...db(shape), spec: 'oops' },
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.unreadable('Deny', 'spec', 'spec is the string "oops", not an object; the resource cannot be checked')] },
        },
        {
          name: `${at}: malformed, spec is null`,
          reason: 'null is not an object either; injecting into it would hide the problem',
          resource: { ...db(shape), spec: null },
          rules: [g.rule],
          want: { desired: data.SAME, mutations: [], findings: [data.unreadable('Deny', 'spec', 'spec is null, not an object; the resource cannot be checked')] },
        },
        {
          name: `${at}: malformed, spec.forProvider is an array`,
          reason: 'an unsafe value hidden in an array must not pass as "absent", nor be injected over',
          resource: { ...db(shape), spec: { forProvider: [{ [g.field]: !g.safe }] } },
          rules: [g.rule],
          want: {
            desired: data.SAME,
            mutations: [],
            findings: [data.unreadable('Deny', 'spec.forProvider', 'spec.forProvider is an array, not an object; the resource cannot be checked')],
          },
        },
        {
          name: `${at}: malformed, spec.initProvider is a string`,
          reason: 'both parameter blocks must be readable before the rule may call the value absent',
          resource: withInit('x' as unknown as Record<string, unknown>),
          rules: [g.rule],
          want: {
            desired: data.SAME,
            mutations: [],
            findings: [data.unreadable('Deny', 'spec.initProvider', 'spec.initProvider is the string "x", not an object; the resource cannot be checked')],
          },
        },
        {
          name: `${at}: action Warn, missing`,
          reason: 'under Warn a missing value is reported, not injected',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Warn' } } }),
          want: { desired: data.SAME, mutations: [], findings: [data.missed(g.rule, 'Warn', fp, g.missing, g.safe)] },
        },
        {
          name: `${at}: action Warn, unsafe`,
          reason: 'under Warn an explicit unsafe value is reported as Warn too',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Warn' } } }),
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Warn', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
        {
          name: `${at}: action Deny, missing`,
          reason: 'under Deny the author must set the value; the function does not set it for them',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Deny' } } }),
          want: { desired: data.SAME, mutations: [], findings: [data.missed(g.rule, 'Deny', fp, g.missing, g.safe)] },
        },
        {
          name: `${at}: action RequireApproval, missing`,
          reason: 'RequireApproval reports with its own action',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'RequireApproval' } } }),
          want: { desired: data.SAME, mutations: [], findings: [data.missed(g.rule, 'RequireApproval', fp, g.missing, g.safe)] },
        },
        {
          name: `${at}: action Disabled, missing`,
          reason: 'a disabled rule does nothing at all',
          resource: db(shape),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: data.SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: action Disabled, unsafe`,
          reason: 'a disabled rule does not refuse either',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: data.SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: action Disabled, malformed spec`,
          reason: 'a disabled rule does not even report a resource it cannot read',
          resource: { ...db(shape), spec: 'oops' },
          rules: [g.rule],
          input: input({ rules: { [id]: { action: 'Disabled' } } }),
          want: { desired: data.SAME, mutations: [], findings: [] },
        },
        {
          name: `${at}: Audit mode, missing`,
          reason: 'Audit lists the mutation Enforce would make, and changes nothing',
          resource: db(shape),
          rules: [g.rule],
          input: input({ mode: 'Audit' }),
          want: { desired: data.SAME, mutations: [data.mutation(g.rule, fp, g.safe)], findings: [] },
        },
        {
          name: `${at}: Audit mode, unsafe`,
          reason: 'Audit reports what Enforce would refuse, with the action Enforce would take',
          resource: db(shape, { [g.field]: !g.safe }),
          rules: [g.rule],
          input: input({ mode: 'Audit' }),
          want: { desired: data.SAME, mutations: [], findings: [data.finding(g.rule, 'Deny', fp, `${fp} is ${!g.safe}; ${g.unsafe}`)] },
        },
      );
    }
  }
  return cases;
}

/** The two original RDS rules with the tag rules: how rules on one resource share a draft and an annotation. */
const TOGETHER: readonly Rule[] = [rdsStorageEncrypted, rdsPublicAccess, tagsInject, tagsRequired];

function catalogCases(): data.Case[] {
  return SHAPES.map((shape): data.Case => {
    const both = shape.kind === 'Instance';
    return {
      name: `both original RDS rules with the tag rules on ${shape.label}`,
      reason: both
        ? 'an Instance gets both RDS injections, recorded in one sorted mutated-by annotation'
        : 'a Cluster has no publiclyAccessible field: only storage encryption is injected',
      resource: db(shape),
      rules: TOGETHER,
      want: {
        desired: both
          ? injected(db(shape), { storageEncrypted: true, publiclyAccessible: false }, 'aws-rds-public-access,aws-rds-storage-encrypted')
          : injected(db(shape), { storageEncrypted: true }, 'aws-rds-storage-encrypted'),
        mutations: [
          data.mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true),
          ...(both ? [data.mutation(rdsPublicAccess, 'spec.forProvider.publiclyAccessible', false)] : []),
        ],
        findings: [],
      },
    };
  });
}

const extraCases: data.Case[] = [
  {
    name: 'existing metadata is kept and earlier mutated-by entries are merged',
    reason: 'the annotation accumulates across functions and reconciles; labels and other annotations are untouched',
    resource: {
      ...rdsInstance({ publiclyAccessible: false }),
      metadata: { labels: { app: 'orders' }, annotations: { note: 'x', [ANNOTATION_MUTATED_BY]: 'tags-inject' } },
    },
    rules: TOGETHER,
    want: {
      desired: {
        ...rdsInstance({ publiclyAccessible: false, storageEncrypted: true }),
        metadata: { labels: { app: 'orders' }, annotations: { note: 'x', [ANNOTATION_MUTATED_BY]: 'aws-rds-storage-encrypted,tags-inject' } },
      },
      mutations: [data.mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true)],
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
      mutations: [data.mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true)],
      findings: [],
    },
  },
  {
    name: 'an unknown version of a known kind is still judged',
    reason: 'rules match group family and kind, every version: a future v1beta4 must not slip through',
    resource: rdsInstance({ publiclyAccessible: true }, { version: 'v1beta4' }),
    rules: [rdsPublicAccess],
    want: {
      desired: data.SAME,
      mutations: [],
      findings: [data.finding(rdsPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')],
    },
  },
  {
    name: 'a kind of another group is not judged',
    reason: 'a Cluster kind alone does not match: an MSK cluster is not a database these rules read (DocumentDB and Neptune clusters are, below)',
    resource: { apiVersion: 'kafka.aws.upbound.io/v1beta1', kind: 'Cluster', spec: { forProvider: { storageEncrypted: false } } },
    rules: TOGETHER,
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
];

describe('RDS rules through the engine', () => {
  it.each([...guardCases(), ...catalogCases(), ...extraCases])('$name', (c) => data.runCase(c));
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
    const decision = evaluate(engineRequest({ db: resource }), TOGETHER);
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

// Backups, deletion protection and IAM authentication: rows 13-15 of the catalog.

/** An RDS kind in a served shape: an Instance (engine postgres) or a Cluster (engine aurora-postgresql) unless overridden. */
interface RdsShape extends data.Served {
  kind: Shape['kind'];
}

const RDS_SHAPES: readonly RdsShape[] = SHAPES.map((s) => ({ ...data.served(s.group, s.version), label: s.label, kind: s.kind }));

const rds = (s: data.Served, forProvider: Record<string, unknown> = {}): KubeObject => db(s as RdsShape & Shape, forProvider);

const backupCases = data.guardCases({
  rule: rdsBackupRetention,
  field: ['backupRetentionPeriod'],
  shapes: RDS_SHAPES,
  build: rds,
  safe: DEFAULT_BACKUP_RETENTION_DAYS,
  unsafe: 0,
  unsafeText: '0',
  malformed: '7',
  malformedText: 'the string "7"',
  type: 'a number',
  missing: 'automated backups were not configured',
  advice: 'set it to a whole number of days from 1 to 35 (0 turns automated backups off), or remove it to get 7',
});

const deletionCases = data.guardCases({
  rule: rdsDeletionProtection,
  field: ['deletionProtection'],
  shapes: RDS_SHAPES,
  build: rds,
  ...data.booleanGuard(true),
  missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive',
  advice: 'set it to true so the database cannot be deleted by a single call (turn it off on purpose before deleting)',
});

const iamCases = data.guardCases({
  rule: rdsIamAuthentication,
  field: ['iamDatabaseAuthenticationEnabled'],
  shapes: RDS_SHAPES,
  build: rds,
  safe: true,
  unsafe: false,
  unsafeText: 'false',
  malformed: 1,
  malformedText: 'number 1',
  type: 'a boolean',
  missing: 'IAM database authentication was not turned on',
  advice: 'set it to true (or remove it) so applications can use short-lived IAM tokens instead of stored passwords',
});

const BACKUP = 'spec.forProvider.backupRetentionPeriod';
const BACKUP_ADVICE = 'set it to a whole number of days from 1 to 35 (0 turns automated backups off), or remove it to get 7';
const IAM = 'spec.forProvider.iamDatabaseAuthenticationEnabled';
const instance = (forProvider: Record<string, unknown> = {}) => rdsInstance(forProvider);
const cluster = (forProvider: Record<string, unknown> = {}) => rdsCluster(forProvider);
const fixedWith = (obj: KubeObject, fields: Record<string, unknown>, rule: Rule) => injected(obj, fields, rule.id);

const rdsExtraCases: data.Case[] = [
  ...[1, 35].map((days): data.Case => ({
    name: `backups: ${days} days is accepted`,
    reason: 'any whole number of days RDS accepts keeps backups; the rule does not impose its own minimum on an explicit choice',
    resource: instance({ backupRetentionPeriod: days }),
    rules: [rdsBackupRetention],
    want: { desired: data.SAME, mutations: [], findings: [] },
  })),
  ...[36, 7.5, -1].map((days): data.Case => ({
    name: `backups: ${days} is refused`,
    reason: 'a value RDS would reject, or that is not a whole number of days, is refused with what to write instead',
    resource: instance({ backupRetentionPeriod: days }),
    rules: [rdsBackupRetention],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsBackupRetention, 'Deny', BACKUP, `${BACKUP} is ${days}; ${BACKUP_ADVICE}`)] },
  })),
  ...(['replicateSourceDb', 'replicateSourceDbRef', 'replicateSourceDbSelector'] as const).map((field): data.Case => ({
    name: `backups: a read replica (${field}) with backups off is left alone`,
    reason: 'a replica is backed up through its source; 0 is the normal setting for it',
    resource: instance({ [field]: field === 'replicateSourceDb' ? 'orders-db' : { name: 'orders-db' }, backupRetentionPeriod: 0 }),
    rules: [rdsBackupRetention],
    want: { desired: data.SAME, mutations: [], findings: [] },
  })),
  {
    name: 'backups: a read replica declared in initProvider gets nothing injected',
    reason: 'initProvider is explicit too',
    resource: data.withInit(instance(), { replicateSourceDb: 'orders-db' }),
    rules: [rdsBackupRetention],
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
  {
    name: 'backups: a Cluster created as a replica still keeps backups',
    reason: 'replicationSourceIdentifier does not exempt a Cluster: every cluster keeps at least one day, so the injection is harmless and 0 is invalid',
    resource: cluster({ replicationSourceIdentifier: 'arn:aws:rds:eu-west-1:123456789012:cluster:source' }),
    rules: [rdsBackupRetention],
    want: {
      desired: fixedWith(cluster({ replicationSourceIdentifier: 'arn:aws:rds:eu-west-1:123456789012:cluster:source' }), { backupRetentionPeriod: 7 }, rdsBackupRetention),
      mutations: [data.mutation(rdsBackupRetention, BACKUP, 7)],
      findings: [],
    },
  },
  ...([rdsBackupRetention, rdsDeletionProtection, rdsIamAuthentication] as const).map((rule): data.Case => ({
    name: `${rule.id}: an Aurora Instance is left to its Cluster`,
    reason: 'backups, deletion protection and IAM authentication of an Aurora instance are the cluster’s settings; setting them on the instance is not applicable',
    resource: instance({ engine: 'aurora-postgresql', backupRetentionPeriod: 0, deletionProtection: false, iamDatabaseAuthenticationEnabled: false }),
    rules: [rule],
    input: data.actions({ [rule.id]: 'Mutate' }),
    want: { desired: data.SAME, mutations: [], findings: [] },
  })),
  {
    name: 'deletion protection: default action Warn reports absence and changes nothing',
    reason: 'injecting would make Crossplane’s own delete of the database fail when the composite is deleted, so the default only reports',
    resource: cluster(),
    rules: [rdsDeletionProtection],
    want: {
      desired: data.SAME,
      mutations: [],
      findings: [
        data.missed(
          rdsDeletionProtection,
          'Warn',
          'spec.forProvider.deletionProtection',
          'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive',
          true,
        ),
      ],
    },
  },
  {
    name: 'deletion protection: default action Warn reports an explicit false',
    reason: 'Warn reports an unsafe value as Warn, without refusing',
    resource: instance({ deletionProtection: false }),
    rules: [rdsDeletionProtection],
    want: {
      desired: data.SAME,
      mutations: [],
      findings: [
        data.finding(
          rdsDeletionProtection,
          'Warn',
          'spec.forProvider.deletionProtection',
          'spec.forProvider.deletionProtection is false; set it to true so the database cannot be deleted by a single call (turn it off on purpose before deleting)',
        ),
      ],
    },
  },
  ...['mysql', 'postgres'].map((engine): data.Case => ({
    name: `IAM auth: injected into an Instance of engine ${engine}`,
    reason: 'RDS for MySQL and PostgreSQL support IAM authentication on every current version',
    resource: instance({ engine }),
    rules: [rdsIamAuthentication],
    want: { desired: fixedWith(instance({ engine }), { iamDatabaseAuthenticationEnabled: true }, rdsIamAuthentication), mutations: [data.mutation(rdsIamAuthentication, IAM, true)], findings: [] },
  })),
  ...['aurora', 'aurora-mysql', 'aurora-postgresql'].map((engine): data.Case => ({
    name: `IAM auth: injected into a Cluster of engine ${engine}`,
    reason: 'Aurora MySQL and PostgreSQL clusters support IAM authentication',
    resource: cluster({ engine }),
    rules: [rdsIamAuthentication],
    want: { desired: fixedWith(cluster({ engine }), { iamDatabaseAuthenticationEnabled: true }, rdsIamAuthentication), mutations: [data.mutation(rdsIamAuthentication, IAM, true)], findings: [] },
  })),
  {
    name: 'IAM auth: an Aurora Cluster in provisioned mode is injected',
    reason: 'only Serverless v1 is excluded',
    resource: cluster({ engineMode: 'provisioned' }),
    rules: [rdsIamAuthentication],
    want: { desired: fixedWith(cluster({ engineMode: 'provisioned' }), { iamDatabaseAuthenticationEnabled: true }, rdsIamAuthentication), mutations: [data.mutation(rdsIamAuthentication, IAM, true)], findings: [] },
  },
  {
    name: 'IAM auth: the engine in initProvider decides as well',
    reason: 'initProvider values are applied at creation, so an engine there is the engine',
    resource: data.withInit(rdsInstance({ engine: undefined }), { engine: 'mysql' }),
    rules: [rdsIamAuthentication],
    want: {
      desired: fixedWith(data.withInit(rdsInstance({ engine: undefined }), { engine: 'mysql' }), { iamDatabaseAuthenticationEnabled: true }, rdsIamAuthentication),
      mutations: [data.mutation(rdsIamAuthentication, IAM, true)],
      findings: [],
    },
  },
  ...(
    [
      ['Instance', 'mariadb', 'MariaDB supports it only from some versions: never inject where it could break the create'],
      ['Instance', 'oracle-ee', 'Oracle has no IAM authentication'],
      ['Instance', 'sqlserver-se', 'SQL Server has no IAM authentication'],
      ['Instance', 'db2-se', 'Db2 has no IAM authentication'],
      ['Cluster', 'mysql', 'a Multi-AZ DB cluster did not support it at launch: not injected'],
      ['Cluster', 'postgres', 'a Multi-AZ DB cluster did not support it at launch: not injected'],
    ] as const
  ).map(([kind, engine, reason]): data.Case => ({
    name: `IAM auth: ${kind} of engine ${engine} is left alone, even with false`,
    reason,
    resource: (kind === 'Instance' ? instance : cluster)({ engine, iamDatabaseAuthenticationEnabled: false }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [] },
  })),
  {
    name: 'IAM auth: Aurora Serverless v1 is left alone',
    reason: 'engineMode serverless does not support IAM authentication',
    resource: cluster({ engineMode: 'serverless' }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
  {
    name: 'IAM auth: engines that disagree between forProvider and initProvider: nothing injected',
    reason: 'it is injected only when every engine the resource names supports it',
    resource: data.withInit(instance({ engine: 'postgres' }), { engine: 'oracle-ee' }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
  {
    name: 'IAM auth: an Instance without an engine gets a notice, not an injection',
    reason: 'a replica or a restore inherits its engine, which the function cannot see; it says so instead of passing silently',
    resource: rdsInstance({ engine: undefined, replicateSourceDb: 'orders-db' }),
    rules: [rdsIamAuthentication],
    want: {
      desired: data.SAME,
      mutations: [],
      findings: [
        data.finding(
          rdsIamAuthentication,
          'Warn',
          'spec.forProvider.engine',
          'engine is not set (a replica or a restore inherits it), so whether IAM authentication can be turned on is unknown; nothing injected: set iamDatabaseAuthenticationEnabled explicitly',
        ),
      ],
    },
  },
  {
    name: 'IAM auth: an Instance without an engine but an explicit setting passes',
    reason: 'the author decided; the function cannot judge the engine, so it neither warns nor refuses',
    resource: rdsInstance({ engine: undefined, replicateSourceDb: 'orders-db', iamDatabaseAuthenticationEnabled: false }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
  {
    name: 'IAM auth: a malformed engine is refused',
    reason: 'the rule cannot tell whether IAM authentication applies, so it fails closed',
    resource: instance({ engine: 5 }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsIamAuthentication, 'Deny', 'spec.forProvider.engine', 'spec.forProvider.engine must be a string, got number 5')] },
  },
  {
    name: 'all RDS rules on a bare Instance (v1beta3)',
    reason: 'every injection lands in one pass with one sorted annotation; deletion protection only warns by default',
    resource: instance(),
    rules: RDS_RULES,
    want: {
      desired: injected(
        instance(),
        { storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true },
        'aws-rds-backup-retention,aws-rds-iam-auth,aws-rds-public-access,aws-rds-storage-encrypted',
      ),
      mutations: [
        data.mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true),
        data.mutation(rdsPublicAccess, 'spec.forProvider.publiclyAccessible', false),
        data.mutation(rdsBackupRetention, BACKUP, 7),
        data.mutation(rdsIamAuthentication, IAM, true),
      ],
      findings: [
        data.missed(
          rdsDeletionProtection,
          'Warn',
          'spec.forProvider.deletionProtection',
          'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive',
          true,
        ),
      ],
    },
  },
  {
    name: 'all RDS rules on a bare Cluster (v1beta2), deletion protection set to Mutate',
    reason: 'a team that accepts the deletion trade-off turns the rule to Mutate and gets deletionProtection injected too',
    resource: cluster(),
    rules: RDS_RULES,
    input: data.actions({ 'aws-rds-deletion-protection': 'Mutate' }),
    want: {
      desired: injected(
        rdsCluster(),
        { storageEncrypted: true, backupRetentionPeriod: 7, deletionProtection: true, iamDatabaseAuthenticationEnabled: true },
        'aws-rds-backup-retention,aws-rds-deletion-protection,aws-rds-iam-auth,aws-rds-storage-encrypted',
      ),
      mutations: [
        data.mutation(rdsStorageEncrypted, 'spec.forProvider.storageEncrypted', true),
        data.mutation(rdsBackupRetention, BACKUP, 7),
        data.mutation(rdsDeletionProtection, 'spec.forProvider.deletionProtection', true),
        data.mutation(rdsIamAuthentication, IAM, true),
      ],
      findings: [],
    },
  },
];

describe('RDS backups, deletion protection and IAM authentication', () => {
  it.each([...backupCases, ...deletionCases, ...iamCases, ...rdsExtraCases])('$name', (c) => data.runCase(c));
});

// Neptune and DocumentDB: the RDS API underneath, read by the same rules (provider-upjet-aws 75a4c57162d0:
// neptune Cluster v1beta1, v1beta2 and namespaced v1beta1; docdb Cluster v1beta1 and namespaced v1beta1;
// ClusterInstance and GlobalCluster v1beta1 in both groups).

const NEPTUNE_SHAPES = [data.served('cluster', 'v1beta1'), data.served('cluster', 'v1beta2'), data.served('namespaced', 'v1beta1')];
const V1BETA1_SHAPES = [data.served('cluster', 'v1beta1'), data.served('namespaced', 'v1beta1')];

const neptune = (s: data.Served, forProvider: Record<string, unknown> = {}) => data.awsResource('neptune', 'Cluster', s, { engine: 'neptune', ...forProvider });
const docdb = (s: data.Served, forProvider: Record<string, unknown> = {}) => data.awsResource('docdb', 'Cluster', s, { engine: 'docdb', masterUsername: 'app', ...forProvider });
const neptuneInstance = (s: data.Served, forProvider: Record<string, unknown> = {}) =>
  data.awsResource('neptune', 'ClusterInstance', s, { engine: 'neptune', instanceClass: 'db.r6g.large', clusterIdentifierRef: { name: 'graph' }, ...forProvider });
const globalCluster = (service: string) => (s: data.Served, forProvider: Record<string, unknown> = {}) => data.awsResource(service, 'GlobalCluster', s, { engine: service === 'rds' ? 'aurora-postgresql' : service, ...forProvider });

const STORAGE = { ...data.booleanGuard(true), field: ['storageEncrypted'], missing: 'storage encryption was not set', advice: 'set it to true (or remove it) so the database is encrypted at rest' };
const RDS_LIKE_BACKUP_ADVICE = 'set it to a whole number of days from 7 to 35, or remove it to get 7';

const rdsLikeCases: data.Case[] = [
  ...data.guardCases({ rule: rdsStorageEncrypted, shapes: NEPTUNE_SHAPES, build: neptune, ...STORAGE }),
  ...data.guardCases({ rule: rdsStorageEncrypted, shapes: V1BETA1_SHAPES, build: docdb, ...STORAGE }),
  ...['rds', 'docdb', 'neptune'].flatMap((service) => data.guardCases({ rule: rdsStorageEncrypted, shapes: V1BETA1_SHAPES, build: globalCluster(service), ...STORAGE })),
  ...data.guardCases({
    rule: rdsPublicAccess,
    field: ['publiclyAccessible'],
    shapes: V1BETA1_SHAPES,
    build: neptuneInstance,
    ...data.booleanGuard(false),
    missing: 'public accessibility was not set',
    advice: 'set it to false (or remove it) and reach the database from inside the VPC',
  }),
  ...[
    { build: neptune, shapes: NEPTUNE_SHAPES },
    { build: docdb, shapes: V1BETA1_SHAPES },
  ].flatMap(({ build, shapes }) => [
    ...data.guardCases({
      rule: rdsBackupRetention,
      field: ['backupRetentionPeriod'],
      shapes,
      build,
      safe: DEFAULT_BACKUP_RETENTION_DAYS,
      unsafe: 3,
      unsafeText: '3',
      malformed: '7',
      malformedText: 'the string "7"',
      type: 'a number',
      missing: 'automated backups were not configured',
      advice: RDS_LIKE_BACKUP_ADVICE,
    }),
    ...data.guardCases({
      rule: rdsDeletionProtection,
      field: ['deletionProtection'],
      shapes,
      build,
      ...data.booleanGuard(true),
      missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive',
      advice: 'set it to true so the database cannot be deleted by a single call (turn it off on purpose before deleting)',
    }),
  ]),
  ...data.guardCases({
    rule: rdsIamAuthentication,
    field: ['iamDatabaseAuthenticationEnabled'],
    shapes: NEPTUNE_SHAPES,
    build: neptune,
    ...data.booleanGuard(true),
    missing: 'IAM database authentication was not turned on',
    advice: 'set it to true (or remove it) so applications can use short-lived IAM tokens instead of stored passwords',
  }),
];

const GLOBAL = data.served('cluster', 'v1beta1');
const rdsLikeExtraCases: data.Case[] = [
  ...['sourceDbClusterIdentifier', 'sourceDbClusterIdentifierRef', 'sourceDbClusterIdentifierSelector'].map((field): data.Case => ({
    name: `a global cluster built from a source cluster (${field}) takes its encryption: nothing injected`,
    reason: 'storage encryption is the source cluster’s, judged on its own; injecting true beside an unencrypted source would only fail the creation',
    resource: globalCluster('rds')(GLOBAL, { engine: null, [field]: field.endsWith('Identifier') ? 'arn:aws:rds:eu-west-1:111122223333:cluster:orders' : field.endsWith('Ref') ? { name: 'orders' } : { matchLabels: { db: 'orders' } } }),
    rules: [rdsStorageEncrypted],
    want: { desired: data.SAME, mutations: [], findings: [] },
  })),
  {
    name: 'an agent builds an unencrypted global cluster from a source and says so: refused',
    reason: 'an explicit false is judged whatever the source',
    resource: globalCluster('docdb')(GLOBAL, { sourceDbClusterIdentifier: 'arn:aws:rds:eu-west-1:111122223333:cluster:docs', storageEncrypted: false }),
    rules: [rdsStorageEncrypted],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsStorageEncrypted, 'Deny', 'spec.forProvider.storageEncrypted', 'spec.forProvider.storageEncrypted is false; set it to true (or remove it) so the database is encrypted at rest')] },
  },
  {
    name: 'an agent asks for an unencrypted Neptune graph: refused',
    reason: 'Neptune is the RDS API underneath; storageEncrypted: false is the same danger (CKV_AWS_44)',
    resource: neptune(NEPTUNE_SHAPES[1]!, { storageEncrypted: false }),
    rules: [rdsStorageEncrypted],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsStorageEncrypted, 'Deny', 'spec.forProvider.storageEncrypted', 'spec.forProvider.storageEncrypted is false; set it to true (or remove it) so the database is encrypted at rest')] },
  },
  {
    name: 'an agent makes a Neptune instance public: refused',
    reason: 'CKV_AWS_102: a Neptune endpoint must not resolve to a public address',
    resource: neptuneInstance(V1BETA1_SHAPES[0]!, { publiclyAccessible: true }),
    rules: [rdsPublicAccess],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')] },
  },
  {
    name: 'an RDS Instance may keep a single day of backups; a DocumentDB cluster may not',
    reason: 'the floor is 1 on RDS (an author’s choice), 7 on Neptune and DocumentDB (Checkov CKV_AWS_360, Security Hub DocumentDB.2)',
    resource: docdb(V1BETA1_SHAPES[0]!, { backupRetentionPeriod: 1 }),
    rules: [rdsBackupRetention],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsBackupRetention, 'Deny', BACKUP, `${BACKUP} is 1; ${RDS_LIKE_BACKUP_ADVICE}`)] },
  },
  {
    name: 'a Neptune cluster with an engine that is not a string: refused as malformed, IAM authentication not injected',
    reason: 'the engine is read to decide; a malformed one is never passed',
    resource: neptune(NEPTUNE_SHAPES[1]!, { engine: 7 }),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [data.finding(rdsIamAuthentication, 'Deny', 'spec.forProvider.engine', 'spec.forProvider.engine must be a string, got number 7')] },
  },
  {
    name: 'a DocumentDB cluster is not given IAM authentication',
    reason: 'DocumentDB has no iamDatabaseAuthenticationEnabled field; the rule does not read docdb kinds',
    resource: docdb(V1BETA1_SHAPES[0]!),
    rules: [rdsIamAuthentication],
    want: { desired: data.SAME, mutations: [], findings: [] },
  },
];

describe('Neptune and DocumentDB through the RDS rules', () => {
  it.each([...rdsLikeCases, ...rdsLikeExtraCases])('$name', (c) => data.runCase(c));
});
