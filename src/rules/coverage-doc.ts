/**
 * docs/coverage.md, rendered from Checkov's checks (zz_checkov.ts), the
 * catalog's references, and the explanations of what is not applicable
 * (coverage.ts): per cloud, each Checkov check that maps to an Upbound kind,
 * with the rules that cover it, its explanation, or "missing". A test fails
 * when the committed file is stale.
 */
import type { Cloud } from '../engine/gvk.js';
import type { Rule } from '../engine/rule.js';
import type { CheckovCheck } from './zz_checkov.js';

const CLOUDS: readonly { cloud: Cloud; title: string }[] = [
  { cloud: 'aws', title: 'AWS' },
  { cloud: 'azure', title: 'Azure' },
  { cloud: 'gcp', title: 'GCP' },
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const percent = (part: number, whole: number) => (whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1));

export interface CoverageCounts {
  cloud: Cloud;
  mapped: number;
  covered: number;
  explained: number;
  missing: number;
}

/** Who covers each check: the rules that cite it. */
function coverers(rules: readonly Rule[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const r of rules) for (const id of r.references?.checkov ?? []) by.set(id, [...(by.get(id) ?? []), r.id]);
  return by;
}

/** The counts per cloud: checks mapped to a kind, covered by a rule, explained, missing. */
export function coverageCounts(rules: readonly Rule[], checks: ReadonlyMap<string, CheckovCheck>, notes: ReadonlyMap<string, string>): CoverageCounts[] {
  const by = coverers(rules);
  return CLOUDS.map(({ cloud }) => {
    const ids = [...checks].filter(([, c]) => c.cloud === cloud).map(([id]) => id);
    const covered = ids.filter((id) => by.has(id)).length;
    const explained = ids.filter((id) => !by.has(id) && notes.has(id)).length;
    return { cloud, mapped: ids.length, covered, explained, missing: ids.length - covered - explained };
  });
}

/** Checkov's IDs sort by number within their prefix: CKV_AWS_2 before CKV_AWS_10, CKV_ before CKV2_. */
function byId(a: string, b: string): number {
  const [pa, na] = [a.replace(/\d+$/, ''), Number(/\d+$/.exec(a)?.[0] ?? 0)];
  const [pb, nb] = [b.replace(/\d+$/, ''), Number(/\d+$/.exec(b)?.[0] ?? 0)];
  return pa === pb ? na - nb : pa < pb ? -1 : 1;
}

export function renderCoverageDoc(rules: readonly Rule[], checks: ReadonlyMap<string, CheckovCheck>, notes: ReadonlyMap<string, string>): string {
  const by = coverers(rules);
  const counts = coverageCounts(rules, checks, notes);
  const lines = [
    '<!-- Generated from src/rules/zz_checkov.ts, the catalog and src/rules/coverage.ts by `npm run generate:docs`. Do not edit. -->',
    '# Coverage of Checkov\'s checks',
    '',
    "Every Checkov Terraform check for AWS, Azure and GCP whose Terraform types map to an Upbound kind, and what",
    'function-guardrails does about it: the rules that cover it (they cite it, and read every kind it maps to:',
    '`scripts/validate-kinds.mjs` checks that), why it does not apply, or "missing". The source commit is in',
    '`src/rules/zz_checkov.ts`.',
    '',
    '| cloud | checks mapped to a kind | covered | not applicable | missing | covered or explained |',
    '|---|---|---|---|---|---|',
    ...counts.map((c) => `| ${CLOUDS.find((x) => x.cloud === c.cloud)!.title} | ${c.mapped} | ${c.covered} | ${c.explained} | ${c.missing} | ${percent(c.covered + c.explained, c.mapped)}% |`),
    '',
  ];
  for (const { cloud, title } of CLOUDS) {
    lines.push(`## ${title}`, '', '| check | name | kinds | status |', '|---|---|---|---|');
    const ids = [...checks].filter(([, c]) => c.cloud === cloud).map(([id]) => id).sort(byId);
    for (const id of ids) {
      const c = checks.get(id)!;
      const rulesOf = by.get(id);
      const status = rulesOf !== undefined ? rulesOf.map((r) => `[\`${r}\`](rules.md#${r})`).join(', ') : notes.has(id) ? `not applicable: ${notes.get(id)}` : 'missing';
      lines.push(`| ${id} | ${cell(c.name)} | ${cell(c.kinds.map((k) => k.split('/').slice(1).join(' ')).join(', '))} | ${cell(status)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
