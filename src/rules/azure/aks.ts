/**
 * AKS clusters: a private API server by default, a public one only for
 * named networks and with a person's approval, never for the whole
 * internet; Kubernetes RBAC on, local accounts off, no public IPs on nodes,
 * and a network policy engine.
 */
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { coversAll, FAMILIES, parseCidr, unionOf, type Cidr, type Family } from '../kit/cidr.js';
import { fieldRule } from '../kit/field.js';
import { describe, type Explicit, explicitParams, inject } from '../params.js';

const CLUSTER: ProviderKindRef = { cloud: 'azure', service: 'containerservice', kind: 'KubernetesCluster' };
const NODE_POOL: ProviderKindRef = { cloud: 'azure', service: 'containerservice', kind: 'KubernetesClusterNodePool' };

export const aksRbac = fieldRule({
  id: 'azure-aks-rbac',
  title: 'AKS clusters use Kubernetes RBAC',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: CLUSTER, field: ['roleBasedAccessControlEnabled'] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'Kubernetes RBAC was not turned on',
  unsafe: 'set it to true (or remove it): without RBAC every authenticated identity may do anything in the cluster',
  why: 'AKS turns RBAC on when the field is absent; the explicit value keeps it so.',
  references: { checkov: ['CKV_AZURE_5'], trivy: ['AZU-0042'] },
}) satisfies Rule;

const LOCAL = ['localAccountDisabled'];
const ENTRA = ['azureActiveDirectoryRoleBasedAccessControl'];

export const aksLocalAccounts = defineRule({
  id: 'azure-aks-local-accounts',
  title: 'AKS local accounts are disabled',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "`localAccountDisabled` of a KubernetesCluster must be `true`: the local `clusterAdmin` credential is a certificate that bypasses Entra ID, cannot be revoked on its own and is handed to anyone allowed to list the cluster's credentials. Injects `true` where absent on a cluster with Entra ID integration (`azureActiveDirectoryRoleBasedAccessControl`); on one without it AKS cannot disable local accounts, so the absence is reported with the rule's action (refused under `Mutate`) rather than injected into a cluster that would fail to create. Refuses an explicit `false`, and a value that is not a boolean.",
  fix: 'injects `localAccountDisabled: true` where the cluster has Entra ID integration.',
  references: { checkov: ['CKV_AZURE_141'] },
  kinds: [CLUSTER],
  check(ctx) {
    const found = explicitParams(ctx.resource, LOCAL);
    for (const { path, value } of found) {
      if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
      else if (!value) ctx.unsafe(path, `${path} is false: the cluster-admin certificate bypasses Entra ID and cannot be revoked on its own; set it to true (or remove it) and grant access through Entra ID`);
    }
    if (found.length > 0) return;
    if (explicitParams(ctx.resource, ENTRA).length > 0) {
      inject(ctx, LOCAL, true, 'local accounts were not disabled');
      return;
    }
    ctx.unsafe(
      'spec.forProvider.localAccountDisabled',
      'local accounts are not disabled, and cannot be without Entra ID integration: add azureActiveDirectoryRoleBasedAccessControl (azureRbacEnabled, or adminGroupObjectIds) and set localAccountDisabled: true',
    );
  },
}) satisfies Rule;

/** The authorized IP ranges of the API server: `apiServerAccessProfile.authorizedIpRanges`, and the older top-level name. */
const RANGE_FIELDS = [['apiServerAccessProfile', 'authorizedIpRanges'], ['apiServerAuthorizedIpRanges']] as const;

interface ApiServer {
  /** Where the cluster says it is not private, if it says so. */
  off?: Explicit;
  /** Every CIDR the authorized ranges name, in either block. */
  allowed: { path: string; cidr: Cidr }[];
  malformed: { path: string; message: string }[];
  /** The families whose whole space the ranges cover together. */
  whole: Family[];
  /** Open to the whole internet: no range named, or ranges that together cover a whole family. */
  worldwide: boolean;
}

