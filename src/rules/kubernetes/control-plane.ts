/**
 * Kinds that change how the cluster itself admits, serves or routes API
 * requests. Each reaches past every rule on what it admits: a webhook sees
 * and rewrites objects after guardrails judged them, an APIService or a
 * conversion webhook answers for the API server, a FlowSchema decides who is
 * served at all, a signed certificate is an identity. They are held for a
 * person, as `crossplane-opaque-template` holds kinds that run templates:
 * the message says why for that kind.
 *
 * Kinds, groups and versions from the Kubernetes API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/), every version of
 * each group, the removed ones included, since a cluster that still serves
 * one applies it the same:
 * - admissionregistration.k8s.io: Mutating/ValidatingWebhookConfiguration
 *   (v1, v1beta1), ValidatingAdmissionPolicy and its Binding (v1, v1beta1,
 *   v1alpha1), MutatingAdmissionPolicy and its Binding (v1alpha1 in 1.32,
 *   v1beta1 in 1.34, v1 in 1.36: KEP-3962);
 *   https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
 * - apiregistration.k8s.io APIService (v1, v1beta1): the aggregation layer
 *   proxies every request for the group and version to the service, with
 *   the caller's user and groups; `insecureSkipTLSVerify` "disables TLS
 *   certificate verification when communicating with this server";
 *   https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/apiserver-aggregation/
 * - apiextensions.k8s.io CustomResourceDefinition (v1, v1beta1), whose
 *   `spec.conversion.webhook` is sent every object of its kinds to convert;
 *   https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/#webhook-conversion
 * - flowcontrol.apiserver.k8s.io FlowSchema and PriorityLevelConfiguration
 *   (v1, v1beta1-3, v1alpha1): API Priority and Fairness;
 *   https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
 * - certificates.k8s.io CertificateSigningRequest (v1, v1beta1),
 *   ClusterTrustBundle (v1alpha1, v1beta1: KEP-3257) and PodCertificateRequest
 *   (v1alpha1, v1beta1: KEP-4317, which kubelets make for podCertificate
 *   volumes). A CSR is made as whoever applies it, and kube-controller-manager
 *   approves a node client certificate on its own for a requester that may
 *   create `certificatesigningrequests/nodeclient`
 *   (https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#approval):
 *   provider-kubernetes and Crossplane usually may.
 *
 * Kubernetes matches group and kind exactly (the API server's JSON decoding
 * is case-sensitive since 1.11, kubernetes/kubernetes#65034, and a REST
 * mapping is found for the exact kind only), so no other spelling reaches
 * these kinds.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { describe } from '../params.js';

/** Kinds of one API group, where their power lies in the object (`path`), and why a person must look. */
interface ControlPlaneKinds {
  group: string;
  kinds: readonly string[];
  /** Where the finding points: the webhooks of a webhook configuration, else the spec. */
  path: 'webhooks' | 'spec';
  why: string;
}

const ADMISSION = 'admissionregistration.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';
const FLOW_CONTROL = 'flowcontrol.apiserver.k8s.io';

const KINDS: readonly ControlPlaneKinds[] = [
  {
    group: ADMISSION,
    kinds: ['MutatingWebhookConfiguration'],
    path: 'webhooks',
    why: 'its webhooks are sent every object they match, in every namespace and Secrets included, and may rewrite it after guardrails judged it (a privileged container, another image, another service account)',
  },
  {
    group: ADMISSION,
    kinds: ['ValidatingWebhookConfiguration'],
    path: 'webhooks',
    why: "its webhooks are sent every object they match, in every namespace and Secrets included, and may refuse any of them, the cluster's own updates included; under the name of an existing one it replaces the checks that back guardrails up",
  },
  {
    group: ADMISSION,
    kinds: ['ValidatingAdmissionPolicy'],
    path: 'spec',
    why: 'it decides what the API server refuses in every namespace it is bound to; under the name of an existing policy it replaces the checks that back guardrails up',
  },
  {
    group: ADMISSION,
    kinds: ['MutatingAdmissionPolicy'],
    path: 'spec',
    why: 'it rewrites every object it matches, in every namespace it is bound to, after guardrails judged it',
  },
  {
    group: ADMISSION,
    kinds: ['ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicyBinding'],
    path: 'spec',
    why: 'a binding decides where an admission policy applies and whether it refuses or only warns or audits; under the name of an existing binding it switches off the policies that back guardrails up, or points a policy at every namespace',
  },
  {
    group: 'apiregistration.k8s.io',
    kinds: ['APIService'],
    path: 'spec',
    why: "it routes every request for its API group and version, with the caller's user and groups, to a service of its choosing, which answers for the API server",
  },
  {
    group: 'apiextensions.k8s.io',
    kinds: ['CustomResourceDefinition'],
    path: 'spec',
    why: "it defines a cluster-wide API, or under the name of an existing one takes it over (its schema, its versions, Crossplane's own kinds included); a conversion webhook is sent every object of its kinds",
  },
  {
    group: FLOW_CONTROL,
    kinds: ['FlowSchema'],
    path: 'spec',
    why: "it decides which priority level serves the requests it matches: one that matches everyone, or comes first, can starve the control plane, Crossplane's and guardrails' own calls included",
  },
  {
    group: FLOW_CONTROL,
    kinds: ['PriorityLevelConfiguration'],
    path: 'spec',
    why: "it decides how many requests the API server serves at once for the FlowSchemas that name it, and which it queues or rejects: a starved level throttles the control plane, Crossplane's and guardrails' own calls included",
  },
  {
    group: CERTIFICATES,
    kinds: ['CertificateSigningRequest'],
    path: 'spec',
    why: "it asks the cluster to sign a certificate that, once approved, is a client identity for the API server; it is requested as whoever applies it, and Kubernetes approves a node's client certificate on its own for a requester that may create certificatesigningrequests/nodeclient, as Crossplane and provider-kubernetes usually may",
  },
  {
    group: CERTIFICATES,
    kinds: ['ClusterTrustBundle'],
    path: 'spec',
    why: "it publishes root certificates that pods mount and trust, for the signer it names: a root of its author's choosing makes the certificates that root signs trusted in the cluster",
  },
  {
    group: CERTIFICATES,
    kinds: ['PodCertificateRequest'],
    path: 'spec',
    why: 'it asks a signer for a certificate in the name of a pod; kubelets make these for podCertificate volumes, and nothing a composition builds needs one',
  },
];

