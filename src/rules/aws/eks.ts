/**
 * EKS clusters: a private API endpoint by default, a public one only for
 * named networks and with a person's approval, never for the whole
 * internet; secrets under a customer managed KMS key; control-plane logs.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { coversAll, FAMILIES, type Family, parseCidr, publicPart, unionOf, type Cidr } from '../kit/cidr.js';
import { describe, type Explicit, explicitParams, inject } from '../params.js';

const CLUSTER: readonly KindRef[] = [{ cloud: 'aws', service: 'eks', kind: 'Cluster' }];

/** Every control-plane log type EKS can send to CloudWatch Logs. */
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export const eksPrivateEndpoint = defineRule({
  id: 'aws-eks-private-endpoint',
  title: 'EKS API endpoints are private by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Injects `vpcConfig.endpointPublicAccess: false` and `vpcConfig.endpointPrivateAccess: true` where absent: EKS otherwise opens the API server to the internet (public on, 0.0.0.0/0) and keeps it off the VPC. An explicit `endpointPublicAccess: true` is left to `aws-eks-public-endpoint-open` and `aws-eks-public-endpoint`. Refuses `endpointPrivateAccess: false` when the public endpoint is off too (nothing could reach the API; EKS rejects it). Note that a controller outside the VPC (provider-kubernetes, provider-helm on another cluster) then needs a network path to the private endpoint, or an approved public one. A Cluster with no `vpcConfig` at all is left to the API server, which refuses it.",
  fix: 'injects `vpcConfig.endpointPublicAccess: false` and `vpcConfig.endpointPrivateAccess: true`.',
  references: { checkov: ['CKV_AWS_39'], trivy: ['AWS-0040'] },
  kinds: CLUSTER,
  check(ctx) {
    if (explicitParams(ctx.resource, ['vpcConfig']).length === 0) return; // CEL-required: injecting would hide the API server's refusal
    const access = {
      public: booleans(ctx, ['vpcConfig', 'endpointPublicAccess']),
      private: booleans(ctx, ['vpcConfig', 'endpointPrivateAccess']),
    };
    if (access.public === undefined || access.private === undefined) return; // malformed: reported
    if (access.public.length === 0) {
      inject(ctx, ['vpcConfig', 'endpointPublicAccess'], false, 'the public API endpoint was not turned off; EKS turns it on, open to 0.0.0.0/0');
    }
    if (access.private.length === 0) {
      inject(ctx, ['vpcConfig', 'endpointPrivateAccess'], true, 'the private API endpoint was not turned on');
      return;
    }
    // Upjet fills a false (empty) forProvider value from initProvider: any true wins.
    if (access.public.some((e) => e.value === true) || access.private.some((e) => e.value === true)) return;
    const off = access.private[0]!;
    ctx.unsafe(off.path, `${off.path} is false and the public endpoint is off too, so nothing could reach the Kubernetes API (EKS rejects it); set it to true or remove it`);
  },
}) satisfies Rule;

export const eksPublicEndpointOpen = defineRule({
  id: 'aws-eks-public-endpoint-open',
  title: 'No EKS API endpoint open to the whole internet',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a Cluster with `vpcConfig.endpointPublicAccess: true` whose `publicAccessCidrs` is absent or empty (EKS then allows 0.0.0.0/0) or together cover the whole IPv4 or IPv6 address space: `0.0.0.0/0`, but also `0.0.0.0/1` with `128.0.0.0/1`, or all 256 /8s (the list is judged as a union, never one CIDR at a time). Also refuses an entry that is not a CIDR, which cannot be judged.',
  references: { checkov: ['CKV_AWS_38'], trivy: ['AWS-0041'] },
  kinds: CLUSTER,
  check(ctx) {
    const endpoint = publicEndpoint(ctx);
    if (endpoint === undefined) return;
    for (const m of endpoint.malformed) ctx.unsafe(m.path, m.message);
    if (!endpoint.worldwide) return;
    const { on, allowed, whole } = endpoint;
    if (whole.length > 0) {
      const adds = (a: { cidr: Cidr }, f: Family) => publicPart(unionOf([a.cidr]), f).length > 0;
      // ::/0 also holds the IPv4-mapped block, so it covers IPv4 too (fail closed); naming IPv4 adds nothing unless an IPv4 CIDR takes part.
      const named = whole.filter((f) => f === 'ipv6' || !whole.includes('ipv6') || allowed.some((a) => a.cidr.family === 'ipv4' && adds(a, f)));
      const open = allowed.filter((a) => named.some((f) => adds(a, f)));
      const together = open.length > 1 && !open.some((a) => named.every((f) => coversAll(unionOf([a.cidr]), f))) ? 'together ' : '';
      const space = named.length === 2 ? 'IPv4 and IPv6' : named[0] === 'ipv4' ? 'IPv4' : 'IPv6';
      const texts = [...new Set(open.map((o) => o.cidr.text))];
      const list = texts.length > 5 ? `${texts.slice(0, 5).join(', ')} and ${texts.length - 5} more` : texts.join(', ');
      const obvious = together === '' && open.some((a) => a.cidr.prefix === 0); // a /0 says what it is
      ctx.unsafe(open[0]!.path, `${on.path} is true and ${open[0]!.path} includes ${list}${obvious ? '' : ` (${together}the whole ${space} internet)`}: ${WORLD}`);
    } else {
      ctx.unsafe(on.path, `${on.path} is true and publicAccessCidrs is not set, so EKS allows 0.0.0.0/0: ${WORLD}`);
    }
  },
}) satisfies Rule;

