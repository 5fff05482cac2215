/**
 * Crossplane's own fields of a managed resource, read the way Crossplane
 * reads them: which provider config (and so which account) it acts through,
 * and whether Crossplane creates and updates it.
 */
import { canonicalJson } from '../../lang/canonical.js';
import { isObject } from '../../lang/fieldpath.js';
import type { ResourceType } from '../../engine/gvk.js';
import type { KubeObject } from '../../engine/types.js';

/**
 * The provider config a managed resource uses, with the CRD defaults filled
 * in (`name: default`; on a namespaced `*.m.upbound.io` kind also
 * `kind: ClusterProviderConfig`), as canonical JSON: two resources act
 * through the same credentials exactly when these are equal.
 */
export function providerConfigOf(type: ResourceType, obj: KubeObject): string {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const ref = spec.providerConfigRef;
  if (ref !== undefined && !isObject(ref)) return canonicalJson(ref); // malformed: equal only to the same malformed value
  const given = ref ?? {};
  return canonicalJson({
    ...given,
    name: given.name ?? 'default',
    ...(type.namespaced ? { kind: given.kind ?? 'ClusterProviderConfig' } : {}),
  });
}

/**
 * Crossplane creates and updates it: `managementPolicies` absent, or naming
 * `*`, or both `Create` and `Update`. A resource it only observes, or never
 * updates, cannot stand in for a safeguard guardrails would add.
 */
export function fullyManaged(obj: KubeObject): boolean {
  const policies = isObject(obj.spec) ? obj.spec.managementPolicies : undefined;
  if (policies === undefined || policies === null) return true;
  if (!Array.isArray(policies)) return false;
  return policies.includes('*') || (policies.includes('Create') && policies.includes('Update'));
}
