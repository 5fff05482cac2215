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
import { APPROVALS_REQUIREMENT, check, previousOf, type CheckResult, type Limits } from '../check.js';
import { isObject } from '../lang/fieldpath.js';
import { record } from '../lang/record.js';
import { shapeFromOpenApi, type Shape } from '../engine/schema.js';
import type { KubeObject } from '../engine/types.js';
import type { Outcome, VerdictLabel } from '../server/metrics.js';
import { internalError, type Verdict } from '../verdict/verdict.js';

/** How long Crossplane may cache this response before calling again. */
export const TTL_SECONDS = 60;

export interface RunOptions {
  /** The clock, in ms since the epoch, for exception expiry. */
  now?: () => number;
  /** Debug logging: approvals that were ignored, and why. */
  debug?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Told once per call what the call came to (metrics, the request log). */
  observe?: (outcome: Outcome) => void;
  /** Bounds on the work of each request; unset ones are check()'s defaults. */
  limits?: Partial<Limits>;
}

export function runFunction(req: RunFunctionRequest, opts: RunOptions = {}): RunFunctionResponse {
  try {
    return adapt(req, opts);
  } catch (err) {
    // Fail closed: whatever went wrong converting the wire types, nothing is applied.
    opts.observe?.({ verdict: 'InternalError', findings: [], mutations: [] });
    return render(to(req, { seconds: TTL_SECONDS, nanos: 0 }), internalError(err instanceof Error ? err.message : String(err), previousOf((req.observed?.composite?.resource ?? {}) as KubeObject)));
  }
}

function adapt(req: RunFunctionRequest, opts: RunOptions): RunFunctionResponse {
  const rsp = to(req, { seconds: TTL_SECONDS, nanos: 0 });
  const capabilities = req.meta?.capabilities ?? [];
  const desiredIn = req.desired?.resources ?? {};
  const observed = resourcesOf(req.observed?.resources ?? {});
  const result = check({
    input: req.input,
    composite: (req.observed?.composite?.resource ?? {}) as KubeObject,
    observed,
    desired: resourcesOf(desiredIn),
    schemas: requiredSchemas(req),
    now: (opts.now ?? Date.now)(),
    // Approvals are readable only where Crossplane resolves required resources; elsewhere RequireApproval refuses.
    // required_resources; extra_resources is where Crossplane before v2 put them.
    ...(capabilities.includes(Capability.CAPABILITY_REQUIRED_RESOURCES)
      ? { approvals: (req.requiredResources?.[APPROVALS_REQUIREMENT] ?? req.extraResources?.[APPROVALS_REQUIREMENT])?.items.map((r) => (r.resource ?? {}) as KubeObject) ?? [] }
      : {}),
    ...(opts.debug !== undefined ? { debug: opts.debug } : {}),
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
  });
  opts.observe?.(outcomeOf(result));
  if (result.kind !== 'decided') return render(rsp, result.verdict);

  // The same requirements on every call for the same request, so Crossplane's loop settles after one round.
  const requirements: Requirements = { extraResources: {}, resources: {}, schemas: {} };
  if (capabilities.includes(Capability.CAPABILITY_REQUIRED_SCHEMAS)) {
    for (const s of result.wanted.schemas) requirements.schemas[schemaKey(s.apiVersion, s.kind)] = s;
  }
  if (capabilities.includes(Capability.CAPABILITY_REQUIRED_RESOURCES) && result.wanted.approvals !== undefined) requirements.resources[APPROVALS_REQUIREMENT] = result.wanted.approvals;
  if (Object.keys(requirements.schemas).length > 0 || Object.keys(requirements.resources).length > 0) rsp.requirements = requirements;

  const resources = record<Resource>();
  const desired = result.decision.desired;
  for (const name of Object.keys(desired)) {
    const obj = desired[name]!;
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
  return render(rsp, result.verdict);
}

/** What the call came to, in the bounded terms metrics count. */
function outcomeOf(result: CheckResult): Outcome {
  if (result.kind === 'invalid-input') return { verdict: 'InputError', findings: [], mutations: [] };
  if (result.kind === 'error') return { verdict: 'InternalError', findings: [], mutations: [] };
  const { decision } = result;
  return {
    verdict: VERDICT_LABEL[result.verdict.condition.reason] ?? 'InternalError',
    findings: decision.findings,
    mutations: decision.mutations.map((m) => m.rule),
  };
}

const VERDICT_LABEL: Readonly<Record<string, VerdictLabel>> = {
  Compliant: 'Compliant',
  Remediated: 'Remediated',
  Denied: 'Denied',
  ApprovalRequired: 'ApprovalRequired',
  AuditViolations: 'AuditViolations',
  InvalidInput: 'InputError',
  EvaluationFailed: 'InternalError',
};

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
