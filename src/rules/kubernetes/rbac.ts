/**
 * Reading Kubernetes RBAC the way the API server authorizes it: which verbs
 * on which resources a Role's or ClusterRole's rules grant, where a Role or
 * binding applies, and what a binding's roleRef points to, from the desired
 * state, what the cluster holds, or the roles every cluster has. Shared by
 * the rules that judge RBAC (rbac-rules.ts) and those that guard the
 * approval store (approval-store.ts).
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import type { RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { describe } from '../params.js';
import { selfOf } from '../kit/references.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One rule of a Role or ClusterRole, as the API server reads it; a malformed list reads as empty. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

const LIST_FIELDS = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'] as const;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** One entry of a role's `rules`, read leniently (see `ruleProblem` for what the API server would refuse). */
export function policyRule(r: Record<string, unknown>): PolicyRule {
  return {
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

/**
 * The rules of a Role or ClusterRole, or undefined when they cannot be known
 * from the object alone: `rules` is not a list, or the role aggregates others
 * (an `aggregationRule`, whose rules the controller fills in).
 */
export function policyRules(role: KubeObject): PolicyRule[] | undefined {
  if (role.aggregationRule !== undefined && role.aggregationRule !== null) return undefined;
  if (role.rules === undefined || role.rules === null) return [];
  if (!Array.isArray(role.rules)) return undefined;
  return role.rules.filter(isObject).map(policyRule);
}

/**
 * The first part of a role's `rules` that does not have the shape the API
 * server reads (a list of objects whose fields are lists of strings), with
 * what was found there; undefined when every part reads.
 */
export function ruleProblem(role: KubeObject): { path: string; found: string } | undefined {
  const { rules } = role;
  if (rules === undefined || rules === null) return undefined;
  if (!Array.isArray(rules)) return { path: 'rules', found: `${describe(rules)}, not a list` };
  for (let i = 0; i < rules.length; i++) {
    const r: unknown = rules[i];
    if (!isObject(r)) return { path: formatFieldPath(['rules', i]), found: `${describe(r)}, not an object` };
    for (const field of LIST_FIELDS) {
      const v = r[field];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) return { path: formatFieldPath(['rules', i, field]), found: `${describe(v)}, not a list` };
      const j = v.findIndex((s) => typeof s !== 'string');
      if (j >= 0) return { path: formatFieldPath(['rules', i, field, j]), found: `${describe(v[j])}, not a string` };
    }
  }
  return undefined;
}

/**
 * Does a list of a rule's `resources` reach `resource` (`pods`, or a
 * subresource `pods/exec`)? `*` reaches every resource, and `*\/exec` the
 * `exec` subresource of every resource, as the API server's RBAC
 * authorizer matches them (rbac/v1 helpers `ResourceMatches`).
 */
export function resourceMatches(resources: readonly string[], resource: string): boolean {
  const slash = resource.indexOf('/');
  const sub = slash < 0 ? '' : resource.slice(slash + 1);
  return resources.some((r) => r === '*' || r === resource || (sub !== '' && r === `*/${sub}`));
}

/**
 * Does a rule allow `verb` on `resource` (`configmaps`, `roles`, `pods/exec`)
 * of `group` (`''` for core)? Wildcards count; `resourceNames` never narrows
 * a `create`, and for the other verbs an existing object of that name may be
 * the one that matters, so it is not taken to narrow anything.
 */
export function allows(rule: PolicyRule, group: string, resource: string, verb: string): boolean {
  return (
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) &&
    resourceMatches(rule.resources, resource) &&
    (rule.verbs.includes('*') || rule.verbs.includes(verb))
  );
}

/** Does a rule grant every verb on every resource of every API group: anything at all? */
export function grantsEverything(rule: PolicyRule): boolean {
  return rule.apiGroups.includes('*') && rule.resources.includes('*') && rule.verbs.includes('*');
}

/** Verbs that create or change an object. */
export const WRITE_VERBS = ['create', 'update', 'patch'] as const;

/**
 * What a set of rules lets a subject do to objects in a namespace it is
 * granted in, that would let it write approvals: write ConfigMaps, or give
 * itself more (write Roles or RoleBindings, `bind` or `escalate` roles,
 * `impersonate` someone). `everything` for a rule that grants anything at
 * all; empty when none.
 */
