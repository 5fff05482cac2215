import { describe, it } from 'vitest';
import { actions, booleanGuard, finding, guardCases, injected, missed, mutation, runCase, SAME, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { azureChild, azureResource, THREE_SHAPES } from '../../../test/builders/azure-data.js';
import type { KubeObject } from '../../engine/types.js';
import { AKS_RULES, aksApiServerOpen, aksHttpApplicationRouting, aksLocalAccounts, aksNetworkPolicy, aksNodePublicIp, aksPrivateCluster, aksPublicApiServer, aksRbac } from './aks.js';

/** A cluster with only what a case needs (no defaultNodePool unless given, so injected blocks compare simply). */
const cluster = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('containerservice', 'KubernetesCluster', s, { resourceGroupName: 'rg', dnsPrefix: 'app', ...fp });
const nodePool = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject =>
  azureChild('containerservice', 'KubernetesClusterNodePool', s, { kubernetesClusterIdRef: { name: 'aks' }, vmSize: 'Standard_D2s_v5', ...fp });
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const at = (s: Served, name: string, field: string) => `spec.forProvider.${name}${s.blocks === 'array' ? '[0]' : ''}.${field}`;

const guards: Case[] = [
  ...guardCases({
    rule: aksRbac,
    field: ['roleBasedAccessControlEnabled'],
    shapes: THREE_SHAPES,
    build: cluster,
    ...booleanGuard(true),
    missing: 'Kubernetes RBAC was not turned on',
    advice: 'set it to true (or remove it): without RBAC every authenticated identity may do anything in the cluster',
  }),
  ...guardCases({
    rule: aksNodePublicIp,
    field: ['defaultNodePool', 'nodePublicIpEnabled'],
    shapes: THREE_SHAPES,
    build: cluster,
    ...booleanGuard(false),
    missing: 'public IPs on nodes were not turned off',
    advice: 'set it to false (or remove it) and reach nodes through the cluster, a bastion or a load balancer',
  }),
  ...guardCases({
    rule: aksNodePublicIp,
    field: ['nodePublicIpEnabled'],
    shapes: THREE_SHAPES,
    build: nodePool,
    ...booleanGuard(false),
    missing: 'public IPs on nodes were not turned off',
    advice: 'set it to false (or remove it) and reach nodes through the cluster, a bastion or a load balancer',
  }),
  ...guardCases({
    rule: aksHttpApplicationRouting,
    field: ['httpApplicationRoutingEnabled'],
    shapes: THREE_SHAPES,
    build: cluster,
    ...booleanGuard(false),
    missing: 'the HTTP application routing add-on was not turned off',
    advice: 'set it to false (or remove it) and use the application routing add-on (webAppRouting) or an ingress controller you run',
  }),
  {
    name: 'node public IPs under the older name enableNodePublicIp: refused, nothing injected beside it',
    reason: 'a cluster may still serve a CRD with the old name',
    resource: nodePool(THREE_SHAPES[0], { enableNodePublicIp: true }),
    rules: [aksNodePublicIp],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(aksNodePublicIp, 'Deny', 'spec.forProvider.enableNodePublicIp', 'spec.forProvider.enableNodePublicIp is true; set it to false (or remove it) and reach nodes through the cluster, a bastion or a load balancer')],
    },
  },
  {
    name: 'the default node pool under the older name, false: counts as set',
    reason: 'nothing is injected beside an explicit safe value under the old name',
    resource: cluster(THREE_SHAPES[0], { defaultNodePool: [{ name: 'system', vmSize: 'Standard_D2s_v5', enableNodePublicIp: false }] }),
    rules: [aksNodePublicIp],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

const LOCAL_ADVICE = 'the cluster-admin certificate bypasses Entra ID and cannot be revoked on its own; set it to true (or remove it) and grant access through Entra ID';

const localAccounts: Case[] = THREE_SHAPES.flatMap((s): Case[] => {
  const entra = { azureActiveDirectoryRoleBasedAccessControl: block(s, { azureRbacEnabled: true }) };
  return [
    {
      name: `local accounts on ${s.label}: absent with Entra ID, true injected`,
      reason: 'AKS can disable local accounts only with Entra ID integration, which is there',
      resource: cluster(s, entra),
      rules: [aksLocalAccounts],
      want: { desired: injected(cluster(s, entra), { localAccountDisabled: true }, aksLocalAccounts.id), mutations: [mutation(aksLocalAccounts, 'spec.forProvider.localAccountDisabled', true)], findings: [] },
    },
    {
      name: `local accounts on ${s.label}: absent without Entra ID, refused rather than injected`,
      reason: 'injecting would make a cluster AKS refuses to create; the author must add Entra ID integration',
      resource: cluster(s),
      rules: [aksLocalAccounts],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            aksLocalAccounts,
            'Deny',
            'spec.forProvider.localAccountDisabled',
            'local accounts are not disabled, and cannot be without Entra ID integration: add azureActiveDirectoryRoleBasedAccessControl (azureRbacEnabled, or adminGroupObjectIds) and set localAccountDisabled: true',
          ),
        ],
      },
    },
    {
      name: `local accounts on ${s.label}: false refused`,
      reason: 'an explicit unsafe value is refused, never flipped',
      resource: cluster(s, { ...entra, localAccountDisabled: false }),
      rules: [aksLocalAccounts],
      want: { desired: SAME, mutations: [], findings: [finding(aksLocalAccounts, 'Deny', 'spec.forProvider.localAccountDisabled', `spec.forProvider.localAccountDisabled is false: ${LOCAL_ADVICE}`)] },
    },
    {
      name: `local accounts on ${s.label}: true passes`,
      reason: 'compliant',
      resource: cluster(s, { ...entra, localAccountDisabled: true }),
      rules: [aksLocalAccounts],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

const localEdges: Case[] = [
  {
    name: 'local accounts: false in initProvider refused',
    reason: 'Upjet applies initProvider at creation',
    resource: withInit(cluster(), { localAccountDisabled: false }),
    rules: [aksLocalAccounts],
    want: { desired: SAME, mutations: [], findings: [finding(aksLocalAccounts, 'Deny', 'spec.initProvider.localAccountDisabled', `spec.initProvider.localAccountDisabled is false: ${LOCAL_ADVICE}`)] },
  },
  {
    name: 'local accounts: a string refused as malformed',
    reason: 'a value of the wrong type is never passed',
    resource: cluster(undefined, { localAccountDisabled: 'true' }),
    rules: [aksLocalAccounts],
    want: { desired: SAME, mutations: [], findings: [finding(aksLocalAccounts, 'Deny', 'spec.forProvider.localAccountDisabled', 'spec.forProvider.localAccountDisabled must be a boolean, got the string "true"')] },
  },
  {
    name: 'local accounts under Warn, with Entra ID: reported with the value Mutate would set',
    reason: 'the missing value is reported where it would be injected',
    resource: cluster(THREE_SHAPES[2], { azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true } }),
    rules: [aksLocalAccounts],
    input: actions({ [aksLocalAccounts.id]: 'Warn' }),
    want: { desired: SAME, mutations: [], findings: [missed(aksLocalAccounts, 'Warn', 'spec.forProvider.localAccountDisabled', 'local accounts were not disabled', true)] },
  },
];

const API = [aksPrivateCluster, aksApiServerOpen, aksPublicApiServer];
const WORLD = 'the Kubernetes API is open to the whole internet; make the cluster private, or list in apiServerAccessProfile.authorizedIpRanges only the networks that need it';
const heldApi = (path: string, from: string) =>
  finding(
    aksPublicApiServer,
    'RequireApproval',
    path,
    `the API server is public: the Kubernetes API is reachable from ${from}; approve only if these networks must reach it from outside the virtual network (a CI runner, an office VPN), otherwise make the cluster private`,
  );

const apiServer: Case[] = THREE_SHAPES.flatMap((s): Case[] => {
  const ranges = (r: unknown) => ({ apiServerAccessProfile: block(s, { authorizedIpRanges: r }) });
  const rangesPath = at(s, 'apiServerAccessProfile', 'authorizedIpRanges');
  return [
    {
      name: `API server on ${s.label}: nothing set, made private`,
      reason: 'AKS otherwise opens the API server to every address',
      resource: cluster(s),
      rules: API,
      want: { desired: injected(cluster(s), { privateClusterEnabled: true }, aksPrivateCluster.id), mutations: [mutation(aksPrivateCluster, 'spec.forProvider.privateClusterEnabled', true)], findings: [] },
    },
    {
      name: `API server on ${s.label}: private passes`,
      reason: 'compliant',
      resource: cluster(s, { privateClusterEnabled: true }),
      rules: API,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `API server on ${s.label}: public with named ranges, held, not made private`,
      reason: 'the author wants a public endpoint limited to these networks; a person confirms',
      resource: cluster(s, ranges(['203.0.113.0/24', '198.51.100.7/32'])),
      rules: API,
      want: { desired: SAME, mutations: [], findings: [heldApi(rangesPath, '203.0.113.0/24, 198.51.100.7/32')] },
    },
    {
      name: `API server on ${s.label}: explicitly public without ranges, refused`,
      reason: 'AKS admits every address',
      resource: cluster(s, { privateClusterEnabled: false }),
      rules: API,
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(aksApiServerOpen, 'Deny', 'spec.forProvider.privateClusterEnabled', `spec.forProvider.privateClusterEnabled is false and no authorized IP ranges are named, so AKS admits every address: ${WORLD}`)],
      },
    },
    {
      name: `API server on ${s.label}: ranges that split the internet in two, refused`,
      reason: 'ranges are judged as a union',
      resource: cluster(s, { privateClusterEnabled: false, ...ranges(['0.0.0.0/1', '128.0.0.0/1']) }),
      rules: API,
      want: { desired: SAME, mutations: [], findings: [finding(aksApiServerOpen, 'Deny', rangesPath, `${rangesPath} includes 0.0.0.0/1, 128.0.0.0/1 (together the whole IPv4 internet): ${WORLD}`)] },
    },
    {
      name: `API server on ${s.label}: 0.0.0.0/0 refused, and not made private either`,
      reason: 'named ranges mean the author wants a public endpoint: refused, not rewritten',
      resource: cluster(s, ranges(['0.0.0.0/0'])),
      rules: API,
      want: { desired: SAME, mutations: [], findings: [finding(aksApiServerOpen, 'Deny', rangesPath, `${rangesPath} includes 0.0.0.0/0: ${WORLD}`)] },
    },
  ];
});

