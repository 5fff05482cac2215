/**
 * k8s-namespace-pod-security: what an agent composes as a Namespace, and
 * what guardrails makes of it, bare and carried by both kinds of Object, with
 * the exact findings, injections and output; then each case again on its own
 * output, where nothing more may change.
 */
import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, type Group } from '../../../test/builders.js';
import { ANNOTATION_MUTATED_BY, evaluate } from '../../engine/engine.js';
import type { Decision, Finding, KubeObject, Mutation } from '../../engine/types.js';
import { namespacePodSecurity } from './namespaces.js';

// The labels Pod Security Admission reads (k8s.io/pod-security-admission api/constants.go), spelt out, not imported.
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';
const RULE = 'k8s-namespace-pod-security';
const RES = 'ns';
const ENFORCE = `metadata.labels[${ENFORCE_LABEL}]`;
const VERSION = `metadata.labels[${ENFORCE_VERSION_LABEL}]`;
const AUDIT = 'pod-security.kubernetes.io/audit';
const WARN = 'pod-security.kubernetes.io/warn';

const namespace = (metadata: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata });
const named = (labels?: unknown) => namespace(labels === undefined ? { name: 'team-b' } : { name: 'team-b', labels });

/** What the rule says of a label PSA cannot parse. */
const unparsed = (path: string, shown: string, then: string) => `${path} is ${shown}, which Pod Security Admission cannot parse (it refuses the Namespace on create); ${then}`;
const missing = (level: string) =>
  `${ENFORCE} is not set, so Pod Security Admission applies the cluster's default level (privileged unless configured) to the pods of this Namespace; set it to "${level}"`;
const weaker = (found: string, level: string, then = `"${level}"`) => `${ENFORCE} is "${found}", weaker than the ${level} level pods must meet; set it to ${then}`;
const older = (pinned: string, version: string) =>
  `${VERSION} pins the checks of ${pinned}, older than the ${version} version pods must meet: it switches off the checks newer versions have; remove it, or set it to "${version}"`;
const kept = (name: string, holding: string) =>
  `Namespace "${name}" is one Kubernetes keeps for itself, holding ${holding}: composing it takes over its labels by server-side apply, where a Pod Security label would loosen or stop what runs there; compose a namespace of the platform's own`;

interface Want {
  path: string;
  message: string;
  action?: Finding['action'];
  fix?: unknown;
}

interface Case {
  name: string;
  reason: string;
  target: KubeObject;
  /** The Input, partially (`podSecurity`, `rules`). */
  input?: Record<string, unknown>;
  findings?: Want[];
  /** The level injected at `metadata.labels[enforce]`, if any. */
  injects?: string;
}

const at = (level: string, version = 'latest') => ({ podSecurity: { level, version } });

