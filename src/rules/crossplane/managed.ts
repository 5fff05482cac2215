/**
 * What the Crossplane rules share: which composed resources are managed
 * resources, which are namespaced, and how a message says a value.
 */
import { isObject } from '../../lang/fieldpath.js';
import { kubernetesBuiltin, type ResourceType } from '../../engine/gvk.js';
import type { KindPredicate } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';

/** The annotation that binds a managed resource to a cloud resource (crossplane-runtime `meta.AnnotationKeyExternalName`). */
export const EXTERNAL_NAME = 'crossplane.io/external-name';

/** Every composed resource outside Kubernetes' own API groups: managed resources, provider configs, nested XRs, any custom resource. */
export const CUSTOM_RESOURCES: KindPredicate = {
  summary: "every custom resource (any kind outside Kubernetes' own API groups): managed resources, provider configs, nested XRs",
  test: (type) => !kubernetesBuiltin(type),
};

/** Kinds that configure a provider rather than manage a cloud resource: they take no provider config themselves. */
export const CONFIG_KINDS: ReadonlySet<string> = new Set(['ProviderConfig', 'ClusterProviderConfig', 'ProviderConfigUsage', 'ClusterProviderConfigUsage', 'StoreConfig']);

/**
 * Managed resources: any kind outside Kubernetes' own groups except provider
 * configs; `takesProviderConfig` then tells a managed resource from another
 * custom resource (a nested XR, a Widget) by what it carries.
 */
export const MANAGED: KindPredicate = {
  summary: "every managed resource (a kind outside Kubernetes' own API groups that takes a provider config)",
  test: (type) => !kubernetesBuiltin(type) && !CONFIG_KINDS.has(type.kind),
};

/**
 * Does this resource take a provider config? An Upbound kind, a kind of a
 * namespaced provider group, or anything with the fields every managed
 * resource has (`forProvider`, `providerConfigRef`, `managementPolicies`),
 * except the provider configs themselves; a nested XR has none of these.
 */
export function takesProviderConfig(type: ResourceType, resource: KubeObject): boolean {
  if (kubernetesBuiltin(type) || CONFIG_KINDS.has(type.kind)) return false;
  if (type.cloud !== undefined || namespacedGroup(type)) return true;
  const spec = isObject(resource.spec) ? resource.spec : undefined;
  return spec !== undefined && (spec.forProvider !== undefined || spec.providerConfigRef !== undefined || spec.managementPolicies !== undefined);
}

/**
 * A namespaced managed resource by its group: Crossplane v2 providers serve
 * them in a group with an `m` label (`s3.aws.m.upbound.io`,
 * `tf.m.upbound.io`, `helm.m.crossplane.io`).
 */
export function namespacedGroup(type: ResourceType): boolean {
  let found = NAMESPACED_GROUPS.get(type);
  if (found === undefined) NAMESPACED_GROUPS.set(type, (found = type.namespaced || type.group.split('.').slice(1).includes('m')));
  return found;
}

/** namespacedGroup's answers, per type (types are shared objects per apiVersion and kind: see gvk.ts). */
const NAMESPACED_GROUPS = new WeakMap<ResourceType, boolean>();

/** `kind.group` for a message: `Bucket.s3.aws.upbound.io`. */
export function kindName(type: ResourceType): string {
  return type.group === '' ? type.kind : `${type.kind}.${type.group}`;
}