const apiEdges: Case[] = [
  {
    name: 'API server: the older top-level apiServerAuthorizedIpRanges is read too',
    reason: 'a cluster may still serve a CRD with the old field',
    resource: cluster(THREE_SHAPES[0], { apiServerAuthorizedIpRanges: ['::/0'] }),
    rules: API,
    want: { desired: SAME, mutations: [], findings: [finding(aksApiServerOpen, 'Deny', 'spec.forProvider.apiServerAuthorizedIpRanges', `spec.forProvider.apiServerAuthorizedIpRanges includes ::/0: ${WORLD}`)] },
  },
  {
    name: 'API server: an empty list of ranges is no range',
    reason: 'AKS admits every address when the list is empty; the cluster is made private',
    resource: cluster(THREE_SHAPES[2], { apiServerAccessProfile: { authorizedIpRanges: [] } }),
    rules: API,
    want: {
      desired: injected(cluster(THREE_SHAPES[2], { apiServerAccessProfile: { authorizedIpRanges: [] } }), { privateClusterEnabled: true }, aksPrivateCluster.id),
      mutations: [mutation(aksPrivateCluster, 'spec.forProvider.privateClusterEnabled', true)],
      findings: [],
    },
  },
  {
    name: 'API server: true in initProvider makes it private',
    reason: 'Upjet fills an empty forProvider value from initProvider: any true wins',
    resource: withInit(cluster(undefined, { privateClusterEnabled: false }), { privateClusterEnabled: true }),
    rules: API,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'API server: malformed values refused, the rest still judged',
    reason: 'a range that is not a CIDR cannot be judged; a string where a list belongs neither',
    resource: cluster(THREE_SHAPES[2], { privateClusterEnabled: false, apiServerAccessProfile: { authorizedIpRanges: ['203.0.113.0/24', '10.0.0.0/33'] }, apiServerAuthorizedIpRanges: '0.0.0.0/0' }),
    rules: API,
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(aksApiServerOpen, 'Deny', 'spec.forProvider.apiServerAccessProfile.authorizedIpRanges[1]', 'spec.forProvider.apiServerAccessProfile.authorizedIpRanges[1] is "10.0.0.0/33", not a CIDR: the prefix length 33 is more than 32; list CIDRs such as 198.51.100.0/24'),
        finding(aksApiServerOpen, 'Deny', 'spec.forProvider.apiServerAuthorizedIpRanges', 'spec.forProvider.apiServerAuthorizedIpRanges must be a list of CIDRs, got the string "0.0.0.0/0"'),
        heldApi('spec.forProvider.apiServerAccessProfile.authorizedIpRanges', '203.0.113.0/24, spec.forProvider.apiServerAccessProfile.authorizedIpRanges[1], spec.forProvider.apiServerAuthorizedIpRanges'),
      ],
    },
  },
  {
    name: 'API server: privateClusterEnabled a string, refused as malformed',
    reason: 'a value of the wrong type is never passed nor injected over',
    resource: cluster(undefined, { privateClusterEnabled: 'false' }),
    rules: API,
    want: { desired: SAME, mutations: [], findings: [finding(aksPrivateCluster, 'Deny', 'spec.forProvider.privateClusterEnabled', 'spec.forProvider.privateClusterEnabled must be a boolean, got the string "false"')] },
  },
  {
    name: 'API server: with the refusal disabled, the approval rule holds the open one',
    reason: 'nothing passes silently',
    resource: cluster(undefined, { privateClusterEnabled: false }),
    rules: API,
    input: actions({ [aksApiServerOpen.id]: 'Disabled' }),
    want: { desired: SAME, mutations: [], findings: [heldApi('spec.forProvider.privateClusterEnabled', 'every address (no authorized IP ranges)')] },
  },
];

