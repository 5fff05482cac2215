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
import { approveCommand } from '../approval/store.js';
import type { Decision, ExceptionReport, Finding, Gate, Mutation } from '../engine/types.js';
import { ApprovalSchema, type ApprovalConfig } from '../input/schema.js';

export const CONDITION_TYPE = 'GuardrailsCompliant';

export type Reason =
  | 'Compliant'
  | 'Remediated'
  | 'Denied'
  | 'ApprovalRequired'
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

/** What the verdict needs beyond the decision. */
export interface VerdictContext {
  /** Where approvals are read from, for the approve command. */
  approval: ApprovalConfig;
}

const DEFAULT_CONTEXT: VerdictContext = { approval: ApprovalSchema.parse({}) };

const UNAVAILABLE =
  ' [requires human approval, but this Crossplane does not send required resources (CAPABILITY_REQUIRED_RESOURCES), so approvals cannot be read: refused; use Crossplane v2, or set the rule\'s action]';

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
export function verdictOf(decision: Decision, previous?: PreviousCondition, context: VerdictContext = DEFAULT_CONTEXT): Verdict {
  const exceptions = decision.exceptions.map(exceptionResult);
  const verdict = judge(decision, previous, capped(exceptions.map((r) => r.message)), context);
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
function judge(decision: Decision, previous: PreviousCondition | undefined, notes: readonly string[], context: VerdictContext): Verdict {
  if (decision.errors.length > 0) {
    const lines = decision.errors.map((e) => `[${e.rule}] ${e.resource}: evaluation failed: ${e.message}`);
    return fatal('EvaluationFailed', [...capped(lines), 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.', ...notes]);
  }

  const gateOf = new Map(decision.gates.map((g) => [g.resource, g]));
  const gated = gatedResource(decision);
  // A RequireApproval finding without a gate could not be held: it refuses (fail closed).
  const unavailable = (f: Finding) => f.action === 'RequireApproval' && (gateOf.get(gated(f))?.status ?? 'Unavailable') === 'Unavailable';
  const denied = decision.findings.filter((f) => f.action === 'Deny' || unavailable(f));
  const warnings = decision.findings.filter((f) => f.action === 'Warn');
  const waiting = decision.gates.filter((g) => g.status === 'Held' || g.status === 'Frozen');
  const released = decision.gates.filter((g) => g.status === 'Released').map(releaseLine);
  const changes = changeLines(decision.mutations, decision);
  const line = (f: Finding) => findingLine(f) + (unavailable(f) ? UNAVAILABLE : '');
  const gateLines = (gates: readonly Gate[], verb: string) =>
    gates.flatMap((g) => approvalLines(g, decision.findings.filter((f) => gated(f) === g.resource), context, verb));

  if (decision.mode === 'Audit') {
    const would = [
      ...gateLines(waiting, 'would hold'),
      ...denied.map((f) => `would refuse: ${line(f)}`),
      ...warnings.map((f) => `would warn: ${findingLine(f)}`),
      ...changes.map((c) => `would ${c}`),
    ];
    if (would.length === 0) return quiet({ status: 'True', reason: 'Compliant', message: withNotes('Audit mode: nothing to change or refuse.', notes) });
    return noisy({ status: 'False', reason: 'AuditViolations', message: withNotes(['Audit mode: nothing was changed or refused.', ...capped(would)].join('\n'), notes) }, previous, 'Warning');
  }

  const warned = warnings.map((f) => `warning: ${findingLine(f)}`);
  if (denied.length > 0) {
    const tail = `function-guardrails refused this request (${denied.length} violation${denied.length > 1 ? 's' : ''}); nothing was applied or deleted. Fix each and resubmit.`;
    return fatal('Denied', [...capped([...denied.map(line), ...gateLines(waiting, 'would also hold'), ...warned]), tail, ...notes]);
  }

  const frozen = waiting.filter((g) => g.status === 'Frozen');
  if (frozen.length > 0) {
    const tail = `function-guardrails is holding this request for human approval: ${frozen.map((g) => g.resource).join(', ')} already exist${frozen.length > 1 ? '' : 's'}, so nothing was applied or deleted until a person approves each digest (or the request changes back).`;
    return fatal('ApprovalRequired', [...capped([...gateLines(waiting, 'holds'), ...released, ...warned]), tail, ...notes]);
  }

  if (waiting.length > 0) {
    const head = `function-guardrails is holding ${waiting.map((g) => g.resource).join(', ')} for human approval: not created until a person approves; everything else was applied.`;
    const message = withNotes([head, ...capped([...gateLines(waiting, 'holds'), ...released, ...warned, ...changes])].join('\n'), notes);
    return noisy({ status: 'False', reason: 'ApprovalRequired', message }, previous, 'Warning');
  }

  if (changes.length > 0 || released.length > 0) {
    const reason = changes.length > 0 ? 'Remediated' : 'Compliant';
    return noisy({ status: 'True', reason, message: withNotes(capped([...released, ...warned, ...changes]).join('\n'), notes) }, previous, 'Normal', capped(warned).join('\n'));
  }
  if (warned.length > 0) return noisy({ status: 'True', reason: 'Compliant', message: withNotes(capped(warned).join('\n'), notes) }, previous, 'Warning');
  return quiet({ status: 'True', reason: 'Compliant', message: withNotes('All composed resources pass the guardrails.', notes) });
}

/** The resource whose gate a finding belongs to: a companion's findings gate its owner. */
function gatedResource(decision: Decision): (f: Finding) => string {
  const ownerOf = new Map(decision.companions.map((c) => [c.name, c.owner]));
  return (f) => ownerOf.get(f.resource) ?? f.resource;
}

/** What holds a resource and how to release it: the findings (its own and its companions'), the digest, the command. */
function approvalLines(g: Gate, findings: readonly Finding[], context: VerdictContext, verb: string): string[] {
  const what = g.status === 'Frozen' ? 'an existing resource: its change is not applied' : 'a new resource: not created';
  const companions = g.companions.length > 0 ? ` (with ${g.companions.join(', ')})` : '';
  return [
    ...findings.filter((f) => f.action === 'RequireApproval').map(findingLine),
    `[approval] ${g.resource}: function-guardrails ${verb} ${what}${companions} until a person approves digest ${g.digest} (rules ${g.rules.join(', ')}); to approve: ${approveCommand(g.digest, context.approval)}`,
  ];
}

function releaseLine(g: Gate): string {
  return `[approval] ${g.resource}: released: digest ${g.digest} (rules ${g.rules.join(', ')}) approved by "${g.grant?.by ?? ''}" (${g.grant?.source ?? ''})`;
}

function withNotes(message: string, notes: readonly string[]): string {
  return [message, ...notes].join('\n');
}

/** `[rule] resource: message`, with the field path where the message does not already name it. */
export function findingLine(f: Finding): string {
  const suffix = f.path !== '' && !f.message.includes(f.path) ? ` (${f.path})` : '';
  const waived = f.waivedBy !== undefined ? ` (waived by exceptions[${f.waivedBy}])` : '';
  return `[${f.rule}] ${f.resource}: ${f.message}${suffix}${waived}`;
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
