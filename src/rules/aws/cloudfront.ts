/**
 * CloudFront distributions: HTTPS from viewers and to origins, TLS 1.2+ on a
 * certificate of the platform's own, S3 origins reached only through origin
 * access control, and what only the author can name warned about (a WAF web
 * ACL, a log bucket, a response headers policy, a geo restriction).
 */
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, inject } from '../params.js';
import { entries, fieldOf } from './load-balancers.js';

const cloudfront = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'cloudfront', kind });
const DISTRIBUTION = cloudfront('Distribution');

const nonEmpty = { test: (v: unknown) => typeof v === 'string' && v !== '', words: 'a non-empty string' };

/** Does the distribution use CloudFront's own `*.cloudfront.net` certificate (which always accepts TLS 1.0)? */
const defaultCertificate = (ctx: RuleContext) => explicitParams(ctx.resource, ['viewerCertificate', 'cloudfrontDefaultCertificate']).some((e) => e.value === true);

/** The viewer TLS policies that allow TLS 1.2 and later only (CloudFront's `minimumProtocolVersion` values). */
const TLS12 = /^TLSv1\.2_20(18|19|21|25)$/;

export const [cloudfrontViewerTls, cloudfrontCustomCertificate, cloudfrontWaf, cloudfrontLogging, cloudfrontResponseHeaders, cloudfrontDefaultRootObject, cloudfrontGeoRestriction, cloudfrontHsts] = fieldRules([
  {
    id: 'aws-cloudfront-viewer-tls',
    title: 'CloudFront accepts TLS 1.2+ from viewers',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [
      {
        kind: DISTRIBUTION,
        field: ['viewerCertificate', 'minimumProtocolVersion'],
        when: { test: (ctx) => !defaultCertificate(ctx), words: 'the distribution has a certificate of its own (not `cloudfrontDefaultCertificate: true`, which fixes TLSv1 and is `aws-cloudfront-custom-certificate`\'s)' },
      },
    ],
    type: 'string',
    safe: { test: (v) => typeof v === 'string' && TLS12.test(v), words: '`TLSv1.2_2018` or later (`TLSv1.2_2019`, `TLSv1.2_2021`, `TLSv1.2_2025`)' },
    inject: 'TLSv1.2_2021',
    missing: 'no minimum TLS version was set, and CloudFront then accepts TLS 1.0',
    unsafe: 'set it to TLSv1.2_2021 (or TLSv1.2_2019) so viewers cannot negotiate SSLv3, TLS 1.0 or TLS 1.1',
    why: 'Protocols before TLS 1.2 have known attacks (POODLE, BEAST) and are refused by PCI DSS.',
    references: { checkov: ['CKV_AWS_174', 'CKV2_AWS_54'], trivy: ['AWS-0013'] },
  },
  {
    id: 'aws-cloudfront-custom-certificate',
    title: 'CloudFront serves a certificate of its own',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['viewerCertificate', 'cloudfrontDefaultCertificate'] }],
    type: 'boolean',
    safe: false,
    providerDefault: false,
    missing: 'the default certificate was not set',
    unsafe: 'name an ACM certificate (viewerCertificate.acmCertificateArn, in us-east-1) with sslSupportMethod sni-only instead: the *.cloudfront.net certificate always accepts TLS 1.0',
    why: 'With CloudFront\'s default certificate the minimum protocol is fixed at TLSv1 whatever `minimumProtocolVersion` says, and viewers are served on a `cloudfront.net` name the platform does not own.',
    references: { checkov: ['CKV2_AWS_42'] },
  },
  {
    id: 'aws-cloudfront-waf',
    title: 'CloudFront distributions are behind a WAF',
    severity: 'medium',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['webAclId'] }],
    type: 'string',
    safe: nonEmpty,
    missing: 'no WAF web ACL is attached (webAclId), so nothing filters common web exploits and abusive clients before they reach the origin',
    unsafe: 'name the platform\'s WAFv2 web ACL (its ARN, scope CLOUDFRONT)',
    why: 'A warning: the web ACL is the platform\'s to create and name, so there is nothing to inject.',
    references: { checkov: ['CKV_AWS_68'], trivy: ['AWS-0011'] },
  },
  {
    id: 'aws-cloudfront-logging',
    title: 'CloudFront distributions keep access logs',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['loggingConfig', 'bucket'] }],
    type: 'string',
    safe: nonEmpty,
    missing: 'no access logs are kept (loggingConfig.bucket), so who requested what cannot be investigated',
    unsafe: 'name the S3 bucket that receives the logs (mybucket.s3.amazonaws.com)',
    why: 'A warning: the log bucket is the platform\'s to choose.',
    references: { checkov: ['CKV_AWS_86'], trivy: ['AWS-0010'] },
  },
  {
    id: 'aws-cloudfront-response-headers',
    title: 'CloudFront adds security headers',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['defaultCacheBehavior', 'responseHeadersPolicyId'] }],
    type: 'string',
    safe: nonEmpty,
    missing: 'no response headers policy is attached to the default cache behavior, so browsers get no HSTS, frame or content-type protection from the edge',
    unsafe: 'name a response headers policy (a managed one such as SecurityHeadersPolicy, or the platform\'s)',
    why: 'A warning: which headers an application can take (a Content-Security-Policy above all) is the author\'s call.',
    references: { checkov: ['CKV2_AWS_32'] },
  },
  {
    id: 'aws-cloudfront-default-root-object',
    title: 'CloudFront distributions name a default root object',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['defaultRootObject'] }],
    type: 'string',
    safe: nonEmpty,
    missing: 'no default root object is set, so a request for / is passed to the origin as is (an S3 origin that allows listing answers with the list of its objects)',
    unsafe: 'name the object served for / (index.html)',
    why: 'A warning: the object is the application\'s.',
    references: { checkov: ['CKV_AWS_305'] },
  },
  {
    id: 'aws-cloudfront-geo-restriction',
    title: 'CloudFront distributions restrict where they serve',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: DISTRIBUTION, field: ['restrictions', 'geoRestriction', 'restrictionType'] }],
    type: 'string',
    safe: { test: (v) => v === 'whitelist' || v === 'blacklist', words: '`"whitelist"` or `"blacklist"`' },
    missing: 'no geo restriction is set',
    unsafe: 'list the countries served (whitelist) or refused (blacklist), where the content is licensed or regulated per country',
    why: 'A warning: the countries are the author\'s to name, and many distributions rightly serve everywhere.',
    references: { checkov: ['CKV_AWS_374'] },
  },
  {
    id: 'aws-cloudfront-hsts',
    title: 'CloudFront response headers policies send HSTS',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: cloudfront('ResponseHeadersPolicy'), field: ['securityHeadersConfig', 'strictTransportSecurity', 'accessControlMaxAgeSec'] }],
    type: 'number',
    safe: { test: (v) => typeof v === 'number' && v >= 31536000, words: 'at least 31536000 (one year)' },
    missing: 'the policy sends no Strict-Transport-Security header, so a browser may still try plain HTTP first and be downgraded',
    unsafe: 'set strictTransportSecurity with accessControlMaxAgeSec 31536000 (and override: true)',
    why: 'A warning, not an injection: HSTS makes browsers refuse HTTP for the whole max-age, which breaks a site that still serves anything over HTTP.',
    references: { checkov: ['CKV_AWS_259'] },
  },
]) as [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule];