/** What the rule knows of a kind, by its `ResourceType.ref` (`admissionregistration.k8s.io/MutatingWebhookConfiguration`); built once. */
const BY_REF: ReadonlyMap<string, ControlPlaneKinds> = new Map(KINDS.flatMap((k) => k.kinds.map((kind): [string, ControlPlaneKinds] => [`${k.group}/${kind}`, k])));

const REFS: readonly KindRef[] = KINDS.flatMap((k) => k.kinds.map((kind) => ({ group: k.group, kind })));

/** `admissionregistration.k8s.io MutatingWebhookConfiguration, ...; apiregistration.k8s.io APIService; ...`, for the description. */
const BY_GROUP = [...new Set(KINDS.map((k) => k.group))]
  .map((group) => `${group} ${KINDS.filter((k) => k.group === group).flatMap((k) => k.kinds).join(', ')}`)
  .join('; ');

/**
 * What an APIService's `insecureSkipTLSVerify` adds to the message: nothing
 * when absent or false; any other value is taken as set (the whole object is
 * held anyway; the person approving it should see the field).
 */
function insecureTls(spec: unknown): string {
  const value = isObject(spec) ? spec.insecureSkipTLSVerify : undefined;
  if (value === undefined || value === null || value === false) return '';
  const set = value === true ? 'true' : `${describe(value)}, taken as true`;
  return ` (and spec.insecureSkipTLSVerify is ${set}: the API server does not check that service's certificate, so whoever answers at its address gets those requests and the identities they carry)`;
}

/** `an APIService`, `a FlowSchema`. */
const article = (kind: string) => (/^[AEIOU]/.test(kind) ? 'an' : 'a');

export const controlPlane = defineRule({
  id: 'k8s-control-plane',
  title: 'Kinds that change how the API server admits, serves or routes requests need approval',
  severity: 'critical',
  defaultAction: 'RequireApproval',
  description: `Holds for approval the kinds that change how the cluster itself admits, serves or routes API requests, each of which reaches past every rule on what the cluster admits: ${BY_GROUP}; every version of each. The message says why for that kind (an APIService with \`insecureSkipTLSVerify\` says so too). Admission webhooks and policies see or rewrite objects after guardrails judged them, or switch off the policies that back guardrails up; an APIService or a conversion webhook answers for the API server; a FlowSchema or priority level decides whose requests are served; a signing request or trust bundle makes an identity or a root of trust. These kinds are Kubernetes' own and have no management policies: a \`managementPolicies\` in one's spec means nothing to the API server, so it is judged all the same, whatever its spec holds; what an observe-only provider-kubernetes Object carries is never applied and is not judged. The approval covers this exact object; such objects are usually the cluster administrators' to install.`,
  kinds: REFS,
  reads: 'object',
  check(ctx) {
    const known = BY_REF.get(ctx.type.ref)!;
    const extra = ctx.type.kind === 'APIService' ? insecureTls(ctx.resource.spec) : '';
    ctx.unsafe(
      known.path,
      `${article(ctx.type.kind)} ${ctx.type.kind} changes how the cluster itself admits, serves or routes API requests: ${known.why}${extra}; leave it to the cluster's administrators, or get approval for this exact object`,
    );
  },
}) satisfies Rule;

export const CONTROL_PLANE_RULES = [controlPlane] as const satisfies readonly Rule[];
