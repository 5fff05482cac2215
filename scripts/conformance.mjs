#!/usr/bin/env node
// Dev check, not part of `npm test` (it reads the reference data, which a clone may not have): runs the
// reference implementations' own test resources through the engine, each wrapped as a composed resource,
// and prints a table of where the engine agrees with their verdicts.
//
// Usage: npm run conformance [-- --reference DIR] [-- --verbose]
//
// A conformance module is a file scripts/conformance/<name>.mjs that exports (named or as its default)
//   name     a heading for its rows;
//   suites   an array of suites, or a function of the reference folder returning one (or a promise of one).
// A suite is one row of the table:
//   policy    what the expectations come from (`kyverno baseline/disallow-host-path`);
//   rules     the rule IDs turned on: every other rule of the catalog is off;
//   input     the rest of the Input, partially (`podSecurity`, `rules.<id>` parameters);
//   cases     [{ name, resource, expect: 'pass' | 'fail' }], `resource` a Kubernetes object;
//   missing   optional, (resource) => string[] | undefined: the fields the suite's rules inject that
//             `resource` lacks, by a reading independent of the rules, or undefined where one of them is
//             set to an unsafe value;
//   explained optional, { [case name]: why }: known disagreements, each with its reason.
//
// Each case is judged as composed directly and carried by a provider-kubernetes Object of each group; a Pod
// also as the pod template of every workload kind. It agrees only if it agrees in every shape:
//   fail  refused (a Deny or RequireApproval finding); or, where the rules inject, not refused but changed
//         into compliance: `missing` lists what the resource lacks, lists nothing for the output, and the
//         output, judged again, gets no finding and no change;
//   pass  no finding and no change at all.
// A disagreement listed in `explained` is shown as such; one that is not, or an explanation that no longer
// applies, makes the run fail (exit status 1).
/* global structuredClone */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../dist/engine/engine.js';
import { parseInput } from '../dist/load/parse.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { referenceArgs } from './reference.mjs';

const { reference, args } = referenceArgs(process.argv.slice(2));
process.env.GUARDRAILS_REFERENCE = reference; // for modules that resolve it themselves
const verbose = args.includes('--verbose');

const NAME = 'conformance';
const dir = fileURLToPath(new URL('./conformance/', import.meta.url));

/** Every workload kind whose pod template the engine judges, and where the template is. */
const WORKLOADS = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'ReplicationController'],
  ['v1', 'PodTemplate'],
  ['argoproj.io/v1alpha1', 'Rollout'],
];

/** A Pod as the pod template of a workload of `kind`. */
function asWorkload(pod, apiVersion, kind) {
  const meta = pod.metadata ?? {};
  const template = { metadata: { labels: { app: meta.name ?? 'app' }, ...(meta.annotations !== undefined ? { annotations: meta.annotations } : {}) }, spec: pod.spec };
  const metadata = { name: meta.name ?? 'app' };
  if (kind === 'PodTemplate') return { apiVersion, kind, metadata, template };
  const selector = { matchLabels: template.metadata.labels };
  if (kind === 'CronJob') return { apiVersion, kind, metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
  if (kind === 'Job' || kind === 'ReplicationController') return { apiVersion, kind, metadata, spec: { template } };
  return { apiVersion, kind, metadata, spec: { selector, template } };
}

/** The shapes a resource is judged in: itself (and a Pod as every workload), each bare and in an Object of each group. */
function shapesOf(resource) {
  const own = [{ label: resource.kind, obj: resource }];
  if (resource.kind === 'Pod' && resource.apiVersion === 'v1') own.push(...WORKLOADS.map(([apiVersion, kind]) => ({ label: kind, obj: asWorkload(resource, apiVersion, kind) })));
  return own.flatMap(({ label, obj }) => [
    { label, wrap: obj, unwrap: (o) => o },
    { label: `${label} in Object`, wrap: object(obj, 'kubernetes.crossplane.io/v1alpha2', { name: 'in-cluster' }), unwrap: (o) => o.spec.forProvider.manifest },
    { label: `${label} in namespaced Object`, wrap: object(obj, 'kubernetes.m.crossplane.io/v1alpha1', { kind: 'ProviderConfig', name: 'in-cluster' }), unwrap: (o) => o.spec.forProvider.manifest },
  ]);
}

function object(manifest, apiVersion, providerConfigRef) {
  return { apiVersion, kind: 'Object', metadata: { name: 'wrapped' }, spec: { forProvider: { manifest }, providerConfigRef } };
}

/** Does `after` hold every value of `before` unchanged (fields may only have been added)? */
function onlyAdded(before, after) {
  if (Array.isArray(before)) return Array.isArray(after) && after.length === before.length && before.every((v, i) => onlyAdded(v, after[i]));
  if (before !== null && typeof before === 'object') return after !== null && typeof after === 'object' && !Array.isArray(after) && Object.keys(before).every((k) => onlyAdded(before[k], after[k]));
  return Object.is(before, after);
}

function inputOf(suite) {
  const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', ...suite.input }, CATALOG);
  if (!parsed.ok) throw new Error(`${suite.policy}: invalid input: ${parsed.problems.join('; ')}`);
  return parsed.input;
}

function run(input, rules, resource) {
  return evaluate({ input, composite: { apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'app' } }, observed: {}, desired: { [NAME]: resource } }, rules);
}

