import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, xr, type Group } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { RBAC_RULES, rbacClusterAdmin, rbacEscalation, rbacPublicSubject, rbacReservedName, rbacUnverified, rbacWildcard } from './rbac-rules.js';

const RBAC = 'rbac.authorization.k8s.io';
const AGENT = { kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' };

const role = (kind: 'Role' | 'ClusterRole', metadata: Record<string, unknown>, rules: unknown, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: `${RBAC}/v1`, kind, metadata, rules, ...extra });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', metadata: Record<string, unknown>, roleRef: Record<string, unknown>, subjects: unknown = [AGENT]): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind,
  metadata,
  subjects,
  roleRef: { apiGroup: RBAC, ...roleRef },
});
const ns = (name: string, namespace = 'team-a') => ({ name, namespace });
const clusterRole = (name: string) => ({ kind: 'ClusterRole', name });
const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({ apiGroups, resources, verbs });

const finding = (rule: { id: string; defaultAction: string }, resource: string, path: string, message: string): Finding => ({ resource, rule: rule.id, action: rule.defaultAction as Finding['action'], path, message });
const escalation = (resource: string, path: string, message: string) => finding(rbacEscalation, resource, path, message);
const unverified = (resource: string, path: string, message: string) => finding(rbacUnverified, resource, path, message);

// What k8s-rbac-escalation says of each grant.
const WHY = {
  escalate: '`escalate` writes roles with permissions the writer does not hold',
  bind: '`bind` binds roles with permissions the binder does not hold',
  impersonate: 'impersonation acts as other users, groups or service accounts',
  token: 'a token request mints a credential of a service account, usable from anywhere',
  nodesProxy: 'nodes/proxy (even `get`) reaches the kubelet API, which runs commands in every pod of a node, past admission and audit',
  namespaces: 'relabelling a namespace can loosen its Pod Security level and what its network policies select',
  csr: 'an approved CSR is a client certificate for any identity, system components included',
  webhooks: 'admission webhooks and policies read or change every object admitted, or stop the checks',
  pv: "a persistent volume may be a hostPath: the node's filesystem",
  clusterRbac: 'cluster-wide RBAC hands out permissions in every namespace',
  crossplane: 'Compositions, XRDs, packages and operations decide what Crossplane runs for every XR, guardrails included',
  rbac: 'RBAC there hands out what its writer holds to anyone',
  readSecrets: "Secrets there hold other tenants' credentials and service account tokens (`list` and `watch` return their contents too)",
  writeSecrets: 'writing Secrets there replaces credentials and mints service account tokens',
  configmaps: "ConfigMaps there configure other tenants' workloads and the cluster itself (EKS maps IAM roles to Kubernetes groups in kube-system's aws-auth)",
  workloads: 'a pod there runs as any service account there',
  exec: 'exec, attach or an ephemeral container runs commands as the pods there',
};
const HOLD_ROLE = 'remove what its subjects do not need, or have a person approve it';
const HOLD_BINDING = 'bind a narrower role, or have a person approve it';
const CLUSTER_ROLE = (grants: string, whys: string) => `a ClusterRole with a rule granting ${grants} in every namespace, where any ClusterRoleBinding grants it: ${whys}; ${HOLD_ROLE}`;
const OWN_ROLE = (grants: string, whys: string) => `a Role in namespace "team-a" with a rule granting ${grants}: ${whys}; ${HOLD_ROLE}`;
const NOT_YET_SEEN =
  'composed here, but not yet seen in the cluster, where a role of that name may already grant more; this hold lifts once the cluster holds it as composed';

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  /** Where the XR is: `team-a` unless said. */
  composite?: KubeObject;
  want: Finding[];
}

