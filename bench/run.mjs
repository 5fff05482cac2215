/**
 * RunFunction benchmark: `npm run bench [-- options]` (builds, then runs this
 * with --expose-gc). See bench/README.md for what it measures, the options
 * and the results.
 *
 * Over loopback gRPC, three server children (bench/server.mjs) by default:
 * `guardrails` (what dist/main.js serves), `sdk-noop` (the SDK's own no-op
 * function on the SDK's own server: the floor) and `noop` (the SDK's to(req)
 * on this project's server and codec); on request (--servers) also `floor`
 * (this project's server answering with the response guardrails gave the
 * request the first time: what any judging costs at least). After a global warm-up (JIT), for
 * each shape and size, each server gets warm-up calls (the first response
 * is checked: an error path is never measured) and then rounds of
 * sequential calls, the servers taking turns, round after round, in a
 * rotating order. A server's CPU per call is its user + system CPU over a
 * round, read over IPC, divided by the calls of the round; the best round
 * is reported. Then the memory run: fresh servers, RSS sampled while
 * several calls are in flight at once.
 *
 * Everything is bounded (fixed call counts, a time budget per round,
 * deadlines on every wait) and the children are always killed at the end.
 * A response that is not the expected verdict (a refusal, a deadline, a
 * gRPC error) is reported as FAILED in its table row, the run goes on, and
 * the exit code is 1.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { decode, encode, fromStruct, rawClient } from './client.mjs';
import { SHAPES, shapeRequest } from './fixtures.mjs';
import { fmt, kib, linearityTable, memoryTable, mib, shapeTable } from './report.mjs';
import { BenchError, IPC_DEADLINE_MS, killChildren, startServer } from './servers.mjs';

const SERVERS = ['guardrails', 'sdk-noop', 'noop', 'floor'];
/** `floor` is a diagnostic, run when asked for (--servers). */
const DEFAULT_SERVERS = ['guardrails', 'sdk-noop', 'noop'];
const SIZES = [5, 50, 500, 5000, 10000];

/**
 * Calls per server at each size: warm-up calls, then `rounds` rounds of up
 * to `calls` measured calls. A size not listed takes the plan of the next
 * larger one listed (or the largest).
 */
const PLANS = [
  { upTo: 5, warmup: 20, rounds: 3, calls: 100 },
  { upTo: 50, warmup: 20, rounds: 3, calls: 100 },
  { upTo: 500, warmup: 5, rounds: 3, calls: 20 },
  { upTo: 5000, warmup: 1, rounds: 2, calls: 4 },
  { upTo: Number.POSITIVE_INFINITY, warmup: 1, rounds: 2, calls: 2 },
];
const planFor = (n) => PLANS.find((p) => n <= p.upTo);
/** A round stops early once it has run this long (at least one call is made). */
const ROUND_BUDGET_MS = 10_000;
/** Global warm-up: calls per shape at this size, per server, before anything is measured. */
const GLOBAL_WARMUP = { n: 50, calls: 100 };
/** The memory run: this shape and size, this many calls in flight at once, this many times. */
const MEMORY = { shape: 'mixed', n: 5000, concurrency: 4, bursts: 3 };
/** A single call may take this long (the guardrails server's own deadline is 30 s). */
const CALL_DEADLINE_MS = 120_000;

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
const log = (line) => process.stderr.write(`${line}\n`);
const list = (value, all, what) => {
  if (value === undefined) return all;
  const picked = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = picked.filter((s) => !all.includes(s));
  if (unknown.length > 0 || picked.length === 0) throw new BenchError(`--${what}: unknown ${unknown.join(', ') || '(empty)'}; one or more of ${all.join(', ')}`);
  return picked;
};

