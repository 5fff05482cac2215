/**
 * S3 buckets of the community AWS provider. Its Bucket carries inline what
 * Upbound's spreads over companion kinds (encryption, public access block,
 * versioning, ACL and grants, a bucket policy), so the protections
 * `aws-s3-encryption`, `aws-s3-public-access-block` and `aws-s3-versioning`
 * give an Upbound bucket are injected into the Bucket itself here, and its
 * grants are judged where they are written.
 */
import { formatFieldPath, isObject, type Segment } from '../../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../../engine/rule.js';
import { describe, explicitParams } from '../../params.js';
import { BUCKET } from './kinds.js';

const FP = ['spec', 'forProvider'] as const;

/** Server-side encryption algorithms S3 accepts as a bucket default. */
const SSE_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse', 'AES256']);

const PUBLIC_ACCESS_FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

/**
 * A block of the Bucket's forProvider: absent (undefined), the object, or
 * reported as malformed (null returned). The provider's CRD makes every
 * block an object.
 */
function block(ctx: RuleContext, field: string): Record<string, unknown> | undefined | null {
  const found = explicitParams(ctx.resource, [field])[0];
  if (found === undefined) return undefined;
  if (isObject(found.value)) return found.value;
  ctx.unsafe(found.path, `${found.path} must be an object, got ${describe(found.value)}`);
  return null;
}

const at = (...segments: Segment[]) => formatFieldPath([...FP, ...segments]);

export const classicS3Encryption = defineRule({
  id: 'aws-classic-s3-encryption',
  title: 'S3 buckets of the community AWS provider are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description: `Injects \`serverSideEncryptionConfiguration\` (SSE-KMS with the aws/s3 key, S3 Bucket Keys on) into a community AWS provider Bucket (\`s3.aws.crossplane.io\`) that has none, as \`aws-s3-encryption\` adds one beside an Upbound bucket. In one an author wrote, every rule's \`applyServerSideEncryptionByDefault.sseAlgorithm\` must be one of ${[...SSE_ALGORITHMS].map((a) => `\`${a}\``).join(', ')}; an empty \`rules\` list, or a rule without a default, is refused.`,
  fix: 'injects `serverSideEncryptionConfiguration: {rules: [{applyServerSideEncryptionByDefault: {sseAlgorithm: aws:kms}, bucketKeyEnabled: true}]}`.',
  kinds: [BUCKET],
  check(ctx) {
    const sse = block(ctx, 'serverSideEncryptionConfiguration');
    if (sse === null) return;
    if (sse === undefined) {
      ctx.missing([...FP, 'serverSideEncryptionConfiguration'], { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }] }, 'no default encryption was set');
      return;
    }
    const rules = sse.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      const path = at('serverSideEncryptionConfiguration', 'rules');
      ctx.unsafe(path, `${path} is ${rules === undefined || rules === null ? 'absent' : Array.isArray(rules) ? 'empty' : describe(rules)}; list one rule with applyServerSideEncryptionByDefault.sseAlgorithm ${[...SSE_ALGORITHMS].join(', ')}`);
      return;
    }
    rules.forEach((rule, i) => {
      const byDefault = isObject(rule) ? rule.applyServerSideEncryptionByDefault : undefined;
      const algorithm = isObject(byDefault) ? byDefault.sseAlgorithm : undefined;
      if (typeof algorithm === 'string' && SSE_ALGORITHMS.has(algorithm)) return;
      const path = at('serverSideEncryptionConfiguration', 'rules', i, ...(isObject(byDefault) ? ['applyServerSideEncryptionByDefault', 'sseAlgorithm'] : ['applyServerSideEncryptionByDefault']));
      ctx.unsafe(path, `${path} is ${algorithm === undefined ? 'absent' : describe(algorithm, true)}; use one of ${[...SSE_ALGORITHMS].join(', ')}`);
    });
  },
}) satisfies Rule;