const POLICY_MISSING = 'no network policy engine was chosen, so NetworkPolicies in the cluster are not enforced';
const networkPolicy: Case[] = THREE_SHAPES.flatMap((s): Case[] => [
  {
    name: `network policy on ${s.label}: absent, a warning`,
    reason: 'no safe engine to inject: it must match the network plugin',
    resource: cluster(s),
    rules: [aksNetworkPolicy],
    want: { desired: SAME, mutations: [], findings: [finding(aksNetworkPolicy, 'Warn', 'spec.forProvider.networkProfile.networkPolicy', POLICY_MISSING)] },
  },
  {
    name: `network policy on ${s.label}: calico passes`,
    reason: 'compliant',
    resource: cluster(s, { networkProfile: block(s, { networkPlugin: 'azure', networkPolicy: 'calico' }) }),
    rules: [aksNetworkPolicy],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `network policy on ${s.label}: an unknown engine, a warning`,
    reason: 'only engines that enforce NetworkPolicies pass',
    resource: cluster(s, { networkProfile: block(s, { networkPolicy: 'none' }) }),
    rules: [aksNetworkPolicy],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(aksNetworkPolicy, 'Warn', at(s, 'networkProfile', 'networkPolicy'), `${at(s, 'networkProfile', 'networkPolicy')} is "none"; set it to "azure", "calico" or "cilium" so NetworkPolicies are enforced`)],
    },
  },
]);

