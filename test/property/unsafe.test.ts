/**
 * An explicit unsafe value is never emitted without a Deny, a hold, or an
 * exception. Every violation fixture of the catalog (test/violations.ts)
 * whose rule refuses an explicit value (under Mutate it reports, not
 * injects) is moved to random other forms of the same request
 * (test/arbitraries/violations.ts: version, group, block shape, extra
 * fields, carriers) and judged by `check` under random Inputs (the rule's
 * action, Audit or Enforce, exceptions) and approvals: the verdict is never
 * Compliant or Remediated unless the rule is Disabled or Warn, or an
 * exception waives it.
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { evaluate, UNREADABLE_RULE } from '../../src/engine/engine.js';
import { ACTIONS } from '../../src/input/schema.js';
import { CATALOG } from '../../src/rules/catalog.js';
import type { KubeObject } from '../../src/engine/types.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { engineRequest, input, type Group } from '../builders.js';
import { VIOLATIONS } from '../violations.js';
import { HEAD, NOW } from '../arbitraries/inputs.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';
import { extras, variant, versionsOf } from '../arbitraries/violations.js';

/** The rules whose fixture holds an explicit unsafe value: under Mutate the rule still reports (refuses) on the target. */
const EXPLICIT = CATALOG.filter((rule) => {
  const v = VIOLATIONS[rule.id];
  if (v === undefined) return false;
  const settings = (v.input?.rules as Record<string, object> | undefined)?.[rule.id] ?? {};
  const d = evaluate(
    engineRequest({ ...v.siblings, target: v.target }, { input: input({ ...v.input, rules: { ...(v.input?.rules as object), [rule.id]: { ...settings, action: 'Mutate' } } }), ...(v.composite !== undefined ? { composite: v.composite } : {}) }),
    CATALOG,
  );
  return d.findings.some((f) => f.rule === rule.id && f.resource === 'target' && f.action === 'Deny');
}).map((rule) => rule.id);

const RULES = new Map(CATALOG.map((r) => [r.id, r]));
const VERSIONS = new Map(EXPLICIT.map((id) => [id, versionsOf(VIOLATIONS[id]!.target)]));

/**
 * The resource as it exists before the request: same kind, name and
 * carriers, no parameters and no annotations. (The same unsafe request,
 * existing already, is not a change: limits let a value a resource already
 * has pass, by design.)
 */
function blank(obj: KubeObject): KubeObject {
  const out = structuredClone(obj);
  if (out.kind === 'Object' && isObject(out.spec) && isObject(out.spec.forProvider) && isObject(out.spec.forProvider.manifest)) {
    out.spec.forProvider.manifest = blank(out.spec.forProvider.manifest);
    return out;
  }
  const name = isObject(out.metadata) ? out.metadata.name : undefined;
  return { apiVersion: out.apiVersion, kind: out.kind, ...(name !== undefined ? { metadata: { name } } : {}), ...(isObject(out.spec) ? { spec: { forProvider: {} } } : {}) };
}

const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

/** Every fixture's own settings at once (allow-lists, tags): each acts only on its own kinds. */
const FIXTURE_SETTINGS = Object.values(VIOLATIONS).reduce<{ rules: Record<string, object>; tags: Record<string, unknown> }>(
  (acc, v) => ({ rules: { ...acc.rules, ...(v.input?.rules as Record<string, object> | undefined) }, tags: { ...acc.tags, ...(v.input?.tags as object | undefined) } }),
  { rules: {}, tags: {} },
);

/**
 * 40 Inputs, each with a random action (or none: the default) for every rule
 * at stake, Audit or Enforce, and exceptions that waive some of them on the
 * target: fewer than the function's cache of compiled Inputs holds, so each
 * case costs one judgement, not a parse and compile too.
 */
const INPUTS = fc.sample(
  fc.record({
    actions: fc.array(fc.constantFrom(undefined, ...ACTIONS), { minLength: EXPLICIT.length, maxLength: EXPLICIT.length }),
    mode: fc.constantFrom('Enforce', 'Enforce', 'Enforce', 'Audit'),
    waived: fc.subarray([...EXPLICIT], { maxLength: 12 }),
    expired: fc.boolean(),
  }),
  { numRuns: 40, seed: 20261204 },
).map(({ actions, mode, waived, expired }) => ({
  ...HEAD,
  mode,
  tags: FIXTURE_SETTINGS.tags,
  rules: Object.fromEntries(EXPLICIT.map((id, i) => [id, { ...FIXTURE_SETTINGS.rules[id], ...(actions[i] !== undefined ? { action: actions[i] } : {}) }])),
  exceptions: waived.length === 0 ? [] : [{ rules: waived, match: { resource: 'target' }, expires: expired ? '2000-01-01' : '2099-12-31', justification: 'TICKET-1' }],
}));

const cases = fc.record({
  id: fc.constantFrom(...EXPLICIT),
  version: fc.nat(),
  extras,
  carriers: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 4 }) }),
  input: fc.nat(INPUTS.length - 1),
  approvals: fc.constantFrom(undefined, []),
  existing: fc.boolean(),
});

describe('an explicit unsafe value, in any form', () => {
  it('the fixtures hold explicit unsafe values for most rules', () => {
    expect(EXPLICIT.length).toBeGreaterThan(100);
  });

  it('most of them can be written in another version or group of their kind', () => {
    const movable = EXPLICIT.filter((id) => VERSIONS.get(id)!.length > 1);
    expect(movable.length).toBeGreaterThan(80);
  });

  it(
    'is never passed (Compliant, Remediated) unless the rule is Disabled or Warn, or an exception waives it',
    () => {
      fc.assert(
        fc.property(cases, (c) => {
          const { id } = c;
          const rule = RULES.get(id)!;
          const v = VIOLATIONS[id]!;
          const versions = VERSIONS.get(id)!;
          const version = versions[c.version % versions.length]!;
          const { form, desired } = variant(v, version, c.extras, c.carriers);
          const raw = INPUTS[c.input]!;
          const r = check({ input: raw, composite: v.composite ?? { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name: 'orders' } }, observed: c.existing ? { target: blank(desired.target!) } : {}, desired, ...(c.approvals !== undefined ? { approvals: c.approvals } : {}), now: NOW });
          expect(r.kind, form).toBe('decided');
          if (r.kind !== 'decided') return;
          const action = (raw.rules[id] as { action?: string }).action ?? rule.defaultAction;
          const waived = r.decision.exceptions.some((e) => !e.expired && e.rules.includes(id) && e.covered.includes('target'));
          if (action === 'Disabled' || action === 'Warn' || waived) return;
          expect(r.verdict.condition.reason, `${id}: ${form}`).not.toMatch(/^(Compliant|Remediated)$/);
          // And the rule at stake is what stops it (or the engine, refusing what it cannot read), not another rule.
          const stopped = r.decision.findings.filter((f) => f.resource === 'target' && (f.rule === id || f.rule === UNREADABLE_RULE) && f.action !== 'Warn');
          expect(stopped.length, `${id}: ${form}: no finding of the rule`).toBeGreaterThan(0);
        }),
        runs(5000),
      );
    },
    TIMEOUT,
  );
});
