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
/** What the rule says of anything composed into the approval namespace. */
const inNs = (resource: string, kind: string, at = 'metadata.namespace', where = IN_NS) =>
  deny(
    resource,
    at,
    `a ${kind} in ${where}, where approvals are kept: nothing an agent composes may be written there (a ConfigMap is an approval, RBAC grants the right to write one, a workload runs as a service account that may); compose it in another namespace`,
  );

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
    want: [inNs('approve', 'ConfigMap')],
  },
  {
    name: 'the same ConfigMap without the labels',
    reason: 'nothing is composed into the approval namespace, labelled or not: a later change could add the labels',
    desired: { approve: configMap({ name: 'approvals', namespace: 'crossplane-system' }) },
    want: [inNs('approve', 'ConfigMap')],
  },
  {
    name: 'the ConfigMap carried by a provider-kubernetes Object',
    reason: 'provider-kubernetes creates what the Object carries: judged as if composed directly',
    desired: { approve: carried(configMap({ name: 'approvals', namespace: 'crossplane-system', labels: APPROVALS })) },
    want: [inNs('approve', 'ConfigMap', 'spec.forProvider.manifest.metadata.namespace')],
  },
  {
    name: 'the ConfigMap carried by a namespaced Object',
    reason: 'the namespaced Object kind carries manifests too',
    desired: { approve: carried(configMap({ name: 'approvals', namespace: 'crossplane-system' }), 'namespaced') },
    want: [inNs('approve', 'ConfigMap', 'spec.forProvider.manifest.metadata.namespace')],
  },
  {
    name: 'a ConfigMap with no namespace composed by an XR in the approval namespace',
    reason: 'Crossplane puts a namespaced XR\'s resources in its namespace',
    desired: { approve: configMap({ name: 'approvals' }) },
    composite: xr({ namespace: 'crossplane-system' }),
    want: [inNs('approve', 'ConfigMap')],
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
    want: [inNs('approve', 'ConfigMap', 'metadata.namespace', 'the approval namespace "approvals"')],
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
    reason: 'any Role composed into the approval namespace is refused: RBAC there is for people to write',
    desired: { role: role('Role', { name: 'writer', namespace: 'crossplane-system' }, writeConfigMaps) },
    want: [inNs('role', 'Role')],
  },
  {
    name: 'a Role in the approval namespace with wildcards',
    reason: 'any Role composed into the approval namespace is refused: RBAC there is for people to write',
    desired: { role: role('Role', { name: 'all', namespace: 'crossplane-system' }, [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]) },
    want: [inNs('role', 'Role')],
  },
  {
    name: 'a Role in the approval namespace that only reads ConfigMaps',
    reason: 'any Role composed into the approval namespace is refused: RBAC there is for people to write',
    desired: { role: role('Role', { name: 'reader', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]) },
    want: [inNs('role', 'Role')],
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
    reason: 'any binding composed into the approval namespace is refused, whatever its role grants',
    desired: { rb: binding('RoleBinding', { name: 'agent-edit', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'edit' }) },
    want: [inNs('rb', 'RoleBinding')],
  },
  {
    name: 'a RoleBinding in the approval namespace to a Role composed beside it',
    reason: 'the role is resolved from the desired state',
    desired: {
      rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'Role', name: 'cm' }),
      role: role('Role', { name: 'cm', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }]),
    },
    want: [inNs('rb', 'RoleBinding'), inNs('role', 'Role')],
  },
  {
    name: 'a RoleBinding in the approval namespace to a role not in the request',
    reason: 'any binding composed into the approval namespace is refused, whatever its role grants',
    desired: { rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'vendor-operator' }) },
    want: [inNs('rb', 'RoleBinding')],
  },
  {
    name: 'a RoleBinding in the approval namespace to a harmless Role an Object applies elsewhere',
    reason: 'any binding composed into the approval namespace is refused, whatever its role grants',
    desired: {
      rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'Role', name: 'approver' }),
      decoy: carried(role('Role', { name: 'approver', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])),
    },
    want: [inNs('decoy', 'Role', 'spec.forProvider.manifest.metadata.namespace'), inNs('rb', 'RoleBinding')],
  },
  {
    name: 'a RoleBinding and the Role it names, carried by Objects through the same provider config',
    reason: 'applied in the same place, the carried Role is the one the binding gets',
    desired: {
      rb: carried(binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'Role', name: 'cm' })),
      role: carried(role('Role', { name: 'cm', namespace: 'crossplane-system' }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }])),
    },
    want: [inNs('rb', 'RoleBinding', 'spec.forProvider.manifest.metadata.namespace'), inNs('role', 'Role', 'spec.forProvider.manifest.metadata.namespace')],
  },
  {
    name: 'a ClusterRoleBinding to a harmless ClusterRole an Object applies elsewhere',
    reason: 'what the ClusterRole of that name grants beside the binding cannot be seen: held for a person',
    desired: {
      crb: binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'vendor-operator' }),
      decoy: carried(role('ClusterRole', { name: 'vendor-operator' }, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), 'namespaced'),
    },
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
    name: 'a RoleBinding in the approval namespace to view',
    reason: 'any binding composed into the approval namespace is refused, whatever its role grants',
    desired: { rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'view' }) },
    want: [inNs('rb', 'RoleBinding')],
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
      deny('crb', 'roleRef', `a ClusterRoleBinding to ClusterRole "admin", which grants impersonate serviceaccounts, create configmaps, update configmaps, patch configmaps, create roles, update roles, patch roles, create rolebindings, update rolebindings, patch rolebindings in every namespace, ${IN_NS} included: its subjects could approve requests`),
    ],
  },
  {
    name: 'a ClusterRole composed under the name edit that lets it escalate roles, and a RoleBinding to it in the approval namespace',
    reason: 'any binding composed into the approval namespace is refused, whatever its role grants',
    desired: {
      rb: binding('RoleBinding', { name: 'agent', namespace: 'crossplane-system' }, { kind: 'ClusterRole', name: 'edit' }),
      cr: role('ClusterRole', { name: 'edit' }, [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }]),
    },
    want: [inNs('rb', 'RoleBinding')],
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