function options() {
  const { values } = parseArgs({
    options: {
      shapes: { type: 'string' },
      sizes: { type: 'string' },
      servers: { type: 'string' },
      memory: { type: 'boolean', default: true },
      'memory-only': { type: 'boolean', default: false },
    },
    allowNegative: true,
  });
  const sizes = values.sizes === undefined ? SIZES : values.sizes.split(',').map((s) => Number(s.replaceAll('_', '')));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new BenchError(`--sizes: whole numbers of resources, got ${values.sizes}`);
  const servers = values.servers === undefined ? DEFAULT_SERVERS : list(values.servers, SERVERS, 'servers');
  return {
    shapes: values['memory-only'] ? [] : list(values.shapes, Object.keys(SHAPES), 'shapes'),
    sizes,
    servers,
    memory: values.memory || values['memory-only'],
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : (cpus()[0]?.model ?? 'unknown');
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

// ------------------------------------------------------------------ fixtures and checks

function fixture(shape, n) {
  const { request, counts } = shapeRequest(shape, n);
  return { shape, n, counts, bytes: encode(request), expected: n + SHAPES[shape].added(counts) };
}

/** Throws unless a response is the verdict the fixture must get from this server. */
function checkResponse(server, f, rspBytes) {
  const rsp = decode(rspBytes);
  const resources = rsp.desired?.resources ?? {};
  const got = Object.keys(resources).length;
  const fatal = (rsp.results ?? []).filter((r) => r.severity === 'SEVERITY_FATAL');
  if (fatal.length > 0) throw new BenchError(`Fatal result: ${fatal[0].message.slice(0, 300)}`);
  // The floor server answers with guardrails' own response: it is checked as guardrails is.
  if (server !== 'guardrails' && server !== 'floor') {
    if (got !== f.n) throw new BenchError(`expected ${f.n} desired resources back, got ${got}`);
    return;
  }
  const condition = (rsp.conditions ?? []).find((c) => c.type === 'GuardrailsCompliant');
  if (!['Remediated', 'Compliant'].includes(condition?.reason) || condition?.status !== 'STATUS_CONDITION_TRUE') {
    throw new BenchError(`expected GuardrailsCompliant True (Remediated or Compliant), got ${JSON.stringify(condition)?.slice(0, 300)}`);
  }
  if (got !== f.expected) throw new BenchError(`expected ${f.expected} desired resources (the request's and the companions added), got ${got}`);
  if (f.shape === 'mixed') {
    const fp = fromStruct(resources['db-0000']?.resource).spec?.forProvider ?? {};
    if (fp.storageEncrypted !== true || fp.publiclyAccessible !== false || fp.tags?.owner !== 'payments' || fp.tags?.['cost-center'] !== 'cc-1042') {
      throw new BenchError(`db-0000 was not remediated as expected: ${JSON.stringify(fp).slice(0, 300)}`);
    }
  }
}

const describeError = (err) => (err instanceof BenchError ? err.message : `${err?.code !== undefined ? `gRPC ${err.code}: ` : ''}${err?.details ?? err?.message ?? String(err)}`);

// ------------------------------------------------------------------ sequential rounds

/** Warm-up calls, the first one checked; resolves with the response size, or throws. */
async function warmUp(s, f, calls) {
  const first = await s.client.run(f.bytes, CALL_DEADLINE_MS);
  checkResponse(s.name, f, first);
  for (let i = 1; i < calls; i++) await s.client.run(f.bytes, CALL_DEADLINE_MS);
  return first.length;
}

/** One round of sequential calls on one server: its CPU per call, and every call's latency. */
async function round(s, f, calls) {
  gc();
  const before = await s.stats({ gc: true });
  const latencies = [];
  const started = process.hrtime.bigint();
  while (latencies.length < calls) {
    const t0 = process.hrtime.bigint();
    await s.client.run(f.bytes, CALL_DEADLINE_MS);
    const t1 = process.hrtime.bigint();
    latencies.push(Number(t1 - t0) / 1e6);
    if (Number(t1 - started) / 1e6 > ROUND_BUDGET_MS) break;
  }
  const after = await s.stats();
  const cpuUs = after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  return { cpuMs: cpuUs / 1000 / latencies.length, latencies, rss: after.mem.rss };
}

/** Every server on one shape and size: warm-up, then rounds with the servers taking turns. */
async function measure(servers, f) {
  const plan = planFor(f.n);
  const live = [];
  const results = new Map();
  for (const s of servers) {
    try {
      results.set(s.name, { shape: f.shape, n: f.n, server: s.name, requestBytes: f.bytes.length, responseBytes: await warmUp(s, f, plan.warmup), rounds: 0, calls: 0, cpuMs: Infinity, latencies: [] });
      live.push(s);
    } catch (err) {
      results.set(s.name, { shape: f.shape, n: f.n, server: s.name, failed: describeError(err) });
      log(`  ${f.shape} ${f.n} ${s.name}: FAILED ${describeError(err)}`);
    }
  }
  for (let r = 0; r < plan.rounds; r++) {
    // Rotate who goes first, so no server always runs right after another's garbage or JIT.
    for (const s of [...live.slice(r % live.length), ...live.slice(0, r % live.length)]) {
      const res = results.get(s.name);
      if (res.failed !== undefined) continue;
      try {
        const one = await round(s, f, plan.calls);
        res.rounds++;
        res.calls += one.latencies.length;
        res.cpuMs = Math.min(res.cpuMs, one.cpuMs);
        res.latencies.push(...one.latencies);
        res.rss = one.rss;
      } catch (err) {
        results.set(s.name, { shape: f.shape, n: f.n, server: s.name, failed: describeError(err) });
      }
    }
  }
  return servers.map((s) => {
    const res = results.get(s.name);
    if (res.failed !== undefined) return res;
    const sorted = res.latencies.sort((a, b) => a - b);
    const { latencies: _latencies, ...rest } = res;
    return { ...rest, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

async function connect(name) {
  const server = await startServer(name);
  const client = rawClient(server.address);
  await client.ready(IPC_DEADLINE_MS);
  const stop = async () => {
    client.close();
    await server.stop();
  };
  return { ...server, client, stop };
}

// ------------------------------------------------------------------ memory

/** A fresh server: warm-up, then bursts of concurrent calls with RSS sampled; peak, kernel peak and RSS after. */
async function memoryRun(name, f) {
  const s = await connect(name);
  try {
    await warmUp(s, f, 2);
    gc();
    const sampling = await s.sample(true);
    for (let b = 0; b < MEMORY.bursts; b++) {
      await Promise.all(Array.from({ length: MEMORY.concurrency }, () => s.client.run(f.bytes, CALL_DEADLINE_MS)));
    }
    const after = await s.stats();
    await s.sample(false);
    const afterGc = await s.stats({ gc: true });
    return { server: name, calls: MEMORY.bursts * MEMORY.concurrency, peakRss: after.peakRss, atPeak: after.atPeak, maxRss: after.maxRss, kernelPeakReset: sampling.kernelPeakReset, rss: after.mem.rss, rssAfterGc: afterGc.mem.rss };
  } catch (err) {
    return { server: name, failed: describeError(err) };
  } finally {
    await s.stop();
  }
}

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  const opts = options();
  console.log('# function-guardrails RunFunction benchmark\n');
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(`- node: ${process.version}`);
  console.log(`- CPU: ${cpuModel()}, ${cpus().length} cores`);
  console.log(`- gc exposed: ${typeof globalThis.gc === 'function'}`);
  console.log(`- load average at start (1, 5, 15 min): ${loadavg().map((l) => fmt(l)).join(', ')}`);
  if (process.env.BENCH_NODE_FLAGS) console.log(`- server Node.js flags (BENCH_NODE_FLAGS): ${process.env.BENCH_NODE_FLAGS}`);
  console.log(`- servers: ${opts.servers.join(', ')}; shapes: ${opts.shapes.join(', ') || '(none)'}; sizes: ${opts.sizes.join(', ')}`);
  for (const n of opts.sizes) {
    const p = planFor(n);
    console.log(`- ${n} resources: ${p.warmup} warm-up calls, then ${p.rounds} rounds of up to ${p.calls} calls per server (a round stops after ${ROUND_BUDGET_MS / 1000} s)`);
  }

  const results = [];
  if (opts.shapes.length > 0) {
    const servers = [];
    try {
      for (const name of opts.servers) servers.push(await connect(name));
      log(`global warm-up: ${GLOBAL_WARMUP.calls} calls per shape at ${GLOBAL_WARMUP.n} resources, per server`);
      for (const shape of opts.shapes) {
        const f = fixture(shape, GLOBAL_WARMUP.n);
        for (const s of servers) {
          try {
            await warmUp(s, f, GLOBAL_WARMUP.calls);
          } catch (err) {
            log(`  warm-up ${shape} ${s.name}: ${describeError(err)}`);
          }
        }
      }
      for (const shape of opts.shapes) {
        for (const n of opts.sizes) {
          const f = fixture(shape, n);
          log(`${shape} ${n}: ${SHAPES[shape].summary(f.counts)}; request ${kib(f.bytes.length)} KiB`);
          for (const r of await measure(servers, f)) {
            results.push(r);
            if (r.failed === undefined) log(`  ${r.server}: server CPU ${fmt(r.cpuMs)} ms/call, p50 ${fmt(r.p50)} ms (${r.calls} calls)`);
          }
        }
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      killChildren();
    }
    console.log('\n## Shapes\n');
    for (const shape of opts.shapes) console.log(`- \`${shape}\`: ${SHAPES[shape].describe}`);
    for (const shape of opts.shapes) {
      console.log(`\n## ${shape}: RunFunction over loopback gRPC (sequential calls)\n`);
      console.log(shapeTable(results, shape));
    }
    console.log('\n## Server CPU per resource (µs): linear cost means a flat row\n');
    console.log(linearityTable(results, opts.servers));
  }

  if (opts.memory) {
    const f = fixture(MEMORY.shape, MEMORY.n);
    log(`memory: ${MEMORY.shape} at ${MEMORY.n} resources, ${MEMORY.bursts} bursts of ${MEMORY.concurrency} concurrent calls, fresh servers one at a time`);
    const memory = [];
    for (const name of opts.servers) {
      const r = await memoryRun(name, f);
      memory.push(r);
      log(`  ${name}: ${r.failed ?? `peak RSS ${mib(r.peakRss)} MiB sampled, ${mib(r.maxRss)} MiB kernel`}`);
    }
    console.log(`\n## Memory: ${MEMORY.shape}, ${MEMORY.n.toLocaleString('en-US')} resources, ${MEMORY.concurrency} concurrent calls × ${MEMORY.bursts} (fresh servers, one at a time; request ${kib(f.bytes.length)} KiB)\n`);
    console.log(memoryTable(memory));
    results.push(...memory.filter((r) => r.failed !== undefined));
  }

  const failed = results.filter((r) => r.failed !== undefined);
  console.log(`\nload average at the end (1, 5, 15 min): ${loadavg().map((l) => fmt(l)).join(', ')}`);
  console.log(`total time: ${fmt((Date.now() - started) / 1000, 1)} s${failed.length > 0 ? `; ${failed.length} FAILED (see the tables)` : ''}`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof BenchError ? err.message : (err?.stack ?? String(err))}`);
  killChildren();
  process.exitCode = 1;
});
