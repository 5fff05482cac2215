/**
 * The policy engine: a pure function from (input, observed, desired) to a
 * Decision. It never throws, never touches gRPC, files or the clock.
 *
 * Order, which is part of the contract: desired composed resources in
 * composition-resource-name order, then the companions they produced in the
 * order produced; on each resource, the rules in catalog order. A rule sees
 * the injections of the rules before it, so `tags-required` (last) judges
 * the tags `tags-inject` added.
 */
import { approvalDigest } from '../approval/digest.js';
import { exceptionsFor, waiverFor } from './exceptions.js';
import { formatFieldPath, isObject, type Segment } from './fieldpath.js';
import { resourceType } from './gvk.js';
import type { Rule, RuleContext } from './rule.js';
import type { Shape } from './schema.js';
import type { Guardrails } from '../input/schema.js';
import type { Action, Companion, Decision, EngineError, ExceptionReport, Finding, Gate, Grant, KubeObject, Mutation } from './types.js';

export const ANNOTATION_MUTATED_BY = 'guardrails.fn.crossplane.io/mutated-by';
export const ANNOTATION_COMPANION_OF = 'guardrails.fn.crossplane.io/companion-of';
export const ANNOTATION_ADDED_BY = 'guardrails.fn.crossplane.io/added-by';

export interface EngineRequest {
  input: Guardrails;
  /** The observed composite resource; `{}` when there is none. */
  composite: KubeObject;
  /** Observed composed resources by composition resource name. */
  observed: Record<string, KubeObject>;
  /** Desired composed resources by composition resource name. */
  desired: Record<string, KubeObject>;
  /** forProvider shapes Crossplane sent (required schemas), by `apiVersion|Kind`. */
  schemas?: ReadonlyMap<string, Shape>;
  /** The clock, in ms since the epoch, for exception expiry. Without it no exception applies. */
  now?: number;
  /**
   * Approvals granted, by digest. Absent: this Crossplane cannot deliver
   * them, and every RequireApproval finding refuses the request.
   */
  approvals?: ReadonlyMap<string, Grant>;
}

/** Most companions a resource may produce; a guard against a rule that loops. */
const MAX_COMPANIONS_PER_RESOURCE = 8;

