/**
 * Builders and a table runner for the AWS rules (RDS, EC2, EKS, KMS,
 * CloudTrail, SQS, SNS, DynamoDB, ElastiCache, ECR, EFS, and the policy
 * document rules, which only report).
 *
 * `guardCases` spells out, for a one-field guardrail, every situation a rule
 * must handle on every served shape: compliant, injected, explicitly unsafe in
 * forProvider and in initProvider, malformed, each action, Audit mode.
 */
import { expect } from 'vitest';
import { evaluate, UNREADABLE_RULE } from '../../src/engine/engine.js';
import { formatFieldPath, type Segment } from '../../src/lang/fieldpath.js';
import type { Rule } from '../../src/engine/rule.js';
import type { Shape } from '../../src/engine/schema.js';
import type { Action, Finding, KubeObject, Mutation } from '../../src/engine/types.js';
import type { Guardrails } from '../../src/input/schema.js';
import { awsGroup, carried, engineRequest, injected, injectedCarried, input, managed, type Group } from '../builders.js';

export { injected };

/** The composition resource name every case evaluates. */
export const NAME = 'res';

/** `want.desired` for a resource that must pass through as the very object handed in. */
export const SAME = Symbol('same object');

/** A served version of a kind, with the way it renders single nested blocks. */
export interface Served {
  label: string;
  group: Group;
  version: string;
  blocks: 'array' | 'object';
}

export function served(group: Group, version: string): Served {
  const blocks = group === 'cluster' && /^v1(alpha|beta)1$/.test(version) ? 'array' : 'object';
  return { label: `${group === 'namespaced' ? 'namespaced' : 'cluster-scoped'} ${version}`, group, version, blocks };
}

/** A managed resource of `service`/`kind` in the group and version of `s`, with a region. */
export function awsResource(service: string, kind: string, s: Served, forProvider: Record<string, unknown> = {}): KubeObject {
  return managed(`${awsGroup(service, s.group)}/${s.version}`, kind, forProvider);
}

/** `r` with `spec.initProvider` set (a copy). */
export function withInit(r: KubeObject, init: unknown): KubeObject {
  const out = structuredClone(r);
  (out.spec as Record<string, unknown>).initProvider = init;
  return out;
}

/** `r` with `spec.managementPolicies` set (a copy). */
export function withPolicies(r: KubeObject, policies: string[]): KubeObject {
  const out = structuredClone(r);
  (out.spec as Record<string, unknown>).managementPolicies = policies;
  return out;
}

/**
 * forProvider fields that put `value` at `field`, each block on the way in
 * the shape of `s`: `nested(v1beta1, ['a', 'b'], 1)` is `{a: [{b: 1}]}`.
 */
export function nested(s: Served, field: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = field;
  if (head === undefined) throw new Error('empty field');
  if (rest.length === 0) return { [head]: value };
  const inner = nested(s, rest, value);
  return { [head]: s.blocks === 'array' ? [inner] : inner };
}

/** The path of `field` under a parameter block, as findings name it: `spec.forProvider.a[0].b` in array shape. */
export function paramPath(s: Served, block: 'forProvider' | 'initProvider', field: readonly string[]): string {
  const segments: Segment[] = ['spec', block];
  field.forEach((f, i) => {
    segments.push(f);
    if (i < field.length - 1 && s.blocks === 'array') segments.push(0);
  });
  return formatFieldPath(segments);
}

export interface Case {
  name: string;
  reason: string;
  resource: KubeObject;
  rules: readonly Rule[];
  input?: Guardrails;
  /** forProvider shapes Crossplane sent (required schemas). */
  schemas?: ReadonlyMap<string, Shape>;
  /** The observed composed resource of the same name, for rules that judge changes. */
  observed?: KubeObject;
  /** The observed XR; `xr()` (cluster-scoped, no claim) when absent. */
  composite?: KubeObject;
  want: { desired: KubeObject | typeof SAME; mutations: Mutation[]; findings: Finding[] };
}

