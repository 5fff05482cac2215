import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, injected, mutation, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  DEFAULT_TLS_POLICY,
  elbAccessLogs,
  elbClassicAcmCertificate,
  elbClassicTlsPolicy,
  elbCrossZone,
  elbDesyncMitigation,
  elbListenerTlsPolicy,
  elbPlaintextListener,
  elbv2CrossZone,
  elbv2DeletionProtection,
  elbv2DropInvalidHeaders,
  elbv2TargetGroupHealthCheck,
  elbv2TargetGroupHttps,
  LOAD_BALANCER_RULES,
} from './load-balancers.js';

/** elbv2 LB, LBListener, LBTargetGroup and elb ELB (provider-upjet-aws): v1beta1 and v1beta2 cluster-scoped, v1beta1 namespaced. elb Policy: v1beta1 only. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const DEFAULT = SHAPES[1]!;

type Params = Record<string, unknown>;
const lb = (type: string | undefined) => (s: Served = DEFAULT, fp: Params = {}): KubeObject =>
  awsResource('elbv2', 'LB', s, { name: 'web', internal: true, ...(type !== undefined ? { loadBalancerType: type } : {}), ...fp });
const alb = lb('application');
const nlb = lb('network');
const listener = (protocol: string | undefined) => (s: Served = DEFAULT, fp: Params = {}): KubeObject =>
  awsResource('elbv2', 'LBListener', s, { loadBalancerArn: 'arn:lb', port: protocol === 'HTTP' ? 80 : 443, ...(protocol !== undefined ? { protocol } : {}), ...fp });
const tls = listener('HTTPS');
const targetGroup = (s: Served = DEFAULT, fp: Params = {}): KubeObject => awsResource('elbv2', 'LBTargetGroup', s, { port: 443, vpcId: 'vpc-0abc', ...fp });
const classic = (s: Served = DEFAULT, fp: Params = {}): KubeObject => awsResource('elb', 'ELB', s, { availabilityZones: ['eu-west-1a'], ...fp });
const block = (s: Served, fields: Params) => (s.blocks === 'array' ? [fields] : fields);

const PLAINTEXT =
  'the listener accepts plain HTTP, so requests, cookies and credentials cross the network unencrypted; use protocol HTTPS (or TLS) with a certificate, or make the default action a redirect to HTTPS';
const LOGS = 'without them, who reached what through the load balancer cannot be investigated; send them to an S3 bucket (accessLogs with bucket and enabled: true)';

const guards: Case[] = [
  ...guardCases({
    rule: elbv2DropInvalidHeaders,
    field: ['dropInvalidHeaderFields'],
    shapes: SHAPES,
    build: alb,
    ...booleanGuard(true),
    missing: 'dropping invalid header fields was not turned on',
    advice: 'set it to true (or remove it) so headers that are not valid HTTP are removed before they reach the targets',
  }),
  ...guardCases({
    rule: elbv2DeletionProtection,
    field: ['enableDeletionProtection'],
    shapes: SHAPES,
    build: alb,
    ...booleanGuard(true),
    missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the load balancer and its DNS name',
    advice: 'set it to true so the load balancer cannot be deleted by a single call (turn it off on purpose before deleting)',
  }),
  ...guardCases({
    rule: elbv2CrossZone,
    field: ['enableCrossZoneLoadBalancing'],
    shapes: SHAPES,
    build: nlb,
    ...booleanGuard(true),
    missing: "cross-zone load balancing was not turned on, so losing the targets of one zone loses that zone's share of the traffic",
    advice: "set it to true (or remove it under Mutate) so every zone's traffic reaches healthy targets in the other zones",
  }),
  ...guardCases({
    rule: elbListenerTlsPolicy,
    field: ['sslPolicy'],
    shapes: SHAPES,
    build: tls,
    safe: DEFAULT_TLS_POLICY,
    unsafe: 'ELBSecurityPolicy-2016-08',
    unsafeText: '"ELBSecurityPolicy-2016-08"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: "no TLS policy was set, and the provider's default (ELBSecurityPolicy-2016-08) accepts TLS 1.0 and 1.1",
    advice: `set it to ${DEFAULT_TLS_POLICY} (TLS 1.2 and 1.3, forward-secret ciphers only), or another TLS13-1-2 or TLS13-1-3 policy`,
  }),
  ...(['LB', 'ELB'] as const).flatMap((kind) =>
    defaultCases({
      rule: elbDesyncMitigation,
      field: ['desyncMitigationMode'],
      shapes: SHAPES,
      build: kind === 'LB' ? alb : classic,
      safe: 'strictest',
      unsafe: 'monitor',
      unsafeText: '"monitor"',
      malformed: 1,
      malformedText: 'number 1',
      type: 'a string',
      advice: 'set it to "defensive" or "strictest" (or remove it): "monitor" forwards ambiguous requests, which is how HTTP request smuggling reaches the targets',
    }),
  ),
  ...defaultCases({
    rule: elbCrossZone,
    field: ['crossZoneLoadBalancing'],
    shapes: SHAPES,
    build: classic,
    ...booleanGuard(true),
    advice: "set it to true (or remove it) so losing the instances of one zone does not lose that zone's share of the traffic",
  }),
  ...defaultCases({
    rule: elbv2TargetGroupHealthCheck,
    field: ['healthCheck', 'enabled'],
    shapes: SHAPES,
    build: targetGroup,
    ...booleanGuard(true),
    advice: 'set it to true (or remove it) so a failed or compromised target stops receiving traffic',
  }),
];

/** Cases on what a row reads only on some load balancer types or listeners. */
const typed: Case[] = SHAPES.flatMap((s): Case[] => [
  {
    name: `drop invalid headers (${s.label}): no loadBalancerType means application: injected`,
    reason: 'the provider creates an application load balancer when the type is absent',
    resource: lb(undefined)(s),
    rules: [elbv2DropInvalidHeaders],
    want: { desired: injected(lb(undefined)(s), { dropInvalidHeaderFields: true }, elbv2DropInvalidHeaders.id), mutations: [mutation(elbv2DropInvalidHeaders, 'spec.forProvider.dropInvalidHeaderFields', true)], findings: [] },
  },
  {
    name: `drop invalid headers (${s.label}): a network load balancer is not touched`,
    reason: 'AWS refuses the ALB-only attribute on a network load balancer, so injecting it would break the resource',
    resource: nlb(s),
    rules: [elbv2DropInvalidHeaders],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `drop invalid headers (${s.label}): a type that is not a string is judged as any type`,
    reason: 'a malformed type never hides a check',
    resource: lb(undefined)(s, { loadBalancerType: 7, dropInvalidHeaderFields: false }),
    rules: [elbv2DropInvalidHeaders],
    want: { desired: SAME, mutations: [], findings: [finding(elbv2DropInvalidHeaders, 'Deny', 'spec.forProvider.dropInvalidHeaderFields', 'spec.forProvider.dropInvalidHeaderFields is false; set it to true (or remove it) so headers that are not valid HTTP are removed before they reach the targets')] },
  },
  {
    name: `cross-zone (${s.label}): an application load balancer is not touched`,
    reason: 'application load balancers always balance across zones; the attribute is the network and gateway types\'',
    resource: alb(s),
    rules: [elbv2CrossZone],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `TLS policy (${s.label}): a plain HTTP listener gets no policy`,
    reason: 'a policy applies to listeners that terminate TLS only; the plain listener is the plaintext rule\'s',
    resource: listener('HTTP')(s),
    rules: [elbListenerTlsPolicy],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `TLS policy (${s.label}): an NLB TLS listener gets the policy injected`,
    reason: 'TLS listeners of network load balancers take the same security policies',
    resource: listener('TLS')(s),
    rules: [elbListenerTlsPolicy],
    want: { desired: injected(listener('TLS')(s), { sslPolicy: DEFAULT_TLS_POLICY }, elbListenerTlsPolicy.id), mutations: [mutation(elbListenerTlsPolicy, 'spec.forProvider.sslPolicy', DEFAULT_TLS_POLICY)], findings: [] },
  },
]);

