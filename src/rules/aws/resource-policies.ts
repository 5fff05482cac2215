/**
 * Resource policies that make a resource public: a policy on a bucket, key,
 * queue, topic, repository, secret, file system, domain or vault that allows
 * any principal, with no Condition that limits who to fixed values. One
 * table, one guard: each row is a rule (its ID says what it protects), the
 * kinds it reads, the condition keys that narrow who, and the advice. The
 * documents come from `documents.ts` (the policy-field table) through the
 * IAM policy parser; one that cannot be read is reported by
 * `aws-iam-policy-document`, not here.
 *
 * Lambda permissions are not documents but the same danger, one field at a
 * time: `aws-lambda-permission-public`, at the end.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { Action } from '../../engine/types.js';
import { describe, explicitParams } from '../params.js';
import { POLICY_FIELDS, policyDocuments } from './documents.js';
import { conditionNote } from './iam.js';
import { anyPrincipal, describeActions, describePrincipals, fixedValue, list, narrowingKeys, statementLabel, type Statement } from './policy.js';

/**
 * Condition keys that make a statement non-public when tested against
 * fixed values: the keys of S3's own definition of "public" (a fixed
 * source ARN, VPC, VPC endpoint, owner, account, user ID, an `aws:SourceIp`
 * range) and of a fixed organization or principal.
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
const S3_NARROWING = ['s3:x-amz-server-side-encryption-aws-kms-key-id', 's3:DataAccessPointArn', 's3:DataAccessPointAccount'];
const lower = (keys: readonly string[]) => new Set(keys.map((k) => k.toLowerCase()));

const NARROWING_DOC =
  'a positive operator (StringEquals, StringLike, ArnEquals, ArnLike, IpAddress, optionally under `ForAnyValue:`; not `...IfExists` nor `ForAllValues:`) with values that have no wildcard and no policy variable; an `aws:SourceIp` condition whose values, taken together, hold no public range wider than `network.internetPrefix` of the Input (/8 for IPv4, /16 for IPv6 by default), so that listing all 256 /8s narrows nothing; `NotIpAddress` never narrows';

/** One public-policy rule: the resources it protects and what narrows who may use them. */
interface PublicPolicy {
  id: string;
  title: string;
  /** What the description calls the policies it reads: `an S3 BucketPolicy`, `a KMS key's \`policy\``. */
  what: string;
  /** Each kind it reads, with what a message calls the resource (`queue`). */
  kinds: readonly { service: string; kind: string; noun: string }[];
  /** Condition keys that narrow who, beside the common ones. */
  keys?: readonly string[];
  /** Condition keys that narrow who when tested `Bool` true. */
  flags?: readonly string[];
  /** Say that the statement makes the resource public (the KMS message never did). */
  publicNote?: false;
  /** What to do, after the finding. */
  fix: string;
  /** More description, after the common part. */
  note?: string;
  defaultAction?: Exclude<Action, 'Disabled' | 'Mutate'>;
  references: { checkov: readonly string[]; trivy: readonly string[] };
}

const k = (service: string, kind: string, noun: string) => ({ service, kind, noun });

/**
 * The rows. Checkov references are those in its catalogue for the kinds a
 * row reads (checks.tsv of the reference set); a row without one is a
 * resource Checkov has no check for.
 */
