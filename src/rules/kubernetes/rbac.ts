/**
 * Reading Kubernetes RBAC the way the API server authorizes it: which verbs
 * on which resources a Role's or ClusterRole's rules grant, and what a
 * binding's roleRef points to, from the desired state or from the roles
 * every cluster has. Shared by the rules that judge RBAC.
 */
import { isObject } from '../../engine/fieldpath.js';
import type { RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';

/** One rule of a Role or ClusterRole, as the API server reads it; malformed lists read as empty. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * The rules of a Role or ClusterRole, or undefined when they cannot be known
 * from the object alone: `rules` is not a list, or the role aggregates others
 * (an `aggregationRule`, whose rules the controller fills in).
 */
export function policyRules(role: KubeObject): PolicyRule[] | undefined {
  if (role.aggregationRule !== undefined && role.aggregationRule !== null) return undefined;
  if (role.rules === undefined || role.rules === null) return [];
  if (!Array.isArray(role.rules)) return undefined;
  return role.rules.filter(isObject).map((r) => ({
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
  }));
}

/**
 * Does a rule allow `verb` on `resource` (`configmaps`, `roles`) of `group`
 * (`''` for core)? Wildcards count; `resourceNames` never narrows a `create`,
 * and for the other verbs an existing object of that name may be the one
 * that matters, so it is not taken to narrow anything.
 */
export function allows(rule: PolicyRule, group: string, resource: string, verb: string): boolean {
  return (
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) &&
    (rule.resources.includes('*') || rule.resources.includes(resource)) &&
    (rule.verbs.includes('*') || rule.verbs.includes(verb))
  );
}

/** Verbs that create or change an object. */
export const WRITE_VERBS = ['create', 'update', 'patch'] as const;

/**
 * What a set of rules lets a subject do to objects in a namespace it is
 * granted in, that would let it write approvals: write ConfigMaps, or give
 * itself more (write Roles or RoleBindings, `bind` or `escalate` roles,
 * `impersonate` someone). Empty when none.
 */
export function approvalWrites(rules: readonly PolicyRule[]): string[] {
  const found = new Set<string>();
  for (const rule of rules) {
    for (const verb of WRITE_VERBS) if (allows(rule, '', 'configmaps', verb)) found.add(`${verb} configmaps`);
    for (const resource of ['roles', 'rolebindings']) {
      for (const verb of WRITE_VERBS) if (allows(rule, 'rbac.authorization.k8s.io', resource, verb)) found.add(`${verb} ${resource}`);
    }
    for (const verb of ['bind', 'escalate']) {
      if (allows(rule, 'rbac.authorization.k8s.io', 'roles', verb) || allows(rule, 'rbac.authorization.k8s.io', 'clusterroles', verb)) found.add(`${verb} roles`);
    }
    for (const resource of ['users', 'groups', 'serviceaccounts']) if (allows(rule, '', resource, 'impersonate')) found.add(`impersonate ${resource}`);
  }
  return [...found];
}

/**
 * The ClusterRoles every cluster has, and whether binding them grants a
 * write that matters here (Kubernetes' default user-facing roles:
 * `cluster-admin` everything; `admin` and `edit` write ConfigMaps, `admin`
 * also RoleBindings; `view` reads only).
 */
const BUILT_IN_CLUSTER_ROLES: ReadonlyMap<string, string[]> = new Map([
  ['cluster-admin', ['everything']],
  ['admin', ['create configmaps', 'update configmaps', 'patch configmaps', 'create rolebindings', 'create roles']],
  ['edit', ['create configmaps', 'update configmaps', 'patch configmaps', 'impersonate serviceaccounts']],
  ['view', []],
]);

/** What a binding's role grants that would let its subjects write approvals, or `unknown` where it cannot be seen. */
export type Grants = { known: true; writes: string[]; role: string } | { known: false; role: string };

/**
 * Resolves a binding's `roleRef` against the desired state (a Role in the
 * binding's namespace, a ClusterRole) and the built-in ClusterRoles. A
 * composed role counts only where the binding is applied (the same carriers
 * and provider configs, see `placementOf`): one an Object applies to another
 * cluster says nothing about the role of that name beside the binding, which
 * may already exist there and grant anything.
 *
 * A ClusterRole composed under a built-in name never hides what the
 * built-in grants: the built-in already exists, and Crossplane's server-side
 * apply takes it over only field by field (the aggregation rule of `admin`
 * or `edit`, which it does not write, stays, and the aggregation controller
 * fills the rules back in), while the API server restores the default roles
 * when it restarts. Its grants count with the composed role's.
 */
/**
 * The object as it exists in the cluster for a composed target: the observed
 * composed resource, or for one a provider-kubernetes Object carries, the
 * manifest the Object reports it found (`status.atProvider.manifest`).
 * Undefined before it exists, or deeper inside Objects than that.
 */
function existing(ctx: RuleContext, name: string, at: readonly (string | number)[]): KubeObject | undefined {
  const observed = ctx.observed.get(name);
  if (observed === undefined || at.length === 0) return observed;
  if (at.length !== 3 || at[0] !== 'spec' || at[1] !== 'forProvider' || at[2] !== 'manifest') return undefined;
  const status = isObject(observed.status) ? observed.status : {};
  const atProvider = isObject(status.atProvider) ? status.atProvider : {};
  return isObject(atProvider.manifest) ? atProvider.manifest : undefined;
}

export function grantsOf(ctx: RuleContext, binding: KubeObject, namespace: string | undefined): Grants {
  const ref = isObject(binding.roleRef) ? binding.roleRef : {};
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const name = typeof ref.name === 'string' ? ref.name : '';
  const role = `${kind} ${JSON.stringify(name)}`;
  if (kind !== 'Role' && kind !== 'ClusterRole') return { known: false, role };
  const placement = ctx.index.byRef(ctx.type.ref).find((t) => t.name === ctx.name && t.at.length === ctx.at.length && t.at.every((s, i) => s === ctx.at[i]))?.placement;
  const builtIn = kind === 'ClusterRole' ? BUILT_IN_CLUSTER_ROLES.get(name) : undefined;
  const composed = ctx.index.byRef(`rbac.authorization.k8s.io/${kind}`).filter((t) => {
    const meta = isObject(t.object.metadata) ? t.object.metadata : {};
    return t.placement === placement && meta.name === name && (kind === 'ClusterRole' || meta.namespace === namespace);
  });
  if (composed.length > 0) {
    const writes = new Set<string>(builtIn ?? []);
    let seen = true;
    for (const t of composed) {
      const rules = policyRules(t.object);
      if (rules === undefined) return { known: false, role };
      for (const w of approvalWrites(rules)) writes.add(w);
      // What the role grants in the cluster is what exists there under its name: a new one may meet an existing
      // role of that name (aggregated, or with rules this one does not write), which apply only merges into.
      const actual = existing(ctx, t.name, t.at);
      const actualRules = actual === undefined ? undefined : policyRules(actual);
      if (actualRules === undefined) seen = false;
      else for (const w of approvalWrites(actualRules)) writes.add(w);
    }
    if (writes.size > 0 || seen || builtIn !== undefined) return { known: true, writes: [...writes], role };
    return { known: false, role: `${role} (composed here, but not yet seen in the cluster, where a role of that name may already grant more)` };
  }
  return builtIn === undefined ? { known: false, role } : { known: true, writes: builtIn, role };
}
