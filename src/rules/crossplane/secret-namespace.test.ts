import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, rdsCluster, rdsInstance, resource, xr } from '../../../test/builders.js';
import { finding, inManifest, runCase, SAME, withInit, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { crossplaneSecretNamespace, MAX_DEPTH } from './secret-namespace.js';

const rules = [crossplaneSecretNamespace];
/** A namespaced XR in team-a; a cluster-scoped XR claimed from team-a; a cluster-scoped XR without a claim. */
const NAMESPACED_XR = xr({ namespace: 'team-a' });
const CLAIMED_XR = xr({ labels: { 'crossplane.io/claim-namespace': 'team-a' } });
const UNCLAIMED_XR = xr();

const AWS_CREDENTIALS = { namespace: 'crossplane-system', name: 'aws-credentials', key: 'credentials' };

/** `r` with `spec.<field>` set (a copy). */
function withSpec(r: KubeObject, field: string, value: unknown): KubeObject {
  const out = structuredClone(r);
  (out.spec as Record<string, unknown>)[field] = value;
  return out;
}

const refused = (path: string, message: string, action: Finding['action'] = 'Deny') => finding(crossplaneSecretNamespace, action, path, message);
const reads = (path: string, ns: string, target: string, own = 'team-a') =>
  refused(path, `${path} is ${JSON.stringify(ns)}: the provider reads ${target} with its own permissions, outside the XR's namespace ${JSON.stringify(own)}; refer only to ${JSON.stringify(own)}`);
const writes = (path: string, ns: string, target: string, own = 'team-a') =>
  refused(path, `${path} is ${JSON.stringify(ns)}: the provider writes its connection details to ${target} with its own permissions, outside the XR's namespace ${JSON.stringify(own)}; refer only to ${JSON.stringify(own)}`);
const noNamespace = (path: string, ns: string, does: string, param: string) =>
  refused(path, `${path} is ${JSON.stringify(ns)}: the provider ${does} with its own permissions, and this XR has no namespace (a cluster-scoped XR without a claim); name one listed in rules.crossplane-secret-namespace.${param}`);

const MASTER = 'spec.forProvider.masterPasswordSecretRef.namespace';
const WRITE = 'spec.writeConnectionSecretToRef.namespace';
const masterFrom = (ref: unknown, group: 'cluster' | 'namespaced' = 'cluster') => rdsCluster({ masterPasswordSecretRef: ref }, { group });
const writesTo = (ref: unknown) => withSpec(rdsInstance(), 'writeConnectionSecretToRef', ref);
const withXr = (composite: KubeObject) => ({ composite });

const cases: Case[] = [
  {
    name: 'reading crossplane-system/aws-credentials as a master password',
    reason: 'the provider reads any namespace: the platform’s cloud credentials would become the database password, then land in the connection secret',
    resource: masterFrom(AWS_CREDENTIALS),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'reading crossplane-system/aws-credentials as a master password, from a claim',
    reason: 'a cluster-scoped XR’s own namespace is its claim’s',
    resource: masterFrom(AWS_CREDENTIALS),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'reading the password through initProvider',
    reason: 'the whole spec is walked, not only forProvider',
    resource: withInit(rdsCluster(), { masterPasswordSecretRef: AWS_CREDENTIALS }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: {
      desired: SAME,
      mutations: [],
      findings: [reads('spec.initProvider.masterPasswordSecretRef.namespace', 'crossplane-system', 'crossplane-system/aws-credentials')],
    },
  },
  {
    name: 'a namespaced database naming another namespace in its password ref',
    reason: 'namespaced CRDs drop the field today, but a namespace named is judged: another provider or version may honour it',
    resource: masterFrom(AWS_CREDENTIALS, 'namespaced'),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'a password from the XR’s own namespace',
    reason: 'the XR’s owner can read it anyway',
    resource: masterFrom({ namespace: 'team-a', name: 'db-password', key: 'password' }),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a password ref without a namespace',
    reason: 'it stays in the resource’s own namespace',
    resource: rdsInstance({ passwordSecretRef: { name: 'db-password', key: 'password' } }, { group: 'namespaced' }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'writing the connection secret into another team’s namespace',
    reason: 'the endpoint and password would be readable by team-b',
    resource: writesTo({ namespace: 'team-b', name: 'orders-db' }),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [writes(WRITE, 'team-b', 'team-b/orders-db')] },
  },
  {
    name: 'writing the connection secret into the claim’s namespace',
    reason: 'where it belongs',
    resource: writesTo({ namespace: 'team-a', name: 'orders-db' }),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'writing the connection secret to crossplane-system, allowed for connection secrets',
    reason: 'Crossplane v1 compositions keep managed resources’ connection secrets there: the platform may allow writes only',
    resource: writesTo({ namespace: 'crossplane-system', name: 'orders-db' }),
    rules,
    ...withXr(CLAIMED_XR),
    input: input({ rules: { [crossplaneSecretNamespace.id]: { connectionSecretNamespaces: ['crossplane-system'] } } }),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'reading from crossplane-system while only connection secrets may go there',
    reason: 'allowing writes to a namespace does not allow reading its secrets',
    resource: masterFrom(AWS_CREDENTIALS),
    rules,
    ...withXr(CLAIMED_XR),
    input: input({ rules: { [crossplaneSecretNamespace.id]: { connectionSecretNamespaces: ['crossplane-system'] } } }),
    want: { desired: SAME, mutations: [], findings: [reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'a cluster-scoped XR without a claim writing to crossplane-system',
    reason: 'it has no namespace of its own: every namespace must be allowed',
    resource: writesTo({ namespace: 'crossplane-system', name: 'orders-db' }),
    rules,
    ...withXr(UNCLAIMED_XR),
    want: {
      desired: SAME,
      mutations: [],
      findings: [noNamespace(WRITE, 'crossplane-system', 'writes its connection details to crossplane-system/orders-db', 'connectionSecretNamespaces')],
    },
  },
  {
    name: 'a cluster-scoped XR without a claim reading a password from crossplane-system',
    reason: 'reads name allowedNamespaces in the message',
    resource: masterFrom(AWS_CREDENTIALS),
    rules,
    ...withXr(UNCLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [noNamespace(MASTER, 'crossplane-system', 'reads crossplane-system/aws-credentials', 'allowedNamespaces')] },
  },
  {
    name: 'a cluster-scoped XR without a claim, its namespace allowed',
    reason: 'allowedNamespaces is where such XRs keep their secrets',
    resource: masterFrom({ namespace: 'platform-secrets', name: 'db-password', key: 'password' }),
    rules,
    ...withXr(UNCLAIMED_XR),
    input: input({ rules: { [crossplaneSecretNamespace.id]: { allowedNamespaces: ['platform-*'] } } }),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a ProviderConfig reading credentials from crossplane-system',
    reason: 'credentials.secretRef is a secret reference too',
    resource: { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', spec: { credentials: { source: 'Secret', secretRef: AWS_CREDENTIALS } } },
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.credentials.secretRef.namespace', 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'an Azure VM reading its admin password from another namespace',
    reason: 'every provider’s *SecretRef',
    resource: resource('compute.azure.upbound.io/v1beta2', 'LinuxVirtualMachine', { adminPasswordSecretRef: { namespace: 'team-b', name: 'vm', key: 'password' } }),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.forProvider.adminPasswordSecretRef.namespace', 'team-b', 'team-b/vm')] },
  },
  {
    name: 'a GCP SQL user reading its password from another namespace',
    reason: 'and GCP’s',
    resource: resource('sql.gcp.upbound.io/v1beta2', 'User', { passwordSecretRef: { namespace: 'crossplane-system', name: 'gcp-creds', key: 'credentials' } }),
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.forProvider.passwordSecretRef.namespace', 'crossplane-system', 'crossplane-system/gcp-creds')] },
  },
  {
    name: 'a Helm release taking values from another namespace’s secret',
    reason: 'secretKeyRef in a list: each element is judged',
    resource: resource('helm.crossplane.io/v1beta1', 'Release', {
      chart: { name: 'app' },
      valuesFrom: [{ secretKeyRef: { namespace: 'team-a', name: 'ok', key: 'values.yaml' } }, { secretKeyRef: { namespace: 'vault', name: 'root-token', key: 'token' } }],
    }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.forProvider.valuesFrom[1].secretKeyRef.namespace', 'vault', 'vault/root-token')] },
  },
  {
    name: 'a list of secret refs with one elsewhere',
    reason: '*SecretRefs lists are judged element by element',
    resource: resource('example.org/v1', 'Thing', { tokenSecretRefs: [{ name: 'a', namespace: 'team-a' }, { name: 'b', namespace: 'kube-system' }] }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.forProvider.tokenSecretRefs[1].namespace', 'kube-system', 'kube-system/b')] },
  },
  {
    name: 'a provider-kubernetes Object patching a manifest from a crossplane-system Secret',
    reason: 'patchesFrom reads any object’s fields into the manifest',
    resource: {
      apiVersion: 'kubernetes.crossplane.io/v1alpha2',
      kind: 'Object',
      spec: {
        forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'team-a' } } },
        references: [{ patchesFrom: { apiVersion: 'v1', kind: 'Secret', namespace: 'crossplane-system', name: 'aws-credentials', fieldPath: 'data' }, toFieldPath: 'data' }],
      },
    },
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.references[0].patchesFrom.namespace', 'crossplane-system', 'Secret crossplane-system/aws-credentials')] },
  },
  {
    name: 'a provider-kubernetes Object publishing another namespace’s secret as connection details',
    reason: 'connectionDetails reads any object too',
    resource: {
      apiVersion: 'kubernetes.m.crossplane.io/v1alpha1',
      kind: 'Object',
      spec: {
        forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap' } },
        connectionDetails: [{ apiVersion: 'v1', kind: 'Secret', namespace: 'kube-system', name: 'bootstrap-token', fieldPath: 'data.token', toConnectionSecretKey: 'token' }],
      },
    },
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads('spec.connectionDetails[0].namespace', 'kube-system', 'Secret kube-system/bootstrap-token')] },
  },
  {
    name: 'a database carried by an Object, reading crossplane-system/aws-credentials',
    reason: 'the manifest is judged as a resource of its own, so the reference is reported once, inside the manifest; the Object does not report it again',
    resource: carried(masterFrom(AWS_CREDENTIALS)),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [{ ...reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials'), path: inManifest(MASTER) }] },
  },
  {
    name: 'a database carried by an observe-only Object, reading crossplane-system/aws-credentials',
    reason: 'an observe-only Object applies nothing it carries: no provider ever reads that reference',
    resource: withPolicies(carried(masterFrom(AWS_CREDENTIALS), 'namespaced'), ['Observe']),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a PersistentVolume carried by an Object, with a CSI secret in crossplane-system',
    reason: 'a Kubernetes kind is not a target of this rule, so the Object still reads the references of what it carries',
    resource: carried({ apiVersion: 'v1', kind: 'PersistentVolume', spec: { csi: { driver: 'x', volumeHandle: 'v', nodePublishSecretRef: { namespace: 'crossplane-system', name: 'aws-credentials' } } } }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: {
      desired: SAME,
      mutations: [],
      findings: [reads(inManifest('spec.csi.nodePublishSecretRef.namespace'), 'crossplane-system', 'crossplane-system/aws-credentials')],
    },
  },
  {
    name: 'a nested XR writing its connection secret elsewhere',
    reason: 'every custom resource’s spec is walked, not only managed resources',
    resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', spec: { writeConnectionSecretToRef: { namespace: 'team-b', name: 'db' } } },
    rules,
    ...withXr(CLAIMED_XR),
    want: { desired: SAME, mutations: [], findings: [writes(WRITE, 'team-b', 'team-b/db')] },
  },
  {
    name: 'an observe-only database reading crossplane-system/aws-credentials',
    reason: 'the provider still reads and publishes for an observe-only resource',
    resource: withPolicies(masterFrom(AWS_CREDENTIALS), ['Observe']),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [reads(MASTER, 'crossplane-system', 'crossplane-system/aws-credentials')] },
  },
  {
    name: 'a namespace that is not a string',
    reason: 'malformed: refused, never read as absent',
    resource: masterFrom({ namespace: ['crossplane-system'], name: 'x', key: 'y' }),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [refused(MASTER, `${MASTER} must be a string, got an array`)] },
  },
  {
    name: 'a secret ref that is a string',
    reason: 'a ref is an object; anything else is refused',
    resource: masterFrom('crossplane-system/aws-credentials'),
    rules,
    ...withXr(NAMESPACED_XR),
    want: {
      desired: SAME,
      mutations: [],
      findings: [refused('spec.forProvider.masterPasswordSecretRef', 'spec.forProvider.masterPasswordSecretRef must be an object naming a secret, got the string "crossplane-system/aws-credentials"')],
    },
  },
  {
    name: 'an unreadable spec',
    reason: 'nothing to walk: the engine refuses a spec it cannot read once, for the rules that read parameters, and this rule does not repeat it',
    resource: { ...rdsInstance(), spec: 'oops' },
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a ref buried deeper than the walk goes',
    reason: 'what cannot be read in bounded work is refused',
    resource: resource('example.org/v1', 'Thing', deep(MAX_DEPTH + 5, { passwordSecretRef: AWS_CREDENTIALS })),
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [refused('spec', `spec is nested deeper than ${MAX_DEPTH} levels; its secret references cannot be checked`)] },
  },
  {
    name: 'a Kubernetes Secret is not judged',
    reason: 'Kubernetes’ own kinds are not custom resources',
    resource: { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ env: [{ valueFrom: { secretKeyRef: { name: 'x', key: 'y', namespace: 'kube-system' } } }] }] } },
    rules,
    ...withXr(NAMESPACED_XR),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'action Warn',
    reason: 'a platform may only watch',
    resource: masterFrom(AWS_CREDENTIALS),
    rules,
    ...withXr(NAMESPACED_XR),
    input: input({ rules: { [crossplaneSecretNamespace.id]: { action: 'Warn' } } }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        refused(
          MASTER,
          `${MASTER} is "crossplane-system": the provider reads crossplane-system/aws-credentials with its own permissions, outside the XR's namespace "team-a"; refer only to "team-a"`,
          'Warn',
        ),
      ],
    },
  },
];

