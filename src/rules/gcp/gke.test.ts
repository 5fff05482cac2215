import { describe, it } from 'vitest';
import { actions, booleanGuard, finding, guardCases, injected, missed, mutation, runCase, SAME, type Case } from '../../../test/builders/aws-data.js';
import { defaultCases, gcpResource, shapes, type Served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  gkeAlpha,
  gkeAuthorizedNetworks,
  gkeAutoRepair,
  gkeAutoUpgrade,
  gkeClientCertificate,
  gkeControlPlanePublic,
  gkeLegacyAbac,
  gkeLogging,
  gkeMonitoring,
  gkeNodeImage,
  gkeNodeIntegrityMonitoring,
  gkeNodeMetadata,
  gkeNodeSecureBoot,
  gkePrivateNodes,
  gkeReleaseChannel,
  gkeShieldedNodes,
  gkeWorkloadIdentity,
} from './gke.js';

/** container Cluster: cluster-scoped v1beta1 (provider v2.x, array blocks), v1beta2; namespaced v1beta1. NodePool: the same versions. */
const SHAPES = shapes(['v1beta1', 'v1beta2'], ['v1beta1']);

const cluster = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('container', 'Cluster', s, { location: 'europe-west1', ...forProvider });
const pool = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('container', 'NodePool', s, { location: 'europe-west1', cluster: 'main', ...forProvider });
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const path = (s: Served, ...fields: string[]) => `spec.forProvider.${fields.map((f, i) => (i < fields.length - 1 && s.blocks === 'array' ? `${f}[0]` : f)).join('.')}`;

const guards: Case[] = [
  ...guardCases({
    rule: gkePrivateNodes,
    field: ['privateClusterConfig', 'enablePrivateNodes'],
    shapes: SHAPES,
    build: cluster,
    ...booleanGuard(true),
    missing: 'private nodes were not turned on',
    advice: 'set it to true (or remove it) so nodes get only internal addresses; they reach the internet through Cloud NAT',
  }),
  ...guardCases({
    rule: gkeLegacyAbac,
    field: ['enableLegacyAbac'],
    shapes: SHAPES,
    build: cluster,
    ...booleanGuard(false),
    missing: 'legacy ABAC was not turned off',
    advice: 'set it to false (or remove it) so Kubernetes RBAC alone authorizes requests',
  }),
  ...defaultCases({
    rule: gkePrivateNodes,
    field: ['networkConfig', 'enablePrivateNodes'],
    shapes: SHAPES,
    build: pool,
    ...booleanGuard(true),
    advice: 'set it to true (or remove it) so nodes get only internal addresses; they reach the internet through Cloud NAT',
  }),
  ...defaultCases({ rule: gkeClientCertificate, field: ['masterAuth', 'clientCertificateConfig', 'issueClientCertificate'], shapes: SHAPES, build: cluster, ...booleanGuard(false), advice: 'set it to false (or remove it): a client certificate is a credential that cannot be revoked, and authenticates as cluster admin' }),
  ...defaultCases({ rule: gkeShieldedNodes, field: ['enableShieldedNodes'], shapes: SHAPES, build: cluster, ...booleanGuard(true), advice: 'set it to true (or remove it) so nodes prove their identity before they join the cluster' }),
  ...defaultCases({ rule: gkeAlpha, field: ['enableKubernetesAlpha'], shapes: SHAPES, build: cluster, ...booleanGuard(false), advice: 'set it to false (or remove it): an alpha cluster has untested features, no upgrades and no support, and is deleted after 30 days' }),
  ...defaultCases({
    rule: gkeLogging,
    field: ['loggingService'],
    shapes: SHAPES,
    build: cluster,
    safe: 'logging.googleapis.com/kubernetes',
    unsafe: 'none',
    unsafeText: '"none"',
    malformed: false,
    malformedText: 'boolean false',
    type: 'a string',
    advice: 'remove it or set it to "logging.googleapis.com/kubernetes" so the cluster\'s logs (audit logs included) are kept',
  }),
  ...defaultCases({
    rule: gkeMonitoring,
    field: ['monitoringService'],
    shapes: SHAPES,
    build: cluster,
    safe: 'monitoring.googleapis.com/kubernetes',
    unsafe: 'none',
    unsafeText: '"none"',
    malformed: 0,
    malformedText: 'number 0',
    type: 'a string',
    advice: 'remove it or set it to "monitoring.googleapis.com/kubernetes" so the cluster is monitored',
  }),
  ...defaultCases({
    rule: gkeReleaseChannel,
    field: ['releaseChannel', 'channel'],
    shapes: SHAPES,
    build: cluster,
    safe: 'STABLE',
    unsafe: 'UNSPECIFIED',
    unsafeText: '"UNSPECIFIED"',
    malformed: ['STABLE'],
    malformedText: 'an array',
    type: 'a string',
    advice: 'set it to "REGULAR" or "STABLE" (or remove it) so GKE keeps the cluster on patched versions',
  }),
  ...[cluster, pool].flatMap((build) => [
    ...defaultCases({ rule: gkeNodeIntegrityMonitoring, field: ['nodeConfig', 'shieldedInstanceConfig', 'enableIntegrityMonitoring'], shapes: SHAPES, build, ...booleanGuard(true), advice: 'set it to true (or remove it) so a tampered node boot is detected' }),
    ...defaultCases({
      rule: gkeNodeImage,
      field: ['nodeConfig', 'imageType'],
      shapes: SHAPES,
      build,
      safe: 'COS_CONTAINERD',
      unsafe: 'UBUNTU_CONTAINERD',
      unsafeText: '"UBUNTU_CONTAINERD"',
      malformed: 1,
      malformedText: 'number 1',
      type: 'a string',
      advice: 'use "COS_CONTAINERD" unless the workload needs another image (Windows, Ubuntu for some drivers)',
    }),
  ]),
  ...defaultCases({ rule: gkeAutoRepair, field: ['management', 'autoRepair'], shapes: SHAPES, build: pool, ...booleanGuard(true), advice: 'set it to true (or remove it) so unhealthy nodes are replaced' }),
  ...defaultCases({ rule: gkeAutoUpgrade, field: ['management', 'autoUpgrade'], shapes: SHAPES, build: pool, ...booleanGuard(true), advice: 'set it to true (or remove it) so nodes get security patches with the control plane' }),
];

