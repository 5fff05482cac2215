import { describe, it } from 'vitest';
import { actions, awsResource, finding, injected, inManifest, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import { elasticacheAuth, elasticacheClusterBackups, elasticacheClusterMinorUpgrade, elasticacheSubnetGroup } from './elasticache-clusters.js';
import { mskLogging } from './msk.js';

// Cluster-scoped v1beta1 (lists) and a later version (objects), and namespaced v1beta1.
const SHAPES: Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const BACKUP_ADVICE = (v: number) => `spec.forProvider.snapshotRetentionLimit is ${v}; set it to a whole number of days from 1 to 35 (0 keeps no snapshots), or remove it to get 7`;
const UPGRADE_ADVICE = 'set it to "true" (or remove it) so security fixes in minor versions are applied in the maintenance window';
const NO_SUBNET = 'no subnet group is named, so the cache lands in the default subnet group (the default VPC\'s subnets); name a subnet group of the application\'s private subnets';
const NO_AUTH = 'the group takes no password (authTokenSecretRef or autoGenerateAuthToken) and names no user groups (userGroupIds), so anyone who reaches its port can read and write every key; give it a password or RBAC users';
const NO_LOGS = 'the brokers deliver no logs (loggingInfo.brokerLogs turns on none of cloudwatchLogs, firehose, s3), so connections and errors leave no trace; turn one on with its destination';

const cases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${s.label}: ${what}`;
  const cache = (forProvider: Record<string, unknown> = {}) => awsResource('elasticache', 'Cluster', s, { engine: 'redis', nodeType: 'cache.t4g.micro', subnetGroupName: 'cache', ...forProvider });
  const group = (forProvider: Record<string, unknown> = {}) => awsResource('elasticache', 'ReplicationGroup', s, { description: 'cache', ...forProvider });
  const msk = (forProvider: Record<string, unknown> = {}) => awsResource('kafka', 'Cluster', s, { kafkaVersion: '3.6.0', ...forProvider });
  const block = (v: Record<string, unknown>) => (s.blocks === 'array' ? [v] : v);
  const logs = (dest: string, enabled: unknown) => ({ loggingInfo: block({ brokerLogs: block({ [dest]: block({ enabled }) }) }) });
  const logPath = (dest: string) => (s.blocks === 'array' ? `spec.forProvider.loggingInfo[0].brokerLogs[0].${dest}[0].enabled` : `spec.forProvider.loggingInfo.brokerLogs.${dest}.enabled`);
  return [
    // Snapshots.
    { name: at('Redis cluster keeping 7 days: passes'), reason: 'snapshots kept', resource: cache({ snapshotRetentionLimit: 7 }), rules: [elasticacheClusterBackups], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('Redis cluster without snapshots: 7 days injected'),
      reason: 'CKV_AWS_134: 0 days by default',
      resource: cache(),
      rules: [elasticacheClusterBackups],
      want: { desired: injected(cache(), { snapshotRetentionLimit: 7 }, elasticacheClusterBackups.id), mutations: [mutation(elasticacheClusterBackups, 'spec.forProvider.snapshotRetentionLimit', 7)], findings: [] },
    },
    {
      name: at('Valkey cluster (engine in initProvider) without snapshots: injected'),
      reason: 'the engine is read from both blocks',
      resource: withInit(cache({ engine: undefined }), { engine: 'valkey' }),
      rules: [elasticacheClusterBackups],
      want: { desired: injected(withInit(cache({ engine: undefined }), { engine: 'valkey' }), { snapshotRetentionLimit: 7 }, elasticacheClusterBackups.id), mutations: [mutation(elasticacheClusterBackups, 'spec.forProvider.snapshotRetentionLimit', 7)], findings: [] },
    },
    { name: at('Redis cluster with snapshots off: refused'), reason: '0 keeps none', resource: cache({ snapshotRetentionLimit: 0 }), rules: [elasticacheClusterBackups], want: { desired: SAME, mutations: [], findings: [finding(elasticacheClusterBackups, 'Deny', 'spec.forProvider.snapshotRetentionLimit', BACKUP_ADVICE(0))] } },
    {
      name: at('snapshotRetentionLimit as a string: refused as malformed'),
      reason: 'a number is expected',
      resource: cache({ snapshotRetentionLimit: '7' }),
      rules: [elasticacheClusterBackups],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheClusterBackups, 'Deny', 'spec.forProvider.snapshotRetentionLimit', 'spec.forProvider.snapshotRetentionLimit must be a number, got the string "7"')] },
    },
    { name: at('Memcached cluster: left alone'), reason: 'Memcached keeps no snapshots', resource: cache({ engine: 'memcached' }), rules: [elasticacheClusterBackups, elasticacheClusterMinorUpgrade], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('a member of a replication group: left alone'),
      reason: 'the group backs up and upgrades its members',
      resource: cache({ engine: undefined, replicationGroupIdRef: { name: 'cache' }, autoMinorVersionUpgrade: 'false' }),
      rules: [elasticacheClusterBackups, elasticacheClusterMinorUpgrade, elasticacheSubnetGroup],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    { name: at('engine not a string: refused'), reason: 'the engine decides', resource: cache({ engine: 6 }), rules: [elasticacheClusterBackups], want: { desired: SAME, mutations: [], findings: [finding(elasticacheClusterBackups, 'Deny', 'spec.forProvider.engine', 'spec.forProvider.engine must be a string, got number 6')] } },
    { name: at('observe-only Redis cluster without snapshots'), reason: 'not judged', resource: withPolicies(cache(), ['Observe']), rules: [elasticacheClusterBackups], want: { desired: SAME, mutations: [], findings: [] } },
    // Minor upgrades.
    { name: at('Redis minor upgrades absent: passes'), reason: '"true" by default', resource: cache(), rules: [elasticacheClusterMinorUpgrade], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('Redis minor upgrades "true": passes'), reason: 'on', resource: cache({ autoMinorVersionUpgrade: 'true' }), rules: [elasticacheClusterMinorUpgrade], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('an agent pins a Redis cluster with autoMinorVersionUpgrade "false": refused'),
      reason: 'CKV_AWS_322',
      resource: cache({ autoMinorVersionUpgrade: 'false' }),
      rules: [elasticacheClusterMinorUpgrade],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheClusterMinorUpgrade, 'Deny', 'spec.forProvider.autoMinorVersionUpgrade', `spec.forProvider.autoMinorVersionUpgrade is "false"; ${UPGRADE_ADVICE}`)] },
    },
    {
      name: at('minor upgrades as a boolean in initProvider: refused as malformed'),
      reason: 'the CRD field is a string',
      resource: withInit(cache(), { autoMinorVersionUpgrade: false }),
      rules: [elasticacheClusterMinorUpgrade],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheClusterMinorUpgrade, 'Deny', 'spec.initProvider.autoMinorVersionUpgrade', 'spec.initProvider.autoMinorVersionUpgrade must be the string "true", got boolean false')] },
    },
    // Subnet group.
    { name: at('subnet group named: passes'), reason: 'named', resource: cache(), rules: [elasticacheSubnetGroup], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('subnet group by reference: passes'), reason: 'a reference names it', resource: cache({ subnetGroupName: undefined, subnetGroupNameRef: { name: 'cache' } }), rules: [elasticacheSubnetGroup], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('no subnet group: reported'), reason: 'CKV_AWS_323', resource: cache({ subnetGroupName: undefined }), rules: [elasticacheSubnetGroup], want: { desired: SAME, mutations: [], findings: [finding(elasticacheSubnetGroup, 'Warn', 'spec.forProvider.subnetGroupName', NO_SUBNET)] } },
    {
      name: at('subnet group "default": reported'),
      reason: 'the default subnet group by name',
      resource: cache({ subnetGroupName: 'default' }),
      rules: [elasticacheSubnetGroup],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheSubnetGroup, 'Warn', 'spec.forProvider.subnetGroupName', 'spec.forProvider.subnetGroupName is "default": the cache lands in the default VPC\'s subnets; name a subnet group of the application\'s private subnets')] },
    },
    {
      name: at('carried by an Object, no subnet group: reported'),
      reason: 'what an Object carries is judged as composed',
      resource: carried(cache({ subnetGroupName: undefined })),
      rules: [elasticacheSubnetGroup],
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheSubnetGroup, 'Warn', inManifest('spec.forProvider.subnetGroupName'), NO_SUBNET)] },
    },
    // Authentication.
    { name: at('replication group with a password: passes'), reason: 'auth token', resource: group({ authTokenSecretRef: { name: 'cache', namespace: 'app', key: 'token' } }), rules: [elasticacheAuth], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('replication group with a generated password: passes'), reason: 'autoGenerateAuthToken', resource: group({ autoGenerateAuthToken: true }), rules: [elasticacheAuth], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('replication group with RBAC users: passes'), reason: 'userGroupIds', resource: group({ userGroupIds: ['app-users'] }), rules: [elasticacheAuth], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('an agent creates a replication group anyone can use: reported'), reason: 'CKV_AWS_31', resource: group({ userGroupIds: [] }), rules: [elasticacheAuth], want: { desired: SAME, mutations: [], findings: [finding(elasticacheAuth, 'Warn', 'spec.forProvider.authTokenSecretRef', NO_AUTH)] } },
    {
      name: at('no authentication under Deny: refused'),
      reason: 'a platform that requires authentication sets Deny',
      resource: group({ autoGenerateAuthToken: false }),
      rules: [elasticacheAuth],
      input: actions({ 'aws-elasticache-auth': 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [finding(elasticacheAuth, 'Deny', 'spec.forProvider.authTokenSecretRef', NO_AUTH)] },
    },
    // MSK broker logs.
    { name: at('MSK with CloudWatch broker logs: passes'), reason: 'logs delivered', resource: msk(logs('cloudwatchLogs', true)), rules: [mskLogging], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('MSK with S3 broker logs in initProvider: passes'), reason: 'initProvider is applied at creation', resource: withInit(msk(), logs('s3', true)), rules: [mskLogging], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('MSK without logs: reported'), reason: 'CKV_AWS_80', resource: msk(), rules: [mskLogging], want: { desired: SAME, mutations: [], findings: [finding(mskLogging, 'Warn', 'spec.forProvider.loggingInfo', NO_LOGS)] } },
    { name: at('MSK with Firehose logs off: reported'), reason: 'enabled: false delivers nothing', resource: msk(logs('firehose', false)), rules: [mskLogging], want: { desired: SAME, mutations: [], findings: [finding(mskLogging, 'Warn', 'spec.forProvider.loggingInfo', NO_LOGS)] } },
    {
      name: at('MSK logs enabled as a string: reported as malformed, and as no logs'),
      reason: 'a string "true" is not read as on',
      resource: msk(logs('cloudwatchLogs', 'true')),
      rules: [mskLogging],
      want: { desired: SAME, mutations: [], findings: [finding(mskLogging, 'Warn', logPath('cloudwatchLogs'), `${logPath('cloudwatchLogs')} must be a boolean, got the string "true"`), finding(mskLogging, 'Warn', 'spec.forProvider.loggingInfo', NO_LOGS)] },
    },
  ];
});

describe('ElastiCache clusters and MSK logs', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
