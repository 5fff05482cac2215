/**
 * From a Decision to what Crossplane shows people and agents: the
 * `GuardrailsCompliant` condition and the results. Pure; the handler maps
 * this onto the protobuf types.
 *
 * Each piece of text is said once, where it belongs. Crossplane (v2,
 * internal/controller/apiextensions/composite: composition_functions.go and
 * reconciler.go) applies the conditions a function returns to the XR and,
 * when targeted, the claim, even beside a Fatal result; it turns Normal and
 * Warning results into events on the XR and, when targeted, the claim; it
 * stops at the first Fatal result, applies nothing, and puts the Fatal's
 * message in an event and the Synced condition of the XR alone. So:
 * - the condition carries the full message: findings, what to set, holds,
 *   warnings, changes, exceptions;
 * - a refusal is a Fatal result on every call, carrying only what was
 *   refused and what to fix;
 * - a verdict is announced by one Normal or Warning result of one line,
 *   pointing at the condition, only when it differs from the condition the
 *   observed XR already carries: events are rate-limited, and before a Fatal
 *   this line is what the claim's events show.
 *
 * Every line is built with `line` (./text.ts), which escapes and bounds what
 * the request controls, and every message is joined by `message`, which
 * bounds its length: a name, a path or a value cannot forge a line or grow
 * the XR's status.
 */
import { approveCommand } from '../approval/store.js';
import type { Decision, ExceptionReport, Finding, Gate } from '../engine/types.js';
import { changeGroups, companionGroups, findingKey, Ids, kindOf, sameFor } from './group.js';
import { ApprovalSchema, type ApprovalConfig } from '../input/schema.js';
import { count, fields, line, message, name, names, own, phrase, quoted, ranked, type Line, type Part, type Phrase } from './text.js';

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
  " [requires human approval, but this Crossplane does not send required resources (CAPABILITY_REQUIRED_RESOURCES), so approvals cannot be read: refused; use Crossplane v2.2 or later, or set the rule's action]";

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