const POLICIES = new Set(['redirect-to-https', 'https-only']);

export const cloudfrontViewerHttps = defineRule({
  id: 'aws-cloudfront-viewer-https',
  title: 'CloudFront serves viewers over HTTPS only',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Every cache behavior of a Distribution (`defaultCacheBehavior` and each `orderedCacheBehavior[]`) must have `viewerProtocolPolicy` `redirect-to-https` or `https-only`. Injects `redirect-to-https` where the default behavior does not set it (each ordered behavior must set it, as the API requires); refuses `allow-all` (plain HTTP to viewers) and any other value.',
  fix: 'injects `defaultCacheBehavior.viewerProtocolPolicy: redirect-to-https`.',
  references: { checkov: ['CKV_AWS_34'], trivy: ['AWS-0012'] },
  kinds: [DISTRIBUTION],
  check(ctx) {
    // The default behavior is required: where it exists without a policy, one is injected; a missing behavior is the API server's to refuse.
    const inDefault = explicitParams(ctx.resource, ['defaultCacheBehavior', 'viewerProtocolPolicy']);
    if (inDefault.length === 0 && explicitParams(ctx.resource, ['defaultCacheBehavior']).length > 0) {
      inject(ctx, ['defaultCacheBehavior', 'viewerProtocolPolicy'], 'redirect-to-https', 'the default cache behavior sets no viewer protocol policy');
    }
    const policies = [...inDefault, ...entries(ctx, ['orderedCacheBehavior']).flatMap((b) => {
      const value = fieldOf(b.value, 'viewerProtocolPolicy');
      return value === undefined || value === null ? [] : [{ path: `${b.path}.viewerProtocolPolicy`, value }];
    })];
    for (const { path, value } of policies) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (!POLICIES.has(value)) ctx.unsafe(path, `${path} is ${JSON.stringify(value)}: viewers may use plain HTTP, so requests, cookies and tokens cross the internet unencrypted; set it to redirect-to-https or https-only`);
    }
  },
}) satisfies Rule;

