/**
 * Who may reach S3 data beside a bucket policy: ACLs (a BucketACL's canned
 * ACL and grants, and the BucketOwnershipControls that turn ACLs back on),
 * the account-wide and access point public access blocks, a bucket policy
 * that locks every principal but the root user out, and lifecycle rules that
 * abort failed uploads. Bucket policies and access point policies are judged by
 * the policy-document rules (resource-policies.ts).
 *
 * Field names are provider-upjet-aws's (zz_schemas.ts; s3control AccessPoint
 * and MultiRegionAccessPoint from apis/s3control/v1beta2 at 0792eabefbd0).
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams, requireBoolean } from '../params.js';
import { policyDocuments } from './documents.js';
import { coversAction, describePrincipals, list, quote, statementLabel, type Statement } from './policy.js';

const s3 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 's3', kind });
const s3control = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 's3control', kind });

/** The elements of a block that may be an object or a list of objects (a single nested block in either shape, or a repeated block); undefined when it is neither. */
export function blocksOf(value: unknown): { value: unknown; at: Segment[] }[] | undefined {
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, at: [i] }));
  if (isObject(value)) return [{ value, at: [] }];
  return undefined;
}

// ---------------------------------------------------------------------------
// ACLs.

/** Canned ACLs that open the bucket, and to whom. */
const PUBLIC_CANNED: Readonly<Record<string, string>> = {
  'public-read': 'lets anyone on the internet list the bucket',
  'public-read-write': 'lets anyone on the internet list the bucket and create, overwrite and delete its objects',
  'authenticated-read': 'lets every AWS account in the world list the bucket',
};

/** The predefined groups an S3 grant may name, by the path of their URI (lowercase). */
const GROUPS: Readonly<Record<string, { who: string; public: boolean }>> = {
  'global/allusers': { who: 'everyone on the internet (AllUsers)', public: true },
  'global/authenticatedusers': { who: 'every AWS account in the world (AuthenticatedUsers)', public: true },
  's3/logdelivery': { who: 'the S3 log delivery group', public: false },
};

/** What each ACL permission lets a grantee do on a bucket. */
const PERMISSIONS: Readonly<Record<string, string>> = {
  READ: 'list its objects',
  WRITE: 'create, overwrite and delete its objects',
  READ_ACP: 'read its ACL',
  WRITE_ACP: 'rewrite its ACL, and so take it over',
  FULL_CONTROL: 'do anything with it',
};

/**
 * The group a grantee URI names, as the path after `/groups/`, lowercase:
 * `http://acs.amazonaws.com/groups/global/AllUsers` and
 * `https://ACS.amazonaws.com/groups/global/allusers/` are both
 * `global/allusers`. Undefined when the URI is not a group URI at all.
 */
