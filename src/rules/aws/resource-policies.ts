/**
 * Resource policies that make a resource public: an S3 BucketPolicy or a
 * KMS Key `policy` that allows any principal, with no Condition that limits
 * who to fixed values. The documents are read by the IAM policy parser; one
 * that cannot be read is reported by `aws-iam-policy-document`, not here.
 */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { conditionNote, policyDocuments } from './iam.js';
import { anyPrincipal, describeActions, describePrincipals, list, narrowingKeys, statementLabel, type Statement } from './policy.js';

/**
 * Condition keys that make a statement non-public when tested against
 * fixed values: the keys of S3's own definition of "public" (a fixed
 * source ARN, VPC, VPC endpoint, owner, account, user ID, KMS key ID, an
 * `aws:SourceIp` range) and of a fixed organization or principal.
 */
const COMMON_NARROWING = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:userid',
];
const lower = (keys: readonly string[]) => new Set(keys.map((k) => k.toLowerCase()));
const S3_NARROWING = lower([...COMMON_NARROWING, 's3:x-amz-server-side-encryption-aws-kms-key-id', 's3:DataAccessPointArn', 's3:DataAccessPointAccount']);
const KMS_NARROWING = lower([...COMMON_NARROWING, 'kms:CallerAccount']);

/** Allow statements of the resource's policy that any principal may use with no narrowing Condition. */
function publicStatements(ctx: RuleContext, keys: ReadonlySet<string>): { path: string; stmt: Statement }[] {
  const internet = ctx.input.network.internetPrefix;
  return policyDocuments(ctx).flatMap((d) =>
    d.policy === undefined
      ? []
      : d.policy.statements.filter((s) => s.effect === 'Allow' && anyPrincipal(s) && narrowingKeys(s, keys, internet).length === 0).map((stmt) => ({ path: d.path, stmt })),
  );
}

const NARROWING_DOC = 'a positive operator (StringEquals, StringLike, ArnEquals, ArnLike, IpAddress, optionally under `ForAnyValue:`; not `...IfExists` nor `ForAllValues:`) with values that have no wildcard and no policy variable; an `aws:SourceIp` condition whose values, taken together, hold no public range wider than `network.internetPrefix` of the Input (/8 for IPv4, /16 for IPv6 by default), so that listing all 256 /8s narrows nothing; `NotIpAddress` never narrows';

export const s3BucketPolicyPublic = defineRule({
  id: 'aws-s3-bucket-policy-public',
  title: 'Bucket policies do not make buckets public',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses an S3 BucketPolicy with an Allow statement for any principal (\`Principal\` \`*\`, any principal with a \`*\` in it, or everyone but a NotPrincipal) unless a Condition limits it to fixed values of ${list([...COMMON_NARROWING, 's3:x-amz-server-side-encryption-aws-kms-key-id', 's3:DataAccessPointArn', 's3:DataAccessPointAccount'], 99)}: ${NARROWING_DOC}. These are the keys of S3's own definition of a non-public policy (a fixed source, VPC, VPC endpoint, owner, account, user ID, KMS key or address range), plus a fixed organization, account or ARN of the caller. Deny statements (say, refusing requests without TLS) are never violations.`,
  references: { checkov: ['CKV_AWS_70'], trivy: [] },
  kinds: [{ cloud: 'aws', service: 's3', kind: 'BucketPolicy' }],
  check(ctx) {
    for (const { path, stmt } of publicStatements(ctx, S3_NARROWING)) {
      ctx.unsafe(
        path,
        `${statementLabel(stmt)} allows any principal (${describePrincipals(stmt)}) ${describeActions(stmt)} on this bucket ${conditionNote(stmt)}, which makes the bucket public; name the principals that need access, or add a Condition on aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn (for CloudFront, origin access control)`,
      );
    }
  },
}) satisfies Rule;

export const kmsKeyPolicyPublic = defineRule({
  id: 'aws-kms-key-policy-public',
  title: 'Key policies do not open keys to anyone',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses a KMS Key whose \`policy\` has an Allow statement for any principal (\`Principal\` \`*\`, \`{"AWS": "*"}\`, any principal with a \`*\` in it, or everyone but a NotPrincipal) unless a Condition limits it to fixed values of ${list([...COMMON_NARROWING, 'kms:CallerAccount'], 99)}: ${NARROWING_DOC}. The key policy AWS documents for "all principals in the account that use EBS" (\`{"AWS": "*"}\` with \`kms:CallerAccount\` and \`kms:ViaService\`) passes; \`kms:ViaService\` alone does not limit who.`,
  references: { checkov: ['CKV_AWS_33'], trivy: [] },
  kinds: [{ cloud: 'aws', service: 'kms', kind: 'Key' }],
  check(ctx) {
    for (const { path, stmt } of publicStatements(ctx, KMS_NARROWING)) {
      ctx.unsafe(
        path,
        `${statementLabel(stmt)} allows any principal (${describePrincipals(stmt)}) ${describeActions(stmt)} on this key ${conditionNote(stmt)}; name the principals that need it (the account root, a role ARN), or add a Condition on kms:CallerAccount or aws:PrincipalOrgID`,
      );
    }
  },
}) satisfies Rule;

/** The resource-policy rules, in evaluation order. */
export const RESOURCE_POLICY_RULES = [s3BucketPolicyPublic, kmsKeyPolicyPublic] as const satisfies readonly Rule[];
