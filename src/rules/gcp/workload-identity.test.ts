import { describe, expect, it } from 'vitest';
import { finding, runFindingsCase, withPolicies, type FindingsCase } from '../../../test/builders/aws-data.js';
import { gcpResource, served, type Served } from '../../../test/builders/gcp-data.js';
import { input } from '../../../test/builders.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { CATALOG } from '../catalog.js';
import { iamPrivilegedGrant } from './iam.js';
import { sharedIssuer, WORKLOAD_IDENTITY_RULES, workloadIdentityPoolGrant, workloadIdentityTrust } from './workload-identity.js';

/** provider-upjet-gcp serves WorkloadIdentityPoolProvider as iam.gcp.upbound.io/v1beta2 and iam.gcp.m.upbound.io/v1beta1; v1beta1 is the older cluster-scoped one. */
const CLUSTER = served('cluster', 'v1beta2');
const LEGACY = served('cluster', 'v1beta1');
const NAMESPACED = served('namespaced', 'v1beta1');
const SHAPES = [CLUSTER, LEGACY, NAMESPACED];

const GITHUB = 'https://token.actions.githubusercontent.com';
const GITLAB = 'https://gitlab.com';
const TFC = 'https://app.terraform.io';
const EKS = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** A single nested block in the shape of `s`: a one-element list in cluster-scoped v1beta1, an object elsewhere. */
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);

/** A WorkloadIdentityPoolProvider of `s` with these forProvider fields; `oidc`, `aws`, `saml` and `x509` are given as objects. */
function provider(s: Served, fields: Record<string, unknown>): KubeObject {
  const out: Record<string, unknown> = { workloadIdentityPoolId: 'ci' };
  for (const [k, v] of Object.entries(fields)) out[k] = ['oidc', 'aws', 'saml', 'x509'].includes(k) ? block(s, v as Record<string, unknown>) : v;
  return gcpResource('iam', 'WorkloadIdentityPoolProvider', s, out);
}
const github = (condition?: unknown, extra: Record<string, unknown> = {}, s = CLUSTER) =>
  provider(s, { attributeMapping: { 'google.subject': 'assertion.sub' }, oidc: { issuerUri: GITHUB }, ...(condition !== undefined ? { attributeCondition: condition } : {}), ...extra });
const oidc = (issuer: string, condition?: string, extra: Record<string, unknown> = {}) =>
  provider(CLUSTER, { attributeMapping: { 'google.subject': 'assertion.sub' }, oidc: { issuerUri: issuer }, ...(condition !== undefined ? { attributeCondition: condition } : {}), ...extra });

const COND = 'spec.forProvider.attributeCondition';
const held = (path: string, message: string): Finding => finding(workloadIdentityTrust, 'RequireApproval', path, message);

const ANYONE_GITHUB = 'every GitHub Actions workflow of every repository on github.com';
const ADVICE_GITHUB =
  "add an attributeCondition that fixes the GitHub organization or repository, e.g. assertion.repository_owner_id == '<organization ID>' (Google requires one for GitHub, GitLab SaaS and Terraform Cloud), or have a human approve it";
const TENANT_GITHUB =
  'the GitHub organization or repository (repository_owner, repository_owner_id, repository, repository_id, enterprise or enterprise_id equal to a value, a repository starting with "<owner>/", or a sub starting with "repo:<owner>/")';
const ADVICE_ANY =
  "add an attributeCondition that fixes the identities it admits (a claim equal to a value, e.g. attribute.aws_role == '<role ARN>' or assertion.sub == '<subject>'), or have a human approve it";

/** As the rule quotes a condition or an issuer: its first 80 characters. */
const q = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
const inline = (path: string, what: string) => held(path, `${path} gives ${what} inline: whoever holds the matching private key vouches for any identity, so no attributeCondition constrains it; have a human approve it`);
const noCondition = (who: string, advice: string) => held(COND, `this WorkloadIdentityPoolProvider has no attributeCondition, so it admits ${who}; ${advice}`);
const loose = (condition: string, path = COND) => held(path, `${path} (${q(condition)}) can be true without fixing ${TENANT_GITHUB}, so the provider admits ${ANYONE_GITHUB}; ${ADVICE_GITHUB}`);
const looseAny = (condition: string, who: string) =>
  held(COND, `${COND} (${q(condition)}) can be true without fixing any claim to a value, so the provider admits ${who}; ${ADVICE_ANY}`);