export function groupOf(uri: string): string | undefined {
  const m = /^(?:https?:\/\/)?acs\.amazonaws\.com\/groups\/(.+?)\/*$/i.exec(uri.trim());
  return m === null ? undefined : m[1]!.toLowerCase();
}

export const s3BucketAclPublic = defineRule({
  id: 'aws-s3-bucket-acl-public',
  title: 'Bucket ACLs do not make buckets public',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a BucketACL whose canned `acl` is `public-read` (anyone lists the bucket), `public-read-write` (anyone also writes and deletes) or `authenticated-read` (every AWS account lists it), compared case-insensitively, and one whose `accessControlPolicy.grant[]` grants any permission (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL) to the AllUsers or AuthenticatedUsers group: its `grantee.uri` read whatever the grantee's `type` says, with either scheme (`http`, `https`) or none, in any case, with a trailing slash. A grantee URI that is not one of S3's groups (AllUsers, AuthenticatedUsers, LogDelivery) is refused too: the guardrails cannot tell whom it names. Grants to a canonical user ID or an email address name one account, never everyone, and pass. A grant list, grant or grantee of the wrong shape is refused as malformed. The bucket's public access block, which guardrails add, ignores public ACLs; this rule refuses the intent itself, so that removing the block later does not open the bucket. The Upbound Bucket has no ACL field: its ACL is always a BucketACL.",
  references: { checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43', 'CKV_AWS_375', 'CKV_AWS_379'], trivy: ['AWS-0092'] },
  kinds: [s3('BucketACL')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['acl'])) {
      if (typeof value !== 'string') {
        ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        continue;
      }
      const what = PUBLIC_CANNED[value.trim().toLowerCase()];
      if (what !== undefined) ctx.unsafe(path, `${path} is ${describe(value, true)}, a canned ACL that ${what}; use "private", and grant access with a bucket policy that names the principals`);
    }
    for (const { segments, value } of explicitParams(ctx.resource, ['accessControlPolicy', 'grant'])) {
      const at = formatFieldPath(segments);
      if (!Array.isArray(value)) {
        ctx.unsafe(at, `${at} must be a list of grants, got ${describe(value)}`);
        continue;
      }
      value.forEach((grant, i) => judgeGrant(ctx, [...segments, i], grant));
    }
  },
}) satisfies Rule;

function judgeGrant(ctx: RuleContext, segments: Segment[], grant: unknown): void {
  const at = formatFieldPath(segments);
  if (!isObject(grant)) {
    ctx.unsafe(at, `${at} must be an object with grantee and permission, got ${describe(grant)}`);
    return;
  }
  if (grant.grantee === undefined || grant.grantee === null) return;
  const grantees = blocksOf(grant.grantee);
  if (grantees === undefined) {
    ctx.unsafe(`${at}.grantee`, `${at}.grantee must be an object, got ${describe(grant.grantee)}`);
    return;
  }
  const permission = typeof grant.permission === 'string' ? grant.permission.trim().toUpperCase() : undefined;
  const can = permission !== undefined ? (PERMISSIONS[permission] ?? `use the permission ${describe(grant.permission, true)} on it`) : 'use it (no permission named)';
  for (const g of grantees) {
    const where = formatFieldPath([...segments, 'grantee', ...g.at]);
    if (!isObject(g.value)) {
      ctx.unsafe(where, `${where} must be an object, got ${describe(g.value)}`);
      continue;
    }
    const { uri, type } = g.value;
    if (uri === undefined || uri === null) {
      if (type === 'Group') ctx.unsafe(where, `${where} is a Group grantee without a uri; name the group, or grant a canonical user instead`);
      continue;
    }
    if (typeof uri !== 'string') {
      ctx.unsafe(`${where}.uri`, `${where}.uri must be a string, got ${describe(uri)}`);
      continue;
    }
    const group = GROUPS[groupOf(uri) ?? ''];
    if (group === undefined) {
      ctx.unsafe(`${where}.uri`, `${where}.uri is ${describe(uri, true)}, not an S3 group the guardrails know (AllUsers, AuthenticatedUsers, LogDelivery), so whom it grants cannot be told; grant a canonical user, or use a bucket policy`);
    } else if (group.public) {
      ctx.unsafe(`${where}.uri`, `${where}.uri grants ${group.who} permission to ${can} (${describe(grant.permission, true)}), which makes the bucket public; remove the grant, and grant access with a bucket policy that names the principals`);
    }
  }
}

export const s3AclsDisabled = fieldRule({
  id: 'aws-s3-acls-disabled',
  title: 'S3 bucket ACLs stay disabled unless a human approves',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  on: [{ kind: s3('BucketOwnershipControls'), field: ['rule', 'objectOwnership'] }],
  type: 'string',
  safe: 'BucketOwnerEnforced',
  inject: 'BucketOwnerEnforced',
  missing: 'object ownership was not set',
  unsafe: 'set it to "BucketOwnerEnforced" so ACLs are disabled and the bucket owner owns every object, or have a human approve ACLs for a service that still needs them',
  why: '`ObjectWriter` and `BucketOwnerPreferred` turn ACLs back on: a second, per-object permission system that bucket policies and access reviews do not show, and an object its writer owns stays out of the bucket owner\'s control. Held for approval rather than refused: a few AWS features still need ACLs (CloudFront standard logging to S3, some cross-account writers), and nothing is public through ACLs while the public access block guardrails add is on. A new bucket has ACLs disabled by default, so a Bucket without a BucketOwnershipControls passes.',
  references: { checkov: ['CKV2_AWS_65'] },
}) satisfies Rule;

// ---------------------------------------------------------------------------
// Public access blocks beyond the bucket's own.

const FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

/** Where each kind keeps the four flags, and whether an absent flag is off (the account block) or on (access points). */
const BLOCKS: ReadonlyMap<string, { at: readonly string[]; absentIsOff: boolean; what: string }> = new Map([
  ['aws/s3control/AccountPublicAccessBlock', { at: [], absentIsOff: true, what: 'every bucket of the account' }],
  ['aws/s3control/AccessPoint', { at: ['publicAccessBlockConfiguration'], absentIsOff: false, what: 'the data this access point reaches' }],
  ['aws/s3control/MultiRegionAccessPoint', { at: ['details', 'publicAccessBlock'], absentIsOff: false, what: 'the data this multi-region access point reaches' }],
]);

export const s3controlPublicAccessBlock = defineRule({
  id: 'aws-s3control-public-access-block',
  title: 'Account and access point public access blocks stay on',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    "Injects each of `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` as `true` where an s3control AccountPublicAccessBlock does not set it (the API takes an absent flag as `false`), and refuses any of them explicitly `false` or not a boolean: the account block is the last guard of every bucket in the account, and an agent that weakens it unblocks them all. On an s3control AccessPoint (`publicAccessBlockConfiguration`) and MultiRegionAccessPoint (`details.publicAccessBlock`) the same flags default to `true`: an absent flag passes, an explicit `false` (or a value that is not a boolean) is refused.",
  fix: 'injects the absent flags of an AccountPublicAccessBlock as `true`.',
  references: { checkov: ['CKV_AWS_392'], trivy: [] },
  kinds: [s3control('AccountPublicAccessBlock'), s3control('AccessPoint'), s3control('MultiRegionAccessPoint')],
  check(ctx) {
    const block = BLOCKS.get(ctx.type.ref);
    if (block === undefined) return;
    for (const flag of FLAGS) {
      if (block.absentIsOff) {
        requireBoolean(ctx, flag, true, {
          missing: `${flag} was not set, and the account block takes an absent flag as false`,
          unsafe: `set it to true (or remove it) so no bucket of the account can be made public this way`,
        });
        continue;
      }
      for (const { path, value } of explicitParams(ctx.resource, [...block.at, flag])) {
        if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
        else if (!value) ctx.unsafe(path, `${path} is false, which lets ${block.what} be made public; set it to true, or remove it (it defaults to true)`);
      }
    }
  },
}) satisfies Rule;

// ---------------------------------------------------------------------------
// Bucket policies that lock everyone out.

/** The actions that change or remove a bucket policy: denied to everyone, only the root user can ever fix the policy. */
const POLICY_ACTIONS = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'];

/** An account's root, and nothing narrower: `123456789012`, `arn:aws:iam::123456789012:root`. */
const isRoot = (id: string) => /^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/.test(id.trim());

/** Does the Deny statement reach every principal but, at most, account roots? */
function everyoneButRoot(stmt: Statement): boolean {
  const p = stmt.principals;
  if (p === undefined) return false;
  if (!p.not) return p.entries.some((e) => e.id.includes('*'));
  return p.entries.every((e) => e.type === 'AWS' && isRoot(e.id));
}

export const s3BucketPolicyLockout = defineRule({
  id: 'aws-s3-bucket-policy-lockout',
  title: 'Bucket policies do not lock out everyone but the root user',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    "Refuses a BucketPolicy with a Deny statement, without any Condition, of `s3:PutBucketPolicy` or `s3:DeleteBucketPolicy` (or an Action or NotAction that covers one) to every principal (`*`, any principal with a `*`) or to everyone but account roots (a NotPrincipal naming only `arn:aws:iam::<account>:root` or account IDs): then no role or user, administrators included, can ever change or remove the policy, only the account's root user. An agent that writes one takes the bucket away from the platform. A Deny with a Condition (refusing requests without TLS, or outside a VPC endpoint) is not a lockout and passes. The Upbound Bucket has no policy field; its policy is always a BucketPolicy.",
  references: { checkov: ['CKV_AWS_93'], trivy: [] },
  kinds: [s3('BucketPolicy')],
  check(ctx) {
    for (const d of policyDocuments(ctx)) {
      for (const stmt of d.policy?.statements ?? []) {
        if (stmt.effect !== 'Deny' || stmt.conditions.length > 0 || !everyoneButRoot(stmt)) continue;
        const denied = POLICY_ACTIONS.filter((a) => coversAction(stmt, a));
        if (denied.length === 0) continue;
        ctx.unsafe(
          d.path,
          `${statementLabel(stmt)} denies ${list(denied.map(quote))} to ${describePrincipals(stmt)} with no Condition, so only the account's root user could ever change or remove this policy; exempt the platform's administrator role (a NotPrincipal or an aws:PrincipalArn Condition), or narrow the Deny with a Condition`,
        );
      }
    }
  },
}) satisfies Rule;

// ---------------------------------------------------------------------------
// Lifecycle configurations that abort failed uploads.

/**
 * Does a lifecycle configuration abort incomplete multipart uploads: some
 * rule `Enabled` with a positive `abortIncompleteMultipartUpload.daysAfterInitiation`,
 * in either parameter block?
 */
export const s3LifecycleAbortUploads = defineRule({
  id: 'aws-s3-lifecycle-abort-uploads',
  title: 'S3 lifecycle configurations abort incomplete multipart uploads',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports a BucketLifecycleConfiguration with no `Enabled` rule that sets `abortIncompleteMultipartUpload.daysAfterInitiation` to a positive number of days (in forProvider or initProvider): the parts of uploads never completed are kept, billed and unseen in a listing, for ever. Nothing is injected: a lifecycle rule has a filter and an ID only the author can choose. A Bucket without any lifecycle configuration is not reported: the guardrails do not add a warning to every bucket for it.',
  references: { checkov: ['CKV_AWS_300'] },
  kinds: [s3('BucketLifecycleConfiguration')],
  check(ctx) {
    const aborts = explicitParams(ctx.resource, ['rule']).some(
      ({ value }) =>
        Array.isArray(value) &&
        value.some((r) => {
          if (!isObject(r) || r.status !== 'Enabled') return false;
          const abort = blocksOf(r.abortIncompleteMultipartUpload)?.[0]?.value;
          return isObject(abort) && typeof abort.daysAfterInitiation === 'number' && abort.daysAfterInitiation > 0;
        }),
    );
    if (aborts) return;
    ctx.unsafe(
      'spec.forProvider.rule',
      'no Enabled rule sets abortIncompleteMultipartUpload.daysAfterInitiation, so the parts of uploads never completed are kept (and billed) for ever, unseen in a listing; add a rule that aborts them after a few days',
    );
  },
}) satisfies Rule;

/** The S3 access rules in evaluation order. */
export const S3_ACCESS_RULES = [s3BucketAclPublic, s3AclsDisabled, s3controlPublicAccessBlock, s3BucketPolicyLockout, s3LifecycleAbortUploads] as const satisfies readonly Rule[];
