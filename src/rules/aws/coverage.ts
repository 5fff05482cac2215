/**
 * The Checkov checks for AWS that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
const LIFECYCLE = "Terraform's create_before_destroy lifecycle meta-argument: Crossplane has no lifecycle ordering to set, it reconciles the resource in place";
const API_CACHE = 'a response cache is a performance and cost choice (billed per hour and size), not a security control; that a cache, where there is one, is encrypted is aws-apigateway-cache-encrypted (CKV_AWS_308)';
const PERFORMANCE = 'performance telemetry (Enhanced Monitoring, Performance Insights) is an operations choice, not an exposure, and some instance classes lack it: a platform that requires it sets it with a custom rule; a warning on every database would drown the ones that matter';

export const AWS_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['CKV2_AWS_1', "an ACL's subnets may be associated by a separate NetworkACLAssociation, so one without subnetIds is not unattached; and an unattached ACL filters nothing and exposes nothing (open admin ports in ACLs are aws-ec2-nacl-open-admin-ports)"],
  ['CKV2_AWS_3', "asks for a GuardDuty OrganizationConfiguration auto-enabling members, which only the organization's delegated administrator account can manage: state outside a workload's composition (aws-guardduty-enabled keeps each detector on)"],
  ['CKV2_AWS_5', "a security group is attached from the other side (an instance, interface, load balancer or database names it), often by resources outside the composition; an unattached group exposes nothing"],
  ['CKV2_AWS_8', 'a graph check on AWS Backup plans, which select resources account-wide (by tag, in a backup Selection) outside the composition that makes the cluster; the cluster\'s own automated backups are aws-rds-backup-retention'],
  ['CKV2_AWS_16', 'autoscaling a provisioned DynamoDB table is a capacity and cost decision, not a security control; an on-demand (PAY_PER_REQUEST) table scales by itself'],
  ['CKV2_AWS_19', 'an allocated but unattached Elastic IP exposes nothing (it costs money); attaching one to an instance is held by aws-ec2-eip-association'],
  ['CKV2_AWS_23', 'whether the address an A record names still belongs to the account (a dangling record) is state outside the composition; records that alias composed resources carry no address to judge'],
  ['CKV2_AWS_36', 'reads Terraform `http` data sources that send SSM parameter values out; a composition has no data sources, and nothing in a managed resource sends its value anywhere'],
  ['CKV2_AWS_48', 'asks includeGlobalResourceTypes on every recorder, while AWS advises recording global resources (IAM) in one region only to avoid duplicates; aws-config-recording refuses a recorder that leaves supported types out (CKV2_AWS_45)'],
  ['CKV_AWS_66', 'asks every log group to set retentionInDays, but an absent retention keeps events forever, the longest; injecting one would delete older events, and aws-log-group-retention holds a short one (CKV_AWS_338)'],
  ['CKV_AWS_71', 'the Upbound redshift Cluster (provider-upjet-aws 75a4c57162d0) has no logging block (Terraform moved it to aws_redshift_logging), and the provider has no Redshift Logging kind: no composed field turns audit logging on or off'],
  ['CKV_AWS_118', PERFORMANCE],
  ['CKV_AWS_120', API_CACHE],
  ['CKV_AWS_146', 'a ClusterSnapshot has no encryption field (provider-upjet-aws 75a4c57162d0): it takes its cluster\'s encryption, which aws-rds-storage-encrypted judges'],
  ['CKV_AWS_153', "which of a group's tags are copied to its instances is cost attribution, not a security control; the tag rules judge the group's own tags"],
  ['CKV_AWS_157', 'Multi-AZ is availability bought with a standby\'s cost, not an exposure: a platform that requires it sets it with a custom rule; a warning on every database would drown the ones that matter'],
  ['CKV_AWS_165', 'the legacy dynamodb GlobalTable has only a name and replica regions; point-in-time recovery is a field of each replica\'s Table, which aws-dynamodb-pitr judges'],
  ['CKV_AWS_208', 'which MQ engine versions are current changes with every AWS release, and Amazon MQ stops creating brokers on versions past their end of support; minor upgrades are aws-mq-auto-minor-upgrade'],
  ['CKV_AWS_216', 'a disabled distribution serves nothing and exposes nothing: whether to serve is the author\'s availability choice, not a security control'],
  ['CKV_AWS_217', LIFECYCLE],
  ['CKV_AWS_225', API_CACHE],
  ['CKV_AWS_233', "checks Terraform's `lifecycle { create_before_destroy }` meta-argument; a Crossplane managed resource has no replacement ordering to set (the Certificate CRD has no such field)"],
  ['CKV_AWS_237', LIFECYCLE],
  ['CKV_AWS_279', 'a neptune ClusterSnapshot has no encryption argument (Terraform\'s storage_encrypted is computed): it takes its cluster\'s encryption, which aws-rds-storage-encrypted judges'],
  ['CKV_AWS_280', 'a neptune ClusterSnapshot has no key argument (Terraform\'s kms_key_id is computed): it takes its cluster\'s key, which aws-data-customer-key judges'],
  ['CKV_AWS_310', 'origin failover is an availability design that needs a second origin only the author has; no value to inject, and its absence exposes nothing'],
  ['CKV_AWS_353', PERFORMANCE],
]);
