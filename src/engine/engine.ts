/**
 * The policy engine: a pure function from (input, observed, desired) to a
 * Decision. It never throws, never touches gRPC, files or the clock.
 *
 * Order, which is part of the contract: desired composed resources in
 * composition-resource-name order, then the companions they produced in the
 * order produced; on each resource, the rules in catalog order. A rule sees
 * the injections of the rules before it, so `tags-required` (last) judges
 * the tags `tags-inject` added. Then what the desired state drops: observed
 * composed resources in name order, each target of theirs whose desired
 * counterpart is gone, judged by the rules that say what its removal means
 * (`RuleSpec.removed`).
 */
import { approvalDigest, approvalSubject } from '../approval/digest.js';
import { cloneJson } from '../lang/clone.js';
import { record as newRecord } from '../lang/record.js';
import { DesiredIndex } from './desired-index.js';
import { exceptionsFor, waiverFor } from './exceptions.js';
import { FieldPaths, formatFieldPath, getPath, isObject, type Segment } from '../lang/fieldpath.js';
import { resourceType, type ResourceType } from './gvk.js';
import type { Rule, RuleContext } from './rule.js';
import { RuleSelection, type Selected } from './selection.js';
import type { Shape } from './schema.js';
import { rebase, rememberedTargets, skipOf, targetsOf, type Target, type TargetsOf } from './targets.js';
import type { Guardrails } from '../input/schema.js';
import type { Action, Companion, Decision, EngineError, ExceptionReport, Finding, Gate, Grant, KubeObject, Mutation, SkipReport } from './types.js';

export const ANNOTATION_MUTATED_BY = 'guardrails.fn.crossplane.io/mutated-by';
export const ANNOTATION_COMPANION_OF = 'guardrails.fn.crossplane.io/companion-of';
export const ANNOTATION_ADDED_BY = 'guardrails.fn.crossplane.io/added-by';

/**
 * The rule ID of the engine's own finding on a target it cannot read (a
 * `spec` or parameter block that is not an object, a carried manifest that
 * is not an object): it is refused once, with the strongest action of the
 * rules that could not judge it, never passed.
 */
export const UNREADABLE_RULE = 'guardrails-unreadable';

export interface EngineRequest {
  input: Guardrails;
  /** The observed composite resource; `{}` when there is none. */
  composite: KubeObject;
  /** Observed composed resources by composition resource name (own properties only are read). */
  observed: Record<string, KubeObject>;
  /** Desired composed resources by composition resource name (own properties only are read). */
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
  /**
   * Asked before each resource is judged: a message once the request has
   * run past its deadline, which stops the evaluation (the caller fails
   * closed). Undefined: no deadline.
   */
  overdue?: () => string | undefined;
  /** The targets of a desired resource as handed in (see rememberedTargets), for a caller that reads them too. */
  targets?: TargetsOf;
}

/** Most companions a resource may produce; a guard against a rule that loops. */
const MAX_COMPANIONS_PER_RESOURCE = 8;

/** Strength of a finding's action, for the engine's own finding on an unreadable target. */
const STRENGTH: Record<Finding['action'], number> = { Warn: 1, RequireApproval: 2, Deny: 3 };

/**
 * Names are keys of the desired and observed state: read as Maps of own
 * entries, so a resource named `__proto__` or `constructor` is a resource
 * like any other, never a property of Object.prototype.
 */
function entries(record: Record<string, KubeObject>): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const key of Object.keys(record)) map.set(key, record[key]!);
  return map;
}

/** A record of own entries with no prototype, for the Decision's desired state. */
function record(map: ReadonlyMap<string, KubeObject>): Record<string, KubeObject> {
  const out = newRecord<KubeObject>();
  map.forEach((v, k) => (out[k] = v));
  return out;
}