const WORLD =
  'the Kubernetes API is open to the whole internet; turn the public endpoint off (reach the API from the VPC, a VPN or a bastion) or list in publicAccessCidrs only the networks that need it';

export const eksPublicEndpoint = defineRule({
  id: 'aws-eks-public-endpoint',
  title: 'A public EKS API endpoint needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a Cluster with `vpcConfig.endpointPublicAccess: true` limited by `publicAccessCidrs` to named networks: a person should confirm those networks need the API. One open to the whole internet (no CIDRs, or CIDRs that together cover the whole address space) is `aws-eks-public-endpoint-open`\'s to refuse (this rule holds it instead only when that one is disabled).',
  references: { checkov: ['CKV_AWS_39'], trivy: ['AWS-0040'] },
  kinds: CLUSTER,
  check(ctx) {
    const endpoint = publicEndpoint(ctx);
    if (endpoint === undefined) return;
    const openReports = (ctx.input.rules[eksPublicEndpointOpen.id]?.action ?? eksPublicEndpointOpen.defaultAction) !== 'Disabled';
    if (endpoint.worldwide && openReports) return;
    const named = [...endpoint.allowed.map((a) => a.cidr.text), ...endpoint.malformed.map((m) => m.path)];
    const from = named.length > 0 ? [...new Set(named)].join(', ') : '0.0.0.0/0 (publicAccessCidrs is not set)';
    ctx.unsafe(
      endpoint.on.path,
      `${endpoint.on.path} is true: the Kubernetes API is reachable from ${from}; approve only if these networks must reach it from outside the VPC (a CI runner, an office VPN), otherwise turn the public endpoint off`,
    );
  },
}) satisfies Rule;

interface PublicEndpoint {
  /** Where the public endpoint is turned on. */
  on: Explicit;
  /** Every CIDR publicAccessCidrs names, in either block, with where. */
  allowed: { path: string; cidr: Cidr }[];
  /** Entries that are not CIDRs, with why. */
  malformed: { path: string; message: string }[];
  /** The families whose whole address space the CIDRs cover together. */
  whole: Family[];
  /** Open to the whole internet: no CIDR named, or CIDRs that together cover a whole family. */
  worldwide: boolean;
}

/** The explicitly public endpoint, or undefined when the cluster does not turn it on. */
function publicEndpoint(ctx: RuleContext): PublicEndpoint | undefined {
  const on = explicitParams(ctx.resource, ['vpcConfig', 'endpointPublicAccess']).find((e) => e.value === true);
  if (on === undefined) return undefined;
  // Upjet fills an empty forProvider list from initProvider, so both blocks count: fail closed.
  const allowed: PublicEndpoint['allowed'] = [];
  const malformed: PublicEndpoint['malformed'] = [];
  for (const { path, value } of explicitParams(ctx.resource, ['vpcConfig', 'publicAccessCidrs'])) {
    if (!Array.isArray(value)) {
      malformed.push({ path, message: `${path} must be a list of CIDRs, got ${describe(value)}` });
      continue;
    }
    value.forEach((v, i) => {
      const parsed = typeof v === 'string' ? parseCidr(v) : undefined;
      if (parsed?.ok === true) allowed.push({ path, cidr: parsed.cidr });
      else malformed.push({ path: `${path}[${i}]`, message: `${path}[${i}] is ${typeof v === 'string' ? JSON.stringify(v) : describe(v)}, not a CIDR${parsed?.ok === false ? `: ${parsed.reason}` : ''}; list CIDRs such as 198.51.100.0/24` });
    });
  }
  const union = unionOf(allowed.map((a) => a.cidr));
  const whole = FAMILIES.filter((f) => coversAll(union, f));
  return { on, allowed, malformed, whole, worldwide: (allowed.length === 0 && malformed.length === 0) || whole.length > 0 };
}

