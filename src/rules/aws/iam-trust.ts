/**
 * Who may assume a role, beyond "anyone" (which `aws-iam-trust-any-principal`
 * refuses): a foreign AWS account without an external ID, and an OIDC
 * identity provider (GitHub Actions, Cognito, EKS, any other) whose tokens
 * are accepted without fixing both their audience and their subject. Both
 * read a Role's `assumeRolePolicy` through the same parser and statement
 * questions as the other trust rule: Allow statements, their principals and
 * their conditions.
 */
import { z } from 'zod';
import { defineRule, type Rule } from '../../engine/rule.js';
import { policyDocuments } from './documents.js';
import { allows } from './iam.js';
import { coversAction, list, narrowingKeys, positiveTests, quote, statementLabel, type PrincipalEntry, type Statement } from './policy.js';

/** Allow statements of the trust policy that grant `action` to the principals they name (not a NotPrincipal). */
function granting(docs: ReturnType<typeof policyDocuments>, action: string): { path: string; stmt: Statement; entries: readonly PrincipalEntry[] }[] {
  return allows(docs, 'trust').flatMap(({ path, stmt }) =>
    stmt.principals === undefined || stmt.principals.not || !coversAction(stmt, action) ? [] : [{ path, stmt, entries: stmt.principals.entries }],
  );
}

/** The 12-digit account of an AWS principal (`123456789012`, `arn:aws:iam::123456789012:root`, an sts assumed-role ARN), if it names one. */
export function accountOf(id: string): string | undefined {
  const t = id.trim();
  if (/^\d{12}$/.test(t)) return t;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(t)?.[1];
}

const ACCOUNTS = 'rules.aws-iam-trust-foreign-account.accounts';

