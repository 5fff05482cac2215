/**
 * RDS of the community AWS provider: storage encrypted at rest and no
 * public endpoint, as `aws-rds-storage-encrypted` and `aws-rds-public-access`
 * require of the Upbound kinds. Its CRDs put every field at the top of
 * `forProvider`, so injection writes one boolean.
 */
import { defineRule, refOf, type Rule, type RuleContext } from '../../../engine/rule.js';
import { explicitParams, requireBoolean } from '../../params.js';
import { DB_CLUSTER, DB_INSTANCE, RDS_INSTANCE } from './kinds.js';

/** An instance of an Aurora cluster: the cluster decides its storage encryption (RDS ignores the instance's own). */
function clusterMember(ctx: RuleContext): boolean {
  return ['dbClusterIdentifier', 'dbClusterIdentifierRef', 'dbClusterIdentifierSelector'].some((f) => explicitParams(ctx.resource, [f]).length > 0);
}

/**
 * An Aurora cluster (`engine` aurora-mysql, aurora-postgresql or aurora):
 * its endpoint is its instances', and RDS takes `publiclyAccessible` only
 * from Multi-AZ DB clusters (`mysql`, `postgres`).
 */
function aurora(ctx: RuleContext): boolean {
  return explicitParams(ctx.resource, ['engine']).some((e) => typeof e.value === 'string' && e.value.startsWith('aurora'));
}

export const classicRdsEncrypted = defineRule({
  id: 'aws-classic-rds-encrypted',
  title: 'RDS storage of the community AWS provider is encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `storageEncrypted: true` into the community AWS provider\'s (`*.aws.crossplane.io`) rds DBInstance, rds DBCluster and database RDSInstance that do not set it, and refuses an explicit `false`: RDS then encrypts with the aws/rds key unless `kmsKeyID` names one. An instance that belongs to a cluster (`dbClusterIdentifier` or its reference or selector) is left alone: its cluster decides, and is judged itself.',
  fix: 'injects `storageEncrypted: true`.',
  kinds: [DB_INSTANCE, DB_CLUSTER, RDS_INSTANCE],
  check(ctx) {
    if (ctx.type.ref !== refOf(DB_CLUSTER) && clusterMember(ctx)) return;
    requireBoolean(ctx, 'storageEncrypted', true, {
      missing: 'storage encryption was not set',
      unsafe: 'set it to true (or remove it) so the database is encrypted at rest',
    });
  },
}) satisfies Rule;

export const classicRdsPublicAccess = defineRule({
  id: 'aws-classic-rds-public-access',
  title: 'RDS databases of the community AWS provider are not publicly accessible',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Injects `publiclyAccessible: false` into the community AWS provider\'s rds DBInstance and database RDSInstance, and into rds DBCluster of a Multi-AZ DB cluster engine (not `aurora*`), that do not set it: without it, RDS makes the database public whenever its subnets route to an internet gateway. Refuses an explicit `publiclyAccessible: true` on all three. An Aurora DBCluster is not injected (RDS takes the field only from Multi-AZ DB clusters; Aurora instances carry it, and are judged).',
  fix: 'injects `publiclyAccessible: false`.',
  kinds: [DB_INSTANCE, DB_CLUSTER, RDS_INSTANCE],
  check(ctx) {
    if (ctx.type.ref === refOf(DB_CLUSTER) && aurora(ctx) && explicitParams(ctx.resource, ['publiclyAccessible']).length === 0) return;
    requireBoolean(ctx, 'publiclyAccessible', false, {
      missing: 'public accessibility was not set',
      unsafe: 'set it to false (or remove it) and reach the database from inside the VPC',
    });
  },
}) satisfies Rule;
