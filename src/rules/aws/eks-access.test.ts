import { describe, expect, it } from 'vitest';
import { awsResource, finding, runFindingsCase, served, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import { engineRequest } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { accessPolicy, BROAD_POLICIES, CLUSTER_ADMIN_POLICY, EKS_ACCESS_RULES, eksBroadAccess, eksClusterAdminAccess } from './eks-access.js';

/** Both kinds are served as v1beta1 in both groups (provider-upjet-aws package/crds). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const ARN = (name: string, partition = 'aws') => `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
const CLUSTER_ADMIN = ARN('AmazonEKSClusterAdminPolicy');

/** An accessScope in the shape of `s`: a one-element list in cluster-scoped v1beta1, an object in the namespaced group. */
const scope = (s: Served, value: Record<string, unknown>) => (s.blocks === 'array' ? [value] : value);
const association = (s: Served, policyArn: unknown, accessScope?: unknown, init?: Record<string, unknown>): KubeObject => {
  const r = awsResource('eks', 'AccessPolicyAssociation', s, { clusterName: 'main', principalArn: 'arn:aws:iam::111122223333:role/agent', policyArn, ...(accessScope !== undefined ? { accessScope } : {}) });
  return init === undefined ? r : { ...r, spec: { ...(r.spec as Record<string, unknown>), initProvider: init } };
};
const entry = (s: Served, forProvider: Record<string, unknown>) => awsResource('eks', 'AccessEntry', s, { clusterName: 'main', principalArn: 'arn:aws:iam::111122223333:role/agent', ...forProvider });

const scopePath = (s: Served) => `spec.forProvider.accessScope${s.blocks === 'array' ? '[0]' : ''}`;
const ADVICE = 'associate AmazonEKSAdminPolicy, AmazonEKSEditPolicy or AmazonEKSViewPolicy scoped to the namespaces the principal works in (accessScope type namespace)';
const SCOPE_IT = 'scope it to the namespaces the principal works in (accessScope type namespace, named without wildcards), or have a human approve it';
const why = (name: string) => [CLUSTER_ADMIN_POLICY, ...BROAD_POLICIES].find((p) => p.name === name)!.why;

const refused = (arn: string, where: string, path = 'spec.forProvider.policyArn'): Finding =>
  finding(eksClusterAdminAccess, 'Deny', path, `${path} associates the EKS access policy AmazonEKSClusterAdminPolicy (${JSON.stringify(arn)}) ${where}: it ${why('AmazonEKSClusterAdminPolicy')}; ${ADVICE}`);
const held = (name: string, arn: string, where: string): Finding =>
  finding(eksBroadAccess, 'RequireApproval', 'spec.forProvider.policyArn', `spec.forProvider.policyArn associates the EKS access policy ${name} (${JSON.stringify(arn)}) ${where}: it ${why(name)}; ${SCOPE_IT}`);

function associationCases(s: Served): FindingsCase[] {
  const at = (name: string) => `${s.label}: ${name}`;
  const cluster = scope(s, { type: 'cluster' });
  const ns = (...namespaces: unknown[]) => scope(s, { type: 'namespace', namespaces });
  return [
    {
      name: at('an agent makes its role cluster-admin through an access policy: refused'),
      reason: 'AmazonEKSClusterAdminPolicy at cluster scope is `*` on everything, authorized by EKS beside RBAC',
      resource: association(s, CLUSTER_ADMIN, cluster),
      want: [refused(CLUSTER_ADMIN, `cluster-wide (${scopePath(s)}.type "cluster")`)],
    },
    {
      name: at('cluster admin policy without accessScope'),
      reason: 'no scope is read as the widest: the API refuses what it cannot read, guardrails never pass it',
      resource: association(s, CLUSTER_ADMIN),
      want: [refused(CLUSTER_ADMIN, 'with no accessScope')],
    },
    {
      name: at('cluster admin policy in GovCloud, lowercase, padded'),
      reason: 'any partition; compared trimmed and without case',
      resource: association(s, ' arn:aws-us-gov:eks::aws:cluster-access-policy/amazoneksclusteradminpolicy ', cluster),
      want: [refused('arn:aws-us-gov:eks::aws:cluster-access-policy/amazoneksclusteradminpolicy', `cluster-wide (${scopePath(s)}.type "cluster")`)],
    },
    {
      name: at('cluster admin policy in the namespaces "*"'),
      reason: 'EKS matches wildcards against every namespace: the whole cluster',
      resource: association(s, CLUSTER_ADMIN, ns('*')),
      want: [refused(CLUSTER_ADMIN, 'in namespace "*" (a wildcard: every namespace it matches, kube-system among them)')],
    },
    {
      name: at('cluster admin policy in kube-system'),
      reason: "Kubernetes' own namespace: its service accounts administer the cluster",
      resource: association(s, CLUSTER_ADMIN, ns('team-a', 'kube-system')),
      want: [refused(CLUSTER_ADMIN, `in namespace "kube-system" (Kubernetes' own: its service accounts administer the cluster)`)],
    },
    {
      name: at('cluster admin policy with a scope type in another case'),
      reason: 'only the exact "namespace" narrows; anything else is taken as cluster-wide',
      resource: association(s, CLUSTER_ADMIN, scope(s, { type: 'Namespace', namespaces: ['team-a'] })),
      want: [refused(CLUSTER_ADMIN, `cluster-wide (${scopePath(s)}.type "Namespace")`)],
    },
    {
      name: at('cluster admin policy with namespaces a string'),
      reason: 'a string where a list belongs cannot be read: taken as cluster-wide, never as narrow',
      resource: association(s, CLUSTER_ADMIN, scope(s, { type: 'namespace', namespaces: 'team-a' })),
      want: [refused(CLUSTER_ADMIN, `with ${scopePath(s)}.namespaces that cannot be read (the string "team-a"), taken as cluster-wide`)],
    },
    {
      name: at('cluster admin policy with a namespace scope in initProvider and a cluster one in forProvider'),
      reason: 'every scope the parameters set counts; the widest wins',
      resource: association(s, CLUSTER_ADMIN, ns('team-a'), { accessScope: cluster }),
      want: [refused(CLUSTER_ADMIN, `cluster-wide (spec.initProvider.accessScope${s.blocks === 'array' ? '[0]' : ''}.type "cluster")`)],
    },
    {
      name: at('cluster admin policy scoped to the team namespace is held'),
      reason: 'every permission in ordinary namespaces: not cluster-admin, but a person decides',
      resource: association(s, CLUSTER_ADMIN, ns('team-a')),
      want: [
        finding(
          eksBroadAccess,
          'RequireApproval',
          'spec.forProvider.policyArn',
          `spec.forProvider.policyArn associates the EKS access policy AmazonEKSClusterAdminPolicy (${JSON.stringify(CLUSTER_ADMIN)}) in namespaces "team-a": it allows every verb on every resource in them; associate AmazonEKSAdminPolicy there instead, or have a human approve it`,
        ),
      ],
    },
    ...BROAD_POLICIES.map(
      (p): FindingsCase => ({
        name: at(`${p.name} cluster-wide is held`),
        reason: 'beyond ordinary namespaces it reaches kube-system and every tenant',
        resource: association(s, ARN(p.name, 'aws-cn'), cluster),
        want: [held(p.name, ARN(p.name, 'aws-cn'), `cluster-wide (${scopePath(s)}.type "cluster")`)],
      }),
    ),
    {
      name: at('AmazonEKSAdminPolicy in dev-* is held'),
      reason: 'a wildcard reaches every namespace it matches',
      resource: association(s, ARN('AmazonEKSAdminPolicy'), ns('dev-*')),
      want: [held('AmazonEKSAdminPolicy', ARN('AmazonEKSAdminPolicy'), 'in namespace "dev-*" (a wildcard: every namespace it matches, kube-system among them)')],
    },
    {
      name: at('AmazonEKSEditPolicy in the team namespaces passes'),
      reason: 'how a team works: within ordinary namespaces',
      resource: association(s, ARN('AmazonEKSEditPolicy'), ns('team-a', 'team-a-jobs')),
      want: [],
    },
    {
      name: at('AmazonEKSViewPolicy cluster-wide passes'),
      reason: 'view reads no Secrets',
      resource: association(s, ARN('AmazonEKSViewPolicy'), cluster),
      want: [],
    },
    {
      name: at('a policyArn that is an object'),
      reason: 'malformed is refused once, by the cluster-admin rule',
      resource: association(s, { arn: CLUSTER_ADMIN }, cluster),
      want: [finding(eksClusterAdminAccess, 'Deny', 'spec.forProvider.policyArn', 'spec.forProvider.policyArn must be an access policy ARN (a string), got an object')],
    },
    {
      name: at('an observe-only association of the cluster admin policy'),
      reason: 'observing an association grants nothing',
      resource: { ...association(s, CLUSTER_ADMIN, cluster), spec: { ...(association(s, CLUSTER_ADMIN, cluster).spec as Record<string, unknown>), managementPolicies: ['Observe'] } },
      want: [],
    },
  ];
}

function entryCases(s: Served): FindingsCase[] {
  const at = (name: string) => `${s.label}: ${name}`;
  const GROUPS = 'spec.forProvider.kubernetesGroups';
  return [
    {
      name: at('an agent puts its role in system:masters: refused'),
      reason: 'system:masters is cluster-admin, authorized before RBAC and webhooks',
      resource: entry(s, { kubernetesGroups: ['developers', 'system:masters'] }),
      want: [
        finding(
          eksClusterAdminAccess,
          'Deny',
          `${GROUPS}[1]`,
          `${GROUPS}[1] puts the principal in system:masters, the group Kubernetes binds to cluster-admin and authorizes before any RBAC or webhook, so nothing can restrict or revoke it short of removing the entry; associate an access policy or name a group your RBAC binds instead`,
        ),
      ],
    },
    {
      name: at('system:masters padded'),
      reason: 'trimmed before it is compared',
      resource: entry(s, { kubernetesGroups: [' system:masters '] }),
      want: [
        finding(
          eksClusterAdminAccess,
          'Deny',
          `${GROUPS}[0]`,
          `${GROUPS}[0] puts the principal in system:masters, the group Kubernetes binds to cluster-admin and authorizes before any RBAC or webhook, so nothing can restrict or revoke it short of removing the entry; associate an access policy or name a group your RBAC binds instead`,
        ),
      ],
    },
    {
      name: at('system:nodes'),
      reason: "any system: group is Kubernetes' own, with its bindings",
      resource: entry(s, { kubernetesGroups: ['system:nodes'] }),
      want: [finding(eksClusterAdminAccess, 'Deny', `${GROUPS}[0]`, `${GROUPS}[0] puts the principal in "system:nodes", a group Kubernetes reserves for its own components (system:), with their bindings; name a group your RBAC binds instead`)],
    },
    {
      name: at('kubernetesGroups a string'),
      reason: 'a string where a list belongs is refused: it cannot be judged',
      resource: entry(s, { kubernetesGroups: 'system:masters' }),
      want: [finding(eksClusterAdminAccess, 'Deny', GROUPS, `${GROUPS} must be a list of Kubernetes group names, got the string "system:masters"`)],
    },
    {
      name: at('a group that is a number'),
      reason: 'not a group name',
      resource: entry(s, { kubernetesGroups: ['developers', 7] }),
      want: [finding(eksClusterAdminAccess, 'Deny', `${GROUPS}[1]`, `${GROUPS}[1] must be a Kubernetes group name (a string), got number 7`)],
    },
    {
      name: at('a system: user name'),
      reason: "a user Kubernetes reserves, with its bindings (the controller manager's, say)",
      resource: entry(s, { userName: 'system:kube-controller-manager' }),
      want: [
        finding(
          eksClusterAdminAccess,
          'Deny',
          'spec.forProvider.userName',
          'spec.forProvider.userName makes the principal "system:kube-controller-manager", a user Kubernetes reserves for its own components (system:), with their bindings; leave userName out and let EKS derive it from the principal',
        ),
      ],
    },
    {
      name: at('ordinary groups and user name pass'),
      reason: 'groups the cluster RBAC binds are judged there, by the RBAC rules',
      resource: entry(s, { kubernetesGroups: ['developers', 'Masters', 'system-masters'], userName: 'agent:{{SessionName}}' }),
      want: [],
    },
  ];
}

describe('EKS access', () => {
  it.each(SHAPES.flatMap(associationCases))('$name', (c) => runFindingsCase(c, EKS_ACCESS_RULES));
  it.each(SHAPES.flatMap(entryCases))('$name', (c) => runFindingsCase(c, EKS_ACCESS_RULES));
});

describe('cluster admin on a cluster this XR composes', () => {
  const s = SHAPES[0]!;
  const cluster = (name = 'eks', extra: Record<string, unknown> = {}): KubeObject => {
    const c = awsResource('eks', 'Cluster', s, { region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:role/eks' });
    return { ...c, metadata: { name }, spec: { ...(c.spec as Record<string, unknown>), ...extra } };
  };
  /** Upbound's configuration-aws-eks (v0.16.0, apis/pat/composition.yaml): the cluster picked by matchControllerRef, no clusterName. */
  const upbound = (clusterNamed: Record<string, unknown>): KubeObject => {
    const a = association(s, CLUSTER_ADMIN, scope(s, { type: 'cluster' }));
    const { clusterName: _, ...forProvider } = (a.spec as { forProvider: Record<string, unknown> }).forProvider;
    return { ...a, spec: { ...(a.spec as Record<string, unknown>), forProvider: { ...forProvider, ...clusterNamed } } };
  };
  const ownHeld = (): [string, string, string][] => [['admin', eksBroadAccess.id, 'RequireApproval']];
  const refusedHere = (): [string, string, string][] => [['admin', eksClusterAdminAccess.id, 'Deny']];
  const cases: { name: string; reason: string; desired: Record<string, KubeObject>; want: [string, string, string][] }[] = [
    {
      name: 'picked by a selector with matchControllerRef, as Upbound\'s configuration does: held',
      reason: "a new cluster's administrator acts with its nodes' IAM roles: a person confirms who it is, but it is not another's cluster",
      desired: { eks: cluster(), admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) },
      want: ownHeld(),
    },
    {
      name: "named by clusterNameRef after the composed Cluster's metadata.name: held",
      reason: 'the reference resolves to the composed Cluster',
      desired: { eks: cluster('team-eks'), admin: upbound({ clusterNameRef: { name: 'team-eks' } }) },
      want: ownHeld(),
    },
    {
      name: 'a selector without matchControllerRef: refused',
      reason: 'labels may pick a cluster another XR composed',
      desired: { eks: cluster(), admin: upbound({ clusterNameSelector: { matchLabels: { team: 'a' } } }) },
      want: refusedHere(),
    },
    {
      name: 'matchControllerRef with no Cluster composed here: refused',
      reason: 'nothing of its own for the selector to pick',
      desired: { admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) },
      want: refusedHere(),
    },
    {
      name: 'a reference to a Cluster not composed here: refused',
      reason: 'it names a cluster that already exists',
      desired: { eks: cluster('team-eks'), admin: upbound({ clusterNameRef: { name: 'prod' } }) },
      want: refusedHere(),
    },
    {
      name: 'a cluster named by value beside a composed Cluster: refused',
      reason: 'clusterName may name any cluster of the account, and wins over a reference',
      desired: { eks: cluster(), admin: association(s, CLUSTER_ADMIN, scope(s, { type: 'cluster' })) },
      want: refusedHere(),
    },
    {
      name: 'the composed Cluster only observed: refused',
      reason: 'an observe-only Cluster is someone else\'s',
      desired: { eks: cluster('eks', { managementPolicies: ['Observe'] }), admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) },
      want: refusedHere(),
    },
    {
      name: 'matchControllerRef beside an observed Cluster of the same XR: refused',
      reason: 'the selector may pick the observed one, an existing cluster, rather than the one this XR creates',
      desired: { eks: cluster(), prod: cluster('prod', { managementPolicies: ['Observe'] }), admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) },
      want: refusedHere(),
    },
    {
      name: 'the composed Cluster through another provider config: refused',
      reason: 'another account: not the cluster this association reaches',
      desired: { eks: cluster('eks', { providerConfigRef: { name: 'other-account' } }), admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) },
      want: refusedHere(),
    },
  ];
  it.each(cases)('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired), EKS_ACCESS_RULES);
    expect(d.errors).toEqual([]);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action])).toEqual(want);
  });

  it('says why it holds it', () => {
    const d = evaluate(engineRequest({ eks: cluster(), admin: upbound({ clusterNameSelector: { matchControllerRef: true } }) }), EKS_ACCESS_RULES);
    expect(d.findings.map((f) => f.message)).toEqual([
      `spec.forProvider.policyArn associates the EKS access policy AmazonEKSClusterAdminPolicy (${JSON.stringify(CLUSTER_ADMIN)}) cluster-wide (spec.forProvider.accessScope[0].type "cluster") on the cluster this XR composes: it ${why('AmazonEKSClusterAdminPolicy')}; a human approves who administers a new cluster (its nodes and pods act with IAM roles of the account)`,
    ]);
  });
});

describe('accessPolicy', () => {
  it.each([
    { name: 'the cluster admin policy', arn: CLUSTER_ADMIN, want: 'AmazonEKSClusterAdminPolicy' },
    { name: 'China partition', arn: ARN('AmazonEKSAdminPolicy', 'aws-cn'), want: 'AmazonEKSAdminPolicy' },
    { name: 'an IAM policy of the same name', arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterAdminPolicy', want: undefined },
    { name: 'a policy of an account', arn: 'arn:aws:eks::111122223333:cluster-access-policy/AmazonEKSClusterAdminPolicy', want: undefined },
    { name: 'the view policy', arn: ARN('AmazonEKSViewPolicy'), want: undefined },
  ])('$name', ({ arn, want }) => expect(accessPolicy(arn)?.name).toBe(want));
});

describe('rule metadata', () => {
  it('EKS_ACCESS_RULES lists the rules in evaluation order', () => {
    expect(EKS_ACCESS_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['aws-eks-cluster-admin-access', 'Deny'],
      ['aws-eks-broad-access', 'RequireApproval'],
    ]);
  });
});