export const PUBLIC_POLICIES: readonly PublicPolicy[] = [
  {
    id: 'aws-s3-bucket-policy-public',
    title: 'Bucket policies do not make buckets public',
    what: 'an S3 BucketPolicy',
    kinds: [k('s3', 'BucketPolicy', 'bucket')],
    keys: S3_NARROWING,
    fix: 'name the principals that need access, or add a Condition on aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn (for CloudFront, origin access control)',
    note: "These are the keys of S3's own definition of a non-public policy (a fixed source, VPC, VPC endpoint, owner, account, user ID, KMS key or address range), plus a fixed organization, account or ARN of the caller. Deny statements (say, refusing requests without TLS) are never violations.",
    references: { checkov: ['CKV_AWS_70'], trivy: [] },
  },
  {
    id: 'aws-s3-access-point-policy-public',
    title: 'Access point policies do not make data public',
    what: 'an S3 access point policy (s3control AccessPointPolicy, AccessPoint `policy`, ObjectLambdaAccessPointPolicy, MultiRegionAccessPointPolicy `details.policy`)',
    kinds: [
      k('s3control', 'AccessPointPolicy', 'access point'),
      k('s3control', 'AccessPoint', 'access point'),
      k('s3control', 'ObjectLambdaAccessPointPolicy', 'access point'),
      k('s3control', 'MultiRegionAccessPointPolicy', 'access point'),
    ],
    keys: S3_NARROWING,
    fix: 'name the principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceVpce',
    note: "An access point reaches the bucket's data under its own policy. Checkov's nearest check, CKV_AWS_392, requires the access point's own public access block.",
    references: { checkov: ['CKV_AWS_392'], trivy: [] },
  },
  {
    id: 'aws-kms-key-policy-public',
    title: 'Key policies do not open keys to anyone',
    what: "a KMS key's `policy` (Key, ReplicaKey, ExternalKey, ReplicaExternalKey)",
    kinds: [k('kms', 'Key', 'key'), k('kms', 'ReplicaKey', 'key'), k('kms', 'ExternalKey', 'key'), k('kms', 'ReplicaExternalKey', 'key')],
    keys: ['kms:CallerAccount'],
    publicNote: false,
    fix: 'name the principals that need it (the account root, a role ARN), or add a Condition on kms:CallerAccount or aws:PrincipalOrgID',
    note: 'The key policy AWS documents for "all principals in the account that use EBS" (`{"AWS": "*"}` with `kms:CallerAccount` and `kms:ViaService`) passes; `kms:ViaService` alone does not limit who.',
    references: { checkov: ['CKV_AWS_33'], trivy: [] },
  },
  {
    id: 'aws-sqs-queue-policy-public',
    title: 'Queue policies do not make queues public',
    what: 'an SQS queue policy (Queue `policy`, QueuePolicy)',
    kinds: [k('sqs', 'Queue', 'queue'), k('sqs', 'QueuePolicy', 'queue')],
    fix: 'name the principals that need it, or, for an AWS service that sends to the queue (SNS, S3, EventBridge), add a Condition on aws:SourceArn or aws:SourceAccount',
    note: 'Anyone could read, delete or inject the messages the workload consumes.',
    references: { checkov: ['CKV_AWS_168', 'CKV_AWS_387', 'CKV_AWS_72'], trivy: [] },
  },
  {
    id: 'aws-sns-topic-policy-public',
    title: 'Topic policies do not make topics public',
    what: 'an SNS topic policy (Topic `policy`, TopicPolicy)',
    kinds: [k('sns', 'Topic', 'topic'), k('sns', 'TopicPolicy', 'topic')],
    fix: 'name the principals that need it, or, for an AWS service that publishes to the topic (CloudWatch, S3, EventBridge), add a Condition on aws:SourceArn, aws:SourceAccount or aws:SourceOwner',
    note: 'Anyone could publish to the topic, or subscribe an endpoint of their own to what it carries.',
    references: { checkov: ['CKV_AWS_169'], trivy: [] },
  },
  {
    id: 'aws-ecr-repository-policy-public',
    title: 'Repository policies do not make container images public',
    what: 'an ECR repository or registry policy (ecr RepositoryPolicy, RegistryPolicy; ecrpublic RepositoryPolicy)',
    kinds: [k('ecr', 'RepositoryPolicy', 'repository'), k('ecr', 'RegistryPolicy', 'registry'), k('ecrpublic', 'RepositoryPolicy', 'repository')],
    fix: 'name the accounts or roles that pull from it, or add a Condition on aws:PrincipalOrgID',
    note: 'These policies may leave out `Resource`: they apply to the repository or registry they are set on. A public ECR repository is readable by anyone without any policy; a policy for any principal there grants more (pushing images).',
    references: { checkov: ['CKV_AWS_32'], trivy: ['AWS-0032'] },
  },
  {
    id: 'aws-secretsmanager-secret-policy-public',
    title: 'Secret policies do not open secrets to anyone',
    what: 'a Secrets Manager SecretPolicy',
    kinds: [k('secretsmanager', 'SecretPolicy', 'secret')],
    fix: 'name the roles that read it, or add a Condition on aws:PrincipalOrgID or aws:PrincipalAccount',
    note: 'Checkov has no check for a public secret policy; Secrets Manager itself refuses one only when `blockPublicPolicy` is set, which nothing requires.',
    references: { checkov: [], trivy: [] },
  },
  {
    id: 'aws-efs-file-system-policy-public',
    title: 'File system policies do not open file systems to anyone',
    what: 'an EFS FileSystemPolicy',
    kinds: [k('efs', 'FileSystemPolicy', 'file system')],
    keys: ['elasticfilesystem:AccessPointArn'],
    flags: ['elasticfilesystem:AccessedViaMountTarget'],
    fix: 'name the roles that mount it, or add a Condition on elasticfilesystem:AccessedViaMountTarget (Bool true), elasticfilesystem:AccessPointArn or aws:PrincipalOrgID',
    note: 'Also narrowing: a fixed `elasticfilesystem:AccessPointArn`, and `elasticfilesystem:AccessedViaMountTarget` tested `Bool` true: the policy AWS documents to "prevent anonymous access" grants `{"AWS": "*"}` through mount targets only, which the VPC and its security groups gate, and is stricter than having no policy (EFS then lets any client that reaches a mount target in). Checkov has no check for a public file system policy.',
    references: { checkov: [], trivy: [] },
  },
  {
    id: 'aws-opensearch-domain-policy-public',
    title: 'Domain access policies are approved by a human when they open a domain to anyone',
    what: 'an OpenSearch DomainPolicy, or an Elasticsearch Domain or DomainPolicy `accessPolicies`',
    kinds: [k('opensearch', 'DomainPolicy', 'domain'), k('elasticsearch', 'Domain', 'domain'), k('elasticsearch', 'DomainPolicy', 'domain')],
    defaultAction: 'RequireApproval',
    fix: 'name the roles that query it, or add a Condition on aws:SourceIp (a fixed range) or aws:PrincipalOrgID, or have a human approve it',
    note: "Held for approval rather than refused: an open access policy is what AWS advises for a domain inside a VPC with fine-grained access control, and makes a public domain readable and writable by anyone otherwise; the policy alone does not say which. OpenSearch `Domain` has no access-policy field of its own. Checkov has no check for a public domain access policy.",
    references: { checkov: [], trivy: [] },
  },
  {
    id: 'aws-glacier-vault-policy-public',
    title: 'Glacier vault policies do not make vaults public',
    what: 'a Glacier Vault `accessPolicy` or VaultLock `policy`',
    kinds: [k('glacier', 'Vault', 'vault'), k('glacier', 'VaultLock', 'vault')],
    fix: 'name the principals that need it, or add a Condition on aws:PrincipalOrgID or aws:PrincipalAccount',
    note: 'A completed vault lock policy can never be changed again.',
    references: { checkov: ['CKV_AWS_167'], trivy: [] },
  },
  {
    id: 'aws-backup-vault-policy-public',
    title: 'Backup vault policies do not open backups to anyone',
    what: 'an AWS Backup VaultPolicy',
    kinds: [k('backup', 'VaultPolicy', 'backup vault')],
    fix: 'name the principals that need it, or add a Condition on aws:PrincipalOrgID or aws:PrincipalAccount',
    note: 'Anyone could copy, restore or delete the recovery points. Checkov has no check for a public backup vault policy (CKV_AWS_166 is about the vault key).',
    references: { checkov: [], trivy: [] },
  },
  {
    id: 'aws-resource-policy-public',
    title: 'Other resource policies do not open resources to anyone',
    what: 'any other resource policy the guardrails read: an EventBridge BusPolicy, a DynamoDB ResourcePolicy, an MSK (kafka) ClusterPolicy, a CodeArtifact DomainPermissionsPolicy or RepositoryPermissionsPolicy',
    kinds: [
      k('cloudwatchevents', 'BusPolicy', 'event bus'),
      k('dynamodb', 'ResourcePolicy', 'table'),
      k('kafka', 'ClusterPolicy', 'cluster'),
      k('codeartifact', 'DomainPermissionsPolicy', 'domain'),
      k('codeartifact', 'RepositoryPermissionsPolicy', 'repository'),
    ],
    fix: 'name the principals that need it, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceArn',
    note: 'Checkov has no check for these.',
    references: { checkov: [], trivy: [] },
  },
];

