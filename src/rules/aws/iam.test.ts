import { describe, expect, it } from 'vitest';
import { awsGroup, input, type Group } from '../../../test/builders.js';
import { finding as sharedFinding, jsonError, runFindingsCase, type FindingsCase as Case } from '../../../test/builders/aws-data.js';
import { UNREADABLE_RULE } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { ESCALATIONS, IAM_RULES, iamAdminWildcard, iamPolicyDocument, iamPrivilegeEscalation, iamTrustAnyPrincipal } from './iam.js';

/** A policy document as the JSON string a resource carries. */
const json = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** An IAM managed resource (IAM kinds have no region). `init` becomes spec.initProvider. */
function iamKind(kind: string, group: Group, forProvider: Record<string, unknown>, init?: Record<string, unknown>): KubeObject {
  return { apiVersion: `${awsGroup('iam', group)}/v1beta1`, kind, spec: { forProvider, ...(init !== undefined ? { initProvider: init } : {}) } };
}

const policy = (group: Group, doc: unknown) => iamKind('Policy', group, { policy: doc });
const rolePolicy = (group: Group, doc: unknown) => iamKind('RolePolicy', group, { policy: doc, roleSelector: { matchLabels: { role: 'app' } } });
const role = (group: Group, o: { trust?: unknown; inline?: unknown }) =>
  iamKind('Role', group, { ...(o.trust !== undefined ? { assumeRolePolicy: o.trust } : {}), ...(o.inline !== undefined ? { inlinePolicy: o.inline } : {}) });

