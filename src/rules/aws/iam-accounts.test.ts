import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, runCase, runFindingsCase, SAME, served, type Case, type FindingsCase, type Guard, type Served } from '../../../test/builders/aws-data.js';
import { iamUser, iamUserPolicies, PASSWORD_POLICY_ROWS, PASSWORD_POLICY_RULES } from './iam-accounts.js';

/** iam kinds are served as v1beta1 in both groups, with top-level fields. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const policy = (s: Served, fp: Record<string, unknown> = {}) => awsResource('iam', 'AccountPasswordPolicy', s, { allowUsersToChangePassword: true, ...fp });
const ruleOf = (id: string) => PASSWORD_POLICY_RULES[PASSWORD_POLICY_ROWS.findIndex((r) => r.id === id)]!;
const numberGuard = (safe: number, unsafe: number): Pick<Guard, 'safe' | 'unsafe' | 'unsafeText' | 'malformed' | 'malformedText' | 'type'> => ({
  safe,
  unsafe,
  unsafeText: String(unsafe),
  malformed: String(safe),
  malformedText: `the string "${safe}"`,
  type: 'a number',
});

const guards: Case[] = PASSWORD_POLICY_ROWS.flatMap((row) => {
  const field = row.on[0]!.field;
  const numeric: Record<string, [number, number]> = { maxPasswordAge: [90, 365], minimumPasswordLength: [14, 8], passwordReusePrevention: [24, 5] };
  const values = numeric[field[0]!];
  return guardCases({
    rule: ruleOf(row.id),
    field,
    shapes: SHAPES,
    build: policy,
    ...(values !== undefined ? numberGuard(values[0], values[1]) : booleanGuard(true)),
    missing: row.missing,
    advice: row.unsafe,
  });
});

const ALL_SAFE = { maxPasswordAge: 90, minimumPasswordLength: 14, passwordReusePrevention: 24, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true, requireUppercaseCharacters: true };
const regressions: Case[] = SHAPES.flatMap((s): Case[] => [
  {
    name: `on ${s.label}: a password policy with every requirement passes`,
    reason: 'compliant',
    resource: policy(s, ALL_SAFE),
    rules: PASSWORD_POLICY_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `on ${s.label}: an agent weakens the password policy to 6 characters that never expire: refused`,
    reason: 'each weakened requirement is refused with its own rule',
    resource: policy(s, { ...ALL_SAFE, minimumPasswordLength: 6, maxPasswordAge: 0 }),
    rules: PASSWORD_POLICY_RULES,
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(ruleOf('aws-iam-password-max-age'), 'Deny', 'spec.forProvider.maxPasswordAge', 'spec.forProvider.maxPasswordAge is 0; set it to a whole number of days from 1 to 90 (or remove it to get 90)'),
        finding(ruleOf('aws-iam-password-min-length'), 'Deny', 'spec.forProvider.minimumPasswordLength', 'spec.forProvider.minimumPasswordLength is 6; set it to at least 14 (or remove it to get 14)'),
      ],
    },
  },
]);

const userCases: FindingsCase[] = SHAPES.flatMap((s): FindingsCase[] => [
  {
    name: `${iamUser.id} on ${s.label}: an agent creates an IAM user: a warning`,
    reason: 'a long-lived identity outside single sign-on',
    resource: awsResource('iam', 'User', s, { path: '/' }),
    want: [finding(iamUser, 'Warn', '', 'an IAM user is a long-lived identity outside single sign-on; let people sign in through IAM Identity Center and workloads assume roles, or have the platform approve this user')],
  },
  {
    name: `${iamUserPolicies.id} on ${s.label}: an agent attaches a policy to a user: a warning`,
    reason: 'permissions go to groups and roles',
    resource: awsResource('iam', 'UserPolicyAttachment', s, { user: 'deploy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    want: [finding(iamUserPolicies, 'Warn', '', 'a policy attached to one user is missed by reviews of groups and roles; attach it to a group the user belongs to, or to a role')],
  },
  {
    name: `${iamUserPolicies.id} on ${s.label}: an inline user policy: a warning`,
    reason: 'the same, inline',
    resource: awsResource('iam', 'UserPolicy', s, { user: 'deploy', policy: '{}' }),
    want: [finding(iamUserPolicies, 'Warn', '', 'an inline policy of one user is missed by reviews of groups and roles; attach it to a group the user belongs to, or to a role')],
  },
  { name: `${iamUserPolicies.id} on ${s.label}: a policy attached to a role passes`, reason: 'not a user', resource: awsResource('iam', 'RolePolicyAttachment', s, { role: 'app', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }), want: [] },
]);

describe('IAM password policy', () => {
  it.each([...guards, ...regressions])('$name', (c) => runCase(c));
});

describe('IAM users', () => {
  it.each(userCases)('$name', (c) => runFindingsCase(c, [iamUser, iamUserPolicies]));
});
