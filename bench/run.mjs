/**
 * RunFunction benchmark: `npm run bench` (builds, then runs this with
 * --expose-gc). See bench/README.md for what it measures and the results.
 *
 * 1. Over loopback gRPC: two server children (bench/server.mjs), one serving
 *    the guardrails handler and one a no-op handler (the SDK's to(req)),
 *    both on the project's own server code. First a global warm-up (JIT),
 *    then for each size, for each handler: warm-up calls (the first
 *    response is sanity-checked so an error path is never measured), then a
 *    fixed number of sequential calls, timed one by one; the server's CPU
 *    time (user + system) is read over IPC before and after the batch.
 * 2. In process (in this driver, after the servers are stopped), on the
 *    same fixtures: decode, handler, engine-only (evaluate) and encode
 *    times, to show where the server's time goes.
 *
 * Everything is bounded (fixed call counts, deadlines on every wait) and
 * the server children are always killed at the end, also on error.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { to } from '@crossplane-org/function-sdk-typescript';
import { evaluate } from '../dist/engine/engine.js';
import { runFunction } from '../dist/function/handler.js';
import { parseInput } from '../dist/load/parse.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from '../dist/server/codec.js';
import { decode, encode, fromStruct, rawClient } from './client.mjs';
import { jsonRequest } from './fixtures.mjs';

const SIZES = [10, 50, 500, 2000];
const HANDLER_NAMES = ['noop', 'guardrails'];
/**
 * Before any measurement, each server gets this many calls at GLOBAL_WARMUP_SIZE
 * resources, so that JIT compilation (which process.cpuUsage() counts: V8
 * compiles on background threads of the same process) is mostly done.
 */
const GLOBAL_WARMUP_CALLS = 300;
const GLOBAL_WARMUP_SIZE = 50;
/** Warm-up calls per size and handler (the first response is sanity-checked). */
const warmupFor = (n) => (n <= 500 ? 20 : 5);
/** Measured sequential calls per size and handler. */
const callsFor = (n) => (n <= 500 ? 200 : 50);
/**
 * In-process iterations per size and step. A step's warm-up (up to 100 calls)
 * also stops after IN_PROCESS_WARMUP_MS, and its measurement after
 * IN_PROCESS_BUDGET_MS, with at least 5 measured calls.
 */
const iterationsFor = (n) => (n <= 50 ? 500 : n <= 500 ? 100 : 30);
const IN_PROCESS_WARMUP_MS = 1000;
const IN_PROCESS_BUDGET_MS = 2000;
const SERVER_SCRIPT = fileURLToPath(new URL('./server.mjs', import.meta.url));
const IPC_DEADLINE_MS = 10_000;
const CALL_DEADLINE_MS = 60_000;

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

// ------------------------------------------------------------------ helpers

class BenchError extends Error {}

function withDeadline(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new BenchError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const nsToMs = (ns) => Number(ns) / 1e6;
const fmt = (x, digits = 2) => x.toFixed(digits);
const kib = (bytes) => fmt(bytes / 1024, 1);
const mib = (bytes) => fmt(bytes / 1024 / 1024, 0);

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// ------------------------------------------------------------------ server children

const children = new Set();

function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killChildren();
    process.exit(130);
  });
}

