/**
 * The Checkov checks for AWS that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
export const AWS_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['CKV2_AWS_16', 'autoscaling a provisioned DynamoDB table is a capacity and cost decision, not a security control; an on-demand (PAY_PER_REQUEST) table scales by itself'],
]);
