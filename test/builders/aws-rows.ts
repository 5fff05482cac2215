/**
 * Table generator for a one-field row with nothing to inject and no safe
 * provider default (a WAF web ACL ARN, a log destination, a KMS key: values
 * only the author knows): absence and unsafe values are both reported with
 * the rule's action. `guardCases` (aws-data.ts) covers rows that inject and
 * `defaultCases` (gcp-data.ts) rows whose absence is the provider's safe
 * default.
 */
import type { Rule } from '../../src/engine/rule.js';
import type { Action, KubeObject } from '../../src/engine/types.js';
import { input } from '../builders.js';
import { actions, explicitCases, finding, nested, SAME, withInit, withPolicies, type Case, type Served } from './aws-data.js';

export interface RequiredGuard {
  rule: Rule;
  field: readonly string[];
  shapes: readonly Served[];
  build(s: Served, forProvider?: Record<string, unknown>): KubeObject;
  safe: unknown;
  unsafe: unknown;
  unsafeText: string;
  malformed: unknown;
  malformedText: string;
  type: string;
  missing: string;
  advice: string;
}

/** Every situation a row without an injectable value must handle, on every shape it serves. */
export function requiredCases(g: RequiredGuard): Case[] {
  const id = g.rule.id;
  const as: Action = g.rule.defaultAction === 'Mutate' ? 'Deny' : g.rule.defaultAction;
  const absentAt = ['spec', 'forProvider', ...g.field].join('.');
  const out: Case[] = [];
  for (const s of g.shapes) {
    const at = `${id} on ${s.label}`;
    const value = (v: unknown) => nested(s, g.field, v);
    out.push(
      ...explicitCases(g, s, as),
      { name: `${at}: safe`, reason: 'an explicit safe value passes', resource: g.build(s, value(g.safe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: safe in initProvider only`, reason: 'initProvider is an explicit choice at creation', resource: withInit(g.build(s), value(g.safe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: absent, reported`,
        reason: `nothing safe can be injected (only the author knows the value): the absence is reported with the rule's action (${as}), and nothing changes`,
        resource: g.build(s),
        rules: [g.rule],
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, absentAt, g.missing)] },
      },
      { name: `${at}: null, reported as absent`, reason: 'null is unset', resource: g.build(s, value(null)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, absentAt, g.missing)] } },
      { name: `${at}: observe-only, absent`, reason: "someone else's resource: not judged", resource: withPolicies(g.build(s), ['Observe']), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: action Disabled, absent`, reason: 'a disabled rule judges nothing', resource: g.build(s), rules: [g.rule], input: actions({ [id]: 'Disabled' }), want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: action Deny, absent`,
        reason: 'a platform that requires the value sets the rule to Deny',
        resource: g.build(s),
        rules: [g.rule],
        input: actions({ [id]: 'Deny' }),
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', absentAt, g.missing)] },
      },
      {
        name: `${at}: Audit mode, absent`,
        reason: 'Audit reports what Enforce would do',
        resource: g.build(s),
        rules: [g.rule],
        input: input({ mode: 'Audit' }),
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, absentAt, g.missing)] },
      },
    );
  }
  return out;
}

/** The RequiredGuard fields of a string row whose value is a name only the author knows. */
export const nameGuard = (safe: string) => ({ safe, unsafe: '', unsafeText: '""', malformed: 42, malformedText: 'number 42', type: 'a string' });
