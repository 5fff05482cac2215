/**
 * IAM: an agent must not be able to mint itself power. These rules read the
 * policy documents an IAM resource carries, JSON strings parsed by
 * `policy.ts`: a Policy's, RolePolicy's, UserPolicy's and GroupPolicy's
 * `policy`, a Role's `inlinePolicy[].policy` (identity policies) and its
 * `assumeRolePolicy` (the trust policy).
 *
 * A document the rules cannot read is reported once per field, by
 * `aws-iam-policy-document`; the other rules skip it. A Deny statement is
 * never a violation. Conditions in identity policies are not taken to limit
 * what a statement grants: they rarely limit who acts, and a human should
 * judge the ones that do.
 */
import { formatFieldPath, isObject } from '../../engine/fieldpath.js';
import { service } from '../../engine/gvk.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, observeOnly, readable } from '../params.js';
import {
  actionMatches,
  anyPrincipal,
  conditionKeys,
  coversAction,
  coversEveryAction,
  coversEveryResource,
  describePrincipals,
  describeResources,
  list,
  matchesEveryAction,
  matchesEveryResource,
  narrowingKeys,
  parsePolicy,
  quote,
  reachesUnnamed,
  statementLabel,
  type DocumentKind,
  type PolicyDocument,
  type ResourceType,
  type Statement,
} from './policy.js';

/** A field that holds a policy document, and which document it is. */
interface PolicyField {
  field: string;
  kind: DocumentKind;
  /** What the message calls it: `IAM policy`, `trust policy`, `bucket policy`. */
  name: string;
  /** A list of `{name, policy}` (a Role's `inlinePolicy`), each `policy` a document. */
  inline?: true;
}

const IDENTITY_POLICY: readonly PolicyField[] = [{ field: 'policy', kind: 'identity', name: 'IAM policy' }];

/**
 * Every policy-document field the guardrails read, by `service/Kind`
 * (provider-upjet-aws; the same in `*.aws.upbound.io` and
 * `*.aws.m.upbound.io`, v1beta1 in both).
 */
const POLICY_FIELDS: ReadonlyMap<string, readonly PolicyField[]> = new Map([
  ['iam/Policy', IDENTITY_POLICY],
  ['iam/RolePolicy', IDENTITY_POLICY],
  ['iam/UserPolicy', IDENTITY_POLICY],
  ['iam/GroupPolicy', IDENTITY_POLICY],
  [
    'iam/Role',
    [
      { field: 'assumeRolePolicy', kind: 'trust', name: 'trust policy' },
      { field: 'inlinePolicy', kind: 'identity', name: 'IAM policy', inline: true },
    ],
  ],
  ['s3/BucketPolicy', [{ field: 'policy', kind: 'resource', name: 'bucket policy' }]],
  ['kms/Key', [{ field: 'policy', kind: 'resource', name: 'key policy' }]],
]);

/** One policy document of a resource, where it is, and either the document or why it cannot be read. */
export type Located = { path: string; kind: DocumentKind } & ({ policy: PolicyDocument; problem?: undefined } | { problem: string; policy?: undefined });

/**
 * The policy documents of the resource, forProvider's then initProvider's,
 * in field order. Empty (after reporting it) when the spec cannot be read,
 * and empty for an observe-only resource (managementPolicies without `*`,
 * `Create` or `Update`), which changes nothing in AWS.
 */
export function policyDocuments(ctx: RuleContext): Located[] {
  if (!readable(ctx) || !changesAws(ctx)) return [];
  const out: Located[] = [];
  for (const f of POLICY_FIELDS.get(`${service(ctx.type)}/${ctx.type.kind}`) ?? []) {
    for (const { path, segments, value } of explicitParams(ctx.resource, [f.field])) {
      if (f.inline === undefined) {
        out.push(read(path, value, f));
        continue;
      }
      if (!Array.isArray(value)) {
        out.push({ path, kind: f.kind, problem: `${path} must be a list of inline policies ({name, policy}), got ${describe(value)}` });
        continue;
      }
      value.forEach((item: unknown, i) => {
        const at = formatFieldPath([...segments, i]);
        if (!isObject(item)) out.push({ path: at, kind: f.kind, problem: `${at} must be an object with name and policy, got ${describe(item)}` });
        else if (item.policy !== undefined && item.policy !== null) out.push(read(`${at}.policy`, item.policy, f));
      });
    }
  }
  return out;
}

