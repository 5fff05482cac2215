// Kyverno best practices conformance (see ../conformance.mjs for the interface): every resource of the test suites
// of Kyverno's best-practices/require-pod-requests-limits, best-practices/disallow-latest-tag and
// best-practices-cel/restrict-image-registries (their .kyverno-test/kyverno-test.yaml say which resources pass and
// which fail; for restrict-image-registries also its .chainsaw-test, whose bad files must be refused on apply), with
// only the matching rule on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { podOf } from './lib/pod.mjs';

export const name = 'Kyverno best practices';

const yamlDocs = (file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((d) => d !== null && typeof d === 'object');

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
  return [...expected].map(([key, expect]) => {
    const resource = docs.find((d) => `${d.kind}/${d.metadata?.name}` === key);
    if (resource === undefined) throw new Error(`${policy}: kyverno-test.yaml names ${key}, which its resources do not have`);
    return { name: key, resource, expect };
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
        cases.push({ name: `chainsaw ${file}: ${resource.kind}/${resource.metadata?.name}`, resource, expect: refused ? 'fail' : 'pass' });
      }
    }
  }
  return cases;
}

/**
 * What a pod lacks of what require-pod-requests-limits asks of each container and init container (requests.cpu,
 * requests.memory, limits.memory), read from the policy's pattern, not from the rule. A present but empty value is
 * no absence the rule may fill: undefined.
 */
function missingRequestsLimits(resource) {
  const spec = podOf(resource)?.spec ?? {};
  const lacking = [];
  for (const list of ['containers', 'initContainers']) {
    for (const c of spec[list] ?? []) {
      for (const [part, key] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory']]) {
        const value = c.resources?.[part]?.[key];
        if (value === undefined || value === null) lacking.push(`${list}/${c.name} ${part}.${key}`);
        else if (value === '') return undefined;
      }
    }
  }
  return lacking;
}

const REQUESTS_LIMITS = 'best-practices/require-pod-requests-limits';

export function suites(reference) {
  return [
    { policy: REQUESTS_LIMITS, rules: ['k8s-requests-limits'], input: {}, cases: kyvernoTest(reference, REQUESTS_LIMITS) },
    {
      // The same suite with defaults set: what only lacks a field is mutated into compliance, never refused.
      policy: `${REQUESTS_LIMITS}, with defaults`,
      rules: ['k8s-requests-limits'],
      input: { rules: { 'k8s-requests-limits': { defaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } } } } },
      cases: kyvernoTest(reference, REQUESTS_LIMITS),
      missing: missingRequestsLimits,
    },
    { policy: 'best-practices/disallow-latest-tag', rules: ['k8s-image-tag'], input: {}, cases: kyvernoTest(reference, 'best-practices/disallow-latest-tag') },
    {
      // The policy's own registries: `startsWith('eu.foo.io/') || startsWith('bar.io/')`.
      policy: 'best-practices-cel/restrict-image-registries',
      rules: ['k8s-image-registries'],
      input: { rules: { 'k8s-image-registries': { allowed: ['eu.foo.io/*', 'bar.io/*'] } } },
      cases: [...kyvernoTest(reference, 'best-practices-cel/restrict-image-registries'), ...chainsawTest(reference, 'best-practices-cel/restrict-image-registries')],
    },
  ];
}
