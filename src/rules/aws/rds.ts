/**
 * RDS and the engines built on it (Neptune, DocumentDB): storage encryption
 * for instances, clusters and global clusters, no public endpoint for
 * instances; automated backups, deletion protection and IAM authentication
 * where the engine and the deployment allow them.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, hasParam, paramValue, type Requirement, requireBoolean, requireValue } from '../params.js';

const RDS_KINDS: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'Instance' },
  { cloud: 'aws', service: 'rds', kind: 'Cluster' },
];

/** Neptune and DocumentDB clusters: the RDS API underneath, the same storage, backup and deletion settings. */
const RDS_LIKE_CLUSTERS: readonly KindRef[] = [
  { cloud: 'aws', service: 'neptune', kind: 'Cluster' },
  { cloud: 'aws', service: 'docdb', kind: 'Cluster' },
];

/** Global clusters: created empty and encrypted as set, or from a source cluster whose encryption they take. */
const GLOBAL_CLUSTERS: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'GlobalCluster' },
  { cloud: 'aws', service: 'docdb', kind: 'GlobalCluster' },
  { cloud: 'aws', service: 'neptune', kind: 'GlobalCluster' },
];

/** Fields that make a global cluster take the storage of an existing cluster. */
const GLOBAL_SOURCE_FIELDS = ['sourceDbClusterIdentifier', 'sourceDbClusterIdentifierRef', 'sourceDbClusterIdentifierSelector'] as const;

export const rdsStorageEncrypted = defineRule({
  id: 'aws-rds-storage-encrypted',
  title: 'RDS storage is encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `storageEncrypted: true` into RDS Instances and Clusters, Neptune and DocumentDB Clusters, and the global clusters of all three that do not set it (AWS then uses the service\'s AWS managed key unless `kmsKeyId` or `kmsKeyArn` names one). Refuses an explicit `storageEncrypted: false`. A global cluster built from a source cluster (`sourceDbClusterIdentifier` or its reference) takes that cluster\'s encryption, so nothing is injected there; the source cluster is judged on its own.',
  references: { checkov: ['CKV_AWS_16', 'CKV_AWS_96', 'CKV_AWS_44', 'CKV_AWS_74', 'CKV_AWS_140', 'CKV_AWS_292'], trivy: ['AWS-0080', 'AWS-0079', 'AWS-0076', 'AWS-0021'] },
  kinds: [
    { cloud: 'aws', service: 'rds', kind: 'Instance' },
    { cloud: 'aws', service: 'rds', kind: 'Cluster' },
    ...RDS_LIKE_CLUSTERS,
    ...GLOBAL_CLUSTERS,
  ],
  check(ctx) {
    const global = ctx.type.kind === 'GlobalCluster';
    if (global && GLOBAL_SOURCE_FIELDS.some((f) => hasParam(ctx.resource, [f])) && !hasParam(ctx.resource, ['storageEncrypted'])) return;
    requireBoolean(ctx, 'storageEncrypted', true, {
      missing: 'storage encryption was not set',
      unsafe: 'set it to true (or remove it) so the database is encrypted at rest',
    });
  },
}) satisfies Rule;

export const rdsPublicAccess = defineRule({
  id: 'aws-rds-public-access',
  title: 'RDS database instances are not publicly accessible',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Injects `publiclyAccessible: false` into RDS Instances, Aurora ClusterInstances and Neptune ClusterInstances that do not set it. Refuses an explicit `publiclyAccessible: true`: a database endpoint must not resolve to a public address. (DocumentDB instances have no such setting: they are never public.)',
  references: { checkov: ['CKV_AWS_17', 'CKV_AWS_102'], trivy: ['AWS-0180'] },
  kinds: [
    { cloud: 'aws', service: 'rds', kind: 'Instance' },
    { cloud: 'aws', service: 'rds', kind: 'ClusterInstance' },
    { cloud: 'aws', service: 'neptune', kind: 'ClusterInstance' },
  ],
  check(ctx) {
    requireBoolean(ctx, 'publiclyAccessible', false, {
      missing: 'public accessibility was not set',
      unsafe: 'set it to false (or remove it) and reach the database from inside the VPC',
    });
  },
}) satisfies Rule;

/** Days of automated backups injected where none are set: the console default, and more than the single day Trivy's AWS-0077 calls too short. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 7;

/** The most days of automated backups RDS keeps. */
const MAX_BACKUP_RETENTION_DAYS = 35;

/**
 * The fewest days a Neptune or DocumentDB cluster may keep: Checkov's
 * CKV_AWS_360 and CKV_AWS_361 and AWS Security Hub (DocumentDB.2, Neptune.5)
 * ask for seven; both engines default to one.
 */
const MIN_RDS_LIKE_RETENTION_DAYS = 7;

const BACKUP_RETENTION = ['backupRetentionPeriod'];

