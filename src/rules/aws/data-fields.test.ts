import { describe, it } from 'vitest';
import { actions, awsResource, booleanGuard, finding, guardCases, injected, mutation, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import {
  dbAutoMinorUpgrade,
  dbCopyTagsToSnapshot,
  dmsPublicAccess,
  elasticacheAutomaticFailover,
  mqAutoMinorUpgrade,
  mqGeneralLogs,
  mqPublicAccess,
  rdsCaCertificate,
  redshiftDatabaseName,
  redshiftEncrypted,
  redshiftEnhancedVpcRouting,
  redshiftPublicAccess,
  redshiftSnapshotRetention,
  redshiftSubnetGroup,
  searchDedicatedMasters,
  searchEncryptAtRest,
  searchEnforceHttps,
  searchFineGrainedAccess,
  searchMasterCount,
  searchNodeToNode,
  searchTlsPolicy,
} from './data-fields.js';

// Served shapes from provider-upjet-aws 75a4c57162d0 (cluster-scoped v1beta1 renders single nested blocks as lists).
const shapes = (cluster: readonly string[], namespaced: readonly string[] = ['v1beta1']): Served[] => [...cluster.map((v) => served('cluster', v)), ...namespaced.map((v) => served('namespaced', v))];
const TWO = shapes(['v1beta1', 'v1beta2']);
const ONE = shapes(['v1beta1']);
const RDS_INSTANCE_SHAPES = shapes(['v1beta1', 'v1beta2', 'v1beta3']);

type Build = (s: Served, forProvider?: Record<string, unknown>) => KubeObject;
const build = (service: string, kind: string, base: Record<string, unknown>): Build => (s, forProvider = {}) => awsResource(service, kind, s, { ...base, ...forProvider });

const redshift = build('redshift', 'Cluster', { nodeType: 'ra3.xlplus', clusterType: 'single-node' });
const dms = build('dms', 'ReplicationInstance', { replicationInstanceClass: 'dms.t3.micro' });
const mq = build('mq', 'Broker', { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro' });
const rdsInstance = build('rds', 'Instance', { instanceClass: 'db.t4g.micro', engine: 'postgres' });
const rdsCluster = build('rds', 'Cluster', { engine: 'aurora-postgresql' });
const rdsClusterInstance = build('rds', 'ClusterInstance', { instanceClass: 'db.r6g.large', engine: 'aurora-postgresql' });
const neptuneCluster = build('neptune', 'Cluster', { engine: 'neptune' });
const neptuneInstance = build('neptune', 'ClusterInstance', { instanceClass: 'db.r6g.large' });
const opensearch = build('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' });
const elasticsearch = build('elasticsearch', 'Domain', { elasticsearchVersion: '7.10' });
const replicationGroup = build('elasticache', 'ReplicationGroup', { description: 'cache' });

const SEARCH: readonly { build: Build; shapes: Served[] }[] = [
  { build: opensearch, shapes: TWO },
  { build: elasticsearch, shapes: TWO },
];

const guards: Case[] = [
  ...guardCases({
    rule: redshiftEncrypted,
    field: ['encrypted'],
    shapes: TWO,
    build: redshift,
    safe: 'true',
    unsafe: 'false',
    unsafeText: '"false"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'encryption at rest was not set',
    advice: 'set it to "true" (quoted: the CRD types it as a string) so the cluster and its snapshots are encrypted',
  }),
  ...guardCases({
    rule: redshiftPublicAccess,
    field: ['publiclyAccessible'],
    shapes: TWO,
    build: redshift,
    ...booleanGuard(false),
    missing: 'public accessibility was not set (the Terraform provider before v6 made clusters public by default)',
    advice: 'set it to false (or remove it) and reach the warehouse from inside the VPC',
  }),
  ...guardCases({
    rule: redshiftEnhancedVpcRouting,
    field: ['enhancedVpcRouting'],
    shapes: TWO,
    build: redshift,
    ...booleanGuard(true),
    missing: 'enhanced VPC routing was not turned on, so COPY and UNLOAD traffic leaves the VPC',
    advice: 'set it to true so COPY and UNLOAD go through the VPC, its endpoints, security groups and flow logs',
  }),
  ...guardCases({
    rule: dmsPublicAccess,
    field: ['publiclyAccessible'],
    shapes: ONE,
    build: dms,
    ...booleanGuard(false),
    missing: 'public accessibility was not set (the DMS API makes a replication instance public unless told otherwise)',
    advice: 'set it to false (or remove it): the instance reaches its endpoints from inside the VPC',
  }),
  ...guardCases({
    rule: mqPublicAccess,
    field: ['publiclyAccessible'],
    shapes: TWO,
    build: mq,
    ...booleanGuard(false),
    missing: 'public accessibility was not set',
    advice: 'set it to false (or remove it) and reach the broker from inside the VPC',
  }),
  ...guardCases({
    rule: mqGeneralLogs,
    field: ['logs', 'general'],
    shapes: TWO,
    build: mq,
    ...booleanGuard(true),
    missing: 'general logging was not turned on',
    advice: 'set it to true (or remove it) so the broker logs to CloudWatch Logs',
  }),
  ...guardCases({
    rule: mqAutoMinorUpgrade,
    field: ['autoMinorVersionUpgrade'],
    shapes: TWO,
    build: mq,
    ...booleanGuard(true),
    missing: 'automatic minor version upgrades were not turned on (false by default on MQ)',
    advice: 'set it to true (or remove it) so security fixes in minor versions are applied in the maintenance window',
  }),
  ...[
    { build: rdsInstance, shapes: RDS_INSTANCE_SHAPES },
    { build: rdsCluster, shapes: TWO },
    { build: neptuneCluster, shapes: TWO },
  ].flatMap((k) =>
    guardCases({
      rule: dbCopyTagsToSnapshot,
      field: ['copyTagsToSnapshot'],
      ...k,
      ...booleanGuard(true),
      missing: 'snapshots were not set to copy the database\'s tags',
      advice: 'set it to true (or remove it) so snapshots keep the owner, classification and cost tags of their database',
    }),
  ),
  ...SEARCH.flatMap((k) => [
    ...guardCases({ rule: searchEncryptAtRest, field: ['encryptAtRest', 'enabled'], ...k, ...booleanGuard(true), missing: 'encryption at rest was not turned on', advice: 'set it to true (or remove it) so indices, logs and snapshots are encrypted' }),
    ...guardCases({ rule: searchNodeToNode, field: ['nodeToNodeEncryption', 'enabled'], ...k, ...booleanGuard(true), missing: 'node-to-node encryption was not turned on', advice: 'set it to true (or remove it) so traffic between the nodes of the domain is TLS' }),
    ...guardCases({
      rule: searchEnforceHttps,
      field: ['domainEndpointOptions', 'enforceHttps'],
      ...k,
      ...booleanGuard(true),
      missing: 'HTTPS was not enforced',
      advice: 'set it to true (or remove it) so clients cannot send queries and credentials over plain HTTP',
    }),
    ...guardCases({
      rule: searchTlsPolicy,
      field: ['domainEndpointOptions', 'tlsSecurityPolicy'],
      ...k,
      safe: 'Policy-Min-TLS-1-2-2019-07',
      unsafe: 'Policy-Min-TLS-1-0-2019-07',
      unsafeText: '"Policy-Min-TLS-1-0-2019-07"',
      malformed: 12,
      malformedText: 'number 12',
      type: 'a string',
      missing: 'no TLS policy was set, so the domain accepts TLS 1.0 and 1.1',
      advice: 'set it to Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10 so clients must use TLS 1.2 or later',
    }),
  ]),
  ...guardCases({
    rule: elasticacheAutomaticFailover,
    field: ['automaticFailoverEnabled'],
    shapes: TWO,
    build: replicationGroup,
    ...booleanGuard(true),
    missing: 'automatic failover was not turned on, so a failed primary stays down until a person promotes a replica',
    advice: 'set it to true (with at least two cache clusters) so a replica is promoted when the primary fails',
  }),
];

const defaults: Case[] = [
  ...[
    { build: rdsInstance, shapes: RDS_INSTANCE_SHAPES, field: 'autoMinorVersionUpgrade' },
    { build: rdsClusterInstance, shapes: ONE, field: 'autoMinorVersionUpgrade' },
    { build: neptuneInstance, shapes: ONE, field: 'autoMinorVersionUpgrade' },
    { build: dms, shapes: ONE, field: 'autoMinorVersionUpgrade' },
    { build: redshift, shapes: TWO, field: 'allowVersionUpgrade' },
  ].flatMap((k) =>
    defaultCases({
      rule: dbAutoMinorUpgrade,
      field: [k.field],
      shapes: k.shapes,
      build: k.build,
      ...booleanGuard(true),
      advice: 'set it to true (or remove it) so security fixes in minor versions are applied in the maintenance window',
    }),
  ),
  ...defaultCases({
    rule: redshiftSnapshotRetention,
    field: ['automatedSnapshotRetentionPeriod'],
    shapes: TWO,
    build: redshift,
    safe: 7,
    unsafe: 0,
    unsafeText: '0',
    malformed: '7',
    malformedText: 'the string "7"',
    type: 'a number',
    advice: 'set it to a whole number of days from 1 to 35 (0 turns automated snapshots off), or remove it to get 1',
  }),
  ...[
    { build: rdsInstance, shapes: RDS_INSTANCE_SHAPES },
    { build: rdsClusterInstance, shapes: ONE },
  ].flatMap((k) =>
    defaultCases({
      rule: rdsCaCertificate,
      field: ['caCertIdentifier'],
      ...k,
      safe: 'rds-ca-ecc384-g1',
      unsafe: 'rds-ca-2019',
      unsafeText: '"rds-ca-2019"',
      malformed: 2019,
      malformedText: 'number 2019',
      type: 'a string',
      advice: 'name a current certificate authority (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1), or remove it to get rds-ca-rsa2048-g1',
    }),
  ),
];

/** A row with nothing to inject: absence and unsafe values are reported with the rule's action (Warn), and nothing changes. */
interface Reported {
  rule: Rule;
  field: readonly string[];
  shapes: readonly Served[];
  build: Build;
  safe: unknown;
  unsafe: unknown;
  unsafeText: string;
  malformed: unknown;
  malformedText: string;
  type: string;
  missing: string;
  advice: string;
}

function reportedCases(r: Reported): Case[] {
  return r.shapes.flatMap((s): Case[] => {
    const at = `${r.rule.id} on ${s.label}`;
    const value = (v: unknown): Record<string, unknown> => {
      const [head, ...rest] = r.field;
      if (rest.length === 0) return { [head!]: v };
      const inner = { [rest[0]!]: v };
      return { [head!]: s.blocks === 'array' ? [inner] : inner };
    };
    const fp = r.field.length === 1 ? `spec.forProvider.${r.field[0]}` : s.blocks === 'array' ? `spec.forProvider.${r.field[0]}[0].${r.field[1]}` : `spec.forProvider.${r.field.join('.')}`;
    const ip = fp.replace('spec.forProvider', 'spec.initProvider');
    const absent = `spec.forProvider.${r.field.join('.')}`;
    return [
      { name: `${at}: safe`, reason: 'an explicit safe value passes', resource: r.build(s, value(r.safe)), rules: [r.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: safe in initProvider only`, reason: 'initProvider is an explicit choice at creation', resource: withInit(r.build(s), value(r.safe)), rules: [r.rule], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: absent, reported`,
        reason: 'only the author knows the value: the absence is reported with the rule\'s action, nothing is injected',
        resource: r.build(s),
        rules: [r.rule],
        want: { desired: SAME, mutations: [], findings: [finding(r.rule, 'Warn', absent, r.missing)] },
      },
      {
        name: `${at}: unsafe in forProvider, reported`,
        reason: 'an explicit unsafe value is reported with the rule\'s action',
        resource: r.build(s, value(r.unsafe)),
        rules: [r.rule],
        want: { desired: SAME, mutations: [], findings: [finding(r.rule, 'Warn', fp, `${fp} is ${r.unsafeText}; ${r.advice}`)] },
      },
      {
        name: `${at}: unsafe in initProvider, reported`,
        reason: 'initProvider is applied at creation',
        resource: withInit(r.build(s), value(r.unsafe)),
        rules: [r.rule],
        want: { desired: SAME, mutations: [], findings: [finding(r.rule, 'Warn', ip, `${ip} is ${r.unsafeText}; ${r.advice}`)] },
      },
      {
        name: `${at}: malformed`,
        reason: 'a value of the wrong type cannot be judged: reported',
        resource: r.build(s, value(r.malformed)),
        rules: [r.rule],
        want: { desired: SAME, mutations: [], findings: [finding(r.rule, 'Warn', fp, `${fp} must be ${r.type}, got ${r.malformedText}`)] },
      },
      {
        name: `${at}: action Deny, unsafe`,
        reason: 'a platform that requires it sets the action to Deny',
        resource: r.build(s, value(r.unsafe)),
        rules: [r.rule],
        input: actions({ [r.rule.id]: 'Deny' }),
        want: { desired: SAME, mutations: [], findings: [finding(r.rule, 'Deny', fp, `${fp} is ${r.unsafeText}; ${r.advice}`)] },
      },
    ];
  });
}

const reported: Case[] = [
  ...SEARCH.flatMap((k) => [
    ...reportedCases({
      rule: searchFineGrainedAccess,
      field: ['advancedSecurityOptions', 'enabled'],
      ...k,
      ...booleanGuard(true),
      missing: 'fine-grained access control was not turned on, so anyone the domain policy admits can read and write every index',
      advice: 'set it to true with a master user (masterUserOptions) so access is granted per index, document and field',
    }),
    ...reportedCases({
      rule: searchDedicatedMasters,
      field: ['clusterConfig', 'dedicatedMasterEnabled'],
      ...k,
      ...booleanGuard(true),
      missing: 'no dedicated master nodes were configured, so data nodes also manage the cluster',
      advice: 'set it to true with a dedicatedMasterType so cluster management survives a busy or failed data node',
    }),
    ...reportedCases({
      rule: searchMasterCount,
      field: ['clusterConfig', 'dedicatedMasterCount'],
      ...k,
      safe: 3,
      unsafe: 2,
      unsafeText: '2',
      malformed: '3',
      malformedText: 'the string "3"',
      type: 'a number',
      missing: 'no dedicated master count was set',
      advice: 'set it to 3 (or 5) so the masters keep a quorum when one fails',
    }),
  ]),
  ...reportedCases({
    rule: redshiftSubnetGroup,
    field: ['clusterSubnetGroupName'],
    shapes: TWO,
    build: redshift,
    safe: 'warehouse',
    unsafe: 'default',
    unsafeText: '"default"',
    malformed: ['warehouse'],
    malformedText: 'an array',
    type: 'a string',
    missing: 'no subnet group was named, so the cluster lands in the default VPC',
    advice: 'name a cluster subnet group of the application\'s private subnets, not the default VPC\'s',
  }),
  ...reportedCases({
    rule: redshiftDatabaseName,
    field: ['databaseName'],
    shapes: TWO,
    build: redshift,
    safe: 'sales',
    unsafe: 'dev',
    unsafeText: '"dev"',
    malformed: 1,
    malformedText: 'number 1',
    type: 'a string',
    missing: 'no database name was set, so Redshift creates the well-known default "dev"',
    advice: 'name the database after what it holds, not the default "dev" every scanner tries first',
  }),
];

const V1 = served('cluster', 'v1beta1');
const V2 = served('cluster', 'v1beta2');
const NS = served('namespaced', 'v1beta1');

const probes: Case[] = [
  {
    name: 'an agent makes a Redshift cluster public: refused',
    reason: 'CKV_AWS_87: a public warehouse endpoint is one password away from the data',
    resource: redshift(V2, { publiclyAccessible: true, masterUsername: 'awsuser' }),
    rules: [redshiftPublicAccess],
    want: { desired: SAME, mutations: [], findings: [finding(redshiftPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the warehouse from inside the VPC')] },
  },
  {
    name: 'an agent writes encrypted: false (a boolean) on a Redshift cluster: refused as malformed',
    reason: 'the CRD field is a string; a boolean false would be rejected by the API server or, coerced, leave the cluster unencrypted',
    resource: redshift(NS, { encrypted: false }),
    rules: [redshiftEncrypted],
    want: { desired: SAME, mutations: [], findings: [finding(redshiftEncrypted, 'Deny', 'spec.forProvider.encrypted', 'spec.forProvider.encrypted must be a string, got boolean false')] },
  },
  {
    name: 'an agent asks for an unencrypted Redshift cluster with encrypted: "False": refused',
    reason: 'only the exact string "true" is safe; case variants are not read as true',
    resource: redshift(V1, { encrypted: 'False' }),
    rules: [redshiftEncrypted],
    want: { desired: SAME, mutations: [], findings: [finding(redshiftEncrypted, 'Deny', 'spec.forProvider.encrypted', 'spec.forProvider.encrypted is "False"; set it to "true" (quoted: the CRD types it as a string) so the cluster and its snapshots are encrypted')] },
  },
  {
    name: 'an agent creates a DMS replication instance without saying whether it is public: false injected',
    reason: 'CKV_AWS_89: the DMS API defaults to public',
    resource: dms(NS),
    rules: [dmsPublicAccess],
    want: { desired: injected(dms(NS), { publiclyAccessible: false }, dmsPublicAccess.id), mutations: [mutation(dmsPublicAccess, 'spec.forProvider.publiclyAccessible', false)], findings: [] },
  },
  {
    name: 'an agent makes a RabbitMQ broker public: refused',
    reason: 'CKV_AWS_69: the broker and its management console would take connections from the internet',
    resource: mq(V2, { engineType: 'RabbitMQ', publiclyAccessible: true }),
    rules: [mqPublicAccess],
    want: { desired: SAME, mutations: [], findings: [finding(mqPublicAccess, 'Deny', 'spec.forProvider.publiclyAccessible', 'spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the broker from inside the VPC')] },
  },
  {
    name: 'an agent sets an OpenSearch domain to TLS 1.0: refused',
    reason: 'CKV_AWS_228: the policy must refuse TLS before 1.2',
    resource: opensearch(V2, { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' } }),
    rules: [searchTlsPolicy, searchEnforceHttps],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(searchTlsPolicy, 'Deny', 'spec.forProvider.domainEndpointOptions.tlsSecurityPolicy', 'spec.forProvider.domainEndpointOptions.tlsSecurityPolicy is "Policy-Min-TLS-1-0-2019-07"; set it to Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10 so clients must use TLS 1.2 or later')],
    },
  },
  {
    name: 'an agent turns HTTPS off on an Elasticsearch domain but keeps a TLS 1.2 policy: refused',
    reason: 'the policy only matters if HTTPS is enforced; each field is judged on its own',
    resource: elasticsearch(V1, { domainEndpointOptions: [{ enforceHttps: false, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' }] }),
    rules: [searchTlsPolicy, searchEnforceHttps],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(searchEnforceHttps, 'Deny', 'spec.forProvider.domainEndpointOptions[0].enforceHttps', 'spec.forProvider.domainEndpointOptions[0].enforceHttps is false; set it to true (or remove it) so clients cannot send queries and credentials over plain HTTP')],
    },
  },
  {
    name: 'an OpenSearch domain without endpoint options gets HTTPS and TLS 1.2 in one block',
    reason: 'both rows inject into the same block; the second finds the block the first created and adds its field inside it',
    resource: opensearch(V1),
    rules: [searchEnforceHttps, searchTlsPolicy],
    want: {
      desired: injected(opensearch(V1), { domainEndpointOptions: [{ enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' }] }, `${searchEnforceHttps.id},${searchTlsPolicy.id}`),
      mutations: [mutation(searchEnforceHttps, 'spec.forProvider.domainEndpointOptions', [{ enforceHttps: true }]), mutation(searchTlsPolicy, 'spec.forProvider.domainEndpointOptions[0].tlsSecurityPolicy', 'Policy-Min-TLS-1-2-2019-07')],
      findings: [],
    },
  },
  {
    name: 'an agent pins an RDS instance\'s minor version with autoMinorVersionUpgrade: false: refused',
    reason: 'CKV_AWS_226: security fixes ship in minor versions',
    resource: rdsInstance(served('cluster', 'v1beta3'), { autoMinorVersionUpgrade: false }),
    rules: [dbAutoMinorUpgrade],
    want: { desired: SAME, mutations: [], findings: [finding(dbAutoMinorUpgrade, 'Deny', 'spec.forProvider.autoMinorVersionUpgrade', 'spec.forProvider.autoMinorVersionUpgrade is false; set it to true (or remove it) so security fixes in minor versions are applied in the maintenance window')] },
  },
  {
    name: 'an agent keeps an RDS instance on the expired rds-ca-2019: refused',
    reason: 'CKV_AWS_211',
    resource: rdsInstance(NS, { caCertIdentifier: 'rds-ca-2019' }),
    rules: [rdsCaCertificate],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(rdsCaCertificate, 'Deny', 'spec.forProvider.caCertIdentifier', 'spec.forProvider.caCertIdentifier is "rds-ca-2019"; name a current certificate authority (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1), or remove it to get rds-ca-rsa2048-g1')],
    },
  },
  {
    name: 'an agent turns Redshift automated snapshots off: refused',
    reason: 'CKV_AWS_343: 0 days means no automated snapshots',
    resource: redshift(V2, { automatedSnapshotRetentionPeriod: 0 }),
    rules: [redshiftSnapshotRetention],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(redshiftSnapshotRetention, 'Deny', 'spec.forProvider.automatedSnapshotRetentionPeriod', 'spec.forProvider.automatedSnapshotRetentionPeriod is 0; set it to a whole number of days from 1 to 35 (0 turns automated snapshots off), or remove it to get 1')],
    },
  },
];

describe('database and analytics field rows', () => {
  it.each([...guards, ...defaults, ...reported, ...probes])('$name', (c) => runCase(c));
});
