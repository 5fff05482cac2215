/**
 * fast-check arbitraries for the function's Input and the rest of a request:
 * an action per rule, Audit or Enforce, tags, exceptions (active, expired,
 * matching or not), Pod Security levels, internet prefixes, custom CEL rules
 * from a small grammar, and now and then anything at all (test/random.ts).
 */
import fc from 'fast-check';
import type { KubeObject } from '../../src/engine/types.js';
import { ACTIONS } from '../../src/input/schema.js';
import { CATALOG } from '../../src/rules/catalog.js';
import { xr } from '../builders.js';
import { expression, prng, value } from '../random.js';

export const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' } as const;

/** The clock of every request: exceptions expiring in 2099 are active, those of 2000 expired. */
export const NOW = Date.UTC(2026, 11, 4);

export const RULE_IDS: readonly string[] = CATALOG.map((r) => r.id);

/** An action per rule, for a few rules. */
export const ruleActions = fc.dictionary(fc.constantFrom(...RULE_IDS), fc.constantFrom(...ACTIONS).map((action) => ({ action })), { maxKeys: 6 });

const FIELD = fc.constantFrom('object.spec.forProvider.region', 'object.metadata.name', 'object.kind', 'name', 'composite.metadata.name', 'object.spec.forProvider.tags.team');

/** A CEL condition from a small grammar over the variables custom rules see. */
export const celCondition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    FIELD.map((f) => `has(${f.replace(/^(name)$/, 'object.metadata.name')})`),
    fc.tuple(FIELD, fc.constantFrom("'eu-'", "'a'", "''")).map(([f, p]) => `string(${f}).startsWith(${p})`),
    fc.tuple(FIELD, fc.constantFrom("'Bucket'", "'res'", "'eu-west-1'")).map(([f, v]) => `${f} == ${v}`),
    fc.constantFrom('true', 'false', 'object.kind != "Instance"', '!has(object.metadata.labels) || size(object.metadata.labels) < 10', 'observed == null || has(observed.kind)'),
    fc.tuple(tie('c'), fc.constantFrom('&&', '||'), tie('c')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('c').map((c) => `!(${c})`),
  ),
})).c;

/** A custom rule: grammar CEL mostly, random tokens (mostly not CEL) now and then. */
export const customRule = fc.record(
  {
    id: fc.constantFrom('eu-only', 'named', 'custom-a', 'custom-b'),
    match: fc.record({ apiVersion: fc.constantFrom('*', '*.aws.*upbound.io/*', 'v1'), kind: fc.constantFrom('*', 'Bucket', 'Instance', 'Pod') }, { requiredKeys: [] }),
    expression: fc.oneof({ weight: 29, arbitrary: celCondition }, { weight: 1, arbitrary: fc.integer().map((seed) => expression(prng(seed))) }),
    message: fc.constant('custom rule violated'),
    action: fc.constantFrom('Deny', 'RequireApproval', 'Warn'),
    failurePolicy: fc.constantFrom('Fail', 'Ignore'),
  },
  { requiredKeys: ['id', 'expression', 'message'] },
);

export const exception = fc.record({
  rules: fc.uniqueArray(fc.constantFrom(...RULE_IDS), { minLength: 1, maxLength: 3 }),
  match: fc.record({ composite: fc.constantFrom('orders', 'other', '*'), resource: fc.constantFrom('target', 'a', 'db', '*'), kind: fc.constantFrom('Bucket', 'Instance', '*') }, { requiredKeys: [] }),
  expires: fc.constantFrom('2099-12-31', '2000-01-01'),
  justification: fc.constant('TICKET-1'),
});

/** A valid Input, mostly; `extra` rule settings are merged in (a fixture's limits). */
export const guardrailsInput: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      mode: fc.oneof({ weight: 5, arbitrary: fc.constant('Enforce') }, { weight: 1, arbitrary: fc.constant('Audit') }),
      rules: ruleActions,
      tags: fc.record({ values: fc.constantFrom({}, { team: 'platform' }, { 'cost-center': 'CC 1234', team: 'platform' }), required: fc.constantFrom([], ['cost-center']) }, { requiredKeys: [] }),
      custom: fc.uniqueArray(customRule, { maxLength: 2, selector: (r) => r.id }),
      exceptions: fc.array(exception, { maxLength: 2 }),
      podSecurity: fc.record({ level: fc.constantFrom('restricted', 'baseline', 'privileged') }),
      network: fc.record({ internetPrefix: fc.record({ ipv4: fc.integer({ min: 0, max: 32 }) }) }),
    },
    { requiredKeys: ['rules'] },
  )
  .map((i) => ({ ...HEAD, ...i }));

/**
 * A fixed set of 48 random Inputs (fewer than the function's cache of
 * compiled Inputs holds): a Composition's Input changes seldom, and parsing
 * and compiling one costs as much as judging a request, so most cases reuse
 * one of these and the properties afford more cases.
 */
const POOL: readonly Record<string, unknown>[] = fc.sample(guardrailsInput, { numRuns: 48, seed: 20261204 });

/** Any Input: one of the pool mostly, a fresh random one often, now and then a random JSON value built from the Input's own keys. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...POOL) },
  { weight: 3, arbitrary: guardrailsInput },
  { weight: 1, arbitrary: fc.integer().map((seed) => ({ ...HEAD, ...(value(prng(seed), 0) as object) })) },
);

/** The observed XR: named orders or not, namespaced or not, with a previous condition or not. */
export const composite: fc.Arbitrary<KubeObject> = fc
  .record({ name: fc.constantFrom('orders', 'other'), namespace: fc.constantFrom(undefined, 'team-a'), condition: fc.constantFrom(undefined, 'Compliant', 'Denied', 'Remediated') })
  .map(({ name, namespace, condition }) =>
    xr({ name, ...(namespace !== undefined ? { namespace } : {}) }, condition === undefined ? undefined : { conditions: [{ type: 'GuardrailsCompliant', status: condition === 'Denied' ? 'False' : 'True', reason: condition, message: '' }] }),
  );

/** Approvals: none readable (undefined), none granted, or an approval ConfigMap with a random digest. */
export const approvals: fc.Arbitrary<KubeObject[] | undefined> = fc.constantFrom(undefined, [], [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'approvals', namespace: 'crossplane-system', labels: { 'guardrails.fn.crossplane.io/approvals': 'true' } }, data: { [`sha256-${'a'.repeat(64)}`]: 'approved' } },
]);
