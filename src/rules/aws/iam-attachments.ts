/**
 * Administrator access by attachment: an AWS managed policy that grants
 * everything (AdministratorAccess, IAMFullAccess, ...) attached to a role,
 * user, group or SSO permission set, by ARN in any partition, or by a
 * reference or selector to a composed iam Policy that adopts such an ARN
 * (`crossplane.io/external-name`) or whose own document allows every
 * action. One guard, two rules: administrator-class policies are refused,
 * PowerUserAccess-class ones held for a person.
 *
 * Field names are provider-upjet-aws's (package/crds), the same in both
 * groups: iam RolePolicyAttachment, UserPolicyAttachment and
 * GroupPolicyAttachment `policyArn` (+ `policyArnRef`, `policyArnSelector`),
 * iam Role `managedPolicyArns` (+ `managedPolicyArnsRefs`,
 * `managedPolicyArnsSelector`), ssoadmin ManagedPolicyAttachment
 * `managedPolicyArn`. The exclusive `aws_iam_policy_attachment` has no
 * Upbound kind.
 */
import { formatFieldPath, getPath } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import { type Candidate, externalName, type Named, namedBy, type RefTarget, resolve, selfOf } from '../kit/references.js';
import { describe, explicitParams, observeOnly, readable } from '../params.js';
import { documentsOf } from './documents.js';
import { coversEveryAction, quote, statementLabel } from './policy.js';

/** An AWS managed policy the rules know, by its path and name after `policy/` in its ARN, and why it matters. */
export interface ManagedPolicy {
  name: string;
  why: string;
}

/**
 * AWS managed policies that are administrator access, refused wherever
 * they are attached: each grants every action, or IAM actions enough to
 * grant itself every action.
 */
export const ADMIN_POLICIES: readonly ManagedPolicy[] = [
  { name: 'AdministratorAccess', why: 'allows every action on every resource (CKV_AWS_274)' },
  { name: 'IAMFullAccess', why: 'allows iam:* on every resource, so it can attach AdministratorAccess to itself (CKV2_AWS_56)' },
  {
    name: 'AdministratorAccess-Amplify',
    why: "creates IAM identities with any permissions and passes any role, which AWS's own Amplify guide says makes it as powerful as AdministratorAccess",
  },
];

/**
 * AWS managed policies that fall short of administrator access only by
 * what they leave out, held for a person: a role with one of these can
 * run, read, change and delete almost anything in the account.
 */
export const POWER_POLICIES: readonly ManagedPolicy[] = [
  { name: 'PowerUserAccess', why: 'allows every action except IAM, Organizations and account management (a NotAction on every resource)' },
  { name: 'job-function/SystemAdministrator', why: "is AWS's job-function policy for system administrators: create and run resources across most services" },
  { name: 'AWSOrganizationsFullAccess', why: 'allows organizations:*: create and move accounts and change the service control policies that cap every account' },
  { name: 'AdministratorAccess-AWSElasticBeanstalk', why: "is administrator access, by AWS's own name, to Elastic Beanstalk and every resource beneath it" },
];

type Level = 'admin' | 'power';

const BY_NAME = new Map<string, { level: Level; policy: ManagedPolicy }>([
  ...ADMIN_POLICIES.map((policy) => [policy.name.toLowerCase(), { level: 'admin' as const, policy }] as const),
  ...POWER_POLICIES.map((policy) => [policy.name.toLowerCase(), { level: 'power' as const, policy }] as const),
]);

/** `arn:<partition>:iam::aws:policy/<path/><name>`: an AWS managed policy, in any partition (aws, aws-us-gov, aws-cn, ...). */
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\/(.+)$/i;

/**
 * The AWS managed policy an ARN names, if it is one of the tables'.
 * Compared case-insensitively (IAM policy names are unique regardless of
 * case) and trimmed.
 */
