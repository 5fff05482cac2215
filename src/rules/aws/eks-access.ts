/**
 * Kubernetes administrator power through EKS's own API: an access policy
 * associated with an IAM principal (`AccessPolicyAssociation`), or an access
 * entry that puts one in a Kubernetes system group (`AccessEntry`). EKS
 * authorizes both beside the cluster's RBAC, so no Role or binding the RBAC
 * rules could see is ever composed. One judgement, two rules: cluster-wide
 * administrator access is refused, broad access beyond ordinary namespaces
 * held for a person.
 *
 * Field names are provider-upjet-aws's (package/crds, the same in both
 * groups): AccessPolicyAssociation `policyArn` and `accessScope` (`type`,
 * `namespaces`; a one-element list in cluster-scoped v1beta1, an object in
 * the namespaced group), AccessEntry `kubernetesGroups` and `userName`.
 * The policies are Amazon EKS's "access policy permissions" reference
 * (EKS User Guide, access-policy-reference), ARNs
 * `arn:<partition>:eks::aws:cluster-access-policy/<name>`.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { describe, explicitParams, PARAM_BLOCKS } from '../params.js';
import { quote } from './policy.js';
import { selfOf } from '../kit/references.js';

/** An EKS access policy the rules know, by name, and why it matters. */
export interface AccessPolicy {
  name: string;
  why: string;
}

/** Cluster-admin: refused wherever it reaches beyond ordinary namespaces, held within them. */
export const CLUSTER_ADMIN_POLICY: AccessPolicy = { name: 'AmazonEKSClusterAdminPolicy', why: 'allows every verb on every resource and non-resource URL: cluster-admin' };

/**
 * Access policies that are ordinary within a team's namespaces and
 * dangerous beyond them: each reads Secrets (service account tokens among
 * them), and the first two also run pods and exec into them and impersonate
 * service accounts.
 */
export const BROAD_POLICIES: readonly AccessPolicy[] = [
  { name: 'AmazonEKSAdminPolicy', why: "is Kubernetes' admin role: Secrets, pods and exec, Roles and RoleBindings, impersonating service accounts" },
  { name: 'AmazonEKSEditPolicy', why: "is Kubernetes' edit role: Secrets, pods and exec, impersonating service accounts" },
  { name: 'AmazonEKSAdminViewPolicy', why: 'reads every resource, Secrets included' },
  { name: 'AmazonEKSSecretReaderPolicy', why: 'reads Secrets' },
];

const BY_NAME = new Map<string, AccessPolicy>([CLUSTER_ADMIN_POLICY, ...BROAD_POLICIES].map((p) => [p.name.toLowerCase(), p]));

/** `arn:<partition>:eks::aws:cluster-access-policy/<name>`, in any partition. */
const ACCESS_POLICY = /^arn:[^:]+:eks::aws:cluster-access-policy\/(.+)$/i;

/** The access policy an ARN names, if the tables know it: trimmed, without case (an ARN EKS would refuse is refused too, never passed). */
export function accessPolicy(arn: string): AccessPolicy | undefined {
  const m = ACCESS_POLICY.exec(arn.trim());
  return m === null ? undefined : BY_NAME.get(m[1]!.toLowerCase());
}

/** How far an association reaches: the whole cluster (and why that is read), or these namespaces only. */
type Reach = { cluster: string } | { namespaces: string[] };

/**
 * Namespaces that reach the cluster itself: a wildcard (EKS matches
 * `dev-*` and `*` against every namespace name) and Kubernetes' own
 * `kube-` prefix, reserved for its system namespaces (kube-system runs the
 * add-ons whose service accounts administer the cluster).
 */
const CLUSTER_WIDE_NAMESPACE = /[*?]|^kube-/i;

/**
 * The reach of every `accessScope` the parameters set: cluster-wide unless
 * each is `type: namespace` with a list of plain namespace names. Anything
 * else (no scope, another type, a shape that cannot be read, a wildcard, a
 * kube- namespace) is taken as cluster-wide: the API refuses what it cannot
 * read, and guardrails never pass what they cannot.
 */
function reachOf(ctx: RuleContext): Reach {
  const set = explicitParams(ctx.resource, ['accessScope']);
  if (set.length === 0) return { cluster: 'with no accessScope' };
  const namespaces: string[] = [];
  for (const { path, value } of set) {
    const scopes = Array.isArray(value) ? value : [value];
    if (scopes.length === 0) return { cluster: `with ${path} empty` };
    for (const [i, scope] of scopes.entries()) {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (!isObject(scope)) return { cluster: `with ${at} that cannot be read (${describe(scope)}), taken as cluster-wide` };
      if (scope.type !== 'namespace') return { cluster: `cluster-wide (${at}.type ${scope.type === undefined || scope.type === null ? 'absent' : describe(scope.type, true)})` };
      const names = scope.namespaces;
      if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n.trim() !== '')) {
        return { cluster: `with ${at}.namespaces that cannot be read (${describe(names)}), taken as cluster-wide` };
      }
      const wide = (names as string[]).find((n) => CLUSTER_WIDE_NAMESPACE.test(n.trim()));
      if (wide !== undefined) {
        return { cluster: `in namespace ${JSON.stringify(wide)} (${/[*?]/.test(wide) ? 'a wildcard: every namespace it matches, kube-system among them' : "Kubernetes' own: its service accounts administer the cluster"})` };
      }
      namespaces.push(...(names as string[]));
    }
  }
  return { namespaces };
}

