import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, xr } from '../../../test/builders.js';
import { workload } from '../../../test/builders/pods.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { tenantNamespace } from './tenant-namespace.js';

const configMap = (namespace?: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', ...(namespace !== undefined ? { namespace } : {}) }, data: { a: 'b' } });
const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const deployment = (ns: string): KubeObject => ({ ...workload('Deployment', {}), metadata: { name: 'app', namespace: ns } });
/** A cluster-scoped XR bound to a claim in `ns`, as Crossplane labels it. */
const claimed = (ns: string): KubeObject => xr({ labels: { 'crossplane.io/claim-namespace': ns, 'crossplane.io/claim-name': 'app' } });
/** An Object applying through another provider config: another cluster. */
const elsewhere = (obj: KubeObject): KubeObject => ({ ...obj, spec: { ...(obj.spec as Record<string, unknown>), providerConfigRef: { name: 'workload-cluster' } } });

const MANIFEST = 'spec.forProvider.manifest.metadata.namespace';
const held = (resource: string, kind: string, ns: string, own: string, path = 'metadata.namespace'): Finding => ({
  resource,
  rule: tenantNamespace.id,
  action: 'RequireApproval',
  path,
  message: `a ${kind} in ${JSON.stringify(ns)}, outside the XR's namespace ${JSON.stringify(own)} and not composed here: a workload there runs as that namespace's service accounts and mounts its Secrets, and its objects are another tenant's; compose it in ${JSON.stringify(own)}, or list the namespace in rules.k8s-tenant-namespace.allowedNamespaces`,
});

interface Case {
  name: string;
  reason: string;
  composite: KubeObject;
  desired: Record<string, KubeObject>;
  params?: Record<string, unknown>;
  want: Finding[];
}

const cases: Case[] = [
  {
    name: "a Deployment an Object carries into another tenant's namespace, from a claim",
    reason: "it runs as team-b's service accounts and mounts team-b's Secrets",
    composite: claimed('team-a'),
    desired: { app: carried(deployment('team-b')) },
    want: [held('app', 'Deployment', 'team-b', 'team-a', MANIFEST)],
  },
  {
    name: 'the same in the namespaced Object kind, for a namespaced XR',
    reason: 'an Object applies its manifest where the manifest says, whatever namespace the Object is in',
    composite: xr({ namespace: 'team-a' }),
    desired: { app: carried(deployment('team-b'), 'namespaced') },
    want: [held('app', 'Deployment', 'team-b', 'team-a', MANIFEST)],
  },
  {
    name: "a ConfigMap composed directly into another namespace by a claim's XR",
    reason: 'a cluster-scoped XR composes where its resources say',
    composite: claimed('team-a'),
    desired: { cm: configMap('team-b') },
    want: [held('cm', 'ConfigMap', 'team-b', 'team-a')],
  },
  {
    name: "a namespaced XR's directly composed ConfigMap naming another namespace",
    reason: "Crossplane puts a namespaced XR's resources in its namespace: nothing crosses",
    composite: xr({ namespace: 'team-a' }),
    desired: { cm: configMap('team-b') },
    want: [],
  },
  {
    name: "the XR's own namespace",
    reason: "the tenant's own: the pod and RBAC rules judge what runs there",
    composite: claimed('team-a'),
    desired: { app: carried(deployment('team-a')), cm: configMap('team-a') },
    want: [],
  },
  {
    name: 'a namespace composed in the same request',
    reason: 'the XR creates it, so it is the XR\'s',
    composite: claimed('team-a'),
    desired: { ns: carried(namespace('app-x')), app: carried(deployment('app-x')) },
    want: [],
  },
  {
    name: 'a namespace composed in another cluster',
    reason: 'an Object through another provider config creates it there, not where the Deployment lands',
    composite: claimed('team-a'),
    desired: { ns: elsewhere(carried(namespace('app-x'))), app: carried(deployment('app-x')) },
    want: [held('app', 'Deployment', 'app-x', 'team-a', MANIFEST)],
  },
  {
    name: 'a namespace the Input allows, by glob',
    reason: 'shared namespaces a platform deploys into',
    composite: claimed('team-a'),
    desired: { mon: carried(configMap('monitoring')), ing: carried(configMap('ingress-public')) },
    params: { allowedNamespaces: ['monitoring', 'ingress-*'] },
    want: [],
  },
  {
    name: "Kubernetes' own namespaces and the approval namespace",
    reason: 'k8s-system-namespace and guardrails-approval-store judge those',
    composite: claimed('team-a'),
    desired: { a: carried(configMap('kube-system')), b: carried(configMap('crossplane-system')) },
    want: [],
  },
  {
    name: 'a cluster-scoped XR without a claim',
    reason: "it belongs to no tenant's namespace",
    composite: xr(),
    desired: { app: carried(deployment('team-b')) },
    want: [],
  },
  {
    name: 'a carried manifest without a namespace',
    reason: "provider-kubernetes applies it in default, which is nobody's",
    composite: claimed('team-a'),
    desired: { cm: carried(configMap()) },
    want: [],
  },
  {
    name: 'a namespaced managed resource of a cloud provider',
    reason: "its namespace is where the managed resource lives; its secret references are crossplane-secret-namespace's",
    composite: claimed('team-a'),
    desired: { b: { apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket', metadata: { name: 'b', namespace: 'team-b' }, spec: { forProvider: { region: 'eu-west-1' } } } },
    want: [],
  },
];

describe('k8s-tenant-namespace', () => {
  it.each(cases)('$name', ({ composite, desired, params, want }) => {
    const inputs = params === undefined ? {} : { rules: { [tenantNamespace.id]: params } };
    const d = evaluate(engineRequest(desired, { input: input(inputs), composite }), [tenantNamespace]);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
  });
});
