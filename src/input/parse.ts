import { GuardrailsSchema, API_VERSION, KIND, type Guardrails } from './schema.js';
import { formatFieldPath, isObject } from '../engine/fieldpath.js';

export type ParsedInput = { ok: true; input: Guardrails } | { ok: false; problems: string[] };

/**
 * Validates the Input once, at the boundary. Every problem is reported with
 * its field path, so whoever wrote the Composition can fix them all at once.
 * No input at all is the baseline: every built-in rule at its default action,
 * in Enforce mode.
 */
export function parseInput(raw: unknown, knownRules: ReadonlySet<string>): ParsedInput {
  if (raw === undefined || raw === null || (isObject(raw) && Object.keys(raw).length === 0)) {
    raw = { apiVersion: API_VERSION, kind: KIND };
  }
  const result = GuardrailsSchema.safeParse(raw);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const path = formatFieldPath(issue.path);
        const message =
          issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
        return path === '' ? message : `${path}: ${message}`;
      });
  if (result.success) {
    for (const id of Object.keys(result.data.rules)) {
      if (!knownRules.has(id)) {
        problems.push(`${formatFieldPath(['rules', id])}: unknown rule "${id}"; known rules: ${[...knownRules].join(', ')}`);
      }
    }
  }
  return problems.length === 0 && result.success ? { ok: true, input: result.data } : { ok: false, problems };
}