/** The public API server of a cluster, or undefined when it is private (or its `privateClusterEnabled` is malformed: reported). */
function publicApiServer(ctx: RuleContext): ApiServer | undefined {
  const flags = explicitParams(ctx.resource, ['privateClusterEnabled']);
  // Upjet fills a false (empty) forProvider value from initProvider: any true wins.
  if (flags.some((e) => e.value === true) || flags.some((e) => typeof e.value !== 'boolean')) return undefined;
  const allowed: ApiServer['allowed'] = [];
  const malformed: ApiServer['malformed'] = [];
  for (const field of RANGE_FIELDS) {
    for (const { path, value } of explicitParams(ctx.resource, field)) {
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
  }
  const union = unionOf(allowed.map((a) => a.cidr));
  const whole = FAMILIES.filter((f) => coversAll(union, f));
  return { ...(flags[0] !== undefined ? { off: flags[0] } : {}), allowed, malformed, whole, worldwide: (allowed.length === 0 && malformed.length === 0) || whole.length > 0 };
}

export const aksPrivateCluster = defineRule({
  id: 'azure-aks-private-cluster',
  title: 'AKS API servers are private by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Injects `privateClusterEnabled: true` into a KubernetesCluster that neither sets it nor names authorized IP ranges (`apiServerAccessProfile.authorizedIpRanges`, or the older `apiServerAuthorizedIpRanges`): AKS otherwise gives the API server a public endpoint open to every address. A cluster that names ranges wants a public endpoint limited to them, which `azure-aks-public-api-server` holds for approval; an explicit `false` is left to that rule and to `azure-aks-api-server-open`. Refuses a value that is not a boolean. Note that a controller outside the virtual network (provider-kubernetes or provider-helm on another cluster) then needs a network path to the private endpoint, or an approved public one; the setting is chosen at creation.",
  fix: 'injects `privateClusterEnabled: true` where no authorized IP ranges are named.',
  references: { checkov: ['CKV_AZURE_115'], trivy: ['AZU-0065'] },
  kinds: [CLUSTER],
  check(ctx) {
    const flags = explicitParams(ctx.resource, ['privateClusterEnabled']);
    for (const { path, value } of flags) if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
    if (flags.length > 0) return;
    const named = RANGE_FIELDS.some((f) => explicitParams(ctx.resource, f).some((e) => !Array.isArray(e.value) || e.value.length > 0));
    if (!named) inject(ctx, ['privateClusterEnabled'], true, 'the API server was not made private, and no authorized IP ranges limit its public endpoint');
  },
}) satisfies Rule;

export const aksApiServerOpen = defineRule({
  id: 'azure-aks-api-server-open',
  title: 'No AKS API server open to the whole internet',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a KubernetesCluster whose API server is public (`privateClusterEnabled` not `true`) and whose authorized IP ranges are absent or empty (AKS then admits every address) or together cover the whole IPv4 or IPv6 space: `0.0.0.0/0`, but also `0.0.0.0/1` with `128.0.0.0/1`, however it is split, in `apiServerAccessProfile.authorizedIpRanges` or the older `apiServerAuthorizedIpRanges`. Also refuses an entry that is not a CIDR, which cannot be judged. A cluster that sets neither gets `privateClusterEnabled: true` from `azure-aks-private-cluster` first.',
  references: { checkov: ['CKV_AZURE_6'], trivy: ['AZU-0041'] },
  kinds: [CLUSTER],
  check(ctx) {
    const api = publicApiServer(ctx);
    if (api === undefined) return;
    for (const m of api.malformed) ctx.unsafe(m.path, m.message);
    if (!api.worldwide) return;
    if (api.whole.length > 0) {
      const texts = [...new Set(api.allowed.map((a) => a.cidr.text))];
      const list = texts.length > 5 ? `${texts.slice(0, 5).join(', ')} and ${texts.length - 5} more` : texts.join(', ');
      const space = api.whole.length === 2 ? 'IPv4 and IPv6' : api.whole[0] === 'ipv4' ? 'IPv4' : 'IPv6';
      // A /0 says what it is; any other spelling of the whole space is named.
      const obvious = api.allowed.some((a) => a.cidr.prefix === 0);
      const together = api.allowed.filter((a) => api.whole.includes(a.cidr.family) || a.cidr.family === 'ipv6').length > 1 ? 'together ' : '';
      ctx.unsafe(api.allowed[0]!.path, `${api.allowed[0]!.path} includes ${list}${obvious ? '' : ` (${together}the whole ${space} internet)`}: ${WORLD}`);
    } else {
      const at = api.off?.path ?? 'spec.forProvider.privateClusterEnabled';
      ctx.unsafe(at, `${api.off !== undefined ? `${at} is false` : 'the API server is not private'} and no authorized IP ranges are named, so AKS admits every address: ${WORLD}`);
    }
  },
}) satisfies Rule;

const WORLD = 'the Kubernetes API is open to the whole internet; make the cluster private, or list in apiServerAccessProfile.authorizedIpRanges only the networks that need it';

export const aksPublicApiServer = defineRule({
  id: 'azure-aks-public-api-server',
  title: 'A public AKS API server needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval a KubernetesCluster whose API server is public but limited by authorized IP ranges to named networks: a person should confirm those networks need the API. One open to the whole internet is `azure-aks-api-server-open`'s to refuse (this rule holds it instead only when that one is disabled).",
  references: { checkov: ['CKV_AZURE_115'], trivy: ['AZU-0065'] },
  kinds: [CLUSTER],
  check(ctx) {
    const api = publicApiServer(ctx);
    if (api === undefined) return;
    const openReports = (ctx.input.rules[aksApiServerOpen.id]?.action ?? aksApiServerOpen.defaultAction) !== 'Disabled';
    if (api.worldwide && openReports) return;
    const named = [...new Set([...api.allowed.map((a) => a.cidr.text), ...api.malformed.map((m) => m.path)])];
    const at = api.allowed[0]?.path ?? api.off?.path ?? 'spec.forProvider.privateClusterEnabled';
    ctx.unsafe(
      at,
      `the API server is public: the Kubernetes API is reachable from ${named.length > 0 ? named.join(', ') : 'every address (no authorized IP ranges)'}; approve only if these networks must reach it from outside the virtual network (a CI runner, an office VPN), otherwise make the cluster private`,
    );
  },
}) satisfies Rule;

export const aksNodePublicIp = fieldRule({
  id: 'azure-aks-node-public-ip',
  title: 'AKS nodes have no public IPs',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [
    // provider-upjet-azure before v1 (azurerm 3) named it enableNodePublicIp.
    { kind: CLUSTER, field: ['defaultNodePool', 'nodePublicIpEnabled'], aliases: [['defaultNodePool', 'enableNodePublicIp']] },
    { kind: NODE_POOL, field: ['nodePublicIpEnabled'], aliases: [['enableNodePublicIp']] },
  ],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'public IPs on nodes were not turned off',
  unsafe: 'set it to false (or remove it) and reach nodes through the cluster, a bastion or a load balancer',
  why: 'Each node with a public IP answers the internet directly, outside the load balancers and network policies in front of the workloads. AKS turns them off when the field is absent.',
  references: { checkov: ['CKV_AZURE_143'] },
}) satisfies Rule;

const NETWORK_POLICIES = new Set(['azure', 'calico', 'cilium']);

export const aksNetworkPolicy = fieldRule({
  id: 'azure-aks-network-policy',
  title: 'AKS clusters enforce network policies',
  severity: 'medium',
  defaultAction: 'Warn',
  on: [{ kind: CLUSTER, field: ['networkProfile', 'networkPolicy'] }],
  type: 'string',
  safe: { test: (v) => typeof v === 'string' && NETWORK_POLICIES.has(v), words: '`"azure"`, `"calico"` or `"cilium"`' },
  missing: 'no network policy engine was chosen, so NetworkPolicies in the cluster are not enforced',
  unsafe: 'set it to "azure", "calico" or "cilium" so NetworkPolicies are enforced',
  why: 'Without one, every pod can reach every other pod and NetworkPolicy objects are silently ignored. Not injected: the engine must match the network plugin (`networkProfile.networkPlugin`) and is chosen at creation.',
  references: { checkov: ['CKV_AZURE_7'], trivy: ['AZU-0043'] },
}) satisfies Rule;

export const aksHttpApplicationRouting = fieldRule({
  id: 'azure-aks-http-application-routing',
  title: 'AKS clusters do not use the HTTP application routing add-on',
  severity: 'medium',
  defaultAction: 'Mutate',
  on: [{ kind: CLUSTER, field: ['httpApplicationRoutingEnabled'] }],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'the HTTP application routing add-on was not turned off',
  unsafe: 'set it to false (or remove it) and use the application routing add-on (webAppRouting) or an ingress controller you run',
  why: 'The add-on, retired by Microsoft, publishes every Ingress of the cluster on a public DNS zone through an unmanaged ingress controller, without TLS; it was never meant for production.',
  references: { checkov: ['CKV_AZURE_246'] },
}) satisfies Rule;

/** The AKS rules in evaluation order: the private-cluster injection before the rules that judge a public API server. */
export const AKS_RULES = [aksRbac, aksLocalAccounts, aksPrivateCluster, aksApiServerOpen, aksPublicApiServer, aksNodePublicIp, aksNetworkPolicy, aksHttpApplicationRouting] as const satisfies readonly Rule[];
