/** Identity and provider shape of a composed resource, derived from its apiVersion and kind. */

export type Cloud = 'aws' | 'azure' | 'gcp';

export interface ResourceType {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  /** The Upbound provider family, when the group is one of theirs. */
  cloud?: Cloud;
  /** Namespaced `*.m.upbound.io` group (Crossplane v2 managed resources). */
  namespaced: boolean;
  /**
   * How the provider renders a single nested block (EKS `vpcConfig`, S3
   * `applyServerSideEncryptionByDefault`): as a one-element array in
   * cluster-scoped v1alpha/v1beta1 CRDs, as an object in v1beta2+ and in
   * every namespaced `*.m.upbound.io` CRD.
   */
  blocks: 'array' | 'object';
  /**
   * What catalog rules match on, computed once: `cloud/service/Kind`
   * (`aws/rds/Instance`) for an Upbound provider kind, whichever of its
   * groups and versions; `group/Kind` for any other kind, the core group
   * spelled `core` (`core/ConfigMap`, `rbac.authorization.k8s.io/Role`).
   * The two cannot collide: a CRD's group always has a dot.
   */
  ref: string;
}

const UPBOUND_GROUP = /\.(aws|azure|gcp)(\.m)?\.upbound\.io$/;

/**
 * Types worked out so far, by `apiVersion` and `kind`: a request names few
 * kinds many times, and every rule lookup starts here. Bounded, since the
 * names come from the request; past the bound a type is worked out afresh.
 */
const TYPES = new Map<string, Map<string, ResourceType>>();
const MAX_CACHED_TYPES = 4096;
let cachedTypes = 0;

/**
 * The type of an object with a non-empty string `apiVersion` and `kind`. The
 * same names give the same frozen object, so callers may key caches on it.
 */
export function resourceType(obj: Record<string, unknown>): ResourceType | undefined {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    return undefined;
  }
  let kinds = TYPES.get(apiVersion);
  let type = kinds?.get(kind);
  if (type === undefined) {
    type = typeOf(apiVersion, kind);
    if (cachedTypes < MAX_CACHED_TYPES) {
      if (kinds === undefined) TYPES.set(apiVersion, (kinds = new Map()));
      kinds.set(kind, type);
      cachedTypes++;
    }
  }
  return type;
}

function typeOf(apiVersion: string, kind: string): ResourceType {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const m = UPBOUND_GROUP.exec(group);
  const namespaced = m?.[2] !== undefined;
  const blocks = namespaced || !/^v1(alpha|beta)1$/.test(version) ? 'object' : 'array';
  const cloud = m?.[1] as Cloud | undefined;
  const ref = cloud === undefined ? `${group === '' ? 'core' : group}/${kind}` : `${cloud}/${group.split('.')[0]}/${kind}`;
  return Object.freeze({ apiVersion, group, version, kind, cloud, namespaced, blocks, ref });
}

/** `s3.aws.upbound.io` -> `s3`: the service part of an Upbound group. */
export function service(type: ResourceType): string {
  return type.group.split('.')[0] ?? '';
}

/** Groups Kubernetes serves itself (beside every `*.k8s.io`): what they hold is never a managed resource. */
const BUILTIN_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);

/**
 * A kind of Kubernetes' own API groups: core (`v1`), `apps`, `batch`,
 * `autoscaling`, `policy`, `extensions`, or any `*.k8s.io` (`rbac.authorization.k8s.io`,
 * `networking.k8s.io`, ...). Anything else a Composition emits, an Upbound kind or
 * not, is treated as a managed resource, so rules on Crossplane's own fields
 * reach every provider.
 */
export function kubernetesBuiltin(type: ResourceType): boolean {
  return BUILTIN_GROUPS.has(type.group) || type.group === 'k8s.io' || type.group.endsWith('.k8s.io');
}
