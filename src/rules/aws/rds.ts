/**
 * RDS: storage encryption for instances and clusters, no public endpoint for
 * instances; automated backups, deletion protection and IAM authentication
 * where the engine and the deployment allow them.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, requireBoolean, requireValue } from '../params.js';

const RDS_KINDS: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'Instance' },
  { cloud: 'aws', service: 'rds', kind: 'Cluster' },
];

export const rdsStorageEncrypted = defineRule({
  id: 'aws-rds-storage-encrypted',
  title: 'RDS storage is encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `storageEncrypted: true` into RDS Instances and Clusters that do not set it (AWS then uses the aws/rds key unless `kmsKeyId` names one). Refuses an explicit `storageEncrypted: false`.',
  references: { checkov: ['CKV_AWS_16', 'CKV_AWS_96'], trivy: ['AWS-0080', 'AWS-0079'] },
  kinds: [
    { cloud: 'aws', service: 'rds', kind: 'Instance' },
    { cloud: 'aws', service: 'rds', kind: 'Cluster' },
  ],
  check(ctx) {
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
    'Injects `publiclyAccessible: false` into RDS Instances and Aurora ClusterInstances that do not set it. Refuses an explicit `publiclyAccessible: true`: a database endpoint must not resolve to a public address.',
  references: { checkov: ['CKV_AWS_17'], trivy: ['AWS-0180'] },
  kinds: [
    { cloud: 'aws', service: 'rds', kind: 'Instance' },
    { cloud: 'aws', service: 'rds', kind: 'ClusterInstance' },
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

export const rdsBackupRetention = defineRule({
  id: 'aws-rds-backup-retention',
  title: 'RDS databases keep automated backups',
  severity: 'high',
  defaultAction: 'Mutate',
  description: `Injects \`backupRetentionPeriod: ${DEFAULT_BACKUP_RETENTION_DAYS}\` into RDS Instances and Clusters that do not set it: an Instance created through the API keeps no backups by default (0 days), a Cluster one day, too short to notice and undo an agent's mistake. Refuses an explicit 0 (backups off) and a value that is not a whole number of days from 1 to ${MAX_BACKUP_RETENTION_DAYS}; an explicit 1 is an author's choice and passes, though Trivy flags it. A read replica (\`replicateSourceDb\`) and an Aurora instance are left alone: the source database and the cluster keep their backups.`,
  fix: `injects \`backupRetentionPeriod: ${DEFAULT_BACKUP_RETENTION_DAYS}\`.`,
  references: { checkov: ['CKV_AWS_133'], trivy: ['AWS-0077'] },
  kinds: RDS_KINDS,
  check(ctx) {
    if (clusterManaged(ctx)) return;
    if (ctx.type.kind === 'Instance' && REPLICA_FIELDS.some((f) => explicitParams(ctx.resource, [f]).length > 0)) return;
    requireValue(ctx, ['backupRetentionPeriod'], {
      safe: (days) => Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_BACKUP_RETENTION_DAYS,
      inject: DEFAULT_BACKUP_RETENTION_DAYS,
      type: 'number',
      missing: 'automated backups were not configured',
      unsafe: `set it to a whole number of days from 1 to ${MAX_BACKUP_RETENTION_DAYS} (0 turns automated backups off), or remove it to get ${DEFAULT_BACKUP_RETENTION_DAYS}`,
    });
  },
}) satisfies Rule;

export const rdsDeletionProtection = defineRule({
  id: 'aws-rds-deletion-protection',
  title: 'RDS databases have deletion protection',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    "Reports RDS Instances and Clusters whose `deletionProtection` is absent or `false`. Warn by default, not Mutate: with deletion protection on, AWS refuses Crossplane's own delete when the composite is deleted, and the managed resource stays stuck until a person turns it off; a platform whose databases must outlive their composites (or that deletes them with `deletionPolicy: Orphan`) sets the rule to `Mutate`, which then injects `deletionProtection: true` and refuses `false`. An Aurora instance is left alone: its cluster carries the setting.",
  fix: 'under `Mutate`, injects `deletionProtection: true`.',
  references: { checkov: ['CKV_AWS_293', 'CKV_AWS_139'], trivy: ['AWS-0177', 'AWS-0343'] },
  kinds: RDS_KINDS,
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
    'Injects `iamDatabaseAuthenticationEnabled: true` where the engine supports it, so applications can connect with short-lived IAM tokens instead of stored passwords (password logins keep working). Refuses an explicit `false` there. Supported here: Instances with engine `mysql` or `postgres`, Clusters with engine `aurora-mysql`, `aurora-postgresql` or `aurora` outside Aurora Serverless v1 (`engineMode: serverless`). Every other engine is left alone, never injected: MariaDB supports it only from some versions, Multi-AZ DB clusters (`mysql`, `postgres` Clusters) did not at launch, Oracle, SQL Server and Db2 never. An Aurora instance follows its cluster. An Instance without an engine (a replica or a restore inherits it) gets a warning, as it cannot be judged.',
  fix: 'injects `iamDatabaseAuthenticationEnabled: true`.',
  references: { checkov: ['CKV_AWS_161'], trivy: ['AWS-0176'] },
  kinds: RDS_KINDS,
  check(ctx) {
    if (clusterManaged(ctx)) return;
    const support = iamAuthSupport(ctx);
    if (support === 'no' || support === 'malformed') return;
    if (support === 'unknown') {
      if (explicitParams(ctx.resource, ['iamDatabaseAuthenticationEnabled']).length === 0) {
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
const REPLICA_FIELDS = ['replicateSourceDb', 'replicateSourceDbRef', 'replicateSourceDbSelector'] as const;

/** Engines IAM database authentication is injected into, by kind. */
const IAM_AUTH_ENGINES: Record<string, ReadonlySet<string>> = {
  Instance: new Set(['mysql', 'postgres']),
  Cluster: new Set(['aurora', 'aurora-mysql', 'aurora-postgresql']),
};

/** Every explicit engine of the resource, or undefined (reported) when one is not a string. */
function engines(ctx: RuleContext): string[] | undefined {
  const found = explicitParams(ctx.resource, ['engine']);
  const bad = found.find((e) => typeof e.value !== 'string');
  if (bad !== undefined) {
    ctx.unsafe(bad.path, `${bad.path} must be a string, got ${describe(bad.value)}`);
    return undefined;
  }
  return found.map((e) => e.value as string);
}

/**
 * An Instance of an Aurora engine: a member of a Cluster, whose backups,
 * deletion protection and IAM authentication the Cluster sets.
 */
function clusterManaged(ctx: RuleContext): boolean {
  if (ctx.type.kind !== 'Instance') return false;
  return explicitParams(ctx.resource, ['engine']).some((e) => typeof e.value === 'string' && e.value.startsWith('aurora'));
}

function iamAuthSupport(ctx: RuleContext): 'yes' | 'no' | 'unknown' | 'malformed' {
  const found = engines(ctx);
  if (found === undefined) return 'malformed';
  if (found.length === 0) return 'unknown';
  const supported = IAM_AUTH_ENGINES[ctx.type.kind] ?? new Set<string>();
  if (!found.every((e) => supported.has(e))) return 'no';
  if (ctx.type.kind === 'Cluster' && explicitParams(ctx.resource, ['engineMode']).some((m) => m.value === 'serverless')) return 'no';
  return 'yes';
}
