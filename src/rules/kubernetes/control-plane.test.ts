import { describe, it } from 'vitest';
import { carried, input, type Group } from '../../../test/builders.js';
import { finding, inManifest, runCase, SAME, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { controlPlane } from './control-plane.js';

const rules = [controlPlane];
const TAIL = "; leave it to the cluster's administrators, or get approval for this exact object";
const held = (kind: string, why: string, path = 'spec', action: Finding['action'] = 'RequireApproval') =>
  finding(controlPlane, action, path, `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} changes how the cluster itself admits, serves or routes API requests: ${why}${TAIL}`);

// What the rule says of each kind.
const WHY = {
  mutatingWebhook:
    'its webhooks are sent every object they match, in every namespace and Secrets included, and may rewrite it after guardrails judged it (a privileged container, another image, another service account)',
  validatingWebhook:
    "its webhooks are sent every object they match, in every namespace and Secrets included, and may refuse any of them, the cluster's own updates included; under the name of an existing one it replaces the checks that back guardrails up",
  validatingPolicy: 'it decides what the API server refuses in every namespace it is bound to; under the name of an existing policy it replaces the checks that back guardrails up',
  mutatingPolicy: 'it rewrites every object it matches, in every namespace it is bound to, after guardrails judged it',
  binding:
    'a binding decides where an admission policy applies and whether it refuses or only warns or audits; under the name of an existing binding it switches off the policies that back guardrails up, or points a policy at every namespace',
  apiService: "it routes every request for its API group and version, with the caller's user and groups, to a service of its choosing, which answers for the API server",
  crd: "it defines a cluster-wide API, or under the name of an existing one takes it over (its schema, its versions, Crossplane's own kinds included); a conversion webhook is sent every object of its kinds",
  flowSchema:
    "it decides which priority level serves the requests it matches: one that matches everyone, or comes first, can starve the control plane, Crossplane's and guardrails' own calls included",
  priorityLevel:
    "it decides how many requests the API server serves at once for the FlowSchemas that name it, and which it queues or rejects: a starved level throttles the control plane, Crossplane's and guardrails' own calls included",
  csr: "it asks the cluster to sign a certificate that, once approved, is a client identity for the API server; it is requested as whoever applies it, and Kubernetes approves a node's client certificate on its own for a requester that may create certificatesigningrequests/nodeclient, as Crossplane and provider-kubernetes usually may",
  trustBundle:
    "it publishes root certificates that pods mount and trust, for the signer it names: a root of its author's choosing makes the certificates that root signs trusted in the cluster",
  podCertificate: 'it asks a signer for a certificate in the name of a pod; kubelets make these for podCertificate volumes, and nothing a composition builds needs one',
};
const INSECURE = (set: string) =>
  ` (and spec.insecureSkipTLSVerify is ${set}: the API server does not check that service's certificate, so whoever answers at its address gets those requests and the identities they carry)`;

const ADMISSION = 'admissionregistration.k8s.io';
const WEBHOOK = { name: 'rewrite.agent.example.com', clientConfig: { url: 'https://hooks.example.com/mutate' }, rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*'] }], sideEffects: 'None', admissionReviewVersions: ['v1'] };
const APISERVICE_SPEC = { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { name: 'collector', namespace: 'team-a' } };

/** One kind: the versions it is (or was) served in, an object an agent might compose, and what the rule says. */
const KINDS: readonly { name: string; group: string; versions: readonly string[]; object: (apiVersion: string) => KubeObject; path?: string; why: string }[] = [
  {
    name: 'a mutating webhook sent every object of every namespace, outside the cluster',
    group: ADMISSION,
    versions: ['v1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'MutatingWebhookConfiguration', metadata: { name: 'agent-hook' }, webhooks: [WEBHOOK] }),
    path: 'webhooks',
    why: WHY.mutatingWebhook,
  },
  {
    name: 'a validating webhook that fails every request',
    group: ADMISSION,
    versions: ['v1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'ValidatingWebhookConfiguration', metadata: { name: 'agent-gate' }, webhooks: [{ ...WEBHOOK, failurePolicy: 'Fail' }] }),
    path: 'webhooks',
    why: WHY.validatingWebhook,
  },
  {
    name: 'a validating admission policy that refuses everything',
    group: ADMISSION,
    versions: ['v1', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({ apiVersion, kind: 'ValidatingAdmissionPolicy', metadata: { name: 'agent-policy' }, spec: { failurePolicy: 'Fail', validations: [{ expression: 'false' }] } }),
    why: WHY.validatingPolicy,
  },
  {
    name: 'a mutating admission policy that adds a privileged sidecar',
    group: ADMISSION,
    versions: ['v1', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({
      apiVersion,
      kind: 'MutatingAdmissionPolicy',
      metadata: { name: 'agent-sidecar' },
      spec: { reinvocationPolicy: 'IfNeeded', mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: '[JSONPatch{op: "add", path: "/spec/containers/-", value: Object{}}]' } }] },
    }),
    why: WHY.mutatingPolicy,
  },
  {
    name: "a binding that turns the platform's policy to audit only",
    group: ADMISSION,
    versions: ['v1', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({ apiVersion, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'platform-restricted' }, spec: { policyName: 'platform-restricted', validationActions: ['Audit'] } }),
    why: WHY.binding,
  },
  {
    name: 'a mutating policy binding for every namespace',
    group: ADMISSION,
    versions: ['v1', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({ apiVersion, kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'agent-sidecar' }, spec: { policyName: 'agent-sidecar' } }),
    why: WHY.binding,
  },
  {
    name: 'an APIService routing the metrics API to a service of the agent',
    group: 'apiregistration.k8s.io',
    versions: ['v1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: APISERVICE_SPEC }),
    why: WHY.apiService,
  },
  {
    name: "a CRD under the name of Crossplane's Compositions",
    group: 'apiextensions.k8s.io',
    versions: ['v1', 'v1beta1'],
    object: (apiVersion) => ({
      apiVersion,
      kind: 'CustomResourceDefinition',
      metadata: { name: 'compositions.apiextensions.crossplane.io' },
      spec: {
        group: 'apiextensions.crossplane.io',
        names: { kind: 'Composition', plural: 'compositions' },
        scope: 'Cluster',
        conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'https://hooks.example.com/convert' }, conversionReviewVersions: ['v1'] } },
      },
    }),
    why: WHY.crd,
  },
  {
    name: 'a FlowSchema sending every authenticated request to a starved level first',
    group: 'flowcontrol.apiserver.k8s.io',
    versions: ['v1', 'v1beta3', 'v1beta2', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({
      apiVersion,
      kind: 'FlowSchema',
      metadata: { name: 'agent-first' },
      spec: {
        matchingPrecedence: 1,
        priorityLevelConfiguration: { name: 'agent-trickle' },
        rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }] }],
      },
    }),
    why: WHY.flowSchema,
  },
  {
    name: 'a priority level that rejects almost everything',
    group: 'flowcontrol.apiserver.k8s.io',
    versions: ['v1', 'v1beta3', 'v1beta2', 'v1beta1', 'v1alpha1'],
    object: (apiVersion) => ({ apiVersion, kind: 'PriorityLevelConfiguration', metadata: { name: 'agent-trickle' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, limitResponse: { type: 'Reject' } } } }),
    why: WHY.priorityLevel,
  },
  {
    name: 'a CSR for a node client certificate',
    group: 'certificates.k8s.io',
    versions: ['v1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'CertificateSigningRequest', metadata: { name: 'node-evil' }, spec: { signerName: 'kubernetes.io/kube-apiserver-client-kubelet', request: 'LS0tLS1CRUdJTi0tLS0t', usages: ['client auth'] } }),
    why: WHY.csr,
  },
  {
    name: 'a ClusterTrustBundle with a root of the agent',
    group: 'certificates.k8s.io',
    versions: ['v1alpha1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'ClusterTrustBundle', metadata: { name: 'agent-root' }, spec: { trustBundle: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----' } }),
    why: WHY.trustBundle,
  },
  {
    name: 'a PodCertificateRequest in the name of a pod',
    group: 'certificates.k8s.io',
    versions: ['v1alpha1', 'v1beta1'],
    object: (apiVersion) => ({ apiVersion, kind: 'PodCertificateRequest', metadata: { name: 'x', namespace: 'kube-system' }, spec: { signerName: 'example.com/signer', podName: 'coredns-0' } }),
    why: WHY.podCertificate,
  },
];