/** `prefix` + a path relative to it, in field path syntax. */
function under(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

interface QueueItem {
  name: string;
  resource: KubeObject;
  companionOf?: string;
}

/** Most passes of the engine over one request (see evaluate). */
const MAX_PASSES = 3;

/**
 * Judges the desired state with `rules` (a list the caller keeps, such as
 * the catalog: which of its rules apply to a kind is remembered per list and
 * Input) and `perRequest` (rules made for this request alone, such as custom
 * rules with their budget), which run after them.
 */
export function evaluate(req: EngineRequest, rules: readonly Rule[], perRequest: readonly Rule[] = []): Decision {
  const selection = RuleSelection.of(rules, req.input);
  const extra = perRequest.length === 0 ? undefined : new RuleSelection(perRequest, req.input);
  const select: Select = {
    rulesFor: joined((t) => selection.forType(t), extra && ((t) => extra.forType(t))),
    removalFor: joined((t) => selection.removalFor(t), extra && ((t) => extra.removalFor(t))),
    judgesRemoval: selection.removal.length > 0 || (extra?.removal.length ?? 0) > 0,
  };
  // The targets of each desired resource as handed in, found once for every pass, the index and the judging.
  const inputTargets = req.targets ?? rememberedTargets();
  // A resource that stands in for a safeguard (an author's bucket encryption) protects nothing if it is held back
  // for approval: it is not applied. When that happens the request is judged again without it, so the safeguard
  // guardrails would add is added after all. Rare, bounded, and deterministic.
  let held = new Set<string>();
  for (let pass = 1; ; pass++) {
    const { decision, standIns } = evaluateOnce(req, select, held, inputTargets);
    const heldNow = decision.gates.filter((g) => g.status === 'Held').map((g) => g.resource);
    const newlyUnapplied = heldNow.filter((r) => standIns.has(r) && !held.has(r));
    if (newlyUnapplied.length === 0 || pass === MAX_PASSES) return decision;
    held = new Set([...held, ...newlyUnapplied]);
  }
}

type ForType = (type: ResourceType) => readonly Selected[];

/** `base`'s rules for a kind, then `extra`'s: joined once per kind in an evaluation. */
function joined(base: ForType, extra: ForType | undefined): ForType {
  if (extra === undefined) return base;
  const byKind = new Map<ResourceType, readonly Selected[]>();
  return (type) => {
    let found = byKind.get(type);
    if (found === undefined) byKind.set(type, (found = [...base(type), ...extra(type)]));
    return found;
  };
}

/** The rules of one evaluation that judge a kind, and that judge its removal. */
interface Select {
  rulesFor: ForType;
  removalFor: ForType;
  /** Whether any rule judges a removal at all. */
  judgesRemoval: boolean;
}

function evaluateOnce(req: EngineRequest, select: Select, held: ReadonlySet<string>, inputTargets: TargetsOf): { decision: Decision; standIns: Set<string> } {
  const { input } = req;
  const { rulesFor } = select;
  const standIns = new Set<string>();
  const enforce = input.mode === 'Enforce';
  const desiredIn = entries(req.desired);
  const observed = entries(req.observed);
  const index = new DesiredIndex(desiredIn, inputTargets);
  const schemas = req.schemas ?? new Map<string, Shape>();
  const mutations: Mutation[] = [];
  const findings: Finding[] = [];
  const errors: EngineError[] = [];
  const companions: Companion[] = [];
  const skipped: SkipReport[] = [];

  // What the decision would emit in Enforce mode, and what it emits now.
  const enforced = new Map(desiredIn);
  const emitted = enforce ? enforced : new Map(desiredIn);

  /** The paths of injections, each built once for the whole request. */
  const paths = new FieldPaths();
  const scoped = exceptionsFor(input.exceptions, req.composite, req.now);
  const covered = new Map<number, Set<string>>();

  const queue: QueueItem[] = [...desiredIn.keys()].sort().map((name) => ({ name, resource: desiredIn.get(name)! }));

  for (let i = 0; i < queue.length; i++) {
    const item = queue[i]!;
    const late = req.overdue?.();
    if (late !== undefined) throw new Error(late);
    const { name } = item;
    const type = isObject(item.resource) ? resourceType(item.resource) : undefined;
    if (type === undefined) continue; // no apiVersion/kind: nothing to judge, passed through as is
    // Decide on the input whether anything applies, so untouched resources are never copied.
    const seen = item.companionOf === undefined ? inputTargets(item.resource, type) : targetsOf(item.resource, type);
    const { problems } = seen;
    if (problems.length === 0 && !seen.targets.some((t) => rulesFor(t.type).length > 0)) continue;

    // A companion is the engine's own new object, and under Enforce nothing keeps its state before judging (the
    // decision lists its final form): it is judged in place. Anything else is judged on a copy.
    const inPlace = enforce && item.companionOf !== undefined;
    const draft = inPlace ? item.resource : cloneJson(item.resource);
    const targets = inPlace ? seen.targets : rebase(seen.targets, draft);
    const ownerKind = item.companionOf === undefined ? undefined : enforced.get(item.companionOf)?.kind;
    const owner = item.companionOf === undefined ? undefined : { name: item.companionOf, kind: typeof ownerKind === 'string' ? ownerKind : '' };
    const changedBy = new Set<string>();
    const observedSelf = observed.get(name);
    let produced = 0;

    for (const p of problems) findings.push({ resource: name, rule: UNREADABLE_RULE, action: 'Deny', path: p.path, message: p.message });

    for (const target of targets) {
      const relevant = rulesFor(target.type);
      if (relevant.length === 0) continue;
      const prefix = formatFieldPath(target.at);
      const skip = skipOf(target);
      if (skip !== undefined) skipped.push({ resource: name, path: prefix, reason: skip.reason });
      const observedTarget = target.at.length === 0 ? observedSelf : getPath(observedSelf, target.at);
      /** The strongest action of the parameter rules that could not read an unreadable target. */
      let unreadable: Finding['action'] | undefined;
      const pathOf = (path: readonly Segment[]) => paths.format(target.at, path);

      // The rule judging the target now, and what its action makes of what it says. One context serves every rule of
      // the target (rules run one at a time and keep nothing of it), so its methods read these.
      let rule: Rule = relevant[0]!.rule;
      let action: Action = 'Disabled';
      /** How a finding is reported: Mutate refuses what it cannot fix. */
      let reportAs: Finding['action'] = 'Deny';
      /** The rule may not judge (disabled, or its target is observe-only or unreadable): it runs only to keep what exists. */
      let retainOnly = true;
      let blocked = false;
      /** The exception that turns the rule into a warning for this target, if any. */
      let waivedBy: number | undefined;

      const report = (path: string, message: string, as: Finding['action'], waivable: boolean) => {
        if (retainOnly) return;
        const finding: Finding = { resource: name, rule: rule.id, action: as, path: under(prefix, path), message };
        if (waivable && waivedBy !== undefined) finding.waivedBy = waivedBy;
        findings.push(finding);
      };
      // The shared fields are written out rather than spread: a spread into a literal with methods is a slow copy, per target.
      const ctx: RuleContext = {
        name,
        type: target.type,
        resource: target.object,
        at: target.at,
        observedResource: isObject(observedTarget) ? observedTarget : undefined,
        index,
        held,
        input,
        composite: req.composite,
        desired: desiredIn,
        observed,
        schemas,
        missing(path, value, message, opts) {
          if (retainOnly) return;
          if (action !== 'Mutate') {
            const at = pathOf(path);
            const finding: Finding = { resource: name, rule: rule.id, action: reportAs, path: at, message };
            if (waivedBy !== undefined) finding.waivedBy = waivedBy;
            finding.fix = { path: at, value: cloneJson(value) };
            findings.push(finding);
            return;
          }
          const set = setIfAbsent(target.object, path, value);
          if (set === false) return; // already there: nothing to inject
          if (typeof set === 'string') {
            findings.push({ resource: name, rule: rule.id, action: 'Deny', path: pathOf(path), message: set });
            return;
          }
          // A copy: a later rule may add fields inside a block this one injected.
          const mutation: Mutation = { resource: name, rule: rule.id, path: pathOf(path), value: cloneJson(value) };
          if (opts?.note !== undefined) mutation.note = opts.note;
          mutations.push(mutation);
          changedBy.add(rule.id);
        },
        unsafe(path, message) {
          report(path, message, reportAs, true);
        },
        notice(path, message) {
          report(path, message, 'Warn', false);
        },
        companion(companionName, resource, opts = {}) {
          if (opts.standIn !== undefined) standIns.add(opts.standIn);
          const exists = observed.has(companionName);
          // Not there yet: added only when this rule may act, and nothing equivalent is in the desired state.
          if (!exists && (retainOnly || opts.present === true)) return;
          if (++produced > MAX_COMPANIONS_PER_RESOURCE) {
            errors.push({ resource: name, rule: rule.id, message: `more than ${MAX_COMPANIONS_PER_RESOURCE} companions` });
            return;
          }
          const occupant = enforced.get(companionName);
          if (occupant !== undefined) {
            // The equivalent the rule found may stand under this very name (guardrails run on its own output),
            // carried the way this target is: at the target's own path inside the occupant.
            const equivalent = target.at.length === 0 ? occupant : getPath(occupant, target.at);
            if (opts.present === true && isObject(equivalent) && equivalent.kind === resource.kind) return;
            report('', `cannot add ${String(resource.kind)} "${companionName}": another composed resource has that name`, 'Deny', false);
            return;
          }
          if (!exists && action !== 'Mutate') {
            report('', `no ${String(resource.kind)} for this resource`, reportAs, true);
            return;
          }
          for (const [key, value] of Object.entries(opts.ownerLabels ?? {})) {
            const set = setIfAbsent(target.object, ['metadata', 'labels', key], value);
            // Unlabelled, the owner is selected by no companion: refused, never a companion that protects nothing.
            if (typeof set === 'string') report('', `cannot add ${String(resource.kind)} "${companionName}", which selects this resource by label: ${set}`, 'Deny', false);
            if (set === true) {
              mutations.push({ resource: name, rule: rule.id, path: pathOf(['metadata', 'labels', key]), value });
              changedBy.add(rule.id);
            }
          }
          // An owner that cannot be read cannot rebuild its companion: the existing one is kept as it is.
          const kept = blocked && skip?.reason === 'unreadable' ? observed.get(companionName) : undefined;
          const carried = kept !== undefined ? asDesired(kept) : carry(resource, target, companionName.startsWith(`${name}-`) ? companionName.slice(name.length + 1) : companionName);
          const annotated = setAnnotation(setAnnotation(carried, ANNOTATION_COMPANION_OF, name), ANNOTATION_ADDED_BY, rule.id);
          enforced.set(companionName, annotated);
          if (exists) emitted.set(companionName, annotated); // never let an existing companion drop out of desired state
          // Listed whether or not it exists yet: the pipeline did not produce it, guardrails does, on every call.
          if (!retainOnly) companions.push({ name: companionName, owner: name, rule: rule.id, resource: annotated });
          queue.push({ name: companionName, resource: annotated, companionOf: name });
        },
      };

      for (const current of relevant) {
        rule = current.rule;
        const configuredAction = current.action;
        // An exception turns the rule into a warning for this target: it injects, refuses and holds nothing.
        const waiver =
          configuredAction === 'Disabled' || scoped.length === 0 ? undefined : waiverFor(scoped, rule.id, { name, kind: target.type.kind, ...(owner !== undefined ? { owner } : {}) });
        action = waiver === undefined ? configuredAction : 'Warn';
        reportAs = action === 'Mutate' || action === 'Disabled' ? 'Deny' : action;
        blocked = skip !== undefined && (rule.reads === 'parameters' || skip.reason === 'carried-by-observe-only');
        if (blocked && skip!.reason === 'unreadable' && action !== 'Disabled' && (unreadable === undefined || STRENGTH[reportAs] > STRENGTH[unreadable])) unreadable = reportAs;
        // A rule that may not judge still runs, to keep what exists: a companion that exists never drops out of
        // desired state, since Crossplane would delete it.
        retainOnly = action === 'Disabled' || blocked;
        waivedBy = waiver?.index;
        if (waiver !== undefined && !retainOnly) covered.set(waiver.index, (covered.get(waiver.index) ?? new Set()).add(name));
        try {
          rule.check(ctx, current.params);
        } catch (err) {
          errors.push({ resource: name, rule: rule.id, message: err instanceof Error ? err.message : String(err) });
        }
      }
      if (unreadable !== undefined && skip?.reason === 'unreadable') {
        findings.push({ resource: name, rule: UNREADABLE_RULE, action: unreadable, path: skip.path, message: skip.message });
      }
    }

    if (changedBy.size > 0) {
      const previous = annotationOf(draft, ANNOTATION_MUTATED_BY);
      const all = previous === undefined ? [...changedBy] : [...new Set([...previous.split(',').filter(Boolean), ...changedBy])];
      const result = setAnnotation(draft, ANNOTATION_MUTATED_BY, all.sort().join(','));
      enforced.set(name, result);
      if (item.companionOf !== undefined && emitted.has(name)) emitted.set(name, result);
    }
  }

  // What the desired state drops: each observed target of a kind some rule judges the removal of, whose desired
  // counterpart is gone. Nothing can be injected into it; a rule only reports.
  const shared = { index, held, input, composite: req.composite, desired: desiredIn, observed, schemas };
  for (const name of select.judgesRemoval ? [...observed.keys()].sort() : []) {
    const was = observed.get(name)!;
    const type = isObject(was) ? resourceType(was) : undefined;
    if (type === undefined) continue;
    const now = desiredIn.get(name);
    for (const target of targetsOf(was, type).targets) {
      const relevant = select.removalFor(target.type);
      if (relevant.length === 0) continue;
      const there = target.at.length === 0 ? now : getPath(now, target.at);
      const kept = isObject(there) ? resourceType(there) : undefined;
      if (kept !== undefined && kept.ref === target.type.ref && kept.namespaced === target.type.namespaced) continue;
      const prefix = formatFieldPath(target.at);
      // Dropping what Crossplane only observes deletes nothing: recorded as a skip, like an observe-only desired target.
      const skip = skipOf(target);
      if (skip?.reason === 'observe-only' || skip?.reason === 'carried-by-observe-only') {
        if (!skipped.some((s) => s.resource === name && s.path === prefix && s.reason === skip.reason)) skipped.push({ resource: name, path: prefix, reason: skip.reason });
        continue;
      }
      for (const { rule, action: configuredAction, params } of relevant) {
        const waiver = configuredAction === 'Disabled' ? undefined : waiverFor(scoped, rule.id, { name, kind: target.type.kind });
        const action = waiver === undefined ? configuredAction : 'Warn';
        if (action === 'Disabled') continue;
        if (waiver !== undefined) covered.set(waiver.index, (covered.get(waiver.index) ?? new Set()).add(name));
        const reportAs: Finding['action'] = action === 'Mutate' ? 'Deny' : action;
        const report = (path: string, message: string, as: Finding['action'], extra: object) => findings.push({ resource: name, rule: rule.id, action: as, path: under(prefix, path), message, ...extra });
        const cannot = (what: string) => errors.push({ resource: name, rule: rule.id, message: `cannot ${what} a resource the desired state drops` });
        const ctx: RuleContext = {
          name,
          type: target.type,
          resource: target.object,
          at: target.at,
          observedResource: target.object,
          ...shared,
          missing: () => cannot('inject into'),
          unsafe: (path, message) => report(path, message, reportAs, waiver === undefined ? {} : { waivedBy: waiver.index }),
          notice: (path, message) => report(path, message, 'Warn', {}),
          companion: () => cannot('add a companion to'),
        };
        try {
          rule.removed!(ctx, params);
        } catch (err) {
          errors.push({ resource: name, rule: rule.id, message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  }

  // A companion added on an earlier call stays while its owner is in the desired state, even where no rule asks for it
  // now (the owner lost its apiVersion or changed kind): dropping it would make Crossplane delete the protection.
  for (const [companionName, obj] of observed) {
    const owner = isObject(obj) ? annotationOf(obj, ANNOTATION_COMPANION_OF) : undefined;
    if (owner === undefined || enforced.has(companionName) || !desiredIn.has(owner) || !companionName.startsWith(`${owner}-`)) continue;
    const kept = asDesired(obj);
    enforced.set(companionName, kept);
    emitted.set(companionName, kept);
  }

  // Companions emitted by the queue carry their final form.
  if (enforce) {
    for (const c of companions) c.resource = enforced.get(c.name) ?? c.resource;
  }
  const gates = gate(req, observed, findings, enforced, companions);
  if (enforce) {
    for (const g of gates) {
      if (g.status !== 'Held') continue;
      emitted.delete(g.resource);
      for (const c of g.companions) emitted.delete(c);
    }
  }

  const exceptions: ExceptionReport[] = scoped.map(({ index: i, exception, expired }) => ({
    index: i,
    rules: exception.rules,
    expires: exception.expires,
    justification: exception.justification,
    expired,
    covered: [...(covered.get(i) ?? [])].sort(),
  }));
  return { decision: { mode: input.mode, desired: record(emitted), mutations, companions, findings, errors, exceptions, gates, skipped }, standIns };
}

/** An observed resource as desired state: what it is and its spec, without status or server-set metadata. */
function asDesired(observed: KubeObject): KubeObject {
  const metadata = isObject(observed.metadata) ? observed.metadata : {};
  const keep = ['name', 'namespace', 'labels', 'annotations'].filter((k) => metadata[k] !== undefined);
  return structuredClone({
    apiVersion: observed.apiVersion,
    kind: observed.kind,
    metadata: Object.fromEntries(keep.map((k) => [k, metadata[k]])),
    ...(observed.spec !== undefined ? { spec: observed.spec } : {}),
  });
}

/**
 * A companion of a carried target is carried the same way: wrapped in each
 * carrier's kind, through the carrier's provider config, its manifest named
 * after the owner's (`<owner>-<suffix>`, in the owner's namespace), since a
 * manifest is applied under its own name.
 */
function carry(companion: KubeObject, target: Target, suffix: string): KubeObject {
  let inner = companion;
  let owner = target.object;
  for (let i = target.carriers.length - 1; i >= 0; i--) {
    const carrier = target.carriers[i]!;
    const ownerMeta = isObject(owner.metadata) ? owner.metadata : {};
    const meta = isObject(inner.metadata) ? inner.metadata : (inner.metadata = {});
    if (typeof ownerMeta.name === 'string' && meta.name === undefined) meta.name = `${ownerMeta.name}-${suffix}`;
    if (typeof ownerMeta.namespace === 'string' && meta.namespace === undefined) meta.namespace = ownerMeta.namespace;
    const spec = isObject(carrier.object.spec) ? carrier.object.spec : {};
    inner = {
      apiVersion: carrier.type.apiVersion,
      kind: carrier.type.kind,
      metadata: {},
      spec: { forProvider: { manifest: inner }, ...(spec.providerConfigRef !== undefined ? { providerConfigRef: structuredClone(spec.providerConfigRef) } : {}) },
    };
    owner = carrier.object;
  }
  return inner;
}

/**
 * The resources RequireApproval findings gate, each with the digest of what
 * a person would approve (see approval/digest.ts). A new resource is held
 * back with the companions it brought that do not exist yet; an existing one
 * is frozen, never applied and never dropped.
 */
function gate(req: EngineRequest, observed: ReadonlyMap<string, KubeObject>, findings: readonly Finding[], enforced: ReadonlyMap<string, KubeObject>, companions: readonly Companion[]): Gate[] {
  // A companion is derived from its owner, so the owner's approval covers it: its findings gate the owner.
  const ownerOf = new Map(companions.map((c) => [c.name, c.owner]));
  const rulesOf = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.action !== 'RequireApproval') continue;
    const resource = ownerOf.get(f.resource) ?? f.resource;
    rulesOf.set(resource, (rulesOf.get(resource) ?? new Set()).add(f.rule));
  }
  if (rulesOf.size === 0) return [];
  return [...rulesOf.keys()].sort().map((resource): Gate => {
    const rules = [...rulesOf.get(resource)!].sort();
    const digest = approvalDigest(approvalSubject(req.composite, resource, rules, enforced.get(resource) ?? {}));
    const grant = req.approvals?.get(digest);
    const exists = observed.has(resource);
    const status: Gate['status'] = req.approvals === undefined ? 'Unavailable' : grant !== undefined ? 'Released' : exists ? 'Frozen' : 'Held';
    const held = status === 'Held' ? companions.filter((c) => c.owner === resource && !observed.has(c.name)).map((c) => c.name) : [];
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

function annotationOf(obj: KubeObject, key: string): string | undefined {
  const metadata = obj.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return undefined;
  const v = metadata.annotations[key];
  return typeof v === 'string' ? v : undefined;
}

/** Returns `obj` with the annotation set (obj itself, mutated, when metadata is usable). */
function setAnnotation(obj: KubeObject, key: string, value: string): KubeObject {
  if (obj.metadata === undefined) obj.metadata = {};
  const metadata = obj.metadata;
  if (!isObject(metadata)) return obj; // malformed metadata: the API server will say so
  if (metadata.annotations === undefined) metadata.annotations = {};
  if (isObject(metadata.annotations)) metadata.annotations[key] = value;
  return obj;
}