const CLUSTER_REF = 'aws/eks/Cluster';

/**
 * Whether the association's cluster is one this XR composes (so creates, or
 * adopts, which `crossplane-adoption` holds): named by `clusterNameRef` after
 * a composed Cluster's `metadata.name`, or picked by a `clusterNameSelector`
 * with `matchControllerRef: true`, which picks only this XR's own; since the
 * selector may pick any of those, every Cluster the XR composes there must be
 * created, not observed. The Cluster fully managed, applied where the
 * association is and through the same provider config. Upbound's
 * configuration-aws-eks makes its cluster's requester cluster-admin this way.
 * A cluster named by value may be any cluster of the account, and is not
 * taken to be its own.
 */
function clusterComposedHere(ctx: RuleContext): boolean {
  const clusters = ctx.index.byRef(CLUSTER_REF);
  if (clusters.length === 0) return false;
  const placement = selfOf(ctx)?.placement ?? placementOf([]);
  const credentials = providerConfigOf(ctx.type, ctx.resource);
  const here = clusters.filter((c) => c.placement === placement);
  const own = here.filter((c) => fullyManaged(c.object) && c.carriers.every((k) => fullyManaged(k.object)) && providerConfigOf(c.type, c.object) === credentials);
  let named = false;
  for (const block of PARAM_BLOCKS) {
    const params = isObject(ctx.resource.spec) ? ctx.resource.spec[block] : undefined;
    if (!isObject(params)) continue;
    if (params.clusterName !== undefined && params.clusterName !== null) return false; // a name by value wins over a reference
    const ref = params.clusterNameRef;
    const selector = params.clusterNameSelector;
    if (isObject(ref)) {
      if (!own.some((c) => isObject(c.object.metadata) && c.object.metadata.name === ref.name)) return false;
      named = true;
    } else if (isObject(selector)) {
      // The selector may pick any Cluster of this XR applied here: each must be its own, not one it only observes.
      if (selector.matchControllerRef !== true || own.length === 0 || own.length !== here.length) return false;
      named = true;
    }
  }
  return named;
}

type Level = 'admin' | 'broad';

const ADVICE = 'associate AmazonEKSAdminPolicy, AmazonEKSEditPolicy or AmazonEKSViewPolicy scoped to the namespaces the principal works in (accessScope type namespace)';
const SCOPE_IT = 'scope it to the namespaces the principal works in (accessScope type namespace, named without wildcards)';

/** What an association grants at `level`, reported on its `policyArn`. */
function judgeAssociation(ctx: RuleContext, level: Level): void {
  for (const { path, value } of explicitParams(ctx.resource, ['policyArn'])) {
    if (typeof value !== 'string') {
      if (level === 'admin') ctx.unsafe(path, `${path} must be an access policy ARN (a string), got ${describe(value)}`);
      continue;
    }
    const policy = accessPolicy(value);
    if (policy === undefined) continue;
    const reach = reachOf(ctx);
    const wide = 'cluster' in reach;
    const own = policy === CLUSTER_ADMIN_POLICY && wide && clusterComposedHere(ctx);
    const at: Level | undefined = policy === CLUSTER_ADMIN_POLICY ? (wide && !own ? 'admin' : 'broad') : wide ? 'broad' : undefined;
    if (at !== level) continue;
    const where = (wide ? reach.cluster : `in namespaces ${reach.namespaces.map((n) => JSON.stringify(n)).join(', ')}`) + (own ? ' on the cluster this XR composes' : '');
    const why = wide ? policy.why : 'allows every verb on every resource in them';
    const advice =
      level === 'admin' ? ADVICE : own ? 'a human approves who administers a new cluster (its nodes and pods act with IAM roles of the account)' : wide ? `${SCOPE_IT}, or have a human approve it` : 'associate AmazonEKSAdminPolicy there instead, or have a human approve it';
    ctx.unsafe(path, `${path} associates the EKS access policy ${policy.name} (${quote(value.trim())}) ${where}: it ${why}; ${advice}`);
  }
}

/** Kubernetes reserves the `system:` prefix for its own users and groups; EKS refuses it in access entries, and guardrails refuse it first. */
const SYSTEM = 'system:';

