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
import { formatFieldPath } from '../../lang/fieldpath.js';
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

export const K8S_SERVICE_RULES = [serviceExternalIps] as const satisfies readonly Rule[];
