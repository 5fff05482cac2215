/**
 * The rules reference (docs/rules.md), rendered from the catalog so the
 * two cannot drift: `npm run generate:docs` writes it, and a test fails
 * when the committed file is stale.
 */
import type { Rule } from '../engine/rule.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function kinds(rule: Rule): string {
  if (rule.kinds === 'table') return 'every kind with a tag or label field';
  return rule.kinds.map((k) => `${k.service} ${k.kind}`).join(', ');
}

function refs(ids: readonly string[] | undefined): string {
  return ids === undefined || ids.length === 0 ? '—' : ids.join(', ');
}

export function renderRulesDoc(rules: readonly Rule[]): string {
  const lines = [
    '<!-- Generated from src/rules/catalog.ts by `npm run generate:docs`. Do not edit. -->',
    '# Rules reference',
    '',
    `function-guardrails has ${rules.length} built-in rules. They run on each composed resource in`,
    'composition-resource-name order, then on the companions they add; on one resource, in the',
    'order below. Each AWS rule covers the cluster-scoped `*.aws.upbound.io` and namespaced',
    '`*.aws.m.upbound.io` groups and every served version, in the shape each version uses.',
    'Override a default with `rules.<id>.action` in the Input: `Mutate`, `Deny`, `RequireApproval`,',
    '`Warn` or `Disabled`.',
    '',
    '| id | severity | default action | kinds | Checkov | Trivy |',
    '|---|---|---|---|---|---|',
    ...rules.map(
      (r) =>
        `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.defaultAction} | ${cell(kinds(r))} | ${refs(r.references?.checkov)} | ${refs(r.references?.trivy)} |`,
    ),
    '',
  ];
  for (const r of rules) {
    lines.push(`## ${r.id}`, '', `**${cell(r.title)}** · severity ${r.severity} · default action ${r.defaultAction}`, '', r.description.trim(), '');
    if (r.fix !== undefined) lines.push(`Fix: ${r.fix.trim()}`, '');
    lines.push(`Kinds: ${kinds(r)}.`, '');
  }
  return lines.join('\n');
}