/** An access entry's Kubernetes identity: system groups (system:masters above all) and system user names are refused; malformed ones too. */
function judgeEntry(ctx: RuleContext): void {
  for (const { path, value } of explicitParams(ctx.resource, ['kubernetesGroups'])) {
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of Kubernetes group names, got ${describe(value)}`);
      continue;
    }
    value.forEach((group: unknown, i) => {
      const at = `${path}[${i}]`;
      if (typeof group !== 'string') return ctx.unsafe(at, `${at} must be a Kubernetes group name (a string), got ${describe(group)}`);
      const name = group.trim();
      if (name === 'system:masters') {
        ctx.unsafe(at, `${at} puts the principal in system:masters, the group Kubernetes binds to cluster-admin and authorizes before any RBAC or webhook, so nothing can restrict or revoke it short of removing the entry; associate an access policy or name a group your RBAC binds instead`);
      } else if (name.startsWith(SYSTEM)) {
        ctx.unsafe(at, `${at} puts the principal in ${JSON.stringify(name)}, a group Kubernetes reserves for its own components (system:), with their bindings; name a group your RBAC binds instead`);
      }
    });
  }
  for (const { path, value } of explicitParams(ctx.resource, ['userName'])) {
    if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a Kubernetes user name (a string), got ${describe(value)}`);
    else if (value.trim().startsWith(SYSTEM)) {
      ctx.unsafe(path, `${path} makes the principal ${JSON.stringify(value.trim())}, a user Kubernetes reserves for its own components (system:), with their bindings; leave userName out and let EKS derive it from the principal`);
    }
  }
}

const ASSOCIATION: ProviderKindRef = { cloud: 'aws', service: 'eks', kind: 'AccessPolicyAssociation' };
const ENTRY: ProviderKindRef = { cloud: 'aws', service: 'eks', kind: 'AccessEntry' };
const ASSOCIATION_REF = 'aws/eks/AccessPolicyAssociation';

const wideReach =
  'Cluster-wide means `accessScope` of type `cluster`, or none, or one that cannot be read, or namespaces that include a wildcard (EKS matches `dev-*` and `*` against every namespace) or a `kube-` namespace (Kubernetes reserves the prefix; kube-system runs the add-ons that administer the cluster).';

export const eksClusterAdminAccess = defineRule({
  id: 'aws-eks-cluster-admin-access',
  title: 'EKS access entries and policies do not make an IAM principal cluster-admin',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses an AccessPolicyAssociation of \`${CLUSTER_ADMIN_POLICY.name}\` (which ${CLUSTER_ADMIN_POLICY.why}) that reaches cluster-wide, by ARN in any partition (\`arn:aws:eks::aws:cluster-access-policy/...\`, \`arn:aws-us-gov:\`, \`arn:aws-cn:\`; compared trimmed and without case). ${wideReach} Refuses an AccessEntry whose \`kubernetesGroups\` include \`system:masters\` (bound to cluster-admin and authorized before RBAC, so it cannot be restricted) or any other \`system:\` group, or whose \`userName\` is a \`system:\` user: Kubernetes reserves them for its own components (EKS refuses them too). A \`policyArn\`, \`kubernetesGroups\` or \`userName\` of the wrong type is refused: it cannot be judged. \`${CLUSTER_ADMIN_POLICY.name}\` scoped to ordinary namespaces, or on a cluster this XR composes (named by \`clusterNameRef\` after a composed Cluster, or by a \`clusterNameSelector\` with \`matchControllerRef: true\` where every Cluster the XR composes there is created, not only observed, as Upbound's configuration-aws-eks does for its cluster's requester), is left to \`aws-eks-broad-access\`, which holds it. An observe-only association or entry grants nothing and passes.`,
  references: { checkov: [], trivy: [] },
  kinds: [ASSOCIATION, ENTRY],
  check: (ctx) => (ctx.type.ref === ASSOCIATION_REF ? judgeAssociation(ctx, 'admin') : judgeEntry(ctx)),
}) satisfies Rule;

export const eksBroadAccess = defineRule({
  id: 'aws-eks-broad-access',
  title: 'Broad EKS access policies beyond ordinary namespaces need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval an AccessPolicyAssociation that reaches cluster-wide with ${BROAD_POLICIES.map((p) => `\`${p.name}\` (it ${p.why})`).join('; ')}; one of \`${CLUSTER_ADMIN_POLICY.name}\` scoped to ordinary namespaces (every permission there); and one of \`${CLUSTER_ADMIN_POLICY.name}\` cluster-wide on a cluster this XR composes (named by \`clusterNameRef\` after a composed Cluster, or by a \`clusterNameSelector\` with \`matchControllerRef: true\` where every Cluster the XR composes there is created, not only observed): a new cluster's administrator runs pods with the IAM roles its nodes and pod identities hold, so a person confirms who it is. A cluster named by value in \`clusterName\` may be any cluster of the account, and is refused by \`aws-eks-cluster-admin-access\`. ${wideReach} Within ordinary namespaces these policies are how a team works, and pass. Reads the ARN as \`aws-eks-cluster-admin-access\` does.`,
  references: { checkov: [], trivy: [] },
  kinds: [ASSOCIATION],
  check: (ctx) => judgeAssociation(ctx, 'broad'),
}) satisfies Rule;

/** The EKS access rules, in evaluation order. */
export const EKS_ACCESS_RULES = [eksClusterAdminAccess, eksBroadAccess] as const satisfies readonly Rule[];