/** The verdict on one case in one shape: agree or not, and what happened. */
function judgeShape(suite, input, rules, kase, shape) {
  const d = run(input, rules, structuredClone(shape.wrap));
  if (d.errors.length > 0) return { agree: false, how: `error: ${d.errors.map((e) => e.message).join('; ')}` };
  const refused = d.findings.filter((f) => f.action === 'Deny' || f.action === 'RequireApproval');
  const output = d.desired[NAME];
  if (kase.expect === 'fail') {
    if (refused.length > 0) return { agree: true, how: 'refused' };
    if (d.mutations.length === 0) return { agree: false, how: `passed${d.findings.length > 0 ? ` with ${d.findings.length} warning(s)` : ''}` };
    if (onlyAdded(shape.wrap, output) && completed(suite, input, rules, shape, output)) return { agree: true, how: 'fixed' };
    const before = suite.missing?.(shape.unwrap(shape.wrap));
    const after = suite.missing?.(shape.unwrap(output));
    return { agree: false, how: `changed (${d.mutations.map((m) => m.path).join(', ')}) but not into compliance (lacked: ${before?.join(', ') ?? 'an unsafe value'}; after: ${after?.join(', ') ?? 'an unsafe value'})` };
  }
  if (d.findings.length > 0) return { agree: false, how: `refused: ${d.findings.map((f) => `[${f.rule}] ${f.path}: ${f.message}`).join(' | ')}` };
  if (!onlyAdded(shape.wrap, output)) return { agree: false, how: 'changed an explicit value' };
  if (d.mutations.length === 0) return { agree: true, how: 'passed' };
  // A reference that splits a control into rules (Kyverno's require-drop-all and adding-capabilities-strict) passes a
  // resource by one of them: injecting what the level requires and that rule does not check changes nothing it judged.
  if (completed(suite, input, rules, shape, output)) return { agree: true, how: 'completed' };
  return { agree: false, how: `changed: ${d.mutations.map((m) => `${m.path}=${JSON.stringify(m.value)}`).join(', ')}` };
}

/**
 * Did the change make the resource compliant by adding only what it lacked? The suite's independent reading lists
 * what the input lacks and nothing for the output, and the output, judged again, gets no finding and no change.
 */
function completed(suite, input, rules, shape, output) {
  const before = suite.missing?.(shape.unwrap(shape.wrap));
  const after = suite.missing?.(shape.unwrap(output));
  if (before === undefined || before.length === 0 || after === undefined || after.length > 0) return false;
  const again = run(input, rules, output);
  return again.findings.length === 0 && again.mutations.length === 0;
}

function judge(suite, input, rules, kase) {
  const verdicts = shapesOf(kase.resource).map((shape) => ({ shape: shape.label, ...judgeShape(suite, input, rules, kase, shape) }));
  const wrong = verdicts.filter((v) => !v.agree);
  return { agree: wrong.length === 0, how: [...new Set(verdicts.filter((v) => v.agree).map((v) => v.how))], wrong };
}