const policyPath = 'spec.forProvider.sslPolicy';
const weak = (policy: string): Case => ({
  name: `an agent picks the TLS policy ${policy}: refused`,
  reason: 'it accepts TLS before 1.2, or keeps CBC or non-forward-secret ciphers',
  resource: tls(DEFAULT, { sslPolicy: policy }),
  rules: [elbListenerTlsPolicy],
  want: { desired: SAME, mutations: [], findings: [finding(elbListenerTlsPolicy, 'Deny', policyPath, `${policyPath} is "${policy}"; set it to ${DEFAULT_TLS_POLICY} (TLS 1.2 and 1.3, forward-secret ciphers only), or another TLS13-1-2 or TLS13-1-3 policy`)] },
});
const strong = (policy: string): Case => ({ name: `the TLS policy ${policy} passes`, reason: 'TLS 1.2+ with forward-secret AEAD ciphers only', resource: tls(DEFAULT, { sslPolicy: policy }), rules: [elbListenerTlsPolicy], want: { desired: SAME, mutations: [], findings: [] } });
const policies: Case[] = [
  ...['ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-FS-2018-06'].map(weak),
  ...['ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04'].map(strong),
];

const redirect = (s: Served) => [{ type: 'redirect', redirect: block(s, { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' }) }];
const listenerCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `plaintext listener (${s.label}): ${what}`;
  const http = listener('HTTP');
  return [
    {
      name: at('an agent opens an HTTP listener that forwards: refused'),
      reason: 'requests and credentials cross the network in plain text',
      resource: http(s, { defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [finding(elbPlaintextListener, 'Deny', 'spec.forProvider.protocol', `spec.forProvider.protocol is "HTTP": ${PLAINTEXT}`)] },
    },
    { name: at('an HTTP listener that redirects to HTTPS passes'), reason: 'the redirect is how port 80 should be served (CKV2_AWS_20)', resource: http(s, { defaultAction: redirect(s) }), rules: [elbPlaintextListener], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('an agent redirects to HTTP: refused'),
      reason: 'a redirect that stays on HTTP is still plain HTTP',
      resource: http(s, { defaultAction: [{ type: 'redirect', redirect: block(s, { protocol: 'HTTP', port: '8080', statusCode: 'HTTP_301' }) }] }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [finding(elbPlaintextListener, 'Deny', 'spec.forProvider.protocol', `spec.forProvider.protocol is "HTTP": ${PLAINTEXT}`)] },
    },
    {
      name: at('an agent leaves the protocol out with a port: refused'),
      reason: 'AWS takes HTTP for a listener with a port and no protocol',
      resource: listener(undefined)(s, { defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [finding(elbPlaintextListener, 'Deny', 'spec.forProvider.protocol', `spec.forProvider.protocol is not set, so AWS takes HTTP: ${PLAINTEXT}`)] },
    },
    {
      name: at('an agent hides HTTP in initProvider: refused'),
      reason: 'initProvider is applied at creation',
      resource: withInit(awsResource('elbv2', 'LBListener', s, { loadBalancerArn: 'arn:lb', port: 80 }), { protocol: 'HTTP' }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [finding(elbPlaintextListener, 'Deny', 'spec.initProvider.protocol', `spec.initProvider.protocol is "HTTP": ${PLAINTEXT}`)] },
    },
    { name: at('an HTTPS listener passes'), reason: 'TLS terminates at the load balancer', resource: tls(s), rules: [elbPlaintextListener], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('a gateway listener (no protocol, no port) passes'), reason: 'gateway load balancer listeners carry GENEVE and take neither', resource: awsResource('elbv2', 'LBListener', s, { loadBalancerArn: 'arn:gwlb' }), rules: [elbPlaintextListener], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('a classic ELB with an HTTP listener: refused'),
      reason: 'the classic listener is plain HTTP to viewers',
      resource: classic(s, { listener: [{ instancePort: 80, instanceProtocol: 'http', lbPort: 80, lbProtocol: 'http' }] }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [finding(elbPlaintextListener, 'Deny', 'spec.forProvider.listener[0].lbProtocol', `spec.forProvider.listener[0].lbProtocol is "http": ${PLAINTEXT}`)] },
    },
    {
      name: at('a classic ELB with HTTPS and TCP listeners passes'),
      reason: 'TCP may carry TLS the instance terminates',
      resource: classic(s, { listener: [{ instancePort: 443, instanceProtocol: 'https', lbPort: 443, lbProtocol: 'https', sslCertificateId: 'arn:aws:acm:eu-west-1:111122223333:certificate/1' }, { instancePort: 5432, instanceProtocol: 'tcp', lbPort: 5432, lbProtocol: 'tcp' }] }),
      rules: [elbPlaintextListener],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

const otherCases: Case[] = [
  ...SHAPES.flatMap((s): Case[] => [
    {
      name: `target group (${s.label}): HTTP warned`,
      reason: 'traffic to targets crosses the VPC unencrypted',
      resource: targetGroup(s, { protocol: 'HTTP' }),
      rules: [elbv2TargetGroupHttps],
      want: { desired: SAME, mutations: [], findings: [finding(elbv2TargetGroupHttps, 'Warn', 'spec.forProvider.protocol', 'spec.forProvider.protocol is "HTTP": requests reach the targets unencrypted inside the VPC; use HTTPS where that traffic must be encrypted too')] },
    },
    { name: `target group (${s.label}): HTTPS passes`, reason: 'encrypted to the targets', resource: targetGroup(s, { protocol: 'HTTPS' }), rules: [elbv2TargetGroupHttps], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `target group (${s.label}): a Lambda target group with no protocol passes`, reason: 'Lambda targets take no protocol', resource: targetGroup(s, { targetType: 'lambda' }), rules: [elbv2TargetGroupHttps], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `access logs (${s.label}): an LB without them: warned`,
      reason: 'elbv2 access logs are off unless enabled',
      resource: alb(s),
      rules: [elbAccessLogs],
      want: { desired: SAME, mutations: [], findings: [finding(elbAccessLogs, 'Warn', 'spec.forProvider.accessLogs.enabled', `access logs are not turned on: ${LOGS}`)] },
    },
    {
      name: `access logs (${s.label}): an LB with a bucket but not enabled: warned`,
      reason: 'naming a bucket does not turn elbv2 access logs on',
      resource: alb(s, { accessLogs: block(s, { bucket: 'lb-logs' }) }),
      rules: [elbAccessLogs],
      want: { desired: SAME, mutations: [], findings: [finding(elbAccessLogs, 'Warn', 'spec.forProvider.accessLogs.enabled', `access logs are not turned on: ${LOGS}`)] },
    },
    { name: `access logs (${s.label}): an LB with logs enabled passes`, reason: 'compliant', resource: alb(s, { accessLogs: block(s, { bucket: 'lb-logs', enabled: true }) }), rules: [elbAccessLogs], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `access logs (${s.label}): a classic ELB with a bucket passes`, reason: 'classic access logs are on once the block names a bucket', resource: classic(s, { accessLogs: block(s, { bucket: 'lb-logs' }) }), rules: [elbAccessLogs], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `access logs (${s.label}): a classic ELB that turns them off: warned`,
      reason: 'explicitly off',
      resource: classic(s, { accessLogs: block(s, { bucket: 'lb-logs', enabled: false }) }),
      rules: [elbAccessLogs],
      want: { desired: SAME, mutations: [], findings: [finding(elbAccessLogs, 'Warn', `spec.forProvider.accessLogs${s.blocks === 'array' ? '[0]' : ''}.enabled`, `spec.forProvider.accessLogs${s.blocks === 'array' ? '[0]' : ''}.enabled is false: ${LOGS}`)] },
    },
    {
      name: `access logs (${s.label}): a classic ELB without the block: warned`,
      reason: 'no bucket, no logs',
      resource: classic(s),
      rules: [elbAccessLogs],
      want: { desired: SAME, mutations: [], findings: [finding(elbAccessLogs, 'Warn', 'spec.forProvider.accessLogs', `access logs are not turned on: ${LOGS}`)] },
    },
    {
      name: `ACM certificate (${s.label}): an IAM server certificate: warned`,
      reason: 'its private key lives outside ACM and is not renewed',
      resource: classic(s, { listener: [{ instancePort: 443, instanceProtocol: 'https', lbPort: 443, lbProtocol: 'https', sslCertificateId: 'arn:aws:iam::111122223333:server-certificate/web' }] }),
      rules: [elbClassicAcmCertificate],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            elbClassicAcmCertificate,
            'Warn',
            'spec.forProvider.listener[0].sslCertificateId',
            'spec.forProvider.listener[0].sslCertificateId is "arn:aws:iam::111122223333:server-certificate/web", not an ACM certificate ARN; issue or import the certificate in ACM so its key stays there and it renews',
          ),
        ],
      },
    },
    { name: `ACM certificate (${s.label}): an ACM certificate passes`, reason: 'compliant', resource: classic(s, { listener: [{ instancePort: 443, instanceProtocol: 'https', lbPort: 443, lbProtocol: 'https', sslCertificateId: 'arn:aws-us-gov:acm:us-gov-west-1:111122223333:certificate/1' }] }), rules: [elbClassicAcmCertificate], want: { desired: SAME, mutations: [], findings: [] } },
  ]),
  ...V1.flatMap((s): Case[] => [
    {
      name: `classic TLS policy (${s.label}): an agent turns on TLS 1.0: refused`,
      reason: 'TLS 1.0 has known attacks',
      resource: awsResource('elb', 'Policy', s, { loadBalancerName: 'web', policyName: 'tls', policyTypeName: 'SSLNegotiationPolicyType', policyAttribute: [{ name: 'Protocol-TLSv1.2', value: 'true' }, { name: 'Protocol-TLSv1', value: 'true' }] }),
      rules: [elbClassicTlsPolicy],
      want: { desired: SAME, mutations: [], findings: [finding(elbClassicTlsPolicy, 'Deny', 'spec.forProvider.policyAttribute[1].value', 'spec.forProvider.policyAttribute[1] turns on TLSv1, which has known attacks; remove it and allow Protocol-TLSv1.2 only')] },
    },
    {
      name: `classic TLS policy (${s.label}): an agent references the 2016 policy: refused`,
      reason: 'ELBSecurityPolicy-2016-08 accepts TLS 1.0',
      resource: awsResource('elb', 'LBSSLNegotiationPolicy', s, { loadBalancer: 'web', lbPort: 443, name: 'tls', attribute: [{ name: 'Reference-Security-Policy', value: 'ELBSecurityPolicy-2016-08' }] }),
      rules: [elbClassicTlsPolicy],
      want: { desired: SAME, mutations: [], findings: [finding(elbClassicTlsPolicy, 'Deny', 'spec.forProvider.attribute[0].value', 'spec.forProvider.attribute[0] references ELBSecurityPolicy-2016-08, which accepts TLS versions before 1.2; reference ELBSecurityPolicy-TLS-1-2-2017-01')] },
    },
    {
      name: `classic TLS policy (${s.label}): TLS 1.2 only passes`,
      reason: 'compliant; an old protocol turned off ("false") is fine',
      resource: awsResource('elb', 'Policy', s, { loadBalancerName: 'web', policyName: 'tls', policyTypeName: 'SSLNegotiationPolicyType', policyAttribute: [{ name: 'Reference-Security-Policy', value: 'ELBSecurityPolicy-TLS-1-2-2017-01' }, { name: 'Protocol-TLSv1', value: 'false' }] }),
      rules: [elbClassicTlsPolicy],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ]),
  {
    name: 'the catalog order: an HTTPS ALB listener gets its policy and nothing else',
    reason: 'the load balancer rules together leave a compliant TLS listener alone but for the injected policy',
    resource: tls(DEFAULT),
    rules: LOAD_BALANCER_RULES,
    want: { desired: injected(tls(DEFAULT), { sslPolicy: DEFAULT_TLS_POLICY }, elbListenerTlsPolicy.id), mutations: [mutation(elbListenerTlsPolicy, policyPath, DEFAULT_TLS_POLICY)], findings: [] },
  },
];

describe('load balancer rows', () => {
  it.each(guards)('$name', (c) => runCase(c));
});
describe('load balancer rows that hold on some types only', () => {
  it.each([...typed, ...policies])('$name', (c) => runCase(c));
});
describe('load balancer listeners and logs', () => {
  it.each([...listenerCases, ...otherCases])('$name', (c) => runCase(c));
});
