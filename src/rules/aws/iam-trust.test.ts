import { describe, expect, it } from 'vitest';
import { awsGroup, input, type Group } from '../../../test/builders.js';
import { finding as sharedFinding, runFindingsCase, type FindingsCase as Case } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { IAM_RULES, iamTrustAnyPrincipal } from './iam.js';
import { accountOf, IAM_TRUST_RULES, iamTrustForeignAccount, iamTrustOidc, oidcProvider } from './iam-trust.js';

const RULES = [...IAM_RULES, ...IAM_TRUST_RULES];
const TP = 'spec.forProvider.assumeRolePolicy';

const role = (group: Group, ...statements: unknown[]): KubeObject => ({
  apiVersion: `${awsGroup('iam', group)}/v1beta1`,
  kind: 'Role',
  spec: { forProvider: { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } },
});
const finding = (rule: Rule, message: string): Finding => sharedFinding(rule, rule.defaultAction as Finding['action'], TP, message);

const OWN = '111111111111';
const FOREIGN = '222222222222';
const withAccounts = (accounts: string[]) => input({ rules: { 'aws-iam-trust-foreign-account': { accounts } } });
const assume = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const FOREIGN_FIX = "list the account there if it is the platform's, add a Condition on sts:ExternalId agreed with the third party, or have a human approve it";
const heldForeign = (label: string, who: string, why = "not one of the platform's accounts in rules.aws-iam-trust-foreign-account.accounts") =>
  finding(iamTrustForeignAccount, `${label} lets ${who} assume this role (sts:AssumeRole) with no sts:ExternalId condition, and ${why}; ${FOREIGN_FIX}`);
const NO_LIST = "no account is listed as the platform's own in rules.aws-iam-trust-foreign-account.accounts, so every account is foreign";

function foreignCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  return [
    {
      name: at('foreign account without ExternalId is held'),
      reason: 'another account’s root may assume the role, and nothing ties it to this platform',
      resource: role(group, assume({ AWS: `arn:aws:iam::${FOREIGN}:root` })),
      input: withAccounts([OWN]),
      want: [heldForeign('Statement[0]', `account ${FOREIGN} (AWS "arn:aws:iam::${FOREIGN}:root")`)],
    },
    {
      name: at('foreign account with an ExternalId'),
      reason: 'the third-party pattern AWS documents',
      resource: role(group, assume({ AWS: FOREIGN }, { Condition: { StringEquals: { 'sts:ExternalId': 'k3y-from-vendor' } } })),
      input: withAccounts([OWN]),
      want: [],
    },
    {
      name: at('foreign account with ExternalId IfExists'),
      reason: 'IfExists passes when the caller sends none',
      resource: role(group, assume({ AWS: FOREIGN }, { Condition: { StringEqualsIfExists: { 'sts:ExternalId': 'x' } } })),
      input: withAccounts([OWN]),
      want: [heldForeign('Statement[0]', `account ${FOREIGN} (AWS "${FOREIGN}")`)],
    },
    {
      name: at('the platform’s own account'),
      reason: 'listed in accounts: a role of its own accounts may be assumed without an external ID',
      resource: role(group, assume({ AWS: [`arn:aws:iam::${OWN}:role/ci`, OWN] })),
      input: withAccounts([OWN]),
      want: [],
    },
    {
      name: at('no accounts listed: every account is foreign'),
      reason: 'with the list empty, the platform has not said which accounts are its own',
      resource: role(group, assume({ AWS: `arn:aws:iam::${OWN}:role/ci` })),
      want: [heldForeign('Statement[0]', `account ${OWN} (AWS "arn:aws:iam::${OWN}:role/ci")`, NO_LIST)],
    },
    {
      name: at('an own and a foreign principal in one statement, and a session ARN'),
      reason: 'only the foreign ones are named',
      resource: role(group, assume({ AWS: [OWN, `arn:aws:sts::${FOREIGN}:assumed-role/r/s`, 'AROAEXAMPLEID'] })),
      input: withAccounts([OWN]),
      want: [heldForeign('Statement[0]', `account ${FOREIGN} (AWS "arn:aws:sts::${FOREIGN}:assumed-role/r/s"), an account it does not name (AWS "AROAEXAMPLEID")`)],
    },
    {
      name: at('a service, and everyone'),
      reason: 'services are not accounts; "*" is refused by aws-iam-trust-any-principal, not held here',
      resource: role(group, assume({ Service: 'ec2.amazonaws.com' }), assume('*')),
      input: withAccounts([OWN]),
      want: [
        finding(
          iamTrustAnyPrincipal,
          'Statement[1] lets any principal (Principal "*") assume this role (sts:AssumeRole) with no Condition; name the principals that need it (an account, a role ARN, a service), or limit it with a Condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn',
        ),
      ],
    },
    {
      name: at('a foreign account allowed only to tag sessions'),
      reason: 'sts:TagSession alone does not assume the role',
      resource: role(group, { Effect: 'Allow', Principal: { AWS: FOREIGN }, Action: 'sts:TagSession' }),
      input: withAccounts([OWN]),
      want: [],
    },
  ];
}

