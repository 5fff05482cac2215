/** RDS: storage encryption for instances and clusters, no public endpoint for instances. */
import { defineRule, type Rule } from '../../engine/rule.js';
import { requireBoolean } from '../params.js';

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
  title: 'RDS instances are not publicly accessible',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Injects `publiclyAccessible: false` into RDS Instances that do not set it. Refuses an explicit `publiclyAccessible: true`: a database endpoint must not resolve to a public address.',
  references: { checkov: ['CKV_AWS_17'], trivy: ['AWS-0180'] },
  kinds: [{ cloud: 'aws', service: 'rds', kind: 'Instance' }],
  check(ctx) {
    requireBoolean(ctx, 'publiclyAccessible', false, {
      missing: 'public accessibility was not set',
      unsafe: 'set it to false (or remove it) and reach the database from inside the VPC',
    });
  },
}) satisfies Rule;
