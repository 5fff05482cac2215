/**
 * The README's Input examples are real: every YAML block that is an Input,
 * or a `custom:`/`exceptions:`/`rules:` fragment of one, parses; and each
 * cookbook rule passes a compliant resource and catches a violating one.
 * Its claims about the catalog and the repository hold: every rule ID it
 * names exists, every default action in its tables is the rule's own, the
 * rule count is the catalog's, the paths it names exist, and its
 * `crossplane render` commands show the function's results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engineRequest, rdsInstance, bucket, xr } from './builders.js';
import { customRules } from '../src/custom/rules.js';
import { evaluate, UNREADABLE_RULE } from '../src/engine/engine.js';
import type { KubeObject } from '../src/engine/types.js';
import { parseInput } from '../src/load/parse.js';
import { CATALOG } from '../src/rules/catalog.js';
import { LIMIT_FLAGS } from '../src/server/flags.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, unknown>);
const inputs = blocks.filter((b) => b !== null && typeof b === 'object' && (b.kind === 'Guardrails' || 'custom' in b || 'exceptions' in b || 'approval' in b || ('rules' in b && !('apiVersion' in b))));

describe('README', () => {
  it.each(inputs.map((b, i) => ({ i, b })))('Input example $i parses', ({ b }) => {
    const parsed = parseInput({ ...HEAD, ...b }, CATALOG);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  const cookbook = inputs.find((b) => Array.isArray(b.custom) && (b.custom as { id: string }[]).some((r) => r.id === 'no-shrink'));
  const parsed = parseInput({ ...HEAD, custom: cookbook?.custom }, CATALOG);
  const run = (id: string, desired: Record<string, KubeObject>, opts: { composite?: KubeObject; observed?: Record<string, KubeObject> } = {}) => {
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const rules = customRules(parsed.custom.filter((c) => c.spec.id === id));
    const d = evaluate(engineRequest(desired, { input: parsed.input, composite: opts.composite ?? xr(), observed: opts.observed ?? {} }), rules);
    return d.findings.filter((f) => f.rule === id && f.resource in desired).map((f) => f.resource);
  };
  const owned = xr({ labels: { team: 'payments', 'cost-center': 'cc-1', env: 'prod' } });
  const named = (name: string) => bucket({ metadata: { annotations: { 'crossplane.io/external-name': name } } });

  const cases: { id: string; desired: Record<string, KubeObject>; composite?: KubeObject; observed?: Record<string, KubeObject>; want: string[] }[] = [
    { id: 'eu-only', desired: { ok: bucket(), bad: bucket({ forProvider: { region: 'us-east-1' } }) }, want: ['bad'] },
    { id: 'db-size', desired: { ok: rdsInstance({ instanceClass: 'db.r6g.xlarge' }), bad: rdsInstance({ instanceClass: 'db.r6g.2xlarge' }) }, want: ['bad'] },
    { id: 'bucket-team-prefix', desired: { ok: named('payments-logs'), bad: named('logs'), unnamed: bucket() }, composite: owned, want: ['bad', 'unnamed'] },
    { id: 'xr-owner', desired: { any: bucket() }, composite: xr({ labels: { team: 'payments' } }), want: ['any'] },
    { id: 'xr-owner', desired: { any: bucket() }, composite: owned, want: [] },
    { id: 'prod-deletion-protection', desired: { ok: rdsInstance(), bad: rdsInstance({ deletionProtection: false }) }, composite: owned, want: ['bad'] },
    { id: 'prod-deletion-protection', desired: { dev: rdsInstance({ deletionProtection: false }) }, composite: xr({ labels: { env: 'dev' } }), want: [] },
    {
      id: 'no-shrink',
      desired: { grow: rdsInstance({ allocatedStorage: 200 }), shrink: rdsInstance({ allocatedStorage: 50 }), fresh: rdsInstance({ allocatedStorage: 20 }) },
      observed: { grow: rdsInstance({ allocatedStorage: 100 }), shrink: rdsInstance({ allocatedStorage: 100 }) },
      want: ['shrink'],
    },
  ];
  it.each(cases)('cookbook rule $id flags $want', ({ id, desired, composite, observed, want }) => {
    expect(run(id, desired, { ...(composite ? { composite } : {}), ...(observed ? { observed } : {}) })).toEqual(want);
  });
});

describe('README claims', () => {
  // The catalog's rules, and the engine's own finding on what it cannot read.
  const ids = new Set([...CATALOG.map((r) => r.id), UNREADABLE_RULE]);
  /** Words that look like rule IDs and are not: a namespace, Crossplane's own ClusterRole. */
  const NOT_RULES = new Set(['crossplane-system', 'crossplane-admin']);
  const RULE_LIKE = /`((?:aws|azure|gcp|k8s|crossplane|guardrails|tags)-[a-z0-9]+(?:-[a-z0-9]+)*)`/g;
  // Custom rule IDs of the README's own examples, which are not built-in.
  const custom = new Set(inputs.flatMap((b) => (Array.isArray(b.custom) ? (b.custom as { id: string }[]).map((r) => r.id) : [])));

  it('names only rules the catalog has', () => {
    const named = [...new Set([...README.matchAll(RULE_LIKE)].map((m) => m[1]!))].filter((id) => !custom.has(id) && !NOT_RULES.has(id));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('gives every rule in its tables the default action the catalog gives it', () => {
    const rows = [...README.matchAll(/^\| `([a-z0-9-]+)` \| (Mutate|Deny|RequireApproval|Warn) \|/gm)].map((m) => ({ id: m[1]!, action: m[2]! }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => CATALOG.find((c) => c.id === r.id)?.defaultAction !== r.action)).toEqual([]);
  });

  it('counts the built-in rules right', () => {
    const counts = [...README.matchAll(/(\d+) built-in rules/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === CATALOG.length), `README says ${counts.join(', ')}; the catalog has ${CATALOG.length}`).toBe(true);
  });

  it('names only paths the repository has', () => {
    const ROOT = new URL('../', import.meta.url);
    const paths = [...new Set([...README.matchAll(/`((?:examples|docs|package|src|test|bench|scripts|proto)\/[A-Za-z0-9_./-]+)`/g)].map((m) => m[1]!))];
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !p.includes('*') && !existsSync(new URL(p, ROOT)))).toEqual([]);
  });

  it('shows the function results in every crossplane render command, and names files that exist', () => {
    const commands = [...README.matchAll(/^crossplane render .*$/gm)].map((m) => m[0]);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) {
      expect(c, c).toMatch(/(^| )(-r|--include-function-results)( |$)/);
      for (const file of c.split(/\s+/).filter((w) => /\.ya?ml$/.test(w) && !w.startsWith('-'))) {
        expect(existsSync(new URL(`../${file}`, import.meta.url)), `${c}: ${file}`).toBe(true);
      }
    }
  });
});

describe('the README serving table', () => {
  it.each(LIMIT_FLAGS.map((l) => ({ ...l, name: l.flag })))('documents $name with its variable and default', (l) => {
    expect(README).toContain(`| \`${l.flag}\` | \`${l.env}\` | \`${l.default}\` |`);
  });
});
