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
import { carried, input } from '../builders.js';
import { actions, finding, inManifest, nested, paramPath, SAME, withInit, withPolicies, type Case, type Served } from './aws-data.js';

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
    const fp = paramPath(s, 'forProvider', g.field);
    const ip = paramPath(s, 'initProvider', g.field);
    const value = (v: unknown) => nested(s, g.field, v);
    const unsafe = (path: string) => `${path} is ${g.unsafeText}; ${g.advice}`;
    out.push(
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
      { name: `${at}: unsafe in forProvider`, reason: 'an explicit unsafe value is reported', resource: g.build(s, value(g.unsafe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, fp, unsafe(fp))] } },
      {
        name: `${at}: unsafe in initProvider`,
        reason: 'initProvider is applied at creation',
        resource: withInit(g.build(s), value(g.unsafe)),
        rules: [g.rule],
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, ip, unsafe(ip))] },
      },
      {
        name: `${at}: malformed`,
        reason: 'a value of the wrong type cannot be judged: reported, never passed',
        resource: g.build(s, value(g.malformed)),
        rules: [g.rule],
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, fp, `${fp} must be ${g.type}, got ${g.malformedText}`)] },
      },
      { name: `${at}: observe-only, absent`, reason: "someone else's resource: not judged", resource: withPolicies(g.build(s), ['Observe']), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: carried by an Object, unsafe`,
        reason: 'what an Object carries is judged as composed; the path is inside the manifest',
        resource: carried(g.build(s, value(g.unsafe))),
        rules: [g.rule],
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, inManifest(fp), unsafe(fp))] },
      },
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
