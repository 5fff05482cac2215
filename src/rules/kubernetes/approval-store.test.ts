import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, xr } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { APPROVAL_STORE_RULES, approvalObjects, approvalUnverified } from './approval-store.js';

const APPROVALS = { 'guardrails.fn.crossplane.io/approvals': 'true' };
const D = `sha256-${'a'.repeat(64)}`;

const configMap = (metadata: Record<string, unknown>, data: Record<string, string> = { [D]: 'agent: approved by myself' }): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data });
const role = (kind: 'Role' | 'ClusterRole', metadata: Record<string, unknown>, rules: unknown): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata, rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', metadata: Record<string, unknown>, roleRef: Record<string, unknown>): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata,
  subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' }],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
});
const writeConfigMaps = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'update', 'patch'] }];

const deny = (resource: string, path: string, message: string, rule = approvalObjects.id, action: Finding['action'] = 'Deny'): Finding => ({ resource, rule, action, path, message });
const IN_NS = 'the approval namespace "crossplane-system"';

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  composite?: KubeObject;
  inputs?: Record<string, unknown>;
  want: Finding[];
}

const cases: Case[] = [
  {
    name: 'an agent composes a ConfigMap approving its own digest in the approval namespace',
    reason: 'on the next call it would release the held resource: refused',
    desired: { approve: configMap({ name: 'approvals', namespace: 'crossplane-system', labels: APPROVALS }) },
    want: [deny('approve', 'metadata.namespace', `a ConfigMap in ${IN_NS}, where approvals are kept: an agent's composition must not write there; compose it in another namespace`)],
  },
  {
    name: 'the same ConfigMap without the labels',
    reason: 'a later change could add them, and an existing unlabelled ConfigMap there could be taken over: refused too',
    desired: { approve: configMap({ name: 'approvals', namespace: 'crossplane-system' }) },
    want: [deny('approve', 'metadata.namespace', `a ConfigMap in ${IN_NS}, where approvals are kept: an agent's composition must not write there; compose it in another namespace`)],
  },
  {
    name: 'the ConfigMap carried by a provider-kubernetes Object',
    reason: 'provider-kubernetes creates what the Object carries: judged as if composed directly',
    desired: { approve: carried(configMap({ name: 'approvals', namespace: 'crossplane-system', labels: APPROVALS })) },
    want: [deny('approve', 'spec.forProvider.manifest.metadata.namespace', `a ConfigMap in ${IN_NS}, where approvals are kept: an agent's composition must not write there; compose it in another namespace`)],
  },
  {
    name: 'the ConfigMap carried by a namespaced Object',
    reason: 'the namespaced Object kind carries manifests too',
    desired: { approve: carried(configMap({ name: 'approvals', namespace: 'crossplane-system' }), 'namespaced') },
    want: [deny('approve', 'spec.forProvider.manifest.metadata.namespace', `a ConfigMap in ${IN_NS}, where approvals are kept: an agent's composition must not write there; compose it in another namespace`)],
  },
  {
    name: 'a ConfigMap with no namespace composed by an XR in the approval namespace',
    reason: 'Crossplane puts a namespaced XR\'s resources in its namespace',
    desired: { approve: configMap({ name: 'approvals' }) },
    composite: xr({ namespace: 'crossplane-system' }),
    want: [deny('approve', 'metadata.namespace', `a ConfigMap in ${IN_NS}, where approvals are kept: an agent's composition must not write there; compose it in another namespace`)],
  },
  {
    name: 'a ConfigMap with the approval labels in another namespace',
    reason: 'only people grant approvals; a labelled ConfigMap anywhere is refused',
    desired: { approve: configMap({ name: 'approvals', namespace: 'team-a', labels: APPROVALS }) },
    composite: xr({ namespace: 'team-a' }),
    want: [deny('approve', 'metadata.labels', 'a ConfigMap with the approval labels (guardrails.fn.crossplane.io/approvals=true): only people grant approvals; remove the labels')],
  },
  {
    name: 'an approval namespace and labels from the Input',
    reason: 'the guard follows where approvals are configured to live',
    desired: { approve: configMap({ name: 'x', namespace: 'approvals', labels: { team: 'platform' } }) },
    inputs: { approval: { namespace: 'approvals', matchLabels: { team: 'platform' } } },
    want: [deny('approve', 'metadata.namespace', 'a ConfigMap in the approval namespace "approvals", where approvals are kept: an agent\'s composition must not write there; compose it in another namespace')],
  },
  {
    name: 'an ordinary ConfigMap in the XR\'s own namespace',
    reason: 'nothing to do with approvals: passes',
    desired: { settings: configMap({ name: 'settings', namespace: 'team-a', labels: { app: 'orders' } }, { LOG_LEVEL: 'info' }) },
    composite: xr({ namespace: 'team-a' }),
    want: [],
  },
  {
    name: 'a Role in the approval namespace that writes ConfigMaps',
    reason: 'a subject bound to it could approve requests',
    desired: { role: role('Role', { name: 'writer', namespace: 'crossplane-system' }, writeConfigMaps) },
    want: [deny('role', 'rules', `a Role in ${IN_NS} that grants create configmaps, update configmaps, patch configmaps: a subject bound to it could approve requests itself; grant it elsewhere`)],
  },
  {
    name: 'a Role in the approval namespace with wildcards',
    reason: '* on * covers ConfigMaps and RBAC',
    desired: { role: role('Role', { name: 'all', namespace: 'crossplane-system' }, [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]) },
    want: [
      deny(
        'role',
        'rules',
        `a Role in ${IN_NS} that grants create configmaps, update configmaps, patch configmaps, create roles, update roles, patch roles, create rolebindings, update rolebindings, patch rolebindings, bind roles, escalate roles, impersonate users, impersonate groups, impersonate serviceaccounts: a subject bound to it could approve requests itself; grant it elsewhere`,
      ),
    ],
  },
  {
    name: 'a Role in the approval namespace that only reads ConfigMaps',
    reason: 'reading approvals does not grant any',
    desired: { role: role('Role', { name: 'reader', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]) },
    want: [],
  },
  {
    name: 'a Role that writes ConfigMaps in the XR\'s own namespace',
    reason: 'outside the approval namespace it is no threat to approvals',
    desired: { role: role('Role', { name: 'writer', namespace: 'team-a' }, writeConfigMaps) },
    composite: xr({ namespace: 'team-a' }),
    want: [],
  },
  {
    name: 'a RoleBinding in the approval namespace to edit',
    reason: 'the built-in edit role writes ConfigMaps',
    desired: { rb: binding('RoleBinding', { name: 'agent-edit', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'edit' }) },
    want: [deny('rb', 'roleRef', `a RoleBinding in ${IN_NS} to ClusterRole "edit", which grants create configmaps, update configmaps, patch configmaps, impersonate serviceaccounts: its subjects could approve requests`)],
  },
  {
    name: 'a RoleBinding in the approval namespace to a Role composed beside it',
    reason: 'the role is resolved from the desired state',
    desired: {
      rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'Role', name: 'cm' }),
      role: role('Role', { name: 'cm', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }]),
    },
    want: [
      deny('rb', 'roleRef', `a RoleBinding in ${IN_NS} to Role "cm", which grants patch configmaps: its subjects could approve requests`),
      deny('role', 'rules', `a Role in ${IN_NS} that grants patch configmaps: a subject bound to it could approve requests itself; grant it elsewhere`),
    ],
  },
  {
    name: 'a RoleBinding in the approval namespace to a role not in the request',
    reason: 'what it grants cannot be seen: a person must make bindings there',
    desired: { rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'vendor-operator' }) },
    want: [deny('rb', 'roleRef', `a RoleBinding in ${IN_NS} to ClusterRole "vendor-operator", whose rules are not in this request: it could let its subjects approve requests; a person must make bindings there`)],
  },
  {
    name: 'a RoleBinding in the approval namespace to view',
    reason: 'view reads only',
    desired: { rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'view' }) },
    want: [],
  },
  {
    name: 'a ClusterRoleBinding to cluster-admin',
    reason: 'cluster-wide everything, the approval namespace included',
    desired: { crb: binding('ClusterRoleBinding', { name: 'agent-admin' }, { kind: 'ClusterRole', name: 'cluster-admin' }) },
    want: [deny('crb', 'roleRef', `a ClusterRoleBinding to ClusterRole "cluster-admin", which grants everything in every namespace, ${IN_NS} included: its subjects could approve requests`)],
  },
  {
    name: 'a ClusterRoleBinding to a ClusterRole composed beside it that writes ConfigMaps',
    reason: 'resolved from the desired state; the ClusterRole alone is inert',
    desired: {
      crb: binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'cm-writer' }),
      cr: role('ClusterRole', { name: 'cm-writer' }, writeConfigMaps),
    },
    want: [deny('crb', 'roleRef', `a ClusterRoleBinding to ClusterRole "cm-writer", which grants create configmaps, update configmaps, patch configmaps in every namespace, ${IN_NS} included: its subjects could approve requests`)],
  },
  {
    name: 'a harmless ClusterRole composed under the name admin, and a ClusterRoleBinding to it',
    reason: 'admin exists in every cluster; server-side apply leaves its aggregation rule, which fills its rules back in: the binding grants what admin grants',
    desired: {
      crb: binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'admin' }),
      cr: role('ClusterRole', { name: 'admin' }, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
    },
    want: [
      deny('crb', 'roleRef', `a ClusterRoleBinding to ClusterRole "admin", which grants create configmaps, update configmaps, patch configmaps, create rolebindings, create roles in every namespace, ${IN_NS} included: its subjects could approve requests`),
    ],
  },
  {
    name: 'a ClusterRole composed under the name edit that lets it escalate roles, and a RoleBinding to it in the approval namespace',
    reason: 'the built-in grants and the composed ones together',
    desired: {
      rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'edit' }),
      cr: role('ClusterRole', { name: 'edit' }, [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }]),
    },
    want: [
      deny('rb', 'roleRef', `a RoleBinding in ${IN_NS} to ClusterRole "edit", which grants create configmaps, update configmaps, patch configmaps, impersonate serviceaccounts, escalate roles: its subjects could approve requests`),
    ],
  },
  {
    name: 'a ClusterRoleBinding to a ClusterRole that cannot be seen',
    reason: 'held for a person to confirm what it grants',
    desired: { crb: binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'vendor-operator' }) },
    want: [
      deny(
        'crb',
        'roleRef',
        'a ClusterRoleBinding to ClusterRole "vendor-operator", whose rules are not in this request: it applies in every namespace, the approval namespace included; approve it if that role cannot write ConfigMaps or RBAC there',
        approvalUnverified.id,
        'RequireApproval',
      ),
    ],
  },
  {
    name: 'a ClusterRoleBinding to view',
    reason: 'reads only',
    desired: { crb: binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'view' }) },
    want: [],
  },
  {
    name: 'a ClusterRole that writes ConfigMaps and aggregates into edit',
    reason: 'aggregation adds its rules to edit, which subjects may already hold cluster-wide',
    desired: { cr: role('ClusterRole', { name: 'x', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }, writeConfigMaps) },
    want: [
      deny(
        'cr',
        'metadata.labels',
        'a ClusterRole that grants create configmaps, update configmaps, patch configmaps and aggregates into other roles (rbac.authorization.k8s.io/aggregate-to-edit): every subject of those roles could approve requests; remove the aggregation labels or the grants',
      ),
    ],
  },
  {
    name: 'a ClusterRole that writes ConfigMaps and aggregates into Crossplane\'s own role',
    reason: 'rbac.crossplane.io/aggregate-to-crossplane adds its rules to the role Crossplane runs as, which applies every composed resource',
    desired: { cr: role('ClusterRole', { name: 'x', labels: { 'rbac.crossplane.io/aggregate-to-crossplane': 'true' } }, writeConfigMaps) },
    want: [
      deny(
        'cr',
        'metadata.labels',
        'a ClusterRole that grants create configmaps, update configmaps, patch configmaps and aggregates into other roles (rbac.crossplane.io/aggregate-to-crossplane): every subject of those roles could approve requests; remove the aggregation labels or the grants',
      ),
    ],
  },
  {
    name: 'an observe-only Object carrying the approval ConfigMap',
    reason: 'an observe-only Object creates nothing',
    desired: { approve: { ...carried(configMap({ name: 'approvals', namespace: 'crossplane-system', labels: APPROVALS })), spec: { forProvider: { manifest: configMap({ name: 'approvals', namespace: 'crossplane-system', labels: APPROVALS }) }, managementPolicies: ['Observe'] } } },
    want: [],
  },
];

describe('the approval store', () => {
  it.each(cases)('$name', ({ desired, composite, inputs, want }) => {
    const d = evaluate(engineRequest(desired, { input: input(inputs ?? {}), ...(composite !== undefined ? { composite } : {}) }), APPROVAL_STORE_RULES);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
  });
});
