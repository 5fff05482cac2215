/**
 * Load balancers (elbv2 LB, LBListener, LBTargetGroup; the classic elb ELB
 * and its TLS policies): TLS on every listener the internet reaches, a TLS
 * 1.2+ policy with forward-secret ciphers, headers a target could be tricked
 * by dropped, request smuggling mitigated, access logs kept.
 *
 * One `elbv2 LB` kind serves application, network and gateway load
 * balancers (`loadBalancerType`, absent means application); an attribute
 * only one type has is judged and injected only on that type, since AWS
 * refuses it on the others.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const elbv2 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'elbv2', kind });
const elb = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'elb', kind });

const LB = elbv2('LB');
const LISTENER = elbv2('LBListener');
const TARGET_GROUP = elbv2('LBTargetGroup');
const CLASSIC = elb('ELB');

/**
 * Is the elbv2 LB of one of `types`? Absent means `application` (the
 * provider's default); a value that is not a string counts as any type, so a
 * malformed type never hides a check.
 */
export function lbTypeIn(ctx: RuleContext, types: readonly string[]): boolean {
  const found = explicitParams(ctx.resource, ['loadBalancerType']);
  if (found.length === 0) return types.includes('application');
  return found.some((e) => typeof e.value !== 'string' || types.includes(e.value));
}

const APPLICATION = { test: (ctx: RuleContext) => lbTypeIn(ctx, ['application']), words: '`loadBalancerType` is `application` or absent (an application load balancer)' };
const NETWORK_OR_GATEWAY = { test: (ctx: RuleContext) => lbTypeIn(ctx, ['network', 'gateway']), words: '`loadBalancerType` is `network` or `gateway`' };

/** Does the listener terminate TLS (`protocol` HTTPS or TLS, in either block)? */
const terminatesTls = (ctx: RuleContext) => explicitParams(ctx.resource, ['protocol']).some((e) => e.value === 'HTTPS' || e.value === 'TLS');

/**
 * The ELB security policies that allow TLS 1.2 and later only, with
 * forward-secret AEAD ciphers only (AWS "Security policies for your
 * Application Load Balancer": the TLS13-1-2, -1-2-Res, -1-3 families, their
 * FIPS and post-quantum variants, and FS-1-2-Res). TLS13-1-2-Ext*, TLS-1-2-*
 * and FS-1-2-2019-08 allow TLS 1.2 only too, but keep CBC or non-forward-secret
 * ciphers, which Checkov's CKV2_AWS_74 refuses.
 */
