/**
 * ElastiCache beyond encryption: a standalone Redis OSS or Valkey cache
 * cluster (`elasticache Cluster` without a replication group) keeps
 * snapshots and takes minor upgrades, every cache cluster names its subnet
 * group, and a replication group asks for a password or users. A Cluster
 * that joins a replication group (`replicationGroupId` or its reference)
 * takes all of that from the group. Field names and types from the
 * provider-upjet-aws CRDs: `autoMinorVersionUpgrade` is a string on Cluster.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, inject } from '../params.js';

const CLUSTER: KindRef = { cloud: 'aws', service: 'elasticache', kind: 'Cluster' };
const REPLICATION_GROUP: KindRef = { cloud: 'aws', service: 'elasticache', kind: 'ReplicationGroup' };

const named = (ctx: RuleContext, field: string) => [field, `${field}Ref`, `${field}Selector`].some((f) => explicitParams(ctx.resource, [f]).some((e) => e.value !== ''));

/** Does the Cluster join a replication group (and take its settings)? */
const member = (ctx: RuleContext) => named(ctx, 'replicationGroupId');

/** Is the Cluster's engine Redis OSS or Valkey (snapshots, minor upgrades)? Undefined when the engine is not a string (reported). */
function keyValue(ctx: RuleContext): boolean | undefined {
  const found = explicitParams(ctx.resource, ['engine']);
  const bad = found.find((e) => typeof e.value !== 'string');
  if (bad !== undefined) {
    ctx.unsafe(bad.path, `${bad.path} must be a string, got ${describe(bad.value)}`);
    return undefined;
  }
  return found.some((e) => ['redis', 'valkey'].includes((e.value as string).trim().toLowerCase()));
}

/** The days of snapshots injected where none are kept. */
export const CACHE_SNAPSHOT_DAYS = 7;

export const elasticacheClusterBackups = defineRule({
  id: 'aws-elasticache-cluster-backups',
  title: 'Redis OSS and Valkey cache clusters keep snapshots',
  severity: 'medium',
  defaultAction: 'Mutate',
  description: `Injects \`snapshotRetentionLimit: ${CACHE_SNAPSHOT_DAYS}\` into a standalone ElastiCache Cluster whose engine is \`redis\` or \`valkey\` and that does not set it (0 days, no snapshots, by default). Refuses an explicit 0 and any value that is not a whole number of days from 1 to 35. Memcached keeps no snapshots and is left alone; so is a Cluster in a replication group, which the group backs up.`,
  fix: `injects \`snapshotRetentionLimit: ${CACHE_SNAPSHOT_DAYS}\`.`,
  references: { checkov: ['CKV_AWS_134'], trivy: ['AWS-0050'] },
  kinds: [CLUSTER],
  check(ctx) {
    if (member(ctx) || keyValue(ctx) !== true) return;
    const found = explicitParams(ctx.resource, ['snapshotRetentionLimit']);
    for (const { path, value } of found) {
      if (typeof value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(value)}`);
      else if (!Number.isInteger(value) || value < 1 || value > 35) ctx.unsafe(path, `${path} is ${value}; set it to a whole number of days from 1 to 35 (0 keeps no snapshots), or remove it to get ${CACHE_SNAPSHOT_DAYS}`);
    }
    if (found.length === 0) inject(ctx, ['snapshotRetentionLimit'], CACHE_SNAPSHOT_DAYS, 'no snapshots were kept');
  },
}) satisfies Rule;

export const elasticacheClusterMinorUpgrade = defineRule({
  id: 'aws-elasticache-cluster-minor-upgrade',
  title: 'Redis OSS and Valkey cache clusters take minor upgrades',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    'Refuses a standalone ElastiCache Cluster whose engine is `redis` or `valkey` and whose `autoMinorVersionUpgrade` is anything but the string `"true"` (its default, so absence passes); the CRD types the field as a string, so a boolean is refused as malformed. Memcached and members of a replication group are left alone.',
  references: { checkov: ['CKV_AWS_322'] },
  kinds: [CLUSTER],
  check(ctx) {
    if (member(ctx) || keyValue(ctx) !== true) return;
    for (const { path, value } of explicitParams(ctx.resource, ['autoMinorVersionUpgrade'])) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be the string "true", got ${describe(value)}`);
      else if (value !== 'true') ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "true" (or remove it) so security fixes in minor versions are applied in the maintenance window`);
    }
  },
}) satisfies Rule;

export const elasticacheSubnetGroup = defineRule({
  id: 'aws-elasticache-subnet-group',
  title: 'ElastiCache clusters name their subnet group',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports a standalone ElastiCache Cluster that names no subnet group (`subnetGroupName`, or its reference or selector), or names the one called `default`: ElastiCache then places it in the default subnet group, whose subnets are those of the default VPC. A Cluster in a replication group takes the group\'s.',
  references: { checkov: ['CKV_AWS_323'] },
  kinds: [CLUSTER],
  check(ctx) {
    if (member(ctx)) return;
    const found = explicitParams(ctx.resource, ['subnetGroupName']);
    for (const { path, value } of found) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value.trim().toLowerCase() === 'default') ctx.unsafe(path, `${path} is "default": the cache lands in the default VPC's subnets; name a subnet group of the application's private subnets`);
    }
    if (!named(ctx, 'subnetGroupName')) ctx.unsafe('spec.forProvider.subnetGroupName', 'no subnet group is named, so the cache lands in the default subnet group (the default VPC\'s subnets); name a subnet group of the application\'s private subnets');
  },
}) satisfies Rule;

export const elasticacheAuth = defineRule({
  id: 'aws-elasticache-auth',
  title: 'ElastiCache replication groups ask clients to authenticate',
  severity: 'high',
  defaultAction: 'Warn',
  description:
    'Reports a ReplicationGroup that neither takes a password (`authTokenSecretRef`, or `autoGenerateAuthToken: true`) nor names user groups (`userGroupIds`, RBAC): anyone who reaches its port can read and write every key. A warning: the password or users are the author\'s to provide, and a password needs encryption in transit (`aws-elasticache-transit-encryption`).',
  references: { checkov: ['CKV_AWS_31'] },
  kinds: [REPLICATION_GROUP],
  check(ctx) {
    const token = explicitParams(ctx.resource, ['authTokenSecretRef']).length > 0 || explicitParams(ctx.resource, ['autoGenerateAuthToken']).some((e) => e.value === true);
    const users = explicitParams(ctx.resource, ['userGroupIds']).some((e) => Array.isArray(e.value) && e.value.length > 0);
    if (token || users) return;
    ctx.unsafe('spec.forProvider.authTokenSecretRef', 'the group takes no password (authTokenSecretRef or autoGenerateAuthToken) and names no user groups (userGroupIds), so anyone who reaches its port can read and write every key; give it a password or RBAC users');
  },
}) satisfies Rule;

/** The ElastiCache cluster rules, in evaluation order. */
export const ELASTICACHE_CLUSTER_RULES = [elasticacheClusterBackups, elasticacheClusterMinorUpgrade, elasticacheSubnetGroup, elasticacheAuth] as const satisfies readonly Rule[];
