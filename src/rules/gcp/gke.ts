/**
 * GKE clusters and node pools: private nodes, a control plane reachable only
 * from named networks, no legacy authorization, Workload Identity, and
 * hardened nodes. Node settings live in a cluster's `nodeConfig` (its
 * default pool) and in each NodePool's `nodeConfig`; an Autopilot cluster
 * (`enableAutopilot: true`) manages its nodes itself, hardened, and takes
 * no node settings: nothing is injected into one.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describeExposure, FAMILIES, judgeFamily, parseCidr, publicPart, unionOf, type Cidr } from '../kit/cidr.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, inject, requireValue } from '../params.js';
import { CLUSTER, NODE_POOL } from './kinds.js';

/** Does the resource set `enableAutopilot: true` in either parameter block? */
const autopilot = (ctx: RuleContext) => explicitParams(ctx.resource, ['enableAutopilot']).some((e) => e.value === true);
const isCluster = (ctx: RuleContext) => ctx.type.kind === CLUSTER.kind;

export const [gkePrivateNodes, gkeLegacyAbac, gkeClientCertificate, gkeShieldedNodes, gkeAlpha, gkeLogging, gkeMonitoring, gkeReleaseChannel, gkeNodeIntegrityMonitoring, gkeNodeImage, gkeAutoRepair, gkeAutoUpgrade] =
  fieldRules([
    {
      id: 'gcp-gke-private-nodes',
      title: 'GKE nodes have no external IP',
      severity: 'high',
      defaultAction: 'Mutate',
      on: [
        { kind: CLUSTER, field: ['privateClusterConfig', 'enablePrivateNodes'] },
        { kind: NODE_POOL, field: ['networkConfig', 'enablePrivateNodes'], inherits: 'its cluster' },
      ],
      type: 'boolean',
      safe: true,
      inject: true,
      missing: 'private nodes were not turned on',
      unsafe: 'set it to true (or remove it) so nodes get only internal addresses; they reach the internet through Cloud NAT',
      why: 'A node with an external IP is reachable from the internet on every port its firewall rules open, kubelet and NodePorts included.',
      references: { checkov: ['CKV_GCP_25', 'CKV_GCP_64'], trivy: ['GCP-0059'] },
    },
    {
      id: 'gcp-gke-legacy-abac',
      title: 'GKE legacy ABAC is off',
      severity: 'high',
      defaultAction: 'Mutate',
      on: [{ kind: CLUSTER, field: ['enableLegacyAbac'] }],
      type: 'boolean',
      safe: false,
      inject: false,
      missing: 'legacy ABAC was not turned off',
      unsafe: 'set it to false (or remove it) so Kubernetes RBAC alone authorizes requests',
      why: 'Legacy ABAC grants broad static permissions (every service account may act on the whole cluster) that RBAC cannot take back.',
      references: { checkov: ['CKV_GCP_7'], trivy: ['GCP-0062'] },
    },
    {
      id: 'gcp-gke-client-certificate',
      title: 'GKE issues no client certificate',
      severity: 'high',
      defaultAction: 'Deny',
      on: [{ kind: CLUSTER, field: ['masterAuth', 'clientCertificateConfig', 'issueClientCertificate'] }],
      type: 'boolean',
      safe: false,
      providerDefault: false,
      missing: 'the client certificate was not turned off',
      unsafe: 'set it to false (or remove it): a client certificate is a credential that cannot be revoked, and authenticates as cluster admin',
      why: 'Users and agents authenticate with Google identities instead, which IAM can revoke.',
      references: { checkov: ['CKV_GCP_13'], trivy: ['GCP-0064'] },
    },
    {
      id: 'gcp-gke-shielded-nodes',
      title: 'GKE uses Shielded GKE nodes',
      severity: 'medium',
      defaultAction: 'Deny',
      on: [{ kind: CLUSTER, field: ['enableShieldedNodes'] }],
      type: 'boolean',
      safe: true,
      providerDefault: true,
      missing: 'Shielded GKE nodes were not turned on',
      unsafe: 'set it to true (or remove it) so nodes prove their identity before they join the cluster',
      why: 'Without it, an attacker who steals a node\'s bootstrap credentials can impersonate a node and read the secrets of its pods.',
      references: { checkov: ['CKV_GCP_71'], trivy: ['GCP-0055'] },
    },
    {
      id: 'gcp-gke-alpha',
      title: 'GKE runs no alpha cluster',
      severity: 'medium',
      defaultAction: 'Deny',
      on: [{ kind: CLUSTER, field: ['enableKubernetesAlpha'] }],
      type: 'boolean',
      safe: false,
      providerDefault: false,
      missing: 'alpha features were not turned off',
      unsafe: 'set it to false (or remove it): an alpha cluster has untested features, no upgrades and no support, and is deleted after 30 days',
      why: 'Alpha clusters are for short experiments, never for workloads.',
      references: { checkov: ['CKV2_GCP_19'] },
    },
    {
      id: 'gcp-gke-logging',
      title: 'GKE sends logs to Cloud Logging',
      severity: 'medium',
      defaultAction: 'Deny',
      on: [{ kind: CLUSTER, field: ['loggingService'] }],
      type: 'string',
      safe: { test: (v) => v !== 'none', words: 'anything but `"none"`' },
      providerDefault: 'logging.googleapis.com/kubernetes',
      missing: 'logging was not set',
      unsafe: 'remove it or set it to "logging.googleapis.com/kubernetes" so the cluster\'s logs (audit logs included) are kept',
      why: 'Without logs, nothing the cluster or its workloads did can be investigated.',
      references: { checkov: ['CKV_GCP_1'], trivy: ['GCP-0060'] },
    },
    {
      id: 'gcp-gke-monitoring',
      title: 'GKE sends metrics to Cloud Monitoring',
      severity: 'low',
      defaultAction: 'Deny',
      on: [{ kind: CLUSTER, field: ['monitoringService'] }],
      type: 'string',
      safe: { test: (v) => v !== 'none', words: 'anything but `"none"`' },
      providerDefault: 'monitoring.googleapis.com/kubernetes',
      missing: 'monitoring was not set',
      unsafe: 'remove it or set it to "monitoring.googleapis.com/kubernetes" so the cluster is monitored',
      why: 'Monitoring is how an abnormal cluster (a cryptominer, a failing node) gets noticed.',
      references: { checkov: ['CKV_GCP_8'], trivy: ['GCP-0052'] },
    },
    {
      id: 'gcp-gke-release-channel',
      title: 'GKE follows a release channel',
      severity: 'low',
      defaultAction: 'Warn',
      on: [{ kind: CLUSTER, field: ['releaseChannel', 'channel'] }],
      type: 'string',
      safe: { test: (v) => v !== 'UNSPECIFIED', words: 'a channel (`RAPID`, `REGULAR`, `STABLE`, `EXTENDED`), not `"UNSPECIFIED"`' },
      providerDefault: 'REGULAR',
      missing: 'no release channel was set',
      unsafe: 'set it to "REGULAR" or "STABLE" (or remove it) so GKE keeps the cluster on patched versions',
      why: 'A cluster outside a release channel is upgraded only when someone remembers to.',
      references: { checkov: ['CKV_GCP_70'] },
    },
    {
      id: 'gcp-gke-node-integrity-monitoring',
      title: 'GKE nodes keep integrity monitoring',
      severity: 'medium',
      defaultAction: 'Deny',
      on: [
        { kind: CLUSTER, field: ['nodeConfig', 'shieldedInstanceConfig', 'enableIntegrityMonitoring'] },
        { kind: NODE_POOL, field: ['nodeConfig', 'shieldedInstanceConfig', 'enableIntegrityMonitoring'] },
      ],
      type: 'boolean',
      safe: true,
      providerDefault: true,
      missing: 'node integrity monitoring was not turned on',
      unsafe: 'set it to true (or remove it) so a tampered node boot is detected',
      why: 'Integrity monitoring compares each node boot with a known-good baseline.',
      references: { checkov: ['CKV_GCP_72'] },
    },
    {
      id: 'gcp-gke-node-image',
      title: 'GKE nodes run Container-Optimized OS',
      severity: 'low',
      defaultAction: 'Warn',
      on: [
        { kind: CLUSTER, field: ['nodeConfig', 'imageType'] },
        { kind: NODE_POOL, field: ['nodeConfig', 'imageType'] },
      ],
      type: 'string',
      safe: { test: (v) => typeof v === 'string' && v.toUpperCase().startsWith('COS'), words: 'a Container-Optimized OS image (`COS_CONTAINERD`)' },
      providerDefault: 'COS_CONTAINERD',
      missing: 'no node image was set',
      unsafe: 'use "COS_CONTAINERD" unless the workload needs another image (Windows, Ubuntu for some drivers)',
      why: 'Container-Optimized OS has a read-only root file system, a minimal attack surface and automatic patches.',
      references: { checkov: ['CKV_GCP_22'], trivy: ['GCP-0054'] },
    },
    {
      id: 'gcp-gke-auto-repair',
      title: 'GKE node pools repair their nodes',
      severity: 'low',
      defaultAction: 'Warn',
      on: [{ kind: NODE_POOL, field: ['management', 'autoRepair'] }],
      type: 'boolean',
      safe: true,
      providerDefault: true,
      missing: 'auto repair was not turned on',
      unsafe: 'set it to true (or remove it) so unhealthy nodes are replaced',
      why: 'A node left broken keeps running whatever state broke it.',
      references: { checkov: ['CKV_GCP_9'], trivy: ['GCP-0063'] },
    },
    {
      id: 'gcp-gke-auto-upgrade',
      title: 'GKE node pools upgrade their nodes',
      severity: 'medium',
      defaultAction: 'Warn',
      on: [{ kind: NODE_POOL, field: ['management', 'autoUpgrade'] }],
      type: 'boolean',
      safe: true,
      providerDefault: true,
      missing: 'auto upgrade was not turned on',
      unsafe: 'set it to true (or remove it) so nodes get security patches with the control plane',
      why: 'Nodes that never upgrade keep known vulnerabilities.',
      references: { checkov: ['CKV_GCP_10'], trivy: ['GCP-0058'] },
    },
  ]) as Rule[] as [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule];