/** The requirement on backupRetentionPeriod with a floor of `min` days: built once per floor, not per resource. */
function retention(min: number): Requirement<number> {
  return {
    safe: (days) => Number.isInteger(days) && (days as number) >= min && (days as number) <= MAX_BACKUP_RETENTION_DAYS,
    inject: DEFAULT_BACKUP_RETENTION_DAYS,
    type: 'number',
    missing: 'automated backups were not configured',
    unsafe: `set it to a whole number of days from ${min} to ${MAX_BACKUP_RETENTION_DAYS}${min === 1 ? ' (0 turns automated backups off)' : ''}, or remove it to get ${DEFAULT_BACKUP_RETENTION_DAYS}`,
  };
}
const RDS_RETENTION = retention(1);
const RDS_LIKE_RETENTION = retention(MIN_RDS_LIKE_RETENTION_DAYS);

export const rdsBackupRetention = defineRule({
  id: 'aws-rds-backup-retention',
  title: 'RDS databases keep automated backups',
  severity: 'high',
  defaultAction: 'Mutate',
  description: `Injects \`backupRetentionPeriod: ${DEFAULT_BACKUP_RETENTION_DAYS}\` into RDS Instances and Clusters, and Neptune and DocumentDB Clusters, that do not set it: an Instance created through the API keeps no backups by default (0 days), a Cluster one day, too short to notice and undo an agent's mistake. Refuses an explicit 0 (backups off) and a value that is not a whole number of days from 1 to ${MAX_BACKUP_RETENTION_DAYS}; an explicit 1 is an author's choice on RDS and passes, though Trivy flags it. On Neptune and DocumentDB the floor is ${MIN_RDS_LIKE_RETENTION_DAYS} days, as Checkov and AWS Security Hub ask there. A read replica (\`replicateSourceDb\`) and an Aurora instance are left alone: the source database and the cluster keep their backups.`,
  fix: `injects \`backupRetentionPeriod: ${DEFAULT_BACKUP_RETENTION_DAYS}\`.`,
  references: { checkov: ['CKV_AWS_133', 'CKV_AWS_360', 'CKV_AWS_361'], trivy: ['AWS-0077'] },
  kinds: [...RDS_KINDS, ...RDS_LIKE_CLUSTERS],
  check(ctx) {
    if (clusterManaged(ctx)) return;
    if (ctx.type.kind === 'Instance' && isReplica(ctx)) return;
    requireValue(ctx, BACKUP_RETENTION, ctx.type.ref.startsWith('aws/rds/') ? RDS_RETENTION : RDS_LIKE_RETENTION);
  },
}) satisfies Rule;

export const rdsDeletionProtection = defineRule({
  id: 'aws-rds-deletion-protection',
  title: 'RDS databases have deletion protection',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    "Reports RDS Instances and Clusters, and Neptune and DocumentDB Clusters, whose `deletionProtection` is absent or `false`. Warn by default, not Mutate: with deletion protection on, AWS refuses Crossplane's own delete when the composite is deleted, and the managed resource stays stuck until a person turns it off; a platform whose databases must outlive their composites (or that deletes them with `deletionPolicy: Orphan`) sets the rule to `Mutate`, which then injects `deletionProtection: true` and refuses `false`. An Aurora instance is left alone: its cluster carries the setting.",
  fix: 'under `Mutate`, injects `deletionProtection: true`.',
  references: { checkov: ['CKV_AWS_293', 'CKV_AWS_139', 'CKV2_AWS_58'], trivy: ['AWS-0177', 'AWS-0343'] },
  kinds: [...RDS_KINDS, ...RDS_LIKE_CLUSTERS],
  check(ctx) {
    if (clusterManaged(ctx)) return;
    requireBoolean(ctx, 'deletionProtection', true, {
      missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive',
      unsafe: 'set it to true so the database cannot be deleted by a single call (turn it off on purpose before deleting)',
    });
  },
}) satisfies Rule;

export const rdsIamAuthentication = defineRule({
  id: 'aws-rds-iam-auth',
  title: 'RDS databases accept IAM authentication',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `iamDatabaseAuthenticationEnabled: true` where the engine supports it, so applications can connect with short-lived IAM tokens instead of stored passwords (password logins keep working). Refuses an explicit `false` there. Supported here: Instances with engine `mysql` or `postgres`, Clusters with engine `aurora-mysql`, `aurora-postgresql` or `aurora` outside Aurora Serverless v1 (`engineMode: serverless`). Neptune Clusters always support it. Every other engine is left alone, never injected: MariaDB supports it only from some versions, Multi-AZ DB clusters (`mysql`, `postgres` Clusters) did not at launch, Oracle, SQL Server and Db2 never. An Aurora instance follows its cluster. An Instance without an engine (a replica or a restore inherits it) gets a warning, as it cannot be judged.',
  fix: 'injects `iamDatabaseAuthenticationEnabled: true`.',
  references: { checkov: ['CKV_AWS_161', 'CKV_AWS_162', 'CKV_AWS_359'], trivy: ['AWS-0176'] },
  kinds: [...RDS_KINDS, { cloud: 'aws', service: 'neptune', kind: 'Cluster' }],
  check(ctx) {
    if (clusterManaged(ctx)) return;
    const support = iamAuthSupport(ctx);
    if (support === 'no' || support === 'malformed') return;
    if (support === 'unknown') {
      if (!hasParam(ctx.resource, ['iamDatabaseAuthenticationEnabled'])) {
        ctx.notice('spec.forProvider.engine', 'engine is not set (a replica or a restore inherits it), so whether IAM authentication can be turned on is unknown; nothing injected: set iamDatabaseAuthenticationEnabled explicitly');
      }
      return;
    }
    requireBoolean(ctx, 'iamDatabaseAuthenticationEnabled', true, {
      missing: 'IAM database authentication was not turned on',
      unsafe: 'set it to true (or remove it) so applications can use short-lived IAM tokens instead of stored passwords',
    });
  },
}) satisfies Rule;

