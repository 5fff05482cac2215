/**
 * The approval gate, attacked over gRPC: an agent that tries to approve its
 * own held request, or to reuse a person's approval for another request.
 * Crossplane's requirements loop is played against a fake cluster
 * (./crossplane.ts); what the cluster holds is only what Crossplane would
 * have applied (`applied`: nothing after a Fatal).
 *
 * Already covered elsewhere, not repeated here: approval.test.ts (an approval
 * outside the approval namespace or without its labels, even when sent
 * directly; an approval for another XR; a changed spec needs a new approval).
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import {
  APPROVAL_NAMESPACE,
  HOLDING,
  REFUSED,
  applied,
  approval,
  approveLine,
  condition,
  desiredNames,
  digestIn,
  input,
  lines,
  request,
  severities,
  wrapped,
  type RequestOptions,
} from './attacks.js';
import { reconcile as play } from './crossplane.js';
import { serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();
const reconcile = async (desired: Record<string, JsonObject>, cluster: readonly JsonObject[] = [], opts: RequestOptions = {}) =>
  (await play(server.rpc, request(desired, { input: INPUT, ...opts }), cluster)).rsp;

/** The platform allows small databases only: a big one is held for a person. */
const INPUT = input({ 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } });
const big = (): JsonObject => rdsInstance({ instanceClass: 'db.r6g.4xlarge', deletionProtection: true }) as JsonObject;
const CLASS = '[aws-rds-instance-class] db: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*); choose an allowed class or get approval';

/** The ConfigMap an agent writes to approve `digest` itself: exactly what a person's approval looks like. */
const selfApproval = (digest: string): JsonObject => approval(`guardrails-approval-${digest.slice(7, 23)}`, { [digest]: 'agent: approved by myself' });

/** The digest the condition prints for the held database, as an agent reads it from its claim. */
async function heldDigest(): Promise<string> {
  const rsp = await reconcile({ db: big() });
  expect(desiredNames(rsp)).toEqual([]);
  const digest = digestIn(condition(rsp)?.message);
  expect(digest).toMatch(/^sha256-[0-9a-f]{64}$/);
  return digest!;
}

const STORE = (resource: string, path: string, kind = 'ConfigMap') =>
  `[guardrails-approval-store] ${resource}: a ${kind} in the approval namespace "${APPROVAL_NAMESPACE}", where approvals are kept: nothing an agent composes may be written there (a ConfigMap is an approval, RBAC grants the right to write one, a workload runs as a service account that may); compose it in another namespace (${path})`;

/**
 * What the Kubernetes RBAC rules (rbac-rules.ts) say of the same requests, beside the approval store: the escalation a
 * binding to edit or admin confers, and the reserved names of Kubernetes' own roles.
 */
const RBAC_SAYS = {
  editElsewhere: (kind: string) =>
    `[k8s-rbac-escalation] bind: a ${kind} in namespace "${APPROVAL_NAMESPACE}" (not the XR's own) to ClusterRole "edit", which grants impersonate, create serviceaccounts/token, read secrets, write secrets, write configmaps, create or change workloads, exec into pods: each lets its subjects raise their own power; bind a narrower role, or have a person approve it (roleRef)`,
  adminEverywhere:
    '[k8s-rbac-escalation] bind: a ClusterRoleBinding to ClusterRole "admin", which grants impersonate, create serviceaccounts/token, write roles or rolebindings, read secrets, write secrets, write configmaps, create or change workloads, exec into pods in every namespace: each lets its subjects raise their own power; bind a narrower role, or have a person approve it (roleRef)',
  clusterAdmin:
    '[k8s-rbac-cluster-admin] bind: a ClusterRoleBinding to ClusterRole "cluster-admin", which can do anything on every resource of every namespace and of the cluster itself: bind a role that grants only what its subjects need (roleRef)',
  reserved: (name: string) =>
    `[k8s-rbac-reserved-name] role: a ClusterRole named "${name}", a name Kubernetes keeps for its own RBAC: the cluster already has and binds it, so composing it changes what existing bindings grant or whom they bind; choose another name (metadata.name)`,
  writesConfigMaps:
    "[k8s-rbac-escalation] role: a ClusterRole with a rule granting write configmaps in every namespace, where any ClusterRoleBinding grants it: ConfigMaps there configure other tenants' workloads and the cluster itself (EKS maps IAM roles to Kubernetes groups in kube-system's aws-auth); remove what its subjects do not need, or have a person approve it (rules[0])",
  aggregates: (label: string) =>
    `[k8s-rbac-escalation] role: a ClusterRole that aggregates into other roles (${label}): its rules join every binding of those roles, in every namespace; remove the labels, or have a person approve it (metadata.labels)`,
};

