/**
 * In-process breakdown: `npm run bench:inprocess [-- --shapes mixed --sizes 50,500]`
 * (builds, then runs this with --expose-gc). On the fixtures of `npm run
 * bench` (bench/fixtures.mjs shapeRequest, BENCH_INPUT), in this process,
 * mean CPU time per call of: decoding the request (the server's codec),
 * `evaluate` alone (engine, parsed Input), `runFunction` (parse Input +
 * engine + render), and encoding each response (the no-op's to(req) and
 * guardrails'). Shows where the guardrails server's time goes; the gRPC
 * numbers are `npm run bench`'s. Each step's warm-up and measurement are
 * bounded in calls and time.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { to } from '@crossplane-org/function-sdk-typescript';
import { evaluate } from '../dist/engine/engine.js';
import { runFunction } from '../dist/function/handler.js';
import { parseInput } from '../dist/load/parse.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from '../dist/server/codec.js';
import { encode } from './client.mjs';
import { SHAPES, shapeRequest } from './fixtures.mjs';
import { fmt, table } from './report.mjs';

const { values } = parseArgs({ options: { shapes: { type: 'string' }, sizes: { type: 'string' } } });
const shapes = values.shapes?.split(',') ?? Object.keys(SHAPES);
const sizes = (values.sizes ?? '50,500,5000').split(',').map(Number);
for (const s of shapes) if (SHAPES[s] === undefined) throw new Error(`--shapes: unknown ${s}; one or more of ${Object.keys(SHAPES).join(', ')}`);

/** Iterations per step; a step's warm-up also stops after WARMUP_MS, its measurement after BUDGET_MS (at least 3 calls). */
const iterationsFor = (n) => (n <= 50 ? 500 : n <= 500 ? 100 : 20);
const WARMUP_MS = 1000;
const BUDGET_MS = 3000;
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Mean CPU µs per call (user + system of this process: wall time on a shared machine counts other processes' turns). */
function meanMicros(fn, iterations) {
  const warmupEnd = performance.now() + WARMUP_MS;
  for (let i = 0; i < Math.min(100, iterations) && performance.now() < warmupEnd; i++) fn();
  gc();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let done = 0;
  while (done < iterations && (done < 3 || performance.now() - t0 < BUDGET_MS)) {
    fn();
    done++;
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / done;
}

function setup(shape, n) {
  const bytes = encode(shapeRequest(shape, n).request);
  const req = decodeRunFunctionRequest(bytes);
  const parsed = parseInput(req.input, CATALOG);
  if (!parsed.ok) throw new Error(`${shape} ${n}: input does not parse: ${parsed.problems.join('; ')}`);
  const resources = (state) => Object.fromEntries(Object.entries(state?.resources ?? {}).map(([name, r]) => [name, r.resource ?? {}]));
  const engineRequest = { input: parsed.input, composite: req.observed?.composite?.resource ?? {}, observed: resources(req.observed), desired: resources(req.desired) };
  const guardRsp = runFunction(req);
  const reason = guardRsp.conditions[0]?.reason;
  if (reason !== 'Remediated' && reason !== 'Compliant') throw new Error(`${shape} ${n}: expected Remediated or Compliant, got ${reason}`);
  return { bytes, req, engineRequest, noopRsp: to(req), guardRsp };
}

const rows = [];
for (const shape of shapes) {
  for (const n of sizes) {
    const { bytes, req, engineRequest, noopRsp, guardRsp } = setup(shape, n);
    const it = iterationsFor(n);
    const r = {
      decode: meanMicros(() => decodeRunFunctionRequest(bytes), it),
      engine: meanMicros(() => evaluate(engineRequest, CATALOG), it),
      handler: meanMicros(() => runFunction(req), it),
      encodeNoop: meanMicros(() => encodeRunFunctionResponse(noopRsp), it),
      encodeGuard: meanMicros(() => encodeRunFunctionResponse(guardRsp), it),
    };
    process.stderr.write(`${shape} ${n}: runFunction ${fmt(r.handler / 1000)} ms\n`);
    const us = (x) => fmt(x, 0);
    rows.push([shape, String(n), us(r.decode), us(r.engine), us(r.handler), us(r.encodeNoop), us(r.encodeGuard), us(r.decode + r.encodeNoop), us(r.decode + r.handler + r.encodeGuard)]);
  }
}
console.log(`node ${process.version}\n`);
console.log(
  table(
    ['shape', 'resources', 'decode request µs', 'engine only (evaluate) µs', 'runFunction µs', 'encode noop response µs', 'encode guardrails response µs', 'noop total µs', 'guardrails total µs'],
    rows,
  ),
);
