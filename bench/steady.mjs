/**
 * One server at a time, in steady state, with its CPU split by thread:
 * `npm run bench:steady -- [--servers guardrails,sdk-noop,floor] [--sizes 50,500] [--warmup 200] [--calls N]`
 * (Linux only: it reads /proc/<pid>/task/<tid>/stat).
 *
 * Where `npm run bench` takes turns between servers in short rounds (fair
 * to each, but every round starts on cold caches and catches whatever major
 * GC falls in it), this starts one server (bench/server.mjs), makes `warmup`
 * sequential calls, then `calls` more, and reports the server's CPU per call
 * over those: in total, on its main thread (JavaScript, scavenges) and on
 * V8's worker threads (parallel and concurrent GC, background compilation).
 * The request is the bench's `mixed` shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encode, rawClient } from './client.mjs';
import { shapeRequest } from './fixtures.mjs';
import { startServer } from './servers.mjs';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: 'guardrails,sdk-noop,floor' },
    sizes: { type: 'string', default: '50,500' },
    warmup: { type: 'string', default: '200' },
    calls: { type: 'string' },
  },
});
const servers = values.servers.split(',');
const sizes = values.sizes.split(',').map(Number);
const warmup = Number(values.warmup);

/** CPU ms so far of each thread of a process, by thread id; the main thread's id is the pid. */
function threadCpu(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat), in clock ticks of 10 ms.
    out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return out;
}

console.log('| server | resources | calls | CPU ms/call | main thread | V8 worker threads |');
console.log('|---|---|---|---|---|---|');
for (const n of sizes) {
  const bytes = encode(shapeRequest('mixed', n).request);
  const calls = Number(values.calls ?? Math.max(100, Math.round(60_000 / n)));
  for (const name of servers) {
    const server = await startServer(name);
    const client = rawClient(server.address);
    try {
      await client.ready();
      for (let i = 0; i < warmup; i++) await client.run(bytes);
      const before = threadCpu(server.pid);
      for (let i = 0; i < calls; i++) await client.run(bytes);
      const after = threadCpu(server.pid);
      let main = 0;
      let workers = 0;
      for (const [tid, ms] of after) {
        const spent = ms - (before.get(tid) ?? 0);
        if (tid === String(server.pid)) main += spent;
        else workers += spent;
      }
      const per = (ms) => (ms / calls).toFixed(2);
      console.log(`| ${name} | ${n} | ${calls} | ${per(main + workers)} | ${per(main)} | ${per(workers)} |`);
    } finally {
      client.close();
      await server.stop();
    }
  }
}
