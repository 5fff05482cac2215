#!/usr/bin/env node
// Conformance with Kyverno's best practices, a dev check, not part of `npm test` (it reads the reference data,
// which a clone may not have): every resource of the test suites of Kyverno's
// best-practices/require-pod-requests-limits, best-practices/disallow-latest-tag and
// best-practices-cel/restrict-image-registries (their .kyverno-test/kyverno-test.yaml say which resources pass and
// which fail; for restrict-image-registries also its .chainsaw-test, whose bad files must be refused on apply) is run
// through the engine as a composed resource, and again carried by a provider-kubernetes Object of each group, with
// only the matching rule on.
//
// Agreement: a `fail` is refused (or held), or, where only an absent field is at fault, mutated into compliance (its
// output, judged again, is neither refused nor changed); a `pass` is not refused, and nothing explicit in it is
// changed. A resource agrees only if it agrees in every wrapping.
//
// Usage: npm run build && node scripts/conformance/best-practices.mjs [--reference DIR] [--verbose]
// As a module (scripts/conformance.mjs): `{ name, suites }`, each suite `{ policy, rules, input, cases(reference) }`.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { evaluate } from '../../dist/engine/engine.js';
import { getPath, parseFieldPath } from '../../dist/engine/fieldpath.js';
import { parseInput } from '../../dist/input/parse.js';
import { CATALOG } from '../../dist/rules/catalog.js';

export const name = 'Kyverno best practices';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The reference folder when none is given: $GUARDRAILS_REFERENCE, else ../shared/reference beside the repository. */
const defaultReference = () => resolve(process.env.GUARDRAILS_REFERENCE ?? join(ROOT, '..', 'shared', 'reference'));

const yamlDocs = (file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((d) => d !== null && typeof d === 'object');

/**
 * The resources of a policy's .kyverno-test, each with Kyverno's verdict. Kyverno lists results per rule of the
 * policy; one built-in rule here covers all of a policy's rules, so a resource fails where any of them fails it.
 */
function kyvernoTest(reference, policy) {
  const dir = join(reference, 'kyverno-policies', policy, '.kyverno-test');
  const test = parse(readFileSync(join(dir, 'kyverno-test.yaml'), 'utf8'));
  const docs = test.resources.flatMap((file) => yamlDocs(join(dir, file)));
  const expected = new Map();
  for (const result of test.results) {
    for (const resource of result.resources) {
      const key = `${result.kind}/${resource}`;
      if (expected.get(key) !== 'fail') expected.set(key, result.result);
    }
  }
  return [...expected].map(([key, want]) => {
    const resource = docs.find((d) => `${d.kind}/${d.metadata?.name}` === key);
    if (resource === undefined) throw new Error(`${policy}: kyverno-test.yaml names ${key}, which its resources do not have`);
    return { name: key, resource, expected: want };
  });
}

/** The Pods and workloads of a policy's .chainsaw-test files: those applied expecting an error fail, the rest pass. */
function chainsawTest(reference, policy) {
  const dir = join(reference, 'kyverno-policies', policy, '.chainsaw-test');
  const test = parse(readFileSync(join(dir, 'chainsaw-test.yaml'), 'utf8'));
  const cases = [];
  for (const step of test.spec.steps) {
    for (const op of step.try) {
      const file = op.apply?.file;
      if (file === undefined || file.startsWith('../')) continue; // the policy itself
      const refused = (op.apply.expect ?? []).some((e) => e.check?.['($error != null)'] === true);
      for (const resource of yamlDocs(join(dir, file))) {
        if (resource.kind === 'Namespace') continue; // a namespace the pods go in: nothing the policy judges
        cases.push({ name: `chainsaw ${file}: ${resource.kind}/${resource.metadata?.name}`, resource, expected: refused ? 'fail' : 'pass' });
      }
    }
  }
  return cases;
}

export const suites = [
  {
    policy: 'best-practices/require-pod-requests-limits',
    rules: ['k8s-requests-limits'],
    input: {},
    cases: (reference = defaultReference()) => kyvernoTest(reference, 'best-practices/require-pod-requests-limits'),
  },
  {
    // The same suite with defaults set: what only lacks a field is mutated into compliance, never refused.
    policy: 'best-practices/require-pod-requests-limits, with defaults',
    rules: ['k8s-requests-limits'],
    input: { rules: { 'k8s-requests-limits': { defaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } } } } },
    cases: (reference = defaultReference()) => kyvernoTest(reference, 'best-practices/require-pod-requests-limits'),
  },
  {
    policy: 'best-practices/disallow-latest-tag',
    rules: ['k8s-image-tag'],
    input: {},
    cases: (reference = defaultReference()) => kyvernoTest(reference, 'best-practices/disallow-latest-tag'),
  },
  {
    // The policy's own registries: `startsWith('eu.foo.io/') || startsWith('bar.io/')`.
    policy: 'best-practices-cel/restrict-image-registries',
    rules: ['k8s-image-registries'],
    input: { rules: { 'k8s-image-registries': { allowed: ['eu.foo.io/*', 'bar.io/*'] } } },
    cases: (reference = defaultReference()) => [
      ...kyvernoTest(reference, 'best-practices-cel/restrict-image-registries'),
      ...chainsawTest(reference, 'best-practices-cel/restrict-image-registries'),
    ],
  },
];

