/**
 * The report of one check: what `check --output json` prints and what the
 * MCP tool `check_resources` returns, built one way. Its JSON Schema is
 * docs/cli-output.schema.json (a test validates real output against it).
 *
 * An agent acts on `verdict.outcome` (compliant and remediated pass; refused
 * and approval-required do not), then on each finding's `remedy` (and `fix`,
 * the exact field and value to set where there is one), and submits
 * `resources` or its own resources with the fixes applied.
 */
import { check, type CheckResult } from '../check.js';
import { approveCommand } from '../approval/store.js';
import { isObject } from '../lang/fieldpath.js';
import type { Decision, Finding } from '../engine/types.js';
import type { Guardrails } from '../input/schema.js';
import type { Reason } from '../verdict/verdict.js';
import { CATALOG } from '../rules/catalog.js';
import { InputError, type Doc } from './documents.js';
import { buildRequest, type Built, type Sources } from './request.js';

/** The schema's `$id`; bump it with any change that is not an addition. */
export const REPORT_SCHEMA = 'https://github.com/function-guardrails/function-guardrails/blob/main/docs/cli-output.schema.json';

export type Outcome = 'compliant' | 'remediated' | 'refused' | 'approval-required' | 'audit-violations';

export interface Location {
  /** The file (`-` for standard input, or the MCP argument) the resource was read from. */
  file: string;
  line: number;
}

export interface Report {
  verdict: {
    /** compliant: nothing to change; remediated: compliant once `mutations` and `companions` are applied; refused; approval-required; audit-violations: Audit mode, nothing enforced. */
    outcome: Outcome;
    /** What `check` exits with: 0 for compliant, remediated and audit-violations; 1 for refused and approval-required. */
    exitCode: 0 | 1;
    /** The GuardrailsCompliant condition the XR would carry. */
    condition: { status: 'True' | 'False'; reason: Reason; message: string };
  };
  mode: Guardrails['mode'];
  /** The XR the resources were judged under (tags and exceptions read it): where it was found, or the placeholder. */
  xr: { apiVersion: string; kind: string; name: string; placeholder: boolean; location?: Location };
  findings: {
    rule: string;
    action: Finding['action'];
    resource: string;
    path: string;
    message: string;
    /** What to do about it, in words. */
    remedy: string;
    /** The field and value that resolve it, where one value does. */
    fix?: { path: string; value: unknown };
    /** The Input exception that waives it. */
    waivedBy?: number;
    location?: Location;
  }[];
  /** What would be (Audit: would have been) injected. */
  mutations: { rule: string; resource: string; path: string; value: unknown; note?: string; location?: Location }[];
  /** Resources that would be added beside others. */
  companions: { rule: string; owner: string; name: string; resource: Record<string, unknown> }[];
  /** Resources held for a person's approval, and how to approve. */
  held: {
    resource: string;
    /** Held: new, not created until approved; Frozen: exists, its change not applied until approved; Released: approved; Unavailable: approvals cannot be read, refused. */
    status: 'Held' | 'Frozen' | 'Released' | 'Unavailable';
    digest: string;
    rules: string[];
    companions: string[];
    /** The command a person runs to approve the digest. */
    approve: string;
    /** Who approved it, where Released. */
    approvedBy?: string;
  }[];
  /** Failures inside the engine: the request is refused (fail closed). */
  errors: { rule: string; resource: string; message: string }[];
  /** The composed resources as function-guardrails would emit them, by composition resource name (held ones left out). */
  resources: Record<string, Record<string, unknown>>;
}

const OUTCOME: Record<Reason, Outcome> = {
  Compliant: 'compliant',
  Remediated: 'remediated',
  Denied: 'refused',
  EvaluationFailed: 'refused',
  ApprovalRequired: 'approval-required',
  AuditViolations: 'audit-violations',
  InvalidInput: 'refused',
};

/**
 * Checks the documents and reports. An Input that does not validate, and a
 * failure of the check itself, are InputErrors (exit 2, a tool error).
 */
export function checkDocuments(sources: Sources, now: number): { report: Report; built: Built } {
  const built = buildRequest(sources, now);
  const result = check(built.request);
  return { report: reportOf(result, built), built };
}