/** Every line of the condition: the approval store's, the RBAC rules', the approve line of what they hold, and the count of refusals. */
function expectedLines(rsp: Parameters<typeof lines>[0], want: { store: string; also: readonly string[]; holds?: string; refused: number }): string[] {
  const digest = digestIn(condition(rsp)?.message);
  const approve = want.holds === undefined ? [] : [approveLine(want.holds, digest!, 'k8s-rbac-escalation', 'would also hold')];
  return [want.store, ...want.also, ...approve, REFUSED(want.refused)];
}

describe('an agent approving its own request', () => {
  const composed = [
    { name: 'an agent composes a ConfigMap approving its own digest', wrap: (cm: JsonObject) => cm, path: 'metadata.namespace' },
    {
      name: 'an agent composes the ConfigMap approving its own digest inside a kubernetes.crossplane.io Object',
      wrap: (cm: JsonObject) => wrapped(cm, 'cluster'),
      path: 'spec.forProvider.manifest.metadata.namespace',
    },
    {
      name: 'an agent composes the ConfigMap approving its own digest inside a namespaced kubernetes.m.crossplane.io Object',
      wrap: (cm: JsonObject) => wrapped(cm, 'namespaced'),
      path: 'spec.forProvider.manifest.metadata.namespace',
    },
  ];
  it.each(composed)('$name', async ({ wrap, path }) => {
    const digest = await heldDigest();
    const rsp = await reconcile({ db: big(), approve: wrap(selfApproval(digest)) });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'Denied' });
    expect(lines(rsp)).toEqual([STORE('approve', path), CLASS, approveLine('db', digest, 'aws-rds-instance-class', 'would also hold'), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent composes a ConfigMap approving its own digest, and the next reconcile still holds the database', async () => {
    const digest = await heldDigest();
    const attempt = await reconcile({ db: big(), approve: selfApproval(digest) });
    // The cluster holds what Crossplane applied: after the Fatal, nothing; so no approval exists on the next reconcile.
    const cluster = applied(attempt);
    expect(cluster).toEqual([]);
    const next = await reconcile({ db: big() }, cluster);
    expect(desiredNames(next)).toEqual([]);
    expect(condition(next)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'ApprovalRequired' });
    expect(digestIn(condition(next)?.message)).toBe(digest);
    // Had it been applied, that ConfigMap would have released the database: the Fatal is what keeps it held.
    const released = await reconcile({ db: big() }, [selfApproval(digest)]);
    expect(desiredNames(released)).toEqual(['db']);
  });

  const rbac: { name: string; binding: JsonObject; want: string; also: string[]; holds?: string; refused: number }[] = [
    {
      name: 'an agent binds its service account to edit in the approval namespace',
      binding: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'agent-edit', namespace: APPROVAL_NAMESPACE },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' }],
      },
      want: STORE('bind', 'metadata.namespace', 'RoleBinding'),
      also: [RBAC_SAYS.editElsewhere('RoleBinding')],
      holds: 'bind',
      refused: 1,
    },
    {
      name: 'an agent binds its service account to cluster-admin cluster-wide',
      binding: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'agent-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' }],
      },
      want: `[guardrails-approval-store] bind: a ClusterRoleBinding to ClusterRole "cluster-admin", which grants everything in every namespace, the approval namespace "${APPROVAL_NAMESPACE}" included: its subjects could approve requests (roleRef)`,
      also: [RBAC_SAYS.clusterAdmin],
      refused: 2,
    },
  ];
  it.each(rbac)('$name', async ({ binding, want, also, holds, refused }) => {
    const rsp = await reconcile({ bind: binding });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual(expectedLines(rsp, { store: want, also, ...(holds !== undefined ? { holds } : {}), refused }));
    expect(applied(rsp)).toEqual([]);
  });

  /** A ClusterRole as harmless as it gets, under a name the agent chose. */
  const harmless = (name: string): JsonObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  const bindTo = (role: string, namespace?: string): JsonObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: { name: `agent-${role}`, ...(namespace !== undefined ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' }],
  });
  // Found by this suite and fixed in src/rules/kubernetes/rbac.ts: the composed decoy's rules were taken for the
  // built-in role's, and the binding was Compliant.
  const decoys: { name: string; desired: Record<string, JsonObject>; want: string; also: string[]; holds?: string; refused: number }[] = [
    {
      name: 'an agent composes a harmless ClusterRole named admin and binds its service account to admin cluster-wide',
      desired: { role: harmless('admin'), bind: bindTo('admin') },
      want: `[guardrails-approval-store] bind: a ClusterRoleBinding to ClusterRole "admin", which grants impersonate serviceaccounts, create configmaps, update configmaps, patch configmaps, create roles, update roles, patch roles, create rolebindings, update rolebindings, patch rolebindings in every namespace, the approval namespace "${APPROVAL_NAMESPACE}" included: its subjects could approve requests (roleRef)`,
      also: [RBAC_SAYS.reserved('admin'), RBAC_SAYS.adminEverywhere],
      holds: 'bind',
      refused: 2,
    },
    {
      name: 'an agent composes a harmless ClusterRole named cluster-admin and binds its service account to it cluster-wide',
      desired: { role: harmless('cluster-admin'), bind: bindTo('cluster-admin') },
      want: `[guardrails-approval-store] bind: a ClusterRoleBinding to ClusterRole "cluster-admin", which grants everything in every namespace, the approval namespace "${APPROVAL_NAMESPACE}" included: its subjects could approve requests (roleRef)`,
      also: [RBAC_SAYS.clusterAdmin, RBAC_SAYS.reserved('cluster-admin')],
      refused: 3,
    },
    {
      name: 'an agent composes a harmless ClusterRole named edit and binds its service account to it in the approval namespace',
      desired: { role: harmless('edit'), bind: bindTo('edit', APPROVAL_NAMESPACE) },
      want: STORE('bind', 'metadata.namespace', 'RoleBinding'),
      also: [RBAC_SAYS.reserved('edit'), RBAC_SAYS.editElsewhere('RoleBinding')],
      holds: 'bind',
      refused: 2,
    },
  ];
  const writeConfigMaps = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'update', 'patch'] }];
  // Kubernetes' aggregation labels were judged already; Crossplane's own (rbac.crossplane.io/aggregate-to-*) were found
  // by this suite and fixed in src/rules/kubernetes/approval-store.ts.
  decoys.push(
    ...['rbac.authorization.k8s.io/aggregate-to-edit', 'rbac.crossplane.io/aggregate-to-crossplane'].map((label) => ({
      name: `an agent composes a ClusterRole that writes ConfigMaps and labels it ${label}`,
      desired: { role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agent-writes', labels: { [label]: 'true' } }, rules: writeConfigMaps } },
      want: `[guardrails-approval-store] role: a ClusterRole that grants create configmaps, update configmaps, patch configmaps and aggregates into other roles (${label}): every subject of those roles could approve requests; remove the aggregation labels or the grants (metadata.labels)`,
      also: [RBAC_SAYS.writesConfigMaps, RBAC_SAYS.aggregates(label)],
      holds: 'role',
      refused: 1,
    })),
  );
  it.each(decoys)('$name', async ({ desired, want, also, holds, refused }) => {
    const rsp = await reconcile(desired);
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual(expectedLines(rsp, { store: want, also, ...(holds !== undefined ? { holds } : {}), refused }));
    expect(applied(rsp)).toEqual([]);
  });

  // Found by this suite: a workload composed in the approval namespace runs as any service account there, and every
  // provider's service account may create and update ConfigMaps in every namespace (the rules Crossplane's RBAC manager
  // grants all provider pods). Now nothing is composed into the approval namespace, whatever its kind.
  it('an agent composes a Job in the approval namespace that runs as a provider service account and writes an approval', async () => {
    const digest = await heldDigest();
    const job: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'approve', namespace: APPROVAL_NAMESPACE },
      spec: {
        template: {
          spec: {
            serviceAccountName: 'provider-kubernetes',
            restartPolicy: 'Never',
            containers: [{ name: 'kubectl', image: 'registry.k8s.io/kubectl:v1.33.0', command: ['kubectl', 'create', 'configmap', 'a', '-n', APPROVAL_NAMESPACE, `--from-literal=${digest}=agent`] }],
          },
        },
      },
    };
    const rsp = await reconcile({ db: big(), approve: job });
    expect(severities(rsp)).toContain('SEVERITY_FATAL');
    expect(applied(rsp)).toEqual([]);
  });

  // Found by this suite: a ClusterRole the composition has not created yet may already exist under its name with an
  // aggregation rule; server-side apply leaves that rule, and the binding grants the existing role's rules. A role
  // composed in the same request now counts as seen only once the cluster holds it as composed.
  it('an agent composes a harmless ClusterRole under the name of an existing aggregated role and binds its service account to it cluster-wide', async () => {
    const rsp = await reconcile({ role: harmless('platform-operators'), bind: bindTo('platform-operators') });
    expect(desiredNames(rsp)).not.toContain('bind');
    expect(condition(rsp)?.reason).toBe('ApprovalRequired');
  });
});