const COMPOSITE = { apiVersion: 'conformance.example.org/v1alpha1', kind: 'XApp', metadata: { name: 'conformance' }, spec: {} };
const NAME = 'subject';

/** Each way the resource is composed: directly, and carried by a provider-kubernetes Object of each group. */
const WRAPPINGS = [
  { label: 'composed', wrap: (r) => r },
  { label: 'in a kubernetes.crossplane.io Object', wrap: (r) => ({ apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', spec: { forProvider: { manifest: r }, providerConfigRef: { name: 'in-cluster' } } }) },
  {
    label: 'in a kubernetes.m.crossplane.io Object',
    wrap: (r) => ({ apiVersion: 'kubernetes.m.crossplane.io/v1alpha1', kind: 'Object', spec: { forProvider: { manifest: r }, providerConfigRef: { kind: 'ProviderConfig', name: 'in-cluster' } } }),
  },
];

/** The Input of a suite, validated as the function validates it. */
function inputOf(suite) {
  const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', ...suite.input }, CATALOG);
  if (!parsed.ok) throw new Error(`${suite.policy}: the Input does not validate: ${parsed.problems.join('; ')}`);
  return parsed.input;
}

const refusals = (d) => d.findings.filter((f) => f.action === 'Deny' || f.action === 'RequireApproval');
const said = (fs) => fs.map((f) => `${f.rule} ${f.path}: ${f.message}`).join('; ');

/** How the engine treats one resource, and whether that agrees with the expected verdict; `why` when it does not. */
function judge(expected, resource, input, rules) {
  const run = (desired) => evaluate({ input, composite: COMPOSITE, observed: {}, desired: { [NAME]: desired } }, rules);
  const d = run(resource);
  if (d.errors.length > 0) return { agree: false, why: `engine error: ${d.errors.map((e) => e.message).join('; ')}` };
  const refused = refusals(d);
  // Injection only adds: a mutation at a path that had a value would change an explicit value.
  const changed = d.mutations.filter((m) => {
    const path = parseFieldPath(m.path);
    const before = path.ok ? getPath(resource, path.segments) : undefined;
    return before !== undefined && before !== null;
  });
  if (changed.length > 0) return { agree: false, why: `changed explicit values: ${changed.map((m) => m.path).join(', ')}` };
  if (expected === 'pass') return refused.length === 0 ? { agree: true, how: d.mutations.length > 0 ? 'passed, with injection' : 'passed' } : { agree: false, why: `refused: ${said(refused)}` };
  // Refused for the policy's reason: by the rule that stands for it, not by the engine for something else.
  const own = refused.filter((f) => rules.some((r) => r.id === f.rule));
  if (own.length > 0) return { agree: true, how: `refused: ${said(own)}` };
  if (refused.length > 0) return { agree: false, why: `refused, but not by ${rules.map((r) => r.id).join(', ')}: ${said(refused)}` };
  if (d.mutations.length === 0) return { agree: false, why: 'passed untouched' };
  const again = run(d.desired[NAME]);
  const still = refusals(again);
  if (still.length > 0 || again.mutations.length > 0) return { agree: false, why: `mutated, but not into compliance: ${said(still)}` };
  return { agree: true, how: 'mutated into compliance' };
}

/** Every suite run: per policy, the resources that agree and those that do not, with why. */
export function runSuites(reference = defaultReference()) {
  return suites.map((suite) => {
    const input = inputOf(suite);
    const rules = CATALOG.filter((r) => suite.rules.includes(r.id));
    if (rules.length !== suite.rules.length) throw new Error(`${suite.policy}: unknown rule among ${suite.rules.join(', ')}`);
    const results = suite.cases(reference).map((c) => {
      const verdicts = WRAPPINGS.map((w) => ({ wrapping: w.label, ...judge(c.expected, w.wrap(JSON.parse(JSON.stringify(c.resource))), input, rules) }));
      return { name: c.name, expected: c.expected, agree: verdicts.every((v) => v.agree), verdicts };
    });
    return { policy: suite.policy, rules: suite.rules, results };
  });
}

/** The per-policy table, and every disagreement with its reason; with `verbose`, every resource and how it was treated. */
export function render(rows, verbose = false) {
  const width = Math.max(...rows.map((r) => r.policy.length), 'policy'.length);
  const line = (policy, rules, cases, agree, disagree) => `${policy.padEnd(width)}  ${rules.padEnd(22)}  ${cases.padStart(5)}  ${agree.padStart(5)}  ${disagree.padStart(8)}`;
  const out = [line('policy', 'rule', 'cases', 'agree', 'disagree')];
  for (const r of rows) {
    const agree = r.results.filter((x) => x.agree).length;
    out.push(line(r.policy, r.rules.join(','), String(r.results.length), String(agree), String(r.results.length - agree)));
  }
  const total = rows.flatMap((r) => r.results);
  const agreed = total.filter((x) => x.agree).length;
  out.push('', `${agreed}/${total.length} agree (${((100 * agreed) / Math.max(total.length, 1)).toFixed(1)}%), each composed and carried by both kinds of Object`);
  if (verbose) {
    for (const r of rows) for (const x of r.results) out.push(`${x.agree ? 'agree' : 'DISAGREE'} ${r.policy}: ${x.name} (Kyverno: ${x.expected}): ${x.verdicts.map((v) => v.how ?? v.why).join(' | ')}`);
  }
  for (const r of rows) {
    for (const x of r.results.filter((y) => !y.agree)) {
      for (const v of x.verdicts.filter((y) => !y.agree)) out.push(`DISAGREE ${r.policy}: ${x.name} (Kyverno: ${x.expected}) ${v.wrapping}: ${v.why}`);
    }
  }
  return out.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === '--reference' || a.startsWith('--reference='));
  const reference = at < 0 ? defaultReference() : resolve(argv[at].includes('=') ? argv[at].slice('--reference='.length) : (argv[at + 1] ?? ''));
  if (!existsSync(join(reference, 'kyverno-policies'))) {
    console.error(`no ${join(reference, 'kyverno-policies')}: pass the reference data folder with --reference DIR or set GUARDRAILS_REFERENCE`);
    process.exit(2);
  }
  const rows = runSuites(reference);
  console.log(render(rows, argv.includes('--verbose')));
  process.exit(rows.every((r) => r.results.every((x) => x.agree)) ? 0 : 1);
}
