/**
 * Whole requests to `check` (src/check.ts): a desired state, the observed
 * resources (some of the desired ones already exist), an Input, the XR,
 * approvals and the clock; and the helpers the properties judge them with.
 */
import fc from 'fast-check';
import type { CheckRequest, CheckResult } from '../../src/check.js';
import type { KubeObject } from '../../src/engine/types.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { anyInput, approvals, composite, NOW } from './inputs.js';
import { desiredState, own } from './resources.js';

/** A request: `existing` picks which desired resources are observed already. */
export const checkRequest: fc.Arbitrary<CheckRequest> = fc
  .record({ input: anyInput, composite, desired: desiredState, existing: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), approvals })
  .map(({ input, composite: xr, desired, existing, approvals: granted }) => ({
    input,
    composite: xr,
    desired,
    observed: own(Object.entries(desired).filter((_, i) => existing[i]).map(([n, r]) => [n, structuredClone(r)] as const)) as Record<string, KubeObject>,
    ...(granted !== undefined ? { approvals: granted } : {}),
    now: NOW,
  }));

/** What a verdict amounts to: passed (applied), held (in part or whole), refused (Fatal), audited, or an invalid Input. */
export type VerdictClass = 'pass' | 'hold' | 'refuse' | 'audit' | 'invalid';

export function verdictClass(result: CheckResult): VerdictClass {
  const reason = result.verdict.condition.reason;
  if (reason === 'Compliant' || reason === 'Remediated') return 'pass';
  if (reason === 'AuditViolations') return 'audit';
  if (reason === 'InvalidInput') return 'invalid';
  if (reason === 'ApprovalRequired') return 'hold';
  return 'refuse';
}

/** The names a decision held back for approval (new resources, and the companions they brought): not emitted. */
export function heldOf(r: CheckResult): Set<string> {
  return r.kind !== 'decided' ? new Set() : new Set(r.decision.gates.filter((g) => g.status === 'Held').flatMap((g) => [g.resource, ...g.companions]));
}

/** Does Crossplane apply nothing (a Fatal result)? */
export const refuses = (result: CheckResult) => result.verdict.results.some((r) => r.severity === 'Fatal');

/** The annotations the engine owns on what it emits (mutated-by, companion-of, added-by). */
const ENGINE_ANNOTATION = /^guardrails\.fn\.crossplane\.io\//;

/**
 * Every leaf of `v` by JSON path: scalars and empty lists (an empty list is
 * a value: `drop: []` is not `drop: ['ALL']`). Null is an absent field.
 * The engine's own annotations are left out: they are its to write.
 */
export function leaves(v: unknown, path = '$', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v === null || v === undefined) return out;
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(path, '[]');
    v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  } else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (path.endsWith('."metadata"."annotations"') && ENGINE_ANNOTATION.test(k)) continue;
      leaves(x, `${path}.${JSON.stringify(k)}`, out);
    }
  } else {
    out.set(path, v);
  }
  return out;
}