export function managedPolicy(arn: string): { level: Level; policy: ManagedPolicy } | undefined {
  const m = AWS_MANAGED.exec(arn.trim());
  return m === null ? undefined : BY_NAME.get(m[1]!.replace(/^\/+/, '').toLowerCase());
}

/** A field of an attachment kind that names managed policies, with its reference and selector. */
interface AttachmentField {
  service: string;
  kind: string;
  field: string;
  /** The field is a list of ARNs. */
  list?: true;
  ref?: string;
  selector?: string;
}

const ATTACHMENTS: readonly AttachmentField[] = [
  { service: 'iam', kind: 'RolePolicyAttachment', field: 'policyArn', ref: 'policyArnRef', selector: 'policyArnSelector' },
  { service: 'iam', kind: 'UserPolicyAttachment', field: 'policyArn', ref: 'policyArnRef', selector: 'policyArnSelector' },
  { service: 'iam', kind: 'GroupPolicyAttachment', field: 'policyArn', ref: 'policyArnRef', selector: 'policyArnSelector' },
  { service: 'iam', kind: 'Role', field: 'managedPolicyArns', list: true, ref: 'managedPolicyArnsRefs', selector: 'managedPolicyArnsSelector' },
  { service: 'ssoadmin', kind: 'ManagedPolicyAttachment', field: 'managedPolicyArn' },
];

const EXTERNAL_NAME = 'crossplane.io/external-name';
const POLICY_REF = 'aws/iam/Policy';

const KINDS: readonly KindRef[] = [
  ...ATTACHMENTS.map((a): KindRef => ({ cloud: 'aws', service: a.service, kind: a.kind })),
  { cloud: 'aws', service: 'iam', kind: 'Policy' },
];

/**
 * What attachments name: the composed iam Policies of the request, desired
 * (carried by an Object too, in any placement: a reference may reach one in
 * the same cluster) and observed ones no longer desired, by Kubernetes name,
 * labels and the ARN they adopt (`crossplane.io/external-name`, trimmed).
 */
const POLICIES: RefTarget = {
  kinds: [POLICY_REF],
  ids: (c) => [externalName(c.object), externalName(c.observed)],
  compare: (arn) => arn.trim(),
  anywhere: true,
  leftovers: true,
};

/** The composed Policies one name picks: every one (the rules report each). */
const picks = (ctx: RuleContext, named: readonly Named[]) => resolve(ctx, selfOf(ctx) ?? { placement: placementOf([]), type: ctx.type, object: ctx.resource, at: ctx.at }, named, POLICIES, { limit: Number.POSITIVE_INFINITY });

/** What a composed Policy grants at `level`, in words, or undefined. */
function grants(target: Candidate, level: Level): string | undefined {
  const external = externalName(target.object) ?? externalName(target.observed);
  const adopted = external === undefined ? undefined : managedPolicy(external);
  if (adopted?.level === level) return `adopts the AWS managed policy ${adopted.policy.name} through ${EXTERNAL_NAME} (it ${adopted.policy.why})`;
  if (level !== 'admin') return undefined;
  for (const d of documentsOf(target.object, POLICY_REF)) {
    const stmt = d.policy?.statements.find((s) => s.effect === 'Allow' && coversEveryAction(s));
    if (stmt !== undefined) return `allows every action (${statementLabel(stmt)} of ${d.path})`;
  }
  return undefined;
}

const ADVICE = 'attach a policy that lists the actions the workload needs';

