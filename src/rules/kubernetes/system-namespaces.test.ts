import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, xr } from '../../../test/builders.js';
import { workload } from '../../../test/builders/pods.js';
import { evaluate } from '../../engine/engine.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { systemNamespace } from './system-namespaces.js';

const configMap = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { Corefile: '.:53 { rewrite name regex (.*) attacker.example.com }' } });
const secret = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { annotations: { 'kubernetes.io/service-account.name': 'clusterrole-aggregation-controller' }, ...metadata } });
const role = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata, rules: [] });

const KUBE = 'a namespace Kubernetes keeps for its own components';
const GUARDED = "a namespace the Input guards like Kubernetes' own";

const held = (resource: string, kind: string, ns: string, whose = KUBE, path = 'metadata.namespace'): Finding => ({
  resource,
  rule: systemNamespace.id,
  action: 'RequireApproval',
  path,
  message: `a ${kind} in ${JSON.stringify(ns)}, ${whose}: a workload there runs as any of its service accounts, the cluster's controllers' included, and its ConfigMaps and Secrets configure the cluster; compose it in the XR's namespace, or get approval if it belongs to a cluster this XR creates`,
});

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  composite?: KubeObject;
  params?: Record<string, unknown>;
  want: Finding[];
}

const MANIFEST = 'spec.forProvider.manifest.metadata.namespace';

const cases: Case[] = [
  {
    name: "EKS's aws-auth ConfigMap in kube-system",
    reason: 'it maps IAM roles to Kubernetes groups, system:masters included',
    desired: { auth: configMap({ name: 'aws-auth', namespace: 'kube-system' }) },
    want: [held('auth', 'ConfigMap', 'kube-system')],
  },
  {
    name: 'a Deployment in kube-system',
    reason: 'its pods may run as any service account there, the controllers\' included',
    desired: { d: { ...workload('Deployment', {}), metadata: { name: 'd', namespace: 'kube-system' } } },
    want: [held('d', 'Deployment', 'kube-system')],
  },
  {
    name: 'a token Secret for a controller account, carried by an Object',
    reason: 'provider-kubernetes creates what the Object carries: the token controller fills it with that account\'s token',
    desired: { t: carried(secret({ name: 't', namespace: 'kube-system' })) },
    want: [held('t', 'Secret', 'kube-system', KUBE, MANIFEST)],
  },
  {
    name: 'the same in the namespaced Object kind',
    reason: 'both Object kinds carry manifests',
    desired: { t: carried(secret({ name: 't', namespace: 'kube-system' }), 'namespaced') },
    want: [held('t', 'Secret', 'kube-system', KUBE, MANIFEST)],
  },
  {
    name: 'a ConfigMap in kube-public',
    reason: 'kube-public is readable by anyone, unauthenticated users included',
    desired: { p: configMap({ name: 'p', namespace: 'kube-public' }) },
    want: [held('p', 'ConfigMap', 'kube-public')],
  },
  {
    name: 'a Lease in kube-node-lease',
    reason: "a node's Lease is its heartbeat: one written by someone else keeps a dead node alive, or a live one dead",
    desired: { l: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'ip-10-0-0-1', namespace: 'kube-node-lease' } } },
    want: [held('l', 'Lease', 'kube-node-lease')],
  },
  {
    name: 'an object without a namespace composed by an XR in kube-system',
    reason: "Crossplane puts a namespaced XR's resources in its namespace",
    desired: { c: configMap({ name: 'c' }) },
    composite: xr({ namespace: 'kube-system' }),
    want: [held('c', 'ConfigMap', 'kube-system')],
  },
  {
    name: 'a namespace the Input adds, as a glob',
    reason: "an add-on's namespace holds service accounts with cluster-wide power too",
    desired: { k: configMap({ name: 'k', namespace: 'kyverno' }), g: configMap({ name: 'g', namespace: 'gatekeeper-system' }) },
    params: { namespaces: ['kyverno', '*-system'] },
    want: [held('g', 'ConfigMap', 'gatekeeper-system', GUARDED), held('k', 'ConfigMap', 'kyverno', GUARDED)],
  },
  {
    name: "Kubernetes' own namespaces stay guarded when the Input adds others",
    reason: 'the list adds to them, it does not replace them',
    desired: { auth: configMap({ name: 'aws-auth', namespace: 'kube-system' }) },
    params: { namespaces: ['kyverno'] },
    want: [held('auth', 'ConfigMap', 'kube-system')],
  },
  {
    name: "the XR's own namespace",
    reason: 'ordinary: the pod and RBAC rules judge what runs there',
    desired: { c: configMap({ name: 'c', namespace: 'team-a' }), d: { ...workload('Deployment', {}), metadata: { name: 'd' } } },
    composite: xr({ namespace: 'team-a' }),
    want: [],
  },
  {
    name: 'names that only look like a system namespace',
    reason: 'namespaces match exactly: kube-systems and Kube-System are other namespaces (and the second is not a valid name)',
    desired: { a: configMap({ name: 'a', namespace: 'kube-systems' }), b: configMap({ name: 'b', namespace: 'Kube-System' }), c: configMap({ name: 'c', namespace: 'my-kube-system' }) },
    want: [],
  },
  {
    name: 'a carried manifest without a namespace',
    reason: 'provider-kubernetes applies it in default',
    desired: { c: carried(configMap({ name: 'c' })) },
    want: [],
  },
  {
    name: 'an Object composed by an XR in kube-system',
    reason: "the Object itself lands in the XR's namespace, whatever it carries",
    desired: { c: carried(configMap({ name: 'c', namespace: 'team-a' })) },
    composite: xr({ namespace: 'kube-system' }),
    want: [held('c', 'Object', 'kube-system')],
  },
  {
    name: 'a cluster-scoped object',
    reason: 'a ClusterRole lands in no namespace; its grants are the RBAC rules\' to judge',
    desired: { r: role({ name: 'r' }) },
    want: [],
  },
];

describe('k8s-system-namespace', () => {
  it.each(cases)('$name', ({ desired, composite, params, want }) => {
    const inputs = params === undefined ? {} : { rules: { [systemNamespace.id]: params } };
    const d = evaluate(engineRequest(desired, { input: input(inputs), ...(composite !== undefined ? { composite } : {}) }), [systemNamespace]);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
  });

  it('leaves alone what an observe-only Object carries: it writes nothing there (publishing what it reads is crossplane-secret-namespace\'s to judge)', () => {
    const o = carried(secret({ name: 't', namespace: 'kube-system' }));
    const observing = { ...o, spec: { ...(o.spec as Record<string, unknown>), managementPolicies: ['Observe'] } };
    expect(evaluate(engineRequest({ t: observing }), [systemNamespace]).findings).toEqual([]);
    expect(evaluate(engineRequest({ t: o }), [systemNamespace]).findings).toEqual([held('t', 'Secret', 'kube-system', KUBE, MANIFEST)]);
  });

  it('refuses an Input that lists no namespace, or a glob no namespace can match', () => {
    const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
    expect(parseInput({ ...head, rules: { [systemNamespace.id]: { namespaces: [] } } }, CATALOG)).toEqual({
      ok: false,
      problems: ["rules.k8s-system-namespace.namespaces: list at least one namespace; remove the list to guard only Kubernetes' own"],
    });
    expect(parseInput({ ...head, rules: { [systemNamespace.id]: { namespaces: ['Kyverno'] } } }, CATALOG)).toEqual({
      ok: false,
      problems: ['rules.k8s-system-namespace.namespaces[0]: this glob cannot match a namespace'],
    });
  });
});
