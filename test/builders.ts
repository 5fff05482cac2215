/**
 * Builders for test fixtures, so a case shows only what matters to it.
 * Each builds a composed resource in one of the four shapes the providers
 * have: cluster-scoped v1beta1 (array blocks) or a later version, and
 * namespaced `*.m.upbound.io` (object blocks).
 */
import type { EngineRequest } from '../src/engine/engine.js';
import type { KubeObject } from '../src/engine/types.js';
import { GuardrailsSchema } from '../src/input/schema.js';

export type Group = 'cluster' | 'namespaced';

/** `rds.aws.upbound.io` or `rds.aws.m.upbound.io`. */
export function awsGroup(service: string, group: Group): string {
  return `${service}.aws.${group === 'namespaced' ? 'm.' : ''}upbound.io`;
}

export function managed(apiVersion: string, kind: string, forProvider: Record<string, unknown>): KubeObject {
  return { apiVersion, kind, spec: { forProvider: { region: 'eu-west-1', ...forProvider } } };
}

export function rdsInstance(forProvider: Record<string, unknown> = {}, opts: { group?: Group; version?: string } = {}): KubeObject {
  const group = opts.group ?? 'cluster';
  const version = opts.version ?? (group === 'namespaced' ? 'v1beta1' : 'v1beta3');
  return managed(`${awsGroup('rds', group)}/${version}`, 'Instance', { instanceClass: 'db.t3.micro', engine: 'postgres', ...forProvider });
}

export function rdsCluster(forProvider: Record<string, unknown> = {}, opts: { group?: Group; version?: string } = {}): KubeObject {
  const group = opts.group ?? 'cluster';
  const version = opts.version ?? (group === 'namespaced' ? 'v1beta1' : 'v1beta2');
  return managed(`${awsGroup('rds', group)}/${version}`, 'Cluster', { engine: 'aurora-postgresql', ...forProvider });
}

export function bucket(opts: { group?: Group; version?: string; metadata?: KubeObject; forProvider?: Record<string, unknown>; spec?: KubeObject } = {}): KubeObject {
  const group = opts.group ?? 'cluster';
  const version = opts.version ?? (group === 'namespaced' ? 'v1beta1' : 'v1beta2');
  return {
    apiVersion: `${awsGroup('s3', group)}/${version}`,
    kind: 'Bucket',
    ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
    spec: { forProvider: { region: 'eu-west-1', ...opts.forProvider }, ...opts.spec },
  };
}

export function s3(kind: string, forProvider: Record<string, unknown>, opts: { group?: Group; version?: string } = {}): KubeObject {
  const group = opts.group ?? 'cluster';
  return managed(`${awsGroup('s3', group)}/${opts.version ?? 'v1beta1'}`, kind, forProvider);
}

export function sgRule(forProvider: Record<string, unknown>, group: Group = 'cluster'): KubeObject {
  return managed(`${awsGroup('ec2', group)}/v1beta1`, 'SecurityGroupRule', { type: 'ingress', protocol: 'tcp', ...forProvider });
}

export function ingressRule(forProvider: Record<string, unknown>, group: Group = 'cluster'): KubeObject {
  return managed(`${awsGroup('ec2', group)}/v1beta1`, 'SecurityGroupIngressRule', { ipProtocol: 'tcp', ...forProvider });
}

export function xr(metadata: KubeObject = {}, status?: KubeObject): KubeObject {
  return {
    apiVersion: 'platform.example.org/v1alpha1',
    kind: 'XDatabase',
    metadata: { name: 'orders', ...metadata },
    spec: {},
    ...(status !== undefined ? { status } : {}),
  };
}

/** A validated Input from a partial one. */
export function input(partial: Record<string, unknown> = {}) {
  return GuardrailsSchema.parse({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', ...partial });
}

export function engineRequest(desired: Record<string, KubeObject>, opts: Partial<Omit<EngineRequest, 'desired'>> = {}): EngineRequest {
  return {
    input: opts.input ?? input(),
    composite: opts.composite ?? xr(),
    observed: opts.observed ?? {},
    desired,
    ...(opts.schemas ? { schemas: opts.schemas } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
    ...(opts.approvals !== undefined ? { approvals: opts.approvals } : {}),
  };
}

/** A managed resource with only `spec.forProvider`: for kinds without a region (GCP) or a shape no other builder has. */
export function resource(apiVersion: string, kind: string, forProvider: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, spec: { forProvider } };
}

/**
 * What the engine emits after injecting into `obj`: a deep copy with
 * `fields` merged into `spec.forProvider` (shallowly) and the
 * `guardrails.fn.crossplane.io/mutated-by` annotation set to `mutatedBy`
 * (the rule IDs, sorted, joined by commas).
 */
export function injected(obj: KubeObject, fields: Record<string, unknown>, mutatedBy: string): KubeObject {
  const out = structuredClone(obj);
  const spec = (out.spec ?? {}) as Record<string, unknown>;
  spec.forProvider = { ...(spec.forProvider as Record<string, unknown> | undefined), ...fields };
  out.spec = spec;
  const metadata = (out.metadata ?? {}) as Record<string, unknown>;
  metadata.annotations = { ...(metadata.annotations as Record<string, string> | undefined), 'guardrails.fn.crossplane.io/mutated-by': mutatedBy };
  out.metadata = metadata;
  return out;
}

/**
 * A provider-kubernetes Object carrying `manifest`: cluster-scoped
 * `kubernetes.crossplane.io/v1alpha2` or namespaced `kubernetes.m.crossplane.io/v1alpha1`.
 */
export function carried(manifest: KubeObject, group: Group = 'cluster'): KubeObject {
  return {
    apiVersion: group === 'namespaced' ? 'kubernetes.m.crossplane.io/v1alpha1' : 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    spec: { forProvider: { manifest }, providerConfigRef: { name: 'in-cluster' } },
  };
}

/** What the engine emits after injecting `fields` into the forProvider of the manifest an Object carries. */
export function injectedCarried(obj: KubeObject, fields: Record<string, unknown>, mutatedBy: string, group: Group = 'cluster'): KubeObject {
  const manifest = structuredClone(obj);
  const spec = (manifest.spec ?? {}) as Record<string, unknown>;
  spec.forProvider = { ...(spec.forProvider as Record<string, unknown> | undefined), ...fields };
  manifest.spec = spec;
  return { ...carried(manifest, group), metadata: { annotations: { 'guardrails.fn.crossplane.io/mutated-by': mutatedBy } } };
}
