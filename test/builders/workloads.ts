/**
 * Builders and a table runner for the rules on pods: one case, written once
 * against a pod spec, is run in every shape a pod reaches a cluster in: a
 * bare Pod, a Deployment and a CronJob (whose pod templates the engine judges
 * as Pods), each composed directly and carried by a provider-kubernetes
 * Object of either group. Findings and mutations are written relative to the
 * pod (`spec.containers[0].image`) and moved to where each shape has it.
 */
import { ANNOTATION_MUTATED_BY } from '../../src/engine/engine.js';
import type { Rule } from '../../src/engine/rule.js';
import type { Finding, KubeObject, Mutation } from '../../src/engine/types.js';
import type { Guardrails } from '../../src/input/schema.js';
import { carried, type Group } from '../builders.js';
import { NAME, SAME, type Case } from './aws-data.js';

/** One way a pod spec reaches a cluster. */
export interface PodShape {
  label: string;
  wrap(spec: KubeObject): KubeObject;
  /** Where the pod (its metadata and spec) is inside the composed resource, with a trailing dot: `spec.template.`. */
  prefix: string;
}

const WORKLOADS: readonly PodShape[] = [
  { label: 'a bare Pod', prefix: '', wrap: (spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team-a' }, spec }) },
  {
    label: 'a Deployment',
    prefix: 'spec.template.',
    wrap: (spec) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } },
    }),
  },
  {
    label: 'a CronJob',
    prefix: 'spec.jobTemplate.spec.template.',
    wrap: (spec) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'team-a' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', ...spec } } } } },
    }),
  },
];

const MANIFEST = 'spec.forProvider.manifest.';

/** Every workload, composed and carried by an Object of each group. */
export const POD_SHAPES: readonly PodShape[] = [
  ...WORKLOADS,
  ...(['cluster', 'namespaced'] as const satisfies readonly Group[]).flatMap((group) =>
    WORKLOADS.map(
      (w): PodShape => ({
        label: `${w.label} in a ${group === 'cluster' ? 'cluster-scoped' : 'namespaced'} Object`,
        prefix: `${MANIFEST}${w.prefix}`,
        wrap: (spec) => carried(w.wrap(spec), group),
      }),
    ),
  ),
];

/** A container, with only what a case needs. */
export const container = (name: string, fields: KubeObject = {}): KubeObject => ({ name, image: 'registry.example.com/team/app:1.4.2', ...fields });

export interface PodCase {
  name: string;
  reason: string;
  spec: KubeObject;
  input?: Guardrails;
  want: { findings?: PodFinding[]; mutations?: { path: string; value: unknown }[]; fixed?: KubeObject };
}

/** A finding at a pod path; the rule is the case's, Deny unless said. */
export interface PodFinding {
  path: string;
  message: string;
  action?: Finding['action'];
  /** The value a Mutate would set here (`Finding.fix`), for a missing value reported under another action. */
  fix?: unknown;
}

/** Each case in each shape, as the engine runs it, with `rule` alone. */
export function podCases(rule: Rule, cases: readonly PodCase[]): Case[] {
  return POD_SHAPES.flatMap((shape) =>
    cases.map((c): Case => {
      const at = (path: string) => `${shape.prefix}${path}`;
      const findings = (c.want.findings ?? []).map(
        (f): Finding => ({
          resource: NAME,
          rule: rule.id,
          action: f.action ?? 'Deny',
          path: at(f.path),
          message: f.message,
          ...(f.fix !== undefined ? { fix: { path: at(f.path), value: f.fix } } : {}),
        }),
      );
      const mutations = (c.want.mutations ?? []).map((m): Mutation => ({ resource: NAME, rule: rule.id, path: at(m.path), value: m.value }));
      return {
        name: `${c.name}, ${shape.label}`,
        reason: c.reason,
        resource: shape.wrap(structuredClone(c.spec)),
        rules: [rule],
        ...(c.input !== undefined ? { input: c.input } : {}),
        want: { desired: c.want.fixed === undefined ? SAME : mutatedBy(shape.wrap(structuredClone(c.want.fixed)), rule.id), mutations, findings },
      };
    }),
  );
}

/** `obj` with the engine's mutated-by annotation on the composed resource itself. */
function mutatedBy(obj: KubeObject, ids: string): KubeObject {
  const metadata = (obj.metadata ?? {}) as KubeObject;
  return { ...obj, metadata: { ...metadata, annotations: { ...(metadata.annotations as KubeObject | undefined), [ANNOTATION_MUTATED_BY]: ids } } };
}