export const STRONG_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-2-(2021-06|Res-2021-06|FIPS-2023-04|Res-FIPS-2023-04|PQ-2025-09|Res-PQ-2025-09|FIPS-PQ-2025-09|Res-FIPS-PQ-2025-09)|TLS13-1-3-(2021-06|FIPS-2023-04|PQ-2025-09|FIPS-PQ-2025-09)|FS-1-2-Res-(2019-08|2020-10))$/;
export const DEFAULT_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export const [elbv2DropInvalidHeaders, elbv2DeletionProtection, elbDesyncMitigation, elbv2CrossZone, elbCrossZone, elbListenerTlsPolicy, elbv2TargetGroupHealthCheck] = fieldRules([
  {
    id: 'aws-elbv2-drop-invalid-headers',
    title: 'Application load balancers drop invalid HTTP headers',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: LB, field: ['dropInvalidHeaderFields'], when: APPLICATION }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'dropping invalid header fields was not turned on',
    unsafe: 'set it to true (or remove it) so headers that are not valid HTTP are removed before they reach the targets',
    why: 'A header a proxy and a target parse differently is how request smuggling and header injection reach an application behind the load balancer.',
    references: { checkov: ['CKV_AWS_131'], trivy: ['AWS-0052'] },
  },
  {
    id: 'aws-elbv2-deletion-protection',
    title: 'Load balancers have deletion protection',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: LB, field: ['enableDeletionProtection'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the load balancer and its DNS name',
    unsafe: 'set it to true so the load balancer cannot be deleted by a single call (turn it off on purpose before deleting)',
    why: 'Warn by default, as for RDS: with deletion protection on, AWS refuses Crossplane\'s own delete when the composite is deleted, and the resource stays until a person turns it off; under `Mutate` it is injected.',
    references: { checkov: ['CKV_AWS_150'] },
  },
  {
    id: 'aws-elb-desync-mitigation',
    title: 'Load balancers mitigate HTTP desync',
    severity: 'medium',
    defaultAction: 'Deny',
    on: [
      { kind: LB, field: ['desyncMitigationMode'] },
      { kind: CLASSIC, field: ['desyncMitigationMode'] },
    ],
    type: 'string',
    safe: { test: (v) => v === 'defensive' || v === 'strictest', words: '`"defensive"` or `"strictest"`' },
    providerDefault: 'defensive',
    missing: 'desync mitigation was not set',
    unsafe: 'set it to "defensive" or "strictest" (or remove it): "monitor" forwards ambiguous requests, which is how HTTP request smuggling reaches the targets',
    why: 'Desync (request smuggling) lets one client\'s request be read as part of another\'s.',
    references: { checkov: ['CKV_AWS_328'] },
  },
  {
    id: 'aws-elbv2-cross-zone',
    title: 'Network and gateway load balancers balance across zones',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: LB, field: ['enableCrossZoneLoadBalancing'], when: NETWORK_OR_GATEWAY }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'cross-zone load balancing was not turned on, so losing the targets of one zone loses that zone\'s share of the traffic',
    unsafe: 'set it to true (or remove it under Mutate) so every zone\'s traffic reaches healthy targets in the other zones',
    why: 'Warn by default: AWS bills the traffic that crosses zones on network load balancers, so it is a choice the platform makes; application load balancers always balance across zones.',
    references: { checkov: ['CKV_AWS_152'] },
  },
  {
    id: 'aws-elb-cross-zone',
    title: 'Classic load balancers balance across zones',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: CLASSIC, field: ['crossZoneLoadBalancing'] }],
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'cross-zone load balancing was not set',
    unsafe: 'set it to true (or remove it) so losing the instances of one zone does not lose that zone\'s share of the traffic',
    why: 'Turning it off ties each zone\'s traffic to that zone\'s instances.',
    references: { checkov: ['CKV_AWS_138'] },
  },
  {
    id: 'aws-elb-listener-tls-policy',
    title: 'TLS listeners use a TLS 1.2+ policy with strong ciphers',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [{ kind: LISTENER, field: ['sslPolicy'], when: { test: terminatesTls, words: '`protocol` is `HTTPS` or `TLS` (a listener that terminates TLS)' } }],
    type: 'string',
    safe: { test: (v) => typeof v === 'string' && STRONG_TLS_POLICY.test(v), words: 'a TLS 1.2+ policy with forward-secret ciphers only (`ELBSecurityPolicy-TLS13-1-2-2021-06`, `-TLS13-1-2-Res-2021-06`, `-TLS13-1-3-2021-06`, `-FS-1-2-Res-2020-10`, their FIPS and PQ variants)' },
    inject: DEFAULT_TLS_POLICY,
    missing: 'no TLS policy was set, and the provider\'s default (ELBSecurityPolicy-2016-08) accepts TLS 1.0 and 1.1',
    unsafe: `set it to ${DEFAULT_TLS_POLICY} (TLS 1.2 and 1.3, forward-secret ciphers only), or another TLS13-1-2 or TLS13-1-3 policy`,
    why: 'TLS 1.0 and 1.1, and CBC or non-forward-secret ciphers, let a recorded session be decrypted later or a connection be downgraded.',
    references: { checkov: ['CKV_AWS_103', 'CKV2_AWS_74'], trivy: ['AWS-0047'] },
  },
  {
    id: 'aws-elbv2-target-group-health-check',
    title: 'Target groups keep their health checks',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: TARGET_GROUP, field: ['healthCheck', 'enabled'] }],
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'health checks were not set',
    unsafe: 'set it to true (or remove it) so a failed or compromised target stops receiving traffic',
    why: 'Without health checks the load balancer keeps sending requests to a target that no longer answers correctly.',
    references: { checkov: ['CKV_AWS_261'] },
  },
]) as [Rule, Rule, Rule, Rule, Rule, Rule, Rule];

/** Each entry of a list field (or the one object a single block holds), with its path, in both parameter blocks. */
export function entries(ctx: RuleContext, field: readonly string[]): { path: string; segments: Segment[]; value: unknown }[] {
  return explicitParams(ctx.resource, field).flatMap(({ segments, value }) =>
    Array.isArray(value) ? value.map((v, i) => ({ path: formatFieldPath([...segments, i]), segments: [...segments, i], value: v })) : [{ path: formatFieldPath(segments), segments, value }],
  );
}

/** A field of an entry, through a single nested block written as an object or a one-element list. */
export function fieldOf(entry: unknown, ...field: string[]): unknown {
  let cur: unknown = entry;
  for (const f of field) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!isObject(cur)) return undefined;
    cur = cur[f];
  }
  return cur;
}

/** Does a listener's default action redirect to HTTPS? */
function redirectsToHttps(ctx: RuleContext): boolean {
  const actions = entries(ctx, ['defaultAction']);
  return actions.length > 0 && actions.every((a) => fieldOf(a.value, 'type') === 'redirect' && fieldOf(a.value, 'redirect', 'protocol') === 'HTTPS');
}