export function reportOf(result: CheckResult, built: Built): Report {
  if (result.kind === 'invalid-input') {
    throw new InputError(`${built.inputFrom ?? 'input'}: invalid function-guardrails input:\n${result.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  if (result.kind === 'error') throw new InputError(`function-guardrails failed: ${result.message}; nothing was judged`);
  const { decision, verdict, input } = result;
  const { condition } = verdict;
  const outcome = OUTCOME[condition.reason];
  const locate = (resource: string, path: string): { location?: Location } => {
    const doc = docOf(built.docs, decision, resource);
    return doc === undefined ? {} : { location: { file: doc.source, line: doc.lineOf(path) } };
  };
  return {
    verdict: {
      outcome,
      exitCode: outcome === 'refused' || outcome === 'approval-required' ? 1 : 0,
      condition: { status: condition.status, reason: condition.reason, message: condition.message },
    },
    mode: decision.mode,
    xr: xrOf(built),
    findings: decision.findings.map((f) => ({
      rule: f.rule,
      action: f.action,
      resource: f.resource,
      path: f.path,
      message: f.message,
      remedy: remedyOf(f, decision),
      ...(f.fix !== undefined ? { fix: { path: f.fix.path, value: f.fix.value } } : {}),
      ...(f.waivedBy !== undefined ? { waivedBy: f.waivedBy } : {}),
      ...locate(f.resource, f.path),
    })),
    mutations: decision.mutations.map((m) => ({
      rule: m.rule,
      resource: m.resource,
      path: m.path,
      value: m.value,
      ...(m.note !== undefined ? { note: m.note } : {}),
      ...locate(m.resource, m.path),
    })),
    companions: decision.companions.map((c) => ({ rule: c.rule, owner: c.owner, name: c.name, resource: c.resource })),
    held: decision.gates.map((g) => ({
      resource: g.resource,
      status: g.status,
      digest: g.digest,
      rules: g.rules,
      companions: g.companions,
      approve: approveCommand(g.digest, input.approval),
      ...(g.grant !== undefined ? { approvedBy: g.grant.by } : {}),
    })),
    errors: decision.errors.map((e) => ({ rule: e.rule, resource: e.resource, message: e.message })),
    resources: { ...decision.desired },
  };
}

function xrOf(built: Built): Report['xr'] {
  const xr = built.request.composite;
  const name = isObject(xr.metadata) && typeof xr.metadata.name === 'string' ? xr.metadata.name : '';
  const where = built.composite === undefined ? {} : { location: { file: built.composite.source, line: built.composite.line } };
  return { apiVersion: String(xr.apiVersion), kind: String(xr.kind), name, placeholder: built.composite === undefined, ...where };
}

/** The document a resource was read from; a companion's is its owner's. */
function docOf(docs: ReadonlyMap<string, Doc>, decision: Decision, resource: string): Doc | undefined {
  return docs.get(resource) ?? docs.get(decision.companions.find((c) => c.name === resource)?.owner ?? '');
}

const TITLES = new Map(CATALOG.map((r) => [r.id, r.title]));

/** What to do about a finding, for the person or agent that must act. */
function remedyOf(f: Finding, decision: Decision): string {
  if (f.waivedBy !== undefined) return `nothing for now: exceptions[${f.waivedBy}] of the Input waives it until it expires`;
  const set = f.fix !== undefined ? `set ${f.fix.path} to ${show(f.fix.value)}` : undefined;
  const title = TITLES.get(f.rule);
  const change = set ?? `change ${f.path === '' ? f.resource : f.path} as the message says` + (title !== undefined ? ` (${title})` : '');
  if (f.action === 'Warn') return `optional: ${change}`;
  if (f.action === 'RequireApproval') {
    const gate = decision.gates.find((g) => g.resource === f.resource || g.companions.includes(f.resource));
    if (gate?.status === 'Released') return `nothing: digest ${gate.digest} is approved`;
    return gate === undefined ? `${change}, or have a person approve it` : `${change}, or have a person approve digest ${gate.digest} (see held)`;
  }
  return change;
}

/** A value as JSON, cut short past 200 characters: the full value is in `fix`. */
export function show(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}
