/**
 * The rules reference (docs/rules.md), rendered from the catalog so the
 * two cannot drift: `npm run generate:docs` writes it, and a test fails
 * when the committed file is stale.
 */
import type { KindRef, Rule } from '../engine/rule.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function kinds(rule: Rule): string {
  if (!Array.isArray(rule.kinds)) return (rule.kinds as { summary: string }).summary;
  return (rule.kinds as readonly KindRef[]).map((k) => (k.cloud !== undefined ? `${k.service} ${k.kind}` : `${k.group === '' ? 'core' : k.group} ${k.kind}`)).join(', ');
}

function refs(ids: readonly string[] | undefined): string {
  return ids === undefined || ids.length === 0 ? '—' : ids.join(', ');
}

/** ` · Pod Security Standards: baseline (restricted: ...)` for a PSS control; nothing for any other rule. */
function podSecurity(rule: Rule): string {
  const pss = rule.podSecurity;
  if (pss === undefined) return '';
  return ` · Pod Security Standards level ${pss.level}${pss.restricted !== undefined ? ` (restricted: ${cell(pss.restricted)})` : ''}`;
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
    'The `k8s-pss-*` rules are the Pod Security Standards, one per control, on every Pod and every',
    "workload's pod template: each acts where the Input's `podSecurity.level` includes its level",
    '(`restricted` runs them all, `baseline` the baseline ones, `privileged` none), as of',
    '`podSecurity.version`.',
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
    lines.push(`## ${r.id}`, '', `**${cell(r.title)}** · severity ${r.severity} · default action ${r.defaultAction}${podSecurity(r)}`, '', r.description.trim(), '');
    if (r.fix !== undefined) lines.push(`Fix: ${r.fix.trim()}`, '');
    const params = Object.entries(r.params?.shape ?? {});
    if (params.length > 0) {
      lines.push('Parameters, in `rules.' + r.id + '`:', '');
      for (const [name, schema] of params) lines.push(`- \`${name}\`: ${schema.meta()?.description ?? ''}`);
      lines.push('');
    }
    lines.push(`Kinds: ${kinds(r)}.`, '');
    if (r.reads === 'object') lines.push('It reads the object as a whole, so it judges observe-only resources too.', '');
  }
  return lines.join('\n');
}
