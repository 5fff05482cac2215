/**
 * The engine's contracts, for every rule of the catalog: each rule is run,
 * within the full catalog, on a desired state that makes it report or act
 * (test/violations.ts), then on the same target observe-only, carried by a
 * provider-kubernetes Object of each group (new, and existing: its output
 * observed), carried by an observe-only Object, and again on its own output.
 * Only the rule's own findings, mutations and companions on `target` are
 * compared, so the other rules of the catalog may do what they do. A rule
 * without a fixture fails here: a new rule cannot skip these contracts.
 * What differs by design is listed below, each entry with its reason.
 */
import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, type Group } from '../../test/builders.js';
import { withPolicies } from '../../test/builders/aws-data.js';
import { VIOLATIONS, type Violation } from '../../test/violations.js';
import { evaluate } from '../engine/engine.js';
import { isObject } from '../lang/fieldpath.js';
import { kubernetesBuiltin, resourceType } from '../engine/gvk.js';
import type { Rule } from '../engine/rule.js';
import type { Companion, Decision, Finding, KubeObject, Mutation } from '../engine/types.js';
import { CATALOG } from './catalog.js';
import { takesProviderConfig } from './crossplane/managed.js';

const TARGET = 'target';
const MANIFEST = 'spec.forProvider.manifest';

/**
 * Rules whose fixture kind has no `spec.managementPolicies`, so an
 * observe-only variant means nothing: provider configs, not managed
 * resources. (A fixture of Kubernetes' own kinds, a ConfigMap, a binding, a
 * Pod, has none either: the engine judges it whatever its spec says, which
 * a test below checks for each that has a spec.)
 */
const NO_OBSERVE_ONLY = new Map([
  ['crossplane-composed-provider-config', 'a ProviderConfig configures a provider; it is not a managed resource and has no managementPolicies'],
]);

/** Is the rule's fixture a kind of Kubernetes' own API groups, which has no management policies? */
const builtinFixture = (id: string) => kubernetesBuiltin(resourceType(VIOLATIONS[id]!.target)!);

/**
 * Rules reading the object whose message on an observe-only target differs
 * from the one on a fully managed target by design; rule, action and path
 * must still be the same.
 */
const OBSERVE_ONLY_MESSAGE = new Map([
  ['crossplane-adoption', 'the message says what Crossplane can then do to what it adopts, which the management policies decide ("read it and publish its connection details" when observe-only)'],
]);

/**
 * Rules that judge a target differently when an Object carries it, by
 * design (say, a rule about directly composed resources only). None today:
 * an entry must say why the difference is right.
 */
const CARRIED_DIFFERENCES = new Map<string, string>([]);

const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

/**
 * A provider-kubernetes Object carrying `manifest`. A namespaced one names
 * the kind of its provider config, which Crossplane v2's typed reference
 * requires (its CRD lists `kind` and `name` as required); without it the
 * credential rules would rightly refuse the carrier itself.
 */
function carrier(manifest: KubeObject, group: Group): KubeObject {
  const obj = carried(manifest, group);
  if (group === 'namespaced') (obj.spec as Record<string, unknown>).providerConfigRef = { kind: 'ProviderConfig', name: 'in-cluster' };
  return obj;
}

function violationOf(rule: Rule): Violation {
  if (!Object.hasOwn(VIOLATIONS, rule.id)) {
    throw new Error(`rule ${rule.id} has no fixture in test/violations.ts: add a desired state that makes it report or act on "${TARGET}"`);
  }
  return VIOLATIONS[rule.id]!;
}

/** The desired state of `v` with `target` in place of its target, and its siblings carried like it where the relation needs it. */
function desiredOf(v: Violation, target: KubeObject, group?: Group): Record<string, KubeObject> {
  const carriedWith = new Set(v.carriedWith?.names ?? []);
  const siblings = Object.entries(v.siblings ?? {}).map(([name, obj]) => [name, group !== undefined && carriedWith.has(name) ? carrier(obj, group) : obj] as const);
  return { ...Object.fromEntries(siblings), [TARGET]: target };
}

/**
 * Evaluates `desired` over the catalog. A fixture of what the desired state drops (`dropped`) is turned around:
 * the target (as given, carried or observe-only) is observed and the desired state holds the rest; what `desired`
 * would observe is observed beside it.
 */
