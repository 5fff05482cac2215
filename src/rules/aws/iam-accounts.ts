/**
 * IAM users and their passwords: the account password policy (one row per
 * requirement, the values CIS AWS Foundations asks for), IAM users, which
 * are long-lived identities an agent should not mint, and permissions
 * attached to users rather than to groups or roles.
 *
 * Field names are provider-upjet-aws's
 * (apis/cluster/iam/v1beta1/zz_accountpasswordpolicy_types.go at 0f48d499f3f0;
 * iam User and UserPolicyAttachment in zz_schemas.ts).
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRules, type FieldRow } from '../kit/field.js';

const iam = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'iam', kind });
const POLICY = [iam('AccountPasswordPolicy')] as const;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One requirement of the password policy: a boolean that must be true. */
const requireChars = (id: string, field: string, what: string, checkov: string): FieldRow => ({
  id,
  title: `The IAM password policy requires ${what}`,
  severity: 'medium',
  defaultAction: 'Mutate',
  on: POLICY.map((kind) => ({ kind, field: [field] })),
  type: 'boolean',
  safe: true,
  inject: true,
  missing: `the password policy does not require ${what}`,
  unsafe: `set it to true (or remove it) so every IAM user password has ${what}`,
  why: 'IAM user passwords open the console; the account has one password policy, and an absent requirement is off.',
  references: { checkov: [checkov] },
});

export const PASSWORD_POLICY_ROWS: readonly FieldRow[] = [
  {
    id: 'aws-iam-password-max-age',
    title: 'IAM user passwords expire within 90 days',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: POLICY.map((kind) => ({ kind, field: ['maxPasswordAge'] })),
    type: 'number',
    safe: { test: (v) => isNumber(v) && Number.isInteger(v) && v >= 1 && v <= 90, words: 'a whole number of days from 1 to 90' },
    inject: 90,
    missing: 'passwords never expire: the policy sets no maximum age',
    unsafe: 'set it to a whole number of days from 1 to 90 (or remove it to get 90)',
    why: 'A leaked password then stops working within a quarter.',
    references: { checkov: ['CKV_AWS_9'] },
  },
  {
    id: 'aws-iam-password-min-length',
    title: 'IAM user passwords are at least 14 characters long',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: POLICY.map((kind) => ({ kind, field: ['minimumPasswordLength'] })),
    type: 'number',
    safe: { test: (v) => isNumber(v) && v >= 14 && v <= 128, words: 'at least 14 (IAM allows up to 128)' },
    inject: 14,
    missing: 'the password policy sets no minimum length, so IAM accepts 8 characters',
    unsafe: 'set it to at least 14 (or remove it to get 14)',
    why: 'Length is what makes a password hard to guess.',
    references: { checkov: ['CKV_AWS_10'] },
  },
  requireChars('aws-iam-password-lowercase', 'requireLowercaseCharacters', 'a lowercase letter', 'CKV_AWS_11'),
  requireChars('aws-iam-password-numbers', 'requireNumbers', 'a number', 'CKV_AWS_12'),
  {
    id: 'aws-iam-password-reuse',
    title: 'IAM users cannot reuse their last 24 passwords',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: POLICY.map((kind) => ({ kind, field: ['passwordReusePrevention'] })),
    type: 'number',
    safe: { test: (v) => v === 24, words: '24 (the most IAM allows)' },
    inject: 24,
    missing: 'the password policy lets users reuse old passwords',
    unsafe: 'set it to 24 (or remove it to get 24)',
    why: 'Expiry means nothing if the old password comes straight back.',
    references: { checkov: ['CKV_AWS_13'] },
  },
  requireChars('aws-iam-password-symbols', 'requireSymbols', 'a symbol', 'CKV_AWS_14'),
  requireChars('aws-iam-password-uppercase', 'requireUppercaseCharacters', 'an uppercase letter', 'CKV_AWS_15'),
];

export const PASSWORD_POLICY_RULES = fieldRules(PASSWORD_POLICY_ROWS);

export const iamUser = defineRule({
  id: 'aws-iam-user',
  title: 'People and workloads do not get IAM users',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports every IAM User: a long-lived identity, with passwords and access keys that do not expire by themselves, outside the identity provider that offboards people. People should sign in through IAM Identity Center (SSO), workloads assume roles. Warn by default, since a few integrations still need a user; set the rule to `RequireApproval` or `Deny` where none may be created. Access keys and login profiles for users are judged by `aws-iam-long-lived-credentials`.',
  references: { checkov: ['CKV_AWS_273'] },
  kinds: [iam('User')],
  check(ctx) {
    ctx.unsafe('', 'an IAM user is a long-lived identity outside single sign-on; let people sign in through IAM Identity Center and workloads assume roles, or have the platform approve this user');
  },
}) satisfies Rule;

export const iamUserPolicies = defineRule({
  id: 'aws-iam-user-policies',
  title: 'Permissions go to groups and roles, not to IAM users',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    "Reports a UserPolicyAttachment and a UserPolicy: permissions given to one user directly are missed by reviews of groups and roles, stay when the user changes team, and are copied by hand to the next user. Attach the policy to a group the user belongs to, or to a role. What the policy grants is judged by the IAM policy rules either way.",
  references: { checkov: ['CKV_AWS_40'] },
  kinds: [iam('UserPolicyAttachment'), iam('UserPolicy')],
  check(ctx) {
    const what = ctx.type.kind === 'UserPolicy' ? 'an inline policy of one user' : 'a policy attached to one user';
    ctx.unsafe('', `${what} is missed by reviews of groups and roles; attach it to a group the user belongs to, or to a role`);
  },
}) satisfies Rule;

/** The IAM account rules, in evaluation order. */
export const IAM_ACCOUNT_RULES = [...PASSWORD_POLICY_RULES, iamUser, iamUserPolicies] as const satisfies readonly Rule[];
