import { describe, it } from 'vitest';
import { actions, booleanGuard, finding, guardCases, injected, mutation, runCase, SAME, type Case, type Served } from '../../../../test/builders/aws-data.js';
import { managed } from '../../../../test/builders.js';
import type { KubeObject } from '../../../engine/types.js';
import { classicRdsEncrypted, classicRdsPublicAccess } from './rds.js';

/** The community provider's kinds are each served in one group and version; every block is an object. */
const community = (group: string, version: string): Served => ({ label: `${group}.aws.crossplane.io ${version}`, group: 'cluster', version, blocks: 'object' });

const KINDS = [
  { served: community('rds', 'v1alpha1'), kind: 'DBInstance', base: { dbInstanceClass: 'db.t3.micro', engine: 'postgres' } },
  { served: community('database', 'v1beta1'), kind: 'RDSInstance', base: { dbInstanceClass: 'db.t3.micro', engine: 'postgres' } },
  { served: community('rds', 'v1alpha1'), kind: 'DBCluster', base: { engine: 'mysql', dbClusterInstanceClass: 'db.m5d.large', allocatedStorage: 100 } },
] as const;

const build = (kind: (typeof KINDS)[number]) => (s: Served, forProvider: Record<string, unknown> = {}): KubeObject =>
  managed(`${s.label.split(' ')[0]}/${s.version}`, kind.kind, { ...kind.base, ...forProvider });

const dbInstance = build(KINDS[0]);
const dbCluster = build(KINDS[2]);

const cases: Case[] = [
  ...KINDS.flatMap((k) => [
    ...guardCases({
      rule: classicRdsEncrypted,
      field: ['storageEncrypted'],
      shapes: [k.served],
      build: build(k),
      ...booleanGuard(true),
      missing: 'storage encryption was not set',
      advice: 'set it to true (or remove it) so the database is encrypted at rest',
    }).map((c) => ({ ...c, name: `${k.kind}: ${c.name}` })),
    ...guardCases({
      rule: classicRdsPublicAccess,
      field: ['publiclyAccessible'],
      shapes: [k.served],
      build: build(k),
      ...booleanGuard(false),
      missing: 'public accessibility was not set',
      advice: 'set it to false (or remove it) and reach the database from inside the VPC',
    }).map((c) => ({ ...c, name: `${k.kind}: ${c.name}` })),
  ]),
  {
    name: 'an agent makes a community DBInstance public: refused',
    reason: 'publiclyAccessible: true on the community kind is the same exposure as on the Upbound one',
    resource: dbInstance(KINDS[0].served, { publiclyAccessible: true, storageEncrypted: true }),
    rules: [classicRdsPublicAccess],
    want: { desired: SAME, mutations: [], findings: [finding(classicRdsPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')] },
  },
  {
    name: 'an agent turns storage encryption off on a community DBInstance: refused',
    reason: 'an explicit false is refused, never flipped',
    resource: dbInstance(KINDS[0].served, { storageEncrypted: false }),
    rules: [classicRdsEncrypted],
    want: { desired: SAME, mutations: [], findings: [finding(classicRdsEncrypted, 'Deny', 'spec.forProvider.storageEncrypted', 'spec.forProvider.storageEncrypted is false; set it to true (or remove it) so the database is encrypted at rest')] },
  },
  {
    name: 'a DBInstance of an Aurora cluster (by reference): its encryption is not injected',
    reason: 'RDS takes storage encryption from the cluster, which is judged itself',
    resource: dbInstance(KINDS[0].served, { dbClusterIdentifierRef: { name: 'aurora' } }),
    rules: [classicRdsEncrypted],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent puts storageEncrypted: false on a member of a cluster: left to the cluster, which is judged',
    reason: 'RDS ignores an Aurora instance\'s own storage encryption and takes the cluster\'s, so the false encrypts nothing less',
    resource: dbInstance(KINDS[0].served, { dbClusterIdentifier: 'aurora', storageEncrypted: false }),
    rules: [classicRdsEncrypted],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an Aurora DBCluster: publiclyAccessible is not injected',
    reason: 'RDS takes publiclyAccessible only from Multi-AZ DB clusters; Aurora instances carry it',
    resource: dbCluster(KINDS[2].served, { engine: 'aurora-postgresql' }),
    rules: [classicRdsPublicAccess],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent makes an Aurora DBCluster public explicitly: refused',
    reason: 'an explicit true is refused whatever the engine',
    resource: dbCluster(KINDS[2].served, { engine: 'aurora-postgresql', publiclyAccessible: true }),
    rules: [classicRdsPublicAccess],
    want: { desired: SAME, mutations: [], findings: [finding(classicRdsPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')] },
  },
  {
    name: 'a Multi-AZ DB cluster (mysql): publiclyAccessible injected',
    reason: 'RDS makes such a cluster public when its subnets route to an internet gateway',
    resource: dbCluster(KINDS[2].served),
    rules: [classicRdsPublicAccess],
    want: { desired: injected(dbCluster(KINDS[2].served), { publiclyAccessible: false }, classicRdsPublicAccess.id), mutations: [mutation(classicRdsPublicAccess, 'spec.forProvider.publiclyAccessible', false)], findings: [] },
  },
  {
    name: 'under Warn, a public community DBInstance is reported, not changed',
    reason: 'the action is the operator\'s',
    resource: dbInstance(KINDS[0].served, { publiclyAccessible: true }),
    rules: [classicRdsPublicAccess],
    input: actions({ [classicRdsPublicAccess.id]: 'Warn' }),
    want: { desired: SAME, mutations: [], findings: [finding(classicRdsPublicAccess, 'Warn', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC')] },
  },
];

describe('RDS of the community AWS provider', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
