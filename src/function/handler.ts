/**
 * The gRPC adapter: RunFunctionRequest in, RunFunctionResponse out. It
 * validates the Input, hands plain objects to the engine, and renders the
 * Decision: desired state, the GuardrailsCompliant condition, results.
 * Everything it has no opinion on passes through untouched: the desired XR
 * (and its status), pipeline context, other resources with their
 * connection details and readiness. What it adds itself (companions) is
 * ready as the cluster says (see readinessOf).
 */
import {
  Capability,
  Ready,
  Severity,
  Status,
  Target,
  to,
  type Resource,
  type Requirements,
  type RunFunctionRequest,
  type RunFunctionResponse,
} from '@crossplane-org/function-sdk-typescript';
import { evaluate } from '../engine/engine.js';
import { isObject } from '../engine/fieldpath.js';
import { resourceType } from '../engine/gvk.js';
import { record } from '../engine/record.js';
import { shapeFromOpenApi, type Shape } from '../engine/schema.js';
import { targetsOf } from '../engine/targets.js';
import type { KubeObject } from '../engine/types.js';
import { APPROVALS_REQUIREMENT, approvalSelector, grantsFrom } from '../approval/store.js';
import { customRules } from '../custom/rules.js';
import { InputCache } from '../input/cache.js';
import { parseInput } from '../input/parse.js';
import { CATALOG } from '../rules/catalog.js';
import { CONDITION_TYPE, internalError, invalidInput, verdictOf, type PreviousCondition, type Verdict } from './verdict.js';

/** How long Crossplane may cache this response before calling again. */
export const TTL_SECONDS = 60;

/** Inputs seen by this process, compiled: a Composition's Input is parsed and compiled once. */
const inputs = new InputCache((raw) => parseInput(raw, CATALOG));

export interface RunOptions {
  /** The clock, in ms since the epoch, for exception expiry. */
  now?: () => number;
  /** Debug logging: approvals that were ignored, and why. */
  debug?: (msg: string, fields?: Record<string, unknown>) => void;
}

export function runFunction(req: RunFunctionRequest, opts: RunOptions = {}): RunFunctionResponse {
  try {
    return guard(req, opts);
  } catch (err) {
    // Fail closed: whatever went wrong, nothing is applied.
    const rsp = to(req, { seconds: TTL_SECONDS, nanos: 0 });
    return render(rsp, internalError(err instanceof Error ? err.message : String(err), previousOf(req)));
  }
}

/**
 * The previous condition for the refusal of a request that just failed: read
 * again, it may fail again; then the refusal is announced anew (one more
 * Warning event), which is safe, where a throw here would not be.
 */
function previousOf(req: RunFunctionRequest): PreviousCondition | undefined {
  try {
    return previousCondition(req.observed?.composite?.resource ?? {});
  } catch {
    return undefined;
  }
}

function guard(req: RunFunctionRequest, opts: RunOptions): RunFunctionResponse {
  const rsp = to(req, { seconds: TTL_SECONDS, nanos: 0 });
  const composite = req.observed?.composite?.resource ?? {};
  const parsed = inputs.get(req.input);
  if (!parsed.ok) return render(rsp, invalidInput(parsed.problems, previousCondition(composite)));
  const { approval } = parsed.input;

  const desiredIn = req.desired?.resources ?? {};
  const desired = resourcesOf(desiredIn);
  const observed = resourcesOf(req.observed?.resources ?? {});
  const capabilities = req.meta?.capabilities ?? [];
  // Approvals are readable only where Crossplane resolves required resources; elsewhere RequireApproval refuses.
  const approvals = capabilities.includes(Capability.CAPABILITY_REQUIRED_RESOURCES)
    ? grantsFrom(
        // required_resources; extra_resources is where Crossplane before v2 put them.
        (req.requiredResources?.[APPROVALS_REQUIREMENT] ?? req.extraResources?.[APPROVALS_REQUIREMENT])?.items.map((r) => (r.resource ?? {}) as KubeObject) ?? [],
        approval,
        (why, fields) => opts.debug?.(`ignored approval: ${why}`, fields),
      )
    : undefined;
  const decision = evaluate(
    {
      input: parsed.input,
      composite,
      observed,
      desired,
      schemas: requiredSchemas(req),
      now: (opts.now ?? Date.now)(),
      ...(approvals !== undefined ? { approvals } : {}),
    },
    [...CATALOG, ...customRules(parsed.custom)],
  );

  // Approvals for other requests (another XR, another resource, an earlier version of this one) release nothing.
  if (approvals !== undefined && opts.debug !== undefined) {
    const held = new Set(decision.gates.map((g) => g.digest));
    for (const [digest, grant] of approvals) {
      if (!held.has(digest)) opts.debug('ignored approval: it matches no request of this XR', { source: grant.source, digest });
    }
  }

  // The same requirements on every call for the same request, so Crossplane's loop settles after one round.
  const requirements: Requirements = { extraResources: {}, resources: {}, schemas: {} };
  if (capabilities.includes(Capability.CAPABILITY_REQUIRED_SCHEMAS)) requirements.schemas = schemaRequirements(desired);
  if (approvals !== undefined && decision.gates.length > 0) requirements.resources[APPROVALS_REQUIREMENT] = approvalSelector(approval);
  if (Object.keys(requirements.schemas).length > 0 || Object.keys(requirements.resources).length > 0) rsp.requirements = requirements;

  const resources = record<Resource>();
  for (const [name, obj] of Object.entries(decision.desired)) {
    const original = desiredIn[name];
    // The pipeline's resources keep the readiness the step before set, changed or not; what guardrails adds has none yet.
    resources[name] =
      original === undefined
        ? { resource: obj, connectionDetails: {}, ready: readinessOf(obj, observed[name]) }
        : original.resource === obj
          ? original
          : { resource: obj, connectionDetails: original.connectionDetails ?? {}, ready: original.ready ?? Ready.READY_UNSPECIFIED };
  }
  rsp.desired = { composite: req.desired?.composite, resources };
  return render(rsp, verdictOf(decision, previousCondition(composite), { approval }));
}

