/**
 * Kubernetes keeps `kube-system`, `kube-public` and `kube-node-lease` for
 * itself (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces).
 * What is composed there reaches around the pod and RBAC rules: a workload
 * in `kube-system` runs as any service account there, the controllers'
 * included, some of which hold cluster-wide power; its ConfigMaps configure
 * the cluster (EKS's `aws-auth` maps IAM roles to `system:masters`, CoreDNS's
 * Corefile answers every name); `kube-public` is readable by everyone,
 * unauthenticated users included. The RBAC rules hold a grant to write there;
 * this holds writing there directly.
 */
import { defineRule, type Rule } from '../../engine/rule.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { namespaceGlobs } from '../params.js';
import { z } from 'zod';
import { landingNamespace } from './rbac.js';

/** Kubernetes' own namespaces: always guarded, whatever the Input adds. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

const isSystem = (ns: string): boolean => SYSTEM_NAMESPACES.includes(ns);

const params = z.object({
  namespaces: namespaceGlobs(
    "More namespaces to guard like Kubernetes' own, as globs: those of the cluster's add-ons, whose controllers run with cluster-wide service accounts (`kyverno`, `gatekeeper-system`, `cert-manager`, `upbound-system`). Crossplane's own namespace is the approval namespace by default, which `guardrails-approval-store` guards already. Unset: only Kubernetes' own.",
    "remove the list to guard only Kubernetes' own",
  ),
});

export const systemNamespace = defineRule({
  id: 'k8s-system-namespace',
  title: "Nothing is composed into Kubernetes' own namespaces without approval",
  severity: 'critical',
  defaultAction: 'RequireApproval',
  description: `Holds for approval any object composed into ${SYSTEM_NAMESPACES.map((n) => `\`${n}\``).join(', ')} (and the namespaces listed in \`namespaces\`), bare or carried by a provider-kubernetes \`Object\`: a workload there runs as any service account of that namespace, the cluster's controllers' included; its ConfigMaps and Secrets configure the cluster (EKS's \`aws-auth\` ConfigMap maps IAM roles to \`system:masters\`, CoreDNS's Corefile answers every name in the cluster) or hold its credentials; \`kube-public\` is readable by anyone, unauthenticated users included. An object lands in its own \`metadata.namespace\`, or, composed directly without one, in the XR's; carried without one, in \`default\`. What an observe-only \`Object\` carries is only read and is not judged (publishing what it reads is \`crossplane-secret-namespace\`'s to judge). An \`Object\` that applies to a cluster this XR creates (its provider config names that cluster's credentials) writes there, not to the cluster guardrails runs in: approve it once for its exact spec.`,
  kinds: { summary: 'every kind composed into a guarded namespace', test: () => true },
  reads: 'object',
  params,
  check(ctx, settings) {
    const extra = settings.namespaces;
    const ns = landingNamespace(ctx, extra === undefined ? isSystem : (n) => isSystem(n) || anyGlobMatch(extra, n));
    if (ns === undefined) return;
    const whose = isSystem(ns) ? 'a namespace Kubernetes keeps for its own components' : 'a namespace the Input guards like Kubernetes\' own';
    ctx.unsafe(
      'metadata.namespace',
      `a ${ctx.type.kind} in ${JSON.stringify(ns)}, ${whose}: a workload there runs as any of its service accounts, the cluster's controllers' included, and its ConfigMaps and Secrets configure the cluster; compose it in the XR's namespace, or get approval if it belongs to a cluster this XR creates`,
    );
  },
}) satisfies Rule;
