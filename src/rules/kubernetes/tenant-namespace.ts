/**
 * A namespace is a tenant's boundary: its service accounts, its Secrets, its
 * ConfigMaps are the tenant's. A Composition that patches an object's
 * namespace from the claim (`spec.parameters.namespace` into a manifest's
 * `metadata.namespace`) lets whoever writes the claim put a workload into
 * another tenant's namespace, where it runs as that namespace's service
 * accounts and mounts its Secrets, or overwrite that tenant's objects.
 * `k8s-rbac-escalation` holds a grant to do that beyond the XR's namespace;
 * this holds doing it directly.
 *
 * Only an object that names its namespace is judged: one without lands in
 * the XR's own, or, carried by an Object, in `default`, which is nobody's.
 * A namespaced XR's directly composed resources are put in its namespace by
 * Crossplane, whatever they say; what an Object carries is applied where its
 * manifest says.
 */
import { z } from 'zod';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { compositeIdentity } from '../../engine/exceptions.js';
import { placementOf } from '../../engine/targets.js';
import { isObject } from '../../lang/fieldpath.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { namespaceGlobs } from '../params.js';
import { SYSTEM_NAMESPACES } from './system-namespaces.js';
import { selfOf } from '../kit/references.js';

const ID = 'k8s-tenant-namespace';

const params = z.object({
  allowedNamespaces: namespaceGlobs(
    "Namespaces composed objects may name besides the XR's own, as globs (`*` matches any run of characters): shared ones a platform deploys into (`monitoring`, `ingress-*`). Unset: none.",
  ),
});

/** The names of the Namespaces composed in this request where `ctx`'s target is applied (the same placement). */
function composedNamespaces(ctx: RuleContext): Set<string> {
  const placement = selfOf(ctx)?.placement ?? placementOf([]);
  const names = new Set<string>();
  for (const t of ctx.index.byRef('core/Namespace')) {
    if (t.placement === placement && isObject(t.object.metadata) && typeof t.object.metadata.name === 'string') names.add(t.object.metadata.name);
  }
  return names;
}

export const tenantNamespace = defineRule({
  id: ID,
  title: "Kubernetes objects stay in the XR's namespace",
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval a Kubernetes object, bare or carried by a provider-kubernetes \`Object\`, whose \`metadata.namespace\` names a namespace other than the XR's own (its namespace, or for a cluster-scoped XR its claim's), one composed in the same request (a Namespace applied where the object is), or one listed in \`allowedNamespaces\`: a workload there runs as that namespace's service accounts and mounts its Secrets, and its ConfigMaps, Secrets and Services are another tenant's. A Composition that patches a namespace from the claim lets whoever writes the claim choose it. A cluster-scoped XR without a claim belongs to no tenant's namespace, and is not judged (the CLI's placeholder XR neither). An object that names no namespace lands in the XR's own or, carried, in \`default\`, and passes; so does a namespaced XR's directly composed object, which Crossplane puts in the XR's namespace. Kubernetes' own namespaces and the approval namespace are left to \`k8s-system-namespace\` and \`guardrails-approval-store\`. Cloud provider kinds are not judged: their namespace is where the managed resource lives, and its secret references are \`crossplane-secret-namespace\`'s.`,
  kinds: { summary: 'every Kubernetes kind (not a cloud provider kind) that names its namespace', test: (type) => type.cloud === undefined },
  reads: 'object',
  params,
  check(ctx, settings) {
    const metadata = isObject(ctx.resource.metadata) ? ctx.resource.metadata : undefined;
    const ns = metadata?.namespace;
    if (typeof ns !== 'string' || ns === '') return;
    const xrNamespaced = isObject(ctx.composite.metadata) && typeof ctx.composite.metadata.namespace === 'string' && ctx.composite.metadata.namespace !== '';
    if (ctx.at.length === 0 && xrNamespaced) return;
    if (SYSTEM_NAMESPACES.includes(ns) || ns === ctx.input.approval.namespace) return;
    const own = compositeIdentity(ctx.composite).namespace;
    if (own === '' || ns === own || anyGlobMatch(settings.allowedNamespaces ?? [], ns) || composedNamespaces(ctx).has(ns)) return;
    ctx.unsafe(
      'metadata.namespace',
      `a ${ctx.type.kind} in ${JSON.stringify(ns)}, outside the XR's namespace ${JSON.stringify(own)} and not composed here: a workload there runs as that namespace's service accounts and mounts its Secrets, and its objects are another tenant's; compose it in ${JSON.stringify(own)}, or list the namespace in rules.${ID}.allowedNamespaces`,
    );
  },
}) satisfies Rule;
