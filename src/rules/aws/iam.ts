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
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { kindsWith, POLICY_FIELDS, policyDocuments, type Located } from './documents.js';
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
  MAX_DEPTH,
  MAX_DOCUMENT_LENGTH,
  matchesEveryResource,
  narrowingKeys,
  quote,
  reachesUnnamed,
  statementLabel,
  type DocumentKind,
  type PolicyDocument,
  type ResourceType,
  type Statement,
} from './policy.js';

/** The Allow statements of the readable documents of one kind. */
export function allows(docs: readonly Located[], document: DocumentKind): { path: string; policy: PolicyDocument; stmt: Statement }[] {
  return docs.flatMap((d) =>
    d.policy !== undefined && d.document === document ? d.policy.statements.filter((s) => s.effect === 'Allow').map((stmt) => ({ path: d.path, policy: d.policy, stmt })) : [],
  );
}

const iam = (kind: string): KindRef => ({ cloud: 'aws', service: 'iam', kind });
/** The kinds that carry identity policies: the IAM kinds, a Role's inline policies, an SSO permission set's inline policy. */
const IDENTITY_KINDS: readonly KindRef[] = kindsWith('identity');

export const iamPolicyDocument = defineRule({
  id: 'aws-iam-policy-document',
  title: 'Policy documents are readable',
  severity: 'high',
  defaultAction: 'Deny',
  description: `Refuses a policy document the guardrails cannot read the way AWS does: a policy field that is not a string, not JSON, or not a valid policy document (an element of the wrong type or in the wrong case, a key given twice, an Effect other than \`Allow\` or \`Deny\`, an identity policy with a Principal or without a Resource, a trust policy with a Resource or without a Principal, a resource policy without a Principal, or without a Resource where the service requires one: every one but ECR's), or one longer than ${MAX_DOCUMENT_LENGTH.toLocaleString('en-US')} characters or nested more than ${MAX_DEPTH} deep, which is refused before it is read. Reads every field of the policy-document table: ${POLICY_FIELDS.map((f) => `${f.service} ${f.kind} \`${f.field.join('.')}${f.inline ? '[].policy' : ''}\``).join(', ')}. The other policy rules skip a document they cannot read, so each broken document is reported once, here. An unreadable policy is never passed as compliant (Checkov passes one it cannot parse); the references are the checks whose input this rule guards.`,
  references: { checkov: ['CKV_AWS_62', 'CKV_AWS_60', 'CKV_AWS_70', 'CKV_AWS_33', 'CKV_AWS_168', 'CKV_AWS_169', 'CKV_AWS_32', 'CKV_AWS_167'], trivy: [] },
  kinds: kindsWith('identity', 'trust', 'resource', 'resource-implied'),
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
    'Refuses an identity policy statement that allows every action: `Action` `*`, `*:*` (or any pattern of wildcards only), or a `NotAction`, which allows everything it does not list. On `Resource` `*` (or a NotResource) that is full administrator access (CKV_AWS_62, CKV_AWS_1); on named resources it is still every action on them, their policies and permissions included (CKV_AWS_63). Conditions do not excuse it. Reads Policy, RolePolicy, UserPolicy and GroupPolicy `policy`, Role `inlinePolicy[].policy` and SSO Admin PermissionSetInlinePolicy `inlinePolicy`.',
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

/** The escalations an unconditional Deny of the document takes away on every resource; computed once per document. */
const deniedByDocument = new WeakMap<PolicyDocument, ReadonlySet<Escalation>>();

function deniedEverywhere(policy: PolicyDocument): ReadonlySet<Escalation> {
  let denied = deniedByDocument.get(policy);
  if (denied === undefined) {
    const denies = policy.statements.filter(
      (s) => s.effect === 'Deny' && s.conditions.length === 0 && s.resources !== undefined && !s.resources.not && s.resources.patterns.some(matchesEveryResource),
    );
    denied = new Set(ESCALATIONS.filter((e) => denies.some((d) => coversAction(d, e.action))));
    deniedByDocument.set(policy, denied);
  }
  return denied;
}

/**
 * The escalation actions a statement grants on unnamed resources, less those
 * an unconditional Deny statement of the same document takes away
 * everywhere. Linear in the document: the Deny statements are read once per
 * document, not once per statement.
 */
function escalations(policy: PolicyDocument, stmt: Statement): Escalation[] {
  const denied = deniedEverywhere(policy);
  const reach = new Map<ResourceType, boolean>();
  const reaches = (on: ResourceType) => reach.get(on) ?? reach.set(on, reachesUnnamed(stmt, on)).get(on)!;
  return ESCALATIONS.filter((e) => !denied.has(e) && coversAction(stmt, e.action) && reaches(e.on));
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