const NODE_SECURE_BOOT = ['nodeConfig', 'shieldedInstanceConfig', 'enableSecureBoot'];

export const gkeNodeSecureBoot = defineRule({
  id: 'gcp-gke-node-secure-boot',
  title: 'GKE nodes boot with secure boot',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `nodeConfig.shieldedInstanceConfig.enableSecureBoot: true` into a NodePool, and into a Cluster\'s `nodeConfig` (its default pool) unless it is an Autopilot cluster (`enableAutopilot: true`), which takes no node settings and boots its nodes securely itself. Refuses an explicit `false`, and a value that is not a boolean.',
  fix: 'injects `nodeConfig.shieldedInstanceConfig.enableSecureBoot: true`.',
  references: { checkov: ['CKV_GCP_68'] },
  kinds: [CLUSTER, NODE_POOL],
  check(ctx) {
    const messages = { missing: 'node secure boot was not turned on', unsafe: 'set it to true (or remove it) so nodes boot only signed bootloaders and kernels' };
    if (isCluster(ctx) && autopilot(ctx)) {
      if (explicitParams(ctx.resource, NODE_SECURE_BOOT).length > 0) requireValue(ctx, NODE_SECURE_BOOT, { safe: (v) => v === true, type: 'boolean', ...messages });
      return;
    }
    requireValue(ctx, NODE_SECURE_BOOT, { safe: (v) => v === true, type: 'boolean', inject: true, ...messages });
  },
}) satisfies Rule;