const githubCases: FindingsCase[] = [
  ...SHAPES.flatMap((s): FindingsCase[] => [
    {
      name: `${s.label}: an agent trusts GitHub Actions with no attributeCondition: held`,
      reason: 'one issuer for every repository on github.com: any of them exchanges tokens (CKV_GCP_118, GCP-0068)',
      resource: github(undefined, {}, s),
      want: [noCondition(ANYONE_GITHUB, ADVICE_GITHUB)],
    },
    {
      name: `${s.label}: a condition on the organization passes`,
      reason: "Google's own guidance: restrict admission to your GitHub organization",
      resource: github("assertion.repository_owner == 'acme'", {}, s),
      want: [],
    },
    {
      name: `${s.label}: a condition on the branch only: held`,
      reason: 'every repository has a main branch: refs/heads/main fixes nobody',
      resource: github("assertion.ref == 'refs/heads/main'", {}, s),
      want: [loose("assertion.ref == 'refs/heads/main'")],
    },
  ]),
  {
    name: 'an empty condition: held',
    reason: 'white space is no condition',
    resource: github('  '),
    want: [held(COND, `${COND} is empty, so the provider admits ${ANYONE_GITHUB}; ${ADVICE_GITHUB}`)],
  },
  {
    name: "an agent pads the organization with '|| true': held",
    reason: 'a disjunction fixes the tenant only if every side does',
    resource: github("assertion.repository_owner == 'acme' || true"),
    want: [loose("assertion.repository_owner == 'acme' || true")],
  },
  {
    name: 'an organization and a branch: passes',
    reason: 'a conjunction fixes the tenant if either side does',
    resource: github("assertion.repository_owner_id == '1342004' && assertion.ref == 'refs/heads/main'"),
    want: [],
  },
  {
    name: 'every side of a disjunction names a repository: passes',
    reason: 'each way it can be true fixes the repository',
    resource: github("assertion.repository == 'acme/app' || (assertion.repository_id == '260064828' && assertion.ref == 'refs/heads/main')"),
    want: [],
  },
  {
    name: 'a negation fixes nothing: held',
    reason: '!= admits every other organization',
    resource: github("assertion.repository_owner != 'evil'"),
    want: [loose("assertion.repository_owner != 'evil'")],
  },
  {
    name: 'a double negation is not understood: held',
    reason: 'negations are not read; a person approves what the rule cannot read',
    resource: github("!(assertion.repository_owner != 'acme')"),
    want: [loose("!(assertion.repository_owner != 'acme')")],
  },
  {
    name: 'a function on the claim is not understood: held',
    reason: 'lowerAscii and other functions are not read',
    resource: github("assertion.repository_owner.lowerAscii() == 'acme'"),
    want: [loose("assertion.repository_owner.lowerAscii() == 'acme'")],
  },
  {
    name: 'a claim named like a prototype key: held, never a crash',
    reason: 'constructor and __proto__ are no claims of the table',
    resource: github("assertion.constructor == 'acme' || assertion.__proto__ == 'acme'"),
    want: [loose("assertion.constructor == 'acme' || assertion.__proto__ == 'acme'")],
  },
  {
    name: 'the claim by index: passes',
    reason: "assertion['repository_owner'] is the same claim",
    resource: github("assertion['repository_owner'] == 'acme'"),
    want: [],
  },
  {
    name: 'a list of organizations: passes',
    reason: 'in a list of literals fixes each way it can be true',
    resource: github("assertion.repository_owner in ['acme', 'acme-labs']"),
    want: [],
  },
  {
    name: 'a literal first: passes',
    reason: "'acme' == assertion.repository_owner is the same test",
    resource: github("'acme' == assertion.repository_owner"),
    want: [],
  },
  {
    name: 'a conditional operator whose else is false: passes',
    reason: 'c ? true : false is c',
    resource: github("assertion.repository_owner == 'acme' ? true : false"),
    want: [],
  },
  {
    name: 'a conditional operator whose else is true: held',
    reason: 'the else branch admits everyone',
    resource: github("assertion.repository_owner == 'acme' ? assertion.ref == 'refs/heads/main' : true"),
    want: [loose("assertion.repository_owner == 'acme' ? assertion.ref == 'refs/heads/main' : true")],
  },
  {
    name: 'a default subject naming the repository: passes',
    reason: 'repo:<owner>/<repo>:... can only come from that repository',
    resource: github("assertion.sub == 'repo:acme/app:ref:refs/heads/main'"),
    want: [],
  },
  {
    name: 'a custom subject an attacker can choose: held',
    reason: 'an organization picks the claims in its own subjects: environment:prod comes from any of them (Checkov CKV_GCP_125)',
    resource: github("assertion.sub == 'environment:prod'"),
    want: [loose("assertion.sub == 'environment:prod'")],
  },
  {
    name: 'a custom subject that starts with the organization ID: passes',
    reason: 'repository_owner_id:<id> first can only come from that organization',
    resource: github("assertion.sub == 'repository_owner_id:1342004:environment:prod'"),
    want: [],
  },
  {
    name: "a subject prefix that ends after the owner's slash: passes",
    reason: 'repo:acme/ is the acme organization',
    resource: github("assertion.sub.startsWith('repo:acme/')"),
    want: [],
  },
  {
    name: 'a subject prefix an attacker completes: held',
    reason: 'repo:acme is also repo:acme-evil/...',
    resource: github("assertion.sub.startsWith('repo:acme')"),
    want: [loose("assertion.sub.startsWith('repo:acme')")],
  },
  {
    name: 'a repository prefix without its slash: held',
    reason: 'acme is also acme-evil/app',
    resource: github("assertion.repository.startsWith('acme')"),
    want: [loose("assertion.repository.startsWith('acme')")],
  },
  {
    name: 'a repository prefix with its slash: passes',
    reason: 'acme/ is one organization',
    resource: github("assertion.repository.startsWith('acme/')"),
    want: [],
  },
  {
    name: 'an attribute mapped from the owner: passes',
    reason: 'attributeMapping attribute.owner = assertion.repository_owner: the same claim',
    resource: github("attribute.owner == 'acme'", { attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.owner': 'assertion.repository_owner' } }),
    want: [],
  },
  {
    name: 'an attribute named like the owner, mapped from the actor: held',
    reason: 'the name is not the claim: actor is any GitHub user, in any repository',
    resource: github("attribute.repository_owner == 'acme'", { attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository_owner': 'assertion.actor' } }),
    want: [loose("attribute.repository_owner == 'acme'")],
  },
  {
    name: 'an attribute that is not mapped: held',
    reason: 'what it holds cannot be known',
    resource: github("attribute.repository_owner == 'acme'"),
    want: [loose("attribute.repository_owner == 'acme'")],
  },
  {
    name: 'an attribute mapped differently in forProvider and initProvider: held',
    reason: 'which mapping applies depends on when: neither is trusted',
    resource: {
      ...github(),
      spec: {
        forProvider: { workloadIdentityPoolId: 'ci', oidc: { issuerUri: GITHUB }, attributeCondition: "attribute.owner == 'acme'", attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.owner': 'assertion.repository_owner' } },
        initProvider: { attributeMapping: { 'attribute.owner': 'assertion.actor' } },
      },
    },
    want: [loose("attribute.owner == 'acme'")],
  },
  {
    name: 'google.subject mapped from the subject: passes',
    reason: 'google.subject = assertion.sub, fixed to repo:acme/app:...',
    resource: github("google.subject == 'repo:acme/app:environment:prod'"),
    want: [],
  },
  {
    name: 'the issuer in another spelling: judged as GitHub',
    reason: 'case and a trailing slash do not make another issuer',
    resource: oidc('HTTPS://Token.Actions.GitHubUserContent.com/'),
    want: [noCondition(ANYONE_GITHUB, ADVICE_GITHUB)],
  },
  {
    name: 'a condition in initProvider only: judged',
    reason: 'initProvider is applied at creation: read like forProvider',
    resource: { ...github(), spec: { forProvider: { workloadIdentityPoolId: 'ci', oidc: { issuerUri: GITHUB } }, initProvider: { attributeCondition: "assertion.ref == 'refs/heads/main'" } } },
    want: [loose("assertion.ref == 'refs/heads/main'", 'spec.initProvider.attributeCondition')],
  },
  {
    name: 'a loose condition in initProvider beside a tight one: held',
    reason: 'every explicit value is judged',
    resource: { ...github("assertion.repository_owner == 'acme'"), spec: { forProvider: { workloadIdentityPoolId: 'ci', oidc: { issuerUri: GITHUB }, attributeCondition: "assertion.repository_owner == 'acme'" }, initProvider: { attributeCondition: 'true' } } },
    want: [loose('true', 'spec.initProvider.attributeCondition')],
  },
  {
    name: 'GitHub named only in initProvider: judged as GitHub',
    reason: 'the stricter reading where the two blocks name different issuers',
    resource: { ...oidc(EKS, "assertion.sub == 'system:serviceaccount:ci:deployer'"), spec: { forProvider: { workloadIdentityPoolId: 'ci', oidc: { issuerUri: EKS }, attributeCondition: "assertion.ref == 'refs/heads/main'" }, initProvider: { oidc: { issuerUri: GITHUB } } } },
    want: [loose("assertion.ref == 'refs/heads/main'")],
  },
  {
    name: 'a condition that is not CEL: held',
    reason: 'it cannot be judged',
    resource: github('assertion.repository_owner =='),
    want: [held(COND, `${COND} ("assertion.repository_owner ==") cannot be judged: it is not CEL (<input>:1:28: found = but expecting end of input)`)],
  },
  {
    name: 'a condition that is not a string: held',
    reason: 'malformed: held, never passed',
    resource: github({ expression: "assertion.repository_owner == 'acme'" }),
    want: [held(COND, `${COND} must be a CEL expression (a string), got an object; it cannot be judged`)],
  },
  {
    name: 'a condition longer than Google accepts: held',
    reason: 'bounded work: 4,096 characters at most',
    resource: github(`assertion.repository_owner == '${'a'.repeat(4096)}'`),
    want: [held(COND, `${COND} is 4,128 characters long, more than the 4,096 Google accepts; it cannot be judged`)],
  },
  {
    name: 'a condition nested too deeply: held',
    reason: 'the parser gives up: never a crash',
    resource: github(`${'('.repeat(2040)}true${')'.repeat(2040)}`),
    want: [held(COND, `${COND} ("${'('.repeat(80)}…") cannot be judged: it is nested too deeply to read`)],
  },
  {
    name: 'keys given inline: held, whatever the condition',
    reason: 'jwksJson replaces the keys GitHub publishes: whoever holds the private key mints any claims, repository_owner included',
    resource: github("assertion.repository_owner == 'acme'", { oidc: { issuerUri: GITHUB, jwksJson: '{"keys":[{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}]}' } }),
    want: [
      held(
        'spec.forProvider.oidc.jwksJson',
        "spec.forProvider.oidc.jwksJson gives the keys that sign the issuer's tokens inline, in place of the ones it publishes: whoever holds a matching private key mints tokens with any claims, and no attributeCondition constrains that; remove it so Google fetches the issuer's own keys, or have a human approve it if these are (a private cluster's)",
      ),
    ],
  },
  {
    name: 'keys given inline in a one-element list (v1beta1): held',
    reason: 'the same field in the other shape',
    resource: github("assertion.repository_owner == 'acme'", { oidc: { issuerUri: GITHUB, jwksJson: '{"keys":[]}' } }, LEGACY),
    want: [
      held(
        'spec.forProvider.oidc[0].jwksJson',
        "spec.forProvider.oidc[0].jwksJson gives the keys that sign the issuer's tokens inline, in place of the ones it publishes: whoever holds a matching private key mints tokens with any claims, and no attributeCondition constrains that; remove it so Google fetches the issuer's own keys, or have a human approve it if these are (a private cluster's)",
      ),
    ],
  },
  {
    name: 'an issuer that is not a string: held',
    reason: 'malformed: it cannot be judged, and the provider has no condition',
    resource: provider(CLUSTER, { oidc: { issuerUri: ['https://token.actions.githubusercontent.com'] } }),
    want: [
      held('spec.forProvider.oidc.issuerUri', "spec.forProvider.oidc.issuerUri must be the issuer's URL (a string), got an array; the provider cannot be judged"),
      noCondition('every token its OIDC issuer issues', ADVICE_ANY),
    ],
  },
  {
    name: 'an observe-only provider passes',
    reason: "someone else's provider: observing it admits no one",
    resource: withPolicies(github(), ['Observe']),
    want: [],
  },
  {
    name: 'a disabled provider without a condition: held',
    reason: 'one field turns it on',
    resource: github(undefined, { disabled: true }),
    want: [noCondition(ANYONE_GITHUB, ADVICE_GITHUB)],
  },
];

const ANYONE_GITLAB = 'every CI/CD job of every project on gitlab.com';
const ANYONE_TFC = 'every run of every Terraform Cloud organization';
const sharedLoose = (condition: string, tenant: string, claims: string, who: string, example: string) =>
  held(COND, `${COND} (${q(condition)}) can be true without fixing ${tenant} (${claims}), so the provider admits ${who}; add an attributeCondition that fixes ${tenant}, e.g. ${example} (Google requires one for GitHub, GitLab SaaS and Terraform Cloud), or have a human approve it`);
const GITLAB_CLAIMS = 'namespace_id, namespace_path, project_id or project_path equal to a value, a path starting with "<group>/", or a sub starting with "project_path:<group>/"';
const TFC_CLAIMS =
  'terraform_organization_id, terraform_organization_name, terraform_project_id or terraform_workspace_id equal to a value, or a sub or terraform_full_workspace starting with "organization:<organization>:"';

const otherCases: FindingsCase[] = [
  {
    name: 'GitLab.com without a condition: held',
    reason: 'one issuer for every project on gitlab.com',
    resource: oidc(GITLAB),
    want: [
      noCondition(ANYONE_GITLAB, "add an attributeCondition that fixes the GitLab group or project, e.g. assertion.namespace_id == '<group ID>' (Google requires one for GitHub, GitLab SaaS and Terraform Cloud), or have a human approve it"),
    ],
  },
  { name: 'GitLab.com: a group passes', reason: 'namespace_path names one group', resource: oidc(GITLAB, "assertion.namespace_path == 'acme'"), want: [] },
  { name: 'GitLab.com: a project path prefix with its slash passes', reason: 'acme/ is one group', resource: oidc(GITLAB, "assertion.project_path.startsWith('acme/')"), want: [] },
  {
    name: 'GitLab.com: a protected branch only: held',
    reason: 'any project has protected branches',
    resource: oidc(GITLAB, "assertion.ref_protected == 'true'"),
    want: [sharedLoose("assertion.ref_protected == 'true'", 'the GitLab group or project', GITLAB_CLAIMS, ANYONE_GITLAB, "assertion.namespace_id == '<group ID>'")],
  },
  { name: 'Terraform Cloud: an organization ID passes', reason: 'IDs are unique', resource: oidc(TFC, "assertion.terraform_organization_id == 'org-ABCdef123'"), want: [] },
  { name: 'Terraform Cloud: a subject prefix naming the organization passes', reason: 'organization:acme: is one organization', resource: oidc(TFC, "assertion.sub.startsWith('organization:acme:')"), want: [] },
  {
    name: 'Terraform Cloud: a workspace name: held',
    reason: 'every organization may have a workspace called prod',
    resource: oidc(TFC, "assertion.terraform_workspace_name == 'prod'"),
    want: [sharedLoose("assertion.terraform_workspace_name == 'prod'", 'the Terraform Cloud organization', TFC_CLAIMS, ANYONE_TFC, "assertion.terraform_organization_id == '<organization ID>'")],
  },
  {
    name: 'Terraform Cloud: a subject prefix an attacker completes: held',
    reason: 'organization:acme is also organization:acme-evil:...',
    resource: oidc(TFC, "assertion.sub.startsWith('organization:acme')"),
    want: [sharedLoose("assertion.sub.startsWith('organization:acme')", 'the Terraform Cloud organization', TFC_CLAIMS, ANYONE_TFC, "assertion.terraform_organization_id == '<organization ID>'")],
  },
  {
    name: 'a cluster issuer without a condition: held',
    reason: 'every service account of the cluster would be admitted (CKV_GCP_118)',
    resource: oidc(EKS),
    want: [noCondition(`every token the OIDC issuer ${q(EKS)} issues`, ADVICE_ANY)],
  },
  { name: 'a cluster issuer with one service account: passes', reason: 'a private issuer: any claim fixed to a value narrows it', resource: oidc(EKS, "assertion.sub == 'system:serviceaccount:ci:deployer'"), want: [] },
  {
    name: 'a cluster issuer with a condition that is always true: held',
    reason: 'true fixes nothing',
    resource: oidc(EKS, 'true'),
    want: [looseAny('true', `every token the OIDC issuer ${q(EKS)} issues`)],
  },
  {
    name: 'a cluster issuer with a claim that is merely present: held',
    reason: "assertion.sub != '' is true of every token",
    resource: oidc(EKS, "assertion.sub != ''"),
    want: [looseAny("assertion.sub != ''", `every token the OIDC issuer ${q(EKS)} issues`)],
  },
  {
    name: 'an agent maps an attribute from a constant and tests it: held',
    reason: "attribute.team = 'ci' is true of every token",
    resource: oidc(EKS, "attribute.team == 'ci'", { attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.team': "'ci'" } }),
    want: [looseAny("attribute.team == 'ci'", `every token the OIDC issuer ${q(EKS)} issues`)],
  },
  {
    name: "GitHub Enterprise Cloud's own issuer: a private issuer",
    reason: 'token.actions.githubusercontent.com/<enterprise> issues only that enterprise\'s tokens',
    resource: oidc(`${GITHUB}/acme-enterprise`, "assertion.ref == 'refs/heads/main'"),
    want: [],
  },
  ...SHAPES.flatMap((s): FindingsCase[] => [
    {
      name: `${s.label}: an AWS account without a condition: held`,
      reason: 'every role and user of the account would be admitted',
      resource: provider(s, { aws: { accountId: '123456789012' } }),
      want: [noCondition('every role and user of AWS account "123456789012"', ADVICE_ANY)],
    },
    {
      name: `${s.label}: an AWS role through the default mapping: passes`,
      reason: "attribute.aws_role is Google's default mapping for AWS providers",
      resource: provider(s, { aws: { accountId: '123456789012' }, attributeCondition: "attribute.aws_role == 'arn:aws:sts::123456789012:assumed-role/deploy'" }),
      want: [],
    },
  ]),
  {
    name: 'an AWS role through a derived mapping: passes',
    reason: "the mapping reads the assertion (Terraform's example: assertion.arn.extract(...))",
    resource: provider(CLUSTER, {
      aws: { accountId: '123456789012' },
      attributeMapping: { 'google.subject': 'assertion.arn', 'attribute.aws_role': "assertion.arn.extract('assumed-role/{role}/')" },
      attributeCondition: "attribute.aws_role == 'deploy'",
    }),
    want: [],
  },
  { name: 'SAML without a condition: held', reason: 'every identity the IdP asserts', resource: provider(CLUSTER, { saml: { idpMetadataXml: '<EntityDescriptor/>' } }), want: [inline('spec.forProvider.saml', "its SAML identity provider's metadata (and signing keys)"), noCondition('every identity its SAML identity provider asserts', ADVICE_ANY)] },
  {
    name: 'X.509 without a condition: held',
    reason: 'every certificate that chains to the trust store',
    resource: provider(NAMESPACED, { x509: { trustStore: { trustAnchors: [{ pemCertificate: '-----BEGIN CERTIFICATE-----' }] } } }),
    want: [inline('spec.forProvider.x509', 'the trust store of the certificates it accepts'), noCondition('every client certificate that chains to its trust store', ADVICE_ANY)],
  },
  { name: 'no identity provider block, no condition: held', reason: 'whatever it is, it is unconditioned', resource: provider(CLUSTER, {}), want: [noCondition('every identity its identity provider vouches for', ADVICE_ANY)] },
];

/** The Input of the condition cases: every issuer and account they use is one the platform trusts, so only the condition is at stake. */
const TRUSTING = input({ rules: { 'gcp-iam-workload-identity-trust': { issuers: [EKS, `${GITHUB}/acme-enterprise`], awsAccounts: ['123456789012'] } } });

const TRUST = 'rules.gcp-iam-workload-identity-trust';
const sourceCases: FindingsCase[] = [
  {
    name: 'an issuer the agent runs, with a tight condition, no issuer listed: held',
    reason: 'whoever runs the issuer mints tokens with any claims: pinning a claim constrains nothing',
    resource: oidc('https://idp.agent.example.com', "assertion.sub == 'deployer'"),
    want: [
      held(
        'spec.forProvider.oidc.issuerUri',
        `spec.forProvider.oidc.issuerUri trusts the OIDC issuer "https://idp.agent.example.com", and no issuer is listed in ${TRUST}.issuers, so every issuer but the shared ones is unknown: whoever runs an issuer mints tokens with any claims, so no attributeCondition constrains one an agent chose; list it there if the platform trusts it, or have a human approve it`,
      ),
    ],
  },
  {
    name: 'the same with other issuers listed: held',
    reason: 'it is not one of them',
    resource: oidc('https://idp.agent.example.com', "assertion.sub == 'deployer'"),
    input: TRUSTING,
    want: [
      held(
        'spec.forProvider.oidc.issuerUri',
        `spec.forProvider.oidc.issuerUri trusts the OIDC issuer "https://idp.agent.example.com", and it is not listed in ${TRUST}.issuers: whoever runs an issuer mints tokens with any claims, so no attributeCondition constrains one an agent chose; list it there if the platform trusts it, or have a human approve it`,
      ),
    ],
  },
  {
    name: 'a listed issuer, spelled with another case and a trailing slash: passes',
    reason: 'issuers are compared trimmed, without case or a trailing slash',
    resource: oidc(`${EKS.toUpperCase().replace('HTTPS', 'https')}/`, "assertion.sub == 'system:serviceaccount:ci:deployer'"),
    input: TRUSTING,
    want: [],
  },
  {
    name: 'GitHub Actions needs no listing: its condition pins the tenant',
    reason: 'a shared issuer is judged by the tenant the condition fixes',
    resource: github("assertion.repository_owner_id == '1234'"),
    want: [],
  },
  {
    name: 'an AWS account not listed: held',
    reason: 'whoever holds the account vouches for any identity in it',
    resource: provider(CLUSTER, { aws: { accountId: '210987654321' }, attributeCondition: "attribute.aws_role == 'arn:aws:sts::210987654321:assumed-role/deploy'" }),
    input: TRUSTING,
    want: [
      held(
        'spec.forProvider.aws.accountId',
        `spec.forProvider.aws.accountId trusts every role and user of AWS account "210987654321", and it is not listed in ${TRUST}.awsAccounts: whoever holds that account vouches for any identity in it; list it there if it is the platform's, or have a human approve it`,
      ),
    ],
  },
];

describe('gcp-iam-workload-identity-trust', () => {
  describe('GitHub Actions', () => it.each(githubCases)('$name', (c) => runFindingsCase({ input: TRUSTING, ...c }, [workloadIdentityTrust])));
  describe('other identity providers', () => it.each(otherCases)('$name', (c) => runFindingsCase({ input: TRUSTING, ...c }, [workloadIdentityTrust])));
  describe('whom it trusts', () => it.each(sourceCases)('$name', (c) => runFindingsCase(c, [workloadIdentityTrust])));

  it.each([
    { uri: GITHUB, want: GITHUB },
    { uri: ` ${GITHUB}// `, want: GITHUB },
    { uri: 'https://GitLab.com', want: GITLAB },
    { uri: TFC, want: TFC },
    { uri: `${GITHUB}/acme`, want: undefined },
    { uri: 'https://gitlab.example.com', want: undefined },
  ])('sharedIssuer($uri)', ({ uri, want }) => expect(sharedIssuer(uri)?.issuer).toBe(want));
});

const POOL = 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/*';
const SA = 'projects/acme-prod/serviceAccounts/deploy@acme-prod.iam.gserviceaccount.com';
const POOL_ADVICE = 'grant it to the identities that need it (principalSet://.../attribute.<name>/<value>, principal://.../subject/<subject>), or have a human approve it';
const poolHeld = (path: string, role: string, principal: string, pool: string, acts: boolean) =>
  finding(
    workloadIdentityPoolGrant,
    'RequireApproval',
    path,
    `${path} grants ${role} to ${JSON.stringify(principal)}: every identity workload identity pool "${pool}" admits, through any of its providers${acts ? ', so every one of them may act as this service account' : ''}; ${POOL_ADVICE}`,
  );
const member = (service: string, kind: string, forProvider: Record<string, unknown>, s = served('cluster', 'v1beta2')) => gcpResource(service, kind, s, forProvider);

const grantCases: FindingsCase[] = [
  ...[served('cluster', 'v1beta2'), served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')].map(
    (s): FindingsCase => ({
      name: `${s.label}: an agent lets a whole pool act as a service account: held`,
      reason: 'roles/iam.workloadIdentityUser to .../workloadIdentityPools/github/*: every repository the providers admit',
      resource: member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: SA, role: 'roles/iam.workloadIdentityUser', member: POOL }, s),
      want: [poolHeld('spec.forProvider.member', 'roles/iam.workloadIdentityUser', POOL, 'github', true)],
    }),
  ),
  {
    name: 'the token creator role to a whole pool: held',
    reason: 'serviceAccountTokenCreator mints the same tokens',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: SA, role: 'roles/iam.serviceAccountTokenCreator', member: POOL }),
    want: [poolHeld('spec.forProvider.member', 'roles/iam.serviceAccountTokenCreator', POOL, 'github', true)],
  },
  {
    name: 'another spelling: case and spaces',
    reason: 'compared without case or surrounding space',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: SA, role: 'roles/iam.workloadIdentityUser', member: ` ${POOL.replace('principalSet', 'PRINCIPALSET').replace('workloadIdentityPools', 'workloadidentitypools')} ` }),
    want: [
      poolHeld('spec.forProvider.member', 'roles/iam.workloadIdentityUser', 'PRINCIPALSET://iam.googleapis.com/projects/123456789/locations/global/workloadidentitypools/github/*', 'github', true),
    ],
  },
  {
    name: 'one repository of the pool passes',
    reason: 'principalSet://.../attribute.repository/acme/app names the identities that need it',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', {
      serviceAccountId: SA,
      role: 'roles/iam.workloadIdentityUser',
      member: 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/attribute.repository/acme/app',
    }),
    want: [],
  },
  {
    name: 'one subject of the pool passes',
    reason: 'principal://.../subject/... is one identity',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', {
      serviceAccountId: SA,
      role: 'roles/iam.workloadIdentityUser',
      member: 'principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/subject/repo:acme/app:ref:refs/heads/main',
    }),
    want: [],
  },
  {
    name: 'a whole pool in a binding: held where it stands',
    reason: 'ServiceAccountIAMBinding members, read one by one',
    resource: member('cloudplatform', 'ServiceAccountIAMBinding', { serviceAccountId: SA, role: 'roles/iam.workloadIdentityUser', members: ['user:ana@example.com', POOL] }),
    want: [poolHeld('spec.forProvider.members[1]', 'roles/iam.workloadIdentityUser', POOL, 'github', true)],
  },
  {
    name: 'a whole pool in a policy document: held',
    reason: 'ServiceAccountIAMPolicy bindings are grants too',
    resource: member('cloudplatform', 'ServiceAccountIAMPolicy', { serviceAccountId: SA, policyData: JSON.stringify({ bindings: [{ role: 'roles/iam.workloadIdentityUser', members: [POOL] }] }) }),
    want: [poolHeld('spec.forProvider.policyData', 'roles/iam.workloadIdentityUser', POOL, 'github', true)],
  },
  {
    name: 'a bucket readable by a whole pool: held',
    reason: 'direct federation: every identity of the pool reads it',
    resource: member('storage', 'BucketIAMMember', { bucket: 'artifacts', role: 'roles/storage.objectViewer', member: POOL }),
    want: [poolHeld('spec.forProvider.member', 'roles/storage.objectViewer', POOL, 'github', false)],
  },
  {
    name: "a GKE cluster's whole workload pool: held",
    reason: 'every Kubernetes service account of every cluster of the project',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: SA, role: 'roles/iam.workloadIdentityUser', member: 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/*' }),
    want: [poolHeld('spec.forProvider.member', 'roles/iam.workloadIdentityUser', 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/*', 'acme-prod.svc.id.goog', true)],
  },
  {
    name: 'a workforce pool is not judged here',
    reason: "people from the organization's own identity provider, not workloads",
    resource: member('storage', 'BucketIAMMember', { bucket: 'artifacts', role: 'roles/storage.objectViewer', member: 'principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*' }),
    want: [],
  },
  {
    name: 'an observe-only grant passes',
    reason: 'observing a grant grants nothing',
    resource: withPolicies(member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: SA, role: 'roles/iam.workloadIdentityUser', member: POOL }), ['Observe']),
    want: [],
  },
];

describe('gcp-iam-workload-identity-pool-grant', () => {
  it.each(grantCases)('$name', (c) => runFindingsCase(c, [workloadIdentityPoolGrant]));

  it('a project grant of workloadIdentityUser to a whole pool is held by both rules', () => {
    runFindingsCase(
      {
        name: 'project grant',
        reason: 'gcp-iam-privileged-grant holds the role at project scope; this rule holds the whole pool',
        resource: member('cloudplatform', 'ProjectIAMMember', { project: 'acme-prod', role: 'roles/iam.workloadIdentityUser', member: POOL }),
        want: [
          finding(
            iamPrivilegedGrant,
            'RequireApproval',
            'spec.forProvider.member',
            `spec.forProvider.member grants roles/iam.workloadIdentityUser on the project to ${POOL}: roles/iam.workloadIdentityUser lets ${POOL} act as, or manage, the project's service accounts or IAM; approve only if this principal must hold it, else grant a narrower predefined or custom role`,
          ),
          poolHeld('spec.forProvider.member', 'roles/iam.workloadIdentityUser', POOL, 'github', false),
        ],
      },
      [iamPrivilegedGrant, workloadIdentityPoolGrant],
    );
  });
});

describe('rule metadata', () => {
  it('WORKLOAD_IDENTITY_RULES lists the rules in evaluation order, holding by default', () => {
    expect(WORKLOAD_IDENTITY_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['gcp-iam-workload-identity-trust', 'RequireApproval'],
      ['gcp-iam-workload-identity-pool-grant', 'RequireApproval'],
    ]);
  });

  it('the trust rule cites the Checkov and Trivy checks of the provider kind', () => {
    expect(workloadIdentityTrust.references).toEqual({ checkov: ['CKV_GCP_118', 'CKV_GCP_125'], trivy: ['GCP-0068'] });
    expect(workloadIdentityTrust.kinds).toEqual([{ cloud: 'gcp', service: 'iam', kind: 'WorkloadIdentityPoolProvider' }]);
  });

  it('stand in the catalog after the long-lived credentials rule', () => {
    const ids = CATALOG.map((r) => r.id);
    const at = ids.indexOf('gcp-iam-long-lived-credentials');
    expect(ids.slice(at, at + 3)).toEqual(['gcp-iam-long-lived-credentials', 'gcp-iam-workload-identity-trust', 'gcp-iam-workload-identity-pool-grant']);
  });
});
