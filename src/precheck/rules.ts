/**
 * The catalog for people and agents: `rules`, `explain RULE`, and the MCP
 * tools `list_rules` and `explain_rule`. Everything comes from the catalog's
 * own data; the example of a violation is found by running the rule alone
 * on the smallest resource of its first kind, so it is what the rule
 * really does.
 */
import { z } from 'zod';
import { check } from '../check.js';
import type { KindRef, Rule } from '../engine/rule.js';
import type { KubeObject } from '../engine/types.js';
import { API_VERSION, KIND } from '../input/schema.js';
import { CATALOG } from '../rules/catalog.js';
import { show } from './report.js';

export interface RuleSummary {
  id: string;
  title: string;
  severity: Rule['severity'];
  defaultAction: Rule['defaultAction'];
  /** The kinds it reads (`rds Instance`), or what they are in words. */
  kinds: string[];
  references: { checkov: string[]; trivy: string[] };
}

export interface RuleDetail extends RuleSummary {
  description: string;
  /** What it injects or adds, where it can. */
  fix?: string;
  /** Its settings in `rules.<id>` of the Input beside `action`, as JSON Schema properties (type, description, default). */
  parameters: Record<string, unknown>;
  /** What the rule does to the smallest resource of its first kind; absent where that resource does not violate it. */
  example?: { violation: KubeObject; findings: { action: string; path: string; message: string }[]; fixed: { path: string; value: unknown }[] };
}

export function listRules(): RuleSummary[] {
  return CATALOG.map(summaryOf);
}

/** One rule in full; undefined for an unknown ID. */
export function explainRule(id: string): RuleDetail | undefined {
  const rule = CATALOG.find((r) => r.id === id);
  if (rule === undefined) return undefined;
  const example = exampleOf(rule);
  return {
    ...summaryOf(rule),
    description: rule.description.trim(),
    ...(rule.fix !== undefined ? { fix: rule.fix.trim() } : {}),
    parameters: parametersOf(rule),
    ...(example !== undefined ? { example } : {}),
  };
}

/** The IDs closest to `id`, for "did you mean". */
export function similarRules(id: string): string[] {
  const words = id.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);
  const score = (r: Rule) => words.filter((w) => r.id.includes(w)).length;
  return CATALOG.filter((r) => score(r) > 0)
    .sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((r) => r.id);
}

function summaryOf(r: Rule): RuleSummary {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    defaultAction: r.defaultAction,
    kinds: Array.isArray(r.kinds) ? (r.kinds as readonly KindRef[]).map(kindName) : [(r.kinds as { summary: string }).summary],
    references: { checkov: [...(r.references?.checkov ?? [])], trivy: [...(r.references?.trivy ?? [])] },
  };
}

function kindName(k: KindRef): string {
  return k.cloud !== undefined ? `${k.cloud} ${k.service} ${k.kind}` : `${k.group === '' ? 'core' : k.group} ${k.kind}`;
}

function parametersOf(r: Rule): Record<string, unknown> {
  if (r.params === undefined) return {};
  const schema = z.toJSONSchema(r.params, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, unknown> };
  return schema.properties ?? {};
}

/**
 * The smallest resource of the rule's first kind (the namespaced Upbound
 * group, v1beta1, for a provider kind), judged by this rule alone at its
 * default action.
 */
function exampleOf(rule: Rule): RuleDetail['example'] {
  if (!Array.isArray(rule.kinds)) return undefined;
  const k = (rule.kinds as readonly KindRef[])[0];
  if (k === undefined) return undefined;
  const violation: KubeObject =
    k.cloud !== undefined
      ? { apiVersion: `${k.service}.${k.cloud}.m.upbound.io/v1beta1`, kind: k.kind, metadata: { name: 'example', namespace: 'default' }, spec: { forProvider: {} } }
      : { apiVersion: k.group === '' ? 'v1' : `${k.group}/v1`, kind: k.kind, metadata: { name: 'example', namespace: 'default' } };
  const rules = Object.fromEntries(CATALOG.filter((r) => r.id !== rule.id).map((r) => [r.id, { action: 'Disabled' }]));
  const result = check({
    input: { apiVersion: API_VERSION, kind: KIND, rules },
    composite: { apiVersion: 'example.org/v1', kind: 'Example', metadata: { name: 'example' } },
    observed: {},
    desired: { example: violation },
    approvals: [],
    now: 0,
  });
  if (result.kind !== 'decided') return undefined;
  const { decision } = result;
  const findings = decision.findings.filter((f) => f.rule === rule.id).map((f) => ({ action: f.action, path: f.path, message: f.message }));
  const fixed = [
    ...decision.mutations.filter((m) => m.rule === rule.id).map((m) => ({ path: m.path, value: m.value })),
    ...decision.findings.flatMap((f) => (f.rule === rule.id && f.fix !== undefined ? [{ path: f.fix.path, value: f.fix.value }] : [])),
  ];
  if (findings.length === 0 && fixed.length === 0) return undefined;
  return { violation, findings, fixed };
}

/** `explain RULE` as text. */
export function renderRule(d: RuleDetail): string {
  const lines = [`${d.id}: ${d.title}`, `severity ${d.severity} · default action ${d.defaultAction}`, '', d.description];
  if (d.fix !== undefined) lines.push('', `Fix: ${d.fix}`);
  lines.push('', `Kinds: ${d.kinds.join(', ')}`);
  const params = Object.entries(d.parameters);
  lines.push('', `Parameters (rules.${d.id} in the Input, beside action: Mutate, Deny, RequireApproval, Warn or Disabled):`);
  if (params.length === 0) lines.push('  none');
  for (const [name, schema] of params) {
    const s = schema as { description?: string; default?: unknown; type?: unknown };
    lines.push(`  ${name}${s.type !== undefined ? ` (${String(s.type)})` : ''}: ${s.description ?? ''}${'default' in s ? ` Default: ${show(s.default)}.` : ''}`);
  }
  const refs = [...d.references.checkov, ...d.references.trivy];
  lines.push('', `References: ${refs.length > 0 ? refs.join(', ') : 'none'}`);
  if (d.example !== undefined) {
    const e = d.example;
    lines.push('', `Example: a ${String(e.violation.apiVersion)} ${String(e.violation.kind)} with nothing set:`);
    for (const f of e.findings) lines.push(`  ${f.action} at ${f.path}: ${f.message}`);
    if (e.fixed.length > 0) lines.push('Its fix (what Mutate injects):', ...e.fixed.map((f) => `  ${f.path}: ${show(f.value)}`));
  } else {
    lines.push('', 'Example: the smallest resource of its kind passes this rule; it judges values that are set (see the description).');
  }
  return lines.join('\n') + '\n';
}

/** `rules` as text: one line per rule. */
export function renderRules(rules: readonly RuleSummary[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.defaultAction.padEnd(15)}  ${r.title}`).join('\n') + '\n';
}