export const finding = (rule: Rule, action: Finding['action'], path: string, message: string): Finding => ({ resource: NAME, rule: rule.id, action, path, message });
/** A finding of a value that was not set, under an action other than Mutate: it carries the value Mutate would have set there. */
export const missed = (rule: Rule, action: Finding['action'], path: string, message: string, value: unknown): Finding => ({ ...finding(rule, action, path, message), fix: { path, value } });
export const mutation = (rule: Rule, path: string, value: unknown): Mutation => ({ resource: NAME, rule: rule.id, path, value });
/** The engine's own finding on a resource whose spec it cannot read, with the action of the rules it kept from judging. */
export const unreadable = (action: Finding['action'], path: string, message: string): Finding => ({ resource: NAME, rule: UNREADABLE_RULE, action, path, message });

/** The path of `path` inside the manifest a provider-kubernetes Object carries. */
export const inManifest = (path: string) => `spec.forProvider.manifest.${path}`;

/** An Input that sets the action of each rule given. */
export function actions(of: Record<string, Action>): Guardrails {
  return input({ rules: Object.fromEntries(Object.entries(of).map(([id, action]) => [id, { action }])) });
}

/** Evaluates one case through the engine and checks the whole decision. */
export function runCase(c: Case): void {
  const before = structuredClone(c.resource);
  const request = engineRequest(
    { [NAME]: c.resource },
    {
      ...(c.input !== undefined ? { input: c.input } : {}),
      ...(c.schemas !== undefined ? { schemas: c.schemas } : {}),
      ...(c.observed !== undefined ? { observed: { [NAME]: c.observed } } : {}),
      ...(c.composite !== undefined ? { composite: c.composite } : {}),
    },
  );
  const decision = evaluate(request, c.rules);

  expect(decision.errors).toEqual([]);
  expect(decision.companions).toEqual([]);
  expect(decision.findings).toEqual(c.want.findings);
  expect(decision.mutations).toEqual(c.want.mutations);
  expect(Object.keys(decision.desired)).toEqual([NAME]);
  if (c.want.desired === SAME) expect(decision.desired[NAME]).toBe(c.resource);
  else expect(decision.desired[NAME]).toEqual(c.want.desired);
  expect(c.resource).toEqual(before); // the request is never changed in place
}

/** A case for rules that only report (policy documents): the resource passes through as handed in, with `want` as its findings. */
export interface FindingsCase {
  name: string;
  reason: string;
  resource: KubeObject;
  input?: Guardrails;
  want: Finding[];
}

/** Evaluates a findings-only case under `rules` with `runCase`: no mutation, the same object back, exactly `want`. */
export function runFindingsCase(c: FindingsCase, rules: readonly Rule[]): void {
  runCase({ ...c, rules, want: { desired: SAME, mutations: [], findings: c.want } });
}

/** The JSON reader's own message for `text`, which varies between Node versions. */
export function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('fixture is valid JSON');
}

/** A guardrail on one field: the safe value is injected where absent, the unsafe one refused. */
export interface Guard {
  rule: Rule;
  /** The field under forProvider, through single nested blocks. */
  field: readonly string[];
  /** The served shapes it applies to. */
  shapes: readonly Served[];
  /** A resource of the kind in shape `s`, with these forProvider fields. */
  build(s: Served, forProvider?: Record<string, unknown>): KubeObject;
  safe: unknown;
  unsafe: unknown;
  /** The unsafe value as the message shows it: `false`, `"MUTABLE"`. */
  unsafeText: string;
  /** A value of the wrong type, and how the message describes it: `the string "true"`. */
  malformed: unknown;
  malformedText: string;
  /** The type the field must have, as the message says it: `a boolean`. */
  type: string;
  /** The rule's message when the value is absent. */
  missing: string;
  /** The rule's advice after an unsafe value. */
  advice: string;
}