const BOOT_MISSING = 'node secure boot was not turned on';
const secureBoot: Case[] = SHAPES.flatMap((s): Case[] => {
  const bootBlock = block(s, { shieldedInstanceConfig: block(s, { enableSecureBoot: true }) });
  return [
    {
      name: `${s.label}: a NodePool without secure boot: injected in this version's shape`,
      reason: 'CKV_GCP_68',
      resource: pool(s),
      rules: [gkeNodeSecureBoot],
      want: { desired: injected(pool(s), { nodeConfig: bootBlock }, gkeNodeSecureBoot.id), mutations: [mutation(gkeNodeSecureBoot, 'spec.forProvider.nodeConfig', bootBlock)], findings: [] },
    },
    {
      name: `${s.label}: a Cluster's default pool without secure boot: injected`,
      reason: 'nodeConfig is the default pool',
      resource: cluster(s),
      rules: [gkeNodeSecureBoot],
      want: { desired: injected(cluster(s), { nodeConfig: bootBlock }, gkeNodeSecureBoot.id), mutations: [mutation(gkeNodeSecureBoot, 'spec.forProvider.nodeConfig', bootBlock)], findings: [] },
    },
    {
      name: `${s.label}: action Warn: reported with the block Mutate would add`,
      reason: 'under Warn nothing changes',
      resource: pool(s),
      rules: [gkeNodeSecureBoot],
      input: actions({ [gkeNodeSecureBoot.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [missed(gkeNodeSecureBoot, 'Warn', 'spec.forProvider.nodeConfig', BOOT_MISSING, bootBlock)] },
    },
    { name: `${s.label}: an Autopilot cluster: nothing injected`, reason: 'Autopilot takes no node settings and boots its nodes securely', resource: cluster(s, { enableAutopilot: true }), rules: [gkeNodeSecureBoot], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: secure boot off, even on Autopilot`,
      reason: 'an explicit unsafe value is refused wherever it is',
      resource: cluster(s, { enableAutopilot: true, nodeConfig: block(s, { shieldedInstanceConfig: block(s, { enableSecureBoot: false }) }) }),
      rules: [gkeNodeSecureBoot],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(gkeNodeSecureBoot, 'Deny', path(s, 'nodeConfig', 'shieldedInstanceConfig', 'enableSecureBoot'), `${path(s, 'nodeConfig', 'shieldedInstanceConfig', 'enableSecureBoot')} is false; set it to true (or remove it) so nodes boot only signed bootloaders and kernels`)],
      },
    },
    {
      name: `${s.label}: GCE_METADATA on a node pool`,
      reason: 'pods would read the node\'s credentials: refused',
      resource: pool(s, { nodeConfig: block(s, { workloadMetadataConfig: block(s, { mode: 'GCE_METADATA' }) }) }),
      rules: [gkeNodeMetadata],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(gkeNodeMetadata, 'Deny', path(s, 'nodeConfig', 'workloadMetadataConfig', 'mode'), `${path(s, 'nodeConfig', 'workloadMetadataConfig', 'mode')} is "GCE_METADATA"; set it to "GKE_METADATA" (or remove it) so pods get their own Workload Identity, never the node's credentials`)],
      },
    },
    { name: `${s.label}: GKE_METADATA passes`, reason: 'compliant', resource: pool(s, { nodeConfig: block(s, { workloadMetadataConfig: block(s, { mode: 'GKE_METADATA' }) }) }), rules: [gkeNodeMetadata], want: { desired: SAME, mutations: [], findings: [] } },
  ];
});

const WI_MISSING = "Workload Identity was not turned on: pods would act as the node's service account";
const workloadIdentity: Case[] = SHAPES.flatMap((s): Case[] => [
  {
    name: `${s.label}: the project's pool injected`,
    reason: 'the cluster names its project, so its pool is known',
    resource: cluster(s, { project: 'acme-prod' }),
    rules: [gkeWorkloadIdentity],
    want: {
      desired: injected(cluster(s, { project: 'acme-prod' }), { workloadIdentityConfig: block(s, { workloadPool: 'acme-prod.svc.id.goog' }) }, gkeWorkloadIdentity.id),
      mutations: [mutation(gkeWorkloadIdentity, 'spec.forProvider.workloadIdentityConfig', block(s, { workloadPool: 'acme-prod.svc.id.goog' }))],
      findings: [],
    },
  },
  {
    name: `${s.label}: no project: a warning`,
    reason: 'the pool is named after the project, which the provider config chooses: it cannot be injected',
    resource: cluster(s),
    rules: [gkeWorkloadIdentity],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(gkeWorkloadIdentity, 'Warn', 'spec.forProvider.workloadIdentityConfig.workloadPool', `${WI_MISSING}; set workloadIdentityConfig.workloadPool to "<project>.svc.id.goog" (the Cluster names no project, so it cannot be injected)`)],
    },
  },
  {
    name: `${s.label}: an empty pool`,
    reason: 'Workload Identity off: refused',
    resource: cluster(s, { workloadIdentityConfig: block(s, { workloadPool: '' }) }),
    rules: [gkeWorkloadIdentity],
    want: { desired: SAME, mutations: [], findings: [finding(gkeWorkloadIdentity, 'Deny', path(s, 'workloadIdentityConfig', 'workloadPool'), `${path(s, 'workloadIdentityConfig', 'workloadPool')} is ""; set it to "<project>.svc.id.goog" so pods authenticate as their own Kubernetes service accounts`)] },
  },
  { name: `${s.label}: a fleet host project's pool passes`, reason: 'any *.svc.id.goog pool', resource: cluster(s, { workloadIdentityConfig: block(s, { workloadPool: 'fleet-host.svc.id.goog' }) }), rules: [gkeWorkloadIdentity], want: { desired: SAME, mutations: [], findings: [] } },
  { name: `${s.label}: Autopilot`, reason: 'always on: nothing to inject', resource: cluster(s, { enableAutopilot: true, project: 'acme' }), rules: [gkeWorkloadIdentity], want: { desired: SAME, mutations: [], findings: [] } },
]);