export function evaluate(req: EngineRequest, rules: readonly Rule[]): Decision {
  const { input } = req;
  const enforce = input.mode === 'Enforce';
  const desiredIn = new Map(Object.entries(req.desired));
  const observed = new Map(Object.entries(req.observed));
  const schemas = req.schemas ?? new Map<string, Shape>();
  const mutations: Mutation[] = [];
  const findings: Finding[] = [];
  const errors: EngineError[] = [];
  const companions: Companion[] = [];

  // What the decision would emit in Enforce mode, and what it emits now.
  const enforced: Record<string, KubeObject> = { ...req.desired };
  const emitted: Record<string, KubeObject> = enforce ? enforced : { ...req.desired };

  const actionOf = (rule: Rule): Action => input.rules[rule.id]?.action ?? rule.defaultAction;
  const scoped = exceptionsFor(input.exceptions, req.composite, req.now);
  const covered = new Map<number, Set<string>>();

  const queue: { name: string; resource: KubeObject; companionOf?: string }[] = [...desiredIn.keys()]
    .sort()
    .map((name) => ({ name, resource: req.desired[name] as KubeObject }));

  for (let i = 0; i < queue.length; i++) {
    const item = queue[i]!;
    const { name } = item;
    const type = isObject(item.resource) ? resourceType(item.resource) : undefined;
    if (type === undefined) continue; // no apiVersion/kind: nothing to judge, passed through as is
    const relevant = rules.filter((r) => r.appliesTo(type));
    if (relevant.length === 0) continue;

    const draft = structuredClone(item.resource);
    const ownerKind = item.companionOf === undefined ? undefined : enforced[item.companionOf]?.kind;
    const owner = item.companionOf === undefined ? undefined : { name: item.companionOf, kind: typeof ownerKind === 'string' ? ownerKind : '' };
    const changedBy = new Set<string>();
    let produced = 0;

    for (const rule of relevant) {
      // An exception turns the rule into a warning for this resource: it injects, refuses and holds nothing.
      const waiver = actionOf(rule) === 'Disabled' ? undefined : waiverFor(scoped, rule.id, { name, kind: type.kind, ...(owner !== undefined ? { owner } : {}) });
      if (waiver !== undefined) covered.set(waiver.index, (covered.get(waiver.index) ?? new Set()).add(name));
      const action = waiver === undefined ? actionOf(rule) : 'Warn';
      const waived = waiver === undefined ? {} : { waivedBy: waiver.index };
      const retainOnly = action === 'Disabled';
      /** How a finding of this rule is reported: Mutate refuses what it cannot fix. */
      const reportAs: Finding['action'] = action === 'Mutate' || action === 'Disabled' ? 'Deny' : action;
      const ctx: RuleContext = {
        name,
        type,
        resource: draft,
        input,
        composite: req.composite,
        desired: desiredIn,
        observed,
        schemas,
        missing(path, value, message) {
          if (retainOnly) return;
          if (action !== 'Mutate') {
            findings.push({ resource: name, rule: rule.id, action: reportAs, path: formatFieldPath(path), message, ...waived });
            return;
          }
          const set = setIfAbsent(draft, path, value);
          if (typeof set === 'string') {
            findings.push({ resource: name, rule: rule.id, action: 'Deny', path: formatFieldPath(path), message: set });
            return;
          }
          if (!set) return; // already there: nothing to inject
          // A copy: a later rule may add fields inside a block this one injected.
          mutations.push({ resource: name, rule: rule.id, path: formatFieldPath(path), value: structuredClone(value) });
          changedBy.add(rule.id);
        },
        unsafe(path, message) {
          if (retainOnly) return;
          findings.push({ resource: name, rule: rule.id, action: reportAs, path, message, ...waived });
        },
        notice(path, message) {
          if (retainOnly) return;
          findings.push({ resource: name, rule: rule.id, action: 'Warn', path, message });
        },
        companion(companionName, resource, ownerLabels = {}) {
          const inDesired = desiredIn.get(companionName);
          if (inDesired !== undefined && annotationOf(inDesired, ANNOTATION_COMPANION_OF) === name) return; // already there
          const exists = observed.has(companionName);
          if (retainOnly && !exists) return;
          if (++produced > MAX_COMPANIONS_PER_RESOURCE) {
            errors.push({ resource: name, rule: rule.id, message: `more than ${MAX_COMPANIONS_PER_RESOURCE} companions` });
            return;
          }
          if (companionName in enforced) {
            findings.push({
              resource: name,
              rule: rule.id,
              action: 'Deny',
              path: '',
              message: `cannot add ${String(resource.kind)} "${companionName}": another composed resource has that name`,
            });
            return;
          }
          if (!exists && action !== 'Mutate') {
            findings.push({ resource: name, rule: rule.id, action: reportAs, path: '', message: `no ${String(resource.kind)} for this resource`, ...waived });
            return;
          }
          for (const [key, value] of Object.entries(ownerLabels)) {
            const set = setIfAbsent(draft, ['metadata', 'labels', key], value);
            if (set === true) {
              mutations.push({ resource: name, rule: rule.id, path: formatFieldPath(['metadata', 'labels', key]), value });
              changedBy.add(rule.id);
            }
          }
          const annotated = annotate(resource, { [ANNOTATION_COMPANION_OF]: name, [ANNOTATION_ADDED_BY]: rule.id });
          enforced[companionName] = annotated;
          if (exists) emitted[companionName] = annotated; // never let an existing companion drop out of desired state
          // Listed whether or not it exists yet: the pipeline did not produce it, guardrails does, on every call.
          if (!retainOnly) companions.push({ name: companionName, owner: name, rule: rule.id, resource: annotated });
          queue.push({ name: companionName, resource: annotated, companionOf: name });
        },
      };
      try {
        rule.check(ctx, input.rules[rule.id] ?? {});
      } catch (err) {
        errors.push({ resource: name, rule: rule.id, message: err instanceof Error ? err.message : String(err) });
      }
    }

    if (changedBy.size > 0) {
      const previous = annotationOf(draft, ANNOTATION_MUTATED_BY);
      const all = new Set([...(previous?.split(',').filter(Boolean) ?? []), ...changedBy]);
      const result = annotate(draft, { [ANNOTATION_MUTATED_BY]: [...all].sort().join(',') });
      enforced[name] = result;
      if (item.companionOf !== undefined && name in emitted) emitted[name] = result;
    }
  }

  // Companions emitted by the queue carry their final form.
  if (enforce) {
    for (const c of companions) c.resource = enforced[c.name] ?? c.resource;
  }
  const gates = gate(req, findings, enforced, companions);
  if (enforce) {
    for (const g of gates) {
      if (g.status !== 'Held') continue;
      delete emitted[g.resource];
      for (const c of g.companions) delete emitted[c];
    }
  }

  const exceptions: ExceptionReport[] = scoped.map(({ index, exception, expired }) => ({
    index,
    rules: exception.rules,
    expires: exception.expires,
    justification: exception.justification,
    expired,
    covered: [...(covered.get(index) ?? [])].sort(),
  }));
  return { mode: input.mode, desired: emitted, mutations, companions, findings, errors, exceptions, gates };
}