/** `{level: {level: … {…leaf}}}` with `levels` objects above `leaf`. */
function deep(levels: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let obj = leaf;
  for (let i = 0; i < levels; i++) obj = { level: obj };
  return obj;
}

describe('crossplane-secret-namespace', () => {
  it.each(cases)('$name', (c) => runCase(c));
});

describe('secret namespace parameters in the Input', () => {
  const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
  const invalid = [
    { name: 'a glob no namespace can match', settings: { allowedNamespaces: ['Crossplane-System'] }, problems: ['rules.crossplane-secret-namespace.allowedNamespaces[0]: this glob cannot match a namespace'] },
    {
      name: 'an empty list',
      settings: { connectionSecretNamespaces: [] },
      problems: ['rules.crossplane-secret-namespace.connectionSecretNamespaces: list at least one namespace; remove the list to allow none'],
    },
  ];
  it.each(invalid)('$name is refused', ({ settings, problems }) => {
    expect(parseInput({ ...head, rules: { 'crossplane-secret-namespace': settings } }, CATALOG)).toEqual({ ok: false, problems });
  });
});

describe('crossplane-secret-namespace on what an Object carries', () => {
  it('a secret reference inside a carried manifest is reported once, at its path inside the Object', () => {
    const db = rdsInstance({ masterPasswordSecretRef: { name: 'aws-credentials', namespace: 'crossplane-system', key: 'password' } });
    const d = evaluate(engineRequest({ db: carried(db) }, { composite: xr({ namespace: 'team-a' }) }), [crossplaneSecretNamespace]);
    expect(d.findings.map((f) => f.path)).toEqual(['spec.forProvider.manifest.spec.forProvider.masterPasswordSecretRef.namespace']);
  });
});