/** Reports every managed policy of `level` the resource attaches, or, for an iam Policy, adopts. */
function judge(ctx: RuleContext, level: Level): void {
  const advice = level === 'admin' ? ADVICE : `${ADVICE}, or have a human approve it`;
  // An iam Policy that adopts an AWS managed policy is judged even when observe-only: observing it is how an
  // attachment elsewhere (another XR's, by name) would reach it, and it changes nothing anyone needs.
  if (ctx.type.ref === POLICY_REF) {
    const externalName = getPath(ctx.resource, ['metadata', 'annotations', EXTERNAL_NAME]);
    const adopted = typeof externalName === 'string' ? managedPolicy(externalName) : undefined;
    if (adopted?.level === level) {
      const path = formatFieldPath(['metadata', 'annotations', EXTERNAL_NAME]);
      ctx.unsafe(
        path,
        `${path} adopts the AWS managed policy ${adopted.policy.name}, which ${adopted.policy.why}; an AWS managed policy is attached by its ARN where it is needed, never adopted into a composition, so remove the annotation`,
      );
    }
    return;
  }
  if (observeOnly(ctx.resource) || !readable(ctx)) return; // an observe-only attachment attaches nothing
  for (const a of ATTACHMENTS) {
    if (ctx.type.ref !== `aws/${a.service}/${a.kind}`) continue;
    for (const { path, segments, value } of explicitParams(ctx.resource, [a.field])) {
      const arns: { at: string; value: unknown }[] = a.list === undefined ? [{ at: path, value }] : Array.isArray(value) ? value.map((v, i) => ({ at: formatFieldPath([...segments, i]), value: v })) : [];
      if (a.list !== undefined && !Array.isArray(value) && level === 'admin') ctx.unsafe(path, `${path} must be a list of policy ARNs, got ${describe(value)}`);
      for (const { at, value: arn } of arns) {
        if (typeof arn !== 'string') {
          if (level === 'admin') ctx.unsafe(at, `${at} must be a policy ARN (a string), got ${describe(arn)}`);
          continue;
        }
        const managed = managedPolicy(arn);
        if (managed?.level === level) {
          ctx.unsafe(at, `${at} attaches the AWS managed policy ${managed.policy.name} (${quote(arn.trim())}), which ${managed.policy.why}; ${advice}`);
          continue;
        }
        for (const t of picks(ctx, [{ how: 'id', path: at, value: arn }]).flatMap((r) => r.found)) {
          const what = grants(t, level);
          if (what !== undefined) ctx.unsafe(at, `${at} names the ARN of iam Policy "${t.name}", which ${what}; ${advice}`);
        }
      }
    }
    // References (`policyArnRef`, or a list in `managedPolicyArnsRefs`) and selectors (`policyArnSelector`): every composed Policy each picks.
    for (const r of picks(ctx, namedBy(ctx.resource, { ref: a.ref, selector: a.selector }))) {
      const path = r.how === 'ref' ? `${r.path}.name` : r.path;
      for (const t of r.found) {
        const what = grants(t, level);
        if (what !== undefined) ctx.unsafe(path, `${path} ${r.how === 'ref' ? 'refers to' : 'selects'} iam Policy "${t.name}", which ${what}; ${advice}`);
      }
    }
  }
}

const list = (policies: readonly ManagedPolicy[]) => policies.map((p) => `\`${p.name}\` (${p.why})`).join('; ');

const HOW =
  'by ARN in any partition (`arn:aws:`, `arn:aws-us-gov:`, `arn:aws-cn:`, compared case-insensitively) in RolePolicyAttachment, UserPolicyAttachment and GroupPolicyAttachment `policyArn`, Role `managedPolicyArns` and SSO Admin ManagedPolicyAttachment `managedPolicyArn`; or by `policyArnRef`/`managedPolicyArnsRefs` (matched on metadata.name) or `policyArnSelector`/`managedPolicyArnsSelector` (matchLabels; one without labels picks any Policy) to a composed iam Policy that adopts one through `crossplane.io/external-name`, or by the ARN such a Policy adopts. It also judges the iam Policy that adopts one, observe-only or not: observing it is how an attachment in another composition would reach it by name.';

