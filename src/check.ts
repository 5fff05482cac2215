/**
 * The one way into function-guardrails: plain objects in (the Input, the
 * observed XR and composed resources, the desired composed resources, the
 * approvals and schemas that could be read, the clock), a plain decision and
 * verdict out. The gRPC handler, the CLI and the MCP server all call
 * `check`; each only converts its own formats. It never throws: anything
 * unexpected is a refusal that names what failed (fail closed).
 */
import { APPROVALS_REQUIREMENT, approvalSelector, grantsFrom } from './approval/store.js';
import { customRules, EVALUATION_BUDGET, REQUEST_BUDGET } from './custom/rules.js';
import { evaluate } from './engine/engine.js';
import { isObject } from './lang/fieldpath.js';
import { resourceType, type ResourceType } from './engine/gvk.js';
import type { Shape } from './engine/schema.js';
import { rememberedTargets, type TargetsOf } from './engine/targets.js';
import type { Decision, KubeObject } from './engine/types.js';
import { CONDITION_TYPE, internalError, invalidInput, verdictOf, type PreviousCondition, type Verdict } from './verdict/verdict.js';
import { InputCache } from './load/cache.js';
import { parseInput } from './load/parse.js';
import type { Guardrails } from './input/schema.js';
import { CATALOG } from './rules/catalog.js';

export { APPROVALS_REQUIREMENT };

export interface CheckRequest {
  /** The function's Input, as the Composition gives it (validated here). */
  input: unknown;
  /** The observed XR: its identity and, for messages said once, the condition it carries. */
  composite: KubeObject;
  /** The observed composed resources, by composition resource name. */
  observed: Record<string, KubeObject>;
  /** The desired composed resources the earlier steps produced, by composition resource name. */
  desired: Record<string, KubeObject>;
  /**
   * The approval objects that could be read (ConfigMaps selected by the
   * Input's approval settings); undefined where none can be read, so that a
   * RequireApproval finding refuses instead of holding.
   */
  approvals?: readonly KubeObject[];
  /** Provider schemas known for this request (`apiVersion|Kind` -> forProvider shape); the built-in ones fill in. */
  schemas?: ReadonlyMap<string, Shape>;
  /** The clock, in ms since the epoch (exception expiry). */
  now: number;
  /** Debug logging: approvals that were ignored, and why. */
  debug?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Bounds on the work of this request; each unset one is its default (DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** A monotonic clock in ms, for the deadline (tests); performance.now by default. */
  clock?: () => number;
}

/** Bounds on the work of one request. Past any of them the request is refused (fail closed), never half-judged. */
export interface Limits {
  /** Most composed resources, desired or observed. */
  maxResources: number;
  /** Longest an evaluation may run, in ms, from the start of check(). */
  deadlineMs: number;
  /** Comprehension steps one custom rule evaluation may take. */
  celEvaluation: number;
  /** Comprehension steps all custom rules may take in one request. */
  celRequest: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxResources: 25_000,
  deadlineMs: 30_000,
  celEvaluation: EVALUATION_BUDGET,
  celRequest: REQUEST_BUDGET,
};

/** What more the check could use, for adapters that can fetch it (Crossplane's requirements). */
export interface Wanted {
  /** The provider kinds a rule reads, whose installed schema would make injections exact. */
  schemas: readonly { apiVersion: string; kind: string }[];
  /** The selector of the approval objects, when a resource is held for approval. */
  approvals?: ReturnType<typeof approvalSelector>;
}

export type CheckResult =
  /** The Input does not validate: nothing was judged. */
  | { kind: 'invalid-input'; problems: readonly string[]; verdict: Verdict }
  /** Something unexpected failed: nothing may be applied. */
  | { kind: 'error'; message: string; verdict: Verdict }
  /** Judged: the decision (desired state after injection, findings, holds), its verdict, and what more could help. */
  | { kind: 'decided'; input: Guardrails; decision: Decision; verdict: Verdict; wanted: Wanted };

/** Inputs seen by this process, compiled: a Composition's Input is parsed and its custom rules compiled once. */
const inputs = new InputCache((raw) => parseInput(raw, CATALOG));

export function check(req: CheckRequest): CheckResult {
  try {
    return decide(req);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'error', message, verdict: internalError(message, previousOf(req.composite)) };
  }
}

/**
 * The limits of a request: each one given that is a positive number, else
 * its default. An `undefined` or `NaN` spread over the defaults would
 * compare false with everything and lift the limit: fail open.
 */
function limitsOf(given: Partial<Limits> | undefined): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const v = given?.[key];
    if (typeof v === 'number' && v > 0) out[key] = v;
  }
  return out;
}