async function startServer(handler) {
  const child = fork(SERVER_SCRIPT, [handler], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.once('message', (msg) => (msg?.type === 'ready' ? resolve(msg.port) : reject(new BenchError(`unexpected first message ${JSON.stringify(msg)}`))));
    void exited.then(({ code, signal }) => reject(new BenchError(`${handler} server exited (code ${code}, signal ${signal}) before it was ready`)));
  });
  const port = await withDeadline(ready, IPC_DEADLINE_MS, `${handler} server start`);

  let nextId = 0;
  const stats = (opts = {}) =>
    withDeadline(
      new Promise((resolve, reject) => {
        const id = ++nextId;
        const onMessage = (msg) => {
          if (msg?.type !== 'stats' || msg.id !== id) return;
          child.off('message', onMessage);
          resolve(msg);
        };
        child.on('message', onMessage);
        child.send({ type: 'stats', id, gc: opts.gc === true }, (err) => {
          if (err) {
            child.off('message', onMessage);
            reject(err);
          }
        });
      }),
      IPC_DEADLINE_MS,
      `${handler} server stats`,
    );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send({ type: 'stop' });
      try {
        await withDeadline(exited, 3000, `${handler} server stop`);
      } catch {
        child.kill('SIGKILL');
        await exited;
      }
    }
    children.delete(child);
  };
  return { handler, address: `127.0.0.1:${port}`, stats, stop };
}

// ------------------------------------------------------------------ fixtures

function buildFixtures() {
  return SIZES.map((n) => {
    const { request, counts } = jsonRequest(n);
    const bytes = encode(request);
    return { n, counts, bytes };
  });
}

/** Aborts unless the first response of a run is the verdict the fixture must get. */
function checkResponse(handler, fixture, rspBytes) {
  const rsp = decode(rspBytes);
  const resources = rsp.desired?.resources ?? {};
  const count = Object.keys(resources).length;
  const where = `${handler} at ${fixture.n} resources`;
  if (handler === 'noop') {
    if (count !== fixture.n) throw new BenchError(`${where}: expected ${fixture.n} desired resources back, got ${count}`);
    return;
  }
  const condition = (rsp.conditions ?? []).find((c) => c.type === 'GuardrailsCompliant');
  const fatal = (rsp.results ?? []).filter((r) => r.severity === 'SEVERITY_FATAL');
  if (fatal.length > 0) throw new BenchError(`${where}: Fatal result: ${fatal[0].message.slice(0, 500)}`);
  if (condition?.reason !== 'Remediated' || condition?.status !== 'STATUS_CONDITION_TRUE') {
    throw new BenchError(`${where}: expected GuardrailsCompliant True/Remediated, got ${JSON.stringify(condition)?.slice(0, 500)}`);
  }
  const expected = fixture.n + 3 * fixture.counts.buckets;
  if (count !== expected) throw new BenchError(`${where}: expected ${expected} desired resources (3 companions per bucket), got ${count}`);
  const db = fromStruct(resources['db-0000']?.resource);
  const fp = db.spec?.forProvider ?? {};
  if (fp.storageEncrypted !== true || fp.publiclyAccessible !== false || fp.tags?.owner !== 'payments' || fp.tags?.['cost-center'] !== 'cc-1042') {
    throw new BenchError(`${where}: db-0000 was not remediated as expected: ${JSON.stringify(fp).slice(0, 500)}`);
  }
}

// ------------------------------------------------------------------ gRPC runs

async function grpcRun(server, client, fixture) {
  const calls = callsFor(fixture.n);
  let responseBytes = 0;
  for (let i = 0; i < warmupFor(fixture.n); i++) {
    const rsp = await client.run(fixture.bytes, CALL_DEADLINE_MS);
    if (i === 0) {
      checkResponse(server.handler, fixture, rsp);
      responseBytes = rsp.length;
    }
  }

  gc();
  const before = await server.stats({ gc: true });
  const driverBefore = process.cpuUsage();
  const latencies = new Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await client.run(fixture.bytes, CALL_DEADLINE_MS);
    latencies[i] = process.hrtime.bigint() - t0;
  }
  const driverCpu = process.cpuUsage(driverBefore);
  const after = await server.stats();

  const serverCpuUs = after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  const sorted = latencies.map(nsToMs).sort((a, b) => a - b);
  return {
    n: fixture.n,
    handler: server.handler,
    calls,
    requestBytes: fixture.bytes.length,
    responseBytes,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    serverCpuMs: serverCpuUs / 1000 / calls,
    driverCpuMs: (driverCpu.user + driverCpu.system) / 1000 / calls,
    rss: after.mem.rss,
  };
}