const kindCases: Case[] = KINDS.flatMap((k) =>
  k.versions.map((version): Case => {
    const object = k.object(`${k.group}/${version}`);
    return {
      name: `${k.name} (${k.group}/${version})`,
      reason: 'it changes how the API server admits, serves or routes requests, past every rule on what it admits: held for a person',
      resource: object,
      rules,
      want: { desired: SAME, mutations: [], findings: [held(object.kind as string, k.why, k.path)] },
    };
  }),
);

const apiService = (spec: Record<string, unknown> | string | undefined): KubeObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: 'v1beta1.metrics.k8s.io' },
  ...(spec !== undefined ? { spec } : {}),
});
const mutatingWebhook = (apiVersion = `${ADMISSION}/v1`): KubeObject => ({ apiVersion, kind: 'MutatingWebhookConfiguration', metadata: { name: 'agent-hook' }, webhooks: [WEBHOOK] });
const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

const other: Case[] = [
  {
    name: 'an APIService that skips TLS verification',
    reason: 'the message says so: whoever answers at the service address gets the requests',
    resource: apiService({ ...APISERVICE_SPEC, insecureSkipTLSVerify: true }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('APIService', `${WHY.apiService}${INSECURE('true')}`)] },
  },
  {
    name: 'an APIService whose insecureSkipTLSVerify is the string "true"',
    reason: 'the object is held anyway; what the field says is shown as if set, never hidden',
    resource: apiService({ ...APISERVICE_SPEC, insecureSkipTLSVerify: 'true' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('APIService', `${WHY.apiService}${INSECURE('the string "true", taken as true')}`)] },
  },
  {
    name: 'an APIService that verifies TLS with a CA bundle',
    reason: 'still held: it routes the API to a service of its choosing',
    resource: apiService({ ...APISERVICE_SPEC, insecureSkipTLSVerify: false, caBundle: 'LS0tLS1CRUdJTi0tLS0t' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('APIService', WHY.apiService)] },
  },
  {
    name: 'an APIService whose spec is a string',
    reason: 'the rule judges the kind, so it holds what it cannot read with its own message (it reads the object: the engine does not refuse it as unreadable)',
    resource: apiService('oops'),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('APIService', WHY.apiService)] },
  },
  {
    name: 'an APIService without a spec',
    reason: 'held all the same: the kind is the danger',
    resource: apiService(undefined),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('APIService', WHY.apiService)] },
  },
  {
    name: 'a webhook configuration with managementPolicies [Observe] in its spec',
    reason: "Kubernetes' own kinds have no management policies: the API server ignores the field and applies the webhook",
    resource: withPolicies({ ...mutatingWebhook(), spec: {} }, ['Observe']),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('MutatingWebhookConfiguration', WHY.mutatingWebhook, 'webhooks')] },
  },
  ...GROUPS.map(
    (group): Case => ({
      name: `an agent wraps a mutating webhook (admissionregistration.k8s.io/v1beta1) in a ${group} Object`,
      reason: 'provider-kubernetes applies what the Object carries: judged as if composed directly, at its path inside the manifest',
      resource: carried(mutatingWebhook(`${ADMISSION}/v1beta1`), group),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('MutatingWebhookConfiguration', WHY.mutatingWebhook, inManifest('webhooks'))] },
    }),
  ),
  ...GROUPS.map(
    (group): Case => ({
      name: `an APIService carried by a ${group} Object that only observes it`,
      reason: 'an observe-only Object applies nothing it carries: nothing is judged',
      resource: withPolicies(carried(apiService({ ...APISERVICE_SPEC, insecureSkipTLSVerify: true }), group), ['Observe']),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    }),
  ),
  {
    name: 'an Object inside an Object carrying a CSR',
    reason: 'carried objects are judged however deep the engine reaches',
    resource: carried(carried({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'x' }, spec: { signerName: 'kubernetes.io/kube-apiserver-client' } })),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('CertificateSigningRequest', WHY.csr, 'spec.forProvider.manifest.spec.forProvider.manifest.spec')] },
  },
  ...(
    [
      ['a look-alike group', `${ADMISSION}.example.com/v1`, 'MutatingWebhookConfiguration'],
      ['the group in another case, which the API server has no mapping for', 'Admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
      ['the kind in another case, which the API server has no mapping for', `${ADMISSION}/v1`, 'mutatingwebhookconfiguration'],
      ['the kind in the core group', 'v1', 'MutatingWebhookConfiguration'],
      ["Crossplane's CompositeResourceDefinition, whose CRD Crossplane owns", 'apiextensions.crossplane.io/v1', 'CompositeResourceDefinition'],
    ] as const
  ).map(
    ([what, apiVersion, kind]): Case => ({
      name: `${what}: ${apiVersion} ${kind}`,
      reason: 'only the groups and kinds the API server maps: anything else is another kind, which provider-kubernetes or Crossplane cannot apply as one of these',
      resource: { apiVersion, kind, metadata: { name: 'x' }, webhooks: [WEBHOOK] },
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    }),
  ),
  {
    name: 'a ConfigMap',
    reason: 'only the kinds of the table',
    resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team-a' }, data: { a: 'b' } },
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'action Deny',
    reason: 'a platform may refuse these kinds outright',
    resource: mutatingWebhook(),
    rules,
    input: input({ rules: { [controlPlane.id]: { action: 'Deny' } } }),
    want: { desired: SAME, mutations: [], findings: [held('MutatingWebhookConfiguration', WHY.mutatingWebhook, 'webhooks', 'Deny')] },
  },
];

describe('k8s-control-plane', () => {
  it.each([...kindCases, ...other])('$name', (c) => runCase(c));
});