/**
 * The resources RequireApproval findings gate, each with the digest of what
 * a person would approve: the XR, the resource, the rules, its desired
 * spec after injections, and the names it binds to. A new resource is held
 * back with the companions it brought that do not exist yet; an existing
 * one is frozen, never applied and never dropped.
 */
function gate(req: EngineRequest, findings: readonly Finding[], enforced: Record<string, KubeObject>, companions: readonly Companion[]): Gate[] {
  // A companion is derived from its owner, so the owner's approval covers it: its findings gate the owner.
  const ownerOf = new Map(companions.map((c) => [c.name, c.owner]));
  const rulesOf = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.action !== 'RequireApproval') continue;
    const resource = ownerOf.get(f.resource) ?? f.resource;
    rulesOf.set(resource, (rulesOf.get(resource) ?? new Set()).add(f.rule));
  }
  if (rulesOf.size === 0) return [];
  const metadata = isObject(req.composite.metadata) ? req.composite.metadata : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const composite = { apiVersion: text(req.composite.apiVersion), kind: text(req.composite.kind), namespace: text(metadata.namespace), name: text(metadata.name) };
  return [...rulesOf.keys()].sort().map((resource): Gate => {
    const rules = [...rulesOf.get(resource)!].sort();
    const digest = approvalDigest({ composite, resource, rules, spec: enforced[resource]?.spec, identity: identityOf(enforced[resource]) });
    const grant = req.approvals?.get(digest);
    const exists = resource in req.observed;
    const status: Gate['status'] = req.approvals === undefined ? 'Unavailable' : grant !== undefined ? 'Released' : exists ? 'Frozen' : 'Held';
    const held = status === 'Held' ? companions.filter((c) => c.owner === resource && !(c.name in req.observed)).map((c) => c.name) : [];
    return { resource, digest, rules, status, ...(grant !== undefined ? { grant } : {}), companions: held };
  });
}

/**
 * Sets `value` at `path` unless something is already there, creating missing
 * objects on the way; numeric segments step into existing array elements.
 * Returns true when it set the value, or why it could not.
 */
function setIfAbsent(obj: KubeObject, path: readonly Segment[], value: unknown): true | false | string {
  let cur: Record<string, unknown> | unknown[] = obj;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const next: unknown = Array.isArray(cur) ? (typeof seg === 'number' ? cur[seg] : undefined) : cur[String(seg)];
    if (Array.isArray(cur) && typeof seg !== 'number') {
      return `cannot inject ${formatFieldPath(path)}: ${formatFieldPath(path.slice(0, i))} is an array`;
    }
    if (last) {
      if (next !== undefined && next !== null) return false;
      if (Array.isArray(cur)) return `cannot inject ${formatFieldPath(path)}: no element ${String(seg)}`;
      cur[String(seg)] = value;
      return true;
    }
    if (next === undefined || next === null) {
      if (Array.isArray(cur) || typeof seg === 'number') return `cannot inject ${formatFieldPath(path)}: ${formatFieldPath(path.slice(0, i + 1))} does not exist`;
      const created: Record<string, unknown> = {};
      cur[seg] = created;
      cur = created;
    } else if (isObject(next) || (Array.isArray(next) && typeof path[i + 1] === 'number')) {
      cur = next;
    } else {
      return `cannot inject ${formatFieldPath(path)}: ${formatFieldPath(path.slice(0, i + 1))} is not an object`;
    }
  }
  return false;
}

/** The names a resource binds to (see ApprovalSubject.identity): its metadata.name and external name, where they are strings. */
function identityOf(obj: KubeObject | undefined): { name?: string; externalName?: string } {
  const metadata = obj !== undefined && isObject(obj.metadata) ? obj.metadata : {};
  const externalName = obj === undefined ? undefined : annotationOf(obj, 'crossplane.io/external-name');
  return {
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(externalName !== undefined ? { externalName } : {}),
  };
}

function annotationOf(obj: KubeObject, key: string): string | undefined {
  const metadata = obj.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return undefined;
  const v = metadata.annotations[key];
  return typeof v === 'string' ? v : undefined;
}

/** Returns `obj` with the annotations set (obj itself, mutated, when metadata is usable). */
function annotate(obj: KubeObject, annotations: Record<string, string>): KubeObject {
  if (obj.metadata === undefined) obj.metadata = {};
  const metadata = obj.metadata;
  if (!isObject(metadata)) return obj; // malformed metadata: the API server will say so
  if (metadata.annotations === undefined) metadata.annotations = {};
  if (isObject(metadata.annotations)) Object.assign(metadata.annotations, annotations);
  return obj;
}
