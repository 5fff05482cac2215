/**
 * The Checkov checks for AWS that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
export const AWS_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['CKV2_AWS_16', 'autoscaling a provisioned DynamoDB table is a capacity and cost decision, not a security control; an on-demand (PAY_PER_REQUEST) table scales by itself'],
  [
    'CKV2_AWS_3',
    "asks for a GuardDuty OrganizationConfiguration auto-enabling members, which only the organization's delegated administrator account can manage: state outside a workload's composition (aws-guardduty-enabled keeps each detector on)",
  ],
  [
    'CKV2_AWS_48',
    'asks includeGlobalResourceTypes on every recorder, while AWS advises recording global resources (IAM) in one region only to avoid duplicates; aws-config-recording refuses a recorder that leaves supported types out (CKV2_AWS_45)',
  ],
  [
    'CKV_AWS_66',
    'asks every log group to set retentionInDays, but an absent retention keeps events forever, the longest; injecting one would delete older events, and aws-log-group-retention holds a short one (CKV_AWS_338)',
  ],
  ['CKV2_AWS_36', 'reads Terraform `http` data sources that send SSM parameter values out; a composition has no data sources, and nothing in a managed resource sends its value anywhere'],
  ['CKV_AWS_233', "checks Terraform's `lifecycle { create_before_destroy }` meta-argument; a Crossplane managed resource has no replacement ordering to set (the Certificate CRD has no such field)"],
]);