/** A missing value under each action that reports instead of injecting. */
const MISSING_UNDER: readonly { action: 'Warn' | 'Deny' | 'RequireApproval'; reason: string }[] = [
  { action: 'Warn', reason: 'under Warn a missing value is reported where it would be injected, and nothing changes' },
  { action: 'Deny', reason: 'under Deny the author must set the value; the function does not set it for them' },
  { action: 'RequireApproval', reason: 'RequireApproval reports with its own action' },
];

/** Every situation a one-field guardrail must handle, on every shape it serves. */
export function guardCases(g: Guard): Case[] {
  const id = g.rule.id;
  const cases: Case[] = [];
  // Cases that exercise injection run under Mutate even where the rule defaults to something else.
  const mutate = g.rule.defaultAction === 'Mutate' ? undefined : actions({ [id]: 'Mutate' });
  const under = (action: Action) => actions({ [id]: action });
  for (const s of g.shapes) {
    const at = `${id} on ${s.label}`;
    const fp = paramPath(s, 'forProvider', g.field);
    const ip = paramPath(s, 'initProvider', g.field);
    const blockPath = formatFieldPath(['spec', 'forProvider', g.field[0]!]);
    const value = (v: unknown) => nested(s, g.field, v);
    const unsafeMessage = (path: string) => `${path} is ${g.unsafeText}; ${g.advice}`;
    const malformedMessage = (path: string) => `${path} must be ${g.type}, got ${g.malformedText}`;
    const fixed = injected(g.build(s), value(g.safe), id);
    const whenMissing = { path: blockPath, value: value(g.safe)[g.field[0]!] };
    const base: Pick<Case, 'rules'> & { input?: Guardrails } = { rules: [g.rule], ...(mutate !== undefined ? { input: mutate } : {}) };
    cases.push(
      {
        name: `${at}: already safe`,
        reason: 'an explicit safe value needs nothing: no mutation, no finding, and the same object passes through',
        resource: g.build(s, value(g.safe)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: safe in initProvider only`,
        reason: 'initProvider is an explicit choice at creation; nothing is injected into forProvider beside it',
        resource: withInit(g.build(s), value(g.safe)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: missing, injected`,
        reason: `under Mutate the absent value is injected${g.field.length > 1 ? `, with the block in the ${s.blocks} shape of this version` : ''}, and the resource is annotated with the rule`,
        resource: g.build(s),
        ...base,
        want: { desired: fixed, mutations: [mutation(g.rule, whenMissing.path, whenMissing.value)], findings: [] },
      },
      {
        name: `${at}: null, injected`,
        reason: 'null is how JSON says "unset": it is treated as absent and replaced in place',
        resource: g.build(s, value(null)),
        ...base,
        want: { desired: fixed, mutations: [mutation(g.rule, fp, g.safe)], findings: [] },
      },
      {
        name: `${at}: unsafe in forProvider`,
        reason: 'an explicit unsafe value is refused, never silently flipped',
        resource: g.build(s, value(g.unsafe)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, unsafeMessage(fp))] },
      },
      {
        name: `${at}: unsafe in initProvider`,
        reason: 'Upjet applies initProvider at creation, so an unsafe value there creates an unsafe resource',
        resource: withInit(g.build(s), value(g.unsafe)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, unsafeMessage(ip))] },
      },
      {
        name: `${at}: safe in forProvider, unsafe in initProvider`,
        reason: 'each parameter block is judged on its own',
        resource: withInit(g.build(s, value(g.safe)), value(g.unsafe)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, unsafeMessage(ip))] },
      },
      {
        name: `${at}: malformed in forProvider`,
        reason: 'a value of the wrong type is refused with what was found, never passed and never overwritten',
        resource: g.build(s, value(g.malformed)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, malformedMessage(fp))] },
      },
      {
        name: `${at}: malformed in initProvider`,
        reason: 'initProvider is read with the same care as forProvider',
        resource: withInit(g.build(s), value(g.malformed)),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', ip, malformedMessage(ip))] },
      },
      {
        name: `${at}: malformed, spec is a string`,
        reason: 'a resource whose spec cannot be read is refused, not passed as compliant, and nothing crashes',
        resource: { ...g.build(s), spec: 'oops' },
        ...base,
        want: { desired: SAME, mutations: [], findings: [unreadable('Deny', 'spec', 'spec is the string "oops", not an object; the resource cannot be checked')] },
      },
      {
        name: `${at}: malformed, spec.forProvider is an array`,
        reason: 'an unsafe value hidden in an array must not pass as "absent", nor be injected over',
        resource: { ...g.build(s), spec: { forProvider: [value(g.unsafe)] } },
        ...base,
        want: { desired: SAME, mutations: [], findings: [unreadable('Deny', 'spec.forProvider', 'spec.forProvider is an array, not an object; the resource cannot be checked')] },
      },
      {
        name: `${at}: observe-only, unsafe`,
        reason: 'an observe-only resource belongs to someone else: Crossplane writes nothing to it, so there is nothing to inject or refuse',
        resource: withPolicies(g.build(s, value(g.unsafe)), ['Observe']),
        ...base,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: carried by a provider-kubernetes Object, unsafe`,
        reason: 'what an Object carries is created as is, so it is judged as if composed directly; the finding names the path inside the Object',
        resource: carried(g.build(s, value(g.unsafe))),
        ...base,
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', inManifest(fp), unsafeMessage(fp))] },
      },
      {
        name: `${at}: carried by a namespaced Object, missing, injected into the manifest`,
        reason: 'injection writes into the manifest, and the composed Object carries the annotation',
        resource: carried(g.build(s), 'namespaced'),
        ...base,
        want: {
          desired: injectedCarried(g.build(s), value(g.safe), id, 'namespaced'),
          mutations: [mutation(g.rule, inManifest(whenMissing.path), whenMissing.value)],
          findings: [],
        },
      },
      {
        name: `${at}: carried by an observe-only Object, unsafe`,
        reason: 'an observe-only Object applies nothing it carries',
        resource: withPolicies(carried(g.build(s, value(g.unsafe))), ['Observe']),
        ...base,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      ...MISSING_UNDER.map(
        ({ action, reason }): Case => ({
          name: `${at}: action ${action}, missing`,
          reason,
          resource: g.build(s),
          rules: [g.rule],
          input: under(action),
          want: { desired: SAME, mutations: [], findings: [missed(g.rule, action, blockPath, g.missing, whenMissing.value)] },
        }),
      ),
      {
        name: `${at}: action Warn, unsafe`,
        reason: 'under Warn an explicit unsafe value is reported as Warn too',
        resource: g.build(s, value(g.unsafe)),
        rules: [g.rule],
        input: under('Warn'),
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Warn', fp, unsafeMessage(fp))] },
      },
      {
        name: `${at}: action Disabled, unsafe`,
        reason: 'a disabled rule neither injects nor refuses',
        resource: g.build(s, value(g.unsafe)),
        rules: [g.rule],
        input: under('Disabled'),
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: Audit mode, missing`,
        reason: 'Audit lists the mutation Enforce would make, and changes nothing',
        resource: g.build(s),
        rules: [g.rule],
        input: input({ mode: 'Audit', rules: { [id]: { action: 'Mutate' } } }),
        want: { desired: SAME, mutations: [mutation(g.rule, whenMissing.path, whenMissing.value)], findings: [] },
      },
      {
        name: `${at}: Audit mode, unsafe`,
        reason: 'Audit reports what Enforce would refuse',
        resource: g.build(s, value(g.unsafe)),
        rules: [g.rule],
        input: input({ mode: 'Audit', rules: { [id]: { action: 'Mutate' } } }),
        want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', fp, unsafeMessage(fp))] },
      },
    );
    if (g.field.length > 1) {
      const [head, ...rest] = g.field;
      const emptyBlock = { [head!]: s.blocks === 'array' ? [{}] : {} };
      // Inside the existing block, the first absent field is injected (with any blocks below it, in this version's shape).
      const inside = formatFieldPath(['spec', 'forProvider', head!, ...(s.blocks === 'array' ? [0] : []), rest[0]!]);
      cases.push({
        name: `${at}: block present without the field, injected inside it`,
        reason: 'an existing block is kept, in its shape; only the field is added to it',
        resource: g.build(s, emptyBlock),
        ...base,
        want: { desired: fixed, mutations: [mutation(g.rule, inside, nested(s, rest, g.safe)[rest[0]!])], findings: [] },
      });
      if (rest.length === 1) {
        // The block in the shape of the other versions: an object where this one has a list, and the reverse.
        const other = s.blocks === 'array' ? { [rest[0]!]: g.unsafe } : [{ [rest[0]!]: g.unsafe }];
        const path = formatFieldPath(['spec', 'forProvider', head!, ...(s.blocks === 'array' ? [] : [0]), rest[0]!]);
        cases.push({
          name: `${at}: block in the other versions' shape, still judged`,
          reason: 'a block written in the shape of another version is read through, so an unsafe value in it is not missed',
          resource: g.build(s, { [head!]: other }),
          ...base,
          want: { desired: SAME, mutations: [], findings: [finding(g.rule, 'Deny', path, unsafeMessage(path))] },
        });
      }
    }
  }
  return cases;
}


