/**
 * Workload Identity Federation: who outside Google Cloud may act inside it.
 * A workload identity pool provider admits the tokens of an external
 * identity provider (an OIDC issuer, an AWS account, a SAML identity
 * provider, an X.509 CA) that its `attributeCondition` accepts; IAM grants
 * to the pool's principals then let them act. The GCP counterpart of
 * `aws-iam-trust-oidc`.
 *
 * `gcp-iam-workload-identity-trust` judges the provider: a condition that
 * is missing, or that can be true without fixing who is admitted, is held.
 * For an issuer many tenants share (GitHub Actions, GitLab.com, Terraform
 * Cloud) it must fix the tenant: Google's "Configure Workload Identity
 * Federation with deployment pipelines" says these "use a single issuer URL
 * across all organizations ... you must use an attribute condition that
 * restricts access to tokens issued by your GitHub organization, GitLab
 * group, or Terraform Cloud organization", and the IAM API now refuses a
 * GitHub provider without one ("The attribute condition must reference one
 * of the provider's claims", terraform-google-modules/
 * terraform-google-github-actions-runners#261). The condition is parsed as
 * CEL with @bufbuild/cel, the parser custom rules use, and read
 * conservatively (see `constrains`); it is never evaluated.
 *
 * `gcp-iam-workload-identity-pool-grant` judges the grant that completes
 * the trust: one to every identity of a pool (`.../workloadIdentityPools/<pool>/*`).
 *
 * Fields from provider-upjet-gcp (package/crds, both groups):
 * WorkloadIdentityPoolProvider `attributeCondition`, `attributeMapping`,
 * `oidc.issuerUri`, `oidc.jwksJson`, `aws.accountId`, `saml`, `x509`.
 */
import { parse } from '@bufbuild/cel';
import { z } from 'zod';
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';
import { GRANTING, grantsOf, IMPERSONATION_ROLES } from './iam.js';
import { gcp } from './kinds.js';

const PROVIDER = gcp('iam', 'WorkloadIdentityPoolProvider');

/** A node of the CEL syntax tree @bufbuild/cel's parser makes (cel.expr.Expr). */
type Expr = ReturnType<typeof parse>['expr'];

/** The longest condition Google accepts (IAM API, WorkloadIdentityPoolProvider.attributeCondition). */
const MAX_CONDITION = 4096;

/** A claim's value is fixed to a literal (`==`, `in`), a prefix (`startsWith`), or a literal is a member of it (`'x' in claim`). */
type Test = { op: 'eq' | 'prefix' | 'member'; value: string };

/** A claim a condition reads: an `assertion` claim, or an attribute it could not map back to one. */
interface Claim {
  name: string;
  /** `name` is a claim of the token (`assertion.<name>`), directly or through attributeMapping. */
  assertion: boolean;
  /** Its value comes from the token: a claim, an attribute mapped from the assertion, or one attributeMapping leaves to Google's defaults. */
  reads: boolean;
}

/** Does `test` on `claim` fix who is admitted? */
type Judge = (claim: Claim, test: Test) => boolean;

/**
 * An issuer that every tenant of a service shares, and the claims that name
 * one tenant. `exact`: claims that fix the tenant when equal to a value of
 * that shape; `prefix`: claims that fix it when they start with a prefix of
 * that shape. A subject (`sub`) counts only from its start: GitHub lets an
 * organization choose the claims in its own subjects, never their values.
 */
interface SharedIssuer {
  issuer: string;
  /** Whom the pool admits without a condition that fixes the tenant. */
  anyone: string;
  /** What a condition must fix, and the claims that fix it. */
  tenant: string;
  claims: string;
  exact: Readonly<Record<string, RegExp>>;
  prefix: Readonly<Record<string, RegExp>>;
  example: string;
}

const ANY = /./;

/** A condition or issuer as a message shows it: quoted, its first 80 characters. */
const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

