import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, type Group } from '../../../test/builders.js';
import { finding as sharedFinding, runFindingsCase, type FindingsCase as Case } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { IAM_RULES, iamAdminWildcard } from './iam.js';
import {
  ADMIN_POLICIES,
  CREDENTIAL_KINDS,
  IAM_GRANT_RULES,
  iamAdminAttachment,
  iamLongLivedCredentials,
  iamPowerUserAttachment,
  managedPolicy,
  POWER_POLICIES,
} from './iam-attachments.js';

const RULES = [...IAM_RULES, ...IAM_GRANT_RULES];

/** A managed resource of `service`/`kind` in `group`; `init` becomes spec.initProvider. */
function kind(service: string, k: string, group: Group, forProvider: Record<string, unknown>, extra: { init?: Record<string, unknown>; metadata?: KubeObject; spec?: KubeObject } = {}): KubeObject {
  return {
    apiVersion: `${awsGroup(service, group)}/v1beta1`,
    kind: k,
    ...(extra.metadata !== undefined ? { metadata: extra.metadata } : {}),
    spec: { forProvider, ...(extra.init !== undefined ? { initProvider: extra.init } : {}), ...extra.spec },
  };
}
const iam = (k: string, group: Group, forProvider: Record<string, unknown>, extra?: Parameters<typeof kind>[4]) => kind('iam', k, group, forProvider, extra);

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const json = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const finding = (rule: Rule, path: string, message: string, resource = 'res'): Finding => ({ ...sharedFinding(rule, rule.defaultAction as Finding['action'], path, message), resource });
const why = (name: string) => [...ADMIN_POLICIES, ...POWER_POLICIES].find((p) => p.name === name)!.why;
const FIX = 'attach a policy that lists the actions the workload needs';
const attaches = (rule: Rule, path: string, name: string, arn: string) =>
  finding(rule, path, `${path} attaches the AWS managed policy ${name} (${JSON.stringify(arn)}), which ${why(name)}; ${FIX}${rule === iamPowerUserAttachment ? ', or have a human approve it' : ''}`);

function groupCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  const role = (managedPolicyArns: unknown, extra?: Parameters<typeof kind>[4]) => iam('Role', group, { assumeRolePolicy: TRUST, managedPolicyArns }, extra);
  const attachment = (k: string, policyArn: unknown) => iam(k, group, { policyArn, ...(k === 'RolePolicyAttachment' ? { role: 'app' } : k === 'UserPolicyAttachment' ? { user: 'agent' } : { group: 'agents' }) });
  return [
    {
      name: at('AdministratorAccess via managedPolicyArns'),
      reason: 'a Role that attaches the AWS managed administrator policy by ARN is refused, whatever its inline policies say',
      resource: role(['arn:aws:iam::aws:policy/ReadOnlyAccess', ADMIN]),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.managedPolicyArns[1]', 'AdministratorAccess', ADMIN)],
    },
    {
      name: at('IAMFullAccess via GroupPolicyAttachment'),
      reason: 'iam:* lets every member attach AdministratorAccess to itself',
      resource: attachment('GroupPolicyAttachment', 'arn:aws:iam::aws:policy/IAMFullAccess'),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.policyArn', 'IAMFullAccess', 'arn:aws:iam::aws:policy/IAMFullAccess')],
    },
    {
      name: at('AdministratorAccess via RolePolicyAttachment in GovCloud'),
      reason: 'every partition: arn:aws-us-gov',
      resource: attachment('RolePolicyAttachment', 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess'),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.policyArn', 'AdministratorAccess', 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess')],
    },
    {
      name: at('administratoraccess in lowercase, padded, in China'),
      reason: 'IAM names are unique regardless of case; arn:aws-cn',
      resource: attachment('UserPolicyAttachment', ' arn:aws-cn:iam::aws:policy/administratoraccess '),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.policyArn', 'AdministratorAccess', 'arn:aws-cn:iam::aws:policy/administratoraccess')],
    },
    {
      name: at('AdministratorAccess-Amplify via UserPolicyAttachment'),
      reason: 'AWS documents it as powerful as AdministratorAccess',
      resource: attachment('UserPolicyAttachment', 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify'),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.policyArn', 'AdministratorAccess-Amplify', 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify')],
    },
    {
      name: at('AdministratorAccess in initProvider'),
      reason: 'initProvider is applied at creation',
      resource: iam('RolePolicyAttachment', group, { role: 'app' }, { init: { policyArn: ADMIN } }),
      want: [attaches(iamAdminAttachment, 'spec.initProvider.policyArn', 'AdministratorAccess', ADMIN)],
    },
    {
      name: at('AdministratorAccess for an SSO permission set'),
      reason: 'ssoadmin ManagedPolicyAttachment: every account the permission set is assigned to',
      resource: kind('ssoadmin', 'ManagedPolicyAttachment', group, { instanceArn: 'arn:aws:sso:::instance/x', managedPolicyArn: ADMIN, permissionSetArn: 'arn:x' }),
      want: [attaches(iamAdminAttachment, 'spec.forProvider.managedPolicyArn', 'AdministratorAccess', ADMIN)],
    },
    {
      name: at('PowerUserAccess via RolePolicyAttachment is held'),
      reason: 'everything but IAM: a person decides',
      resource: attachment('RolePolicyAttachment', 'arn:aws:iam::aws:policy/PowerUserAccess'),
      want: [attaches(iamPowerUserAttachment, 'spec.forProvider.policyArn', 'PowerUserAccess', 'arn:aws:iam::aws:policy/PowerUserAccess')],
    },
    {
      name: at('SystemAdministrator job function via managedPolicyArns is held'),
      reason: 'a path in the ARN (job-function/)',
      resource: role(['arn:aws:iam::aws:policy/job-function/SystemAdministrator']),
      want: [attaches(iamPowerUserAttachment, 'spec.forProvider.managedPolicyArns[0]', 'job-function/SystemAdministrator', 'arn:aws:iam::aws:policy/job-function/SystemAdministrator')],
    },
    {
      name: at('ReadOnlyAccess and a customer policy'),
      reason: 'an AWS managed policy not in the tables, and a customer policy this request does not compose, pass',
      resource: role(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::123456789012:policy/app']),
      want: [],
    },
    {
      name: at('a customer policy named AdministratorAccess'),
      reason: 'only AWS managed policies (account "aws") are known by name; a customer policy is judged by its document where it is composed',
      resource: attachment('RolePolicyAttachment', 'arn:aws:iam::123456789012:policy/AdministratorAccess'),
      want: [],
    },
    {
      name: at('managedPolicyArns a string'),
      reason: 'a list written as one ARN is malformed, not passed',
      resource: role(ADMIN),
      want: [finding(iamAdminAttachment, 'spec.forProvider.managedPolicyArns', `spec.forProvider.managedPolicyArns must be a list of policy ARNs, got the string "arn:aws:iam::aws:policy/AdministratorAcc…"`)],
    },
    {
      name: at('a policyArn that is an object'),
      reason: 'malformed is refused once, by the administrator rule',
      resource: attachment('RolePolicyAttachment', { arn: ADMIN }),
      want: [finding(iamAdminAttachment, 'spec.forProvider.policyArn', 'spec.forProvider.policyArn must be a policy ARN (a string), got an object')],
    },
    {
      name: at('an observe-only attachment of AdministratorAccess'),
      reason: 'an observed attachment attaches nothing',
      resource: iam('RolePolicyAttachment', group, { role: 'app', policyArn: ADMIN }, { spec: { managementPolicies: ['Observe'] } }),
      want: [],
    },
    {
      name: at('a Policy adopting AdministratorAccess'),
      reason: 'observing an AWS managed policy only serves to attach it by name, from this composition or another',
      resource: iam('Policy', group, {}, { metadata: { name: 'admin', annotations: { 'crossplane.io/external-name': ADMIN } }, spec: { managementPolicies: ['Observe'] } }),
      want: [
        finding(
          iamAdminAttachment,
          'metadata.annotations[crossplane.io/external-name]',
          `metadata.annotations[crossplane.io/external-name] adopts the AWS managed policy AdministratorAccess, which ${why('AdministratorAccess')}; an AWS managed policy is attached by its ARN where it is needed, never adopted into a composition, so remove the annotation`,
        ),
      ],
    },
  ];
}

describe('attachments through the engine', () => {
  it.each([...groupCases('cluster'), ...groupCases('namespaced')])('$name', (c) => runFindingsCase(c, RULES));
});

/** A request of several composed resources, with the exact findings of all of them. */
interface ManyCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  observed?: Record<string, KubeObject>;
  want: Finding[];
}

function manyCases(group: Group): ManyCase[] {
  const at = (s: string) => `${group}: ${s}`;
  const adopted = (name: string, arn: string, labels: Record<string, string> = {}) =>
    iam('Policy', group, {}, { metadata: { name, labels, annotations: { 'crossplane.io/external-name': arn } }, spec: { managementPolicies: ['Observe'] } });
  const adoption = (resource: string, name: string, rule = iamAdminAttachment) =>
    finding(
      rule,
      'metadata.annotations[crossplane.io/external-name]',
      `metadata.annotations[crossplane.io/external-name] adopts the AWS managed policy ${name}, which ${why(name)}; an AWS managed policy is attached by its ARN where it is needed, never adopted into a composition, so remove the annotation`,
      resource,
    );
  const ADMIN_DOC = json({ Effect: 'Allow', Action: '*', Resource: '*' });
  return [
    {
      name: at('admin policy adopted by external-name and attached by ref'),
      reason: 'the attachment names a composed Policy whose external name is AdministratorAccess',
      desired: { policy: adopted('admin', ADMIN), attach: iam('RolePolicyAttachment', group, { role: 'app', policyArnRef: { name: 'admin' } }) },
      want: [
        finding(
          iamAdminAttachment,
          'spec.forProvider.policyArnRef.name',
          `spec.forProvider.policyArnRef.name refers to iam Policy "policy", which adopts the AWS managed policy AdministratorAccess through crossplane.io/external-name (it ${why('AdministratorAccess')}); ${FIX}`,
          'attach',
        ),
        adoption('policy', 'AdministratorAccess'),
      ],
    },
    {
      name: at('admin policy adopted and picked by a Role’s managedPolicyArnsSelector'),
      reason: 'a selector on labels reaches the same Policy',
      desired: {
        policy: adopted('admin', ADMIN, { tier: 'top' }),
        role: iam('Role', group, { assumeRolePolicy: TRUST, managedPolicyArnsSelector: { matchLabels: { tier: 'top' } } }),
      },
      want: [
        adoption('policy', 'AdministratorAccess'),
        finding(
          iamAdminAttachment,
          'spec.forProvider.managedPolicyArnsSelector',
          `spec.forProvider.managedPolicyArnsSelector selects iam Policy "policy", which adopts the AWS managed policy AdministratorAccess through crossplane.io/external-name (it ${why('AdministratorAccess')}); ${FIX}`,
          'role',
        ),
      ],
    },
    {
      name: at('a Policy that allows everything, attached by managedPolicyArnsRefs'),
      reason: 'the document itself is administrator access: refused on the Policy and on the attachment',
      desired: {
        policy: iam('Policy', group, { policy: ADMIN_DOC }, { metadata: { name: 'everything' } }),
        role: iam('Role', group, { assumeRolePolicy: TRUST, managedPolicyArnsRefs: [{ name: 'other' }, { name: 'everything' }] }),
      },
      want: [
        finding(
          iamAdminWildcard,
          'spec.forProvider.policy',
          'Statement[0] allows every action (Action "*") on Resource "*", full administrator access; list only the actions the workload needs, on the ARNs they act on',
          'policy',
        ),
        finding(
          iamAdminAttachment,
          'spec.forProvider.managedPolicyArnsRefs[1].name',
          `spec.forProvider.managedPolicyArnsRefs[1].name refers to iam Policy "policy", which allows every action (Statement[0] of spec.forProvider.policy); ${FIX}`,
          'role',
        ),
      ],
    },
    ...[
      { name: at('matchControllerRef alone selects every Policy of the composition'), reason: 'with no labels, a controller selector may pick any of them', selector: { matchControllerRef: true } },
      {
        name: at('an agent attaches an adopted IAMFullAccess through an empty policyArnSelector: refused'),
        reason: 'a selector without labels or matchControllerRef picks any Policy (Crossplane lists them all), the composed one included',
        selector: {},
      },
    ].map(({ name, reason, selector }) => ({
      name,
      reason,
      desired: { attach: iam('GroupPolicyAttachment', group, { group: 'g', policyArnSelector: selector }), policy: adopted('p', 'arn:aws:iam::aws:policy/IAMFullAccess') },
      want: [
        finding(
          iamAdminAttachment,
          'spec.forProvider.policyArnSelector',
          `spec.forProvider.policyArnSelector selects iam Policy "policy", which adopts the AWS managed policy IAMFullAccess through crossplane.io/external-name (it ${why('IAMFullAccess')}); ${FIX}`,
          'attach',
        ),
        adoption('policy', 'IAMFullAccess'),
      ],
    })),
    {
      name: at('a ref to a Policy whose name Crossplane generated'),
      reason: 'the observed Policy carries the name the desired one lacks',
      desired: { policy: iam('Policy', group, { policy: ADMIN_DOC }), attach: iam('UserPolicyAttachment', group, { user: 'u', policyArnRef: { name: 'xr-policy-abcde' } }) },
      observed: { policy: iam('Policy', group, { policy: ADMIN_DOC }, { metadata: { name: 'xr-policy-abcde' } }) },
      want: [
        finding(
          iamAdminAttachment,
          'spec.forProvider.policyArnRef.name',
          `spec.forProvider.policyArnRef.name refers to iam Policy "policy", which allows every action (Statement[0] of spec.forProvider.policy); ${FIX}`,
          'attach',
        ),
        finding(
          iamAdminWildcard,
          'spec.forProvider.policy',
          'Statement[0] allows every action (Action "*") on Resource "*", full administrator access; list only the actions the workload needs, on the ARNs they act on',
          'policy',
        ),
      ],
    },
    {
      name: at('PowerUserAccess adopted and attached by ref is held'),
      reason: 'the same path, the other level',
      desired: { policy: adopted('power', 'arn:aws:iam::aws:policy/PowerUserAccess'), attach: iam('RolePolicyAttachment', group, { role: 'app', policyArnRef: { name: 'power' } }) },
      want: [
        finding(
          iamPowerUserAttachment,
          'spec.forProvider.policyArnRef.name',
          `spec.forProvider.policyArnRef.name refers to iam Policy "policy", which adopts the AWS managed policy PowerUserAccess through crossplane.io/external-name (it ${why('PowerUserAccess')}); ${FIX}, or have a human approve it`,
          'attach',
        ),
        adoption('policy', 'PowerUserAccess', iamPowerUserAttachment),
      ],
    },
    {
      name: at('a customer policy adopted by ARN, attached by that ARN'),
      reason: 'the ARN of a composed Policy whose document allows everything',
      desired: {
        policy: iam('Policy', group, { policy: ADMIN_DOC }, { metadata: { annotations: { 'crossplane.io/external-name': 'arn:aws:iam::123456789012:policy/app' } } }),
        attach: iam('RolePolicyAttachment', group, { role: 'app', policyArn: 'arn:aws:iam::123456789012:policy/app' }),
      },
      want: [
        finding(iamAdminAttachment, 'spec.forProvider.policyArn', `spec.forProvider.policyArn names the ARN of iam Policy "policy", which allows every action (Statement[0] of spec.forProvider.policy); ${FIX}`, 'attach'),
        finding(
          iamAdminWildcard,
          'spec.forProvider.policy',
          'Statement[0] allows every action (Action "*") on Resource "*", full administrator access; list only the actions the workload needs, on the ARNs they act on',
          'policy',
        ),
      ],
    },
    {
      name: at('a ref to a narrow Policy, and one to a Policy elsewhere'),
      reason: 'a Policy that grants little passes; one this request cannot see passes here and is judged where it is composed',
      desired: {
        policy: iam('Policy', group, { policy: json({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }, { metadata: { name: 'read' } }),
        role: iam('Role', group, { assumeRolePolicy: TRUST, managedPolicyArnsRefs: [{ name: 'read' }, { name: 'somewhere-else' }] }),
      },
      want: [],
    },
  ];
}

describe('attachments by reference and selector', () => {
  it.each([...manyCases('cluster'), ...manyCases('namespaced')])('$name', ({ desired, observed, want }) => {
    const decision = evaluate(engineRequest(desired, observed !== undefined ? { observed } : {}), RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want);
  });
});

describe('long-lived credentials', () => {
  const cases: Case[] = (['cluster', 'namespaced'] as const).flatMap((group) => [
    ...CREDENTIAL_KINDS.map((c) => ({
      name: `${group}: ${c.kind === 'AccessKey' ? 'an access key is held' : `a ${c.service} ${c.kind} is held`}`,
      reason: 'a credential that lasts until someone deletes it needs a person',
      resource: kind(c.service, c.kind, group, { user: 'agent' }),
      want: [
        finding(iamLongLivedCredentials, 'spec.forProvider', `this ${c.service} ${c.kind} mints ${c.what}, a credential that lasts until someone deletes it; use a role the workload assumes instead, or have a human approve it`),
      ],
    })),
    {
      name: `${group}: an observe-only access key`,
      reason: 'observing an existing key mints nothing',
      resource: iam('AccessKey', group, { user: 'agent' }, { spec: { managementPolicies: ['Observe'] } }),
      want: [],
    },
  ]);
  it.each(cases)('$name', (c) => runFindingsCase(c, RULES));
});

describe('managedPolicy', () => {
  it.each([
    { name: 'root path', arn: ADMIN, want: 'admin' },
    { name: 'a leading slash after policy/', arn: 'arn:aws:iam::aws:policy//AdministratorAccess', want: 'admin' },
    { name: 'job-function path', arn: 'arn:aws:iam::aws:policy/job-function/SystemAdministrator', want: 'power' },
    { name: 'the same name under another path', arn: 'arn:aws:iam::aws:policy/service-role/AdministratorAccess', want: undefined },
    { name: 'a customer account', arn: 'arn:aws:iam::123456789012:policy/AdministratorAccess', want: undefined },
    { name: 'not an ARN', arn: 'AdministratorAccess', want: undefined },
  ])('$name', ({ arn, want }) => expect(managedPolicy(arn)?.level).toBe(want));
});

describe('rule metadata', () => {
  it('IAM_GRANT_RULES lists the rules in evaluation order', () => {
    expect(IAM_GRANT_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-iam-admin-attachment', 'Deny'],
      ['aws-iam-power-user-attachment', 'RequireApproval'],
      ['aws-iam-long-lived-credentials', 'RequireApproval'],
    ]);
  });

  it('every managed policy is listed once, with its reason in the description', () => {
    const names = [...ADMIN_POLICIES, ...POWER_POLICIES].map((p) => p.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const p of ADMIN_POLICIES) expect(iamAdminAttachment.description).toContain(`\`${p.name}\` (${p.why})`);
    for (const p of POWER_POLICIES) expect(iamPowerUserAttachment.description).toContain(`\`${p.name}\` (${p.why})`);
  });
});