const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort();
let failed = false;
const rows = [];
const notes = [];
for (const file of modules) {
  const mod = await import(new URL(`./conformance/${file}`, import.meta.url));
  const { name, suites } = mod.default ?? mod;
  const list = typeof suites === 'function' ? await suites(reference) : suites;
  for (const suite of list) {
    const byId = new Map(CATALOG.map((r) => [r.id, r]));
    const unknown = suite.rules.filter((id) => !byId.has(id));
    if (unknown.length > 0) throw new Error(`${suite.policy}: unknown rules ${unknown.join(', ')}`);
    const rules = suite.rules.map((id) => byId.get(id));
    const input = inputOf(suite);
    const tally = { fail: 0, pass: 0, refused: 0, fixed: 0, passed: 0, completed: 0, disagree: 0, explained: 0, shapes: 0 };
    for (const kase of suite.cases) {
      tally[kase.expect]++;
      tally.shapes += shapesOf(kase.resource).length;
      const v = judge(suite, input, rules, kase);
      const why = suite.explained?.[kase.name];
      if (v.agree) {
        tally[v.how[0]]++;
        if (v.how.length > 1) notes.push(`note ${name} ${suite.policy} ${kase.name}: agrees differently by shape (${v.how.join(', ')})`);
        if (why !== undefined) {
          failed = true;
          notes.push(`STALE ${name} ${suite.policy} ${kase.name}: explained as "${why}", but it agrees now`);
        }
      } else if (why !== undefined) {
        tally.explained++;
        notes.push(`explained ${name} ${suite.policy} ${kase.name} (expected ${kase.expect}): ${why}${verbose ? ` [${v.wrong[0].shape}: ${v.wrong[0].how}]` : ''}`);
      } else {
        tally.disagree++;
        failed = true;
        notes.push(`DISAGREE ${name} ${suite.policy} ${kase.name} (expected ${kase.expect}): ${v.wrong.length} shape(s), e.g. ${v.wrong[0].shape}: ${v.wrong[0].how}`);
      }
    }
    rows.push({ name, suite, input, tally });
  }
}

const cell = (s) => String(s).replace(/\|/g, '\\|');
console.log('| source | policy | rules | pod security | fail | pass | agree (refused / fixed / passed / completed) | disagree | explained |');
console.log('|---|---|---|---|---|---|---|---|---|');
const total = { fail: 0, pass: 0, refused: 0, fixed: 0, passed: 0, completed: 0, disagree: 0, explained: 0, shapes: 0 };
for (const { name, suite, input, tally } of rows) {
  for (const k of Object.keys(total)) total[k] += tally[k] ?? 0;
  const agree = tally.refused + tally.fixed + tally.passed + tally.completed;
  console.log(
    `| ${cell(name)} | ${cell(suite.policy)} | ${suite.rules.length > 3 ? `${suite.rules.length} rules` : suite.rules.map((r) => `\`${r}\``).join(', ')} | ${suite.input?.podSecurity === undefined ? '—' : `${input.podSecurity.level}, ${input.podSecurity.version}`} | ${tally.fail} | ${tally.pass} | ${agree} (${tally.refused} / ${tally.fixed} / ${tally.passed} / ${tally.completed}) | ${tally.disagree} | ${tally.explained} |`,
  );
}
const agreeing = total.refused + total.fixed + total.passed + total.completed;
const all = total.fail + total.pass;
console.log(`| **total** | ${rows.length} suites | | | ${total.fail} | ${total.pass} | ${agreeing} (${total.refused} / ${total.fixed} / ${total.passed} / ${total.completed}) | ${total.disagree} | ${total.explained} |`);
console.log(`\n${agreeing} of ${all} resources agree (${((100 * agreeing) / Math.max(all, 1)).toFixed(1)}%), each in every shape it was judged in (${total.shapes} evaluations); ${total.explained} explained, ${total.disagree} unexplained.`);
for (const n of notes) console.log(n);
process.exit(failed ? 1 : 0);
