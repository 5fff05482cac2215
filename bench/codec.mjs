/**
 * Codec benchmark: `npm run bench:codec` (builds, then runs this). Time per
 * message to decode a RunFunctionRequest and to encode a
 * RunFunctionResponse, our wire codec (dist/server/wire/) against the SDK's
 * generated (ts-proto) code, at 50, 500 and 5,000 composed resources.
 *
 * Requests are the fixtures of bench/run.mjs (bench/fixtures.mjs), serialized
 * once by protobufjs as the e2e client does. Responses are what the handler
 * builds for them: the no-op `to(req)` (desired state passed through) and the
 * guardrails `runFunction(req)` (injections, companions). Before timing, the
 * two codecs must agree: the same decoded request (as JSON) and the same
 * response bytes; the script exits non-zero otherwise.
 *
 * Timing: a warm-up, then rounds alternating the two codecs (so drift on a
 * shared machine hits both), each round running one operation for about
 * ROUND_MS of CPU. The table shows, per codec, the lowest of the rounds' mean
 * CPU µs (user + system, process.cpuUsage()) per message: on a machine shared
 * with other work, the round least disturbed by it. Garbage collection runs
 * when V8 decides, so each codec's rounds pay for collecting their own
 * garbage. No collection is forced (bench/run.mjs forces one before each
 * step): the first calls after a forced full collection ran several times
 * slower than warm ones, for both codecs, and dominated short rounds.
 */
import { Buffer } from 'node:buffer';
import { RunFunctionRequest, RunFunctionResponse, to } from '@crossplane-org/function-sdk-typescript';
import { runFunction } from '../dist/function/handler.js';
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from '../dist/server/codec.js';
import { encode } from './client.mjs';
import { jsonRequest } from './fixtures.mjs';

const SIZES = [50, 500, 5000];
const ROUNDS = 15;
const ROUND_MS = 100;
const WARMUP_MS = 500;

/** CPU time of this process so far, in µs. */
function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Mean CPU µs per call of `fn` over about `ms` milliseconds of CPU (at least 3 calls). */
function meanMicros(fn, ms) {
  const t0 = cpuMicros();
  let calls = 0;
  do {
    fn();
    calls++;
  } while (calls < 3 || cpuMicros() - t0 < ms * 1000);
  return (cpuMicros() - t0) / calls;
}

/** Lowest mean CPU µs per call for each of two implementations, run in alternating rounds after a warm-up. */
function compare(ours, generated) {
  meanMicros(ours, WARMUP_MS);
  meanMicros(generated, WARMUP_MS);
  const best = { ours: Infinity, generated: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    best.ours = Math.min(best.ours, meanMicros(ours, ROUND_MS));
    best.generated = Math.min(best.generated, meanMicros(generated, ROUND_MS));
  }
  return best;
}

function check(condition, message) {
  if (!condition) throw new Error(`codec bench: ${message}`);
}

const kib = (bytes) => (bytes.length / 1024).toFixed(1);
const us = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (r) => `${(r.generated / r.ours).toFixed(2)}×`;

function main() {
  console.log(`# RunFunction codec: ours (dist/server/wire) vs the SDK's generated code\n`);
  console.log(`- node ${process.version}; CPU µs per message, the lowest of ${ROUNDS} rounds of ~${ROUND_MS} ms each`);
  console.log(`- speed-up = generated µs / ours µs\n`);
  const rows = [];
  for (const n of SIZES) {
    process.stderr.write(`${n} resources…\n`);
    const bytes = encode(jsonRequest(n).request);
    const req = decodeRunFunctionRequest(bytes);
    check(JSON.stringify(req) === JSON.stringify(RunFunctionRequest.decode(bytes)), `decoded requests differ at ${n}`);
    const noop = to(req);
    const guardrails = runFunction(req);
    check(guardrails.conditions[0]?.reason === 'Remediated', `expected Remediated at ${n}, got ${guardrails.conditions[0]?.reason}`);
    const responses = { noop, guardrails };
    const sizes = {};
    for (const [name, rsp] of Object.entries(responses)) {
      const mine = encodeRunFunctionResponse(rsp);
      check(Buffer.from(mine).equals(RunFunctionResponse.encode(rsp).finish()), `${name} response bytes differ at ${n}`);
      sizes[name] = mine;
    }

    const decode = compare(() => decodeRunFunctionRequest(bytes), () => RunFunctionRequest.decode(bytes));
    const encodeNoop = compare(() => encodeRunFunctionResponse(noop), () => RunFunctionResponse.encode(noop).finish());
    const encodeGuard = compare(() => encodeRunFunctionResponse(guardrails), () => RunFunctionResponse.encode(guardrails).finish());
    rows.push([
      String(n),
      kib(bytes),
      us(decode.generated), us(decode.ours), ratio(decode),
      kib(sizes.noop), us(encodeNoop.generated), us(encodeNoop.ours), ratio(encodeNoop),
      kib(sizes.guardrails), us(encodeGuard.generated), us(encodeGuard.ours), ratio(encodeGuard),
    ]);
  }
  const head = [
    'resources',
    'request KiB', 'decode generated µs', 'decode ours µs', 'decode speed-up',
    'noop response KiB', 'encode generated µs', 'encode ours µs', 'encode speed-up',
    'guardrails response KiB', 'encode generated µs', 'encode ours µs', 'encode speed-up',
  ];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
