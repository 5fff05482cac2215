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
import type { Decision, ExceptionReport, Finding, Mutation } from '../engine/types.js';

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

/**
 * The verdict. Exceptions matching the XR are listed on every call, an
 * active one in a Normal result, an expired one in a Warning, both before
 * any Fatal (Crossplane stops reading results at the first Fatal), and in
 * the condition's message.
 */
export function verdictOf(decision: Decision, previous?: PreviousCondition): Verdict {
  const exceptions = decision.exceptions.map(exceptionResult);
  const verdict = judge(decision, previous, capped(exceptions.map((r) => r.message)));
  return { condition: verdict.condition, results: [...exceptions, ...verdict.results] };
}

function exceptionResult(e: ExceptionReport): ResultOut {
  const what = `exceptions[${e.index}] (${e.rules.join(', ')})`;
  if (e.expired) {
    return {
      severity: 'Warning',
      reason: 'ExceptionExpired',
      message: `${what} expired (${e.expires}) and is ignored: its rules apply again; renew or remove it (${e.justification})`,
      claim: true,
    };
  }
  const covered = e.covered.length > 0 ? `waives them on ${e.covered.join(', ')}` : 'matches no composed resource on this call';
  return { severity: 'Normal', reason: 'ExceptionActive', message: `${what} is active until ${e.expires} and ${covered} (${e.justification})`, claim: true };
}

/** The verdict on the findings; `notes` end every condition message. */
function judge(decision: Decision, previous: PreviousCondition | undefined, notes: readonly string[]): Verdict {
  if (decision.errors.length > 0) {
    const lines = decision.errors.map((e) => `[${e.rule}] ${e.resource}: evaluation failed: ${e.message}`);
    return fatal('EvaluationFailed', [...capped(lines), 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.', ...notes]);
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
    if (would.length === 0) return quiet({ status: 'True', reason: 'Compliant', message: withNotes('Audit mode: nothing to change or refuse.', notes) });
    return noisy({ status: 'False', reason: 'AuditViolations', message: withNotes(['Audit mode: nothing was changed or refused.', ...capped(would)].join('\n'), notes) }, previous, 'Warning');
  }

  if (blocking.length > 0) {
    const lines = blocking.map(findingLine);
    const tail = `function-guardrails refused this request (${blocking.length} violation${blocking.length > 1 ? 's' : ''}); nothing was applied or deleted. Fix each and resubmit.`;
    return fatal('Denied', [...capped([...lines, ...warnings.map((f) => `warning: ${findingLine(f)}`)]), tail, ...notes]);
  }

  const warned = warnings.map((f) => `warning: ${findingLine(f)}`);
  if (changes.length > 0) {
    return noisy({ status: 'True', reason: 'Remediated', message: withNotes(capped([...warned, ...changes]).join('\n'), notes) }, previous, 'Normal', capped(warned).join('\n'));
  }
  if (warned.length > 0) return noisy({ status: 'True', reason: 'Compliant', message: withNotes(capped(warned).join('\n'), notes) }, previous, 'Warning');
  return quiet({ status: 'True', reason: 'Compliant', message: withNotes('All composed resources pass the guardrails.', notes) });
}

function withNotes(message: string, notes: readonly string[]): string {
  return [message, ...notes].join('\n');
}

/** `[rule] resource: message`, with the field path where the message does not already name it. */
export function findingLine(f: Finding): string {
  const suffix = f.path !== '' && !f.message.includes(f.path) ? ` (${f.path})` : '';
  const approval = f.action === 'RequireApproval' ? ' [requires human approval, which is not available yet: refused until then]' : '';
  const waived = f.waivedBy !== undefined ? ` (waived by exceptions[${f.waivedBy}])` : '';
  return `[${f.rule}] ${f.resource}: ${f.message}${suffix}${approval}${waived}`;
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
