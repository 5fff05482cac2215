/**
 * Minimize agentic IAM inside the cluster: the Roles, ClusterRoles and
 * bindings a Composition composes, bare or carried by a provider-kubernetes
 * `Object`. Refused: a binding to `cluster-admin`, a rule granting every verb
 * on every resource, a binding to everyone, RBAC under a name Kubernetes or
 * Crossplane keeps for itself. Held for a person: grants that let a subject
 * raise its own power (Kubernetes' "RBAC good practices", privilege
 * escalation risks), and roles whose rules cannot be seen.
 *
 * Roles are judged for what they contain and bindings for what they confer.
 * A ClusterRole is judged as if bound in every namespace: composing one is a
 * grant waiting to happen, since any ClusterRoleBinding to its name, one that
 * exists already included, grants its rules at once. A Role, or a RoleBinding,
 * is judged in its namespace: what is ordinary in the XR's own namespace
 * (Secrets, workloads, exec, RBAC there) reaches other tenants' service
 * accounts and credentials anywhere else.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import {
  aggregationLabels,
  boundRules,
  BUILT_IN_CLUSTER_ROLES,
  grantsEverything,
  namespaceOf,
  policyRule,
  RBAC_GROUP,
  resourceMatches,
  ruleProblem,
  xrNamespace,
  type PolicyRule,
} from './rbac.js';

const kind = (k: string): KindRef => ({ group: RBAC_GROUP, kind: k });
const ROLES: readonly KindRef[] = [kind('Role'), kind('ClusterRole')];
const BINDINGS: readonly KindRef[] = [kind('RoleBinding'), kind('ClusterRoleBinding')];
const GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks';

/** Where a role's or binding's grants apply: every namespace, or one (the XR's own, or another). */
type Scope = { cluster: true } | { cluster: false; namespace: string | undefined; own: boolean };

function scopeOf(ctx: RuleContext): Scope {
  if (ctx.type.kind === 'ClusterRole' || ctx.type.kind === 'ClusterRoleBinding') return { cluster: true };
  const namespace = namespaceOf(ctx, ctx.resource, ctx.at);
  return { cluster: false, namespace, own: namespace !== undefined && namespace === xrNamespace(ctx) };
}

/** How a message names the target and where it grants: `a Role in namespace "team-a"`. */
function subject(ctx: RuleContext, scope: Scope): string {
  if (scope.cluster) return `a ${ctx.type.kind}`;
  const ns = scope.namespace === undefined ? 'no namespace' : `namespace ${JSON.stringify(scope.namespace)}`;
  return `a ${ctx.type.kind} in ${ns}${scope.own ? '' : " (not the XR's own)"}`;
}

/**
 * Requests a grant lets a subject make. A value ending in `*` in `verbs` or
 * `resources` stands for every value with that prefix (`impersonate:*`,
 * `userextras/*`). `clusterScoped`: the resources are not namespaced, so a
 * Role or RoleBinding reaches them only by naming them (its `*` means the
 * namespace's resources). `explicitVerbs`: only a verb named in the rule
 * counts, not `*`.
 */
interface Want {
  groups: readonly string[] | 'any';
  resources: readonly string[] | 'any';
  verbs: readonly string[] | 'any';
  clusterScoped?: true;
  explicitVerbs?: true;
}

/** A grant that lets a subject raise its own power, and why. */
interface Danger {
  /** What it lets a subject do, as messages name it. */
  grant: string;
  why: string;
  wants: readonly Want[];
  /** Ordinary in the XR's own namespace; a danger cluster-wide or in any other namespace. */
  beyondOwnNamespace?: true;
}

const WRITE = ['create', 'update', 'patch'] as const;
const CORE = [''];

/**
 * The grants held for approval, from Kubernetes' privilege escalation risks
 * (RBAC good practices: listing secrets, workload creation, persistent
 * volume creation, nodes/proxy, escalate, bind, impersonate, CSRs, token
 * requests, admission webhooks, namespace modification), the scanners'
 * checks on the same (Checkov CKV_K8S_155-158, CKV2_K8S_2, CKV2_K8S_3,
 * CKV2_K8S_5; Trivy KSV-0041, KSV-0047, KSV-0050, KSV-0114), and the
 * resources that decide what Crossplane runs for every XR, this function's
 * place in it included. `get` on pods/exec counts as exec: exec over
 * WebSockets is a GET.
 */