const cases: Case[] = [
  {
    name: 'an agent composes a Namespace with no labels',
    reason: 'Pod Security Admission would apply the cluster default (privileged): the Input level is injected, the labels map with it',
    target: named(),
    injects: 'restricted',
  },
  {
    name: 'a Namespace with other labels but no enforce label',
    reason: 'only the absent label is injected; the others stay',
    target: named({ team: 'b' }),
    injects: 'restricted',
  },
  {
    name: 'a Namespace whose metadata has no name (generateName)',
    reason: 'not a namespace Kubernetes keeps: injected like any other',
    target: namespace({ generateName: 'team-' }),
    injects: 'restricted',
  },
  {
    name: 'a Namespace with no metadata at all',
    reason: 'metadata and labels are created for the label',
    target: { apiVersion: 'v1', kind: 'Namespace' },
    injects: 'restricted',
  },
  {
    name: 'labels that are null',
    reason: 'null is absent: the labels are made with the one key',
    target: named(null),
    injects: 'restricted',
  },
  {
    name: 'an enforce label that is null',
    reason: 'null is absent, as the API server reads it: injected',
    target: named({ [ENFORCE_LABEL]: null }),
    injects: 'restricted',
  },
  {
    name: 'the Input at baseline, a Namespace with no labels',
    reason: "the Input's level is what is injected",
    target: named(),
    input: at('baseline'),
    injects: 'baseline',
  },
  {
    name: 'a Namespace that enforces restricted',
    reason: 'the Input level, explicitly: nothing to do',
    target: named({ [ENFORCE_LABEL]: 'restricted' }),
  },
  {
    name: 'a Namespace that enforces restricted, the Input at baseline',
    reason: 'stricter than the Input asks: passes',
    target: named({ [ENFORCE_LABEL]: 'restricted' }),
    input: at('baseline'),
  },
  {
    name: 'an agent labels its Namespace to enforce privileged',
    reason: 'every pod in it would pass admission: refused, never overridden',
    target: named({ [ENFORCE_LABEL]: 'privileged' }),
    findings: [{ path: ENFORCE, message: weaker('privileged', 'restricted') }],
  },
  {
    name: 'an agent labels its Namespace to enforce baseline under restricted',
    reason: 'weaker than the Input level: refused',
    target: named({ [ENFORCE_LABEL]: 'baseline' }),
    findings: [{ path: ENFORCE, message: weaker('baseline', 'restricted') }],
  },
  {
    name: 'enforce privileged, the Input at baseline',
    reason: 'weaker than baseline: refused',
    target: named({ [ENFORCE_LABEL]: 'privileged' }),
    input: at('baseline'),
    findings: [{ path: ENFORCE, message: weaker('privileged', 'baseline', '"baseline" or "restricted"') }],
  },
  {
    name: 'the Input at privileged',
    reason: 'pods may run as they like: nothing is injected or refused, not even a namespace Kubernetes keeps',
    target: named({ [ENFORCE_LABEL]: 'privileged', [ENFORCE_VERSION_LABEL]: 'v1.0' }),
    input: at('privileged'),
  },
  {
    name: 'the Input at privileged, kube-system composed',
    reason: 'the rule does not run at privileged',
    target: namespace({ name: 'kube-system' }),
    input: at('privileged'),
  },
  {
    name: 'an enforce level spelt with a capital',
    reason: 'PSA compares exactly; "Restricted" does not parse, and PSA refuses the Namespace: refused here, saying why',
    target: named({ [ENFORCE_LABEL]: 'Restricted' }),
    findings: [{ path: ENFORCE, message: unparsed(ENFORCE, '"Restricted"', 'set it to "restricted"') }],
  },
  {
    name: 'an enforce level spelt with a capital, the Input at baseline',
    reason: 'refused, and the message names every level that would do',
    target: named({ [ENFORCE_LABEL]: 'Restricted' }),
    input: at('baseline'),
    findings: [{ path: ENFORCE, message: unparsed(ENFORCE, '"Restricted"', 'set it to "baseline" or "restricted"') }],
  },
  {
    name: 'an empty enforce level',
    reason: 'present but not a level: PSA cannot parse it',
    target: named({ [ENFORCE_LABEL]: '' }),
    findings: [{ path: ENFORCE, message: unparsed(ENFORCE, '""', 'set it to "restricted"') }],
  },
  {
    name: 'an enforce level that is a boolean',
    reason: 'a label value is a string; anything else cannot be read',
    target: named({ [ENFORCE_LABEL]: true }),
    findings: [{ path: ENFORCE, message: unparsed(ENFORCE, 'boolean true', 'set it to "restricted"') }],
  },
  {
    name: 'an enforce level that is an object',
    reason: 'fail closed on a shape the API server would not take either',
    target: named({ [ENFORCE_LABEL]: { level: 'restricted' } }),
    findings: [{ path: ENFORCE, message: unparsed(ENFORCE, 'an object', 'set it to "restricted"') }],
  },
  {
    name: 'enforce-version latest',
    reason: 'the newest checks: passes',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'latest' }),
  },
  {
    name: 'an agent pins enforce-version to an old release under latest',
    reason: 'v1.25 switches off every check added since: refused',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.25' }),
    findings: [{ path: VERSION, message: older('v1.25', 'latest') }],
  },
  {
    name: 'a pin newer than anything this function knows, under latest',
    reason: 'latest counts as newest, even than future versions (api.Version.Older): a pin is older',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.99' }),
    findings: [{ path: VERSION, message: older('v1.99', 'latest') }],
  },
  {
    name: 'the pinned version the Input asks for',
    reason: 'the same checks: passes',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.30' }),
    input: at('restricted', 'v1.30'),
  },
  {
    name: 'a pinned version newer than the Input',
    reason: 'more checks than asked: passes',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.31' }),
    input: at('restricted', 'v1.30'),
  },
  {
    name: 'a pinned version one older than the Input',
    reason: 'v1.29 lacks what v1.30 checks: refused',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.29' }),
    input: at('restricted', 'v1.30'),
    findings: [{ path: VERSION, message: older('v1.29', 'v1.30') }],
  },
  {
    name: 'v1.0, the oldest version',
    reason: 'PSA parses it (the checks of v1.0), and it is older than the Input',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 'v1.0' }),
    input: at('restricted', 'v1.30'),
    findings: [{ path: VERSION, message: older('v1.0', 'v1.30') }],
  },
  ...['1.30', 'v1.01', 'v2.0', 'V1.30', 'Latest', ''].map(
    (version): Case => ({
      name: `enforce-version ${JSON.stringify(version)}`,
      reason: 'not latest nor v1.N as PSA parses it: refused',
      target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: version }),
      findings: [{ path: VERSION, message: unparsed(VERSION, JSON.stringify(version), 'remove it, or set it to "latest"') }],
    }),
  ),
  {
    name: 'enforce-version a number',
    reason: 'a label value is a string',
    target: named({ [ENFORCE_LABEL]: 'restricted', [ENFORCE_VERSION_LABEL]: 1.3 }),
    findings: [{ path: VERSION, message: unparsed(VERSION, 'number 1.3', 'remove it, or set it to "latest"') }],
  },
  {
    name: 'enforce absent and enforce-version pinned old',
    reason: 'the level is injected, the version refused: the author must drop the pin',
    target: named({ [ENFORCE_VERSION_LABEL]: 'v1.22' }),
    injects: 'restricted',
    findings: [{ path: VERSION, message: older('v1.22', 'latest') }],
  },
  {
    name: 'enforce privileged and an old pin',
    reason: 'both are refused',
    target: named({ [ENFORCE_LABEL]: 'privileged', [ENFORCE_VERSION_LABEL]: 'v1.22' }),
    findings: [
      { path: ENFORCE, message: weaker('privileged', 'restricted') },
      { path: VERSION, message: older('v1.22', 'latest') },
    ],
  },
  {
    name: 'audit and warn at privileged, enforce restricted',
    reason: 'audit and warn only report; what is enforced is restricted: left alone',
    target: named({ [ENFORCE_LABEL]: 'restricted', [AUDIT]: 'privileged', [WARN]: 'privileged', [`${AUDIT}-version`]: 'v1.22' }),
  },
  {
    name: 'audit and warn restricted, enforce absent',
    reason: 'reporting is not enforcing: the enforce label is still injected',
    target: named({ [AUDIT]: 'restricted', [WARN]: 'restricted' }),
    injects: 'restricted',
  },
  {
    name: 'a label key spelt with a capital',
    reason: 'label keys are case-sensitive and PSA reads the exact key: "Enforce" is another label, so enforce is absent and injected',
    target: named({ 'pod-security.kubernetes.io/Enforce': 'privileged' }),
    injects: 'restricted',
  },
  ...[
    ['kube-system', "the control plane's and add-ons' pods (kube-proxy, the network plugin, DNS), many of them privileged"],
    ['kube-public', 'objects everyone may read, unauthenticated users included (cluster-info)'],
    ['kube-node-lease', "every node's heartbeat Lease"],
    ['default', "every object created without a namespace, and the API server's own `kubernetes` Service"],
  ].map(
    ([name, holding]): Case => ({
      name: `an agent composes the namespace ${name}`,
      reason: 'it exists and runs the cluster: composing it takes over its labels; refused, and nothing is injected there',
      target: namespace({ name }),
      findings: [{ path: 'metadata.name', message: kept(name!, holding!) }],
    }),
  ),
  {
    name: 'kube-system labelled privileged',
    reason: 'one finding, on the name: the labels do not matter there',
    target: namespace({ name: 'kube-system', labels: { [ENFORCE_LABEL]: 'privileged' } }),
    findings: [{ path: 'metadata.name', message: kept('kube-system', "the control plane's and add-ons' pods (kube-proxy, the network plugin, DNS), many of them privileged") }],
  },
  {
    name: 'a namespace named like a kept one, with a suffix',
    reason: 'only the exact names are kept',
    target: namespace({ name: 'kube-system-tools' }),
    injects: 'restricted',
  },
  {
    name: 'labels that are a list',
    reason: 'the labels cannot be read: refused, nothing injected',
    target: named([{ [ENFORCE_LABEL]: 'privileged' }]),
    findings: [{ path: 'metadata.labels', message: "metadata.labels is an array, not an object; the Namespace's Pod Security labels cannot be checked" }],
  },
  {
    name: 'labels that are a string',
    reason: 'a string where a map belongs: refused',
    target: named('enforce=privileged'),
    findings: [{ path: 'metadata.labels', message: `metadata.labels is the string "enforce=privileged", not an object; the Namespace's Pod Security labels cannot be checked` }],
  },
  {
    name: 'metadata that is a string',
    reason: 'neither name nor labels can be read: refused',
    target: namespace('kube-system'),
    findings: [{ path: 'metadata', message: `metadata is the string "kube-system", not an object; the Namespace's name and Pod Security labels cannot be checked` }],
  },
  {
    name: 'the rule set to Warn, no labels',
    reason: 'under another action nothing is injected: the absence is reported with the value to set',
    target: named(),
    input: { rules: { [RULE]: { action: 'Warn' } } },
    findings: [{ path: ENFORCE, message: missing('restricted'), action: 'Warn', fix: 'restricted' }],
  },
  {
    name: 'the rule set to Warn, enforce privileged',
    reason: 'a refusal becomes a warning',
    target: named({ [ENFORCE_LABEL]: 'privileged' }),
    input: { rules: { [RULE]: { action: 'Warn' } } },
    findings: [{ path: ENFORCE, message: weaker('privileged', 'restricted'), action: 'Warn' }],
  },
];