const GITHUB_ARN = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const GH = 'token.actions.githubusercontent.com';
const web = (provider: string, condition?: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: { Federated: provider },
  Action: 'sts:AssumeRoleWithWebIdentity',
  ...(condition !== undefined ? { Condition: condition } : {}),
});
const GH_FIX = `add StringEquals ${GH}:aud = sts.amazonaws.com, and ${GH}:sub = repo:<owner>/<repo>:<ref, environment or pull_request> (StringLike may put a wildcard after the repository, never in the owner or repository)`;
const refusedGitHub = (missing: string, label = 'Statement[0]') =>
  finding(iamTrustOidc, `${label} lets any GitHub Actions workflow (Federated "${GITHUB_ARN}") assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes ${missing}; ${GH_FIX}`);
const COGNITO = 'cognito-identity.amazonaws.com';
const COGNITO_FIX = `add StringEquals ${COGNITO}:aud = <the identity pool ID>, and ${COGNITO}:amr = authenticated (or ${COGNITO}:sub = <identity IDs>)`;
const EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const EKS_ARN = `arn:aws:iam::111111111111:oidc-provider/${EKS}`;
/** The ARN as a message shows it: quoted, shortened past 80 characters. */
const EKS_SHOWN = JSON.stringify(`${EKS_ARN.slice(0, 80)}…`);
const EKS_FIX = `add StringEquals ${EKS}:aud = <your client ID> and ${EKS}:sub = <the subject> (for EKS: system:serviceaccount:<namespace>:<name>), with no wildcards`;