export const DANGERS: readonly Danger[] = [
  {
    grant: 'escalate on roles',
    why: '`escalate` writes roles with permissions the writer does not hold',
    wants: [{ groups: [RBAC_GROUP], resources: ['roles', 'clusterroles'], verbs: ['escalate'] }],
  },
  {
    grant: 'bind on roles',
    why: '`bind` binds roles with permissions the binder does not hold',
    wants: [{ groups: [RBAC_GROUP], resources: ['roles', 'clusterroles'], verbs: ['bind'] }],
  },
  {
    grant: 'impersonate',
    why: 'impersonation acts as other users, groups or service accounts',
    wants: [
      { groups: ['', 'authentication.k8s.io'], resources: ['users', 'groups', 'serviceaccounts', 'uids', 'userextras/*'], verbs: ['impersonate'] },
      // Constrained impersonation (Kubernetes 1.34+): `impersonate:<kind>` and `impersonate-on:<mode>:<verb>`.
      { groups: 'any', resources: 'any', verbs: ['impersonate:*', 'impersonate-on:*'], explicitVerbs: true },
    ],
  },
  {
    grant: 'create serviceaccounts/token',
    why: 'a token request mints a credential of a service account, usable from anywhere',
    wants: [{ groups: CORE, resources: ['serviceaccounts/token'], verbs: ['create'] }],
  },
  {
    grant: 'nodes/proxy',
    why: 'nodes/proxy (even `get`) reaches the kubelet API, which runs commands in every pod of a node, past admission and audit',
    wants: [{ groups: CORE, resources: ['nodes/proxy'], verbs: 'any', clusterScoped: true }],
  },
  {
    grant: 'update namespaces',
    why: "relabelling a namespace can loosen its Pod Security level and what its network policies select",
    wants: [{ groups: CORE, resources: ['namespaces'], verbs: ['update', 'patch'] }],
  },
  {
    grant: 'approve certificate signing requests',
    why: 'an approved CSR is a client certificate for any identity, system components included',
    wants: [
      { groups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update', 'patch'], clusterScoped: true },
      { groups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'], clusterScoped: true },
    ],
  },
  {
    grant: 'write admission webhooks or policies',
    why: 'admission webhooks and policies read or change every object admitted, or stop the checks',
    wants: [
      {
        groups: ['admissionregistration.k8s.io'],
        resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'],
        verbs: [...WRITE, 'delete', 'deletecollection'],
        clusterScoped: true,
      },
    ],
  },
  {
    grant: 'create persistentvolumes',
    why: "a persistent volume may be a hostPath: the node's filesystem",
    wants: [{ groups: CORE, resources: ['persistentvolumes'], verbs: ['create'], clusterScoped: true }],
  },
  {
    grant: 'write clusterroles or clusterrolebindings',
    why: 'cluster-wide RBAC hands out permissions in every namespace',
    wants: [{ groups: [RBAC_GROUP], resources: ['clusterroles', 'clusterrolebindings'], verbs: WRITE, clusterScoped: true }],
  },
  {
    grant: 'write Crossplane compositions, XRDs or packages',
    why: 'Compositions, XRDs, packages and operations decide what Crossplane runs for every XR, guardrails included',
    wants: [
      { groups: ['apiextensions.crossplane.io'], resources: ['compositions', 'compositionrevisions', 'compositeresourcedefinitions', 'environmentconfigs'], verbs: [...WRITE, 'delete'], clusterScoped: true },
      {
        groups: ['pkg.crossplane.io'],
        resources: ['providers', 'providerrevisions', 'functions', 'functionrevisions', 'configurations', 'configurationrevisions', 'deploymentruntimeconfigs', 'imageconfigs'],
        verbs: [...WRITE, 'delete'],
        clusterScoped: true,
      },
      { groups: ['ops.crossplane.io'], resources: ['operations', 'cronoperations', 'watchoperations'], verbs: WRITE, clusterScoped: true },
    ],
  },
  {
    grant: 'write roles or rolebindings',
    why: 'RBAC there hands out what its writer holds to anyone',
    wants: [{ groups: [RBAC_GROUP], resources: ['roles', 'rolebindings'], verbs: WRITE }],
    beyondOwnNamespace: true,
  },
  {
    grant: 'read secrets',
    why: "Secrets there hold other tenants' credentials and service account tokens (`list` and `watch` return their contents too)",
    wants: [{ groups: CORE, resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
    beyondOwnNamespace: true,
  },
  {
    grant: 'write secrets',
    why: 'writing Secrets there replaces credentials and mints service account tokens',
    wants: [{ groups: CORE, resources: ['secrets'], verbs: WRITE }],
    beyondOwnNamespace: true,
  },
  {
    grant: 'write configmaps',
    why: "ConfigMaps there configure other tenants' workloads and the cluster itself (EKS maps IAM roles to Kubernetes groups in kube-system's aws-auth)",
    wants: [{ groups: CORE, resources: ['configmaps'], verbs: WRITE }],
    beyondOwnNamespace: true,
  },
  {
    grant: 'create or change workloads',
    why: 'a pod there runs as any service account there',
    wants: [
      { groups: CORE, resources: ['pods', 'replicationcontrollers'], verbs: WRITE },
      { groups: ['apps', 'extensions'], resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'], verbs: WRITE },
      { groups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
    ],
    beyondOwnNamespace: true,
  },
  {
    grant: 'exec into pods',
    why: 'exec, attach or an ephemeral container runs commands as the pods there',
    wants: [
      { groups: CORE, resources: ['pods/exec', 'pods/attach'], verbs: ['create', 'get'] },
      { groups: CORE, resources: ['pods/ephemeralcontainers'], verbs: ['update', 'patch'] },
    ],
    beyondOwnNamespace: true,
  },
];

/** Does a value in a rule match a wanted one, where a wanted value ending in `*` is a prefix? */
const matches = (value: string, wanted: string) => (wanted.endsWith('*') ? value.startsWith(wanted.slice(0, -1)) : value === wanted);

/**
 * Does a rule's `resources` reach a wanted resource: by name, or (unless
 * only names count) through `*` or a `*\/subresource`, as the API server
 * matches them?
 */
function reachesResource(resources: readonly string[], wanted: string, namesOnly: boolean): boolean {
  if (resources.some((r) => matches(r, wanted))) return true;
  if (namesOnly) return false;
  if (wanted.endsWith('/*')) return resources.some((r) => r === '*' || r.startsWith('*/'));
  return resourceMatches(resources, wanted);
}

function reaches(rule: PolicyRule, want: Want, namespaced: boolean): boolean {
  const group = want.groups === 'any' ? rule.apiGroups.length > 0 : want.groups.some((g) => rule.apiGroups.includes('*') || rule.apiGroups.includes(g));
  const verb =
    want.verbs === 'any' ? rule.verbs.length > 0 : want.verbs.some((v) => (want.explicitVerbs !== true && rule.verbs.includes('*')) || rule.verbs.some((rv) => matches(rv, v)));
  const namesOnly = namespaced && want.clusterScoped === true;
  const resource = want.resources === 'any' ? rule.resources.length > 0 : want.resources.some((r) => reachesResource(rule.resources, r, namesOnly));
  return group && verb && resource;
}

/** The dangers a rule grants in `scope`. */
function dangersOf(rule: PolicyRule, scope: Scope): Danger[] {
  const namespaced = !scope.cluster;
  return DANGERS.filter((d) => (d.beyondOwnNamespace !== true || scope.cluster || !scope.own) && d.wants.some((w) => reaches(rule, w, namespaced)));
}

/** Most grants a message gives the reason of; beyond, the list says enough and the line stays whole (function/text.ts MAX_LINE). */
const MAX_REASONS = 2;

/**
 * The grants, in the table's order, and why each raises power, for a
 * message: `escalate on roles`, `: \`escalate\` writes roles ...`. A rule
 * that grants everything is said so, with the grants it includes.
 */
function describeDangers(dangers: readonly Danger[], everything: boolean): { grants: string; whys: string } {
  const found = DANGERS.filter((d) => dangers.includes(d));
  const grants = found.map((d) => d.grant).join(', ');
  if (everything) return { grants: `every verb on every resource of every API group, which includes ${grants}`, whys: '' };
  if (found.length > MAX_REASONS) return { grants, whys: ': each lets its subjects raise their own power' };
  return { grants, whys: `: ${found.map((d) => d.why).join('; ')}` };
}

/**
 * The entries of a role's rules, with their index; entries that are not
 * objects are `ruleProblem`'s to report. Rules beside an aggregation rule,
 * which the controller replaces, are judged all the same.
 */
function indexedRules(role: KubeObject): { i: number; rule: PolicyRule }[] {
  if (!Array.isArray(role.rules)) return [];
  return role.rules.flatMap((r: unknown, i) => (isObject(r) ? [{ i, rule: policyRule(r) }] : []));
}

export const rbacClusterAdmin = defineRule({
  id: 'k8s-rbac-cluster-admin',
  title: 'No binding to cluster-admin',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a RoleBinding or ClusterRoleBinding to the ClusterRole `cluster-admin`, which can do anything: bound cluster-wide, on every resource of every namespace and the cluster itself; bound in a namespace, on everything there, the namespace included. Kubernetes' RBAC good practices: administrators should not use `cluster-admin` except where specifically needed; an agent never needs it. A ClusterRole composed under the name `cluster-admin` does not change what the binding grants (the API server restores the default role), and is refused by `k8s-rbac-reserved-name`.",
  references: { trivy: ['KSV-0111'] },
  kinds: BINDINGS,
  reads: 'object',
  check(ctx) {
    const ref = isObject(ctx.resource.roleRef) ? ctx.resource.roleRef : {};
    if (ref.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') return;
    const scope = scopeOf(ctx);
    const where = scope.cluster ? 'on every resource of every namespace and of the cluster itself' : 'on everything in its namespace, the namespace itself included';
    ctx.unsafe('roleRef', `${subject(ctx, scope)} to ClusterRole "cluster-admin", which can do anything ${where}: bind a role that grants only what its subjects need`);
  },
}) satisfies Rule;

/** ` of every API group`, ` of the core API group`, ` of API groups "apps", "batch"`. */
function groupsText(groups: readonly string[]): string {
  if (groups.includes('*')) return ' of every API group';
  if (groups.length === 1 && groups[0] === '') return ' of the core API group';
  if (groups.length === 0) return '';
  return ` of API group${groups.length > 1 ? 's' : ''} ${groups.map((g) => (g === '' ? 'core' : JSON.stringify(g))).join(', ')}`;
}

export const rbacWildcard = defineRule({
  id: 'k8s-rbac-wildcard',
  title: 'No rule granting every verb on every resource',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a Role or ClusterRole rule with `*` in `verbs` and `*` in `resources`, whatever its `apiGroups` (every API group is cluster-admin; one group is every resource it serves, today's and those added later), and a rule with `*` in `verbs` and `*` in `nonResourceURLs` (every endpoint of the API server beside the resources: cluster-admin's second rule). Kubernetes' RBAC good practices: avoid wildcard permissions, especially to all resources, since they grant future object types too. Narrower wildcards (every verb on named resources, named verbs on every resource) are judged by `k8s-rbac-escalation` for what they reach.",
  references: { checkov: ['CKV_K8S_49'], trivy: ['KSV-0044'] },
  kinds: ROLES,
  reads: 'object',
  check(ctx) {
    const scope = scopeOf(ctx);
    for (const { i, rule } of indexedRules(ctx.resource)) {
      if (!rule.verbs.includes('*')) continue;
      if (rule.resources.includes('*')) {
        ctx.unsafe(formatFieldPath(['rules', i]), `${subject(ctx, scope)} with a rule granting every verb on every resource${groupsText(rule.apiGroups)}: name the resources and verbs its subjects need`);
      }
      if (rule.nonResourceURLs.includes('*')) {
        ctx.unsafe(formatFieldPath(['rules', i]), `${subject(ctx, scope)} with a rule granting every verb on every non-resource URL: name the URLs (such as /metrics) and verbs its subjects need`);
      }
    }
  },
}) satisfies Rule;

/**
 * Subjects that are everyone: without credentials (`system:anonymous`,
 * `system:unauthenticated`), or every identity the cluster knows.
 */
const EVERYONE: ReadonlyMap<string, string> = new Map([
  ['system:anonymous', 'anyone who reaches the API server, without credentials'],
  ['system:unauthenticated', 'anyone who reaches the API server, without credentials'],
  ['system:authenticated', 'every identity the cluster knows, every service account of every namespace included'],
  ['system:serviceaccounts', 'every service account of every namespace'],
]);

export const rbacPublicSubject = defineRule({
  id: 'k8s-rbac-public-subject',
  title: 'No binding to everyone',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a RoleBinding or ClusterRoleBinding whose subjects include `system:anonymous` or `system:unauthenticated` (anyone who reaches the API server, without credentials), `system:authenticated` (every identity, every service account of every namespace included) or `system:serviceaccounts` (every service account), whatever the subject's kind and whatever the role: a grant to everyone is a public resource policy. Kubernetes' RBAC good practices: review bindings for the `system:unauthenticated` group and remove them. Subjects that are not a list of objects cannot be read and are refused too.",
  references: { trivy: ['KSV-0122'] },
  kinds: BINDINGS,
  reads: 'object',
  check(ctx) {
    const { subjects } = ctx.resource;
    if (subjects === undefined || subjects === null) return;
    const scope = scopeOf(ctx);
    if (!Array.isArray(subjects)) {
      ctx.unsafe('subjects', `${subject(ctx, scope)} whose subjects are not a list: who it binds cannot be read`);
      return;
    }
    subjects.forEach((s: unknown, i) => {
      const path = formatFieldPath(['subjects', i]);
      if (!isObject(s)) {
        ctx.unsafe(path, `${subject(ctx, scope)} with a subject that is not an object: who it binds cannot be read`);
        return;
      }
      const who = typeof s.name === 'string' ? EVERYONE.get(s.name) : undefined;
      if (who !== undefined) ctx.unsafe(path, `${subject(ctx, scope)} that binds ${JSON.stringify(s.name)}: ${who}; bind the users, groups or service accounts that need it`);
    });
  },
}) satisfies Rule;

/**
 * Names of RBAC objects Kubernetes and Crossplane keep for their own: the
 * `system:` prefix (Kubernetes' components and defaults, among them
 * `system:basic-user` and `system:discovery`, bound to every authenticated
 * user), the default user-facing ClusterRoles and the `cluster-admin`
 * ClusterRoleBinding, and the roles Crossplane's Helm chart and RBAC manager
 * make (`crossplane`, `crossplane-admin`, `crossplane-edit`,
 * `crossplane-view`, `crossplane-browse`, `crossplane:*`).
 */
const RESERVED_PREFIXES: readonly { prefix: string; owner: string }[] = [
  { prefix: 'system:', owner: 'Kubernetes' },
  { prefix: 'crossplane:', owner: 'Crossplane' },
];
const CROSSPLANE_NAMES: ReadonlySet<string> = new Set(['crossplane', 'crossplane-admin', 'crossplane-edit', 'crossplane-view', 'crossplane-browse']);

/** Who keeps a name for its own RBAC of this kind, if anyone. `admin`, `edit` and `view` are ordinary names for a Role or RoleBinding. */
function reservedBy(kind: string, name: string): string | undefined {
  const prefixed = RESERVED_PREFIXES.find((p) => name.startsWith(p.prefix));
  if (prefixed !== undefined) return prefixed.owner;
  if (CROSSPLANE_NAMES.has(name)) return 'Crossplane';
  if ((kind === 'ClusterRole' || kind === 'ClusterRoleBinding') && BUILT_IN_CLUSTER_ROLES.has(name)) return 'Kubernetes';
  return undefined;
}

export const rbacReservedName = defineRule({
  id: 'k8s-rbac-reserved-name',
  title: "No RBAC under Kubernetes' or Crossplane's own names",
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a Role, ClusterRole, RoleBinding or ClusterRoleBinding named with the `system:` prefix Kubernetes keeps for its components and defaults, a ClusterRole or ClusterRoleBinding named like a default user-facing ClusterRole (`cluster-admin`, `admin`, `edit`, `view`: ordinary names for a Role or RoleBinding), and RBAC named like Crossplane's (`crossplane`, `crossplane-admin`, `crossplane-edit`, `crossplane-view`, `crossplane-browse`, the `crossplane:` prefix). Those objects exist already and are bound: composing one under its name changes what every existing binding grants (`system:basic-user` and `system:discovery` are bound to every authenticated user), or who an existing binding binds; server-side apply takes it over field by field. Choose a name of the platform's own.",
  kinds: [...ROLES, ...BINDINGS],
  reads: 'object',
  check(ctx) {
    const name = isObject(ctx.resource.metadata) ? ctx.resource.metadata.name : undefined;
    if (typeof name !== 'string') return;
    const owner = reservedBy(ctx.type.kind, name);
    if (owner === undefined) return;
    ctx.unsafe(
      'metadata.name',
      `a ${ctx.type.kind} named ${JSON.stringify(name)}, a name ${owner} keeps for its own RBAC: the cluster already has and binds it, so composing it changes what existing bindings grant or whom they bind; choose another name`,
    );
  },
}) satisfies Rule;

export const rbacEscalation = defineRule({
  id: 'k8s-rbac-escalation',
  title: 'Grants that let a subject raise its own power need approval',
  severity: 'critical',
  defaultAction: 'RequireApproval',
  description: `Holds for approval a Role or ClusterRole rule, or a binding to a role, that grants what lets a subject raise its own power (Kubernetes' RBAC good practices, privilege escalation risks: ${GOOD_PRACTICES}). Anywhere, a Role's namespace included: \`escalate\` or \`bind\` on roles; \`impersonate\` (users, groups, service accounts, UIDs, user extras; constrained impersonation verbs); \`create\` on \`serviceaccounts/token\`; any verb on \`nodes/proxy\` (\`get\` reaches the kubelet's exec); \`update\`/\`patch\` on namespaces (their Pod Security labels); approving certificate signing requests; writing admission webhooks or policies; creating persistent volumes (hostPath); writing ClusterRoles or ClusterRoleBindings; writing Crossplane's Compositions, XRDs, packages or operations, which decide what runs for every XR, guardrails included. Cluster-wide, or in a namespace other than the XR's own, also: reading or writing Secrets, writing ConfigMaps (EKS's aws-auth ConfigMap in kube-system maps IAM roles to \`system:masters\`), writing Roles or RoleBindings, creating or changing workloads (pods run as any service account there) and exec, attach or ephemeral containers (\`get\` on pods/exec counts: exec over WebSockets is a GET); in the XR's own namespace those are ordinary, and the pod rules judge what runs. A ClusterRole is judged as if bound cluster-wide, since any ClusterRoleBinding to its name grants its rules, and so is one that aggregates into other roles (\`aggregate-to-*\` labels of Kubernetes or Crossplane), held whatever it grants: its rules join every binding of those roles. A RoleBinding or ClusterRoleBinding is judged by the role it binds, as far as guardrails can see it (\`admin\` and \`edit\` grant \`impersonate\` and token requests for the namespace's service accounts, so a binding to them is held even in the XR's own namespace; \`view\` passes); a Role or ClusterRole cannot grant cluster-scoped resources through a binding in a namespace, so there its \`*\` is not taken to reach them, but naming one is judged all the same. \`resourceNames\` is not taken to narrow a grant.`,
  references: { checkov: ['CKV_K8S_155', 'CKV_K8S_156', 'CKV_K8S_157', 'CKV_K8S_158', 'CKV2_K8S_2', 'CKV2_K8S_3', 'CKV2_K8S_5'], trivy: ['KSV-0041', 'KSV-0047', 'KSV-0050', 'KSV-0114'] },
  kinds: [...ROLES, ...BINDINGS],
  reads: 'object',
  check(ctx) {
    const scope = scopeOf(ctx);
    const who = subject(ctx, scope);
    const approve = 'remove what its subjects do not need, or have a person approve it';
    if (ctx.type.kind === 'Role' || ctx.type.kind === 'ClusterRole') {
      for (const { i, rule } of indexedRules(ctx.resource)) {
        const dangers = dangersOf(rule, scope);
        if (dangers.length === 0) continue;
        const { grants, whys } = describeDangers(dangers, grantsEverything(rule));
        const reach = scope.cluster ? ' in every namespace, where any ClusterRoleBinding grants it' : '';
        ctx.unsafe(formatFieldPath(['rules', i]), `${who} with a rule granting ${grants}${reach}${whys}; ${approve}`);
      }
      if (ctx.type.kind === 'ClusterRole') {
        const labels = aggregationLabels(ctx.resource);
        if (labels.length > 0) {
          ctx.unsafe('metadata.labels', `a ClusterRole that aggregates into other roles (${labels.join(', ')}): its rules join every binding of those roles, in every namespace; remove the labels, or have a person approve it`);
        }
      }
      return;
    }
    const ref = isObject(ctx.resource.roleRef) ? ctx.resource.roleRef : {};
    if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') return; // k8s-rbac-cluster-admin refuses it
    const bound = boundRules(ctx, ctx.resource, scope.cluster ? undefined : scope.namespace);
    const dangers = bound.rules.flatMap((r) => dangersOf(r, scope));
    if (dangers.length === 0) return;
    const { grants, whys } = describeDangers(dangers, bound.rules.some(grantsEverything));
    const reach = scope.cluster ? ' in every namespace' : '';
    ctx.unsafe('roleRef', `${who} to ${bound.role}, which grants ${grants}${reach}${whys}; bind a narrower role, or have a person approve it`);
  },
}) satisfies Rule;

export const rbacUnverified = defineRule({
  id: 'k8s-rbac-unverified',
  title: 'RBAC whose grants cannot be seen needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval what guardrails cannot read, so cannot judge: a ClusterRole with an `aggregationRule` (its rules are whatever the aggregation controller gathers from the ClusterRoles its selectors match, now or later); a Role or ClusterRole whose `rules` are not a list of objects whose fields are lists of strings; a RoleBinding or ClusterRoleBinding whose `roleRef` is not a Role or ClusterRole, or whose role is neither one of Kubernetes' default roles whose grants are known (`cluster-admin`, `admin`, `edit`, `view`) nor composed in this request where the binding is applied and already seen in the cluster (a new one may meet an existing role of its name; it passes on the next reconcile, once the cluster holds it as composed). What can be seen of the role is judged by `k8s-rbac-escalation` too. A ClusterRoleBinding to a role it cannot see is also held by `guardrails-approval-rbac-unverified`, for the approval store.",
  kinds: [...ROLES, ...BINDINGS],
  reads: 'object',
  check(ctx) {
    const scope = scopeOf(ctx);
    const who = subject(ctx, scope);
    if (ctx.type.kind === 'Role' || ctx.type.kind === 'ClusterRole') {
      const { aggregationRule } = ctx.resource;
      if (ctx.type.kind === 'ClusterRole' && aggregationRule !== undefined && aggregationRule !== null) {
        ctx.unsafe(
          'aggregationRule',
          `${who} with an aggregationRule: its rules are whatever the ClusterRoles its selectors match grant, now or later, which guardrails cannot see; list its rules instead, or have a person approve it`,
        );
        return;
      }
      const problem = ruleProblem(ctx.resource);
      if (problem !== undefined) ctx.unsafe(problem.path, `${who} whose ${problem.path} is ${problem.found}: what it grants cannot be read`);
      return;
    }
    const ref = isObject(ctx.resource.roleRef) ? ctx.resource.roleRef : {};
    if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') {
      ctx.unsafe('roleRef', `${who} whose roleRef is not a Role or ClusterRole: what it grants cannot be read`);
      return;
    }
    const bound = boundRules(ctx, ctx.resource, scope.cluster ? undefined : scope.namespace);
    if (bound.complete) return;
    const note = bound.note === undefined ? "neither composed here nor one of Kubernetes' default roles" : `${bound.note}; this hold lifts once the cluster holds it as composed`;
    ctx.unsafe('roleRef', `${who} to ${bound.role}, whose rules guardrails cannot see (${note}): have a person approve it if what that role grants is meant for its subjects`);
  },
}) satisfies Rule;

export const RBAC_RULES = [rbacClusterAdmin, rbacWildcard, rbacPublicSubject, rbacReservedName, rbacEscalation, rbacUnverified] as const satisfies readonly Rule[];
