/**
 * Custom rules: what 50 CEL rules in the Input cost per request, and what
 * the compile cache saves. For each fixture size it measures, in process:
 *   - the handler without custom rules (the baseline);
 *   - the first call with a 50-rule Input the process has not seen (parse,
 *     compile 50 expressions, evaluate): every sample uses a distinct Input,
 *     so every sample misses the cache;
 *   - later calls with an Input already seen (cache hit: evaluate only);
 *   - parseInput alone, which is what the cache saves.
 * Every call's verdict is checked: the rules are written to pass on the
 * fixtures, so a broken rule shows up as an error, not as a fast number.
 */
import { runFunction } from '../dist/function/handler.js';
import { parseInput } from '../dist/load/parse.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { decodeRunFunctionRequest } from '../dist/server/codec.js';
import { encode } from './client.mjs';
import { customRules } from './custom-rules-input.mjs';
import { INPUT, jsonRequest } from './fixtures.mjs';

const SIZES = [10, 50, 500];
const FIRST_CALL_SAMPLES = 30;
const LATER_CALL_SAMPLES = 100;

function requestFor(n, input) {
  const { request } = jsonRequest(n);
  return decodeRunFunctionRequest(encode({ ...request, input }));
}

function check(rsp, what) {
  const reason = rsp.conditions[0]?.reason;
  if (reason !== 'Remediated') throw new Error(`${what}: expected Remediated, got ${reason}: ${rsp.conditions[0]?.message}`);
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: sorted[Math.floor(sorted.length / 2)] };
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const ms = (x) => x.toFixed(2);
const rows = [];
for (const n of SIZES) {
  const baseline = requestFor(n, INPUT);
  const withRules = (salt) => requestFor(n, { ...INPUT, custom: customRules(50, salt) });
  const later = withRules('');
  // Warm up the process (JIT) on other Inputs than the ones measured.
  for (let i = 0; i < 20; i++) {
    check(runFunction(baseline), 'warm-up');
    check(runFunction(withRules(`warm-${n}-${i}`)), 'warm-up');
  }
  check(runFunction(later), 'later');

  const firstReqs = Array.from({ length: FIRST_CALL_SAMPLES }, (_, i) => withRules(`first-${n}-${i}`));
  const base = stats(Array.from({ length: LATER_CALL_SAMPLES }, () => time(() => check(runFunction(baseline), 'baseline'))));
  const first = stats(firstReqs.map((req) => time(() => check(runFunction(req), 'first'))));
  const hit = stats(Array.from({ length: LATER_CALL_SAMPLES }, () => time(() => check(runFunction(later), 'later'))));
  const compile = stats(
    firstReqs.map((req) =>
      time(() => {
        if (!parseInput(req.input, CATALOG).ok) throw new Error('input does not parse');
      }),
    ),
  );
  rows.push(`| ${n} | ${ms(base.mean)} | ${ms(first.mean)} | ${ms(first.p50)} | ${ms(hit.mean)} | ${ms(hit.p50)} | ${ms(hit.mean - base.mean)} | ${ms(compile.mean)} |`);
}

console.log('### Custom rules: 50 CEL rules, first call (cache miss) against later calls (cache hit), in process, ms per call\n');
console.log('| resources | no custom rules | first call mean | first call p50 | later calls mean | later calls p50 | 50 rules add (later − none) | parse + compile alone |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

/**
 * Runaway expressions: how long a request takes to come back Fatal when
 * custom rules run past their budget. Nested comprehensions over a list of
 * 1,000 tags would take 10^6 to 10^9 steps unbounded.
 */
const RUNAWAY = [
  { label: 'all(all) over 1,000 tags', expression: 'object.spec.forProvider.tags.all(a, object.spec.forProvider.tags.all(b, a != b || true))' },
  { label: 'exists(exists(exists)) over 1,000 tags', expression: 'object.spec.forProvider.tags.exists(a, object.spec.forProvider.tags.exists(b, object.spec.forProvider.tags.exists(c, a + b + c == "")))' },
  { label: 'map(map) over 1,000 tags', expression: 'object.spec.forProvider.tags.map(a, object.spec.forProvider.tags.map(b, b)).size() == 0' },
];
const manyTags = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v']));
const runawayRows = [];
for (const { label, expression } of RUNAWAY) {
  for (const [rules, n] of [
    [1, 10],
    [50, 500],
  ]) {
    const { request } = jsonRequest(n);
    for (const r of Object.values(request.desired.resources)) {
      if (r.resource.kind === 'Bucket') r.resource.spec.forProvider.tags = manyTags;
    }
    const input = { ...INPUT, custom: Array.from({ length: rules }, (_, i) => ({ id: `runaway-${i}`, match: { kind: 'Bucket' }, expression, message: 'm' })) };
    const req = decodeRunFunctionRequest(encode({ ...request, input }));
    runFunction(req); // compile outside the measurement: the cache serves the rest
    const samples = Array.from({ length: 10 }, () =>
      time(() => {
        const rsp = runFunction(req);
        if (rsp.conditions[0]?.reason !== 'EvaluationFailed') throw new Error(`runaway: expected EvaluationFailed, got ${rsp.conditions[0]?.reason}`);
      }),
    );
    const s = stats(samples);
    runawayRows.push(`| ${label} | ${rules} | ${n} | ${ms(s.mean)} | ${ms(Math.max(...samples))} |`);
  }
}
console.log('\n### Runaway custom rules: time to a Fatal result, in process, ms per call\n');
console.log('| expression | runaway rules | resources | mean | max |');
console.log('|---|---|---|---|---|');
for (const r of runawayRows) console.log(r);