export const classicS3PublicAccessBlock = defineRule({
  id: 'aws-classic-s3-public-access-block',
  title: 'S3 buckets of the community AWS provider block public access',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Injects `publicAccessBlockConfiguration` with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` all `true` into a community AWS provider Bucket that has none, and each absent flag into one an author wrote; refuses a flag explicitly `false` or not a boolean. With all four on, S3 itself refuses public ACLs and public bucket policies, whatever the Bucket or a later change asks for.',
  fix: 'injects `publicAccessBlockConfiguration` with the four flags `true`, or each absent flag.',
  kinds: [BUCKET],
  check(ctx) {
    const pab = block(ctx, 'publicAccessBlockConfiguration');
    if (pab === null) return;
    if (pab === undefined) {
      ctx.missing([...FP, 'publicAccessBlockConfiguration'], Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, true])), 'public access was not blocked');
      return;
    }
    for (const flag of PUBLIC_ACCESS_FLAGS) {
      const value = pab[flag];
      const path = at('publicAccessBlockConfiguration', flag);
      if (value === undefined || value === null) ctx.missing([...FP, 'publicAccessBlockConfiguration', flag], true, `${flag} was not set`);
      else if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
      else if (!value) ctx.unsafe(path, `${path} is false; the bucket could be made public: remove it or set it to true`);
    }
  },
}) satisfies Rule;

export const classicS3Versioning = defineRule({
  id: 'aws-classic-s3-versioning',
  title: 'S3 buckets of the community AWS provider keep object versions',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `versioningConfiguration.status: Enabled` into a community AWS provider Bucket that does not set it, so an overwrite or delete by an agent can be undone; refuses `Suspended` (or any other value).',
  fix: 'injects `versioningConfiguration: {status: Enabled}`, or the absent status.',
  kinds: [BUCKET],
  check(ctx) {
    const versioning = block(ctx, 'versioningConfiguration');
    if (versioning === null) return;
    if (versioning === undefined) {
      ctx.missing([...FP, 'versioningConfiguration'], { status: 'Enabled' }, 'versioning was not turned on');
      return;
    }
    const status = versioning.status;
    const path = at('versioningConfiguration', 'status');
    if (status === undefined || status === null) ctx.missing([...FP, 'versioningConfiguration', 'status'], 'Enabled', 'versioning status was not set');
    else if (status !== 'Enabled') ctx.unsafe(path, `${path} is ${describe(status, true)}; set it to "Enabled" so overwritten and deleted objects can be recovered`);
  },
}) satisfies Rule;

/** Canned ACLs that grant to everyone, or to every AWS account. */
const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** The grant fields of the Bucket: a grantee list as S3's `x-amz-grant-*` headers take it (`uri="...", id="..."`). */
const GRANT_FIELDS = ['grantFullControl', 'grantRead', 'grantReadAcp', 'grantWrite', 'grantWriteAcp'] as const;

/** S3's groups of everyone and of every authenticated AWS account, as a grantee URI names them (case as S3 writes them, compared without case). */
const PUBLIC_GROUPS = ['acs.amazonaws.com/groups/global/allusers', 'acs.amazonaws.com/groups/global/authenticatedusers'];

const publicGroup = (text: string) => PUBLIC_GROUPS.some((g) => text.toLowerCase().includes(g));

/** What a policy, a statement and a principal may hold in the CRD read (3693b47a1b45); anything else cannot be judged. */
const POLICY_KEYS = new Set(['version', 'id', 'statements']);
const STATEMENT_KEYS = new Set(['sid', 'effect', 'principal', 'notPrincipal', 'action', 'notAction', 'resource', 'notResource', 'condition']);
const PRINCIPAL_KEYS = new Set(['allowAnon', 'awsPrincipals', 'federated', 'service']);

export const classicS3PublicGrants = defineRule({
  id: 'aws-classic-s3-public-grants',
  title: 'S3 buckets of the community AWS provider grant nothing to everyone',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses what makes a community AWS provider Bucket public by itself: a canned `acl` of `public-read`, `public-read-write` or `authenticated-read`; a `grant*` field, or a log target grant (`loggingConfiguration.targetGrants[].targetGrantee.URI`), naming S3's AllUsers or AuthenticatedUsers group; an inline `policy` statement that allows anonymous access (`principal.allowAnon: true`, an `awsAccountId` or `federated` of `*`) or allows everyone but someone (`notPrincipal` in an Allow). A policy, statement or principal with a field this provider version's CRD does not have, or of the wrong shape, cannot be judged and is refused too. The bucket's public access block (`aws-classic-s3-public-access-block`) makes S3 refuse the same; this rule says so before anything is applied, and stands when the block is waived.",
  kinds: [BUCKET],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['acl'])) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (PUBLIC_ACLS.has(value)) ctx.unsafe(path, `${path} is ${describe(value, true)}, which grants the bucket's contents to ${value === 'authenticated-read' ? 'every AWS account' : 'everyone'}; use "private" (or remove it) and grant access by IAM`);
    }
    for (const field of GRANT_FIELDS) {
      for (const { path, value } of explicitParams(ctx.resource, [field])) {
        if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        else if (publicGroup(value)) ctx.unsafe(path, `${path} grants to S3's AllUsers or AuthenticatedUsers group; grant to specific accounts or roles only`);
      }
    }
    targetGrants(ctx);
    policy(ctx);
  },
}) satisfies Rule;

