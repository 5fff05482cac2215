/**
 * The Checkov checks for AWS that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
const PERFORMANCE = 'performance telemetry (Enhanced Monitoring, Performance Insights) is an operations choice, not an exposure, and some instance classes lack it: a platform that requires it sets it with a custom rule; a warning on every database would drown the ones that matter';

export const AWS_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  // Databases and analytics stores.
  ['CKV2_AWS_8', 'a graph check on AWS Backup plans, which select resources account-wide (by tag, in a backup Selection) outside the composition that makes the cluster; the cluster\'s own automated backups are aws-rds-backup-retention'],
  ['CKV2_AWS_16', 'throughput auto scaling (an appautoscaling Target) is a capacity and cost choice, not an exposure, and an on-demand (PAY_PER_REQUEST) table has nothing to scale'],
  ['CKV_AWS_71', 'the Upbound redshift Cluster (provider-upjet-aws 75a4c57162d0) has no logging block (Terraform moved it to aws_redshift_logging), and the provider has no Redshift Logging kind: no composed field turns audit logging on or off'],
  ['CKV_AWS_118', PERFORMANCE],
  ['CKV_AWS_146', 'a ClusterSnapshot has no encryption field (provider-upjet-aws 75a4c57162d0): it takes its cluster\'s encryption, which aws-rds-storage-encrypted judges'],
  ['CKV_AWS_157', 'Multi-AZ is availability bought with a standby\'s cost, not an exposure: a platform that requires it sets it with a custom rule; a warning on every database would drown the ones that matter'],
  ['CKV_AWS_165', 'the legacy dynamodb GlobalTable has only a name and replica regions; point-in-time recovery is a field of each replica\'s Table, which aws-dynamodb-pitr judges'],
  ['CKV_AWS_208', 'which MQ engine versions are current changes with every AWS release, and Amazon MQ stops creating brokers on versions past their end of support; minor upgrades are aws-mq-auto-minor-upgrade'],
  ['CKV_AWS_279', 'a neptune ClusterSnapshot has no encryption argument (Terraform\'s storage_encrypted is computed): it takes its cluster\'s encryption, which aws-rds-storage-encrypted judges'],
  ['CKV_AWS_280', 'a neptune ClusterSnapshot has no key argument (Terraform\'s kms_key_id is computed): it takes its cluster\'s key, which aws-data-customer-key judges'],
  ['CKV_AWS_353', PERFORMANCE],
]);