export const iamTrustForeignAccount = defineRule({
  id: 'aws-iam-trust-foreign-account',
  title: 'Roles that foreign accounts may assume are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval a Role whose trust policy (\`assumeRolePolicy\`) lets an AWS account that is not the platform's own assume it (an Allow of \`sts:AssumeRole\`, or an Action that covers it, to an \`AWS\` principal: an account ID, its root, a role, user or session ARN) with no \`sts:ExternalId\` condition (a positive operator, a fixed value). The platform's own accounts are \`${ACCOUNTS}\`; with none listed, every account is foreign, so every cross-account trust is held until the list is set. A principal whose account cannot be read (a unique ID such as \`AROA...\`) counts as foreign. \`*\` and any principal with a \`*\` in it are left to \`aws-iam-trust-any-principal\`. An external ID is what AWS asks of a third party that assumes a role in your account: it keeps that party from being tricked into using the role for someone else (the confused deputy).`,
  references: { checkov: [], trivy: [] },
  kinds: [{ cloud: 'aws', service: 'iam', kind: 'Role' }],
  params: z.object({
    accounts: z
      .array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'))
      .meta({ description: "The platform's own AWS account IDs (12 digits), which may assume its roles without an external ID. Unset or empty: every account is foreign." }),
  }),
  check(ctx, { accounts = [] }) {
    const own = new Set(accounts);
    for (const { path, stmt, entries } of granting(policyDocuments(ctx), 'sts:AssumeRole')) {
      if (narrowingKeys(stmt, new Set(['sts:externalid'])).length > 0) continue;
      const foreign = entries.filter((e) => e.type === 'AWS' && !e.id.includes('*')).filter((e) => !own.has(accountOf(e.id) ?? ''));
      if (foreign.length === 0) continue;
      const who = list(foreign.map((e) => `${accountOf(e.id) === undefined ? 'an account it does not name' : `account ${accountOf(e.id)}`} (AWS ${quote(e.id)})`));
      const why = own.size === 0 ? `no account is listed as the platform's own in ${ACCOUNTS}, so every account is foreign` : `not one of the platform's accounts in ${ACCOUNTS}`;
      ctx.unsafe(
        path,
        `${statementLabel(stmt)} lets ${who} assume this role (sts:AssumeRole) with no sts:ExternalId condition, and ${why}; list the account there if it is the platform's, add a Condition on sts:ExternalId agreed with the third party, or have a human approve it`,
      );
    }
  },
}) satisfies Rule;

const GITHUB = 'token.actions.githubusercontent.com';
const COGNITO = 'cognito-identity.amazonaws.com';

/** The claim keys that carry the audience and the subject, where a provider names them otherwise than `aud` and `sub`. */
const CLAIMS: Readonly<Record<string, { aud: string; sub: string }>> = {
  'graph.facebook.com': { aud: 'app_id', sub: 'id' },
  'www.amazon.com': { aud: 'app_id', sub: 'user_id' },
};

/**
 * The OIDC provider a Federated principal names, as its condition keys
 * spell it: the part after `oidc-provider/` of an ARN
 * (`token.actions.githubusercontent.com`,
 * `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`), or a bare provider
 * (`cognito-identity.amazonaws.com`, `accounts.google.com`). A SAML
 * provider ARN is not one.
 */
export function oidcProvider(id: string): string | undefined {
  const t = id.trim();
  const arn = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/i.exec(t);
  if (arn !== null) return arn[1]!;
  return /^arn:/i.test(t) || t === '' ? undefined : t;
}

const isGitHub = (provider: string) => provider.toLowerCase() === GITHUB || provider.toLowerCase().startsWith(`${GITHUB}/`);

/** `repo:<owner>/<repo>` followed by `:` or nothing, owner and repository written out (no wildcard). */
const PINNED_REPOSITORY = /^repo:[^*?/:]+\/[^*?/:]+(:|$)/;

/** Is the subject fixed, for this provider? See the rule's description for what "fixed" means. */
function subjectFixed(stmt: Statement, provider: string): boolean {
  const key = `${provider}:${CLAIMS[provider.toLowerCase()]?.sub ?? 'sub'}`;
  if (isGitHub(provider)) {
    return positiveTests(stmt, key).some(
      (t) => ['stringequals', 'stringlike', 'stringequalsignorecase'].includes(t.operator) && t.values.every((v) => typeof v === 'string' && !v.includes('${') && PINNED_REPOSITORY.test(v)),
    );
  }
  if (narrowingKeys(stmt, new Set([key.toLowerCase()])).length > 0) return true;
  if (provider.toLowerCase() !== COGNITO) return false;
  return positiveTests(stmt, `${COGNITO}:amr`).some((t) => t.operator.startsWith('string') && t.values.every((v) => v === 'authenticated'));
}

function audienceFixed(stmt: Statement, provider: string): boolean {
  const key = `${provider}:${CLAIMS[provider.toLowerCase()]?.aud ?? 'aud'}`;
  return narrowingKeys(stmt, new Set([key.toLowerCase()])).length > 0;
}

/** What to write, per provider, after "add a Condition". */
function advice(provider: string): string {
  if (isGitHub(provider)) return `StringEquals ${provider}:aud = sts.amazonaws.com, and ${provider}:sub = repo:<owner>/<repo>:<ref, environment or pull_request> (StringLike may put a wildcard after the repository, never in the owner or repository)`;
  if (provider.toLowerCase() === COGNITO) return `StringEquals ${COGNITO}:aud = <the identity pool ID>, and ${COGNITO}:amr = authenticated (or ${COGNITO}:sub = <identity IDs>)`;
  const claims = CLAIMS[provider.toLowerCase()] ?? { aud: 'aud', sub: 'sub' };
  return `StringEquals ${provider}:${claims.aud} = <your client ID> and ${provider}:${claims.sub} = <the subject> (for EKS: system:serviceaccount:<namespace>:<name>), with no wildcards`;
}

export const iamTrustOidc = defineRule({
  id: 'aws-iam-trust-oidc',
  title: 'Roles trusting an OIDC provider fix the audience and the subject',
  severity: 'critical',
  defaultAction: 'Deny',
  description: [
    'Refuses a Role whose trust policy allows `sts:AssumeRoleWithWebIdentity` (or an Action that covers it) to a `Federated` OIDC provider (an `oidc-provider/` ARN: GitHub Actions `token.actions.githubusercontent.com`, EKS `oidc.eks.<region>.amazonaws.com/id/...`, any other; or a bare provider: `cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`) without conditions that fix both the audience and the subject of its tokens. Without them, anyone who can get a token from that provider assumes the role: any GitHub repository, any identity pool of any account, any service account of the cluster.',
    'Fixed means a positive operator (StringEquals, StringLike, ..., not `...IfExists` nor `ForAllValues:`) with values free of wildcards and policy variables, on `<provider>:aud` and `<provider>:sub` (Facebook: `app_id` and `id`; Login with Amazon: `app_id` and `user_id`), with two exceptions.',
    'GitHub: the subject is fixed when every value names one repository, `repo:<owner>/<repo>` followed by `:` or nothing, owner and repository written out; a wildcard may follow (`repo:acme/app:*`, any branch of one repository), never stand in them (`repo:*`, `repo:acme/*`). A custom subject template (`job_workflow_ref`, `repository_id`) is not recognised and is refused: set this rule to RequireApproval for such roles.',
    'Cognito: the audience is the identity pool ID; the subject is fixed by `cognito-identity.amazonaws.com:sub` or by `cognito-identity.amazonaws.com:amr` = `authenticated` (the trust policy Cognito documents). A guest (`unauthenticated`) role is refused. SAML providers are not OIDC and are not judged here; wildcard principals are `aws-iam-trust-any-principal`\'s.',
  ].join(' '),
  references: { checkov: ['CKV_AWS_393'], trivy: [] },
  kinds: [{ cloud: 'aws', service: 'iam', kind: 'Role' }],
  check(ctx) {
    for (const { path, stmt, entries } of granting(policyDocuments(ctx), 'sts:AssumeRoleWithWebIdentity')) {
      for (const e of entries) {
        if (e.type !== 'Federated' || e.id.includes('*')) continue;
        const provider = oidcProvider(e.id);
        if (provider === undefined) continue;
        const missing = [
          ...(audienceFixed(stmt, provider) ? [] : ['the audience']),
          ...(subjectFixed(stmt, provider) ? [] : [isGitHub(provider) ? 'the repository in the subject' : 'the subject']),
        ];
        if (missing.length === 0) continue;
        const who = isGitHub(provider) ? 'any GitHub Actions workflow' : provider.toLowerCase() === COGNITO ? 'any Cognito identity' : `any identity of the OIDC provider ${provider}`;
        ctx.unsafe(
          path,
          `${statementLabel(stmt)} lets ${who} (Federated ${quote(e.id)}) assume this role (sts:AssumeRoleWithWebIdentity) without a Condition that fixes ${missing.join(' and ')}; add ${advice(provider)}`,
        );
      }
    }
  },
}) satisfies Rule;

/** The trust rules of this module, in evaluation order. */
export const IAM_TRUST_RULES = [iamTrustForeignAccount, iamTrustOidc] as const satisfies readonly Rule[];