const PLAINTEXT =
  'the listener accepts plain HTTP, so requests, cookies and credentials cross the network unencrypted; use protocol HTTPS (or TLS) with a certificate, or make the default action a redirect to HTTPS';

export const elbPlaintextListener = defineRule({
  id: 'aws-elb-plaintext-listener',
  title: 'Load balancer listeners do not serve plain HTTP',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses an elbv2 `LBListener` whose `protocol` is `HTTP` (or absent while a `port` is set: AWS then takes HTTP) unless its default action only redirects to HTTPS (`defaultAction[].type: redirect` with `redirect.protocol: HTTPS`), and a classic `ELB` with a `listener[]` whose `lbProtocol` is `HTTP`. A listener with neither protocol nor port is a gateway load balancer\'s (GENEVE), and passes; TCP, UDP and TLS listeners pass (a TCP listener may carry TLS the target terminates). A plain-HTTP target group behind a TLS listener is `aws-elbv2-target-group-https`\'s.',
  references: { checkov: ['CKV_AWS_2', 'CKV2_AWS_20', 'CKV_AWS_376', 'CKV_AWS_378'], trivy: ['AWS-0054'] },
  kinds: [LISTENER, CLASSIC],
  check(ctx) {
    if (ctx.type.kind === 'ELB') {
      for (const l of entries(ctx, ['listener'])) {
        const protocol = fieldOf(l.value, 'lbProtocol');
        if (typeof protocol === 'string' && protocol.toUpperCase() === 'HTTP') ctx.unsafe(`${l.path}.lbProtocol`, `${l.path}.lbProtocol is "${protocol}": ${PLAINTEXT}`);
        else if (protocol !== undefined && typeof protocol !== 'string') ctx.unsafe(`${l.path}.lbProtocol`, `${l.path}.lbProtocol must be a string, got ${describe(protocol)}`);
      }
      return;
    }
    const protocols = explicitParams(ctx.resource, ['protocol']);
    for (const p of protocols) if (typeof p.value !== 'string') ctx.unsafe(p.path, `${p.path} must be a string, got ${describe(p.value)}`);
    const http = protocols.find((p) => p.value === 'HTTP');
    const implicit = protocols.length === 0 && explicitParams(ctx.resource, ['port']).length > 0;
    if ((http === undefined && !implicit) || redirectsToHttps(ctx)) return;
    const at = http?.path ?? 'spec.forProvider.protocol';
    ctx.unsafe(at, `${http !== undefined ? `${at} is "HTTP"` : `${at} is not set, so AWS takes HTTP`}: ${PLAINTEXT}`);
  },
}) satisfies Rule;

export const elbv2TargetGroupHttps = defineRule({
  id: 'aws-elbv2-target-group-https',
  title: 'Target groups are reached over TLS',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about an `LBTargetGroup` whose `protocol` is `HTTP`: traffic from the load balancer to its targets crosses the VPC unencrypted. A warning, not a refusal: terminating TLS at the load balancer and reaching targets in private subnets over HTTP is a common, deliberate design; where traffic inside the VPC must be encrypted too, use `HTTPS` (the target presents any certificate) or set the rule to `Deny`. A plain-HTTP listener is `aws-elb-plaintext-listener`\'s.',
  references: { checkov: ['CKV_AWS_378'] },
  kinds: [TARGET_GROUP],
  check(ctx) {
    for (const p of explicitParams(ctx.resource, ['protocol'])) {
      if (typeof p.value !== 'string') ctx.unsafe(p.path, `${p.path} must be a string, got ${describe(p.value)}`);
      else if (p.value === 'HTTP') ctx.unsafe(p.path, `${p.path} is "HTTP": requests reach the targets unencrypted inside the VPC; use HTTPS where that traffic must be encrypted too`);
    }
  },
}) satisfies Rule;