export const SHARED_ISSUERS: readonly SharedIssuer[] = [
  {
    // Claims: GitHub's OIDC token (docs.github.com, "About security hardening with OpenID Connect": repository_owner_id, repository_id,
    // a sub of repo:<owner>/<repo>:<context> or the claims an organization chooses); google-github-actions/auth docs/SECURITY_CONSIDERATIONS.md.
    issuer: 'https://token.actions.githubusercontent.com',
    anyone: 'every GitHub Actions workflow of every repository on github.com',
    tenant: 'the GitHub organization or repository',
    claims: 'repository_owner, repository_owner_id, repository, repository_id, enterprise or enterprise_id equal to a value, a repository starting with "<owner>/", or a sub starting with "repo:<owner>/"',
    exact: {
      repository_owner: ANY,
      repository_owner_id: ANY,
      repository: ANY,
      repository_id: ANY,
      enterprise: ANY,
      enterprise_id: ANY,
      sub: /^(repo:[^/:]+\/[^:]+|(repository_owner|repository_owner_id|repository_id):[^:]+)(:|$)/,
    },
    prefix: { repository: /^[^/]+\//, sub: /^(repo:[^/:]+\/|(repository_owner|repository_owner_id|repository_id):[^:]+:)/ },
    example: "assertion.repository_owner_id == '<organization ID>'",
  },
  {
    // Claims: GitLab's ID token (docs.gitlab.com, "OpenID Connect (OIDC) Authentication Using ID Tokens": namespace_id, namespace_path,
    // project_id, project_path, a sub of project_path:<group>/<project>:ref_type:...); Cyclenerd/terraform-google-wif-gitlab conditions on namespace_path.
    issuer: 'https://gitlab.com',
    anyone: 'every CI/CD job of every project on gitlab.com',
    tenant: 'the GitLab group or project',
    claims: 'namespace_id, namespace_path, project_id or project_path equal to a value, a path starting with "<group>/", or a sub starting with "project_path:<group>/"',
    exact: { namespace_id: ANY, namespace_path: ANY, project_id: ANY, project_path: ANY, sub: /^project_path:[^:/]+\/[^:]+(:|$)/ },
    prefix: { namespace_path: /^[^/]+\//, project_path: /^[^/]+\//, sub: /^project_path:[^:/]+\// },
    example: "assertion.namespace_id == '<group ID>'",
  },
  {
    // Claims: HCP Terraform's workload identity token (developer.hashicorp.com, "Workload identity": terraform_organization_id, ...,
    // a sub of organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>, per HashiCorp's support article on projects).
    issuer: 'https://app.terraform.io',
    anyone: 'every run of every Terraform Cloud organization',
    tenant: 'the Terraform Cloud organization',
    claims: 'terraform_organization_id, terraform_organization_name, terraform_project_id or terraform_workspace_id equal to a value, or a sub or terraform_full_workspace starting with "organization:<organization>:"',
    exact: {
      terraform_organization_id: ANY,
      terraform_organization_name: ANY,
      terraform_project_id: ANY,
      terraform_workspace_id: ANY,
      terraform_full_workspace: /^organization:[^:]+:/,
      sub: /^organization:[^:]+:/,
    },
    prefix: { terraform_full_workspace: /^organization:[^:]+:/, sub: /^organization:[^:]+:/ },
    example: "assertion.terraform_organization_id == '<organization ID>'",
  },
];

/** The shared issuer an issuer URI names: compared trimmed, without case, without a trailing slash. */
export function sharedIssuer(uri: string): SharedIssuer | undefined {
  const u = uri.trim().toLowerCase().replace(/\/+$/, '');
  return SHARED_ISSUERS.find((s) => s.issuer === u);
}

/** Does the test fix the tenant: a claim of the issuer's table, tested as the table says? Claims are looked up as own keys only (`constructor` is no claim of it). */
const tenantJudge =
  (s: SharedIssuer): Judge =>
  (claim, test) => {
    if (!claim.assertion || test.op === 'member') return false;
    const table = test.op === 'eq' ? s.exact : s.prefix;
    return Object.hasOwn(table, claim.name) && table[claim.name]!.test(test.value);
  };

/**
 * Any value from the token, fixed to a non-empty value, narrows who is
 * admitted: for an issuer that is not shared, nothing finer is known. An
 * attribute mapped from a constant (`'x'`) is no value from the token.
 */
const anyClaim: Judge = (claim, test) => claim.reads && test.value !== '';

const ROOTS = new Set(['assertion', 'attribute', 'google']);

/**
 * Does the condition fix who is admitted, in every way it can be true? A
 * conservative reading: `a && b` fixes it if either does; `a || b` only if
 * both do; `c ? a : b` if `c` or `a` does, and `b` does; `false` vacuously
 * does. A claim (`assertion.x`, `assertion['x']`, or `attribute.x` /
 * `google.x` that attributeMapping maps to exactly `assertion.y`) fixed
 * by `==` to a string literal, by `in` to a list of them, by `startsWith`
 * to one, or containing one (`'x' in claim`), is judged by `judge`.
 * Anything else (negation, functions such as `lowerAscii` or `matches`,
 * macros, comprehensions, comparisons of claims with each other) fixes
 * nothing.
 */
function constrains(e: Expr | undefined, judge: Judge, mapping: Mapping): boolean {
  const k = e?.exprKind;
  if (k?.case === 'constExpr') return k.value.constantKind.case === 'boolValue' && k.value.constantKind.value === false;
  if (k?.case !== 'callExpr') return false;
  const { function: fn, args, target } = k.value;
  const claim = (x: Expr | undefined) => claimOf(x, mapping);
  switch (fn) {
    case '_&&_':
      return args.some((a) => constrains(a, judge, mapping));
    case '_||_':
      return args.length > 0 && args.every((a) => constrains(a, judge, mapping));
    case '_?_:_':
      return (constrains(args[0], judge, mapping) || constrains(args[1], judge, mapping)) && constrains(args[2], judge, mapping);
    case '_==_': {
      const c = claim(args[0]) ?? claim(args[1]);
      const v = stringOf(args[1]) ?? stringOf(args[0]);
      return c !== undefined && v !== undefined && judge(c, { op: 'eq', value: v });
    }
    case '@in': {
      const c = claim(args[0]);
      if (c !== undefined) {
        const values = listOf(args[1]);
        return values !== undefined && values.length > 0 && values.every((value) => judge(c, { op: 'eq', value }));
      }
      const v = stringOf(args[0]);
      const of = claim(args[1]);
      return v !== undefined && of !== undefined && judge(of, { op: 'member', value: v });
    }
    case 'startsWith': {
      const c = claim(target);
      const v = args.length === 1 ? stringOf(args[0]) : undefined;
      return c !== undefined && v !== undefined && judge(c, { op: 'prefix', value: v });
    }
    default:
      return false;
  }
}

/**
 * attributeMapping keys (`google.subject`, `attribute.repository`) to what
 * each is mapped from: exactly one assertion claim (`claim`), or an
 * expression that reads the assertion or not (`reads`).
 */
type Mapping = ReadonlyMap<string, { claim?: string; reads: boolean }>;

/** `root.name` of `root.name` or `root['name']`, for the roots a condition may read. */
function referenceOf(e: Expr | undefined): { root: string; name: string } | undefined {
  const k = e?.exprKind;
  if (k?.case === 'selectExpr' && !k.value.testOnly && k.value.operand?.exprKind.case === 'identExpr' && ROOTS.has(k.value.operand.exprKind.value.name)) {
    return { root: k.value.operand.exprKind.value.name, name: k.value.field };
  }
  if (k?.case === 'callExpr' && k.value.function === '_[_]' && k.value.target === undefined && k.value.args.length === 2) {
    const [on, key] = k.value.args;
    const name = stringOf(key);
    if (on?.exprKind.case === 'identExpr' && ROOTS.has(on.exprKind.value.name) && name !== undefined) return { root: on.exprKind.value.name, name };
  }
  return undefined;
}

function claimOf(e: Expr | undefined, mapping: Mapping): Claim | undefined {
  const ref = referenceOf(e);
  if (ref === undefined) return undefined;
  if (ref.root === 'assertion') return { name: ref.name, assertion: true, reads: true };
  const key = `${ref.root}.${ref.name}`;
  const mapped = mapping.get(key);
  if (mapped === undefined) return { name: key, assertion: false, reads: true };
  return mapped.claim !== undefined ? { name: mapped.claim, assertion: true, reads: true } : { name: key, assertion: false, reads: mapped.reads };
}

/** Does the expression read `assertion` anywhere? */
function readsAssertion(e: Expr | undefined): boolean {
  const k = e?.exprKind;
  switch (k?.case) {
    case 'identExpr':
      return k.value.name === 'assertion';
    case 'selectExpr':
      return readsAssertion(k.value.operand);
    case 'callExpr':
      return readsAssertion(k.value.target) || k.value.args.some(readsAssertion);
    case 'listExpr':
      return k.value.elements.some(readsAssertion);
    case 'structExpr':
      return k.value.entries.some((en) => readsAssertion(en.keyKind.case === 'mapKey' ? en.keyKind.value : undefined) || readsAssertion(en.value));
    case 'comprehensionExpr': {
      const c = k.value;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].some(readsAssertion);
    }
    default:
      return false;
  }
}

function stringOf(e: Expr | undefined): string | undefined {
  const k = e?.exprKind;
  return k?.case === 'constExpr' && k.value.constantKind.case === 'stringValue' ? k.value.constantKind.value : undefined;
}

function listOf(e: Expr | undefined): string[] | undefined {
  const k = e?.exprKind;
  if (k?.case !== 'listExpr') return undefined;
  const values = k.value.elements.map(stringOf);
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** The parsed expression, or why it cannot be judged. */
function parsed(text: string): { expr: Expr } | { error: string } {
  try {
    return { expr: parse(text).expr };
  } catch (err) {
    if (err instanceof RangeError) return { error: 'it is nested too deeply to read' };
    return { error: `it is not CEL (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
}

/**
 * What each attributeMapping entry is mapped from. Where forProvider and
 * initProvider both map a key, it is one claim only if both name the same
 * one, and reads the assertion only if both do. An entry that is not a
 * string, is longer than a condition may be (bounded work) or is not CEL
 * reads nothing that can be known.
 */
function mappingOf(ctx: RuleContext): Mapping {
  const out = new Map<string, { claim?: string; reads: boolean }>();
  for (const { value } of explicitParams(ctx.resource, ['attributeMapping'])) {
    if (!isObject(value)) continue;
    for (const [key, expr] of Object.entries(value)) {
      const p = typeof expr === 'string' && expr.length <= MAX_CONDITION ? parsed(expr) : undefined;
      const ref = p !== undefined && 'expr' in p ? referenceOf(p.expr) : undefined;
      const now = { claim: ref?.root === 'assertion' ? ref.name : undefined, reads: p !== undefined && 'expr' in p && readsAssertion(p.expr) };
      const before = out.get(key);
      out.set(key, before === undefined ? now : { claim: before.claim === now.claim ? now.claim : undefined, reads: before.reads && now.reads });
    }
  }
  return out;
}

/** Whom the provider admits, in words, and the shared issuer it names, if any. */
function sourceOf(ctx: RuleContext): { who: string; shared?: SharedIssuer } {
  // Where forProvider and initProvider name different issuers, a shared one is judged: the stricter reading.
  const issuers: string[] = [];
  for (const { path, value } of explicitParams(ctx.resource, ['oidc', 'issuerUri'])) {
    if (typeof value === 'string') issuers.push(value);
    else ctx.unsafe(path, `${path} must be the issuer's URL (a string), got ${describe(value)}; the provider cannot be judged`);
  }
  const shared = issuers.map(sharedIssuer).find((s) => s !== undefined);
  if (shared !== undefined) return { who: shared.anyone, shared };
  if (issuers.length > 0) return { who: `every token the OIDC issuer ${quote(issuers[0]!)} issues` };
  const account = explicitParams(ctx.resource, ['aws', 'accountId'])[0]?.value;
  if (account !== undefined) return { who: typeof account === 'string' ? `every role and user of AWS account ${quote(account)}` : 'every role and user of its AWS account' };
  if (explicitParams(ctx.resource, ['oidc']).length > 0) return { who: 'every token its OIDC issuer issues' };
  if (explicitParams(ctx.resource, ['saml']).length > 0) return { who: 'every identity its SAML identity provider asserts' };
  if (explicitParams(ctx.resource, ['x509']).length > 0) return { who: 'every client certificate that chains to its trust store' };
  return { who: 'every identity its identity provider vouches for' };
}

const TRUSTED = 'rules.gcp-iam-workload-identity-trust';

/** An issuer URL as compared: trimmed, without case, without a trailing slash. */
const issuerKey = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '');

/**
 * Whom the provider trusts to vouch for identities, judged against the
 * platform's lists: an OIDC issuer that is not a shared one (those are judged
 * by the tenant the condition pins) must be in `issuers`, an AWS account in
 * `awsAccounts`. Whoever runs an issuer, or holds an account, mints tokens
 * with any claims, so no condition on claims constrains an issuer the agent
 * chose. SAML and X.509 providers carry their identity provider's keys in the
 * resource itself: held always, like inline OIDC keys.
 */
function judgeSource(ctx: RuleContext, settings: { issuers?: string[]; awsAccounts?: string[] }): void {
  const issuers = new Set((settings.issuers ?? []).map(issuerKey));
  for (const { path, value } of explicitParams(ctx.resource, ['oidc', 'issuerUri'])) {
    if (typeof value !== 'string' || sharedIssuer(value) !== undefined || issuers.has(issuerKey(value))) continue;
    const why = issuers.size === 0 ? `no issuer is listed in ${TRUSTED}.issuers, so every issuer but the shared ones is unknown` : `it is not listed in ${TRUSTED}.issuers`;
    ctx.unsafe(
      path,
      `${path} trusts the OIDC issuer ${quote(value)}, and ${why}: whoever runs an issuer mints tokens with any claims, so no attributeCondition constrains one an agent chose; list it there if the platform trusts it, or have a human approve it`,
    );
  }
  const accounts = new Set(settings.awsAccounts ?? []);
  for (const { path, value } of explicitParams(ctx.resource, ['aws', 'accountId'])) {
    if (typeof value === 'string' && accounts.has(value.trim())) continue;
    const why = accounts.size === 0 ? `no account is listed in ${TRUSTED}.awsAccounts` : `it is not listed in ${TRUSTED}.awsAccounts`;
    ctx.unsafe(path, `${path} trusts every role and user of AWS account ${typeof value === 'string' ? quote(value) : describe(value)}, and ${why}: whoever holds that account vouches for any identity in it; list it there if it is the platform's, or have a human approve it`);
  }
  for (const block of ['saml', 'x509'] as const) {
    const set = explicitParams(ctx.resource, [block]);
    if (set.length === 0) continue;
    const what = block === 'saml' ? "its SAML identity provider's metadata (and signing keys)" : 'the trust store of the certificates it accepts';
    ctx.unsafe(set[0]!.path, `${set[0]!.path} gives ${what} inline: whoever holds the matching private key vouches for any identity, so no attributeCondition constrains it; have a human approve it`);
  }
}

const advice = (shared: SharedIssuer | undefined) =>
  shared !== undefined
    ? `add an attributeCondition that fixes ${shared.tenant}, e.g. ${shared.example} (Google requires one for GitHub, GitLab SaaS and Terraform Cloud), or have a human approve it`
    : "add an attributeCondition that fixes the identities it admits (a claim equal to a value, e.g. attribute.aws_role == '<role ARN>' or assertion.sub == '<subject>'), or have a human approve it";

export const workloadIdentityTrust = defineRule({
  id: 'gcp-iam-workload-identity-trust',
  title: 'Workload identity pool providers admit only the identities they name',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: [
    'Holds for approval a WorkloadIdentityPoolProvider whose `attributeCondition` is missing, empty, or can be true without fixing who is admitted: without one, every token its identity provider issues is exchanged for Google credentials. For an issuer every tenant shares, the condition must fix the tenant:',
    SHARED_ISSUERS.map((s) => `\`${s.issuer}\` (else ${s.anyone}): ${s.tenant}, by ${s.claims}`).join('; ') + '.',
    'Any other provider (another OIDC issuer, an AWS account, SAML, X.509) must fix at least one claim to a value.',
    'The condition is parsed as CEL and read conservatively, never evaluated: `a && b` fixes it if either side does, `a || b` only if both do; a claim is `assertion.<claim>`, `assertion[\'<claim>\']`, or an `attribute.<name>`/`google.<name>` that `attributeMapping` maps to exactly `assertion.<claim>` (for a shared issuer, an attribute mapped otherwise fixes nothing), fixed by `==` to a string, `in` a list of strings, or `startsWith` a string. Negations, functions such as `lowerAscii` or `matches`, macros and comprehensions fix nothing: such a condition is held even where it is tight, for a person to read.',
    'A condition that is not a string, longer than the 4,096 characters Google accepts, or not CEL, is held: it cannot be judged. `oidc.jwksJson` is held too: keys given inline replace the ones the issuer publishes, so whoever holds a matching private key mints tokens with any claims, and no condition constrains it.',
    'Whom a provider trusts is judged too: an OIDC issuer other than the shared ones must be listed in `issuers`, an AWS account in `awsAccounts`, since whoever runs the issuer or holds the account mints identities with any claims, and no condition constrains one an agent chose; with none listed, every such provider is held. A SAML or X.509 provider carries its identity provider\'s keys inline, and is held always. A grant to a whole pool is `gcp-iam-workload-identity-pool-grant`\'s. A disabled provider is judged like any other: one field turns it on.',
  ].join(' '),
  references: { checkov: ['CKV_GCP_118', 'CKV_GCP_125'], trivy: ['GCP-0068'] },
  kinds: [PROVIDER],
  params: z.object({
    issuers: z
      .array(z.string().url('must be an issuer URL'))
      .meta({ description: 'OIDC issuer URLs the platform trusts (compared trimmed, without case or a trailing slash), besides the shared ones (GitHub Actions, GitLab.com, Terraform Cloud), which pass once the condition pins the tenant. Unset or empty: a provider of any other issuer is held.' }),
    awsAccounts: z
      .array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'))
      .meta({ description: "AWS account IDs (12 digits) whose identities the platform's providers may admit. Unset or empty: every AWS provider is held." }),
  }),
  check(ctx, settings) {
    judgeSource(ctx, settings);
    const { who, shared } = sourceOf(ctx);
    for (const { path, value } of explicitParams(ctx.resource, ['oidc', 'jwksJson'])) {
      if (value === '') continue;
      ctx.unsafe(
        path,
        `${path} gives the keys that sign the issuer's tokens inline, in place of the ones it publishes: whoever holds a matching private key mints tokens with any claims, and no attributeCondition constrains that; remove it so Google fetches the issuer's own keys, or have a human approve it if these are (a private cluster's)`,
      );
    }
    const conditions = explicitParams(ctx.resource, ['attributeCondition']);
    if (conditions.length === 0) {
      ctx.unsafe('spec.forProvider.attributeCondition', `this WorkloadIdentityPoolProvider has no attributeCondition, so it admits ${who}; ${advice(shared)}`);
      return;
    }
    const mapping = mappingOf(ctx);
    for (const { path, value } of conditions) {
      if (typeof value !== 'string') {
        ctx.unsafe(path, `${path} must be a CEL expression (a string), got ${describe(value)}; it cannot be judged`);
        continue;
      }
      if (value.trim() === '') {
        ctx.unsafe(path, `${path} is empty, so the provider admits ${who}; ${advice(shared)}`);
        continue;
      }
      if (value.length > MAX_CONDITION) {
        ctx.unsafe(path, `${path} is ${value.length.toLocaleString('en-US')} characters long, more than the ${MAX_CONDITION.toLocaleString('en-US')} Google accepts; it cannot be judged`);
        continue;
      }
      const p = parsed(value);
      if ('error' in p) {
        ctx.unsafe(path, `${path} (${quote(value)}) cannot be judged: ${p.error}`);
        continue;
      }
      if (constrains(p.expr, shared !== undefined ? tenantJudge(shared) : anyClaim, mapping)) continue;
      const without = shared !== undefined ? `${shared.tenant} (${shared.claims})` : 'any claim to a value';
      ctx.unsafe(path, `${path} (${quote(value)}) can be true without fixing ${without}, so the provider admits ${who}; ${advice(shared)}`);
    }
  },
}) satisfies Rule;

/** `principalSet://iam.googleapis.com/projects/<number>/locations/<location>/workloadIdentityPools/<pool>/*`: every identity of a pool. */
const WHOLE_POOL = /^principalset:\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/[^/]+\/workloadidentitypools\/([^/]+)\/\*$/i;

export const workloadIdentityPoolGrant = defineRule({
  id: 'gcp-iam-workload-identity-pool-grant',
  title: 'Grants to a whole workload identity pool need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a grant, of any role, to every identity of a workload identity pool (`principalSet://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/*`, compared without case or surrounding space), on every GCP kind that grants (the `*IAMMember`, `*IAMBinding` and `*IAMPolicy` kinds, as `gcp-iam-public-member` reads them). Such a grant admits whatever any provider of the pool admits, now and after a provider is added or loosened; the usual one, `roles/iam.workloadIdentityUser` on a service account, lets all of them act as it. The security considerations of google-github-actions/auth say "Never use a "*" in an IAM Binding unless you absolutely know what you are doing!": grant to `principalSet://.../attribute.<name>/<value>` (one repository, one workspace) or `principal://.../subject/<subject>` instead. Workforce pools (people, from the organization\'s own identity provider) are not judged here; a member that cannot be read is refused by `gcp-iam-public-member`.',
  references: { checkov: [], trivy: [] },
  kinds: { summary: GRANTING.summary, test: GRANTING.test },
  check(ctx) {
    const serviceAccount = ctx.type.kind.startsWith('ServiceAccountIAM');
    for (const g of grantsOf(ctx).grants) {
      const principal = g.principal.trim();
      const pool = WHOLE_POOL.exec(principal)?.[1];
      if (pool === undefined) continue;
      const role = g.role?.trim();
      const acts = serviceAccount && role !== undefined && IMPERSONATION_ROLES.has(role) ? ', so every one of them may act as this service account' : '';
      ctx.unsafe(
        g.path,
        `${g.path} grants ${role ?? 'a role'} to ${JSON.stringify(principal)}: every identity workload identity pool "${pool}" admits, through any of its providers${acts}; grant it to the identities that need it (principalSet://.../attribute.<name>/<value>, principal://.../subject/<subject>), or have a human approve it`,
      );
    }
  },
}) satisfies Rule;

/** The Workload Identity Federation rules in evaluation order. */
export const WORKLOAD_IDENTITY_RULES = [workloadIdentityTrust, workloadIdentityPoolGrant] as const satisfies readonly Rule[];
