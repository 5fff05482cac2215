/**
 * Policy documents: what the worst documents the caps allow cost. For each
 * shape, in process: `parsePolicy` alone, and a whole request (`evaluate`
 * with the full catalog) whose one composed resource carries the document,
 * the first time (parsed) and again (the parse cache hit). Also the attacks
 * the caps refuse (32,000 nested `[`, a document over 64 KiB), which must
 * come back at once. Prints a markdown table; run with
 * `npm run build && node bench/policy.mjs`.
 *
 * Every call's answer is checked (the shape parses, or is refused with the
 * expected error), so a broken parser shows up as an error, not as a fast
 * number.
 */
import { evaluate } from '../dist/engine/engine.js';
import { GuardrailsSchema } from '../dist/input/schema.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { MAX_DEPTH, MAX_DOCUMENT_LENGTH, parsePolicy } from '../dist/rules/aws/policy.js';

const SAMPLES = 30;
const INPUT = GuardrailsSchema.parse({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' });

/** `unit(i)` joined by commas inside `open`..`close`, to just under `size` characters. */
function fill(size, open, close, unit) {
  const parts = [];
  let length = open.length + close.length;
  for (let i = 0; length + unit(i).length + 1 <= size; i++) {
    parts.push(unit(i));
    length += unit(i).length + 1;
  }
  return open + parts.join(',') + close;
}

/** Just under the length cap, leaving room for the padding that makes each first call's text new. */
const N = MAX_DOCUMENT_LENGTH - SAMPLES - 1;
const statements = (unit) => fill(N, '{"Version":"2012-10-17","Statement":[', ']}', unit);
const SHAPES = [
  { name: 'nested to the cap, side by side', kind: 'identity', text: fill(N, '[', ']', () => '['.repeat(MAX_DEPTH - 1) + ']'.repeat(MAX_DEPTH - 1)), want: 'invalid' },
  { name: '64 KiB of distinct keys', kind: 'identity', text: fill(N, '{', '}', (i) => `"k${i}":0`), want: 'invalid' },
  { name: '64 KiB of one key repeated', kind: 'identity', text: fill(N, '{', '}', () => '"a":0'), want: 'invalid' },
  { name: 'many PassRole statements (escalation findings)', kind: 'identity', text: statements((i) => `{"Sid":"s${i}","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}`), want: 'ok' },
  {
    name: 'many statements, Allow and Deny interleaved',
    kind: 'identity',
    text: statements((i) => (i % 2 ? `{"Effect":"Deny","Action":"iam:Put*","Resource":"*"}` : `{"Effect":"Allow","Action":["iam:*","s3:*"],"Resource":"arn:aws:iam::*:role/*"}`)),
    want: 'ok',
  },
  { name: 'many public queue statements', kind: 'resource', text: statements((i) => `{"Sid":"q${i}","Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}`), want: 'ok' },
  { name: 'refused: 32,000 nested [', kind: 'identity', text: '['.repeat(32_000) + ']'.repeat(32_000), want: 'limit' },
  { name: 'refused: over 64 KiB', kind: 'identity', text: ' '.repeat(MAX_DOCUMENT_LENGTH) + '{}', want: 'limit' },
];

/** The composed resource that carries a document of `kind`. */
function carrier(kind, text) {
  return kind === 'resource'
    ? { apiVersion: 'sqs.aws.upbound.io/v1beta1', kind: 'QueuePolicy', spec: { forProvider: { region: 'eu-west-1', policy: text } } }
    : { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Policy', spec: { forProvider: { policy: text } } };
}

function request(resource) {
  return { input: INPUT, composite: { apiVersion: 'x.example.org/v1', kind: 'X', metadata: { name: 'x' } }, observed: {}, desired: { doc: resource } };
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x) => x.toFixed(2);

const rows = [];
for (const shape of SHAPES) {
  const parsed = parsePolicy(shape.text, shape.kind);
  const got = parsed.ok ? 'ok' : parsed.error;
  if (got !== shape.want) throw new Error(`${shape.name}: expected ${shape.want}, got ${got}`);
  for (let i = 0; i < 3; i++) parsePolicy(shape.text, shape.kind); // warm-up
  const parse = mean(Array.from({ length: SAMPLES }, () => time(() => parsePolicy(shape.text, shape.kind))));

  // A fresh text per first call (one trailing space), so that each one misses the parse cache.
  const firsts = Array.from({ length: SAMPLES }, (_, i) => request(carrier(shape.kind, shape.text + ' '.repeat(shape.want === 'limit' ? 0 : i + 1))));
  let findings = 0;
  const first = mean(
    firsts.map((req) =>
      time(() => {
        const d = evaluate(req, CATALOG);
        if (d.errors.length > 0) throw new Error(`${shape.name}: ${d.errors[0].message}`);
        findings = d.findings.length;
      }),
    ),
  );
  const again = mean(firsts.map((req) => time(() => evaluate(req, CATALOG))));
  rows.push(`| ${shape.name} | ${shape.text.length.toLocaleString('en-US')} | ${got} | ${ms(parse)} | ${ms(first)} | ${ms(again)} | ${findings} |`);
}

console.log(`### Policy documents at the caps (${MAX_DOCUMENT_LENGTH.toLocaleString('en-US')} characters, ${MAX_DEPTH} levels): ms per call, mean of ${SAMPLES}\n`);
console.log('| shape | characters | parse result | parsePolicy | evaluate, first | evaluate, cached parse | findings |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
