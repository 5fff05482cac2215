/**
 * From a Decision to what Crossplane shows people and agents: the
 * `GuardrailsCompliant` condition and the results. Pure; the handler maps
 * this onto the protobuf types.
 *
 * Events are rate-limited, so Normal and Warning results are emitted only
 * when the verdict differs from the condition the observed XR already
 * carries. A refusal is always a Fatal result (with a claim-targeted Warning
 * before it): it must stop the pipeline on every call.
 */
import type { Decision, Finding, Mutation } from '../engine/types.js';

export const CONDITION_TYPE = 'GuardrailsCompliant';

export type Reason =
  | 'Compliant'
  | 'Remediated'
  | 'Denied'
  | 'AuditViolations'
  | 'InvalidInput'
  | 'EvaluationFailed';

export interface ConditionOut {
  type: typeof CONDITION_TYPE;
  status: 'True' | 'False';
  reason: Reason;
  message: string;
}

export interface ResultOut {
  severity: 'Fatal' | 'Warning' | 'Normal';
  reason: string;
  message: string;
  /** Also shown on the claim. */
  claim: boolean;
}

export interface Verdict {
  condition: ConditionOut;
  results: ResultOut[];
}

/** The condition as it stands on the observed XR, if any. */
export interface PreviousCondition {
  status?: unknown;
  reason?: unknown;
  message?: unknown;
}

const BLOCKING = new Set<Finding['action']>(['Deny', 'RequireApproval']);

/**
 * Most lines one message lists. A condition lives in the XR's and claim's
 * status, and the whole object must stay well under etcd's size limit:
 * 2,000 remediated resources would otherwise write half a megabyte, twice.
 */
export const MAX_LINES = 50;

/** The first MAX_LINES lines, then how many more there are. */
export function capped(lines: readonly string[]): string[] {
  if (lines.length <= MAX_LINES) return [...lines];
  return [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`];
}

export function verdictOf(decision: Decision, previous?: PreviousCondition): Verdict {
  if (decision.errors.length > 0) {
    const lines = decision.errors.map((e) => `[${e.rule}] ${e.resource}: internal error: ${e.message}`);
    return fatal('EvaluationFailed', [...capped(lines), 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.']);
  }

  const blocking = decision.findings.filter((f) => BLOCKING.has(f.action));
  const warnings = decision.findings.filter((f) => f.action === 'Warn');
  const changes = changeLines(decision.mutations, decision);

  if (decision.mode === 'Audit') {
    const would = [
      ...blocking.map((f) => `would refuse: ${findingLine(f)}`),
      ...warnings.map((f) => `would warn: ${findingLine(f)}`),
      ...changes.map((c) => `would ${c}`),
    ];
    if (would.length === 0) return quiet({ status: 'True', reason: 'Compliant', message: 'Audit mode: nothing to change or refuse.' });
    return noisy({ status: 'False', reason: 'AuditViolations', message: ['Audit mode: nothing was changed or refused.', ...capped(would)].join('\n') }, previous, 'Warning');
  }

  if (blocking.length > 0) {
    const lines = blocking.map(findingLine);
    const tail = `function-guardrails refused this request (${blocking.length} violation${blocking.length > 1 ? 's' : ''}); nothing was applied or deleted. Fix each and resubmit.`;
    return fatal('Denied', [...capped([...lines, ...warnings.map((f) => `warning: ${findingLine(f)}`)]), tail]);
  }

  const warned = warnings.map((f) => `warning: ${findingLine(f)}`);
  if (changes.length > 0) {
    return noisy({ status: 'True', reason: 'Remediated', message: capped([...warned, ...changes]).join('\n') }, previous, 'Normal', capped(warned).join('\n'));
  }
  if (warned.length > 0) return noisy({ status: 'True', reason: 'Compliant', message: capped(warned).join('\n') }, previous, 'Warning');
  return quiet({ status: 'True', reason: 'Compliant', message: 'All composed resources pass the guardrails.' });
}

/** `[rule] resource: message`, with the field path where the message does not already name it. */
export function findingLine(f: Finding): string {
  const suffix = f.path !== '' && !f.message.includes(f.path) ? ` (${f.path})` : '';
  const approval = f.action === 'RequireApproval' ? ' [requires human approval, which is not available yet: refused until then]' : '';
  return `[${f.rule}] ${f.resource}: ${f.message}${suffix}${approval}`;
}

/** One line per rule and resource: what was injected or added. */
function changeLines(mutations: readonly Mutation[], decision: Decision): string[] {
  const byKey = new Map<string, string[]>();
  for (const m of mutations) {
    const key = `[${m.rule}] ${m.resource}`;
    byKey.set(key, [...(byKey.get(key) ?? []), m.path]);
  }
  const lines = [...byKey].map(([key, paths]) => `${key}: set ${paths.join(', ')}`);
  for (const c of decision.companions) lines.push(`[${c.rule}] ${c.owner}: added ${String(c.resource.kind)} ${c.name}`);
  return lines;
}

function fatal(reason: Reason, lines: string[]): Verdict {
  const message = lines.join('\n');
  return {
    condition: { type: CONDITION_TYPE, status: 'False', reason, message },
    results: [
      { severity: 'Warning', reason, message, claim: true },
      { severity: 'Fatal', reason, message, claim: true },
    ],
  };
}

function quiet(c: Omit<ConditionOut, 'type'>): Verdict {
  return { condition: { type: CONDITION_TYPE, ...c }, results: [] };
}

/** A verdict that is announced with a result (and its warnings with a Warning), but only when it changed. */
function noisy(c: Omit<ConditionOut, 'type'>, previous: PreviousCondition | undefined, severity: 'Normal' | 'Warning', warning = ''): Verdict {
  const condition: ConditionOut = { type: CONDITION_TYPE, ...c };
  const unchanged = previous !== undefined && previous.status === c.status && previous.reason === c.reason && previous.message === c.message;
  if (unchanged) return { condition, results: [] };
  const results: ResultOut[] = [{ severity, reason: c.reason, message: c.message, claim: true }];
  if (warning !== '') results.push({ severity: 'Warning', reason: 'GuardrailWarning', message: warning, claim: true });
  return { condition, results };
}

/** A verdict for an Input that failed validation. */
export function invalidInput(problems: readonly string[]): Verdict {
  return fatal('InvalidInput', [`invalid function-guardrails input: ${problems.length} problem${problems.length > 1 ? 's' : ''}`, ...problems.map((p) => `  ${p}`)]);
}

/** A verdict for a failure outside the engine: fail closed, naming what failed. */
export function internalError(what: string): Verdict {
  return fatal('EvaluationFailed', [`function-guardrails failed: ${what}; the request was refused (fail closed) and nothing was applied.`]);
}