function read(path: string, value: unknown, f: PolicyField): Located {
  const fail = (problem: string): Located => ({ path, kind: f.kind, problem });
  if (typeof value !== 'string') return fail(`${path} must be ${article(f.name)} ${f.name} document as a JSON string, got ${describe(value)}`);
  const parsed = parsePolicy(value, f.kind);
  if (parsed.ok) return { path, kind: f.kind, policy: parsed.policy };
  switch (parsed.error) {
    case 'empty':
      return fail(`${path} is an empty string, not ${article(f.name)} ${f.name} document`);
    case 'syntax':
      return fail(`${path} is not valid JSON (${parsed.detail}), so the ${f.name} cannot be checked; write it as a JSON document`);
    case 'invalid':
      return fail(`${path} is not a valid ${f.name} document, so it cannot be checked: ${list(parsed.problems, 5, '; ')}`);
  }
}

const article = (noun: string) => (/^[AEIOU]/.test(noun) ? 'an' : 'a');

/** False for an observe-only resource; true when managementPolicies is absent or unreadable (fail closed). */
function changesAws(ctx: RuleContext): boolean {
  return !observeOnly(ctx.resource);
}

/** The Allow statements of the readable documents of one kind. */
function allows(docs: readonly Located[], kind: DocumentKind): { path: string; policy: PolicyDocument; stmt: Statement }[] {
  return docs.flatMap((d) =>
    d.policy !== undefined && d.kind === kind ? d.policy.statements.filter((s) => s.effect === 'Allow').map((stmt) => ({ path: d.path, policy: d.policy, stmt })) : [],
  );
}

const iam = (kind: string): KindRef => ({ cloud: 'aws', service: 'iam', kind });
const IDENTITY_KINDS: readonly KindRef[] = [iam('Policy'), iam('RolePolicy'), iam('UserPolicy'), iam('GroupPolicy'), iam('Role')];

export const iamPolicyDocument = defineRule({
  id: 'aws-iam-policy-document',
  title: 'Policy documents are readable',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a policy document the guardrails cannot read the way AWS does: a `policy`, `assumeRolePolicy` or `inlinePolicy[].policy` that is not a string, not JSON, or not a valid policy document (an element of the wrong type or in the wrong case, a key given twice, an Effect other than `Allow` or `Deny`, an identity policy with a Principal or without a Resource, a trust policy with a Resource or without a Principal, a bucket or key policy without either). Covers the IAM kinds and S3 BucketPolicy and KMS Key `policy`. The other policy rules skip a document they cannot read, so each broken document is reported once, here. An unreadable policy is never passed as compliant (Checkov passes one it cannot parse); the references are the checks whose input this rule guards.',
  references: { checkov: ['CKV_AWS_62', 'CKV_AWS_60', 'CKV_AWS_70', 'CKV_AWS_33'], trivy: [] },
  kinds: [...IDENTITY_KINDS, { cloud: 'aws', service: 's3', kind: 'BucketPolicy' }, { cloud: 'aws', service: 'kms', kind: 'Key' }],
  check(ctx) {
    for (const d of policyDocuments(ctx)) if (d.problem !== undefined) ctx.unsafe(d.path, d.problem);
  },
}) satisfies Rule;

export const iamAdminWildcard = defineRule({
  id: 'aws-iam-admin-wildcard',
  title: 'IAM policies do not allow every action',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an identity policy statement that allows every action: `Action` `*`, `*:*` (or any pattern of wildcards only), or a `NotAction`, which allows everything it does not list. On `Resource` `*` (or a NotResource) that is full administrator access (CKV_AWS_62, CKV_AWS_1); on named resources it is still every action on them, their policies and permissions included (CKV_AWS_63). Conditions do not excuse it. Reads Policy, RolePolicy, UserPolicy and GroupPolicy `policy` and Role `inlinePolicy[].policy`.',
  references: { checkov: ['CKV_AWS_62', 'CKV_AWS_1', 'CKV_AWS_63'], trivy: ['AWS-0057'] },
  kinds: IDENTITY_KINDS,
  check(ctx) {
    for (const { path, stmt } of allows(policyDocuments(ctx), 'identity')) {
      if (!coversEveryAction(stmt)) continue;
      const admin = coversEveryResource(stmt);
      const what = stmt.actions.not
        ? `every action except ${list(stmt.actions.patterns.map(quote))} (NotAction)`
        : `every action (Action ${list(stmt.actions.patterns.filter(matchesEveryAction).map(quote))})`;
      const fix = stmt.actions.not ? 'list the actions the workload needs in Action instead' : 'list only the actions the workload needs';
      ctx.unsafe(path, `${statementLabel(stmt)} allows ${what} on ${describeResources(stmt)}${admin ? ', full administrator access' : ''}; ${fix}${admin ? ', on the ARNs they act on' : ''}`);
    }
  },
}) satisfies Rule;

/** Actions that assume a role: what a trust policy grants. */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/**
 * Condition keys that limit who may assume a role to fixed principals: an
 * organization, account or ARN of the caller, or the account or ARN a
 * service acts for. `sts:ExternalId` is not one: it is a shared string,
 * and anyone who learns it passes.
 */