/** Where the Namespace is composed: bare, or carried by an Object of either group. */
const SHAPES: { name: string; build(ns: KubeObject): KubeObject; at: string }[] = [
  { name: 'composed', build: (ns) => ns, at: '' },
  ...(['cluster', 'namespaced'] as Group[]).map((group) => ({ name: `carried by a ${group} Object`, build: (ns: KubeObject) => carried(ns, group), at: 'spec.forProvider.manifest.' })),
];
const RUNS = cases.flatMap((c) => SHAPES.map((shape) => ({ ...c, shape: shape.name, build: shape.build, prefix: shape.at })));

const run = (c: Case, resource: KubeObject): Decision => evaluate(engineRequest({ [RES]: resource }, { input: input(c.input ?? {}) }), [namespacePodSecurity]);

/** The Namespace with the enforce label injected, the way the engine emits it. */
function injected(target: KubeObject, level: string): KubeObject {
  const ns = structuredClone(target);
  const metadata = (ns.metadata ??= {}) as Record<string, unknown>;
  metadata.labels = { ...(metadata.labels as Record<string, unknown> | undefined), [ENFORCE_LABEL]: level };
  return ns;
}

describe('k8s-namespace-pod-security', () => {
  it.each(RUNS)('$name ($shape)', (c) => {
    const resource = c.build(structuredClone(c.target));
    const before = structuredClone(resource);
    const d = run(c, resource);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(
      (c.findings ?? []).map((f): Finding => ({
        resource: RES,
        rule: RULE,
        action: f.action ?? 'Deny',
        path: `${c.prefix}${f.path}`,
        message: f.message,
        ...(f.fix !== undefined ? { fix: { path: `${c.prefix}${f.path}`, value: f.fix } } : {}),
      })),
    );
    expect(d.mutations).toEqual(c.injects === undefined ? [] : [{ resource: RES, rule: RULE, path: `${c.prefix}${ENFORCE}`, value: c.injects } satisfies Mutation]);
    if (c.injects === undefined) {
      expect(d.desired[RES]).toBe(resource);
    } else {
      const want = c.build(injected(c.target, c.injects));
      const meta = (want.metadata ??= {}) as Record<string, unknown>;
      meta.annotations = { ...(meta.annotations as object | undefined), [ANNOTATION_MUTATED_BY]: RULE };
      expect(d.desired[RES]).toEqual(want);
    }
    expect(resource).toEqual(before); // the request is never changed in place
  });

  it.each(RUNS)('$name ($shape): on its own output, nothing more changes', (c) => {
    const first = run(c, c.build(structuredClone(c.target)));
    const output = first.desired[RES]!;
    const again = run(c, output);
    expect(again.mutations).toEqual([]);
    expect(again.findings).toEqual(first.findings);
    expect(again.desired[RES]).toBe(output);
  });
});