export function approvalWrites(rules: readonly PolicyRule[]): string[] {
  if (rules.some(grantsEverything)) return ['everything'];
  const found = new Set<string>();
  for (const rule of rules) {
    for (const verb of WRITE_VERBS) if (allows(rule, '', 'configmaps', verb)) found.add(`${verb} configmaps`);
    for (const resource of ['roles', 'rolebindings']) {
      for (const verb of WRITE_VERBS) if (allows(rule, RBAC_GROUP, resource, verb)) found.add(`${verb} ${resource}`);
    }
    for (const verb of ['bind', 'escalate']) {
      if (allows(rule, RBAC_GROUP, 'roles', verb) || allows(rule, RBAC_GROUP, 'clusterroles', verb)) found.add(`${verb} roles`);
    }
    for (const resource of ['users', 'groups', 'serviceaccounts']) if (allows(rule, '', resource, 'impersonate')) found.add(`impersonate ${resource}`);
  }
  return [...found];
}

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs, resourceNames: [], nonResourceURLs: [] });
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/**
 * Kubernetes' default user-facing ClusterRoles, every cluster has them: the
 * rules of `cluster-admin`, and of `admin`, `edit` and `view` as their
 * aggregation rules fill them from `system:aggregate-to-admin`, `-edit` and
 * `-view` (kubernetes/kubernetes
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml,
 * at 025f2834a128798cef30018a5e6a6ae82b5ad885). `admin` is `edit` plus
 * RBAC in its namespace; `edit` is `view` plus writes, Secrets, exec,
 * `impersonate` and token requests for the namespace's service accounts.
 */
