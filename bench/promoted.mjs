/**
 * Where the memory of a large call goes, in process: `npm run build && node
 * --expose-gc bench/promoted.mjs [--shape mixed] [--size 5000] [--top 25]`.
 *
 * A call of thousands of resources runs for most of a second, so what it
 * allocates outlives two scavenges and is promoted to V8's old generation,
 * which is collected only when it has grown to a multiple of what survived
 * the last full GC: that garbage, not what the call keeps, sets the peak RSS
 * of the memory run (see bench/README.md, "Memory at 5,000 resources × 4
 * concurrent calls"). This prints, per call:
 *
 * - the growth of the old generation (old, code and large-object spaces)
 *   while decoding, in runFunction and while encoding, from a full GC, and
 *   the heap still live (every space) after another full GC with the
 *   request and the response held;
 * - V8's sampling heap profiler over the same calls, counting only objects
 *   that were not collected by a scavenge (promoted, or live at the end), by
 *   the function that allocated them.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { encode } from './client.mjs';
import { SHAPES, shapeRequest } from './fixtures.mjs';
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from '../dist/server/codec.js';
import { runFunction } from '../dist/function/handler.js';

const CALLS = 3;
const { values } = parseArgs({ options: { shape: { type: 'string', default: 'mixed' }, size: { type: 'string', default: '5000' }, top: { type: 'string', default: '25' } } });
const n = Number(values.size);
const top = Number(values.top);
if (SHAPES[values.shape] === undefined || !Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(top)) {
  console.error(`usage: node --expose-gc bench/promoted.mjs [--shape ${Object.keys(SHAPES).join('|')}] [--size N] [--top N]`);
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

/** A full GC whose sweeping is finished: a second full GC completes the first one's concurrent sweeping. */
const fullGc = () => {
  globalThis.gc();
  globalThis.gc();
};
const mib = (bytes) => (bytes / 1048576).toFixed(1);
const oldGeneration = () => v8.getHeapSpaceStatistics().filter((s) => s.space_name !== 'new_space' && s.space_name !== 'new_large_object_space').reduce((sum, s) => sum + s.space_used_size, 0);

const bytes = encode(shapeRequest(values.shape, n).request);
console.log(`# ${values.shape}, ${n.toLocaleString('en-US')} resources: request ${mib(bytes.length)} MiB; ${CALLS} calls after one warm-up`);
encodeRunFunctionResponse(runFunction(decodeRunFunctionRequest(bytes)));

console.log('\nold-generation growth per phase (MiB), from a full GC; live: heap (all spaces) held after a full GC with the request and response kept');
/**
 * One call, phase by phase. A function of its own: a loop's frame would keep
 * the previous call's request and response reachable during the next
 * call's first full GC.
 */
function measuredCall() {
  fullGc();
  const heapAtStart = process.memoryUsage().heapUsed;
  const start = oldGeneration();
  const req = decodeRunFunctionRequest(bytes);
  const decoded = oldGeneration();
  const rsp = runFunction(req);
  const ran = oldGeneration();
  const out = encodeRunFunctionResponse(rsp);
  const encoded = oldGeneration();
  fullGc();
  const live = process.memoryUsage().heapUsed - heapAtStart;
  // Read after the GC, so the request and the response are reachable through it.
  const held = [req, rsp, out].length;
  return `  decode ${mib(decoded - start)}, runFunction ${mib(ran - decoded)}, encode ${mib(encoded - ran)}; live ${mib(live)} (${held} held); response ${mib(out.length)} MiB`;
}
for (let i = 0; i < CALLS; i++) console.log(measuredCall());

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
// Objects a scavenge collected are left out: what remains was promoted (or is still live).
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
for (let i = 0; i < CALLS; i++) encodeRunFunctionResponse(runFunction(decodeRunFunctionRequest(bytes)));
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();

const byFunction = new Map();
let total = 0;
const walk = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '(native)' : `${url.replace(/^.*\/dist\//, '')}:${lineNumber + 1}`;
  const key = `${functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child);
};
walk(profile.head);
console.log(`\nnot collected by a scavenge: ${mib(total / CALLS)} MiB per call (sampled); top ${top} allocating functions, MiB per call:`);
for (const [key, size] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mib(size / CALLS).padStart(7)}  ${key}`);