/** The verdict on the findings; `notes` end every condition message, and no result. */
function judge(decision: Decision, previous: PreviousCondition | undefined, notes: readonly Line[], context: VerdictContext): Verdict {
  if (decision.errors.length > 0) {
    const lines = decision.errors.map((e) => line`[${own(e.rule)}] ${name(e.resource)}: evaluation failed: ${e.message}`);
    const tail = always(line`function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.`);
    return refuse('EvaluationFailed', [...lines, tail, ...notes], [...lines, tail], summary([phrase`could not evaluate this request and refused it (fail closed)`], 0), previous);
  }

  const gateOf = new Map(decision.gates.map((g) => [g.resource, g]));
  const gated = gatedResource(decision);
  // A RequireApproval finding without a gate could not be held: it refuses (fail closed).
  const unavailable = (f: Finding) => f.action === 'RequireApproval' && (gateOf.get(gated(f))?.status ?? 'Unavailable') === 'Unavailable';
  const denied = decision.findings.filter((f) => f.action === 'Deny' || unavailable(f));
  const warnings = decision.findings.filter((f) => f.action === 'Warn');
  const waiting = decision.gates.filter((g) => g.status === 'Held' || g.status === 'Frozen');
  const released = decision.gates.filter((g) => g.status === 'Released');
  const refusal = (f: Finding, lead: Phrase = []) => phrase`${findingPhrase(f, lead)}${unavailable(f) ? own(UNAVAILABLE) : []}`;
  // A gate's findings, its companions' included, grouped once: a request may carry thousands of each.
  const findingsOf = new Map<string, Finding[]>();
  for (const f of decision.findings) {
    const list = findingsOf.get(gated(f));
    if (list === undefined) findingsOf.set(gated(f), [f]);
    else list.push(f);
  }
  const gateLines = (gates: readonly Gate[], verb: string, lead: Phrase = []) => gates.flatMap((g) => approvalLines(g, findingsOf.get(g.resource) ?? [], context, verb, lead));
  const warned = sameFor(warnings, findingKey(new Ids()), (f) => f.resource).map(({ item, resources }) => line`warning: ${findingPhrase(item, [], names(resources))}`);
  const changes = changeTally(decision);

  if (decision.mode === 'Audit') {
    const would = [
      ...denied.map((f) => line`${refusal(f, phrase`would be refused: `)}`),
      ...gateLines(waiting, 'would hold', phrase`would be held for approval: `),
      ...warned,
      ...changeLines(decision, 'would set', 'would add'),
    ];
    if (would.length === 0) return quiet({ status: 'True', reason: 'Compliant', message: message([always(line`Audit mode: nothing to change or refuse.`), ...notes]) });
    const clauses = [
      ...(denied.length > 0 ? [phrase`refuse this request (${violations(denied.length)})`] : []),
      ...(waiting.length > 0 ? [phrase`hold ${resources(waiting.length)} for human approval`] : []),
      ...(changes.resources > 0 ? [phrase`change ${changed(changes)}`] : []),
    ];
    const enforce = phrase`Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would ${joined(clauses.length > 0 ? clauses : [phrase`pass this request`])}${withWarnings(warnings.length)}`;
    const text = message([always(line`${enforce}:`), ...would, ...notes]);
    return noisy({ status: 'False', reason: 'AuditViolations', message: text }, previous, 'Warning', line`${enforce}; see the ${own(CONDITION_TYPE)} condition.`);
  }

  if (denied.length > 0) {
    const refused = denied.map((f) => line`${refusal(f)}`);
    const tail = always(line`function-guardrails refused this request (${violations(denied.length)}); nothing was applied or deleted. Fix each and resubmit.`);
    const condition = [...refused, ...gateLines(waiting, 'would also hold'), ...warned, tail, ...notes];
    return refuse('Denied', condition, [...refused, tail], summary([phrase`refused this request (${violations(denied.length)})`], warnings.length), previous);
  }

  const releasedLines = released.map(releaseLine);
  const frozen = waiting.filter((g) => g.status === 'Frozen');
  if (frozen.length > 0) {
    const held = gateLines(waiting, 'holds');
    const tail = always(
      line`function-guardrails is holding this request for human approval: ${names(frozen.map((g) => g.resource))} already ${plural(frozen.length, 'exists', 'exist')}, so nothing was applied or deleted until a person approves each digest (or the request changes back).`,
    );
    const clause = phrase`is holding this request for human approval (${resources(frozen.length, 'existing')})`;
    return refuse('ApprovalRequired', [...held, ...releasedLines, ...warned, tail, ...notes], [...held, tail], summary([clause], warnings.length), previous);
  }

  const done = [
    ...(changes.resources > 0 ? [phrase`changed ${changed(changes)}`] : []),
    ...(released.length > 0 ? [phrase`released ${resources(released.length, 'approved')}`] : []),
  ];
  const changeText = changeLines(decision, 'set', 'added');
  if (waiting.length > 0) {
    const head = line`function-guardrails is holding ${names(waiting.map((g) => g.resource))} for human approval: not created until a person approves; everything else was applied.`;
    const text = message([always(head), ...gateLines(waiting, 'holds'), ...releasedLines, ...warned, ...changeText, ...notes]);
    const clauses = [phrase`is holding ${resources(waiting.length, 'new')} for human approval`, ...done];
    return noisy({ status: 'False', reason: 'ApprovalRequired', message: text }, previous, 'Warning', summary(clauses, warnings.length));
  }

  if (done.length > 0) {
    const reason = changes.resources > 0 ? 'Remediated' : 'Compliant';
    const text = message([...releasedLines, ...warned, ...changeText, ...notes]);
    return noisy({ status: 'True', reason, message: text }, previous, warnings.length > 0 ? 'Warning' : 'Normal', summary(done, warnings.length));
  }
  if (warned.length > 0) {
    return noisy({ status: 'True', reason: 'Compliant', message: message([...warned, ...notes]) }, previous, 'Warning', summary([phrase`passed this request`], warnings.length));
  }
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
function approvalLines(g: Gate, findings: readonly Finding[], context: VerdictContext, verb: string, lead: Phrase): Line[] {
  const what = g.status === 'Frozen' ? 'an existing resource: its change is not applied' : 'a new resource: not created';
  const companions = g.companions.length > 0 ? phrase` (with ${names(g.companions)})` : [];
  return [
    ...findings.filter((f) => f.action === 'RequireApproval').map((f) => line`${findingPhrase(f, lead)}`),
    first(
      line`[approval] ${name(g.resource)}: function-guardrails ${own(verb)} ${own(what)}${companions} until a person approves digest ${own(g.digest)} (rules ${g.rules.join(', ')}); to approve: ${own(approveCommand(g.digest, context.approval))}`,
    ),
  ];
}

function releaseLine(g: Gate): Line {
  return first(line`[approval] ${name(g.resource)}: released: digest ${own(g.digest)} (rules ${g.rules.join(', ')}) approved by ${quoted(g.grant?.by ?? '')} (${name(g.grant?.source ?? '')})`);
}

/**
 * `[rule] resource: message`, then what to set where the finding carries
 * the value (`; set spec.forProvider.x to true`), else the field path where
 * the message does not already name it. `lead` says what Enforce would do
 * (Audit mode); `who` names the resources it is said of, when more than one.
 */
function findingPhrase(f: Finding, lead: Phrase = [], who: Part = name(f.resource)): Phrase {
  const fix = f.fix !== undefined ? phrase`; set ${fields([f.fix])}` : [];
  const path = f.fix === undefined && f.path !== '' && !f.message.includes(f.path) ? phrase` (${f.path})` : [];
  const waived = f.waivedBy !== undefined ? phrase` (waived by exceptions[${f.waivedBy}])` : [];
  return phrase`[${own(f.rule)}] ${who}: ${lead}${f.message}${fix}${path}${waived}`;
}

/**
 * One line per rule and change: the fields set, each with its value (`set
 * a to x, b to y`), then what the change asks of the author where the rule
 * says (`; the image must ...`), naming every resource changed alike; then
 * one line per rule and kind of companion added, naming the owners (and the
 * companion, when there is one).
 */
function changeLines(decision: Decision, set: string, add: string): Line[] {
  const ids = new Ids();
  const lines = changeGroups(decision.mutations, ids).map(
    ({ item: e, resources }) => line`[${own(e.rule)}] ${names(resources)}: ${own(set)} ${fields(e.fields)}${e.notes.flatMap((n) => phrase`; ${n}`)}`,
  );
  for (const { items, resources } of companionGroups(decision.companions, ids)) {
    // One companion per owner: said once. Otherwise (one owner, or an owner with two of a kind) each by its name.
    if (resources.length > 1 && resources.length === items.length) lines.push(line`[${own(items[0]!.rule)}] ${names(resources)}: ${own(add)} ${kindOf(items[0]!)} to each`);
    else for (const c of items) lines.push(line`[${own(c.rule)}] ${name(c.owner)}: ${own(add)} ${kindOf(c)} ${name(c.name)}`);
  }
  return lines;
}

/** What the mutations and companions change: how many resources, fields and companions. */
interface ChangeTally {
  resources: number;
  fields: number;
  companions: number;
}

function changeTally(decision: Decision): ChangeTally {
  const touched = new Set<string>();
  for (const m of decision.mutations) touched.add(m.resource);
  for (const c of decision.companions) touched.add(c.owner);
  return { resources: touched.size, fields: decision.mutations.length, companions: decision.companions.length };
}

/** `3 resources (7 fields, 3 companions)`, leaving out what is zero. */
function changed(t: ChangeTally): Phrase {
  const parts = [...(t.fields > 0 ? [tally(t.fields, 'field', 'fields')] : []), ...(t.companions > 0 ? [tally(t.companions, 'companion', 'companions')] : [])];
  return phrase`${resources(t.resources)} (${own(parts.join(', '))})`;
}

function tally(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

function violations(n: number): Part {
  return own(tally(n, 'violation', 'violations'));
}

/** `3 resources`, `1 new resource`. */
function resources(n: number, kind?: string): Part {
  const noun = n === 1 ? 'resource' : 'resources';
  return own(`${count(n)} ${kind !== undefined ? `${kind} ` : ''}${noun}`);
}

function withWarnings(n: number): Part {
  return own(n > 0 ? `, with ${tally(n, 'warning', 'warnings')}` : '');
}

/** `a`, `a and b`, `a, b and c`. */
function joined(clauses: readonly Phrase[]): Phrase {
  return clauses.flatMap((c, i) => [...(i === 0 ? [] : [own(i === clauses.length - 1 ? ' and ' : ', ')]), ...c]);
}

/** The one-line result that announces a verdict: what function-guardrails did, and where to read the rest. */
function summary(clauses: readonly Phrase[], warnings: number): Line {
  return always(line`function-guardrails ${joined(clauses)}${withWarnings(warnings)}; see the ${own(CONDITION_TYPE)} condition.`);
}

function isUnchanged(previous: PreviousCondition | undefined, c: Omit<ConditionOut, 'type'>): boolean {
  return previous !== undefined && previous.status === c.status && previous.reason === c.reason && previous.message === c.message;
}

/**
 * A refusal: the condition carries the full message (to the XR and the
 * claim); the Fatal, on every call, carries only what was refused and what
 * to fix, since Crossplane turns it into the XR's Synced condition and an
 * event on the XR alone. A one-line Warning before it, when the verdict
 * changed, is what the claim's events show.
 */
function refuse(reason: Reason, conditionLines: readonly Line[], fatalLines: readonly Line[], announce: Line, previous: PreviousCondition | undefined): Verdict {
  const condition: ConditionOut = { type: CONDITION_TYPE, status: 'False', reason, message: message(conditionLines) };
  const results: ResultOut[] = [];
  if (!isUnchanged(previous, condition)) results.push({ severity: 'Warning', reason, message: message([announce]), claim: true });
  results.push({ severity: 'Fatal', reason, message: message(fatalLines), claim: true });
  return { condition, results };
}

function quiet(c: Omit<ConditionOut, 'type'>): Verdict {
  return { condition: { type: CONDITION_TYPE, ...c }, results: [] };
}

/** A verdict announced by a one-line result, only when it changed: events are rate-limited, and the condition says the rest. */
function noisy(c: Omit<ConditionOut, 'type'>, previous: PreviousCondition | undefined, severity: 'Normal' | 'Warning', announce: Line): Verdict {
  const condition: ConditionOut = { type: CONDITION_TYPE, ...c };
  if (isUnchanged(previous, c)) return { condition, results: [] };
  return { condition, results: [{ severity, reason: c.reason, message: message([always(announce)]), claim: true }] };
}

/** A verdict for an Input that failed validation. */
export function invalidInput(problems: readonly string[], previous?: PreviousCondition): Verdict {
  const head = line`invalid function-guardrails input: ${own(count(problems.length))} ${plural(problems.length, 'problem', 'problems')}`;
  const lines = [always(head), ...problems.map((p) => line`  ${p}`)];
  return refuse('InvalidInput', lines, lines, summary([phrase`refused this request: its Input is invalid (${own(tally(problems.length, 'problem', 'problems'))})`], 0), previous);
}

/** A verdict for a failure outside the engine: fail closed, naming what failed. */
export function internalError(what: string, previous?: PreviousCondition): Verdict {
  const lines = [always(line`function-guardrails failed: ${what}; the request was refused (fail closed) and nothing was applied.`)];
  return refuse('EvaluationFailed', lines, lines, summary([phrase`failed and refused this request (fail closed)`], 0), previous);
}