function decide(req: CheckRequest): CheckResult {
  const previous = previousCondition(req.composite);
  const limits = limitsOf(req.limits);
  const clock = req.clock ?? (() => performance.now());
  const deadline = clock() + limits.deadlineMs;
  for (const [which, resources] of [['desired', req.desired], ['observed', req.observed]] as const) {
    const count = Object.keys(resources).length;
    if (count > limits.maxResources) {
      const message = `the request has ${count} ${which} composed resources, more than the limit of ${limits.maxResources} (--max-resources)`;
      return { kind: 'error', message, verdict: internalError(message, previous) };
    }
  }
  const parsed = inputs.get(req.input);
  if (!parsed.ok) return { kind: 'invalid-input', problems: parsed.problems, verdict: invalidInput(parsed.problems, previous) };
  const { approval } = parsed.input;
  const approvals = req.approvals === undefined ? undefined : grantsFrom(req.approvals, approval, (why, fields) => req.debug?.(`ignored approval: ${why}`, fields));
  const targets = rememberedTargets();
  const decision = evaluate(
    {
      input: parsed.input,
      composite: req.composite,
      observed: req.observed,
      desired: req.desired,
      ...(req.schemas !== undefined ? { schemas: req.schemas } : {}),
      now: req.now,
      ...(approvals !== undefined ? { approvals } : {}),
      overdue: () => (clock() > deadline ? `the evaluation ran past its deadline of ${limits.deadlineMs} ms (--request-deadline)` : undefined),
      targets,
    },
    CATALOG,
    customRules(parsed.custom, { evaluation: limits.celEvaluation, request: limits.celRequest }),
  );

  // Approvals for other requests (another XR, another resource, an earlier version of this one) release nothing.
  if (approvals !== undefined && req.debug !== undefined) {
    const held = new Set(decision.gates.map((g) => g.digest));
    for (const [digest, grant] of approvals) {
      if (!held.has(digest)) req.debug('ignored approval: it matches no request of this XR', { source: grant.source, digest });
    }
  }

  const wanted: Wanted = {
    schemas: schemasRead(req.desired, targets),
    ...(decision.gates.length > 0 ? { approvals: approvalSelector(approval) } : {}),
  };
  return { kind: 'decided', input: parsed.input, decision, verdict: verdictOf(decision, previous, { approval }), wanted };
}

/**
 * Every provider kind in the desired state (composed, or carried by an
 * Object) that a rule reads, in a stable order, so a requirement built from
 * it is the same on every call for the same request.
 */
function schemasRead(desired: Record<string, KubeObject>, targetsOf: TargetsOf): Wanted['schemas'] {
  const found = new Map<string, ResourceType>();
  // Types are shared objects (gvk.ts): each is looked at once, not once per resource of its kind.
  const seen = new Set<ResourceType>();
  for (const obj of Object.values(desired)) {
    const type = isObject(obj) ? resourceType(obj) : undefined;
    if (type === undefined) continue;
    for (const { type: t } of targetsOf(obj, type).targets) {
      if (seen.has(t)) continue;
      seen.add(t);
      if (t.cloud !== undefined && readByCatalog(t)) found.set(`${t.apiVersion}|${t.kind}`, t);
    }
  }
  return [...found.values()].map((t) => ({ apiVersion: t.apiVersion, kind: t.kind }));
}

/** Whether a catalog rule reads a kind: worked out once per type, not once per resource. */
const READ_BY_CATALOG = new WeakMap<ResourceType, boolean>();

function readByCatalog(type: ResourceType): boolean {
  let read = READ_BY_CATALOG.get(type);
  if (read === undefined) READ_BY_CATALOG.set(type, (read = CATALOG.some((r) => r.appliesTo(type))));
  return read;
}

/**
 * The previous condition for the refusal of a request that just failed:
 * read again, it may fail again; then the refusal is announced anew (one
 * more Warning event), which is safe, where a throw here would not be.
 */
export function previousOf(composite: KubeObject): PreviousCondition | undefined {
  try {
    return previousCondition(composite);
  } catch {
    return undefined;
  }
}

/** The GuardrailsCompliant condition the observed XR carries, if any. */
function previousCondition(composite: KubeObject): PreviousCondition | undefined {
  const status = isObject(composite) ? composite.status : undefined;
  if (!isObject(status) || !Array.isArray(status.conditions)) return undefined;
  const found: unknown = status.conditions.find((c: unknown) => isObject(c) && c.type === CONDITION_TYPE);
  return isObject(found) ? found : undefined;
}
