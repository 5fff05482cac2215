import { describe, expect, it } from 'vitest';
import { bucket, carried, input, rdsInstance, resource } from '../../../test/builders.js';
import { finding, inManifest, runCase, SAME, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { crossplaneClusterProviderConfig, crossplaneComposedProviderConfig, crossplaneProviderConfig } from './provider-config.js';

/** `r` with `spec.providerConfigRef` set (a copy). */
function ref(r: KubeObject, providerConfigRef: unknown): KubeObject {
  const out = structuredClone(r);
  (out.spec as Record<string, unknown>).providerConfigRef = providerConfigRef;
  return out;
}

/** A provider-kubernetes Object carrying `manifest`, applying it through its own provider config `name`. */
const through = (manifest: KubeObject, name: string): KubeObject => ref(carried(manifest), { name });

const clusterDb = () => rdsInstance();
const nsDb = () => rdsInstance({}, { group: 'namespaced' });

const ALLOWED = ['team-a-*', 'default'];
const allowList = (extra: Record<string, unknown> = {}) => input({ rules: { [crossplaneProviderConfig.id]: { allowed: ALLOWED, ...extra } } });
const notAllowed = (used: string) => `${used}, not one of the allowed provider configs (team-a-*, default); name an allowed one`;
const pc = (action: Finding['action'], path: string, message: string) => finding(crossplaneProviderConfig, action, path, message);

const allowListCases: Case[] = [
  {
    name: 'not configured: any provider config passes',
    reason: 'the allow-list acts only where the Input lists provider configs',
    resource: ref(clusterDb(), { name: 'prod-admin' }),
    rules: [crossplaneProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a cluster-scoped database using an allowed provider config',
    reason: 'team-a-* matches team-a-dev',
    resource: ref(clusterDb(), { name: 'team-a-dev' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a cluster-scoped database using the production account',
    reason: 'a name outside the list is refused: Deny by default',
    resource: ref(clusterDb(), { name: 'prod-admin' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ProviderConfig "prod-admin"'))] },
  },
  {
    name: 'a namespaced database using the production ClusterProviderConfig',
    reason: 'the names are judged whatever the kind',
    resource: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'prod-admin' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ClusterProviderConfig "prod-admin"'))] },
  },
  {
    name: 'no ref, and the default is allowed',
    reason: 'an absent ref is its default, "default"',
    resource: clusterDb(),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'no ref, and the default is not allowed',
    reason: 'removing the ref is not a way around the list',
    resource: nsDb(),
    rules: [crossplaneProviderConfig],
    input: input({ rules: { [crossplaneProviderConfig.id]: { allowed: ['team-a-*'] } } }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        pc(
          'Deny',
          'spec.providerConfigRef',
          'spec.providerConfigRef is not set, so the resource uses ClusterProviderConfig "default" (the default), not one of the allowed provider configs (team-a-*); name an allowed one',
        ),
      ],
    },
  },
  {
    name: 'an observe-only database using the production account',
    reason: 'observing reads with those credentials too, and with Delete deletes',
    resource: withPolicies(ref(clusterDb(), { name: 'prod-admin' }), ['Observe', 'Delete']),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ProviderConfig "prod-admin"'))] },
  },
  {
    name: 'an existing resource keeps a provider config the list no longer allows',
    reason: 'a list tightened later does not hold an unchanged resource hostage',
    resource: ref(clusterDb(), { name: 'legacy' }),
    observed: ref(clusterDb(), { name: 'legacy' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'moving an existing resource to the production account',
    reason: 'a change to a config outside the list is a new request',
    resource: ref(clusterDb(), { name: 'prod-admin' }),
    observed: ref(clusterDb(), { name: 'team-a-dev' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ProviderConfig "prod-admin"'))] },
  },
  {
    name: 'a database carried by an existing Object keeps a provider config the list no longer allows',
    reason: 'the observed counterpart of a carried resource is the manifest of the observed Object: unchanged, so not held hostage',
    resource: through(ref(clusterDb(), { name: 'legacy' }), 'team-a-k8s'),
    observed: through(ref(clusterDb(), { name: 'legacy' }), 'team-a-k8s'),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'moving a carried database to the default account, through an Object whose own provider config is called default',
    reason: "the Object's provider config is provider-kubernetes'; it must never stand in for the one the database used before",
    resource: through(clusterDb(), 'default'),
    observed: through(ref(clusterDb(), { name: 'team-a-dev' }), 'default'),
    rules: [crossplaneProviderConfig],
    input: input({ rules: { [crossplaneProviderConfig.id]: { allowed: ['team-a-*'] } } }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        pc(
          'Deny',
          inManifest('spec.providerConfigRef'),
          'spec.providerConfigRef is not set, so the resource uses ProviderConfig "default" (the default), not one of the allowed provider configs (team-a-*); name an allowed one',
        ),
      ],
    },
  },
  {
    name: 'a Terraform workspace using the production account',
    reason: 'every provider’s managed resources, not only Upbound kinds',
    resource: ref(resource('tf.upbound.io/v1beta1', 'Workspace', { source: 'Inline', module: '' }), { name: 'prod-admin' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ProviderConfig "prod-admin"'))] },
  },
  {
    name: 'a nested XR',
    reason: 'an XR takes no provider config',
    resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XNetwork', spec: { parameters: {} } },
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a ref that is a string',
    reason: 'a malformed ref is refused, not read as the default',
    resource: ref(clusterDb(), 'prod-admin'),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef', 'spec.providerConfigRef must be an object, got the string "prod-admin"')] },
  },
  {
    name: 'a ref without a name',
    reason: 'an empty or missing name is malformed',
    resource: ref(clusterDb(), { name: '' }),
    rules: [crossplaneProviderConfig],
    input: allowList(),
    want: { desired: SAME, mutations: [], findings: [pc('Deny', 'spec.providerConfigRef.name', 'spec.providerConfigRef.name must be a provider config name, got the string ""')] },
  },
  {
    name: 'action RequireApproval',
    reason: 'a platform may ask for approval instead of refusing',
    resource: ref(clusterDb(), { name: 'prod-admin' }),
    rules: [crossplaneProviderConfig],
    input: allowList({ action: 'RequireApproval' }),
    want: { desired: SAME, mutations: [], findings: [pc('RequireApproval', 'spec.providerConfigRef.name', notAllowed('spec.providerConfigRef names ProviderConfig "prod-admin"'))] },
  },
];

const cpc = (path: string, used: string, action: Finding['action'] = 'RequireApproval') =>
  finding(crossplaneClusterProviderConfig, action, path, `${used}: a namespaced managed resource reaches credentials shared by the whole cluster. Name a ProviderConfig in the resource's namespace, or get approval`);

const clusterConfigCases: Case[] = [
  {
    name: 'a namespaced MR using a ClusterProviderConfig',
    reason: 'it reaches credentials shared by the whole cluster: held for approval',
    resource: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'prod-admin' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "prod-admin"')] },
  },
  {
    name: 'a namespaced MR without a ref',
    reason: 'its CRD defaults the ref to the ClusterProviderConfig "default": the platform\'s choice, not the request\'s, so not held',
    resource: nsDb(),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a namespaced MR without a ref, the default allowed',
    reason: 'a platform that shares "default" with every team lists it',
    resource: nsDb(),
    rules: [crossplaneClusterProviderConfig],
    input: input({ rules: { [crossplaneClusterProviderConfig.id]: { allowed: ['default'] } } }),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a namespaced MR naming another ClusterProviderConfig while the default is allowed',
    reason: 'allowing "default" allows nothing else',
    resource: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'prod-admin' }),
    rules: [crossplaneClusterProviderConfig],
    input: input({ rules: { [crossplaneClusterProviderConfig.id]: { allowed: ['default'] } } }),
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "prod-admin"')] },
  },
  {
    name: 'a namespaced MR using its namespace’s ProviderConfig',
    reason: 'a ProviderConfig holds the namespace’s own credentials',
    resource: ref(nsDb(), { kind: 'ProviderConfig', name: 'default' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a cluster-scoped MR',
    reason: 'a cluster-scoped MR has only cluster-scoped ProviderConfigs: nothing to compare',
    resource: clusterDb(),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a namespaced GCP bucket using a ClusterProviderConfig',
    reason: 'every cloud',
    resource: ref(resource('storage.gcp.m.upbound.io/v1beta1', 'Bucket', { location: 'EU' }), { kind: 'ClusterProviderConfig', name: 'org-admin' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "org-admin"')] },
  },
  {
    name: 'a namespaced Azure account without a ref',
    reason: 'every cloud: the default is not held',
    resource: resource('storage.azure.m.upbound.io/v1beta1', 'Account', { location: 'westeurope' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a namespaced provider-kubernetes Object using the in-cluster ClusterProviderConfig',
    reason: 'any provider’s namespaced group (`*.m.*`): here cluster-admin on the control plane',
    resource: ref(resource('kubernetes.m.crossplane.io/v1alpha1', 'Object', { manifest: { apiVersion: 'v1', kind: 'Namespace' } }), { kind: 'ClusterProviderConfig', name: 'in-cluster' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "in-cluster"')] },
  },
  {
    name: 'a namespaced MR of a group without the m label, naming a ClusterProviderConfig',
    reason: 'a ref with a kind is a namespaced MR’s ref, whatever its group',
    resource: ref(resource('widgets.example.io/v1', 'Widget', { size: 1 }), { kind: 'ClusterProviderConfig', name: 'prod-admin' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "prod-admin"')] },
  },
  {
    name: 'an observe-only namespaced MR using a ClusterProviderConfig',
    reason: 'observing reads with the cluster’s credentials too',
    resource: withPolicies(ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'prod-admin' }), ['Observe']),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "prod-admin"')] },
  },
  {
    name: 'an existing namespaced MR keeps the ClusterProviderConfig it uses',
    reason: 'the observed resource already uses it (its default is explicit once applied): no new request',
    resource: nsDb(),
    observed: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'default' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'moving an existing namespaced MR to a ClusterProviderConfig',
    reason: 'from its namespace’s credentials to the cluster’s is a new request',
    resource: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'default' }),
    observed: ref(nsDb(), { kind: 'ProviderConfig', name: 'default' }),
    rules: [crossplaneClusterProviderConfig],
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "default"')] },
  },
  {
    name: 'a namespaced MR whose ref has no kind',
    reason: 'the kind is required there: a ref without one is refused, not guessed',
    resource: ref(nsDb(), { name: 'prod-admin' }),
    rules: [crossplaneClusterProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(crossplaneClusterProviderConfig, 'RequireApproval', 'spec.providerConfigRef.kind', 'spec.providerConfigRef.kind must be ProviderConfig or ClusterProviderConfig, got nothing')],
    },
  },
  {
    name: 'a namespaced MR whose ref names an unknown kind',
    reason: 'anything but the two kinds is malformed',
    resource: ref(nsDb(), { kind: 'Secret', name: 'aws-credentials' }),
    rules: [crossplaneClusterProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(crossplaneClusterProviderConfig, 'RequireApproval', 'spec.providerConfigRef.kind', 'spec.providerConfigRef.kind must be ProviderConfig or ClusterProviderConfig, got the string "Secret"'),
      ],
    },
  },
  {
    name: 'action Deny',
    reason: 'a platform may refuse cluster-wide credentials outright',
    resource: ref(nsDb(), { kind: 'ClusterProviderConfig', name: 'prod-admin' }),
    rules: [crossplaneClusterProviderConfig],
    input: input({ rules: { [crossplaneClusterProviderConfig.id]: { action: 'Deny' } } }),
    want: { desired: SAME, mutations: [], findings: [cpc('spec.providerConfigRef.kind', 'spec.providerConfigRef names ClusterProviderConfig "prod-admin"', 'Deny')] },
  },
];

const composed = (action: Finding['action'], message: string) => finding(crossplaneComposedProviderConfig, action, 'spec', message);

const composedCases: Case[] = [
  {
    name: 'composing an AWS ProviderConfig that assumes a role in another account',
    reason: 'it decides whose credentials managed resources use',
    resource: {
      apiVersion: 'aws.m.upbound.io/v1beta1',
      kind: 'ProviderConfig',
      spec: { credentials: { source: 'IRSA' }, assumeRoleChain: [{ roleARN: 'arn:aws:iam::999999999999:role/OrganizationAccountAccessRole' }] },
    },
    rules: [crossplaneComposedProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [composed('RequireApproval', 'a composed ProviderConfig (credentials from IRSA) sets the credentials other managed resources act with. Use one the platform provides, or get approval for this exact configuration')],
    },
  },
  {
    name: 'composing a ProviderConfig named "default", taking over the platform’s',
    reason: 'an existing object of that name that no XR controls is taken over',
    resource: { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'Secret' } } },
    rules: [crossplaneComposedProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        composed(
          'RequireApproval',
          'a composed ProviderConfig "default" (credentials from Secret) sets the credentials other managed resources act with, and takes over an existing ProviderConfig "default" that no XR controls. Use one the platform provides, or get approval for this exact configuration',
        ),
      ],
    },
  },
  {
    name: 'composing a helm ClusterProviderConfig',
    reason: 'every provider’s',
    resource: { apiVersion: 'helm.m.crossplane.io/v1beta1', kind: 'ClusterProviderConfig', spec: { credentials: { source: 'InjectedIdentity' } } },
    rules: [crossplaneComposedProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        composed('RequireApproval', 'a composed ClusterProviderConfig (credentials from InjectedIdentity) sets the credentials other managed resources act with. Use one the platform provides, or get approval for this exact configuration'),
      ],
    },
  },
  {
    name: 'a ProviderConfig without readable credentials',
    reason: 'still held: what it configures is the question, not how it is written',
    resource: { apiVersion: 'gcp.upbound.io/v1beta1', kind: 'ProviderConfig', spec: 'oops' },
    rules: [crossplaneComposedProviderConfig],
    want: {
      desired: SAME,
      mutations: [],
      findings: [composed('RequireApproval', 'a composed ProviderConfig sets the credentials other managed resources act with. Use one the platform provides, or get approval for this exact configuration')],
    },
  },
  {
    name: 'a managed resource is no provider config',
    reason: 'only the two config kinds',
    resource: bucket(),
    rules: [crossplaneComposedProviderConfig],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('crossplane-provider-config', () => {
  it.each(allowListCases)('$name', (c) => runCase(c));
});

describe('crossplane-cluster-provider-config', () => {
  it.each(clusterConfigCases)('$name', (c) => runCase(c));
});

describe('crossplane-composed-provider-config', () => {
  it.each(composedCases)('$name', (c) => runCase(c));
});

describe('provider config parameters in the Input', () => {
  const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
  const invalid = [
    { name: 'an empty allow-list', rule: 'crossplane-provider-config', settings: { allowed: [] }, problems: ['rules.crossplane-provider-config.allowed: list at least one provider config; remove "allowed" to lift the limit'] },
    { name: 'an empty glob', rule: 'crossplane-cluster-provider-config', settings: { allowed: [''] }, problems: ['rules.crossplane-cluster-provider-config.allowed[0]: a glob cannot be empty'] },
  ];
  it.each(invalid)('$name is refused', ({ rule, settings, problems }) => {
    expect(parseInput({ ...head, rules: { [rule]: settings } }, CATALOG)).toEqual({ ok: false, problems });
  });
});
