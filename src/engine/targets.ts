/**
 * What a composed resource puts in front of the rules: the resource itself,
 * and whatever it carries that will become an object somewhere else — the
 * manifest of a provider-kubernetes `Object`, which provider-kubernetes
 * applies to a cluster as is. Every rule judges every target, so a public
 * database is refused whether it is composed directly or wrapped.
 *
 * Targets are computed once per composed resource, in the engine, before
 * any rule; so are the preconditions (observe-only, readable) that decide
 * which rules may run on a target.
 */
import { formatFieldPath, getPath, isObject, type Segment } from '../lang/fieldpath.js';
import { kubernetesBuiltin, resourceType, type ResourceType } from './gvk.js';
import type { KubeObject } from './types.js';

/** A resource that carries another object at a path, e.g. a provider-kubernetes Object's manifest. */
interface CarrierKind {
  /** Does this kind carry an object? */
  matches(type: ResourceType): boolean;
  /** Where the carried object is. */
  path: readonly Segment[];
  /** How the carried object is called in messages. */
  noun: string;
  /** The type of what it carries, where the carried object does not say (a pod template is a Pod); else its own apiVersion and kind. */
  carries?: ResourceType;
}

/** The type a pod template is judged as: the Pod it makes. */
export const POD_TEMPLATE_TYPE: ResourceType = resourceType({ apiVersion: 'v1', kind: 'Pod' })!;