export const elbAccessLogs = defineRule({
  id: 'aws-elb-access-logs',
  title: 'Load balancers keep access logs',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about an elbv2 `LB` whose `accessLogs.enabled` is not `true` (the provider\'s default is off), and a classic `ELB` with no `accessLogs` block or with `accessLogs.enabled: false`: without access logs, who reached what through the load balancer cannot be investigated. A warning: the S3 bucket (and its policy letting Elastic Load Balancing write) is the platform\'s to choose, so there is nothing to inject.',
  references: { checkov: ['CKV_AWS_91', 'CKV_AWS_92'] },
  kinds: [LB, CLASSIC],
  check(ctx) {
    const enabled = explicitParams(ctx.resource, ['accessLogs', 'enabled']);
    for (const e of enabled) {
      if (typeof e.value !== 'boolean') ctx.unsafe(e.path, `${e.path} must be a boolean, got ${describe(e.value)}`);
      else if (!e.value) ctx.unsafe(e.path, `${e.path} is false: ${LOGS}`);
    }
    if (enabled.length > 0) return;
    // A classic ELB logs once the block names a bucket; an elbv2 LB only with enabled: true.
    if (ctx.type.kind === 'ELB' && explicitParams(ctx.resource, ['accessLogs']).length > 0) return;
    const at = ctx.type.kind === 'ELB' ? 'spec.forProvider.accessLogs' : 'spec.forProvider.accessLogs.enabled';
    ctx.unsafe(at, `access logs are not turned on: ${LOGS}`);
  },
}) satisfies Rule;

const LOGS = 'without them, who reached what through the load balancer cannot be investigated; send them to an S3 bucket (accessLogs with bucket and enabled: true)';

/** The classic ELB's SSL negotiation attributes that turn on a protocol older than TLS 1.2. */
const OLD_PROTOCOLS = new Set(['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1']);
/** The classic ELB's predefined policies that allow TLS 1.2 only. */
const CLASSIC_TLS12 = new Set(['ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06']);

export const elbClassicTlsPolicy = defineRule({
  id: 'aws-elb-classic-tls-policy',
  title: 'Classic load balancer TLS policies allow TLS 1.2+ only',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a classic ELB `Policy` (`policyAttribute[]`) or `LBSSLNegotiationPolicy` (`attribute[]`) that turns on SSLv2, SSLv3, TLS 1.0 or TLS 1.1 (`Protocol-SSLv3: "true"`, ...), or that references a predefined policy other than `ELBSecurityPolicy-TLS-1-2-2017-01` or `ELBSecurityPolicy-TLS-1-2-Ext-2018-06` (`Reference-Security-Policy`), which all accept TLS 1.0.',
  references: { checkov: ['CKV_AWS_213'] },
  kinds: [elb('Policy'), elb('LBSSLNegotiationPolicy')],
  check(ctx) {
    const field = ctx.type.kind === 'Policy' ? 'policyAttribute' : 'attribute';
    for (const a of entries(ctx, [field])) {
      const name = fieldOf(a.value, 'name');
      const value = fieldOf(a.value, 'value');
      if (typeof name !== 'string') continue;
      if (OLD_PROTOCOLS.has(name) && String(value).toLowerCase() === 'true') {
        ctx.unsafe(`${a.path}.value`, `${a.path} turns on ${name.slice('Protocol-'.length)}, which has known attacks; remove it and allow Protocol-TLSv1.2 only`);
      } else if (name === 'Reference-Security-Policy' && !(typeof value === 'string' && CLASSIC_TLS12.has(value))) {
        ctx.unsafe(`${a.path}.value`, `${a.path} references ${typeof value === 'string' ? value : describe(value)}, which accepts TLS versions before 1.2; reference ELBSecurityPolicy-TLS-1-2-2017-01`);
      }
    }
  },
}) satisfies Rule;

export const elbClassicAcmCertificate = defineRule({
  id: 'aws-elb-classic-acm-certificate',
  title: 'Classic load balancers use ACM certificates',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about a classic `ELB` listener whose `sslCertificateId` is not an AWS Certificate Manager ARN (`arn:<partition>:acm:`): an IAM server certificate is uploaded with its private key, which then lives outside ACM, and is not renewed automatically.',
  references: { checkov: ['CKV_AWS_127'] },
  kinds: [CLASSIC],
  check(ctx) {
    for (const l of entries(ctx, ['listener'])) {
      const cert = fieldOf(l.value, 'sslCertificateId');
      if (cert === undefined || cert === null) continue;
      if (typeof cert !== 'string' || !/^arn:aws[a-z-]*:acm:/.test(cert)) {
        ctx.unsafe(`${l.path}.sslCertificateId`, `${l.path}.sslCertificateId is ${typeof cert === 'string' ? JSON.stringify(cert) : describe(cert)}, not an ACM certificate ARN; issue or import the certificate in ACM so its key stays there and it renews`);
      }
    }
  },
}) satisfies Rule;

/** The load balancer rules in evaluation order. */
export const LOAD_BALANCER_RULES = [
  elbPlaintextListener,
  elbListenerTlsPolicy,
  elbv2DropInvalidHeaders,
  elbDesyncMitigation,
  elbClassicTlsPolicy,
  elbv2TargetGroupHttps,
  elbAccessLogs,
  elbClassicAcmCertificate,
  elbv2DeletionProtection,
  elbv2CrossZone,
  elbCrossZone,
  elbv2TargetGroupHealthCheck,
] as const satisfies readonly Rule[];
