/**
 * Builders for pods and workloads, so a case shows only the field it is
 * about: a container, a pod spec that meets the restricted level, a Pod,
 * and the same pod as the template of any workload kind.
 */
import type { KubeObject } from '../../src/engine/types.js';

export const IMAGE = 'registry.example.com/app:1.0';

/** Requests and a memory limit, so that only what a pod security rule judges is at stake (k8s-requests-limits). */
export const RESOURCES = { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } };

/** A container with nothing set but its name, a pinned image, its resources, and `extra`. */
export function container(name = 'app', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: IMAGE, resources: RESOURCES, ...extra };
}

/** The securityContext every container has at restricted. */
export const RESTRICTED_CONTAINER_CONTEXT = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

/** The pod-level securityContext of a restricted pod. */
export const RESTRICTED_POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/** A container that meets restricted, with its securityContext extended by `context`. */
export function restrictedContainer(name = 'app', context: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return container(name, { securityContext: { ...RESTRICTED_CONTAINER_CONTEXT, ...context }, ...extra });
}

/** A pod spec that meets restricted (one container "app"), with `over` merged in at the top. */
export function restrictedSpec(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { containers: [restrictedContainer()], securityContext: { ...RESTRICTED_POD_CONTEXT }, ...over };
}

/** A v1 Pod. */
export function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'team-a', ...metadata }, spec };
}

/** The workload kinds the engine reads a pod template from, with where the template is. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate', 'Rollout'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const API_VERSION: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  ReplicationController: 'v1',
  PodTemplate: 'v1',
  Rollout: 'argoproj.io/v1alpha1',
};

/** Where the pod template is in a workload of `kind`. */
export function templatePath(kind: WorkloadKind): string[] {
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  if (kind === 'PodTemplate') return ['template'];
  return ['spec', 'template'];
}

/** A workload of `kind` whose pods have `spec` (and template `metadata`). */
export function workload(kind: WorkloadKind, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  const template = { metadata: { labels: { app: 'app' }, ...metadata }, spec };
  const head = { apiVersion: API_VERSION[kind], kind, metadata: { name: 'app', namespace: 'team-a' } };
  if (kind === 'PodTemplate') return { ...head, template };
  if (kind === 'CronJob') return { ...head, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
  return { ...head, spec: { selector: { matchLabels: { app: 'app' } }, template } };
}