const jobCase: Case = {
  name: 'a Job in the approval namespace running as a provider service account',
  reason: 'a workload there runs as any service account of that namespace, and providers may write ConfigMaps',
  desired: {
    job: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'approve', namespace: 'crossplane-system' },
      spec: { template: { spec: { serviceAccountName: 'provider-kubernetes', restartPolicy: 'Never', containers: [{ name: 'k', image: 'registry.k8s.io/kubectl:v1.33.0' }] } } },
    },
  },
  want: [inNs('job', 'Job')],
};
cases.push(jobCase, {
  name: 'a namespaced managed resource composed into the approval namespace',
  reason: 'nothing an agent composes is written there, cloud resources included',
  desired: { db: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', metadata: { namespace: 'crossplane-system' }, spec: { forProvider: { region: 'eu-west-1' } } } },
  want: [inNs('db', 'Instance')],
});

describe('a ClusterRole composed beside its binding', () => {
  const cr = () => role('ClusterRole', { name: 'platform-operators' }, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  const crb = () => binding('ClusterRoleBinding', { name: 'agent' }, { kind: 'ClusterRole', name: 'platform-operators' });

  it('is held while it is not yet in the cluster: a role of that name may already exist there and grant more', () => {
    const d = evaluate(engineRequest({ cr: cr(), crb: crb() }), APPROVAL_STORE_RULES);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action])).toEqual([['crb', approvalUnverified.id, 'RequireApproval']]);
  });

  it('passes once the cluster holds it as composed', () => {
    const d = evaluate(engineRequest({ cr: cr(), crb: crb() }, { observed: { cr: cr() } }), APPROVAL_STORE_RULES);
    expect(d.findings).toEqual([]);
  });

  it('is judged by what the cluster holds: an aggregation rule there makes it unknown', () => {
    const existing = { ...cr(), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.org/aggregate-to-operators': 'true' } }] } };
    const d = evaluate(engineRequest({ cr: cr(), crb: crb() }, { observed: { cr: existing } }), APPROVAL_STORE_RULES);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action])).toEqual([['crb', approvalUnverified.id, 'RequireApproval']]);
  });

  it('is judged by what the cluster holds: rules there that write ConfigMaps are refused', () => {
    const existing = role('ClusterRole', { name: 'platform-operators' }, writeConfigMaps);
    const d = evaluate(engineRequest({ cr: cr(), crb: crb() }, { observed: { cr: existing } }), APPROVAL_STORE_RULES);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action])).toEqual([['crb', approvalObjects.id, 'Deny']]);
  });
});

describe('the approval store', () => {
  it.each(cases)('$name', ({ desired, composite, inputs, want }) => {
    const d = evaluate(engineRequest(desired, { input: input(inputs ?? {}), ...(composite !== undefined ? { composite } : {}) }), APPROVAL_STORE_RULES);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(want);
  });
});
