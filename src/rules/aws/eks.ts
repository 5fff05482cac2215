/**
 * EKS clusters: a private API endpoint by default, a public one only for
 * named networks and with a person's approval, never for the whole
 * internet; secrets under a customer managed KMS key; control-plane logs.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, type Explicit, explicitParams, inject, observeOnly, readable } from '../params.js';
import { cidrs, isWholeInternet } from './security-group.js';

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
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
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
    'Refuses a Cluster with `vpcConfig.endpointPublicAccess: true` whose `publicAccessCidrs` is absent or empty (EKS then allows 0.0.0.0/0) or includes any /0.',
  references: { checkov: ['CKV_AWS_38'], trivy: ['AWS-0041'] },
  kinds: CLUSTER,
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    const endpoint = publicEndpoint(ctx);
    if (endpoint === undefined || !endpoint.worldwide) return;
    const { on, allowed } = endpoint;
    const open = allowed.filter((a) => isWholeInternet(a.cidr));
    if (open.length > 0) {
      const list = [...new Set(open.map((o) => o.cidr))].join(', ');
      ctx.unsafe(open[0]!.path, `${on.path} is true and ${open[0]!.path} includes ${list}: ${WORLD}`);
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
    'Holds for approval a Cluster with `vpcConfig.endpointPublicAccess: true` limited by `publicAccessCidrs` to named networks: a person should confirm those networks need the API. One open to the whole internet is `aws-eks-public-endpoint-open`\'s to refuse (this rule holds it instead only when that one is disabled).',
  references: { checkov: ['CKV_AWS_39'], trivy: ['AWS-0040'] },
  kinds: CLUSTER,
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    const endpoint = publicEndpoint(ctx);
    if (endpoint === undefined) return;
    const openReports = (ctx.input.rules[eksPublicEndpointOpen.id]?.action ?? eksPublicEndpointOpen.defaultAction) !== 'Disabled';
    if (endpoint.worldwide && openReports) return;
    const from = endpoint.allowed.length > 0 ? [...new Set(endpoint.allowed.map((a) => a.cidr))].join(', ') : '0.0.0.0/0 (publicAccessCidrs is not set)';
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
  allowed: { path: string; cidr: string }[];
  /** Open to the whole internet: no CIDR named, or a /0 among them. */
  worldwide: boolean;
}

/** The explicitly public endpoint, or undefined when the cluster does not turn it on. */
function publicEndpoint(ctx: RuleContext): PublicEndpoint | undefined {
  const on = explicitParams(ctx.resource, ['vpcConfig', 'endpointPublicAccess']).find((e) => e.value === true);
  if (on === undefined) return undefined;
  // Upjet fills an empty forProvider list from initProvider, so both blocks count: fail closed.
  const allowed = explicitParams(ctx.resource, ['vpcConfig', 'publicAccessCidrs']).flatMap(({ path, value }) => cidrs(value).map((cidr) => ({ path, cidr })));
  return { on, allowed, worldwide: allowed.length === 0 || allowed.some((a) => isWholeInternet(a.cidr)) };
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
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
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
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
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