/** Allow statements of the resource's policy that any principal may use with no narrowing Condition. */
function publicStatements(ctx: RuleContext, keys: ReadonlySet<string>, flags: ReadonlySet<string>): { path: string; stmt: Statement }[] {
  const internet = ctx.input.network.internetPrefix;
  return policyDocuments(ctx).flatMap((d) =>
    d.policy === undefined
      ? []
      : d.policy.statements.filter((s) => s.effect === 'Allow' && anyPrincipal(s) && narrowingKeys(s, keys, { flags, internet }).length === 0).map((stmt) => ({ path: d.path, stmt })),
  );
}

/** The fields a row reads, for its description: `sqs Queue \`policy\``. */
function fieldsOf(row: PublicPolicy): string {
  const fields = POLICY_FIELDS.filter((f) => row.kinds.some((r) => r.service === f.service && r.kind === f.kind));
  return fields.map((f) => `${f.service} ${f.kind} \`${f.field.join('.')}\``).join(', ');
}

/** The rule of one row: refuse (or hold) every public statement, naming it and what to do. */
function publicPolicyRule(row: PublicPolicy): Rule {
  const nouns = new Map(row.kinds.map((r) => [`aws/${r.service}/${r.kind}`, r.noun]));
  const keys = lower([...COMMON_NARROWING, ...(row.keys ?? [])]);
  const flags = lower(row.flags ?? []);
  const keyList = list([...COMMON_NARROWING, ...(row.keys ?? [])], 99);
  return defineRule({
    id: row.id,
    title: row.title,
    severity: 'critical',
    defaultAction: row.defaultAction ?? 'Deny',
    description: `${row.defaultAction === 'RequireApproval' ? 'Holds for approval' : 'Refuses'} ${row.what} with an Allow statement for any principal (\`Principal\` \`*\`, \`{"AWS": "*"}\`, any principal with a \`*\` in it, or everyone but a NotPrincipal) unless a Condition limits it to fixed values of ${keyList}: ${NARROWING_DOC}. ${row.note ?? ''} Reads ${fieldsOf(row)}.`.replace(/ {2,}/g, ' '),
    references: row.references,
    kinds: row.kinds.map((r): KindRef => ({ cloud: 'aws', service: r.service, kind: r.kind })),
    check(ctx) {
      const noun = nouns.get(ctx.type.ref ?? '') ?? 'resource';
      const consequence = row.publicNote === false ? '' : `, which makes the ${noun} public`;
      for (const { path, stmt } of publicStatements(ctx, keys, flags)) {
        ctx.unsafe(path, `${statementLabel(stmt)} allows any principal (${describePrincipals(stmt)}) ${describeActions(stmt)} on this ${noun} ${conditionNote(stmt)}${consequence}; ${row.fix}`);
      }
    },
  });
}