const TRUST_NARROWING = new Set(
  ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'].map((k) =>
    k.toLowerCase(),
  ),
);

/** Allow statements of the trust policy that let any principal assume the role, with the assume actions and the keys that narrow them. */
function openTrust(docs: readonly Located[]): { path: string; stmt: Statement; actions: string[]; narrowed: string[] }[] {
  return allows(docs, 'trust').flatMap(({ path, stmt }) => {
    const actions = ASSUME_ACTIONS.filter((a) => coversAction(stmt, a));
    if (actions.length === 0 || !anyPrincipal(stmt)) return [];
    return [{ path, stmt, actions, narrowed: narrowingKeys(stmt, TRUST_NARROWING) }];
  });
}

/** `with no Condition`, or `and its Condition on sts:ExternalId does not limit who`. */
export function conditionNote(stmt: Statement): string {
  const keys = conditionKeys(stmt);
  return keys.length === 0 ? 'with no Condition' : `and its Condition on ${list(keys)} does not limit who`;
}

export const iamTrustAnyPrincipal = defineRule({
  id: 'aws-iam-trust-any-principal',
  title: 'Roles cannot be assumed by anyone',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a Role whose trust policy (`assumeRolePolicy`) lets any principal assume it: an Allow of `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML` (or an Action or NotAction that covers one) to `Principal` `*`, to any principal with a `*` in it (`{"AWS": "*"}`, `arn:aws:iam::*:root`), or to everyone but a NotPrincipal, unless a Condition limits the caller to fixed values of `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths` (a positive operator, not `...IfExists` nor `ForAllValues:`, no wildcards). A role open to every principal of an organization that way is held for approval by `aws-iam-privilege-escalation` instead. `sts:ExternalId` alone does not limit who: anyone who learns it passes.',
  references: { checkov: ['CKV_AWS_60'], trivy: [] },
  kinds: [iam('Role')],
  check(ctx) {
    for (const { path, stmt, actions, narrowed } of openTrust(policyDocuments(ctx))) {
      if (narrowed.length > 0) continue;
      ctx.unsafe(
        path,
        `${statementLabel(stmt)} lets any principal (${describePrincipals(stmt)}) assume this role (${actions.join(', ')}) ${conditionNote(stmt)}; name the principals that need it (an account, a role ARN, a service), or limit it with a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn`,
      );
    }
  },
}) satisfies Rule;

/** An action that lets whoever holds it on resources it does not name gain more power than the policy shows. */
export interface Escalation {
  action: string;
  /** The resources it acts on. */
  on: ResourceType;
  /** What it lets a principal do, for the rules reference. */
  why: string;
}

const ROLE: ResourceType = { service: 'iam', global: true, prefix: 'role/' };
const USER: ResourceType = { service: 'iam', global: true, prefix: 'user/' };
const GROUP: ResourceType = { service: 'iam', global: true, prefix: 'group/' };
const POLICY: ResourceType = { service: 'iam', global: true, prefix: 'policy/' };

/**
 * Privilege-escalation actions (Rhino Security Labs' methods, as
 * cloudsplaining and CKV_AWS_286 list them, plus permissions boundaries):
 * each is enough on its own when it reaches resources its author did not
 * name. `iam:CreatePolicy` and `iam:CreateRole` are not here: a new policy
 * or role grants nothing until it is attached or assumed, which the actions
 * below cover.
 */
export const ESCALATIONS: readonly Escalation[] = [
  { action: 'iam:PassRole', on: ROLE, why: 'hand any role to a service it controls, such as EC2, Lambda, ECS or CloudFormation, and act as that role' },
  { action: 'iam:AttachRolePolicy', on: ROLE, why: 'attach any managed policy, AdministratorAccess included, to a role' },
  { action: 'iam:PutRolePolicy', on: ROLE, why: 'write any inline policy into a role' },
  { action: 'iam:UpdateAssumeRolePolicy', on: ROLE, why: 'make any role assumable by itself' },
  { action: 'iam:PutRolePermissionsBoundary', on: ROLE, why: 'replace the permissions boundary that caps a role' },
  { action: 'iam:DeleteRolePermissionsBoundary', on: ROLE, why: 'remove the permissions boundary that caps a role' },
  { action: 'iam:AttachUserPolicy', on: USER, why: 'attach any managed policy to a user' },
  { action: 'iam:PutUserPolicy', on: USER, why: 'write any inline policy into a user' },
  { action: 'iam:CreateAccessKey', on: USER, why: 'mint access keys for any user' },
  { action: 'iam:CreateLoginProfile', on: USER, why: 'give any user a console password' },
  { action: 'iam:UpdateLoginProfile', on: USER, why: "reset any user's console password" },
  { action: 'iam:PutUserPermissionsBoundary', on: USER, why: 'replace the permissions boundary that caps a user' },
  { action: 'iam:DeleteUserPermissionsBoundary', on: USER, why: 'remove the permissions boundary that caps a user' },
  { action: 'iam:AddUserToGroup', on: GROUP, why: 'join any group, an administrators group included' },
  { action: 'iam:AttachGroupPolicy', on: GROUP, why: 'attach any managed policy to a group' },
  { action: 'iam:PutGroupPolicy', on: GROUP, why: 'write any inline policy into a group' },
  { action: 'iam:CreatePolicyVersion', on: POLICY, why: 'rewrite any managed policy, its own included' },
  { action: 'iam:SetDefaultPolicyVersion', on: POLICY, why: 'switch any managed policy to a more permissive version' },
  { action: 'sts:AssumeRole', on: ROLE, why: 'become any role that trusts the account' },
  { action: 'lambda:UpdateFunctionCode', on: { service: 'lambda', global: false, prefix: 'function:' }, why: "run its own code with any function's role" },
  { action: 'glue:UpdateDevEndpoint', on: { service: 'glue', global: false, prefix: 'devEndpoint/' }, why: "get a shell with any Glue development endpoint's role" },
];