describe('AKS', () => {
  it.each(guards)('$name', (c) => runCase(c));
  it.each([...localAccounts, ...localEdges])('$name', (c) => runCase(c));
  it.each([...apiServer, ...apiEdges])('$name', (c) => runCase(c));
  it.each(networkPolicy)('$name', (c) => runCase(c));

  it('a cluster with Entra ID and nothing else set gets every safe value at once', () => {
    const s = THREE_SHAPES[1]!;
    const base = cluster(s, { azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true } });
    runCase({
      name: 'all',
      reason: 'the catalog composes',
      resource: base,
      rules: AKS_RULES,
      want: {
        desired: injected(
          base,
          { roleBasedAccessControlEnabled: true, localAccountDisabled: true, privateClusterEnabled: true, defaultNodePool: { nodePublicIpEnabled: false }, httpApplicationRoutingEnabled: false },
          [aksRbac.id, aksLocalAccounts.id, aksPrivateCluster.id, aksNodePublicIp.id, aksHttpApplicationRouting.id].sort().join(','),
        ),
        mutations: [
          mutation(aksRbac, 'spec.forProvider.roleBasedAccessControlEnabled', true),
          mutation(aksLocalAccounts, 'spec.forProvider.localAccountDisabled', true),
          mutation(aksPrivateCluster, 'spec.forProvider.privateClusterEnabled', true),
          mutation(aksNodePublicIp, 'spec.forProvider.defaultNodePool', { nodePublicIpEnabled: false }),
          mutation(aksHttpApplicationRouting, 'spec.forProvider.httpApplicationRoutingEnabled', false),
        ],
        findings: [finding(aksNetworkPolicy, 'Warn', 'spec.forProvider.networkProfile.networkPolicy', POLICY_MISSING)],
      },
    });
  });
});
