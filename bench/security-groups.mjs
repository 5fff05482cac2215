/**
 * Security group benchmark: `npm run bench:sg` (builds, then runs this).
 *
 * How evaluate() scales with the number of security group rules, in
 * process, running only the two security group rules (the rest of the
 * catalog does not look at these kinds). Five shapes per size N:
 *
 * - `rule per group`: N/2 SecurityGroups and N/2 SecurityGroupIngressRules,
 *   each rule selecting its own group by label (matchControllerRef and
 *   matchLabels), every rule compliant;
 * - `rule per group, every rule held`: the same, each rule from 0.0.0.0/0
 *   to 443, so that every finding names its group: the shape whose
 *   rule-to-group matching was quadratic (a scan of every group per rule);
 * - `every rule selects every group, held`: the same, each rule selecting by
 *   matchControllerRef alone, so that it may mean any of the N/2 groups;
 * - `one group`: one SecurityGroup and N rules on it, all to port 443 from
 *   distinct /32s, so the whole group is one union;
 * - `one group, N ports`: the same, each rule on its own port, so the
 *   union is judged per port range (past the work budget the group is held).
 *
 * Every request is checked (no errors; the expected number of findings)
 * before it is timed. DIST=path/to/dist runs the same against another
 * build, e.g. an older commit's, to compare. Prints a markdown table.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = process.env.DIST !== undefined ? pathToFileURL(`${resolve(process.env.DIST)}/`) : new URL('../dist/', import.meta.url);
const { evaluate } = await import(new URL('engine/engine.js', dist).href);
const { SECURITY_GROUP_RULES } = await import(new URL('rules/aws/security-group.js', dist).href);
const { GuardrailsSchema } = await import(new URL('input/schema.js', dist).href);

const SIZES = (process.env.SIZES ?? '750,1500,3000,6000').split(',').map(Number);
const BUDGET_MS = 30_000;
const input = GuardrailsSchema.parse({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' });
const api = 'ec2.aws.upbound.io/v1beta1';
const pad = (i) => String(i).padStart(5, '0');
const address = (i) => `8.8.${(i >> 8) & 255}.${i & 255}/32`;

const group = (name, labels = {}) => ({ apiVersion: api, kind: 'SecurityGroup', metadata: { labels }, spec: { forProvider: { region: 'eu-west-1', description: name, vpcIdSelector: { matchControllerRef: true } } } });
const rule = (i, fromPort, selector, cidr = address(i)) => ({
  apiVersion: api,
  kind: 'SecurityGroupIngressRule',
  spec: { forProvider: { region: 'eu-west-1', ipProtocol: 'tcp', fromPort, toPort: fromPort, cidrIpv4: cidr, securityGroupIdSelector: { matchControllerRef: true, ...selector } } },
});

const SHAPES = [
  {
    name: 'rule per group',
    build(n) {
      const desired = {};
      for (let i = 0; i < n / 2; i++) {
        desired[`sg-${pad(i)}`] = group(`sg-${pad(i)}`, { 'example.org/group': pad(i) });
        desired[`rule-${pad(i)}`] = rule(i, 443, { matchLabels: { 'example.org/group': pad(i) } });
      }
      return { desired, rules: n / 2, findings: 0 };
    },
  },
  {
    name: 'rule per group, every rule held',
    build(n) {
      const desired = {};
      for (let i = 0; i < n / 2; i++) {
        desired[`sg-${pad(i)}`] = group(`sg-${pad(i)}`, { 'example.org/group': pad(i) });
        desired[`rule-${pad(i)}`] = rule(i, 443, { matchLabels: { 'example.org/group': pad(i) } }, '0.0.0.0/0');
      }
      return { desired, rules: n / 2, findings: n / 2 };
    },
  },
  {
    name: 'every rule selects every group, held',
    build(n) {
      const desired = {};
      for (let i = 0; i < n / 2; i++) {
        desired[`sg-${pad(i)}`] = group(`sg-${pad(i)}`);
        desired[`rule-${pad(i)}`] = rule(i, 443, {}, '0.0.0.0/0');
      }
      return { desired, rules: n / 2, findings: n / 2 };
    },
  },
  {
    name: 'one group',
    build(n) {
      const desired = { web: group('web') };
      for (let i = 0; i < n; i++) desired[`rule-${pad(i)}`] = rule(i, 443, {});
      return { desired, rules: n, findings: 0 };
    },
  },
  {
    name: 'one group, N ports',
    build(n) {
      const desired = { web: group('web') };
      for (let i = 0; i < n; i++) desired[`rule-${pad(i)}`] = rule(i, 1024 + i, {});
      // Past about 1,400 distinct port ranges the union work exceeds the budget and every rule is held instead.
      return { desired, rules: n, findings: undefined };
    },
  },
];

function time(req) {
  const start = performance.now();
  const decision = evaluate(req, SECURITY_GROUP_RULES);
  return { ms: performance.now() - start, decision };
}

const rows = [];
for (const shape of SHAPES) {
  for (const n of SIZES) {
    const { desired, rules, findings } = shape.build(n);
    const req = { input, composite: {}, observed: {}, desired };
    const first = time(req);
    if (first.decision.errors.length > 0) throw new Error(`${shape.name} ${n}: ${JSON.stringify(first.decision.errors[0])}`);
    if (findings !== undefined && first.decision.findings.length !== findings) throw new Error(`${shape.name} ${n}: ${first.decision.findings.length} findings, expected ${findings}`);
    const samples = [first.ms];
    while (samples.length < 5 && samples.reduce((a, b) => a + b, 0) < BUDGET_MS) samples.push(time(req).ms);
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    rows.push({ shape: shape.name, n, resources: Object.keys(desired).length, rules, findings: first.decision.findings.length, runs: samples.length, median });
    process.stderr.write(`${shape.name} ${n}: ${median.toFixed(1)} ms\n`);
  }
}

console.log(`node ${process.version}; dist ${dist.pathname}\n`);
console.log('| shape | N | resources | rules | findings | runs | evaluate ms (median) | µs per rule |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.shape} | ${r.n} | ${r.resources} | ${r.rules} | ${r.findings} | ${r.runs} | ${r.median.toFixed(1)} | ${((r.median * 1000) / r.rules).toFixed(1)} |`);