const rules = new Map(PUBLIC_POLICIES.map((row) => [row.id, publicPolicyRule(row)]));
const ruleOf = (id: string): Rule => rules.get(id)!;

export const s3BucketPolicyPublic = ruleOf('aws-s3-bucket-policy-public') satisfies Rule;
export const kmsKeyPolicyPublic = ruleOf('aws-kms-key-policy-public') satisfies Rule;

// ---------------------------------------------------------------------------
// Lambda permissions.

/** An AWS service principal (`s3.amazonaws.com`, `sns.amazonaws.com.cn`). */
const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/i;

/**
 * A value that names one source: no wildcard, or, for an ARN, a literal
 * 12-digit account (`arn:aws:execute-api:eu-west-1:123456789012:api/*` is
 * one account's API; `arn:aws:s3:::bucket-*` is anyone's bucket).
 */
function fixedSource(field: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false;
  if (field === 'sourceAccount') return /^\d{12}$/.test(value.trim());
  if (field === 'sourceArn') return fixedValue(value) || /^arn:[^:*?]+:[^:*?]+:[^:*?]*:\d{12}:/.test(value.trim());
  return fixedValue(value);
}

/** The value Upjet applies for a field: forProvider's, else initProvider's (filled in at creation). */
function effective(ctx: RuleContext, field: string): { path: string; value: unknown } | undefined {
  return explicitParams(ctx.resource, [field])[0];
}