export const iamAdminAttachment = defineRule({
  id: 'aws-iam-admin-attachment',
  title: 'AWS managed administrator policies are not attached',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses attaching an AWS managed policy that is administrator access: ${list(ADMIN_POLICIES)}. Reads it ${HOW} A reference or selector to a composed iam Policy whose own document allows every action is refused too (the Policy itself is refused by \`aws-iam-admin-wildcard\`). A reference to a Policy outside this composition cannot be seen, and passes; where that Policy is composed, this rule judges its adoption.`,
  references: { checkov: ['CKV_AWS_274', 'CKV2_AWS_56'], trivy: [] },
  kinds: KINDS,
  // An observe-only Policy that adopts an AWS managed policy is judged too (see judge); attachments skip observe-only themselves.
  reads: 'object',
  check: (ctx) => judge(ctx, 'admin'),
}) satisfies Rule;

export const iamPowerUserAttachment = defineRule({
  id: 'aws-iam-power-user-attachment',
  title: 'Broad AWS managed policies are attached only with approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval attaching an AWS managed policy that falls short of administrator access only by what it leaves out: ${list(POWER_POLICIES)}. Reads it the way \`aws-iam-admin-attachment\` does: ${HOW}`,
  references: { checkov: [], trivy: [] },
  kinds: KINDS,
  reads: 'object',
  check: (ctx) => judge(ctx, 'power'),
}) satisfies Rule;

/**
 * Long-lived credentials an agent could mint for itself or a user it
 * controls: a secret that works from anywhere until someone deletes it.
 * Kinds from provider-upjet-aws (both groups).
 */
export const CREDENTIAL_KINDS: readonly (ProviderKindRef & { what: string })[] = [
  { cloud: 'aws', service: 'iam', kind: 'AccessKey', what: 'an IAM access key: whoever reads its connection secret acts as the user, from anywhere' },
  { cloud: 'aws', service: 'iam', kind: 'UserLoginProfile', what: 'a console password for an IAM user' },
  { cloud: 'aws', service: 'iam', kind: 'ServiceSpecificCredential', what: 'a service-specific credential (CodeCommit, Keyspaces) for an IAM user' },
  { cloud: 'aws', service: 'iam', kind: 'SigningCertificate', what: 'an X.509 signing certificate that signs requests as an IAM user' },
  { cloud: 'aws', service: 'iam', kind: 'UserSSHKey', what: 'an SSH public key that authenticates as an IAM user (CodeCommit)' },
  { cloud: 'aws', service: 'transfer', kind: 'SSHKey', what: 'an SSH key for a Transfer Family user, which reaches the S3 or EFS data behind it' },
];

export const iamLongLivedCredentials = defineRule({
  id: 'aws-iam-long-lived-credentials',
  title: 'Long-lived credentials are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval every resource that mints a long-lived credential: ${CREDENTIAL_KINDS.map((c) => `${c.service} ${c.kind} (${c.what})`).join('; ')}. An agent that mints one for itself keeps that access until someone deletes it, outside any role session; workloads should use roles (IRSA, EKS Pod Identity, instance profiles). An observe-only resource mints nothing and passes. The nearest scanner checks (Checkov CKV_AWS_348, Trivy AWS-0141) refuse access keys for the root user; this rule holds every one.`,
  references: { checkov: ['CKV_AWS_348'], trivy: ['AWS-0141'] },
  kinds: CREDENTIAL_KINDS.map(({ cloud, service, kind }) => ({ cloud, service, kind })),
  check(ctx) {
    const c = CREDENTIAL_KINDS.find((c) => ctx.type.ref === `aws/${c.service}/${c.kind}`);
    if (c === undefined) return;
    ctx.unsafe('spec.forProvider', `this ${c.service} ${c.kind} mints ${c.what}, a credential that lasts until someone deletes it; use a role the workload assumes instead, or have a human approve it`);
  },
}) satisfies Rule;

/** The attachment and credential rules, in evaluation order. */
export const IAM_GRANT_RULES = [iamAdminAttachment, iamPowerUserAttachment, iamLongLivedCredentials] as const satisfies readonly Rule[];
