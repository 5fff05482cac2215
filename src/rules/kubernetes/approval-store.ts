/**
 * The approval store is where people release what guardrails holds: labelled
 * ConfigMaps in the approval namespace (Input `approval`). Nothing an agent
 * composes may write there, or it could approve its own requests: not a
 * ConfigMap (bare, or carried by a provider-kubernetes Object), and not RBAC
 * that lets some subject write ConfigMaps there or give itself that right.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import type { ApprovalConfig } from '../../input/schema.js';
import { aggregationLabels, approvalWrites, grantsOf, landingNamespace, policyRules } from './rbac.js';

const RBAC = 'rbac.authorization.k8s.io';
const rbac = (kind: string): KindRef => ({ group: RBAC, kind });

/** Whether the object may land in the approval namespace (see `landingNamespace`). */
function inApprovalNamespace(ctx: RuleContext, approval: ApprovalConfig): boolean {
  return landingNamespace(ctx, (ns) => ns === approval.namespace) !== undefined;
}

/** Does the object carry every label approvals are selected by? */
function carriesApprovalLabels(obj: KubeObject, approval: ApprovalConfig): boolean {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  // for-in over own keys rather than Object.entries: asked of every ConfigMap, no list of pairs.
  for (const k in approval.matchLabels) {
    if (Object.hasOwn(approval.matchLabels, k) && !(Object.hasOwn(labels, k) && labels[k] === approval.matchLabels[k])) return false;
  }
  return true;
}

/** The approval namespace, for a message. */
function where(approval: ApprovalConfig): string {
  return `the approval namespace ${JSON.stringify(approval.namespace)}`;
}

export const approvalObjects = defineRule({
  id: 'guardrails-approval-store',
  title: 'Composed resources cannot write approvals',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses any composed object, bare or carried by a provider-kubernetes `Object`, that would create or change an approval, or could: anything composed into the approval namespace (`approval.namespace`): a ConfigMap whatever its labels, a Role or binding, a Secret or ServiceAccount, a Job, Pod or Deployment (a workload there runs as any service account of that namespace, provider service accounts that write ConfigMaps included); any ConfigMap carrying the approval labels (`approval.matchLabels`); a ClusterRoleBinding to a ClusterRole that lets its subjects write ConfigMaps or give themselves that right (write Roles or RoleBindings, `bind`, `escalate`, `impersonate`) in every namespace (`cluster-admin`, `admin`, `edit`, or one composed here where the binding is applied; one composed under a built-in name grants what the built-in does too, and one not yet in the cluster may meet an existing role of its name); and a ClusterRole granting it that aggregates into other roles (Kubernetes' or Crossplane's). Approvals come from people through a namespace agents cannot write, or an agent could release its own requests.",
  kinds: { summary: 'every kind composed into the approval namespace; ConfigMaps, ClusterRoles and ClusterRoleBindings anywhere', test: () => true },
  reads: 'object',
  check(ctx) {
    const { approval } = ctx.input;
    if (inApprovalNamespace(ctx, approval)) {
      ctx.unsafe(
        'metadata.namespace',
        `a ${ctx.type.kind} in ${where(approval)}, where approvals are kept: nothing an agent composes may be written there (a ConfigMap is an approval, RBAC grants the right to write one, a workload runs as a service account that may); compose it in another namespace`,
      );
      return;
    }
    switch (ctx.type.ref) {
      case 'core/ConfigMap':
        if (carriesApprovalLabels(ctx.resource, approval)) {
          ctx.unsafe('metadata.labels', `a ConfigMap with the approval labels (${labelText(approval)}): only people grant approvals; remove the labels`);
        }
        return;
      case `${RBAC}/ClusterRole`: {
        const aggregates = aggregationLabels(ctx.resource);
        const rules = policyRules(ctx.resource);
        const writes = rules === undefined ? [] : approvalWrites(rules);
        if (aggregates.length > 0 && writes.length > 0) {
          ctx.unsafe('metadata.labels', `a ClusterRole that grants ${writes.join(', ')} and aggregates into other roles (${aggregates.join(', ')}): every subject of those roles could approve requests; remove the aggregation labels or the grants`);
        }
        return;
      }
      case `${RBAC}/ClusterRoleBinding`: {
        const grants = grantsOf(ctx, ctx.resource, undefined);
        if (grants.known && grants.writes.length > 0) {
          ctx.unsafe('roleRef', `a ClusterRoleBinding to ${grants.role}, which grants ${grants.writes.join(', ')} in every namespace, ${where(approval)} included: its subjects could approve requests`);
        }
        return;
      }
    }
  },
}) satisfies Rule;

export const approvalUnverified = defineRule({
  id: 'guardrails-approval-rbac-unverified',
  title: 'Cluster-wide bindings to roles guardrails cannot see need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a ClusterRoleBinding to a ClusterRole that is neither composed in this request, where the binding is applied (and already seen in the cluster: a new one may meet an existing role of its name, which apply only merges into), nor one of the built-in roles whose grants are known (`cluster-admin`, `admin`, `edit`, `view`), or whose rules are aggregated from other roles: it applies in every namespace, the approval namespace included, and guardrails cannot tell whether it lets its subjects write approvals. A person should confirm what the role grants.',
  kinds: [rbac('ClusterRoleBinding')],
  reads: 'object',
  check(ctx) {
    const grants = grantsOf(ctx, ctx.resource, undefined);
    if (grants.known) return;
    ctx.unsafe('roleRef', `a ClusterRoleBinding to ${grants.role}, whose rules are not in this request: it applies in every namespace, the approval namespace included; approve it if that role cannot write ConfigMaps or RBAC there`);
  },
}) satisfies Rule;

export const APPROVAL_STORE_RULES = [approvalObjects, approvalUnverified] as const satisfies readonly Rule[];

function labelText(approval: ApprovalConfig): string {
  return Object.entries(approval.matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
