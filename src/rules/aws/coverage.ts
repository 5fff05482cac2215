/**
 * The Checkov checks for AWS that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
export const AWS_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['CKV2_AWS_36', 'reads Terraform `http` data sources that send SSM parameter values out; a composition has no data sources, and nothing in a managed resource sends its value anywhere'],
  ['CKV_AWS_233', "checks Terraform's `lifecycle { create_before_destroy }` meta-argument; a Crossplane managed resource has no replacement ordering to set (the Certificate CRD has no such field)"],
]);
