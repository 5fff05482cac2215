import { z } from 'zod';
import { GuardrailsSchema, API_VERSION, KIND, RuleActionSchema, type Guardrails, type RuleSettings } from '../input/schema.js';
import { formatFieldPath, isObject, type Segment } from '../lang/fieldpath.js';
import type { Rule } from '../engine/rule.js';
import { compileCustomRules, type CompiledCustomRule } from '../custom/rules.js';

export type ParsedInput = { ok: true; input: Guardrails; custom: CompiledCustomRule[] } | { ok: false; problems: string[] };

/**
 * Validates the Input once, at the boundary, against the rules it can name.
 * Every problem is reported with its field path, so whoever wrote the
 * Composition can fix them all at once. Custom rules are compiled here: a
 * syntax error, an unknown variable or a non-bool result is a problem of
 * the Input, never a surprise per resource. No input at all is the baseline:
 * every built-in rule at its default action, in Enforce mode.
 */
export function parseInput(raw: unknown, catalog: readonly Rule[]): ParsedInput {
  if (raw === undefined || raw === null || (isObject(raw) && Object.keys(raw).length === 0)) {
    raw = { apiVersion: API_VERSION, kind: KIND };
  }
  const result = GuardrailsSchema.safeParse(raw);
  const problems = result.success ? [] : result.error.issues.map((issue) => problem(issue, []));
  const builtIn = new Map(catalog.map((r) => [r.id, r]));

  // Each rule's settings against the rule, reported beside the other problems.
  const rules: Record<string, RuleSettings> = {};
  const rawRules = isObject(raw) && isObject(raw.rules) ? raw.rules : {};
  for (const [id, settings] of Object.entries(rawRules)) {
    if (!isObject(settings)) continue; // the schema has said so
    const rule = builtIn.get(id);
    if (rule === undefined) {
      problems.push(`${formatFieldPath(['rules', id])}: ${unknownRule(id, [...builtIn.keys()])}`);
      continue;
    }
    const parsed = settingsSchema(rule).safeParse(settings);
    if (parsed.success) rules[id] = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => problem(issue, ['rules', id])));
  }
  if (!result.success) return { ok: false, problems };
  const input = result.data;

  const custom = compileCustomRules(input.custom);
  problems.push(...custom.problems);
  input.custom.forEach((c, i) => {
    if (builtIn.has(c.id)) problems.push(`${formatFieldPath(['custom', i, 'id'])}: "${c.id}" is a built-in rule; give the custom rule its own ID`);
  });

  const known = new Set([...builtIn.keys(), ...input.custom.map((c) => c.id)]);
  input.exceptions.forEach((exception, i) => {
    exception.rules.forEach((id, j) => {
      if (!known.has(id)) problems.push(`${formatFieldPath(['exceptions', i, 'rules', j])}: ${unknownRule(id, [...known])}`);
    });
  });

  return problems.length === 0 ? { ok: true, input: { ...input, rules }, custom: custom.rules } : { ok: false, problems };
}

/** `unknown rule "x"`, with the closest known ID when one is a likely typo. */
function unknownRule(id: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(id.length / 4)) + 1;
  for (const candidate of known) {
    const d = editDistance(id, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best === undefined ? `unknown rule "${id}" (docs/rules.md lists the built-in rules)` : `unknown rule "${id}"; did you mean "${best}"?`;
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function problem(issue: z.core.$ZodIssue, prefix: readonly Segment[]): string {
  const path = formatFieldPath([...prefix, ...(issue.path as Segment[])]);
  const message =
    issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return path === '' ? message : `${path}: ${message}`;
}

const SETTINGS = new WeakMap<Rule, z.ZodType<RuleSettings>>();

/** `rules.<id>` for one rule: its action and its own parameters, nothing else. */
export function settingsSchema(rule: Rule): z.ZodType<RuleSettings> {
  let schema = SETTINGS.get(rule);
  if (schema === undefined) {
    schema = z
      .object({ action: RuleActionSchema.optional(), ...(rule.params?.shape ?? {}) })
      .partial()
      .strict() as unknown as z.ZodType<RuleSettings>;
    SETTINGS.set(rule, schema);
  }
  return schema;
}
