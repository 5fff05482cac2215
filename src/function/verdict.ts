/**
 * From a Decision to what Crossplane shows people and agents: the
 * `GuardrailsCompliant` condition and the results. Pure; the handler maps
 * this onto the protobuf types.
 *
 * Events are rate-limited, so Normal and Warning results are emitted only
 * when the verdict differs from the condition the observed XR already
 * carries. A refusal is always a Fatal result (with a claim-targeted Warning
 * before it): it must stop the pipeline on every call.
 *
 * Every line is built with `line` (./text.ts), which escapes and bounds what
 * the request controls, and every message is joined by `message`, which
 * bounds its length: a name, a path or a value cannot forge a line or grow
 * the XR's status.
 */
import { approveCommand } from '../approval/store.js';
import type { Decision, ExceptionReport, Finding, Gate, Mutation } from '../engine/types.js';
import { ApprovalSchema, type ApprovalConfig } from '../input/schema.js';
import { count, line, message, name, names, own, phrase, quoted, ranked, type Line, type Phrase } from './text.js';

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
  " [requires human approval, but this Crossplane does not send required resources (CAPABILITY_REQUIRED_RESOURCES), so approvals cannot be read: refused; use Crossplane v2, or set the rule's action]";

const always = (l: Line) => ranked(l, 'always');
const first = (l: Line) => ranked(l, 'first');
const plural = (n: number, one: string, many: string) => own(n === 1 ? one : many);

/**
 * The verdict. Exceptions matching the XR are listed on every call, an
 * active one in a Normal result, an expired one in a Warning, both before
 * any Fatal (Crossplane stops reading results at the first Fatal), and in
 * the condition's message.
 */
export function verdictOf(decision: Decision, previous?: PreviousCondition, context: VerdictContext = DEFAULT_CONTEXT): Verdict {
  const exceptions = decision.exceptions.map((e) => ({ e, line: first(exceptionLine(e)) }));
  const results = exceptions.map(({ e, line: l }): ResultOut => ({
    severity: e.expired ? 'Warning' : 'Normal',
    reason: e.expired ? 'ExceptionExpired' : 'ExceptionActive',
    message: message([l]),
    claim: true,
  }));
  const verdict = judge(decision, previous, exceptions.map((x) => x.line), context);
  return { condition: verdict.condition, results: [...results, ...verdict.results] };
}

function exceptionLine(e: ExceptionReport): Line {
  const what = phrase`exceptions[${e.index}] (${e.rules.join(', ')})`;
  if (e.expired) return line`${what} expired (${own(e.expires)}) and is ignored: its rules apply again; renew or remove it (${e.justification})`;
  const covered = e.covered.length > 0 ? phrase`waives them on ${names(e.covered)}` : phrase`matches no composed resource on this call`;
  return line`${what} is active until ${own(e.expires)} and ${covered} (${e.justification})`;
}