export const eksSecretsEncryption = defineRule({
  id: 'aws-eks-secrets-encryption',
  title: 'EKS secrets are encrypted with a customer managed key',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Warns when a Cluster has no `encryptionConfig` whose `resources` include `secrets` and whose `provider.keyArn` names a KMS key. EKS 1.28 and later already envelope-encrypt all API data with an AWS owned key, so what is missing is the platform\'s control over the key (revocation, rotation, an audit trail of decryptions), not encryption itself; and there is no safe key to inject, since the platform must create it and grant EKS its use. Hence a warning rather than a refusal; set it to `Deny` once every composition supplies a key.',
  references: { checkov: ['CKV_AWS_58'], trivy: ['AWS-0039'] },
  kinds: CLUSTER,
  check(ctx) {
    const config = explicitParams(ctx.resource, ['encryptionConfig'])[0];
    if (config === undefined) {
      ctx.unsafe('spec.forProvider.encryptionConfig', `secrets are not encrypted with a customer managed KMS key; ${ENCRYPT}`);
      return;
    }
    const resources = explicitParams(ctx.resource, ['encryptionConfig', 'resources']);
    if (!resources.some(({ value }) => Array.isArray(value) && value.includes('secrets'))) {
      ctx.unsafe(resources[0]?.path ?? config.path, `encryptionConfig.resources does not include "secrets"; ${ENCRYPT}`);
    }
    const keys = explicitParams(ctx.resource, ['encryptionConfig', 'provider', 'keyArn']);
    if (!keys.some(({ value }) => typeof value === 'string' && value !== '')) {
      ctx.unsafe(keys[0]?.path ?? config.path, `encryptionConfig names no provider.keyArn; ${ENCRYPT}`);
    }
  },
}) satisfies Rule;

const ENCRYPT = 'set encryptionConfig with resources ["secrets"] and provider.keyArn naming the platform\'s KMS key';

export const eksControlPlaneLogging = defineRule({
  id: 'aws-eks-control-plane-logging',
  title: 'EKS control-plane logs are enabled',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns when a Cluster does not send all five control-plane log types (`api`, `audit`, `authenticator`, `controllerManager`, `scheduler`) to CloudWatch Logs, naming the missing ones. Not injected by default: the logs cost CloudWatch ingestion and storage per GB (the audit and API logs of a busy cluster run to many GB a month) and need a retention the platform chooses, so a guardrail should not start that spend unasked. With the action set to `Mutate`, an absent list is injected with all five and a partial one is refused.',
  fix: 'under `Mutate`, injects `enabledClusterLogTypes: [api, audit, authenticator, controllerManager, scheduler]`.',
  references: { checkov: ['CKV_AWS_37'], trivy: ['AWS-0038'] },
  kinds: CLUSTER,
  check(ctx) {
    const found = explicitParams(ctx.resource, ['enabledClusterLogTypes']);
    if (found.length === 0) {
      inject(ctx, ['enabledClusterLogTypes'], [...LOG_TYPES], 'no control-plane logs are sent to CloudWatch Logs');
      return;
    }
    // The list the cluster gets: forProvider's, unless it is empty and Upjet fills it from initProvider.
    const { path, value } = found.find((e) => !(Array.isArray(e.value) && e.value.length === 0)) ?? found[0]!;
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
      return;
    }
    const missing = LOG_TYPES.filter((t) => !value.includes(t));
    if (missing.length > 0) {
      ctx.unsafe(path, `${path} lacks ${missing.join(', ')}; enable all five so API calls, sign-ins and control-plane decisions can be audited`);
    }
  },
}) satisfies Rule;

/** Every explicit value of a boolean field; undefined (and a refusal) when one is not a boolean. */
function booleans(ctx: RuleContext, field: readonly string[]): Explicit[] | undefined {
  const found = explicitParams(ctx.resource, field);
  const wrong = found.filter((e) => typeof e.value !== 'boolean');
  for (const { path, value } of wrong) ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
  return wrong.length > 0 ? undefined : found;
}

/** The EKS rules in evaluation order. */
export const EKS_RULES = [
  eksPrivateEndpoint,
  eksPublicEndpointOpen,
  eksPublicEndpoint,
  eksSecretsEncryption,
  eksControlPlaneLogging,
] as const satisfies readonly Rule[];