/** What an agent tries, and what guardrails says; each is run bare and carried by both kinds of Object. */
const cases: Case[] = [
  {
    name: 'an agent binds itself to cluster-admin',
    reason: 'cluster-admin can do anything everywhere: refused, and only by the rule that says so',
    desired: { bind: binding('ClusterRoleBinding', { name: 'agent-admin' }, clusterRole('cluster-admin')) },
    want: [
      finding(
        rbacClusterAdmin,
        'bind',
        'roleRef',
        'a ClusterRoleBinding to ClusterRole "cluster-admin", which can do anything on every resource of every namespace and of the cluster itself: bind a role that grants only what its subjects need',
      ),
    ],
  },
  {
    name: 'an agent binds itself to cluster-admin in its own namespace',
    reason: 'bound in a namespace, cluster-admin is everything there, the namespace object included',
    desired: { bind: binding('RoleBinding', ns('agent-admin'), clusterRole('cluster-admin')) },
    want: [
      finding(
        rbacClusterAdmin,
        'bind',
        'roleRef',
        'a RoleBinding in namespace "team-a" to ClusterRole "cluster-admin", which can do anything on everything in its namespace, the namespace itself included: bind a role that grants only what its subjects need',
      ),
    ],
  },
  {
    name: 'an agent grants itself escalate on clusterroles',
    reason: 'the role is held for what it contains; the binding for what it confers, and because the role is not yet in the cluster',
    desired: {
      role: role('ClusterRole', { name: 'agent-escalate' }, [rule([RBAC], ['clusterroles'], ['escalate'])]),
      bind: binding('ClusterRoleBinding', { name: 'agent-escalate' }, clusterRole('agent-escalate')),
    },
    want: [
      escalation('bind', 'roleRef', `a ClusterRoleBinding to ClusterRole "agent-escalate", which grants escalate on roles in every namespace: ${WHY.escalate}; ${HOLD_BINDING}`),
      unverified('bind', 'roleRef', `a ClusterRoleBinding to ClusterRole "agent-escalate", whose rules guardrails cannot see (${NOT_YET_SEEN}): have a person approve it if what that role grants is meant for its subjects`),
      escalation('role', 'rules[0]', CLUSTER_ROLE('escalate on roles', WHY.escalate)),
    ],
  },
  {
    name: 'an agent grants itself bind through every verb on roles',
    reason: '`*` in verbs includes bind and escalate',
    desired: { role: role('Role', ns('rbac-admin'), [rule([RBAC], ['roles'], ['*'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('escalate on roles, bind on roles', `${WHY.escalate}; ${WHY.bind}`))],
  },
  {
    name: 'a ClusterRole with * on *',
    reason: 'everything: refused by the wildcard rule, and held by the escalation rule, which names what it includes',
    desired: { role: role('ClusterRole', { name: 'agent-all' }, [rule(['*'], ['*'], ['*'])]) },
    want: [
      finding(rbacWildcard, 'role', 'rules[0]', 'a ClusterRole with a rule granting every verb on every resource of every API group: name the resources and verbs its subjects need'),
      escalation(
        'role',
        'rules[0]',
        `a ClusterRole with a rule granting every verb on every resource of every API group, which includes escalate on roles, bind on roles, impersonate, create serviceaccounts/token, nodes/proxy, update namespaces, approve certificate signing requests, write admission webhooks or policies, create persistentvolumes, write clusterroles or clusterrolebindings, write Crossplane compositions, XRDs or packages, write roles or rolebindings, read secrets, write secrets, write configmaps, create or change workloads, exec into pods in every namespace, where any ClusterRoleBinding grants it; ${HOLD_ROLE}`,
      ),
    ],
  },
  {
    name: 'a Role with * on * of one API group in its own namespace',
    reason: 'every verb on every resource of a group, today and later: refused; within its own namespace apps grants nothing held',
    desired: { role: role('Role', ns('apps-all'), [rule(['apps'], ['*'], ['*'])]) },
    want: [finding(rbacWildcard, 'role', 'rules[0]', 'a Role in namespace "team-a" with a rule granting every verb on every resource of API group "apps": name the resources and verbs its subjects need')],
  },
  {
    name: 'a ClusterRole with * on every non-resource URL',
    reason: "cluster-admin's second rule: refused",
    desired: { role: role('ClusterRole', { name: 'urls' }, [{ nonResourceURLs: ['*'], verbs: ['*'] }]) },
    want: [finding(rbacWildcard, 'role', 'rules[0]', 'a ClusterRole with a rule granting every verb on every non-resource URL: name the URLs (such as /metrics) and verbs its subjects need')],
  },
  {
    name: 'impersonate serviceaccounts',
    reason: 'impersonation acts as the service account, with no pod for admission to judge: held even in the own namespace',
    desired: { role: role('Role', ns('impersonator'), [rule([''], ['serviceaccounts'], ['impersonate'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('impersonate', WHY.impersonate))],
  },
  {
    name: 'impersonate users and groups cluster-wide',
    reason: 'acting as any user or group, system:masters included',
    desired: { role: role('ClusterRole', { name: 'impersonator' }, [rule([''], ['users', 'groups'], ['impersonate'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('impersonate', WHY.impersonate))],
  },
  {
    name: 'impersonate user extras, and constrained impersonation',
    reason: 'userextras/<key> in authentication.k8s.io, and the impersonate:* verbs of Kubernetes 1.34',
    desired: {
      role: role('ClusterRole', { name: 'impersonator' }, [rule(['authentication.k8s.io'], ['userextras/scopes'], ['impersonate']), rule([''], ['serviceaccounts'], ['impersonate:serviceaccount'])]),
    },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('impersonate', WHY.impersonate)), escalation('role', 'rules[1]', CLUSTER_ROLE('impersonate', WHY.impersonate))],
  },
  {
    name: 'serviceaccounts/token create',
    reason: 'a token minted for a service account is its power, usable outside the cluster: held even in the own namespace',
    desired: { role: role('Role', ns('token-minter'), [rule([''], ['serviceaccounts/token'], ['create'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('create serviceaccounts/token', WHY.token))],
  },
  {
    name: 'token requests through a subresource wildcard',
    reason: '*/token reaches serviceaccounts/token, as the API server matches it',
    desired: { role: role('Role', ns('token-minter'), [rule([''], ['*/token'], ['create'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('create serviceaccounts/token', WHY.token))],
  },
  {
    name: 'nodes/proxy get',
    reason: 'get on nodes/proxy is exec through the kubelet, past admission and audit',
    desired: { role: role('ClusterRole', { name: 'node-reader' }, [rule([''], ['nodes', 'nodes/proxy'], ['get', 'list'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('nodes/proxy', WHY.nodesProxy))],
  },
  {
    name: 'a Role naming nodes/proxy',
    reason: 'a Role cannot grant a cluster-scoped resource, but naming one shows what was meant: held',
    desired: { role: role('Role', ns('node-proxy'), [rule([''], ['nodes/proxy'], ['get'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('nodes/proxy', WHY.nodesProxy))],
  },
  {
    name: 'a Role that reads everything in its own namespace',
    reason: "its * reaches the namespace's resources, Secrets included, which are the namespace's own; not nodes/proxy",
    desired: { role: role('Role', ns('reader'), [rule(['*'], ['*'], ['get', 'list', 'watch'])]) },
    want: [],
  },
  {
    name: 'a namespaced Role with get/list on pods passes',
    reason: 'ordinary verbs in its own namespace',
    desired: { role: role('Role', ns('pod-reader'), [rule([''], ['pods'], ['get', 'list'])]) },
    want: [],
  },
  {
    name: 'a namespaced Role that runs workloads and reads Secrets in its own namespace passes',
    reason: "what a team does in its own namespace; the pod rules judge what runs",
    desired: { role: role('Role', ns('deployer'), [rule(['apps'], ['deployments'], ['create', 'update', 'patch']), rule([''], ['pods', 'secrets', 'configmaps'], ['get', 'list', 'create']), rule([''], ['pods/exec'], ['create'])]) },
    want: [],
  },
  {
    name: 'an agent gives itself pods in kube-system',
    reason: 'a pod in kube-system runs as any service account there, controllers included',
    desired: { role: role('Role', ns('run', 'kube-system'), [rule([''], ['pods'], ['create'])]) },
    want: [escalation('role', 'rules[0]', `a Role in namespace "kube-system" (not the XR's own) with a rule granting create or change workloads: ${WHY.workloads}; ${HOLD_ROLE}`)],
  },
  {
    name: "an agent rewrites EKS's aws-auth in kube-system",
    reason: 'aws-auth maps IAM roles to Kubernetes groups, system:masters included; resourceNames does not make that safe',
    desired: { role: role('Role', ns('aws-auth', 'kube-system'), [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs: ['get', 'patch'] }]) },
    want: [escalation('role', 'rules[0]', `a Role in namespace "kube-system" (not the XR's own) with a rule granting write configmaps: ${WHY.configmaps}; ${HOLD_ROLE}`)],
  },
  {
    name: 'an agent reads every secret of the cluster',
    reason: 'list returns the contents of every Secret, service account tokens and provider credentials included',
    desired: { role: role('ClusterRole', { name: 'secret-reader' }, [rule([''], ['secrets'], ['list'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('read secrets', WHY.readSecrets))],
  },
  {
    name: 'an agent execs into any pod through the WebSocket get',
    reason: 'exec over WebSockets is a GET on pods/exec; cluster-wide that is every pod',
    desired: { role: role('ClusterRole', { name: 'exec' }, [rule([''], ['*/exec'], ['get'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('exec into pods', WHY.exec))],
  },
  {
    name: 'an agent relabels its own namespace',
    reason: 'a RoleBinding to a Role that patches namespaces patches its own namespace: its Pod Security labels',
    desired: { role: role('Role', ns('relabel'), [rule([''], ['namespaces'], ['patch'])]) },
    want: [escalation('role', 'rules[0]', OWN_ROLE('update namespaces', WHY.namespaces))],
  },
  {
    name: 'an agent approves certificate signing requests',
    reason: 'a client certificate for any name',
    desired: { role: role('ClusterRole', { name: 'csr' }, [rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']), rule(['certificates.k8s.io'], ['signers'], ['approve'])]) },
    want: [
      escalation('role', 'rules[0]', CLUSTER_ROLE('approve certificate signing requests', WHY.csr)),
      escalation('role', 'rules[1]', CLUSTER_ROLE('approve certificate signing requests', WHY.csr)),
    ],
  },
  {
    name: "an agent deletes the policy engine's webhook",
    reason: 'deleting a validating webhook turns off the checks it makes',
    desired: { role: role('ClusterRole', { name: 'webhooks' }, [rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['delete'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('write admission webhooks or policies', WHY.webhooks))],
  },
  {
    name: 'an agent creates persistent volumes',
    reason: "a hostPath PersistentVolume is the node's filesystem",
    desired: { role: role('ClusterRole', { name: 'pv' }, [rule([''], ['persistentvolumes'], ['create'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('create persistentvolumes', WHY.pv))],
  },
  {
    name: 'an agent writes ClusterRoleBindings',
    reason: 'bounded by what it holds, but handed to anyone in every namespace',
    desired: { role: role('ClusterRole', { name: 'crb-writer' }, [rule([RBAC], ['clusterrolebindings', 'rolebindings'], ['create'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('write clusterroles or clusterrolebindings, write roles or rolebindings', `${WHY.clusterRbac}; ${WHY.rbac}`))],
  },
  {
    name: 'an agent edits the Composition that runs guardrails',
    reason: 'whoever writes Compositions decides what runs for every XR',
    desired: { role: role('ClusterRole', { name: 'compositions' }, [rule(['apiextensions.crossplane.io'], ['compositions'], ['patch'])]) },
    want: [escalation('role', 'rules[0]', CLUSTER_ROLE('write Crossplane compositions, XRDs or packages', WHY.crossplane))],
  },
  {
    name: 'an agent aggregates a ClusterRole into view',
    reason: 'its rules join every binding of view, whatever they are',
    desired: { role: role('ClusterRole', { name: 'agent-extra', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, [rule([''], ['configmaps'], ['get'])]) },
    want: [
      escalation(
        'role',
        'metadata.labels',
        'a ClusterRole that aggregates into other roles (rbac.authorization.k8s.io/aggregate-to-view): its rules join every binding of those roles, in every namespace; remove the labels, or have a person approve it',
      ),
    ],
  },
  {
    name: 'an agent composes a ClusterRole that aggregates roles it cannot see',
    reason: 'an aggregationRule takes its rules from ClusterRoles matching its selectors, admin among them: held',
    desired: { role: role('ClusterRole', { name: 'admin-clone' }, undefined, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] } }) },
    want: [
      unverified(
        'role',
        'aggregationRule',
        'a ClusterRole with an aggregationRule: its rules are whatever the ClusterRoles its selectors match grant, now or later, which guardrails cannot see; list its rules instead, or have a person approve it',
      ),
    ],
  },
  {
    name: 'an agent binds itself to edit in its own namespace',
    reason: "edit impersonates and mints tokens for the namespace's service accounts: held",
    desired: { bind: binding('RoleBinding', ns('agent-edit'), clusterRole('edit')) },
    want: [escalation('bind', 'roleRef', `a RoleBinding in namespace "team-a" to ClusterRole "edit", which grants impersonate, create serviceaccounts/token: ${WHY.impersonate}; ${WHY.token}; ${HOLD_BINDING}`)],
  },
  {
    name: 'an agent binds itself to admin cluster-wide',
    reason: 'admin in every namespace: Secrets, workloads, exec and RBAC everywhere',
    desired: { bind: binding('ClusterRoleBinding', { name: 'agent-admin' }, clusterRole('admin')) },
    want: [
      escalation(
        'bind',
        'roleRef',
        `a ClusterRoleBinding to ClusterRole "admin", which grants impersonate, create serviceaccounts/token, write roles or rolebindings, read secrets, write secrets, write configmaps, create or change workloads, exec into pods in every namespace: each lets its subjects raise their own power; ${HOLD_BINDING}`,
      ),
    ],
  },
  {
    name: 'a binding to view passes, in a namespace and cluster-wide',
    reason: 'view reads what is not sensitive, and nothing else',
    desired: { ns: binding('RoleBinding', ns('agent-view'), clusterRole('view')), cluster: binding('ClusterRoleBinding', { name: 'agent-view' }, clusterRole('view')) },
    want: [],
  },
  {
    name: 'an agent binds itself to a role guardrails cannot see',
    reason: 'a vendor ClusterRole may grant anything: held',
    desired: { bind: binding('RoleBinding', ns('agent-ops'), clusterRole('vendor-operator')) },
    want: [
      unverified(
        'bind',
        'roleRef',
        `a RoleBinding in namespace "team-a" to ClusterRole "vendor-operator", whose rules guardrails cannot see (neither composed here nor one of Kubernetes' default roles): have a person approve it if what that role grants is meant for its subjects`,
      ),
    ],
  },
  {
    name: 'a Role and its RoleBinding, before the cluster holds the Role',
    reason: 'a Role of that name may exist already; the binding waits one reconcile (see the observed cases below)',
    desired: { role: role('Role', ns('pod-reader'), [rule([''], ['pods'], ['get', 'list'])]), bind: binding('RoleBinding', ns('pod-reader'), { kind: 'Role', name: 'pod-reader' }) },
    want: [
      unverified(
        'bind',
        'roleRef',
        `a RoleBinding in namespace "team-a" to Role "pod-reader", whose rules guardrails cannot see (${NOT_YET_SEEN}): have a person approve it if what that role grants is meant for its subjects`,
      ),
    ],
  },
  {
    name: 'an agent binds a role to everyone',
    reason: 'system:anonymous is anyone without credentials, system:authenticated every identity: refused whatever the role',
    desired: {
      bind: binding('RoleBinding', ns('public'), clusterRole('view'), [
        { kind: 'User', name: 'system:anonymous' },
        { kind: 'Group', name: 'system:authenticated' },
        { kind: 'Group', name: 'system:serviceaccounts:team-a' },
      ]),
    },
    want: [
      finding(rbacPublicSubject, 'bind', 'subjects[0]', 'a RoleBinding in namespace "team-a" that binds "system:anonymous": anyone who reaches the API server, without credentials; bind the users, groups or service accounts that need it'),
      finding(
        rbacPublicSubject,
        'bind',
        'subjects[1]',
        'a RoleBinding in namespace "team-a" that binds "system:authenticated": every identity the cluster knows, every service account of every namespace included; bind the users, groups or service accounts that need it',
      ),
    ],
  },
  {
    name: 'an agent redefines system:basic-user, which every cluster binds to every authenticated user',
    reason: 'the existing binding would grant whatever the agent writes into it',
    desired: { role: role('ClusterRole', { name: 'system:basic-user' }, [rule([''], ['configmaps'], ['create'])]) },
    want: [
      finding(
        rbacReservedName,
        'role',
        'metadata.name',
        'a ClusterRole named "system:basic-user", a name Kubernetes keeps for its own RBAC: the cluster already has and binds it, so composing it changes what existing bindings grant or whom they bind; choose another name',
      ),
      escalation('role', 'rules[0]', CLUSTER_ROLE('write configmaps', WHY.configmaps)),
    ],
  },
  {
    name: "an agent adds itself to Crossplane's admin binding",
    reason: 'crossplane-admin binds the crossplane:masters group; rewriting its subjects binds the agent',
    desired: { bind: binding('ClusterRoleBinding', { name: 'crossplane-admin' }, clusterRole('crossplane-admin')) },
    want: [
      finding(
        rbacReservedName,
        'bind',
        'metadata.name',
        'a ClusterRoleBinding named "crossplane-admin", a name Crossplane keeps for its own RBAC: the cluster already has and binds it, so composing it changes what existing bindings grant or whom they bind; choose another name',
      ),
      unverified(
        'bind',
        'roleRef',
        `a ClusterRoleBinding to ClusterRole "crossplane-admin", whose rules guardrails cannot see (neither composed here nor one of Kubernetes' default roles): have a person approve it if what that role grants is meant for its subjects`,
      ),
    ],
  },
  {
    name: 'a Role named admin in its own namespace passes',
    reason: 'admin, edit and view are reserved only for ClusterRoles and ClusterRoleBindings',
    desired: { role: role('Role', ns('admin'), [rule([''], ['configmaps'], ['get'])]) },
    want: [],
  },
  {
    name: 'a Role whose resources are a string',
    reason: 'the API server refuses it; guardrails cannot read it: held, never passed',
    desired: { role: role('Role', ns('odd'), [{ apiGroups: [''], resources: 'secrets', verbs: ['get'] }]) },
    want: [unverified('role', 'rules[0].resources', 'a Role in namespace "team-a" whose rules[0].resources is the string "secrets", not a list: what it grants cannot be read')],
  },
  {
    name: 'a RoleBinding whose subjects are not a list',
    reason: 'who it binds cannot be read: refused',
    desired: { bind: binding('RoleBinding', ns('odd'), clusterRole('view'), { kind: 'Group', name: 'system:authenticated' }) },
    want: [finding(rbacPublicSubject, 'bind', 'subjects', 'a RoleBinding in namespace "team-a" whose subjects are not a list: who it binds cannot be read')],
  },
];

/** Every desired resource carried by an Object of `group`, and the findings inside the manifest. */
function carriedCase(c: Case, group: Group): Case {
  return {
    ...c,
    name: `${c.name}, carried by a ${group} Object`,
    desired: Object.fromEntries(Object.entries(c.desired).map(([k, v]) => [k, carried(v, group)])),
    want: c.want.map((f) => ({ ...f, path: `spec.forProvider.manifest.${f.path}` })),
  };
}

const run = (desired: Record<string, KubeObject>, opts: { composite?: KubeObject; observed?: Record<string, KubeObject>; inputs?: Record<string, unknown> } = {}) =>
  evaluate(engineRequest(desired, { input: input(opts.inputs ?? {}), composite: opts.composite ?? xr({ namespace: 'team-a' }), observed: opts.observed ?? {} }), RBAC_RULES);

describe('Kubernetes RBAC', () => {
  it.each([...cases, ...cases.map((c) => carriedCase(c, 'cluster')), ...cases.map((c) => carriedCase(c, 'namespaced'))])('$name', ({ desired, composite, want }) => {
    const d = run(desired, composite !== undefined ? { composite } : {});
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
  });
});

describe('where a Role applies', () => {
  const create = role('Role', { name: 'runner' }, [rule([''], ['pods'], ['create'])]);
  const held = (namespace: string, at = '') =>
    escalation('role', `${at}rules[0]`, `a Role in namespace ${JSON.stringify(namespace)} (not the XR's own) with a rule granting create or change workloads: ${WHY.workloads}; ${HOLD_ROLE}`);
  const where: { name: string; reason: string; desired: Record<string, KubeObject>; composite: KubeObject; want: Finding[] }[] = [
    { name: 'a Role without a namespace, composed by an XR in team-a', reason: "Crossplane puts it in the XR's namespace: its own", desired: { role: create }, composite: xr({ namespace: 'team-a' }), want: [] },
    { name: 'the same Role carried by an Object', reason: 'provider-kubernetes applies a manifest without a namespace to default', desired: { role: carried(create) }, composite: xr({ namespace: 'team-a' }), want: [held('default', 'spec.forProvider.manifest.')] },
    {
      name: 'a Role composed by a cluster-scoped XR into a namespace',
      reason: 'an XR without a namespace has none of its own',
      desired: { role: { ...create, metadata: ns('runner') } },
      composite: xr(),
      want: [held('team-a')],
    },
  ];
  it.each(where)('$name', ({ desired, composite, want }) => {
    expect(run(desired, { composite }).findings).toEqual(want);
  });
});

describe('a Role and its binding, once the cluster holds the Role', () => {
  const reader = () => role('Role', ns('pod-reader'), [rule([''], ['pods'], ['get', 'list'])]);
  const bind = () => binding('RoleBinding', ns('pod-reader'), { kind: 'Role', name: 'pod-reader' });
  const withStatus = (obj: KubeObject, manifest: KubeObject) => ({ ...obj, status: { atProvider: { manifest } } });

  it('passes, composed directly', () => {
    expect(run({ role: reader(), bind: bind() }, { observed: { role: reader() } }).findings).toEqual([]);
  });

  it.each(['cluster', 'namespaced'] as const)('passes, carried by %s Objects that report the Role', (group) => {
    const role = carried(reader(), group);
    expect(run({ role, bind: carried(bind(), group) }, { observed: { role: withStatus(role, reader()) } }).findings).toEqual([]);
  });

  it('is held when the Role the cluster holds grants more than the one composed', () => {
    const existing = role('Role', ns('pod-reader'), [rule([''], ['serviceaccounts/token'], ['create'])]);
    expect(run({ role: reader(), bind: bind() }, { observed: { role: existing } }).findings).toEqual([
      escalation('bind', 'roleRef', `a RoleBinding in namespace "team-a" to Role "pod-reader", which grants create serviceaccounts/token: ${WHY.token}; ${HOLD_BINDING}`),
    ]);
  });

  it('is held when the Role is carried to another cluster than the binding', () => {
    const d = run({ role: { ...carried(reader()), spec: { forProvider: { manifest: reader() }, providerConfigRef: { name: 'other-cluster' } } }, bind: carried(bind()) });
    expect(d.findings.map((f) => [f.resource, f.rule, f.path])).toEqual([['bind', rbacUnverified.id, 'spec.forProvider.manifest.roleRef']]);
  });
});

describe('the RBAC rules under the Input', () => {
  const escalate = { role: role('ClusterRole', { name: 'agent-escalate' }, [rule([RBAC], ['clusterroles'], ['escalate'])]) };

  it('hold what they find for approval, by default', () => {
    const d = evaluate(engineRequest(escalate, { input: input(), composite: xr({ namespace: 'team-a' }), approvals: new Map() }), RBAC_RULES);
    expect(d.findings.map((f) => [f.rule, f.action])).toEqual([[rbacEscalation.id, 'RequireApproval']]);
    expect(d.gates.map((g) => [g.resource, g.status])).toEqual([['role', 'Held']]);
    expect(d.desired).toEqual({});
  });

  it('follow rules.<id>.action', () => {
    const d = run(escalate, { inputs: { rules: { 'k8s-rbac-escalation': { action: 'Deny' } } } });
    expect(d.findings.map((f) => [f.rule, f.action])).toEqual([[rbacEscalation.id, 'Deny']]);
  });

  it('hold nothing in Audit mode', () => {
    const d = run(escalate, { inputs: { mode: 'Audit' } });
    expect(d.findings.map((f) => [f.rule, f.action])).toEqual([[rbacEscalation.id, 'RequireApproval']]);
    expect(Object.keys(d.desired)).toEqual(['role']);
  });

  it('are waived by an exception that names them', () => {
    const exceptions = [{ rules: ['k8s-rbac-escalation'], match: { namespace: 'team-a', kind: 'ClusterRole' }, expires: '2999-01-01', justification: 'platform operator, ticket SEC-1' }];
    const d = evaluate(engineRequest(escalate, { input: input({ exceptions }), composite: xr({ namespace: 'team-a' }), now: Date.parse('2026-01-01T00:00:00Z') }), RBAC_RULES);
    expect(d.findings.map((f) => [f.rule, f.action, f.waivedBy])).toEqual([[rbacEscalation.id, 'Warn', 0]]);
    expect(Object.keys(d.desired)).toEqual(['role']);
  });

  it('judge a binding that names managementPolicies: RBAC kinds have none, and the API server drops the field', () => {
    const bind = { ...binding('ClusterRoleBinding', { name: 'agent-admin' }, clusterRole('cluster-admin')), spec: { managementPolicies: ['Observe'] } };
    expect(run({ bind }).findings.map((f) => [f.rule, f.path])).toEqual([[rbacClusterAdmin.id, 'roleRef']]);
  });

  it('judge nothing an observe-only Object carries', () => {
    const obj = carried(binding('ClusterRoleBinding', { name: 'agent-admin' }, clusterRole('cluster-admin')));
    (obj.spec as Record<string, unknown>).managementPolicies = ['Observe'];
    expect(run({ bind: obj }).findings).toEqual([]);
  });
});