/** The verdict on the findings; `notes` end every condition message. */
function judge(decision: Decision, previous: PreviousCondition | undefined, notes: readonly Line[], context: VerdictContext): Verdict {
  if (decision.errors.length > 0) {
    const lines = decision.errors.map((e) => line`[${own(e.rule)}] ${name(e.resource)}: evaluation failed: ${e.message}`);
    return fatal('EvaluationFailed', [...lines, always(line`function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.`), ...notes]);
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
  const refusal = (f: Finding) => phrase`${findingPhrase(f)}${unavailable(f) ? own(UNAVAILABLE) : []}`;
  // A gate's findings, its companions' included, grouped once: a request may carry thousands of each.
  const findingsOf = new Map<string, Finding[]>();
  for (const f of decision.findings) {
    const list = findingsOf.get(gated(f));
    if (list === undefined) findingsOf.set(gated(f), [f]);
    else list.push(f);
  }
  const gateLines = (gates: readonly Gate[], verb: string) => gates.flatMap((g) => approvalLines(g, findingsOf.get(g.resource) ?? [], context, verb));

  if (decision.mode === 'Audit') {
    const would = [
      ...gateLines(waiting, 'would hold'),
      ...denied.map((f) => line`would refuse: ${refusal(f)}`),
      ...warnings.map((f) => line`would warn: ${findingPhrase(f)}`),
      ...changes.map((c) => line`would ${c}`),
    ];
    if (would.length === 0) return quiet({ status: 'True', reason: 'Compliant', message: message([always(line`Audit mode: nothing to change or refuse.`), ...notes]) });
    return noisy({ status: 'False', reason: 'AuditViolations', message: message([always(line`Audit mode: nothing was changed or refused.`), ...would, ...notes]) }, previous, 'Warning');
  }

  const warned = warnings.map((f) => line`warning: ${findingPhrase(f)}`);
  if (denied.length > 0) {
    const tail = line`function-guardrails refused this request (${own(count(denied.length))} ${plural(denied.length, 'violation', 'violations')}); nothing was applied or deleted. Fix each and resubmit.`;
    return fatal('Denied', [...denied.map((f) => line`${refusal(f)}`), ...gateLines(waiting, 'would also hold'), ...warned, always(tail), ...notes]);
  }

  const frozen = waiting.filter((g) => g.status === 'Frozen');
  if (frozen.length > 0) {
    const tail = line`function-guardrails is holding this request for human approval: ${names(frozen.map((g) => g.resource))} already ${plural(frozen.length, 'exists', 'exist')}, so nothing was applied or deleted until a person approves each digest (or the request changes back).`;
    return fatal('ApprovalRequired', [...gateLines(waiting, 'holds'), ...released, ...warned, always(tail), ...notes]);
  }

  if (waiting.length > 0) {
    const head = line`function-guardrails is holding ${names(waiting.map((g) => g.resource))} for human approval: not created until a person approves; everything else was applied.`;
    const text = message([always(head), ...gateLines(waiting, 'holds'), ...released, ...warned, ...changes.map((c) => line`${c}`), ...notes]);
    return noisy({ status: 'False', reason: 'ApprovalRequired', message: text }, previous, 'Warning');
  }

  if (changes.length > 0 || released.length > 0) {
    const reason = changes.length > 0 ? 'Remediated' : 'Compliant';
    const text = message([...released, ...warned, ...changes.map((c) => line`${c}`), ...notes]);
    return noisy({ status: 'True', reason, message: text }, previous, 'Normal', warned.length > 0 ? message(warned) : '');
  }
  if (warned.length > 0) return noisy({ status: 'True', reason: 'Compliant', message: message([...warned, ...notes]) }, previous, 'Warning');
  return quiet({ status: 'True', reason: 'Compliant', message: message([always(line`All composed resources pass the guardrails.`), ...notes]) });
}

/** The resource whose gate a finding belongs to: a companion's findings gate its owner. */
function gatedResource(decision: Decision): (f: Finding) => string {
  const ownerOf = new Map(decision.companions.map((c) => [c.name, c.owner]));
  return (f) => ownerOf.get(f.resource) ?? f.resource;
}

/**
 * What holds a resource and how to release it: the findings (its own and
 * its companions'), then the approval line. The approval line ranks first,
 * and its digest and command are the function's own text: a long name or
 * many findings never cut them.
 */
function approvalLines(g: Gate, findings: readonly Finding[], context: VerdictContext, verb: string): Line[] {
  const what = g.status === 'Frozen' ? 'an existing resource: its change is not applied' : 'a new resource: not created';
  const companions = g.companions.length > 0 ? phrase` (with ${names(g.companions)})` : [];
  return [
    ...findings.filter((f) => f.action === 'RequireApproval').map((f) => line`${findingPhrase(f)}`),
    first(
      line`[approval] ${name(g.resource)}: function-guardrails ${own(verb)} ${own(what)}${companions} until a person approves digest ${own(g.digest)} (rules ${g.rules.join(', ')}); to approve: ${own(approveCommand(g.digest, context.approval))}`,
    ),
  ];
}

function releaseLine(g: Gate): Line {
  return first(line`[approval] ${name(g.resource)}: released: digest ${own(g.digest)} (rules ${g.rules.join(', ')}) approved by ${quoted(g.grant?.by ?? '')} (${name(g.grant?.source ?? '')})`);
}

/** `[rule] resource: message`, with the field path where the message does not already name it. */
function findingPhrase(f: Finding): Phrase {
  const path = f.path !== '' && !f.message.includes(f.path) ? phrase` (${f.path})` : [];
  const waived = f.waivedBy !== undefined ? phrase` (waived by exceptions[${f.waivedBy}])` : [];
  return phrase`[${own(f.rule)}] ${name(f.resource)}: ${f.message}${path}${waived}`;
}

/** One per rule and resource: what was injected or added. */
function changeLines(mutations: readonly Mutation[], decision: Decision): Phrase[] {
  const byKey = new Map<string, { rule: string; resource: string; paths: string[] }>();
  for (const m of mutations) {
    const key = JSON.stringify([m.rule, m.resource]);
    const entry = byKey.get(key) ?? { rule: m.rule, resource: m.resource, paths: [] };
    entry.paths.push(m.path);
    byKey.set(key, entry);
  }
  const lines = [...byKey.values()].map((e) => phrase`[${own(e.rule)}] ${name(e.resource)}: set ${e.paths.join(', ')}`);
  for (const c of decision.companions) lines.push(phrase`[${own(c.rule)}] ${name(c.owner)}: added ${String(c.resource.kind)} ${name(c.name)}`);
  return lines;
}

function fatal(reason: Reason, lines: readonly Line[]): Verdict {
  const text = message(lines);
  return {
    condition: { type: CONDITION_TYPE, status: 'False', reason, message: text },
    results: [
      { severity: 'Warning', reason, message: text, claim: true },
      { severity: 'Fatal', reason, message: text, claim: true },
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
  const head = line`invalid function-guardrails input: ${own(count(problems.length))} ${plural(problems.length, 'problem', 'problems')}`;
  return fatal('InvalidInput', [always(head), ...problems.map((p) => line`  ${p}`)]);
}

/** A verdict for a failure outside the engine: fail closed, naming what failed. */
export function internalError(what: string): Verdict {
  return fatal('EvaluationFailed', [always(line`function-guardrails failed: ${what}; the request was refused (fail closed) and nothing was applied.`)]);
}