describe('an approval reused for another request', () => {
  /** A CloudFormation Stack (or another kind) that only a person can release; no rule injects anything into it. */
  const template = (apiVersion: string, kind: string): JsonObject => ({
    apiVersion,
    kind,
    metadata: { name: 'infra' },
    spec: { forProvider: { region: 'eu-west-1', name: 'infra', templateBody: '{"Resources": {}}' } },
  });
  const workspace = (apiVersion: string): JsonObject => ({
    apiVersion,
    kind: 'Workspace',
    metadata: { name: 'infra' },
    spec: { forProvider: { source: 'Inline', module: 'resource "null_resource" "x" {}' } },
  });
  const db = (change: (r: JsonObject) => void = () => {}): JsonObject => {
    const r = big();
    change(r);
    return r;
  };
  const clusterRoleBinding = (role: string, serviceAccount: string): JsonObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'team-a-vendor' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: 'team-a' }],
  });
  const meta = (r: JsonObject) => (r.metadata ??= {}) as JsonObject;
  const spec = (r: JsonObject) => r.spec as JsonObject;

  // Each pair differs in one thing the digest binds; external-name is isolated from crossplane-adoption (allowed for
  // rds Instances here), so only the digest can tell the two requests apart.
  const pairs: { name: string; approved: JsonObject; sent: JsonObject }[] = [
    {
      name: 'an agent gets a CloudFormation Stack approved, then sends the same spec as a StackSet under the same name',
      approved: template('cloudformation.aws.upbound.io/v1beta1', 'Stack'),
      sent: template('cloudformation.aws.upbound.io/v1beta1', 'StackSet'),
    },
    {
      name: 'an agent gets a Terraform Workspace approved, then sends the same spec as an OpenTofu Workspace (another group) under the same name',
      approved: workspace('tf.upbound.io/v1beta1'),
      sent: workspace('opentofu.upbound.io/v1beta1'),
    },
    {
      name: 'an agent gets a database approved, then sends it with crossplane.io/external-name added',
      approved: db(),
      sent: db((r) => (meta(r).annotations = { 'crossplane.io/external-name': 'prod-orders' })),
    },
    {
      name: 'an agent gets a database approved, then sends it under another metadata.name',
      approved: db((r) => (meta(r).name = 'orders-db')),
      sent: db((r) => (meta(r).name = 'payments-db')),
    },
    {
      name: 'an agent gets a database approved, then sends it with a label added',
      approved: db(),
      sent: db((r) => (meta(r).labels = { 'team.example.org/cost-center': 'platform' })),
    },
    {
      name: 'an agent gets a database approved, then sends it through another providerConfigRef',
      approved: db((r) => (spec(r).providerConfigRef = { name: 'team-a' })),
      sent: db((r) => (spec(r).providerConfigRef = { name: 'prod-admin' })),
    },
    {
      name: 'an agent gets a database approved that Crossplane would never delete, then sends it with managementPolicies ["*"]',
      approved: db((r) => (spec(r).managementPolicies = ['Observe', 'Create', 'Update', 'LateInitialize'])),
      sent: db((r) => (spec(r).managementPolicies = ['*'])),
    },
    {
      name: 'an agent gets a database approved with deletionPolicy Orphan, then sends it with deletionPolicy Delete',
      approved: db((r) => (spec(r).deletionPolicy = 'Orphan')),
      sent: db((r) => (spec(r).deletionPolicy = 'Delete')),
    },
    {
      name: 'an agent gets a database approved, then sends it wrapped in a provider-kubernetes Object',
      approved: db(),
      sent: wrapped(db()),
    },
    // Found by this suite and fixed in src/approval/digest.ts: a kind without a spec (RBAC) was bound by its name and
    // metadata only, so one approved binding released any other of the same name.
    {
      name: 'an agent gets a ClusterRoleBinding to a role guardrails cannot see approved, then binds the same name to another role',
      approved: clusterRoleBinding('vendor-reader', 'reader'),
      sent: clusterRoleBinding('vendor-operator', 'reader'),
    },
    {
      name: 'an agent gets a ClusterRoleBinding to a role guardrails cannot see approved, then binds its own service account instead',
      approved: clusterRoleBinding('vendor-reader', 'reader'),
      sent: clusterRoleBinding('vendor-reader', 'agent'),
    },
  ];
  const opts: RequestOptions = { input: input({ 'aws-rds-instance-class': { allowed: ['db.t4g.*'] }, 'crossplane-adoption': { allowedKinds: ['Instance.rds.aws.upbound.io'] } }) };

  it.each(pairs)('$name', async ({ approved, sent }) => {
    const first = await reconcile({ db: approved }, [], opts);
    const digest = digestIn(condition(first)?.message)!;
    expect(digest).toMatch(/^sha256-[0-9a-f]{64}$/);
    const cluster = [approval('guardrails-approval-1', { [digest]: 'alice@example.com: reviewed, ticket OPS-7' })];
    // The person's approval releases what they saw...
    const released = await reconcile({ db: approved }, cluster, opts);
    expect(desiredNames(released)).toEqual(['db']);
    // ...and nothing else.
    const rsp = await reconcile({ db: sent }, cluster, opts);
    expect(desiredNames(rsp)).toEqual([]);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_FALSE', reason: 'ApprovalRequired' });
    expect(lines(rsp)[0]).toBe(HOLDING('db'));
    const other = digestIn(condition(rsp)?.message);
    expect(other).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(other).not.toBe(digest);
    expect(JSON.stringify(rsp)).not.toContain('alice@example.com');
  });
});