/**
 * Asks Crossplane for the schema of every provider kind in the desired state
 * (composed, or carried by an Object) that a rule reads, so injections follow
 * the provider version actually installed. The same request on every call,
 * so Crossplane's requirements loop settles after one round.
 */
function schemaRequirements(desired: Record<string, KubeObject>): Requirements['schemas'] {
  const schemas: Requirements['schemas'] = {};
  for (const obj of Object.values(desired)) {
    const type = isObject(obj) ? resourceType(obj) : undefined;
    if (type === undefined) continue;
    for (const { type: t } of targetsOf(obj, type).targets) {
      if (t.cloud === undefined || !CATALOG.some((r) => r.appliesTo(t))) continue;
      schemas[schemaKey(t.apiVersion, t.kind)] = { apiVersion: t.apiVersion, kind: t.kind };
    }
  }
  return schemas;
}

export function schemaKey(apiVersion: string, kind: string): string {
  return `schema/${apiVersion}/${kind}`;
}

/** The forProvider shapes of the schemas Crossplane sent, by `apiVersion|Kind`; an empty answer is left out. */
function requiredSchemas(req: RunFunctionRequest): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const [key, schema] of Object.entries(req.requiredSchemas ?? {})) {
    const m = /^schema\/(.+)\/([^/]+)$/.exec(key);
    const shape = m === null ? undefined : shapeFromOpenApi(schema.openapiV3);
    if (m !== null && shape !== undefined) shapes.set(`${m[1]}|${m[2]}`, shape);
  }
  return shapes;
}

/** The JSON of each resource, by name; a null-prototype record, so a resource named `__proto__` is kept. */
function resourcesOf(resources: Record<string, Resource>): Record<string, KubeObject> {
  const out = record<KubeObject>();
  for (const [name, r] of Object.entries(resources)) out[name] = (r.resource ?? {}) as KubeObject;
  return out;
}

/**
 * The readiness of a resource guardrails adds, from the `Ready` condition of
 * the observed resource of that name, as function-auto-ready reads it:
 * `True` is READY_TRUE, `False` READY_FALSE. Not created yet, no Ready
 * condition, `Unknown`, a malformed status, or an observed resource of
 * another kind is READY_UNSPECIFIED: Crossplane counts it as not ready (an
 * XR is Ready only when every composed resource is READY_TRUE), and a later
 * step may still decide (function-auto-ready fills in only readiness no step
 * set). Ready conditions that disagree are not ready.
 */
function readinessOf(desired: KubeObject, observed: KubeObject | undefined): Ready {
  if (observed === undefined || observed.kind !== desired.kind) return Ready.READY_UNSPECIFIED;
  const status = observed.status;
  const conditions: unknown[] = isObject(status) && Array.isArray(status.conditions) ? status.conditions : [];
  const ready = conditions.flatMap((c) => (isObject(c) && c.type === 'Ready' ? [c.status] : []));
  if (ready.includes('False')) return Ready.READY_FALSE;
  if (ready.length > 0 && ready.every((s) => s === 'True')) return Ready.READY_TRUE;
  return Ready.READY_UNSPECIFIED;
}

/** The GuardrailsCompliant condition the observed XR carries, if any. */
function previousCondition(composite: KubeObject): PreviousCondition | undefined {
  const status = composite.status;
  if (!isObject(status) || !Array.isArray(status.conditions)) return undefined;
  const found: unknown = status.conditions.find((c: unknown) => isObject(c) && c.type === CONDITION_TYPE);
  return isObject(found) ? found : undefined;
}

const SEVERITY = { Fatal: Severity.SEVERITY_FATAL, Warning: Severity.SEVERITY_WARNING, Normal: Severity.SEVERITY_NORMAL } as const;

function render(rsp: RunFunctionResponse, verdict: Verdict): RunFunctionResponse {
  const { condition } = verdict;
  rsp.conditions.push({
    type: condition.type,
    status: condition.status === 'True' ? Status.STATUS_CONDITION_TRUE : Status.STATUS_CONDITION_FALSE,
    reason: condition.reason,
    message: condition.message,
    target: Target.TARGET_COMPOSITE_AND_CLAIM,
  });
  for (const r of verdict.results) {
    rsp.results.push({
      severity: SEVERITY[r.severity],
      message: r.message,
      reason: r.reason,
      target: r.claim ? Target.TARGET_COMPOSITE_AND_CLAIM : Target.TARGET_COMPOSITE,
    });
  }
  return rsp;
}
