/**
 * No Service external IPs. A core Service's `spec.externalIPs` makes every
 * node route traffic for those addresses to the Service's pods, whoever sends
 * it: whoever may create a Service intercepts what pods and nodes send to any
 * address it names, a database's or a cloud API's (CVE-2020-8554,
 * https://github.com/kubernetes/kubernetes/issues/97076, unfixed by design).
 * Kubernetes' mitigation is the DenyServiceExternalIPs admission plugin, which
 * rejects every new use of the field
 * (https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips);
 * Kyverno's best-practices/restrict-service-external-ips, Gatekeeper's
 * k8sexternalips and Trivy's KSV-0108 check the same field.
 *
 * Not judged here, each for its reason:
 * - `spec.type: ExternalName`, which Trivy's KSV-0108 flags too: it is a DNS
 *   alias under the Service's own name, which intercepts nothing sent
 *   elsewhere; its danger is an Ingress controller that forwards to it (the
 *   advisory of CVE-2021-25740), which depends on that controller;
 * - `status.loadBalancer.ingress`, CVE-2020-8554's other path: the API server
 *   drops a Service's status on create and keeps the old one on update
 *   (pkg/registry/core/service/strategy.go, PrepareForCreate and
 *   PrepareForUpdate), so a composed Service cannot set it;
 * - spellings of the field in another case (`ExternalIPs`): the API server's
 *   JSON decoding is case-sensitive since 1.11 (kubernetes/kubernetes#65034),
 *   so they are unknown fields, not external IPs.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';
import { describe } from '../params.js';

const CVE = 'CVE-2020-8554';

/** Most addresses a message lists; beyond, it says how many more. */
const MAX_LISTED = 3;

/** `"203.0.113.10", "198.51.100.7" and 2 more`. */
function listed(addresses: readonly string[]): string {
  const shown = addresses.slice(0, MAX_LISTED).map((a) => JSON.stringify(a));
  return addresses.length > MAX_LISTED ? `${shown.join(', ')} and ${addresses.length - MAX_LISTED} more` : shown.join(', ');
}

export const serviceExternalIps = defineRule({
  id: 'k8s-service-external-ips',
  title: 'No Service external IPs',
  severity: 'high',
  defaultAction: 'Deny',
  description: `Refuses a core Service whose \`spec.externalIPs\` lists any address: every node then routes the traffic pods and nodes send to those addresses to this Service, so whoever creates it intercepts traffic meant for a database, a cloud API or another tenant (${CVE}, which Kubernetes does not fix; its mitigation is the DenyServiceExternalIPs admission plugin, and Kyverno's best-practices policy restrict-service-external-ips refuses the field too). A value that is not a list of strings cannot be read and is refused as well. An ExternalName Service is not refused: it aliases its own name only (Trivy's KSV-0108 flags it too, for the Ingress controllers that forward to one).`,
  references: { trivy: ['KSV-0108'] },
  kinds: [{ group: '', kind: 'Service' }],
  check(ctx) {
    const spec = ctx.resource.spec as Record<string, unknown> | undefined;
    const ips = spec?.externalIPs;
    if (ips === undefined || ips === null) return;
    if (!Array.isArray(ips)) {
      ctx.unsafe('spec.externalIPs', `spec.externalIPs is ${describe(ips)}, not a list of addresses: what the Service would intercept cannot be read (${CVE}); remove it`);
      return;
    }
    const bad = ips.findIndex((ip) => typeof ip !== 'string');
    if (bad >= 0) {
      const at = formatFieldPath(['spec', 'externalIPs', bad]);
      ctx.unsafe(at, `${at} is ${describe(ips[bad])}, not an address: what the Service would intercept cannot be read (${CVE}); remove spec.externalIPs`);
      return;
    }
    if (ips.length === 0) return;
    ctx.unsafe(
      'spec.externalIPs',
      `spec.externalIPs lists ${listed(ips as string[])}: every node then routes what pods and nodes send to ${ips.length === 1 ? 'that address' : 'those addresses'} to this Service, so whoever creates it intercepts that traffic (${CVE}); remove externalIPs and expose the Service through a LoadBalancer, a NodePort or an Ingress`,
    );
  },
}) satisfies Rule;

/**
 * The addresses Endpoints (`subsets[].addresses[].ip`, `notReadyAddresses`)
 * or an EndpointSlice (`endpoints[].addresses[]`) send a Service's traffic
 * to, as far as they can be read: for the person who approves them.
 */
function backends(obj: Record<string, unknown>): string[] {
  const out: string[] = [];
  const each = (list: unknown, f: (item: Record<string, unknown>) => void) => {
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) f(item);
  };
  each(obj.subsets, (subset) => {
    for (const key of ['addresses', 'notReadyAddresses']) each(subset[key], (a) => typeof a.ip === 'string' && out.push(a.ip));
  });
  each(obj.endpoints, (e) => {
    if (Array.isArray(e.addresses)) for (const a of e.addresses) if (typeof a === 'string') out.push(a);
  });
  return out;
}

const ENDPOINTS_CVE = 'CVE-2021-25740';

export const manualEndpoints = defineRule({
  id: 'k8s-service-manual-endpoints',
  title: 'Hand-written Endpoints and EndpointSlices need approval',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description: `Holds for approval core Endpoints and \`discovery.k8s.io\` EndpointSlices (every version) composed by hand: they send a Service's traffic to any address they list, pods of other namespaces and the control plane included, and a LoadBalancer or Ingress that the target's network policy trusts then exposes what the author could not reach (${ENDPOINTS_CVE}, https://github.com/kubernetes/kubernetes/issues/103675, a design flaw with no fix; Kubernetes 1.22 took write access to Endpoints out of the \`edit\` and \`admin\` roles for it, kubernetes/kubernetes#103704, and EndpointSlices were never in them). The endpoints controllers write these for every Service with a selector; a Service without one, pointed at an address outside the cluster, is the legitimate use, and a person confirms the addresses (the message lists them). An observe-only provider-kubernetes Object applies nothing and is not judged.`,
  kinds: [
    { group: '', kind: 'Endpoints' },
    { group: 'discovery.k8s.io', kind: 'EndpointSlice' },
  ],
  reads: 'object',
  check(ctx) {
    const to = backends(ctx.resource);
    const where = to.length === 0 ? 'addresses it lists' : listed(to);
    ctx.unsafe(
      ctx.type.kind === 'Endpoints' ? 'subsets' : 'endpoints',
      `hand-written ${ctx.type.kind} send a Service's traffic to ${where}, wherever they are: a LoadBalancer or Ingress that trusts the Service would expose backends the author cannot reach (${ENDPOINTS_CVE}); give the Service a selector, or get approval for these addresses`,
    );
  },
}) satisfies Rule;

export const K8S_SERVICE_RULES = [serviceExternalIps, manualEndpoints] as const satisfies readonly Rule[];