function run(v: Violation, desired: Record<string, KubeObject>, observed: Record<string, KubeObject> = {}): Decision {
  if (v.dropped === true && Object.hasOwn(desired, TARGET)) {
    const { [TARGET]: target, ...rest } = desired;
    desired = rest;
    observed = { ...observed, [TARGET]: target! };
  }
  const decision = evaluate(engineRequest(desired, { input: input(v.input ?? {}), observed, ...(v.composite !== undefined ? { composite: v.composite } : {}) }), CATALOG);
  expect(decision.errors).toEqual([]);
  return decision;
}

/** What `rule` did to `target`. */
function actsOf(d: Decision, rule: Rule): { findings: Finding[]; mutations: Mutation[]; companions: Companion[] } {
  return {
    findings: d.findings.filter((f) => f.rule === rule.id && f.resource === TARGET),
    mutations: d.mutations.filter((m) => m.rule === rule.id && m.resource === TARGET),
    companions: d.companions.filter((c) => c.rule === rule.id && c.owner === TARGET),
  };
}

/** A path inside the composed resource, moved into the manifest an Object carries. */
const inManifest = (path: string) => (path === '' ? MANIFEST : path.startsWith('[') ? `${MANIFEST}${path}` : `${MANIFEST}.${path}`);

const carriedFinding = (f: Finding): Finding => ({ ...f, path: inManifest(f.path), ...(f.fix !== undefined ? { fix: { ...f.fix, path: inManifest(f.fix.path) } } : {}) });
const carriedMutation = (m: Mutation): Mutation => ({ ...m, path: inManifest(m.path) });

/** The kinds of companions as emitted: the manifest's kind for a carried one, with the carrier's apiVersion. */
function companionKinds(companions: readonly Companion[]): { apiVersion: unknown; kind: unknown; carries?: unknown }[] {
  return companions.map(({ resource }) => {
    const manifest = (resource.spec as { forProvider?: { manifest?: KubeObject } } | undefined)?.forProvider?.manifest;
    return resource.kind === 'Object' && manifest !== undefined ? { apiVersion: resource.apiVersion, kind: resource.kind, carries: manifest.kind } : { apiVersion: resource.apiVersion, kind: resource.kind };
  });
}

const RULES = CATALOG.map((rule) => ({ id: rule.id, rule }));
const CARRIED = CATALOG.flatMap((rule) => GROUPS.map((group) => ({ id: rule.id, rule, group })));

