/**
 * The Pod Security Standards as the reference implementation applies them
 * (k8s.io/pod-security-admission, `policy/check_*.go`): which level a control
 * belongs to, from which version of the standard a check or a difference
 * applies, and how a control reads the fields of a pod. Every PSS rule is
 * built here, so each acts only where the Input's `podSecurity.level`
 * includes it and `podSecurity.version` has it, and names the container and
 * the field it judges.
 */
import type { z } from 'zod';
import { formatFieldPath, isObject, type Segment } from '../../../lang/fieldpath.js';
import { defineRule, refOf, type KindPredicate, type PodSecurityLevel, type Rule, type RuleContext, type RuleParams, type RuleSpec } from '../../../engine/rule.js';
import type { Guardrails } from '../../../input/schema.js';
import { describe } from '../../params.js';
import { containersOf, objectAt, podSpec, POD, type ContainerAt } from '../pods.js';

/**
 * The minor version of the standard the Input asks for: `v1.N` is N, and
 * `latest` is every check and difference this function knows (the newest,
 * v1.37). A pinned version newer than that is the same as latest, as the
 * reference implementation clamps it to the newest check it has.
 */
export function minorOf(input: Guardrails): number {
  const { version } = input.podSecurity;
  return version === 'latest' ? Number.POSITIVE_INFINITY : Number(version.slice('v1.'.length));
}

/** Does the Input's level include controls of `level`? `privileged` includes none, `restricted` both. */
export function levelIncludes(input: Guardrails, level: PodSecurityLevel): boolean {
  const wanted = input.podSecurity.level;
  return wanted === 'restricted' || (wanted === 'baseline' && level === 'baseline');
}

/** Is the Input's level restricted, from version `since` on? For the part of a control the restricted level adds. */
export function restrictedFrom(input: Guardrails, since: number): boolean {
  return input.podSecurity.level === 'restricted' && minorOf(input) >= since;
}

/** What every PSS rule reads: the engine hands it every Pod and every workload's pod template as a Pod. */
const PODS: KindPredicate = {
  summary:
    'every Pod, and the pod template of every workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate, Argo Rollout), composed or carried by an Object',
  test: (type) => POD.some((k) => refOf(k) === type.ref),
};

/** A pod whose Linux-only requirements the standard waives, from v1.25: `spec.os.name: windows`. */
export const WINDOWS_EXEMPT_SINCE = 25;

/** A pod in a user namespace (`spec.hostUsers: false`), for which v1.35 relaxes `runAsNonRoot`, `runAsUser` and, at baseline, `procMount`. */
export const USER_NAMESPACE_RELAXED_SINCE = 35;

export function inUserNamespace(spec: Record<string, unknown>): boolean {
  return spec.hostUsers === false;
}

export interface PssSpec<P extends RuleParams> extends Omit<RuleSpec<P>, 'kinds' | 'configured' | 'defaultAction' | 'podSecurity' | 'reads' | 'check'> {
  level: PodSecurityLevel;
  /** What the restricted level adds to a baseline control, for the description and the rules reference. */
  restricted?: string;
  /** The first version of the standard with the check (`1.23` for runAsUser): a pinned older version does not run it. */
  since?: number;
  /** Judges the pod spec of a Pod or pod template. */
  check(ctx: RuleContext, spec: Record<string, unknown>, params: Partial<z.output<P>>): void;
}

/**
 * A Pod Security Standards rule: on every Pod and pod template, default
 * action Mutate (refuse explicit unsafe values, inject absent safe ones
 * where the standard has one), running only where the Input's level and
 * version include the control.
 */
export function pssRule<P extends RuleParams>(spec: PssSpec<P>): Rule {
  const { level, restricted, since = 0, check, description, ...rest } = spec;
  const where = since > 0 ? ` From v1.${since}.` : '';
  return defineRule<P>({
    ...rest,
    defaultAction: 'Mutate',
    kinds: PODS,
    podSecurity: { level, ...(restricted !== undefined ? { restricted } : {}) },
    description: `Pod Security Standards, ${level}${restricted !== undefined ? ' (stricter at restricted)' : ''}.${where} ${description}`,
    configured: (_params, input) => levelIncludes(input, level) && minorOf(input) >= since,
    check(ctx, params) {
      const podSpecOf = podSpec(ctx);
      if (podSpecOf !== undefined) check(ctx, podSpecOf, params);
    },
  });
}