export const lambdaPermissionPublic = defineRule({
  id: 'aws-lambda-permission-public',
  title: 'Lambda permissions do not open functions or layers to anyone',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a Lambda Permission whose `principal` has a `*` in it (any AWS account; with `functionUrlAuthType: NONE`, anyone on the internet) unless `principalOrgId`, `sourceAccount` or `sourceArn` names a fixed source, and one whose `principal` is an AWS service (`*.amazonaws.com`) with neither `sourceArn` nor `sourceAccount` naming one: then any account\'s bucket, topic or rule of that service may invoke the function (the confused deputy). A `sourceArn` is fixed when it has no wildcard, or names a literal 12-digit account (an API Gateway ARN with `/*/*` after one API of one account is). Refuses a LayerVersionPermission whose `principal` has a `*` in it unless `organizationId` is set: the layer version would be shared with every AWS account. Values are read where Upjet applies them: forProvider, else initProvider.',
  references: { checkov: ['CKV_AWS_301', 'CKV_AWS_364'], trivy: ['AWS-0067'] },
  kinds: [
    { cloud: 'aws', service: 'lambda', kind: 'Permission' },
    { cloud: 'aws', service: 'lambda', kind: 'LayerVersionPermission' },
  ],
  check(ctx) {
    const principal = effective(ctx, 'principal');
    if (principal === undefined) return;
    if (typeof principal.value !== 'string') {
      ctx.unsafe(principal.path, `${principal.path} must be a string, got ${describe(principal.value)}`);
      return;
    }
    const p = principal.value.trim();
    const fixed = (...fields: string[]) => fields.some((f) => fixedSource(f, effective(ctx, f)?.value));
    const shown = describe(principal.value, true);
    if (ctx.type.kind === 'LayerVersionPermission') {
      if (p.includes('*') && !fixed('organizationId')) {
        ctx.unsafe(principal.path, `${principal.path} is ${shown} and no organizationId is set, which shares this layer version with every AWS account; name the account that needs it, or set organizationId`);
      }
      return;
    }
    if (p.includes('*') && !fixed('principalOrgId', 'sourceAccount', 'sourceArn')) {
      const url = effective(ctx, 'functionUrlAuthType')?.value === 'NONE' ? ' (with functionUrlAuthType NONE, anyone on the internet)' : '';
      ctx.unsafe(principal.path, `${principal.path} is ${shown}, so any AWS account${url} may invoke the function; name the account or service that needs it, or set principalOrgId, sourceAccount or sourceArn`);
    } else if (SERVICE_PRINCIPAL.test(p) && !fixed('sourceAccount', 'sourceArn')) {
      ctx.unsafe(
        principal.path,
        `${principal.path} is the service ${shown} with no fixed sourceArn or sourceAccount, so any account's ${p.split('.')[0]} resources may invoke the function; set sourceArn to the resource that invokes it (or sourceAccount to its account)`,
      );
    }
  },
}) satisfies Rule;

/** The resource-policy rules, in evaluation order: one per row of the table, then Lambda permissions. */
export const RESOURCE_POLICY_RULES = [...rules.values(), lambdaPermissionPublic] as const satisfies readonly Rule[];