describe('every rule of the catalog keeps the engine contracts', () => {
  it('every fixture belongs to a rule of the catalog, and the skip lists name rules of the catalog', () => {
    const ids = new Set(CATALOG.map((r) => r.id));
    const stale = [...Object.keys(VIOLATIONS), ...NO_OBSERVE_ONLY.keys(), ...OBSERVE_ONLY_MESSAGE.keys(), ...CARRIED_DIFFERENCES.keys()].filter((id) => !ids.has(id));
    expect(stale).toEqual([]);
  });

  it.each(RULES)('$id: its fixture makes it report or act on the target', ({ rule }) => {
    const v = violationOf(rule);
    const acts = actsOf(run(v, desiredOf(v, v.target)), rule);
    expect(acts.findings.length + acts.mutations.length + acts.companions.length, `${rule.id} neither reports nor acts on "${TARGET}": ${v.why}`).toBeGreaterThan(0);
  });

  it('the rules without an observe-only variant are those whose target is not a managed resource', () => {
    const managedTargets = [...NO_OBSERVE_ONLY.keys()].filter((id) => {
      const { target } = VIOLATIONS[id]!;
      return takesProviderConfig(resourceType(target)!, target);
    });
    expect(managedTargets).toEqual([]);
  });

  it.each(RULES.filter(({ id }) => Object.hasOwn(VIOLATIONS, id) && builtinFixture(id) && isObject(VIOLATIONS[id]!.target.spec)))(
    "$id: its target is a kind of Kubernetes' own, so managementPolicies in its spec changes nothing",
    ({ rule }) => {
      const v = violationOf(rule);
      const base = actsOf(run(v, desiredOf(v, v.target)), rule);
      const d = run(v, desiredOf(v, withPolicies(v.target, ['Observe'])));
      expect(d.skipped).toEqual([]);
      // The same acts, at the same paths; only the copy of the spec differs.
      expect(actsOf(d, rule)).toEqual(base);
    },
  );

  it.each(RULES.filter(({ id }) => !NO_OBSERVE_ONLY.has(id) && !(Object.hasOwn(VIOLATIONS, id) && builtinFixture(id))))('$id: on an observe-only target, it injects and adds nothing; it reports only if it reads the object', ({ rule }) => {
    const v = violationOf(rule);
    const base = actsOf(run(v, desiredOf(v, v.target)), rule);
    const d = run(v, desiredOf(v, withPolicies(v.target, ['Observe'])));
    const acts = actsOf(d, rule);
    expect(acts.mutations).toEqual([]);
    expect(acts.companions).toEqual([]);
    expect(d.skipped).toContainEqual({ resource: TARGET, path: '', reason: 'observe-only' });
    if (rule.reads === 'parameters') {
      expect(acts.findings).toEqual([]);
    } else if (OBSERVE_ONLY_MESSAGE.has(rule.id)) {
      const where = (fs: Finding[]) => fs.map(({ message: _, ...f }) => f);
      expect(where(acts.findings)).toEqual(where(base.findings));
      // Still a difference: else the entry goes.
      expect(acts.findings.map((f) => f.message)).not.toEqual(base.findings.map((f) => f.message));
    } else {
      expect(acts.findings).toEqual(base.findings);
    }
  });

  it.each(CARRIED.filter(({ id }) => !CARRIED_DIFFERENCES.has(id)))('$id: carried by a $group Object, it reports and acts as on the composed target, inside the manifest', ({ rule, group }) => {
    const v = violationOf(rule);
    const base = actsOf(run(v, desiredOf(v, v.target)), rule);
    const acts = actsOf(run(v, desiredOf(v, carrier(v.target, group), group)), rule);
    expect(acts.findings).toEqual(base.findings.map(carriedFinding));
    expect(acts.mutations).toEqual(base.mutations.map(carriedMutation));
    const apiVersion = carrier({}, group).apiVersion;
    expect(companionKinds(acts.companions)).toEqual(companionKinds(base.companions).map((c) => ({ apiVersion, kind: 'Object', carries: c.kind })));
  });

  // Siblings are carried with the target only where the relation holds within one placement: carried alone, the
  // target must lose the relation, or the entry in carriedWith is not needed.
  it.each(CARRIED.filter(({ id }) => VIOLATIONS[id]?.carriedWith !== undefined))('$id: carried by a $group Object apart from its siblings, it does not relate to them', ({ rule, group }) => {
    const v = violationOf(rule);
    const together = actsOf(run(v, desiredOf(v, carrier(v.target, group), group)), rule);
    const apart = actsOf(run(v, desiredOf(v, carrier(v.target, group))), rule);
    expect(apart.findings).not.toEqual(together.findings);
  });

  it.each(CARRIED)('$id: carried by an observe-only $group Object, nothing is judged', ({ rule, group }) => {
    const v = violationOf(rule);
    const d = run(v, desiredOf(v, withPolicies(carrier(v.target, group), ['Observe']), group));
    // Not this rule only: no rule of the catalog judges what an observe-only Object carries, nor the Object itself here.
    expect(d.findings.filter((f) => f.resource === TARGET)).toEqual([]);
    expect(d.mutations.filter((m) => m.resource === TARGET)).toEqual([]);
    expect(d.companions.filter((c) => c.owner === TARGET)).toEqual([]);
    expect(d.skipped).toContainEqual({ resource: TARGET, path: MANIFEST, reason: 'carried-by-observe-only' });
  });

  it.each(RULES)('$id: its output, evaluated again as desired and as observed, gets no mutation', ({ rule }) => {
    const v = violationOf(rule);
    const { desired } = run(v, desiredOf(v, v.target));
    expect(run(v, desired).mutations).toEqual([]);
    expect(run(v, desired, desired).mutations).toEqual([]);
  });

  it.each(CARRIED.filter(({ id }) => !CARRIED_DIFFERENCES.has(id)))('$id: carried by a $group Object that exists, it reports as on the existing composed target', ({ rule, group }) => {
    const v = violationOf(rule);
    const composed = run(v, desiredOf(v, v.target)).desired;
    const base = actsOf(run(v, composed, composed), rule);
    const wrapped = run(v, desiredOf(v, carrier(v.target, group), group)).desired;
    const d = run(v, wrapped, wrapped);
    const acts = actsOf(d, rule);
    expect(acts.findings).toEqual(base.findings.map(carriedFinding));
    expect(d.mutations).toEqual([]);
  });
});