/**
 * The escalation actions a statement grants on unnamed resources, less those
 * an unconditional Deny statement of the same document takes away
 * everywhere.
 */
function escalations(policy: PolicyDocument, stmt: Statement): Escalation[] {
  const denies = policy.statements.filter(
    (s) => s.effect === 'Deny' && s.conditions.length === 0 && s.resources !== undefined && !s.resources.not && s.resources.patterns.some(matchesEveryResource),
  );
  const reach = new Map<ResourceType, boolean>();
  const reaches = (on: ResourceType) => reach.get(on) ?? reach.set(on, reachesUnnamed(stmt, on)).get(on)!;
  return ESCALATIONS.filter((e) => coversAction(stmt, e.action) && !denies.some((d) => coversAction(d, e.action)) && reaches(e.on));
}

export const iamPrivilegeEscalation = defineRule({
  id: 'aws-iam-privilege-escalation',
  title: 'Privilege-escalation grants are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: [
    'Holds for approval an identity policy statement that allows a privilege-escalation action on resources its author did not name: `Resource` `*`, or any pattern that matches an arbitrary name (`arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:*`), or a NotResource. A pattern that names its resources, even with a wildcard after a prefix (`role/app-*`), passes. The actions, matched through wildcards (`iam:*`, `iam:Put*`):',
    ESCALATIONS.map((e) => `\`${e.action}\` (${e.why})`).join('; ') + '.',
    'A statement that allows every action is left to `aws-iam-admin-wildcard`, which refuses it; an escalation action an unconditional Deny of the same document takes away on every resource is not counted. Also holds a trust policy that lets any principal assume the role only under a Condition on the caller’s organization, account or ARN (see `aws-iam-trust-any-principal`): every principal that matches gains the role.',
  ].join(' '),
  references: { checkov: ['CKV_AWS_286', 'CKV_AWS_110', 'CKV_AWS_355'], trivy: [] },
  kinds: IDENTITY_KINDS,
  check(ctx) {
    const docs = policyDocuments(ctx);
    for (const { path, policy, stmt } of allows(docs, 'identity')) {
      if (coversEveryAction(stmt)) continue; // aws-iam-admin-wildcard refuses it
      const granted = escalations(policy, stmt);
      if (granted.length === 0) continue;
      const via = stmt.actions.patterns.filter((p) => granted.some((e) => actionMatches(p, e.action)));
      const exact = via.every((p) => granted.some((e) => p.trim().toLowerCase() === e.action.toLowerCase()));
      const names = list(
        granted.map((e) => e.action),
        6,
      );
      const why = granted.length === 1 ? `, a privilege-escalation path: it can ${granted[0]!.why}` : ': privilege-escalation paths';
      ctx.unsafe(path, `${statementLabel(stmt)} allows ${names}${exact ? '' : ` (through ${list(via.map(quote))})`} on ${describeResources(stmt)}${why}; scope Resource to the ARNs it needs, or have a human approve it`);
    }
    for (const { path, stmt, actions, narrowed } of openTrust(docs)) {
      if (narrowed.length === 0) continue; // aws-iam-trust-any-principal refuses it
      ctx.unsafe(
        path,
        `${statementLabel(stmt)} lets any principal (${describePrincipals(stmt)}) assume this role (${actions.join(', ')}), limited only by its Condition on ${list(narrowed)}; name the principals that need it, or have a human approve it`,
      );
    }
  },
}) satisfies Rule;

/** The IAM rules, in evaluation order: a broken document first, then what a readable one grants. */
export const IAM_RULES = [iamPolicyDocument, iamAdminWildcard, iamTrustAnyPrincipal, iamPrivilegeEscalation] as const satisfies readonly Rule[];