/** The RDS rules in evaluation order. */
export const RDS_RULES = [rdsStorageEncrypted, rdsPublicAccess, rdsBackupRetention, rdsDeletionProtection, rdsIamAuthentication] as const satisfies readonly Rule[];

/** Fields that make an Instance a read replica of another database. */
const REPLICA_FIELDS = [['replicateSourceDb'], ['replicateSourceDbRef'], ['replicateSourceDbSelector']] as const;

/** Does an Instance name a source database? A loop rather than `some` with a closure: every Instance asks. */
function isReplica(ctx: RuleContext): boolean {
  for (const field of REPLICA_FIELDS) if (hasParam(ctx.resource, field)) return true;
  return false;
}

const ENGINE = ['engine'];
const ENGINE_MODE = ['engineMode'];

/** Engines IAM database authentication is injected into, by kind. */
const IAM_AUTH_ENGINES: Record<string, ReadonlySet<string>> = {
  Instance: new Set(['mysql', 'postgres']),
  Cluster: new Set(['aurora', 'aurora-mysql', 'aurora-postgresql']),
};

/** Whether every explicit engine of the resource is a string; the first that is not is reported. */
export function enginesReadable(ctx: RuleContext): boolean {
  const fp = paramValue(ctx.resource, 'forProvider', ENGINE);
  const ip = paramValue(ctx.resource, 'initProvider', ENGINE);
  // Strings or absent, the common case: no paths to build.
  if ((fp === undefined || typeof fp === 'string') && (ip === undefined || typeof ip === 'string')) return true;
  const bad = explicitParams(ctx.resource, ENGINE).find((e) => typeof e.value !== 'string')!;
  ctx.unsafe(bad.path, `${bad.path} must be a string, got ${describe(bad.value)}`);
  return false;
}

/**
 * The one engine of a resource whose engines are readable, trimmed and
 * lower-cased: undefined where neither parameter block sets one, false where
 * forProvider and initProvider name different ones. Read without building a
 * list: every database asks.
 */
export function oneEngine(ctx: RuleContext): string | undefined | false {
  const fp = (paramValue(ctx.resource, 'forProvider', ENGINE) as string | undefined)?.trim().toLowerCase();
  const ip = (paramValue(ctx.resource, 'initProvider', ENGINE) as string | undefined)?.trim().toLowerCase();
  if (fp === undefined) return ip;
  return ip === undefined || ip === fp ? fp : false;
}

/**
 * An Instance of an Aurora engine: a member of a Cluster, whose backups,
 * deletion protection and IAM authentication the Cluster sets.
 */
function clusterManaged(ctx: RuleContext): boolean {
  if (ctx.type.kind !== 'Instance') return false;
  return aurora(paramValue(ctx.resource, 'forProvider', ENGINE)) || aurora(paramValue(ctx.resource, 'initProvider', ENGINE));
}

const aurora = (engine: unknown) => typeof engine === 'string' && engine.startsWith('aurora');

function iamAuthSupport(ctx: RuleContext): 'yes' | 'no' | 'unknown' | 'malformed' {
  if (!enginesReadable(ctx)) return 'malformed';
  // Neptune's only engine is neptune, its default: IAM authentication is always available.
  if (ctx.type.ref === 'aws/neptune/Cluster') return 'yes';
  // Each explicit engine as written (not trimmed nor lower-cased) must be one the kind supports.
  const fp = paramValue(ctx.resource, 'forProvider', ENGINE) as string | undefined;
  const ip = paramValue(ctx.resource, 'initProvider', ENGINE) as string | undefined;
  if (fp === undefined && ip === undefined) return 'unknown';
  const supported = IAM_AUTH_ENGINES[ctx.type.kind];
  if ((fp !== undefined && supported?.has(fp) !== true) || (ip !== undefined && supported?.has(ip) !== true)) return 'no';
  if (ctx.type.kind === 'Cluster' && (paramValue(ctx.resource, 'forProvider', ENGINE_MODE) === 'serverless' || paramValue(ctx.resource, 'initProvider', ENGINE_MODE) === 'serverless')) return 'no';
  return 'yes';
}