/** The Guard fields of a boolean guardrail whose safe value is `safe`: the other value is unsafe, the value as a string is malformed. */
export function booleanGuard(safe: boolean): Pick<Guard, 'safe' | 'unsafe' | 'unsafeText' | 'malformed' | 'malformedText' | 'type'> {
  return { safe, unsafe: !safe, unsafeText: String(!safe), malformed: String(safe), malformedText: `the string "${safe}"`, type: 'a boolean' };
}

/**
 * The explicit-value cases every one-field row reports the same way, with
 * the rule's action `as`: an unsafe value in forProvider, in initProvider,
 * carried by an Object, and a value of the wrong type. (`guardCases` has its
 * own, which run under Mutate and add the shapes only injection meets.)
 */
export function explicitCases(
  g: Pick<Guard, 'rule' | 'field' | 'build' | 'unsafe' | 'unsafeText' | 'malformed' | 'malformedText' | 'type' | 'advice'>,
  s: Served,
  as: Finding['action'],
): Case[] {
  const at = `${g.rule.id} on ${s.label}`;
  const fp = paramPath(s, 'forProvider', g.field);
  const ip = paramPath(s, 'initProvider', g.field);
  const value = (v: unknown) => nested(s, g.field, v);
  const unsafe = (path: string) => `${path} is ${g.unsafeText}; ${g.advice}`;
  return [
    { name: `${at}: unsafe in forProvider`, reason: `an explicit unsafe value is reported with the rule's action (${as})`, resource: g.build(s, value(g.unsafe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, fp, unsafe(fp))] } },
    { name: `${at}: unsafe in initProvider`, reason: 'initProvider is applied at creation', resource: withInit(g.build(s), value(g.unsafe)), rules: [g.rule], want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, ip, unsafe(ip))] } },
    {
      name: `${at}: malformed`,
      reason: 'a value of the wrong type cannot be judged: reported, never passed',
      resource: g.build(s, value(g.malformed)),
      rules: [g.rule],
      want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, fp, `${fp} must be ${g.type}, got ${g.malformedText}`)] },
    },
    {
      name: `${at}: carried by an Object, unsafe`,
      reason: 'what an Object carries is judged as composed; the path is inside the manifest',
      resource: carried(g.build(s, value(g.unsafe))),
      rules: [g.rule],
      want: { desired: SAME, mutations: [], findings: [finding(g.rule, as, inManifest(fp), unsafe(fp))] },
    },
  ];
}