const controlPlane: Case[] = SHAPES.flatMap((s): Case[] => {
  const man = (fields: Record<string, unknown>) => cluster(s, { masterAuthorizedNetworksConfig: block(s, fields) });
  const blocksPath = path(s, 'masterAuthorizedNetworksConfig', 'cidrBlocks');
  return [
    {
      name: `${s.label}: no authorized networks: turned on, Google Cloud's public ranges off`,
      reason: 'CKV_GCP_20: the block in this version\'s shape',
      resource: cluster(s),
      rules: [gkeAuthorizedNetworks],
      want: {
        desired: injected(cluster(s), { masterAuthorizedNetworksConfig: block(s, { gcpPublicCidrsAccessEnabled: false }) }, gkeAuthorizedNetworks.id),
        mutations: [mutation(gkeAuthorizedNetworks, 'spec.forProvider.masterAuthorizedNetworksConfig', block(s, { gcpPublicCidrsAccessEnabled: false }))],
        findings: [],
      },
    },
    {
      name: `${s.label}: 0.0.0.0/0 authorized`,
      reason: 'CKV_GCP_18: refused',
      resource: man({ cidrBlocks: [{ cidrBlock: '0.0.0.0/0', displayName: 'all' }] }),
      rules: [gkeAuthorizedNetworks],
      want: { desired: SAME, mutations: [], findings: [finding(gkeAuthorizedNetworks, 'Deny', blocksPath, 'authorized networks 0.0.0.0/0 admit the whole IPv4 internet to the control plane; name only the networks administrators and CI use')] },
    },
    {
      name: `${s.label}: the internet in 256 /8s`,
      reason: 'the blocks are unioned',
      resource: man({ cidrBlocks: Array.from({ length: 256 }, (_, i) => ({ cidrBlock: `${i}.0.0.0/8` })) }),
      rules: [gkeAuthorizedNetworks],
      want: { desired: SAME, mutations: [], findings: [finding(gkeAuthorizedNetworks, 'Deny', blocksPath, 'authorized networks 0.0.0.0/8, 1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8, 4.0.0.0/8 admit the whole IPv4 internet to the control plane; name only the networks administrators and CI use')] },
    },
    {
      name: `${s.label}: a value that is not a CIDR`,
      reason: 'cannot be judged: refused',
      resource: man({ cidrBlocks: [{ cidrBlock: 'office' }] }),
      rules: [gkeAuthorizedNetworks],
      want: { desired: SAME, mutations: [], findings: [finding(gkeAuthorizedNetworks, 'Deny', `${blocksPath}[0].cidrBlock`, `${blocksPath}[0].cidrBlock is "office", not a CIDR: "office" is not an IPv4 or IPv6 address; write a CIDR such as 198.51.100.0/24`)] },
    },
    { name: `${s.label}: private networks only`, reason: 'compliant', resource: man({ cidrBlocks: [{ cidrBlock: '10.0.0.0/8' }] }), rules: [gkeAuthorizedNetworks, gkeControlPlanePublic], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: a public office network is held`,
      reason: 'the public endpoint admits it: a person confirms it',
      resource: man({ cidrBlocks: [{ cidrBlock: '198.51.100.0/24' }, { cidrBlock: '203.0.114.0/24' }] }),
      rules: [gkeAuthorizedNetworks, gkeControlPlanePublic],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(gkeControlPlanePublic, 'RequireApproval', blocksPath, 'the public control-plane endpoint admits public networks 203.0.114.0/24; approve only networks administrators and CI use, or set privateClusterConfig.enablePrivateEndpoint to true')],
      },
    },
    {
      name: `${s.label}: public networks behind a private endpoint`,
      reason: 'with only a private endpoint the networks are not the internet\'s way in',
      resource: cluster(s, { privateClusterConfig: block(s, { enablePrivateNodes: true, enablePrivateEndpoint: true }), masterAuthorizedNetworksConfig: block(s, { cidrBlocks: [{ cidrBlock: '203.0.114.0/24' }] }) }),
      rules: [gkeControlPlanePublic],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: every Google Cloud VM allowed`,
      reason: 'anyone can run a VM in Google Cloud',
      resource: man({ gcpPublicCidrsAccessEnabled: true }),
      rules: [gkeControlPlanePublic],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(gkeControlPlanePublic, 'RequireApproval', path(s, 'masterAuthorizedNetworksConfig', 'gcpPublicCidrsAccessEnabled'), `${path(s, 'masterAuthorizedNetworksConfig', 'gcpPublicCidrsAccessEnabled')} is true: every Google Cloud VM, anyone's, may reach the control plane; set it to false unless a person approves`)],
      },
    },
    {
      name: `${s.label}: a DNS endpoint open to the internet`,
      reason: 'another way to the control plane',
      resource: cluster(s, { masterAuthorizedNetworksConfig: block(s, {}), controlPlaneEndpointsConfig: block(s, { dnsEndpointConfig: block(s, { allowExternalTraffic: true }) }) }),
      rules: [gkeControlPlanePublic],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            gkeControlPlanePublic,
            'RequireApproval',
            path(s, 'controlPlaneEndpointsConfig', 'dnsEndpointConfig', 'allowExternalTraffic'),
            `${path(s, 'controlPlaneEndpointsConfig', 'dnsEndpointConfig', 'allowExternalTraffic')} is true: the control plane's DNS endpoint accepts requests from the internet (IAM still authenticates them); approve it, or set it to false`,
          ),
        ],
      },
    },
  ];
});

const emptyList: Case = {
  name: 'cluster-scoped v1beta1: an empty authorized networks list',
  reason: 'Terraform reads [] as no block, which turns authorized networks off: refused, never taken as present',
  resource: cluster(SHAPES[0], { masterAuthorizedNetworksConfig: [] }),
  rules: [gkeAuthorizedNetworks],
  want: { desired: SAME, mutations: [], findings: [finding(gkeAuthorizedNetworks, 'Deny', 'spec.forProvider.masterAuthorizedNetworksConfig', 'spec.forProvider.masterAuthorizedNetworksConfig must be a list with one object (an empty list turns authorized networks off), got an array')] },
};

describe('GKE', () => {
  it.each(guards)('$name', (c) => runCase(c));
  it.each(secureBoot)('nodes: $name', (c) => runCase(c));
  it.each(workloadIdentity)('Workload Identity: $name', (c) => runCase(c));
  it.each(controlPlane)('control plane: $name', (c) => runCase(c));
  it('control plane: an empty authorized networks list', () => runCase(emptyList));
});