export const cloudfrontOriginHttps = defineRule({
  id: 'aws-cloudfront-origin-https',
  title: 'CloudFront reaches custom origins over TLS 1.2',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a Distribution with an `origin[]` whose `customOriginConfig.originProtocolPolicy` is not `https-only` (`http-only`, or `match-viewer`, which follows the viewer to HTTP), or whose `originSslProtocols` include `SSLv3`, `TLSv1` or `TLSv1.1`: the request then crosses the internet to the origin in plain text or over a broken protocol. Held rather than refused: an S3 website endpoint, for one, speaks only HTTP.',
  references: { checkov: ['CKV2_AWS_72', 'CKV2_AWS_54'] },
  kinds: [DISTRIBUTION],
  check(ctx) {
    for (const o of entries(ctx, ['origin'])) {
      const config = fieldOf(o.value, 'customOriginConfig');
      if (config === undefined || config === null) continue;
      const base = `${o.path}.customOriginConfig${Array.isArray(config) ? '[0]' : ''}`;
      const policy = fieldOf(config, 'originProtocolPolicy');
      if (policy !== undefined && policy !== 'https-only') {
        ctx.unsafe(`${base}.originProtocolPolicy`, `${base}.originProtocolPolicy is ${typeof policy === 'string' ? JSON.stringify(policy) : describe(policy)}: CloudFront may reach the origin over plain HTTP; set it to https-only unless the origin cannot serve HTTPS (an S3 website endpoint)`);
      }
      const protocols = fieldOf(config, 'originSslProtocols');
      const old = Array.isArray(protocols) ? protocols.filter((p) => p === 'SSLv3' || p === 'TLSv1' || p === 'TLSv1.1') : [];
      if (old.length > 0) ctx.unsafe(`${base}.originSslProtocols`, `${base}.originSslProtocols allows ${old.join(', ')}; allow TLSv1.2 only`);
    }
  },
}) satisfies Rule;

/** Does an origin name an S3 bucket's REST endpoint (website endpoints, `s3-website`, are custom origins)? */
const S3_REST = /\.s3([.-][a-z0-9.-]+)?\.amazonaws\.com(\.cn)?$/;
const WEBSITE = /\.s3-website[.-]/;

export const cloudfrontS3OriginAccess = defineRule({
  id: 'aws-cloudfront-s3-origin-access',
  title: 'CloudFront reaches S3 origins through origin access control',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a Distribution with an S3 origin (an `origin[]` with `s3OriginConfig`, or whose `domainName` is a bucket\'s REST endpoint) that names neither an origin access control (`originAccessControlId`, its reference or selector) nor an origin access identity (`s3OriginConfig.originAccessIdentity`): CloudFront then reads the bucket anonymously, which works only if the bucket is public, and anyone can bypass the distribution (its WAF, its signed URLs, its geo restriction) by reading the bucket directly.',
  references: { checkov: ['CKV2_AWS_46'] },
  kinds: [DISTRIBUTION],
  check(ctx) {
    for (const o of entries(ctx, ['origin'])) {
      const domain = fieldOf(o.value, 'domainName');
      const s3Config = fieldOf(o.value, 's3OriginConfig');
      const s3 = (s3Config !== undefined && s3Config !== null) || (typeof domain === 'string' && S3_REST.test(domain.toLowerCase()) && !WEBSITE.test(domain.toLowerCase()));
      if (!s3) continue;
      const set = (v: unknown) => v !== undefined && v !== null && v !== '';
      const control = ['originAccessControlId', 'originAccessControlIdRef', 'originAccessControlIdSelector'].some((f) => set(fieldOf(o.value, f)));
      const identity = ['originAccessIdentity', 'originAccessIdentityRef', 'originAccessIdentitySelector'].some((f) => set(fieldOf(s3Config, f)));
      if (!control && !identity) {
        ctx.unsafe(o.path, `${o.path} is an S3 origin with no origin access control, so the bucket must be public for CloudFront to read it, and anyone can bypass the distribution by reading the bucket directly; add an OriginAccessControl (originAccessControlId) and grant it in the bucket policy`);
      }
    }
  },
}) satisfies Rule;

/** The CloudFront rules in evaluation order. */
export const CLOUDFRONT_RULES = [
  cloudfrontViewerHttps,
  cloudfrontViewerTls,
  cloudfrontOriginHttps,
  cloudfrontS3OriginAccess,
  cloudfrontCustomCertificate,
  cloudfrontWaf,
  cloudfrontLogging,
  cloudfrontResponseHeaders,
  cloudfrontHsts,
  cloudfrontDefaultRootObject,
  cloudfrontGeoRestriction,
] as const satisfies readonly Rule[];