/** Workload kinds whose pods are made from a template, and where the template is; every version of each group. */
const WORKLOADS: readonly { groups: readonly string[]; kinds: readonly string[]; path: readonly Segment[] }[] = [
  // apps/v1, and the extensions/v1beta1 and apps/v1beta* versions older clusters served.
  { groups: ['apps', 'extensions'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], path: ['spec', 'template'] },
  { groups: ['batch'], kinds: ['Job'], path: ['spec', 'template'] },
  { groups: ['batch'], kinds: ['CronJob'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
  { groups: [''], kinds: ['ReplicationController'], path: ['spec', 'template'] },
  { groups: [''], kinds: ['PodTemplate'], path: ['template'] },
  // Argo Rollouts replaces a Deployment with the same pod template.
  { groups: ['argoproj.io'], kinds: ['Rollout'], path: ['spec', 'template'] },
];

/**
 * - provider-kubernetes `Object`: cluster-scoped `kubernetes.crossplane.io`
 *   (v1alpha1, v1alpha2) and namespaced `kubernetes.m.crossplane.io`
 *   (v1alpha1), every version, manifest at `spec.forProvider.manifest`;
 * - a workload's pod template, judged as the Pod it makes.
 */
const CARRIERS: readonly CarrierKind[] = [
  {
    matches: (t) => t.kind === 'Object' && (t.group === 'kubernetes.crossplane.io' || t.group === 'kubernetes.m.crossplane.io'),
    path: ['spec', 'forProvider', 'manifest'],
    noun: 'manifest',
  },
  ...WORKLOADS.flatMap((w) =>
    w.kinds.map((kind): CarrierKind => ({ matches: (t) => t.kind === kind && w.groups.includes(t.group), path: w.path, noun: 'pod template', carries: POD_TEMPLATE_TYPE })),
  ),
];

/** An Object may carry an Object (that a provider-kubernetes in another cluster applies); this deep and no deeper. */
export const MAX_CARRIER_DEPTH = 4;

/** A carrier a target is inside of: the object that carries it, and where. */
export interface Carrier {
  type: ResourceType;
  object: KubeObject;
  /** The carrier's own path inside the composed resource. */
  at: readonly Segment[];
}

export interface Target {
  /** Its path inside the composed resource: `[]` for the resource itself. */
  at: readonly Segment[];
  object: KubeObject;
  type: ResourceType;
  /** The objects it is carried in, outermost first; empty for the resource itself. */
  carriers: readonly Carrier[];
}

/** Something that makes a carried object impossible to judge: refused, never passed. */
export interface TargetProblem {
  path: string;
  message: string;
}

/**
 * The targets of a composed resource, the resource itself first, then what
 * it carries, depth first. A carried object that is not an object, has no
 * apiVersion/kind, or is nested too deep cannot be judged: it is reported.
 */
export function targetsOf(resource: KubeObject, type: ResourceType): { targets: Target[]; problems: TargetProblem[] } {
  const targets: Target[] = [];
  const problems: TargetProblem[] = [];
  const visit = (object: KubeObject, t: ResourceType, at: readonly Segment[], carriers: readonly Carrier[]) => {
    targets.push({ at, object, type: t, carriers });
    const kinds = carrierKinds(t);
    if (kinds.length === 0) return;
    // What an observe-only carrier holds is never applied: nothing to report about it.
    const report = (problem: TargetProblem) => {
      if (!observeOnlyAs(object, t) && !carriers.some((c) => observeOnlyAs(c.object, c.type))) problems.push(problem);
    };
    for (const carrier of kinds) {
      const path = [...at, ...carrier.path];
      // A step on the way that is there but is no object (a CronJob's `jobTemplate: "x"`) hides the template: unreadable
      // (`spec` itself is skipOf's to report).
      const blocked = carrier.path.findIndex((_, i) => i > 1 && !isAbsentOrObject(getPath(object, carrier.path.slice(0, i))));
      const reached = blocked < 0 ? carrier.path.length : blocked;
      const where = formatFieldPath([...at, ...carrier.path.slice(0, reached)]);
      const carried = getPath(object, carrier.path.slice(0, reached));
      if (carried === undefined || carried === null) continue; // nothing carried: the API server refuses an Object without one
      if (!isObject(carried)) {
        report({ path: where, message: `${where} is ${kindOf(carried)}, not an object; what it would create cannot be checked` });
        continue;
      }
      const carriedType = carrier.carries ?? resourceType(carried);
      if (carriedType === undefined) {
        report({ path: where, message: `${where} has no apiVersion and kind; what it would create cannot be checked` });
        continue;
      }
      if (carriers.length + 1 > MAX_CARRIER_DEPTH) {
        report({ path: where, message: `${where} is carried more than ${MAX_CARRIER_DEPTH} levels deep; it cannot be checked` });
        continue;
      }
      visit(carried, carriedType, path, [...carriers, { type: t, object, at }]);
    }
  };
  visit(resource, type, [], []);
  return { targets, problems };
}

export type TargetsOf = (resource: KubeObject, type: ResourceType) => { targets: Target[]; problems: TargetProblem[] };

/**
 * targetsOf, remembered per object: for one request, whose objects nobody
 * changes, so the engine's passes and the requirements read each resource
 * once.
 */
export function rememberedTargets(): TargetsOf {
  const found = new WeakMap<KubeObject, ReturnType<TargetsOf>>();
  return (obj, type) => {
    let t = found.get(obj);
    if (t === undefined) found.set(obj, (t = targetsOf(obj, type)));
    return t;
  };
}

/** Whether a kind carries objects of its own (an Object's manifest, a workload's pod template): its only target is itself if not. */
export function carries(type: ResourceType): boolean {
  return carrierKinds(type).length > 0;
}

/** The carrier kinds a type is, worked out once per type (types are shared objects: see gvk.ts). */
const CARRIER_KINDS = new WeakMap<ResourceType, readonly CarrierKind[]>();

function carrierKinds(type: ResourceType): readonly CarrierKind[] {
  let kinds = CARRIER_KINDS.get(type);
  if (kinds === undefined) CARRIER_KINDS.set(type, (kinds = CARRIERS.filter((c) => c.matches(type))));
  return kinds;
}

/**
 * The same targets in a deep copy of the resource they were found in (the
 * engine's draft): each target and carrier is the object at the same path
 * in `copy`. Cheaper than finding them again, and the same by construction.
 */
export function rebase(targets: readonly Target[], copy: KubeObject): Target[] {
  const at = (path: readonly Segment[]) => (path.length === 0 ? copy : (getPath(copy, path) as KubeObject));
  return targets.map((t) => ({
    at: t.at,
    object: at(t.at),
    type: t.type,
    carriers: t.carriers.length === 0 ? t.carriers : t.carriers.map((c) => ({ type: c.type, object: at(c.at), at: c.at })),
  }));
}

/**
 * Where a target will be applied: the chain of carriers (kind and the
 * provider config they apply through). Two targets with the same placement
 * end up in the same account or cluster, so one can stand in for the other
 * (an author's bucket encryption for the one guardrails would add).
 */
export function placementOf(carriers: readonly Carrier[]): string {
  if (carriers.length === 0) return '[]';
  return JSON.stringify(carriers.map((c) => [c.type.group, c.type.kind, getPath(c.object, ['spec', 'providerConfigRef']) ?? null]));
}

/**
 * Why rules must not judge a target:
 * - `carried-by-observe-only`: an observe-only Object applies nothing it
 *   carries, so no rule judges what is inside;
 * - `observe-only`: Crossplane never writes the target's parameters, so
 *   rules that read them do not judge it (rules that read the object as a
 *   whole still do: adopting a resource is done by an observe-only one too);
 * - `unreadable`: its spec cannot be read, so rules that read parameters
 *   cannot judge it; the engine refuses it once instead.
 */
export type Skip =
  | { reason: 'carried-by-observe-only' | 'observe-only'; path: string }
  | { reason: 'unreadable'; path: string; message: string };

/**
 * The first reason to skip rules on a target, if any. Observe-only comes
 * before unreadable: a spec that Crossplane never writes harms nobody.
 */
export function skipOf(target: Target): Skip | undefined {
  const carrier = target.carriers.find((c) => observeOnlyAs(c.object, c.type));
  if (carrier !== undefined) return { reason: 'carried-by-observe-only', path: formatFieldPath([...carrier.at, 'spec', 'managementPolicies']) };
  if (observeOnlyAs(target.object, target.type)) return { reason: 'observe-only', path: formatFieldPath([...target.at, 'spec', 'managementPolicies']) };
  const spec = target.object.spec;
  if (spec !== undefined && !isObject(spec)) {
    const at = formatFieldPath([...target.at, 'spec']);
    return { reason: 'unreadable', path: at, message: `${at} is ${kindOf(spec)}, not an object; the resource cannot be checked` };
  }
  for (const block of ['forProvider', 'initProvider']) {
    const params = isObject(spec) ? spec[block] : undefined;
    if (params !== undefined && params !== null && !isObject(params)) {
      const at = formatFieldPath([...target.at, 'spec', block]);
      return { reason: 'unreadable', path: at, message: `${at} is ${kindOf(params)}, not an object; the resource cannot be checked` };
    }
  }
  if (target.type.ref === POD_TEMPLATE_TYPE.ref && isObject(spec)) {
    const problem = podShapeProblem(spec);
    if (problem !== undefined) {
      const at = formatFieldPath([...target.at, 'spec', ...problem.path]);
      return { reason: 'unreadable', path: at, message: `${at} is ${kindOf(problem.value)}, not ${problem.want}; what the pod runs cannot be checked` };
    }
  }
  return undefined;
}

/** The lists of containers a pod spec holds. */
export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * The first part of a pod spec that has the wrong shape for the rules to
 * read: a container list that is not a list of objects, a security context,
 * resources or volume that is not an object. Every rule on pods reads these,
 * so one unreadable part is refused once, by the engine, not by each rule.
 */
function podShapeProblem(spec: Record<string, unknown>): { path: Segment[]; value: unknown; want: string } | undefined {
  const object = (path: Segment[], value: unknown) => (value === undefined || value === null || isObject(value) ? undefined : { path, value, want: 'an object' });
  const listOfObjects = (path: Segment[], value: unknown) => {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return { path, value, want: 'a list' };
    const i = value.findIndex((item) => !isObject(item));
    return i < 0 ? undefined : { path: [...path, i], value: value[i], want: 'an object' };
  };
  const found = object(['securityContext'], spec.securityContext) ?? listOfObjects(['volumes'], spec.volumes);
  if (found !== undefined) return found;
  for (const list of CONTAINER_LISTS) {
    const bad = listOfObjects([list], spec[list]);
    if (bad !== undefined) return bad;
    const containers = Array.isArray(spec[list]) ? (spec[list] as Record<string, unknown>[]) : [];
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i]!;
      const inner =
        object([list, i, 'securityContext'], c.securityContext) ??
        object([list, i, 'resources'], c.resources) ??
        listOfObjects([list, i, 'ports'], c.ports) ??
        (isObject(c.securityContext) ? object([list, i, 'securityContext', 'capabilities'], c.securityContext.capabilities) : undefined);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * An observe-only resource (`managementPolicies` without `*`, `Create` or
 * `Update`) belongs to someone else: Crossplane never writes its parameters,
 * so there is nothing to inject and nothing this composition could fix. A
 * `managementPolicies` that is not a list of strings is not observe-only:
 * the rules judge the resource (fail closed).
 */
export function observeOnly(resource: KubeObject): boolean {
  const policies = isObject(resource.spec) ? resource.spec.managementPolicies : undefined;
  return Array.isArray(policies) && policies.every((p) => typeof p === 'string') && !policies.some((p) => p === '*' || p === 'Create' || p === 'Update');
}

/**
 * Observe-only as the engine reads it: only a kind outside Kubernetes' own
 * API groups and the workloads (an Argo Rollout) has management policies. A
 * Pod, a pod template or a Deployment with `managementPolicies` in its spec is
 * no such thing (the API server drops or refuses the unknown field and runs it
 * all the same), so it is judged.
 */
function observeOnlyAs(object: KubeObject, type: ResourceType): boolean {
  return hasManagementPolicies(type) && observeOnly(object);
}

/** Kinds with management policies, worked out once per type. */
const POLICIED = new WeakMap<ResourceType, boolean>();

function hasManagementPolicies(type: ResourceType): boolean {
  let has = POLICIED.get(type);
  if (has === undefined) POLICIED.set(type, (has = !kubernetesBuiltin(type) && !WORKLOADS.some((w) => w.kinds.includes(type.kind) && w.groups.includes(type.group))));
  return has;
}

const isAbsentOrObject = (value: unknown) => value === undefined || value === null || isObject(value);

/** A value for a message, as rules/params.ts `describe` says it: `the string "x"`, `an array`, `number 5`. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
