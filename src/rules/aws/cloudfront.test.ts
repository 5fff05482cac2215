import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, injected, mutation, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { nameGuard, requiredCases } from '../../../test/builders/aws-rows.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  CLOUDFRONT_RULES,
  cloudfrontCustomCertificate,
  cloudfrontDefaultRootObject,
  cloudfrontGeoRestriction,
  cloudfrontHsts,
  cloudfrontLogging,
  cloudfrontOriginHttps,
  cloudfrontResponseHeaders,
  cloudfrontS3OriginAccess,
  cloudfrontViewerHttps,
  cloudfrontViewerTls,
  cloudfrontWaf,
} from './cloudfront.js';

/** cloudfront Distribution and ResponseHeadersPolicy (provider-upjet-aws): v1beta1 and v1beta2 cluster-scoped, v1beta1 namespaced. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const DEFAULT = SHAPES[1]!;
type Params = Record<string, unknown>;
const block = (s: Served, fields: Params) => (s.blocks === 'array' ? [fields] : fields);
const at = (s: Served, ...fields: string[]) => `spec.forProvider.${fields.map((f, i) => (i < fields.length - 1 && s.blocks === 'array' ? `${f}[0]` : f)).join('.')}`;

const distribution = (s: Served = DEFAULT, fp: Params = {}): KubeObject => awsResource('cloudfront', 'Distribution', s, { enabled: true, comment: 'web', ...fp });
const headers = (s: Served = DEFAULT, fp: Params = {}): KubeObject => awsResource('cloudfront', 'ResponseHeadersPolicy', s, { name: 'headers', ...fp });

const guards: Case[] = [
  ...guardCases({
    rule: cloudfrontViewerTls,
    field: ['viewerCertificate', 'minimumProtocolVersion'],
    shapes: SHAPES,
    build: distribution,
    safe: 'TLSv1.2_2021',
    unsafe: 'TLSv1_2016',
    unsafeText: '"TLSv1_2016"',
    malformed: 1.2,
    malformedText: 'number 1.2',
    type: 'a string',
    missing: 'no minimum TLS version was set, and CloudFront then accepts TLS 1.0',
    advice: 'set it to TLSv1.2_2021 (or TLSv1.2_2019) so viewers cannot negotiate SSLv3, TLS 1.0 or TLS 1.1',
  }),
  ...defaultCases({
    rule: cloudfrontCustomCertificate,
    field: ['viewerCertificate', 'cloudfrontDefaultCertificate'],
    shapes: SHAPES,
    build: distribution,
    ...booleanGuard(false),
    advice: 'name an ACM certificate (viewerCertificate.acmCertificateArn, in us-east-1) with sslSupportMethod sni-only instead: the *.cloudfront.net certificate always accepts TLS 1.0',
  }),
  ...requiredCases({
    rule: cloudfrontWaf,
    field: ['webAclId'],
    shapes: SHAPES,
    build: distribution,
    ...nameGuard('arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1'),
    missing: 'no WAF web ACL is attached (webAclId), so nothing filters common web exploits and abusive clients before they reach the origin',
    advice: "name the platform's WAFv2 web ACL (its ARN, scope CLOUDFRONT)",
  }),
  ...requiredCases({
    rule: cloudfrontLogging,
    field: ['loggingConfig', 'bucket'],
    shapes: SHAPES,
    build: distribution,
    ...nameGuard('logs.s3.amazonaws.com'),
    missing: 'no access logs are kept (loggingConfig.bucket), so who requested what cannot be investigated',
    advice: 'name the S3 bucket that receives the logs (mybucket.s3.amazonaws.com)',
  }),
  ...requiredCases({
    rule: cloudfrontResponseHeaders,
    field: ['defaultCacheBehavior', 'responseHeadersPolicyId'],
    shapes: SHAPES,
    build: distribution,
    ...nameGuard('67f7725c-6f97-4210-82d7-5512b31e9d03'),
    missing: 'no response headers policy is attached to the default cache behavior, so browsers get no HSTS, frame or content-type protection from the edge',
    advice: "name a response headers policy (a managed one such as SecurityHeadersPolicy, or the platform's)",
  }),
  ...requiredCases({
    rule: cloudfrontDefaultRootObject,
    field: ['defaultRootObject'],
    shapes: SHAPES,
    build: distribution,
    ...nameGuard('index.html'),
    missing: 'no default root object is set, so a request for / is passed to the origin as is (an S3 origin that allows listing answers with the list of its objects)',
    advice: 'name the object served for / (index.html)',
  }),
  ...requiredCases({
    rule: cloudfrontGeoRestriction,
    field: ['restrictions', 'geoRestriction', 'restrictionType'],
    shapes: SHAPES,
    build: distribution,
    safe: 'whitelist',
    unsafe: 'none',
    unsafeText: '"none"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'no geo restriction is set',
    advice: 'list the countries served (whitelist) or refused (blacklist), where the content is licensed or regulated per country',
  }),
  ...requiredCases({
    rule: cloudfrontHsts,
    field: ['securityHeadersConfig', 'strictTransportSecurity', 'accessControlMaxAgeSec'],
    shapes: SHAPES,
    build: headers,
    safe: 63072000,
    unsafe: 300,
    unsafeText: '300',
    malformed: '31536000',
    malformedText: 'the string "31536000"',
    type: 'a number',
    missing: 'the policy sends no Strict-Transport-Security header, so a browser may still try plain HTTP first and be downgraded',
    advice: 'set strictTransportSecurity with accessControlMaxAgeSec 31536000 (and override: true)',
  }),
];

const HTTP = (path: string, policy: string) => `${path} is "${policy}": viewers may use plain HTTP, so requests, cookies and tokens cross the internet unencrypted; set it to redirect-to-https or https-only`;

const cases: Case[] = SHAPES.flatMap((s): Case[] => {
  const behavior = (fields: Params) => ({ defaultCacheBehavior: block(s, { targetOriginId: 'web', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], ...fields }) });
  const vpp = at(s, 'defaultCacheBehavior', 'viewerProtocolPolicy');
  const origin = (fields: Params) => ({ origin: [{ originId: 'web', ...fields }] });
  const custom = (fields: Params) => origin({ domainName: 'app.example.com', customOriginConfig: block(s, { httpPort: 80, httpsPort: 443, originSslProtocols: ['TLSv1.2'], ...fields }) });
  const cfg = `spec.forProvider.origin[0].customOriginConfig${s.blocks === 'array' ? '[0]' : ''}`;
  return [
    {
      name: `viewer HTTPS (${s.label}): an agent allows plain HTTP on the default behavior: refused`,
      reason: 'allow-all serves viewers over HTTP',
      resource: distribution(s, behavior({ viewerProtocolPolicy: 'allow-all' })),
      rules: [cloudfrontViewerHttps],
      want: { desired: SAME, mutations: [], findings: [finding(cloudfrontViewerHttps, 'Deny', vpp, HTTP(vpp, 'allow-all'))] },
    },
    {
      name: `viewer HTTPS (${s.label}): an agent allows HTTP on one ordered behavior only: refused`,
      reason: 'every behavior is judged, not only the default',
      resource: distribution(s, { ...behavior({ viewerProtocolPolicy: 'https-only' }), orderedCacheBehavior: [{ pathPattern: '/a/*', targetOriginId: 'web', viewerProtocolPolicy: 'redirect-to-https' }, { pathPattern: '/api/*', targetOriginId: 'web', viewerProtocolPolicy: 'allow-all' }] }),
      rules: [cloudfrontViewerHttps],
      want: { desired: SAME, mutations: [], findings: [finding(cloudfrontViewerHttps, 'Deny', 'spec.forProvider.orderedCacheBehavior[1].viewerProtocolPolicy', HTTP('spec.forProvider.orderedCacheBehavior[1].viewerProtocolPolicy', 'allow-all'))] },
    },
    {
      name: `viewer HTTPS (${s.label}): a default behavior without a policy: redirect injected`,
      reason: 'the safe value exists and the field is absent',
      resource: distribution(s, behavior({})),
      rules: [cloudfrontViewerHttps],
      want: {
        desired: injected(distribution(s, behavior({})), behavior({ viewerProtocolPolicy: 'redirect-to-https' }), cloudfrontViewerHttps.id),
        mutations: [mutation(cloudfrontViewerHttps, vpp, 'redirect-to-https')],
        findings: [],
      },
    },
    { name: `viewer HTTPS (${s.label}): no default behavior at all: left to the API server`, reason: 'the block is required; injecting a partial one would hide the refusal', resource: distribution(s), rules: [cloudfrontViewerHttps], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `viewer HTTPS (${s.label}): allow-all in initProvider: refused`,
      reason: 'initProvider is applied at creation',
      resource: withInit(distribution(s, behavior({ viewerProtocolPolicy: 'redirect-to-https' })), behavior({ viewerProtocolPolicy: 'allow-all' })),
      rules: [cloudfrontViewerHttps],
      want: { desired: SAME, mutations: [], findings: [finding(cloudfrontViewerHttps, 'Deny', vpp.replace('forProvider', 'initProvider'), HTTP(vpp.replace('forProvider', 'initProvider'), 'allow-all'))] },
    },
    {
      name: `viewer TLS (${s.label}): the default certificate is not given a minimum it cannot honour`,
      reason: 'with the cloudfront.net certificate the minimum is fixed at TLSv1; that is the custom-certificate rule\'s finding',
      resource: distribution(s, { viewerCertificate: block(s, { cloudfrontDefaultCertificate: true }) }),
      rules: [cloudfrontViewerTls],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `origin (${s.label}): an agent reaches a custom origin over HTTP: held`,
      reason: 'the request crosses the internet in plain text; an S3 website endpoint may need it',
      resource: distribution(s, custom({ originProtocolPolicy: 'http-only' })),
      rules: [cloudfrontOriginHttps],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(cloudfrontOriginHttps, 'RequireApproval', `${cfg}.originProtocolPolicy`, `${cfg}.originProtocolPolicy is "http-only": CloudFront may reach the origin over plain HTTP; set it to https-only unless the origin cannot serve HTTPS (an S3 website endpoint)`)],
      },
    },
    {
      name: `origin (${s.label}): an agent allows TLS 1.0 to the origin: held`,
      reason: 'a broken protocol to the origin',
      resource: distribution(s, custom({ originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1', 'TLSv1.2'] })),
      rules: [cloudfrontOriginHttps],
      want: { desired: SAME, mutations: [], findings: [finding(cloudfrontOriginHttps, 'RequireApproval', `${cfg}.originSslProtocols`, `${cfg}.originSslProtocols allows TLSv1; allow TLSv1.2 only`)] },
    },
    { name: `origin (${s.label}): https-only with TLS 1.2 passes`, reason: 'compliant', resource: distribution(s, custom({ originProtocolPolicy: 'https-only' })), rules: [cloudfrontOriginHttps], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `S3 origin (${s.label}): an agent points at a bucket without origin access control: refused`,
      reason: 'the bucket must then be public, and can be read around the distribution',
      resource: distribution(s, origin({ domainName: 'assets.s3.eu-west-1.amazonaws.com' })),
      rules: [cloudfrontS3OriginAccess],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            cloudfrontS3OriginAccess,
            'Deny',
            'spec.forProvider.origin[0]',
            'spec.forProvider.origin[0] is an S3 origin with no origin access control, so the bucket must be public for CloudFront to read it, and anyone can bypass the distribution by reading the bucket directly; add an OriginAccessControl (originAccessControlId) and grant it in the bucket policy',
          ),
        ],
      },
    },
    {
      name: `S3 origin (${s.label}): an agent writes the bucket's endpoint in capitals: still refused`,
      reason: 'host names are case-insensitive, so the test is too',
      resource: distribution(s, origin({ domainName: 'Assets.S3.AmazonAWS.com' })),
      rules: [cloudfrontS3OriginAccess],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            cloudfrontS3OriginAccess,
            'Deny',
            'spec.forProvider.origin[0]',
            'spec.forProvider.origin[0] is an S3 origin with no origin access control, so the bucket must be public for CloudFront to read it, and anyone can bypass the distribution by reading the bucket directly; add an OriginAccessControl (originAccessControlId) and grant it in the bucket policy',
          ),
        ],
      },
    },
    { name: `S3 origin (${s.label}): an origin access control by selector passes`, reason: 'compliant', resource: distribution(s, origin({ domainName: 'assets.s3.amazonaws.com', originAccessControlIdSelector: { matchControllerRef: true } })), rules: [cloudfrontS3OriginAccess], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `S3 origin (${s.label}): a legacy origin access identity passes`, reason: 'an OAI also keeps the bucket private', resource: distribution(s, origin({ domainName: 'assets.s3.amazonaws.com', s3OriginConfig: block(s, { originAccessIdentity: 'origin-access-identity/cloudfront/E1' }) })), rules: [cloudfrontS3OriginAccess], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `S3 origin (${s.label}): an S3 website endpoint is a custom origin`, reason: 'website endpoints cannot use origin access control; the origin rule judges them', resource: distribution(s, origin({ domainName: 'assets.s3-website-eu-west-1.amazonaws.com' })), rules: [cloudfrontS3OriginAccess], want: { desired: SAME, mutations: [], findings: [] } },
  ];
});

const compliant: Case = {
  name: 'the catalog order: a compliant distribution passes every CloudFront rule',
  reason: 'HTTPS everywhere, TLS 1.2 on an ACM certificate, an S3 origin through origin access control, and every value the author must name: nothing to change or report',
  resource: distribution(DEFAULT, {
    defaultCacheBehavior: { targetOriginId: 'web', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: 'p' },
    origin: [{ originId: 'web', domainName: 'assets.s3.amazonaws.com', originAccessControlId: 'E2' }],
    viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/1', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    webAclId: 'arn:waf',
    loggingConfig: { bucket: 'logs.s3.amazonaws.com' },
    defaultRootObject: 'index.html',
    restrictions: { geoRestriction: { restrictionType: 'whitelist', locations: ['DE'] } },
  }),
  rules: CLOUDFRONT_RULES,
  want: { desired: SAME, mutations: [], findings: [] },
};

describe('CloudFront rows', () => {
  it.each(guards)('$name', (c) => runCase(c));
});
describe('CloudFront behaviors and origins', () => {
  it.each([...cases, compliant])('$name', (c) => runCase(c));
});