function oidcCases(group: Group): Case[] {
  const at = (s: string) => `${group}: ${s}`;
  const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };
  return [
    {
      name: at('GitHub OIDC trust without sub is refused'),
      reason: 'any repository on GitHub could assume the role',
      resource: role(group, web(GITHUB_ARN, { StringEquals: AUD })),
      want: [refusedGitHub('the repository in the subject')],
    },
    {
      name: at('GitHub OIDC trust with no Condition'),
      reason: 'neither the audience nor the repository',
      resource: role(group, web(GITHUB_ARN)),
      want: [refusedGitHub('the audience and the repository in the subject')],
    },
    {
      name: at('GitHub: one repository, main branch'),
      reason: 'audience and repository fixed',
      resource: role(group, web(GITHUB_ARN, { StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:ref:refs/heads/main' } })),
      want: [],
    },
    {
      name: at('GitHub: one repository, any branch (StringLike)'),
      reason: 'a wildcard after the repository still names one repository',
      resource: role(group, web(GITHUB_ARN, { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ['repo:acme/app:*', 'repo:acme/infra:environment:prod'] } })),
      want: [],
    },
    {
      name: at('GitHub: every repository of an organization'),
      reason: 'repo:acme/* lets any repository of the organization, forks of public ones included in some setups',
      resource: role(group, web(GITHUB_ARN, { StringEquals: AUD, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } })),
      want: [refusedGitHub('the repository in the subject')],
    },
    {
      name: at('GitHub: repo:* and one good value'),
      reason: 'every value must name one repository',
      resource: role(group, web(GITHUB_ARN, { StringEquals: AUD, StringLike: { [`${GH}:sub`]: ['repo:acme/app:*', 'repo:*'] } })),
      want: [refusedGitHub('the repository in the subject')],
    },
    {
      name: at('GitHub: a pinned subject under ForAllValues'),
      reason: 'ForAllValues passes when the claim is absent',
      resource: role(group, web(GITHUB_ARN, { StringEquals: AUD, 'ForAllValues:StringEquals': { [`${GH}:sub`]: 'repo:acme/app:ref:refs/heads/main' } })),
      want: [refusedGitHub('the repository in the subject')],
    },
    {
      name: at('GitHub: the audience with a wildcard'),
      reason: 'sts.* names no audience',
      resource: role(group, web(GITHUB_ARN, { StringLike: { [`${GH}:aud`]: 'sts.*', [`${GH}:sub`]: 'repo:acme/app:*' } })),
      want: [refusedGitHub('the audience')],
    },
    {
      name: at('Cognito: the documented trust policy'),
      reason: 'one identity pool, authenticated identities',
      resource: role(group, web(COGNITO, { StringEquals: { [`${COGNITO}:aud`]: 'eu-west-1:12345678-abcd' }, 'ForAnyValue:StringLike': { [`${COGNITO}:amr`]: 'authenticated' } })),
      want: [],
    },
    {
      name: at('Cognito without the identity pool'),
      reason: 'any identity pool of any account could assume the role',
      resource: role(group, web(COGNITO, { 'ForAnyValue:StringLike': { [`${COGNITO}:amr`]: 'authenticated' } })),
      want: [finding(iamTrustOidc, `Statement[0] lets any Cognito identity (Federated "${COGNITO}") assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes the audience; ${COGNITO_FIX}`)],
    },
    {
      name: at('Cognito guest identities'),
      reason: 'unauthenticated: anyone who asks the pool for an identity',
      resource: role(group, web(COGNITO, { StringEquals: { [`${COGNITO}:aud`]: 'eu-west-1:12345678-abcd' }, 'ForAnyValue:StringLike': { [`${COGNITO}:amr`]: 'unauthenticated' } })),
      want: [finding(iamTrustOidc, `Statement[0] lets any Cognito identity (Federated "${COGNITO}") assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes the subject; ${COGNITO_FIX}`)],
    },
    {
      name: at('EKS: one service account'),
      reason: 'IRSA as AWS documents it',
      resource: role(group, web(EKS_ARN, { StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com', [`${EKS}:sub`]: 'system:serviceaccount:app:api' } })),
      want: [],
    },
    {
      name: at('EKS: every service account of a namespace'),
      reason: 'a wildcard subject is any pod that can create a service account there',
      resource: role(group, web(EKS_ARN, { StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${EKS}:sub`]: 'system:serviceaccount:app:*' } })),
      want: [finding(iamTrustOidc, `Statement[0] lets any identity of the OIDC provider ${EKS} (Federated ${EKS_SHOWN}) assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes the subject; ${EKS_FIX}`)],
    },
    {
      name: at('two providers in one statement'),
      reason: 'each provider’s claims are judged on their own keys',
      resource: role(group, {
        ...web(GITHUB_ARN, { StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:ref:refs/heads/main' } }),
        Principal: { Federated: [GITHUB_ARN, EKS_ARN] },
      }),
      want: [
        finding(iamTrustOidc, `Statement[0] lets any identity of the OIDC provider ${EKS} (Federated ${EKS_SHOWN}) assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes the audience and the subject; ${EKS_FIX}`),
      ],
    },
    {
      name: at('a SAML provider'),
      reason: 'SAML is not OIDC: not judged here',
      resource: role(group, { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/okta' }, Action: 'sts:AssumeRoleWithSAML' }),
      want: [],
    },
    {
      name: at('GitHub allowed only sts:AssumeRole'),
      reason: 'a web identity can only use AssumeRoleWithWebIdentity',
      resource: role(group, { Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:AssumeRole' }),
      want: [],
    },
    {
      name: at('GitHub allowed sts:* with no Condition'),
      reason: 'an action pattern that covers AssumeRoleWithWebIdentity counts',
      resource: role(group, { Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:*' }),
      want: [refusedGitHub('the audience and the repository in the subject')],
    },
  ];
}

describe('trust rules through the engine', () => {
  it.each([...foreignCases('cluster'), ...foreignCases('namespaced'), ...oidcCases('cluster'), ...oidcCases('namespaced')])('$name', (c) => runFindingsCase(c, RULES));
});

describe('parsing the principals', () => {
  it.each([
    { id: '123456789012', want: '123456789012' },
    { id: 'arn:aws:iam::123456789012:root', want: '123456789012' },
    { id: 'arn:aws-us-gov:iam::123456789012:role/x', want: '123456789012' },
    { id: 'arn:aws:sts::123456789012:assumed-role/r/s', want: '123456789012' },
    { id: 'AROAEXAMPLEID', want: undefined },
    { id: '12345', want: undefined },
  ])('accountOf($id)', ({ id, want }) => expect(accountOf(id)).toBe(want));

  it.each([
    { id: GITHUB_ARN, want: GH },
    { id: EKS_ARN, want: EKS },
    { id: COGNITO, want: COGNITO },
    { id: 'accounts.google.com', want: 'accounts.google.com' },
    { id: 'arn:aws:iam::1:saml-provider/okta', want: undefined },
  ])('oidcProvider($id)', ({ id, want }) => expect(oidcProvider(id)).toBe(want));
});

describe('the accounts parameter', () => {
  it('accepts 12-digit account IDs and refuses anything else, with its path', () => {
    const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'aws-iam-trust-foreign-account': { accounts: [OWN, '1234'] } } }, CATALOG);
    expect(parsed.ok ? [] : parsed.problems).toEqual(['rules.aws-iam-trust-foreign-account.accounts[1]: must be a 12-digit AWS account ID']);
  });

  it('lists the rules in evaluation order', () => {
    expect(IAM_TRUST_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-iam-trust-foreign-account', 'RequireApproval'],
      ['aws-iam-trust-oidc', 'Deny'],
    ]);
  });
});
