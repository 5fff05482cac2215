/**
 * Builders for the Azure rules: a managed resource of an Azure kind in one
 * of its served shapes, with a location. The one-field cases come from
 * `guardCases` (aws-data.ts), which is generic over the kind builder.
 */
import type { KubeObject } from '../../src/engine/types.js';
import { resource, type Group } from '../builders.js';
import { served, type Served } from './aws-data.js';

/** `storage.azure.upbound.io` or `storage.azure.m.upbound.io`. */
export function azureGroup(service: string, group: Group): string {
  return `${service}.azure.${group === 'namespaced' ? 'm.' : ''}upbound.io`;
}

/** A managed resource of `service`/`kind` in the group and version of `s`, in westeurope. */
export function azureResource(service: string, kind: string, s: Served, forProvider: Record<string, unknown> = {}): KubeObject {
  return resource(`${azureGroup(service, s.group)}/${s.version}`, kind, { location: 'westeurope', ...forProvider });
}

/** The same, for a kind without a location (a rule, a configuration, a node pool). */
export function azureChild(service: string, kind: string, s: Served, forProvider: Record<string, unknown> = {}): KubeObject {
  return resource(`${azureGroup(service, s.group)}/${s.version}`, kind, forProvider);
}

/** The same, with metadata (a name, labels) for resources that others refer to. */
export function named(obj: KubeObject, metadata: Record<string, unknown>): KubeObject {
  return { ...obj, metadata };
}

/** Every served shape of a kind that has cluster-scoped v1beta1 and v1beta2 and namespaced v1beta1 (provider-upjet-azure a983cb478cbd). */
export const THREE_SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

/** Every served shape of a kind served only as v1beta1 in both groups. */
export const TWO_SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

/** The Guard fields of a string guardrail: `safe` is safe, `unsafe` is not, a number is malformed. */
export function stringGuard(safe: string, unsafe: string) {
  return { safe, unsafe, unsafeText: JSON.stringify(unsafe), malformed: 12, malformedText: 'number 12', type: 'a string' };
}