/** A field read from a pod: absent (undefined or null), or its value with its path, as segments and as text. */
export interface Field {
  value: unknown;
  segments: Segment[];
  path: string;
}

/** The field at `path` under `base` (a path inside the pod), or undefined where it or an object on the way is absent. */
export function fieldAt(obj: Record<string, unknown> | undefined, base: readonly Segment[], path: readonly string[]): Field | undefined {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
    if (cur === undefined || cur === null) return undefined;
  }
  if (cur === undefined || cur === null || path.length === 0) return undefined;
  const segments = [...base, ...path];
  // The path as text is for findings: formatted when first read.
  let text: string | undefined;
  return {
    value: cur,
    segments,
    get path() {
      return (text ??= formatFieldPath(segments));
    },
  };
}

/**
 * Every object on the way to `path` under `obj` is an object, or absent:
 * else the field cannot be read, and that is refused (`path` names the
 * first step that is not an object). The engine has already checked the
 * security contexts and capabilities; this covers what lies deeper
 * (`seLinuxOptions`, `windowsOptions`, `seccompProfile`, probes).
 */
export function reachable(ctx: RuleContext, obj: Record<string, unknown> | undefined, base: readonly Segment[], path: readonly string[], who?: string): boolean {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (cur === undefined || cur === null) return true;
    if (!isObject(cur)) {
      const at = formatFieldPath([...base, ...path.slice(0, i)]);
      ctx.unsafe(at, `${prefix(who)}${at} is ${describe(cur)}, not an object; it cannot be checked`);
      return false;
    }
    cur = cur[path[i]!];
  }
  return true;
}

/** `container "app": ` before a message about one container; nothing for the pod. */
export function prefix(who: string | undefined): string {
  return who === undefined ? '' : `${who}: `;
}

/** The type a field must have, as a message says it. */
export type FieldType = 'boolean' | 'string' | 'integer';

/** Does `value` have the type? A malformed value is refused, never passed (fail closed). */
export function typed(value: unknown, type: FieldType): boolean {
  return type === 'integer' ? Number.isInteger(value) : typeof value === type;
}

/** Refuses a value of the wrong type, naming who sets it, the path and what it is. */
export function malformed(ctx: RuleContext, field: Field, type: FieldType, who?: string): void {
  ctx.unsafe(field.path, `${prefix(who)}${field.path} must be ${type === 'integer' ? 'an integer' : `a ${type}`}, got ${describe(field.value)}`);
}

/** The pod's security context, or undefined; the engine has checked it is an object where set. */
export function podContext(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  return objectAt(spec, 'securityContext');
}

/** A container's security context, with its path inside the pod. */
export function containerContext(c: ContainerAt): { context: Record<string, unknown> | undefined; at: Segment[] } {
  return { context: objectAt(c.container, 'securityContext'), at: [...c.at, 'securityContext'] };
}

export { containersOf };

/**
 * The pod's annotations whose key passes `test`, each with its path
 * (`metadata.annotations[...]`). Annotations that are not an object of
 * strings cannot be read: refused.
 */
export function annotationsWhere(ctx: RuleContext, test: (key: string) => boolean): { key: string; value: string; path: string }[] {
  const metadata = ctx.resource.metadata;
  if (metadata === undefined || metadata === null) return [];
  if (!isObject(metadata)) {
    ctx.unsafe('metadata', `metadata is ${describe(metadata)}, not an object; the pod's annotations cannot be checked`);
    return [];
  }
  const annotations = metadata.annotations;
  if (annotations === undefined || annotations === null) return [];
  if (!isObject(annotations)) {
    ctx.unsafe('metadata.annotations', `metadata.annotations is ${describe(annotations)}, not an object; it cannot be checked`);
    return [];
  }
  const out: { key: string; value: string; path: string }[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!test(key)) continue;
    const path = formatFieldPath(['metadata', 'annotations', key]);
    if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    else out.push({ key, value, path });
  }
  return out;
}

/** Who sets a security context: the pod, or one container. */
export interface Setter {
  /** `undefined` for the pod; `container "app"` for a container. */
  who: string | undefined;
  context: Record<string, unknown> | undefined;
  /** The path of the security context inside the pod. */
  at: Segment[];
}

/** The pod's security context, then every container's. */
export function setters(spec: Record<string, unknown>): Setter[] {
  return [
    { who: undefined, context: podContext(spec), at: ['spec', 'securityContext'] },
    ...containersOf(spec).map((c): Setter => ({ who: c.label, ...containerContext(c) })),
  ];
}