/** A trust policy letting `principal` do `action`, with an optional Condition. */
const trust = (principal: unknown, extra: Record<string, unknown> = {}) => json({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const SERVICE_TRUST = trust({ Service: 'eks.amazonaws.com' });

const finding = (rule: Rule, path: string, message: string, action?: Finding['action']): Finding =>
  sharedFinding(rule, action ?? (rule.defaultAction as Finding['action']), path, message);

const FP = 'spec.forProvider.policy';
const ADMIN = (label: string, resources = 'Resource "*"', action = 'Action "*"') =>
  `${label} allows every action (${action}) on ${resources}, full administrator access; list only the actions the workload needs, on the ARNs they act on`;
const OPEN_TRUST_FIX = 'name the principals that need it (an account, a role ARN, a service), or limit it with a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn';
const ESCALATE_FIX = 'scope Resource to the ARNs it needs, or have a human approve it';
const PASS_ROLE_WHY = 'a privilege-escalation path: it can hand any role to a service it controls, such as EC2, Lambda, ECS or CloudFormation, and act as that role';

function groupCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  return [
    // aws-iam-admin-wildcard
    {
      name: at('Policy allowing * on *'),
      reason: 'full administrator access is refused outright',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', Resource: '*' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('Policy allowing *:* on *, with a Sid'),
      reason: '*:* is every action too; the message names the statement by index and Sid',
      resource: policy(group, json({ Sid: 'Admin', Effect: 'Allow', Action: ['*:*'], Resource: ['*'] })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0] (Sid "Admin")', 'Resource "*"', 'Action "*:*"'))],
    },
    {
      name: at('Policy allowing NotAction on *'),
      reason: 'NotAction allows everything it does not list (the PowerUserAccess shape)',
      resource: policy(group, json({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })),
      want: [
        finding(
          iamAdminWildcard,
          FP,
          'Statement[0] allows every action except "iam:*", "organizations:*" (NotAction) on Resource "*", full administrator access; list the actions the workload needs in Action instead, on the ARNs they act on',
        ),
      ],
    },
    {
      name: at('Policy allowing * on one bucket'),
      reason: 'every action on a named resource is still refused (CKV_AWS_63): it includes rewriting its policy',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] })),
      want: [finding(iamAdminWildcard, FP, 'Statement[0] allows every action (Action "*") on Resource "arn:aws:s3:::logs", "arn:aws:s3:::logs/*"; list only the actions the workload needs')],
    },
    {
      name: at('Policy allowing * on NotResource'),
      reason: 'everything but one resource is every resource for this purpose',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::audit' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]', 'NotResource "arn:aws:s3:::audit"'))],
    },
    {
      name: at('Policy allowing * on * under a Condition'),
      reason: 'a condition (here a region) does not make administrator access safe',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('Policy denying * on *'),
      reason: 'a Deny statement is never a violation',
      resource: policy(group, json({ Effect: 'Deny', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' })),
      want: [],
    },
    {
      name: at('Policy: two admin statements'),
      reason: 'each offending statement is named',
      resource: policy(group, json({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: 'arn:*' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[1]')), finding(iamAdminWildcard, FP, ADMIN('Statement[2]', 'Resource "arn:*"'))],
    },
    {
      name: at('Policy: admin and PassRole in one statement'),
      reason: 'the admin rule refuses it; the escalation rule does not report it again',
      resource: policy(group, json({ Effect: 'Allow', Action: ['iam:PassRole', '*'], Resource: '*' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('Policy: admin statement and a PassRole statement'),
      reason: 'each statement is reported by the rule it breaks',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]')), finding(iamPrivilegeEscalation, FP, `Statement[1] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('RolePolicy allowing * on *'),
      reason: 'a role inline policy as its own resource',
      resource: rolePolicy(group, json({ Effect: 'Allow', Action: '*', Resource: '*' })),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('UserPolicy allowing * on *'),
      reason: 'a user inline policy has the same field',
      resource: iamKind('UserPolicy', group, { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }), user: 'agent' }),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('GroupPolicy allowing * on *'),
      reason: 'a group inline policy has the same field',
      resource: iamKind('GroupPolicy', group, { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }), group: 'agents' }),
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('Role with an admin inline policy'),
      reason: 'each inlinePolicy[].policy is an identity policy; the path names the element',
      resource: role(group, {
        trust: SERVICE_TRUST,
        inline: [
          { name: 'read', policy: json({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
          { name: 'admin', policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) },
        ],
      }),
      want: [finding(iamAdminWildcard, 'spec.forProvider.inlinePolicy[1].policy', ADMIN('Statement[0]'))],
    },
    {
      name: at('Policy allowing * on * in initProvider'),
      reason: 'initProvider is applied at creation: an admin policy there is as real',
      resource: iamKind('Policy', group, { description: 'x' }, { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
      want: [finding(iamAdminWildcard, 'spec.initProvider.policy', ADMIN('Statement[0]'))],
    },

    // aws-iam-trust-any-principal
    {
      name: at('Role trusting Principal "*"'),
      reason: 'anyone in any account could assume the role',
      resource: role(group, { trust: trust('*') }),
      want: [finding(iamTrustAnyPrincipal, 'spec.forProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`)],
    },
    {
      name: at('Role trusting {"AWS": "*"}'),
      reason: 'the AWS form of any principal',
      resource: role(group, { trust: trust({ AWS: '*' }) }),
      want: [finding(iamTrustAnyPrincipal, 'spec.forProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal AWS "*") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`)],
    },
    {
      name: at('Role trusting a list with "*" in it'),
      reason: 'one wildcard among named principals opens the role to everyone; only the wildcard is named',
      resource: role(group, { trust: trust({ AWS: ['arn:aws:iam::123456789012:root', '*'], Service: 'ec2.amazonaws.com' }) }),
      want: [finding(iamTrustAnyPrincipal, 'spec.forProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal AWS "*") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`)],
    },
    {
      name: at('Role trusting every account root'),
      reason: 'a * inside a principal ARN is any account',
      resource: role(group, { trust: trust({ AWS: 'arn:aws:iam::*:root' }) }),
      want: [
        finding(iamTrustAnyPrincipal, 'spec.forProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal AWS "arn:aws:iam::*:root") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`),
      ],
    },
    {
      name: at('Role trusting "*" for sts:*'),
      reason: 'sts:* covers every way to assume a role, all named',
      resource: role(group, { trust: json({ Effect: 'Allow', Principal: '*', Action: 'sts:*' }) }),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'spec.forProvider.assumeRolePolicy',
          `Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML) with no Condition; ${OPEN_TRUST_FIX}`,
        ),
      ],
    },
    {
      name: at('Role trusting "*" for sts:AssumeRoleWithWebIdentity, lowercase'),
      reason: 'actions match case-insensitively',
      resource: role(group, { trust: json({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['STS:assumerolewithwebidentity'] }) }),
      want: [
        finding(iamTrustAnyPrincipal, 'spec.forProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal AWS "*") assume this role (sts:AssumeRoleWithWebIdentity) with no Condition; ${OPEN_TRUST_FIX}`),
      ],
    },
    {
      name: at('Role trusting "*" for sts:TagSession only'),
      reason: 'tagging a session is no way in',
      resource: role(group, { trust: json({ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }) }),
      want: [],
    },
    {
      name: at('Role trusting everyone but one account (NotPrincipal)'),
      reason: 'an Allow with NotPrincipal lets everyone else in',
      resource: role(group, { trust: json({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }) }),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'spec.forProvider.assumeRolePolicy',
          `Statement[0] lets any principal (NotPrincipal AWS "arn:aws:iam::111122223333:root") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`,
        ),
      ],
    },
    {
      name: at('Role trusting "*" with only an external ID'),
      reason: 'sts:ExternalId is a shared string, not an identity: anyone who learns it gets in',
      resource: role(group, { trust: trust({ AWS: '*' }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc123' } } }) }),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'spec.forProvider.assumeRolePolicy',
          `Statement[0] lets any principal (Principal AWS "*") assume this role (sts:AssumeRole) and its Condition on sts:ExternalId does not limit who; ${OPEN_TRUST_FIX}`,
        ),
      ],
    },
    {
      name: at('Role trusting "*" with PrincipalOrgID IfExists'),
      reason: 'IfExists passes for a caller outside any organization',
      resource: role(group, { trust: trust('*', { Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } }) }),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'spec.forProvider.assumeRolePolicy',
          `Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole) and its Condition on aws:PrincipalOrgID does not limit who; ${OPEN_TRUST_FIX}`,
        ),
      ],
    },
    {
      name: at('Role trusting "*" within one organization'),
      reason: 'limited to a fixed organization it may be legitimate, so a human approves it instead of a refusal',
      resource: role(group, { trust: trust('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }) }),
      want: [
        finding(
          iamPrivilegeEscalation,
          'spec.forProvider.assumeRolePolicy',
          'Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole), limited only by its Condition on aws:PrincipalOrgID; name the principals that need it, or have a human approve it',
        ),
      ],
    },
    {
      name: at('Role trusting "*" within an organization written with a wildcard'),
      reason: 'o-* is every organization',
      resource: role(group, { trust: trust('*', { Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }) }),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'spec.forProvider.assumeRolePolicy',
          `Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole) and its Condition on aws:PrincipalOrgID does not limit who; ${OPEN_TRUST_FIX}`,
        ),
      ],
    },
    {
      name: at('Role trust denying "*"'),
      reason: 'a Deny statement is never a violation',
      resource: role(group, { trust: json({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }),
      want: [],
    },
    {
      name: at('Role trusting a service'),
      reason: 'the normal case: a named service principal',
      resource: role(group, { trust: SERVICE_TRUST }),
      want: [],
    },
    {
      name: at('Role trusting "*" in initProvider'),
      reason: 'a trust policy set at creation counts',
      resource: iamKind('Role', group, {}, { assumeRolePolicy: trust('*') }),
      want: [finding(iamTrustAnyPrincipal, 'spec.initProvider.assumeRolePolicy', `Statement[0] lets any principal (Principal "*") assume this role (sts:AssumeRole) with no Condition; ${OPEN_TRUST_FIX}`)],
    },

    // aws-iam-privilege-escalation
    {
      name: at('Policy allowing iam:PassRole on *'),
      reason: 'passing any role to a service it runs is the classic escalation',
      resource: policy(group, json({ Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing iam:* on *'),
      reason: 'a service wildcard grants every IAM escalation; the message names the pattern and counts the rest',
      resource: policy(group, json({ Sid: 'IamAll', Effect: 'Allow', Action: 'iam:*', Resource: '*' })),
      want: [
        finding(
          iamPrivilegeEscalation,
          FP,
          `Statement[0] (Sid "IamAll") allows iam:PassRole, iam:AttachRolePolicy, iam:PutRolePolicy, iam:UpdateAssumeRolePolicy, iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary and 12 more (through "iam:*") on Resource "*": privilege-escalation paths; ${ESCALATE_FIX}`,
        ),
      ],
    },
    {
      name: at('Policy allowing iam:Pass* on *'),
      reason: 'a wildcard that covers PassRole is PassRole',
      resource: policy(group, json({ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole (through "iam:Pass*") on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing iam:passrole in lowercase'),
      reason: 'actions match case-insensitively; an exact name needs no "through"',
      resource: policy(group, json({ Effect: 'Allow', Action: 'iam:passrole', Resource: '*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing two escalations'),
      reason: 'both are named',
      resource: policy(group, json({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:AttachUserPolicy'], Resource: '*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:AttachUserPolicy, iam:CreateAccessKey on Resource "*": privilege-escalation paths; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing sts:AssumeRole on *'),
      reason: 'becoming any role that trusts the account',
      resource: policy(group, json({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows sts:AssumeRole on Resource "*", a privilege-escalation path: it can become any role that trusts the account; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing iam:PassRole on every role of the account'),
      reason: 'role/* reaches roles nobody named: as wide as *',
      resource: policy(group, json({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on Resource "arn:aws:iam::123456789012:role/*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing iam:PassRole on NotResource'),
      reason: 'every role but the listed ones',
      resource: policy(group, json({ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::123456789012:role/admin' })),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on NotResource "arn:aws:iam::123456789012:role/admin", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy allowing iam:PassRole on named roles'),
      reason: 'the fix: scoped to roles the author named (an exact ARN, a name prefix)',
      resource: policy(
        group,
        json({
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: ['arn:aws:iam::123456789012:role/app-*', 'arn:aws:iam::123456789012:role/ci-runner'],
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        }),
      ),
      want: [],
    },
    {
      name: at('Policy allowing iam:* on *, with iam:* denied'),
      reason: 'an unconditional Deny of the same document takes the escalations away',
      resource: policy(group, json({ Effect: 'Allow', Action: ['iam:*', 's3:*'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' })),
      want: [],
    },
    {
      name: at('Policy allowing iam:PassRole on *, denied only under a Condition'),
      reason: 'a conditional Deny may not apply: the grant stands',
      resource: policy(
        group,
        json({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      ),
      want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
    },
    {
      name: at('Policy denying iam:PassRole on *'),
      reason: 'a Deny statement is never a violation',
      resource: policy(group, json({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' })),
      want: [],
    },
    {
      name: at('Policy allowing reads on *'),
      reason: 'no escalation action: the provider example (ec2:Describe*) passes',
      resource: policy(group, json({ Effect: 'Allow', Action: ['ec2:Describe*', 'elastic-inference:Connect', 'iam:Get*', 'iam:List*'], Resource: '*' })),
      want: [],
    },
    {
      name: at('Role inline policy allowing lambda:UpdateFunctionCode on *'),
      reason: 'running its own code with any function’s role; escalations in a Role’s inline policy are held too',
      resource: role(group, { trust: SERVICE_TRUST, inline: [{ name: 'deploy', policy: json({ Effect: 'Allow', Action: 'lambda:Update*', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:*' }) }] }),
      want: [
        finding(
          iamPrivilegeEscalation,
          'spec.forProvider.inlinePolicy[0].policy',
          `Statement[0] allows lambda:UpdateFunctionCode (through "lambda:Update*") on Resource "arn:aws:lambda:eu-west-1:123456789012:function:*", a privilege-escalation path: it can run its own code with any function's role; ${ESCALATE_FIX}`,
        ),
      ],
    },

    // aws-iam-policy-document
    {
      name: at('Policy not JSON'),
      reason: 'unparseable policy JSON is refused with a message that says so, and reported once (not by every rule)',
      resource: policy(group, '{"Version": "2012-10-17", Statement: []}'),
      want: [finding(iamPolicyDocument, FP, `${FP} is not valid JSON (${jsonError('{"Version": "2012-10-17", Statement: []}')}), so the IAM policy cannot be checked; write it as a JSON document`)],
    },
    {
      name: at('Policy an object'),
      reason: 'a policy written as YAML structure where Upjet wants a JSON string',
      resource: policy(group, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      want: [finding(iamPolicyDocument, FP, `${FP} must be an IAM policy document as a JSON string, got an object`)],
    },
    {
      name: at('Policy an empty string'),
      reason: 'nothing to read is not a pass',
      resource: policy(group, ''),
      want: [finding(iamPolicyDocument, FP, `${FP} is an empty string, not an IAM policy document`)],
    },
    {
      name: at('Policy with a malformed statement'),
      reason: 'valid JSON but not a policy: the problem is named precisely',
      resource: policy(group, json({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'allow', Action: ['s3:GetObject', 3], Resource: '*' })),
      want: [
        finding(
          iamPolicyDocument,
          FP,
          `${FP} is not a valid IAM policy document, so it cannot be checked: Statement[1].Effect must be "Allow" or "Deny", got "allow"; Statement[1].Action must be a string or a list of strings, but Statement[1].Action[1] is number 3`,
        ),
      ],
    },
    {
      name: at('Policy with a duplicated Action'),
      reason: 'which of the two AWS keeps is not ours to guess',
      resource: policy(group, '{"Statement":[{"Effect":"Allow","Action":"*","Action":"s3:GetObject","Resource":"*"}]}'),
      want: [finding(iamPolicyDocument, FP, `${FP} is not a valid IAM policy document, so it cannot be checked: Statement[0] has "Action" twice`)],
    },
    {
      name: at('Policy with a Principal'),
      reason: 'an identity policy names no principal; IAM would refuse it',
      resource: policy(group, json({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' })),
      want: [finding(iamPolicyDocument, FP, `${FP} is not a valid IAM policy document, so it cannot be checked: Statement[0] has a Principal, which an identity policy must not have`)],
    },
    {
      name: at('Policy a number in initProvider'),
      reason: 'initProvider is read with the same care',
      resource: iamKind('Policy', group, {}, { policy: 42 }),
      want: [finding(iamPolicyDocument, 'spec.initProvider.policy', 'spec.initProvider.policy must be an IAM policy document as a JSON string, got number 42')],
    },
    {
      name: at('Role with a broken trust policy and a broken inline policy'),
      reason: 'each field is reported once, on its own path',
      resource: role(group, { trust: json({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), inline: [{ name: 'x', policy: 'not json' }] }),
      want: [
        finding(
          iamPolicyDocument,
          'spec.forProvider.assumeRolePolicy',
          'spec.forProvider.assumeRolePolicy is not a valid trust policy document, so it cannot be checked: Statement[0] has a Resource, which a trust policy must not have',
        ),
        finding(
          iamPolicyDocument,
          'spec.forProvider.inlinePolicy[0].policy',
          `spec.forProvider.inlinePolicy[0].policy is not valid JSON (${jsonError('not json')}), so the IAM policy cannot be checked; write it as a JSON document`,
        ),
      ],
    },
    {
      name: at('Role with inlinePolicy an object'),
      reason: 'inlinePolicy is a list in every group and version; a single object is the wrong type',
      resource: role(group, { trust: SERVICE_TRUST, inline: { name: 'x', policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) } }),
      want: [finding(iamPolicyDocument, 'spec.forProvider.inlinePolicy', 'spec.forProvider.inlinePolicy must be a list of inline policies ({name, policy}), got an object')],
    },
    {
      name: at('Role with inlinePolicy a policy string'),
      reason: 'a string where the list belongs is a clear finding, not a pass and not a crash',
      resource: role(group, { trust: SERVICE_TRUST, inline: '{"Statement": []}' }),
      want: [finding(iamPolicyDocument, 'spec.forProvider.inlinePolicy', 'spec.forProvider.inlinePolicy must be a list of inline policies ({name, policy}), got the string "{\\"Statement\\": []}"')],
    },
    {
      name: at('Role with an admin inline policy in initProvider'),
      reason: 'inline policies set at creation are read like those in forProvider',
      resource: iamKind('Role', group, { assumeRolePolicy: SERVICE_TRUST }, { inlinePolicy: [{ name: 'admin', policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) }] }),
      want: [finding(iamAdminWildcard, 'spec.initProvider.inlinePolicy[0].policy', ADMIN('Statement[0]'))],
    },
    {
      name: at('Role with an inlinePolicy element a string'),
      reason: 'each element is an object',
      resource: role(group, { trust: SERVICE_TRUST, inline: ['x'] }),
      want: [finding(iamPolicyDocument, 'spec.forProvider.inlinePolicy[0]', 'spec.forProvider.inlinePolicy[0] must be an object with name and policy, got the string "x"')],
    },
    {
      name: at('Role with an empty inlinePolicy element'),
      reason: 'inlinePolicy: [{}] is how Terraform removes inline policies: nothing to check',
      resource: role(group, { trust: SERVICE_TRUST, inline: [{}] }),
      want: [],
    },
    {
      name: at('Role with a trust policy missing its Principal'),
      reason: 'a trust policy must say who',
      resource: role(group, { trust: json({ Effect: 'Allow', Action: 'sts:AssumeRole' }) }),
      want: [
        finding(
          iamPolicyDocument,
          'spec.forProvider.assumeRolePolicy',
          'spec.forProvider.assumeRolePolicy is not a valid trust policy document, so it cannot be checked: Statement[0] has neither Principal nor NotPrincipal',
        ),
      ],
    },
    {
      name: at('Policy broken in forProvider, admin in initProvider'),
      reason: 'each block is judged on its own',
      resource: iamKind('Policy', group, { policy: '{' }, { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
      want: [
        finding(iamPolicyDocument, FP, `${FP} is not valid JSON (${jsonError('{')}), so the IAM policy cannot be checked; write it as a JSON document`),
        finding(iamAdminWildcard, 'spec.initProvider.policy', ADMIN('Statement[0]')),
      ],
    },

    // Resources as a whole
    {
      name: at('Policy with spec a string'),
      reason: 'a resource no rule can read is refused once, by the engine, with the strongest action of the rules it kept from judging, never passed',
      resource: { apiVersion: `${awsGroup('iam', group)}/v1beta1`, kind: 'Policy', spec: 'oops' },
      want: [{ ...finding(iamPolicyDocument, 'spec', 'spec is the string "oops", not an object; the resource cannot be checked'), rule: UNREADABLE_RULE }],
    },
    {
      name: at('observe-only Policy allowing * on *'),
      reason: 'managementPolicies [Observe] creates and changes nothing in AWS: an existing admin policy may be observed',
      resource: { ...policy(group, json({ Effect: 'Allow', Action: '*', Resource: '*' })), spec: { managementPolicies: ['Observe'], forProvider: { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) } } },
      want: [],
    },
    {
      name: at('Policy observed and updated, allowing * on *'),
      reason: 'Update changes the policy in AWS: it is judged',
      resource: { ...policy(group, ''), spec: { managementPolicies: ['Observe', 'Update'], forProvider: { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) } } },
      want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
    },
    {
      name: at('the provider’s example Role and Policy shapes'),
      reason: 'a service trust policy and a scoped inline policy pass every rule',
      resource: role(group, {
        trust: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": {\n        "Service": "eks.amazonaws.com"\n      },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n',
        inline: [{ name: 'describe', policy: json({ Sid: 'VisualEditor0', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }) }],
      }),
      want: [],
    },
  ];
}

const actionCases: Case[] = [
  {
    name: 'admin wildcard under Warn',
    reason: 'the Input’s action is the action reported',
    resource: policy('cluster', json({ Effect: 'Allow', Action: '*', Resource: '*' })),
    input: input({ rules: { [iamAdminWildcard.id]: { action: 'Warn' } } }),
    want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'), 'Warn')],
  },
  {
    name: 'privilege escalation under Deny',
    reason: 'an operator may refuse instead of holding',
    resource: policy('cluster', json({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })),
    input: input({ rules: { [iamPrivilegeEscalation.id]: { action: 'Deny' } } }),
    want: [finding(iamPrivilegeEscalation, FP, `Statement[0] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`, 'Deny')],
  },
  {
    name: 'trust rule disabled',
    reason: 'a disabled rule reports nothing; the organization-limited case stays the escalation rule’s',
    resource: role('cluster', { trust: trust('*') }),
    input: input({ rules: { [iamTrustAnyPrincipal.id]: { action: 'Disabled' } } }),
    want: [],
  },
  {
    name: 'document rule disabled',
    reason: 'the other rules skip what they cannot read, so a broken document then passes: disabling the rule is the operator’s choice',
    resource: policy('cluster', 'not json'),
    input: input({ rules: { [iamPolicyDocument.id]: { action: 'Disabled' } } }),
    want: [],
  },
  {
    name: 'Audit mode',
    reason: 'Audit reports what Enforce would do, with the action Enforce would take',
    resource: policy('cluster', json({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })),
    input: input({ mode: 'Audit' }),
    want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]')), finding(iamPrivilegeEscalation, FP, `Statement[1] allows iam:PassRole on Resource "*", ${PASS_ROLE_WHY}; ${ESCALATE_FIX}`)],
  },
  {
    name: 'another service’s Policy kind',
    reason: 'rules match the iam service; an unrelated kind named Policy is not read',
    resource: { apiVersion: 'iot.aws.upbound.io/v1beta1', kind: 'Policy', spec: { forProvider: { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) } } },
    want: [],
  },
  {
    name: 'a future version of Policy',
    reason: 'every version of a known kind is judged',
    resource: { apiVersion: 'iam.aws.upbound.io/v1beta2', kind: 'Policy', spec: { forProvider: { policy: json({ Effect: 'Allow', Action: '*', Resource: '*' }) } } },
    want: [finding(iamAdminWildcard, FP, ADMIN('Statement[0]'))],
  },
];

describe('IAM rules through the engine', () => {
  it.each([...groupCases('cluster'), ...groupCases('namespaced'), ...actionCases])('$name', (c) => runFindingsCase(c, IAM_RULES));
});

describe('rule metadata', () => {
  it('IAM_RULES lists the rules in evaluation order', () => {
    expect(IAM_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-iam-policy-document', 'Deny'],
      ['aws-iam-admin-wildcard', 'Deny'],
      ['aws-iam-trust-any-principal', 'Deny'],
      ['aws-iam-privilege-escalation', 'RequireApproval'],
    ]);
  });

  it('the escalation table has no duplicates and every action is service:Name', () => {
    const actions = ESCALATIONS.map((e) => e.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const a of actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
  });

  it('the escalation rule’s description lists every escalation action', () => {
    for (const e of ESCALATIONS) expect(iamPrivilegeEscalation.description).toContain(`\`${e.action}\``);
  });
});

// The former known gaps of this file, a Role attaching AdministratorAccess through managedPolicyArns and a GitHub
// OIDC trust without a sub condition, are closed by aws-iam-admin-attachment (iam-attachments.test.ts) and
// aws-iam-trust-oidc (iam-trust.test.ts).