/** Node metadata modes: `GKE_METADATA` serves Workload Identity and conceals the node's own credentials. */
const NODE_METADATA = ['nodeConfig', 'workloadMetadataConfig', 'mode'];

export const gkeNodeMetadata = defineRule({
  id: 'gcp-gke-node-metadata',
  title: 'GKE nodes conceal their metadata server',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a Cluster or NodePool whose `nodeConfig.workloadMetadataConfig.mode` is anything but `GKE_METADATA` (`GCE_METADATA` hands every pod the node\'s own service account token and the kubelet\'s bootstrap credentials), and a value that is not a string. Absent, GKE uses `GKE_METADATA` on a cluster with Workload Identity, which `gcp-gke-workload-identity` turns on.',
  references: { checkov: ['CKV_GCP_69'], trivy: ['GCP-0057'] },
  kinds: [CLUSTER, NODE_POOL],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, NODE_METADATA)) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value !== 'GKE_METADATA') ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "GKE_METADATA" (or remove it) so pods get their own Workload Identity, never the node's credentials`);
    }
  },
}) satisfies Rule;

const WORKLOAD_POOL = ['workloadIdentityConfig', 'workloadPool'];

export const gkeWorkloadIdentity = defineRule({
  id: 'gcp-gke-workload-identity',
  title: 'GKE clusters use Workload Identity',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `workloadIdentityConfig.workloadPool: <project>.svc.id.goog` into a Cluster that does not set it, where the Cluster names its `project` (in forProvider or initProvider); where it does not (the provider config chooses the project), a warning says to set it, since the pool is named after the project. Refuses a workload pool that is empty or not a string, or does not end in `.svc.id.goog`. An Autopilot cluster always has Workload Identity and is left alone when it does not set it.',
  fix: 'injects `workloadIdentityConfig.workloadPool: <project>.svc.id.goog`.',
  kinds: [CLUSTER],
  check(ctx) {
    const pools = explicitParams(ctx.resource, WORKLOAD_POOL);
    for (const { path, value } of pools) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (!/^[a-z0-9.:-]+\.svc\.id\.goog$/.test(value)) ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "<project>.svc.id.goog" so pods authenticate as their own Kubernetes service accounts`);
    }
    if (pools.length > 0 || autopilot(ctx)) return;
    const project = explicitParams(ctx.resource, ['project']).find((e) => typeof e.value === 'string' && e.value !== '')?.value as string | undefined;
    const message = 'Workload Identity was not turned on: pods would act as the node\'s service account';
    if (project !== undefined) inject(ctx, WORKLOAD_POOL, `${project}.svc.id.goog`, message);
    else ctx.notice(formatFieldPath(['spec', 'forProvider', ...WORKLOAD_POOL]), `${message}; set workloadIdentityConfig.workloadPool to "<project>.svc.id.goog" (the Cluster names no project, so it cannot be injected)`);
  },
}) satisfies Rule;

const MAN = ['masterAuthorizedNetworksConfig'];

/** The CIDR blocks of each master authorized networks block, parsed; problems reported through `bad`. */
function authorizedBlocks(ctx: RuleContext, bad: (path: string, message: string) => void): { path: string; value: string; cidr: Cidr }[] {
  const out: { path: string; value: string; cidr: Cidr }[] = [];
  for (const { path, value } of explicitParams(ctx.resource, [...MAN, 'cidrBlocks'])) {
    if (!Array.isArray(value)) {
      bad(path, `${path} must be a list of {cidrBlock}, got ${describe(value)}`);
      continue;
    }
    value.forEach((b: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(b)) return bad(at, `${at} must be an object with a cidrBlock, got ${describe(b)}`);
      const v = b.cidrBlock;
      if (typeof v !== 'string') return bad(`${at}.cidrBlock`, `${at}.cidrBlock must be a CIDR, got ${describe(v)}`);
      const parsed = parseCidr(v);
      if (!parsed.ok) bad(`${at}.cidrBlock`, `${at}.cidrBlock is ${JSON.stringify(v)}, not a CIDR: ${parsed.reason}; write a CIDR such as 198.51.100.0/24`);
      else out.push({ path: `${at}.cidrBlock`, value: v, cidr: parsed.cidr });
    });
  }
  return out;
}

export const gkeAuthorizedNetworks = defineRule({
  id: 'gcp-gke-authorized-networks',
  title: 'The GKE control plane admits only authorized networks',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `masterAuthorizedNetworksConfig: {gcpPublicCidrsAccessEnabled: false}` into a Cluster that does not set the block: the control plane\'s IP endpoints then admit only the cluster\'s own nodes and pods (and the networks the composition adds to `cidrBlocks`), not the internet, nor every Google Cloud VM. Refuses `cidrBlocks` that together admit the whole IPv4 or IPv6 address space (`0.0.0.0/0`, or split, see Address ranges in the README), a value that is not a CIDR, and blocks that are not lists of objects.',
  fix: 'injects `masterAuthorizedNetworksConfig: {gcpPublicCidrsAccessEnabled: false}`.',
  references: { checkov: ['CKV_GCP_18', 'CKV_GCP_20'], trivy: ['GCP-0053', 'GCP-0061'] },
  kinds: [CLUSTER],
  check(ctx) {
    const blocks = authorizedBlocks(ctx, (path, message) => ctx.unsafe(path, message));
    for (const block of ['forProvider', 'initProvider']) {
      const mine = blocks.filter((b) => b.path.startsWith(`spec.${block}.`));
      if (mine.length === 0) continue;
      const set = unionOf(mine.map((b) => b.cidr));
      for (const f of FAMILIES) {
        const found = judgeFamily(set, f, ctx.input.network.internetPrefix).exposure;
        if (found?.whole !== true) continue;
        ctx.unsafe(mine[0]!.path.replace(/\[\d+\]\.cidrBlock$/, ''), `authorized networks ${mine.map((b) => b.value).slice(0, 5).join(', ')} admit ${describeExposure(found, ctx.input.network.internetPrefix)} to the control plane; name only the networks administrators and CI use`);
      }
    }
    const present = explicitParams(ctx.resource, MAN);
    for (const { path, value } of present) {
      const readable = Array.isArray(value) ? value.length > 0 && isObject(value[0]) : isObject(value);
      if (!readable) ctx.unsafe(path, `${path} must be ${Array.isArray(value) ? 'a list with one object (an empty list turns authorized networks off)' : 'an object'}, got ${describe(value)}`);
    }
    if (present.length > 0) return;
    inject(ctx, [...MAN, 'gcpPublicCidrsAccessEnabled'], false, 'master authorized networks were not turned on: the control plane admits the whole internet');
  },
}) satisfies Rule;

export const gkeControlPlanePublic = defineRule({
  id: 'gcp-gke-control-plane-public',
  title: 'A GKE control plane reachable from the internet needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a Cluster whose control plane the internet may reach: authorized `cidrBlocks` with public addresses while the public endpoint is on (neither `privateClusterConfig.enablePrivateEndpoint: true` nor `controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false`), `gcpPublicCidrsAccessEnabled: true` (any Google Cloud VM, anyone\'s), or a DNS endpoint that accepts external traffic (`controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic: true`, authenticated by IAM). Private ranges (RFC 1918 and other special-purpose space) are not public. Whole-internet networks are refused by `gcp-gke-authorized-networks`.',
  references: { checkov: ['CKV_GCP_18'], trivy: ['GCP-0053'] },
  kinds: [CLUSTER],
  check(ctx) {
    // The IP endpoints are public unless the private endpoint is the only one, or IP endpoints are off (DNS only).
    const privateEndpoint =
      explicitParams(ctx.resource, ['privateClusterConfig', 'enablePrivateEndpoint']).some((e) => e.value === true) ||
      explicitParams(ctx.resource, ['controlPlaneEndpointsConfig', 'ipEndpointsConfig', 'enabled']).some((e) => e.value === false);
    if (!privateEndpoint) {
      const blocks = authorizedBlocks(ctx, () => undefined).filter((b) => FAMILIES.some((f) => publicPart(unionOf([b.cidr]), f).length > 0));
      if (blocks.length > 0) {
        ctx.unsafe(
          blocks[0]!.path.replace(/\[\d+\]\.cidrBlock$/, ''),
          `the public control-plane endpoint admits public networks ${blocks.map((b) => b.value).slice(0, 5).join(', ')}; approve only networks administrators and CI use, or set privateClusterConfig.enablePrivateEndpoint to true`,
        );
      }
    }
    for (const e of explicitParams(ctx.resource, [...MAN, 'gcpPublicCidrsAccessEnabled'])) {
      if (e.value !== false) ctx.unsafe(e.path, `${e.path} is ${describe(e.value, true)}: every Google Cloud VM, anyone's, may reach the control plane; set it to false unless a person approves`);
    }
    for (const e of explicitParams(ctx.resource, ['controlPlaneEndpointsConfig', 'dnsEndpointConfig', 'allowExternalTraffic'])) {
      if (e.value !== false) ctx.unsafe(e.path, `${e.path} is ${describe(e.value, true)}: the control plane's DNS endpoint accepts requests from the internet (IAM still authenticates them); approve it, or set it to false`);
    }
  },
}) satisfies Rule;

/** The GKE rules in evaluation order. */
export const GKE_RULES = [
  gkePrivateNodes,
  gkeAuthorizedNetworks,
  gkeControlPlanePublic,
  gkeLegacyAbac,
  gkeClientCertificate,
  gkeWorkloadIdentity,
  gkeShieldedNodes,
  gkeAlpha,
  gkeLogging,
  gkeMonitoring,
  gkeReleaseChannel,
  gkeNodeSecureBoot,
  gkeNodeIntegrityMonitoring,
  gkeNodeMetadata,
  gkeNodeImage,
  gkeAutoRepair,
  gkeAutoUpgrade,
] as const satisfies readonly Rule[];