function grpcTable(results) {
  const rows = [];
  for (const n of SIZES) {
    const noop = results.find((r) => r.n === n && r.handler === 'noop');
    for (const r of results.filter((x) => x.n === n)) {
      rows.push([
        String(n),
        kib(r.requestBytes),
        kib(r.responseBytes),
        r.handler,
        String(r.calls),
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.serverCpuMs),
        r.handler === 'noop' ? '—' : fmt(r.serverCpuMs / noop.serverCpuMs),
        fmt(r.driverCpuMs),
        mib(r.rss),
      ]);
    }
  }
  return table(
    ['resources', 'request KiB', 'response KiB', 'handler', 'calls', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'ratio CPU guardrails/noop', 'driver CPU ms/req', 'server RSS MiB'],
    rows,
  );
}

// ------------------------------------------------------------------ in process

/** Mean µs per call of fn over a bounded number of iterations (after a few warm-up calls). */
function meanMicros(fn, iterations) {
  const warmupStart = process.hrtime.bigint();
  const warmupBudget = BigInt(IN_PROCESS_WARMUP_MS) * 1_000_000n;
  for (let i = 0; i < Math.min(100, iterations); i++) {
    fn();
    if (process.hrtime.bigint() - warmupStart > warmupBudget) break;
  }
  gc();
  const budget = BigInt(IN_PROCESS_BUDGET_MS) * 1_000_000n;
  const t0 = process.hrtime.bigint();
  let done = 0;
  for (let i = 0; i < iterations; i++) {
    fn();
    done++;
    if (done >= 5 && process.hrtime.bigint() - t0 > budget) break;
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / done;
}

/** The in-process request shapes for a fixture, sanity-checked. */
function inProcessSetup(fixture) {
  const req = decodeRunFunctionRequest(fixture.bytes);
  const parsed = parseInput(req.input, CATALOG);
  if (!parsed.ok) throw new BenchError(`in-process at ${fixture.n}: input does not parse: ${parsed.problems.join('; ')}`);
  const engineRequest = {
    input: parsed.input,
    composite: req.observed?.composite?.resource ?? {},
    observed: {},
    desired: Object.fromEntries(Object.entries(req.desired?.resources ?? {}).map(([name, r]) => [name, r.resource ?? {}])),
  };
  const decision = evaluate(engineRequest, CATALOG);
  // Warnings are expected (RDS deletion protection, S3 access logging); anything blocking is not.
  const blocking = decision.findings.filter((f) => f.action !== 'Warn');
  if (blocking.length > 0 || decision.errors.length > 0) {
    throw new BenchError(`in-process at ${fixture.n}: expected no blocking findings or errors, got ${blocking.length} and ${decision.errors.length}`);
  }
  const noopRsp = to(req);
  const guardRsp = runFunction(req);
  if (guardRsp.conditions[0]?.reason !== 'Remediated') throw new BenchError(`in-process at ${fixture.n}: expected Remediated, got ${guardRsp.conditions[0]?.reason}`);
  return { req, engineRequest, noopRsp, guardRsp };
}

function inProcessWarmup(fixture) {
  const { req, engineRequest, noopRsp, guardRsp } = inProcessSetup(fixture);
  for (let i = 0; i < GLOBAL_WARMUP_CALLS; i++) {
    decodeRunFunctionRequest(fixture.bytes);
    evaluate(engineRequest, CATALOG);
    runFunction(req);
    encodeRunFunctionResponse(noopRsp);
    encodeRunFunctionResponse(guardRsp);
  }
}

function inProcessRun(fixture) {
  const iterations = iterationsFor(fixture.n);
  const { req, engineRequest, noopRsp, guardRsp } = inProcessSetup(fixture);

  const decodeUs = meanMicros(() => decodeRunFunctionRequest(fixture.bytes), iterations);
  const engineUs = meanMicros(() => evaluate(engineRequest, CATALOG), iterations);
  const handlerUs = meanMicros(() => runFunction(req), iterations);
  const encodeNoopUs = meanMicros(() => encodeRunFunctionResponse(noopRsp), iterations);
  const encodeGuardUs = meanMicros(() => encodeRunFunctionResponse(guardRsp), iterations);
  return { n: fixture.n, decodeUs, engineUs, handlerUs, encodeNoopUs, encodeGuardUs };
}

function inProcessTable(results) {
  const us = (x) => fmt(x, 0);
  return table(
    [
      'resources',
      'decode request µs',
      'engine only (evaluate) µs',
      'guardrails handler (runFunction) µs',
      'encode noop response µs',
      'encode guardrails response µs',
      'noop total µs',
      'guardrails total µs',
    ],
    results.map((r) => [
      String(r.n),
      us(r.decodeUs),
      us(r.engineUs),
      us(r.handlerUs),
      us(r.encodeNoopUs),
      us(r.encodeGuardUs),
      us(r.decodeUs + r.encodeNoopUs),
      us(r.decodeUs + r.handlerUs + r.encodeGuardUs),
    ]),
  );
}

// ------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  console.log('# function-guardrails RunFunction benchmark\n');
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(`- node: ${process.version}`);
  console.log(`- CPU: ${cpuModel()}, ${cpus().length} cores`);
  console.log(`- gc exposed: ${typeof globalThis.gc === 'function'}`);

  const fixtures = buildFixtures();
  for (const f of fixtures) {
    const c = f.counts;
    console.log(`- ${f.n} resources: ${c.rds} RDS Instances, ${c.buckets} Buckets, ${c.rules} SecurityGroupIngressRules, ${c.other} ConfigMaps/Objects; request ${kib(f.bytes.length)} KiB`);
  }

  const servers = [];
  const clients = [];
  const results = [];
  try {
    for (const name of HANDLER_NAMES) {
      const server = await startServer(name);
      servers.push(server);
      const client = rawClient(server.address);
      clients.push(client);
      await client.ready(IPC_DEADLINE_MS);
    }
    const warmup = fixtures.find((f) => f.n === GLOBAL_WARMUP_SIZE);
    for (let h = 0; h < servers.length; h++) {
      checkResponse(servers[h].handler, warmup, await clients[h].run(warmup.bytes, CALL_DEADLINE_MS));
      for (let i = 1; i < GLOBAL_WARMUP_CALLS; i++) await clients[h].run(warmup.bytes, CALL_DEADLINE_MS);
    }
    for (const fixture of fixtures) {
      for (let h = 0; h < servers.length; h++) {
        const r = await grpcRun(servers[h], clients[h], fixture);
        results.push(r);
        process.stderr.write(`  ${r.n} ${r.handler}: p50 ${fmt(r.p50)} ms, server CPU ${fmt(r.serverCpuMs)} ms/req\n`);
      }
    }
  } finally {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.stop()));
    killChildren();
  }

  console.log('\n## RunFunction over loopback gRPC (sequential calls, one at a time)\n');
  console.log(grpcTable(results));

  // JIT warm-up for the in-process steps, as the servers got (bounded: GLOBAL_WARMUP_CALLS rounds at GLOBAL_WARMUP_SIZE).
  inProcessWarmup(fixtures.find((f) => f.n === GLOBAL_WARMUP_SIZE));
  const inProcess = fixtures.map(inProcessRun);
  console.log('\n## In process, same fixtures (mean per call)\n');
  console.log(inProcessTable(inProcess));
  console.log(`\ntotal time: ${fmt((Date.now() - started) / 1000, 1)} s`);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof BenchError ? err.message : (err?.stack ?? String(err))}`);
  killChildren();
  process.exitCode = 1;
});