function targetGrants(ctx: RuleContext): void {
  const logging = block(ctx, 'loggingConfiguration');
  if (!isObject(logging) || logging.targetGrants === undefined || logging.targetGrants === null) return;
  const grants = logging.targetGrants;
  if (!Array.isArray(grants)) {
    const path = at('loggingConfiguration', 'targetGrants');
    ctx.unsafe(path, `${path} must be a list, got ${describe(grants)}`);
    return;
  }
  grants.forEach((g, i) => {
    const grantee = isObject(g) ? g.targetGrantee : undefined;
    const uri = isObject(grantee) ? grantee.URI : undefined;
    if (typeof uri === 'string' && publicGroup(uri)) {
      const path = at('loggingConfiguration', 'targetGrants', i, 'targetGrantee', 'URI');
      ctx.unsafe(path, `${path} grants the access logs to S3's AllUsers or AuthenticatedUsers group; grant them to specific accounts only`);
    }
  });
}

function policy(ctx: RuleContext): void {
  const doc = block(ctx, 'policy');
  if (!isObject(doc)) return;
  const unknown = (obj: Record<string, unknown>, known: ReadonlySet<string>, ...path: Segment[]) => {
    const extra = Object.keys(obj).filter((k) => !known.has(k) && obj[k] !== undefined && obj[k] !== null);
    if (extra.length > 0) ctx.unsafe(at('policy', ...path), `${at('policy', ...path)} has ${extra.map((k) => `"${k}"`).join(', ')}, which guardrails does not know and cannot judge; write the policy with ${[...known].join(', ')} only`);
    return extra.length > 0;
  };
  if (unknown(doc, POLICY_KEYS)) return;
  const statements = doc.statements;
  if (statements === undefined || statements === null) return;
  if (!Array.isArray(statements)) {
    ctx.unsafe(at('policy', 'statements'), `${at('policy', 'statements')} must be a list, got ${describe(statements)}`);
    return;
  }
  statements.forEach((s, i) => {
    if (!isObject(s)) {
      ctx.unsafe(at('policy', 'statements', i), `${at('policy', 'statements', i)} must be an object, got ${describe(s)}`);
      return;
    }
    if (unknown(s, STATEMENT_KEYS, 'statements', i) || s.effect !== 'Allow') return;
    if (s.notPrincipal !== undefined && s.notPrincipal !== null) {
      const path = at('policy', 'statements', i, 'notPrincipal');
      ctx.unsafe(path, `${path} in an Allow statement grants to everyone but the principals named; name the principals allowed in principal instead`);
    }
    const principal = s.principal;
    if (principal === undefined || principal === null) return;
    if (!isObject(principal)) {
      ctx.unsafe(at('policy', 'statements', i, 'principal'), `${at('policy', 'statements', i, 'principal')} must be an object, got ${describe(principal)}`);
      return;
    }
    if (unknown(principal, PRINCIPAL_KEYS, 'statements', i, 'principal')) return;
    const everyone = (path: string) => ctx.unsafe(path, `${path} allows anyone on the internet; name the accounts, roles or services allowed instead`);
    if (principal.allowAnon === true) everyone(at('policy', 'statements', i, 'principal', 'allowAnon'));
    if (principal.federated === '*') everyone(at('policy', 'statements', i, 'principal', 'federated'));
    const aws = principal.awsPrincipals;
    if (Array.isArray(aws)) aws.forEach((p, j) => isObject(p) && p.awsAccountId === '*' && everyone(at('policy', 'statements', i, 'principal', 'awsPrincipals', j, 'awsAccountId')));
  });
}