const VIEW: readonly PolicyRule[] = [
  rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
  rule([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
  rule([''], ['namespaces'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];
const EDIT: readonly PolicyRule[] = [
  ...VIEW,
  rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  rule([''], ['pods/eviction'], ['create']),
  rule([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['coordination.k8s.io'], ['leases'], [...READ, ...WRITE]),
];
const ADMIN: readonly PolicyRule[] = [...EDIT, rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), rule([RBAC_GROUP], ['rolebindings', 'roles'], [...WRITE, ...READ])];
const CLUSTER_ADMIN: readonly PolicyRule[] = [rule(['*'], ['*'], ['*']), { ...rule([], [], ['*']), nonResourceURLs: ['*'] }];

export const BUILT_IN_CLUSTER_ROLES: ReadonlyMap<string, readonly PolicyRule[]> = new Map([
  ['cluster-admin', CLUSTER_ADMIN],
  ['admin', ADMIN],
  ['edit', EDIT],
  ['view', VIEW],
]);

/**
 * Label keys that aggregate a ClusterRole into roles every such cluster has:
 * Kubernetes' `admin`, `edit` and `view` (and any other), and Crossplane's
 * own `crossplane`, `crossplane-admin`, `crossplane-edit`, `crossplane-view`,
 * `crossplane-browse` and the namespace roles its RBAC manager makes
 * (`rbac.crossplane.io/aggregate-to-*`, `rbac.crossplane.io/base-of-ns-*`;
 * crossplane/crossplane cluster/charts/crossplane/templates), the first of
 * which Crossplane itself runs as.
 */
export const AGGREGATE_PREFIXES = ['rbac.authorization.k8s.io/aggregate-to-', 'rbac.crossplane.io/aggregate-to-', 'rbac.crossplane.io/base-of-'];

/** The labels of a ClusterRole that aggregate it into other roles. */
export function aggregationLabels(role: KubeObject): string[] {
  const metadata = isObject(role.metadata) ? role.metadata : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  return Object.keys(labels).filter((k) => AGGREGATE_PREFIXES.some((p) => k.startsWith(p)) && labels[k] === 'true');
}

/** The XR's namespace, for a namespaced XR. */
export function xrNamespace(ctx: Pick<RuleContext, 'composite'>): string | undefined {
  const ns = isObject(ctx.composite.metadata) ? ctx.composite.metadata.namespace : undefined;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/**
 * The namespace a namespaced object lands in: its own; else, composed
 * directly, the XR's (Crossplane v2 puts a namespaced XR's resources
 * there); else, carried by an Object, `default`.
 */
export function namespaceOf(ctx: Pick<RuleContext, 'composite'>, object: KubeObject, at: readonly unknown[]): string | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '') return metadata.namespace;
  return at.length === 0 ? xrNamespace(ctx) : 'default';
}

/**
 * The namespace `test` picks among those a composed object may land in: its
 * own; for a resource the XR composes directly also the XR's (Crossplane v2
 * puts a namespaced XR's resources there); for a manifest an Object carries
 * without one, `default`. Undefined when it picks none. Asked of every
 * composed object by the rules that guard a namespace, so no list is built.
 */
export function landingNamespace(ctx: Pick<RuleContext, 'composite' | 'resource' | 'at'>, test: (namespace: string) => boolean): string | undefined {
  const metadata = isObject(ctx.resource.metadata) ? ctx.resource.metadata : undefined;
  const own = typeof metadata?.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  if (ctx.at.length > 0) {
    const ns = own ?? 'default';
    return test(ns) ? ns : undefined;
  }
  if (own !== undefined && test(own)) return own;
  const xr = xrNamespace(ctx);
  return xr !== undefined && test(xr) ? xr : undefined;
}

const nameOf = (obj: KubeObject) => (isObject(obj.metadata) ? obj.metadata.name : undefined);

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

/** What a binding's role grants, as far as it can be seen. */
export interface BoundRules {
  /** How messages name the role: `ClusterRole "edit"`. */
  role: string;
  /** Every rule that can be seen: the built-in role's, and those of a role composed here, desired and as the cluster holds it. */
  rules: PolicyRule[];
  /** Whether `rules` is all the role can grant. */
  complete: boolean;
  /** Why it may not be, where a note helps the reader. */
  note?: string;
}

/**
 * Resolves a binding's `roleRef` against the desired state (a Role in the
 * binding's namespace, a ClusterRole) and the built-in ClusterRoles. A
 * composed role counts only where the binding is applied (the same carriers
 * and provider configs, see `placementOf`): one an Object applies to another
 * cluster says nothing about the role of that name beside the binding, which
 * may already exist there and grant anything. A composed role counts as all
 * the role grants only once the cluster holds it as composed: a new one may
 * meet an existing role of its name (with an aggregation rule apply leaves
 * in place, or owned by someone else, so that the apply fails while the
 * binding's succeeds), and its rules are read with the existing role's.
 *
 * A ClusterRole composed under a built-in name never hides what the
 * built-in grants: the built-in already exists, and Crossplane's server-side
 * apply takes it over only field by field (the aggregation rule of `admin`
 * or `edit`, which it does not write, stays, and the aggregation controller
 * fills the rules back in), while the API server restores the default roles
 * when it restarts. Its grants count with the composed role's.
 */
export function boundRules(ctx: RuleContext, binding: KubeObject, namespace: string | undefined): BoundRules {
  const ref = isObject(binding.roleRef) ? binding.roleRef : {};
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const name = typeof ref.name === 'string' ? ref.name : '';
  const role = `${kind} ${JSON.stringify(name)}`;
  if (kind !== 'Role' && kind !== 'ClusterRole') return { role, rules: [], complete: false };
  const placement = selfOf(ctx)?.placement;
  const builtIn = kind === 'ClusterRole' ? BUILT_IN_CLUSTER_ROLES.get(name) : undefined;
  const composed = ctx.index
    .byRef(`${RBAC_GROUP}/${kind}`)
    .filter((t) => t.placement === placement && nameOf(t.object) === name && (kind === 'ClusterRole' || namespaceOf(ctx, t.object, t.at) === namespace));
  const rules = [...(builtIn ?? [])];
  let readable = true;
  let seen = true;
  for (const t of composed) {
    const own = policyRules(t.object);
    if (own === undefined) readable = false;
    else rules.push(...own);
    const actual = existing(ctx, t.name, t.at);
    const actualRules = actual === undefined ? undefined : policyRules(actual);
    if (actualRules === undefined) seen = false;
    else rules.push(...actualRules);
  }
  if (composed.length === 0) return { role, rules, complete: builtIn !== undefined };
  const complete = readable && (builtIn !== undefined || seen);
  if (complete || !readable) return { role, rules, complete };
  return { role, rules, complete, note: 'composed here, but not yet seen in the cluster, where a role of that name may already grant more' };
}

/** What a binding's role grants that would let its subjects write approvals, or `unknown` where it cannot be seen. */
export type Grants = { known: true; writes: string[]; role: string } | { known: false; role: string };

/** `boundRules`, read for the approval store: a role that writes approvals is known to, whatever else it may grant. */
export function grantsOf(ctx: RuleContext, binding: KubeObject, namespace: string | undefined): Grants {
  const bound = boundRules(ctx, binding, namespace);
  const writes = approvalWrites(bound.rules);
  if (bound.complete || writes.length > 0) return { known: true, writes, role: bound.role };
  return { known: false, role: bound.note === undefined ? bound.role : `${bound.role} (${bound.note})` };
}
