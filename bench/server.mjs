/**
 * Benchmark server child: `node bench/server.mjs <guardrails|sdk-noop|noop|floor>`,
 * started by bench/run.mjs with an IPC channel (child_process.fork).
 *
 * Serves FunctionRunnerService on 127.0.0.1:<port 0>, insecure (plaintext)
 * credentials: the benchmark measures the function, not TLS, over loopback.
 *   guardrails  what dist/main.js serves with its default flags: the
 *               project's createServer with observedRunFunction({logger,
 *               metrics, limits}), the production limits (parseFlags of no
 *               flags), Prometheus metrics recorded (the registry is not
 *               scraped: no HTTP server), the health service, and
 *               createLogger's JSON lines formatted as in production but
 *               written nowhere (production writes them to stderr).
 *   sdk-noop    the SDK's own no-op function as a developer writes it with
 *               @crossplane-org/function-sdk-typescript: getServer(new
 *               FunctionRunner({RunFunction: async (req) => to(req)}, logger),
 *               logger), the SDK's generated codec and server, a pino logger
 *               at info (serve()'s default level; nothing is logged per call).
 *               One change: the SDK's server takes grpc-js's default 4 MiB
 *               receive limit, which a request of 10,000 resources exceeds, so
 *               the limit is raised to the guardrails server's (16 MiB).
 *   noop        the SDK's to(req) on the project's own server and codec: what
 *               our codec alone gives.
 *   floor       the project's own server and codec answering each request
 *               with the response guardrails gave it the first time (by the
 *               request's tag): decoding the request, and encoding and
 *               sending the answer guardrails must give, without judging
 *               anything. What any judging costs at least on this transport;
 *               a diagnostic, not a way to serve.
 *
 * IPC protocol (process.send / 'message'):
 *   child → parent  {type: 'ready', port}          once bound
 *   parent → child  {type: 'stats', id, gc}        → {type: 'stats', id, cpu, mem, peakRss, atPeak, maxRss}
 *                                                    (gc: run a full GC first, if --expose-gc)
 *   parent → child  {type: 'sample', id, on}       → {type: 'sample', id}: starts (resetting the
 *                                                    peak) or stops sampling RSS every SAMPLE_MS
 *   parent → child  {type: 'stop'}                 graceful shutdown (1 s), then exit 0
 * peakRss is the largest sampled RSS since sampling started (bytes), atPeak
 * process.memoryUsage() at that sample (V8 heap and Buffers); maxRss
 * the kernel's peak RSS of the process (process.resourceUsage().maxRSS, KiB
 * → bytes), reset when sampling starts where /proc/self/clear_refs allows.
 * The child also exits when the IPC channel closes (the parent went away).
 */
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { clearInterval, setInterval } from 'node:timers';
import * as grpc from '@grpc/grpc-js';
import { FunctionRunner, getServer, to } from '@crossplane-org/function-sdk-typescript';
import { pino } from 'pino';
import { observedRunFunction } from '../dist/function/observed.js';
import { DEFAULT_MAX_RECV_MESSAGE_SIZE, parseFlags } from '../dist/server/flags.js';
import { Readiness } from '../dist/server/health.js';
import { createLogger, silentLogger } from '../dist/server/log.js';
import { createMetrics } from '../dist/server/metrics.js';
import { createServer, shutdown, start } from '../dist/server/server.js';

const SAMPLE_MS = 10;

/** The guardrails server as src/main.ts builds it from its default flags. */
function guardrailsServer() {
  const parsed = parseFlags(['--insecure'], {});
  if (parsed.kind !== 'run') throw new Error(`default flags do not parse: ${JSON.stringify(parsed)}`);
  const { flags } = parsed;
  const logger = createLogger({ debug: flags.debug, write: () => {} });
  const readiness = new Readiness();
  readiness.markReady();
  const metrics = createMetrics();
  const { maxJsonDepth, ...limits } = flags.limits;
  const handler = observedRunFunction({ logger, metrics, limits });
  return createServer({ handler, maxRecvMessageSize: flags.maxRecvMessageSize, maxJsonDepth, logger, readiness, metrics });
}

/** The SDK's no-op function on the SDK's own server. */
function sdkNoopServer() {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = pino({ level: 'info' }, sink);
  const server = getServer(new FunctionRunner({ RunFunction: async (req) => to(req) }, logger), logger);
  // grpc-js reads this per call (server.options is passed to each call); see the header comment.
  server.options['grpc.max_receive_message_length'] = DEFAULT_MAX_RECV_MESSAGE_SIZE;
  return server;
}

/** Answers each request with guardrails' response to the first request of its tag (see the header comment). */
function floorServer() {
  const handler = observedRunFunction({ logger: silentLogger, metrics: createMetrics() });
  const answers = new Map();
  const answer = (req) => {
    const tag = req.meta?.tag ?? '';
    let res = answers.get(tag);
    if (res === undefined) answers.set(tag, (res = handler(req)));
    return res;
  };
  return createServer({ handler: answer, maxRecvMessageSize: DEFAULT_MAX_RECV_MESSAGE_SIZE, logger: silentLogger });
}

const SERVERS = {
  guardrails: guardrailsServer,
  'sdk-noop': sdkNoopServer,
  floor: floorServer,
  noop: () => createServer({ handler: (req) => to(req), maxRecvMessageSize: DEFAULT_MAX_RECV_MESSAGE_SIZE, logger: silentLogger }),
};

const name = process.argv[2];
if (SERVERS[name] === undefined || typeof process.send !== 'function') {
  console.error(`usage: started by bench/run.mjs as fork('bench/server.mjs', [${Object.keys(SERVERS).join('|')}])`);
  process.exit(2);
}

const server = SERVERS[name]();
const port = await start(server, '127.0.0.1:0', grpc.ServerCredentials.createInsecure());

let sampler;
let peakRss = 0;
/** process.memoryUsage() at the sampled peak: how much of it is V8's heap, and how much Buffers. */
let atPeak;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) {
    peakRss = rss;
    atPeak = process.memoryUsage();
  }
};

/** Resets the kernel's peak RSS (VmHWM) to the current RSS; false where the kernel does not allow it. */
function resetKernelPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

process.on('message', (msg) => {
  if (msg?.type === 'stats') {
    if (msg.gc && typeof globalThis.gc === 'function') globalThis.gc();
    process.send({ type: 'stats', id: msg.id, cpu: process.cpuUsage(), mem: process.memoryUsage(), peakRss, atPeak, maxRss: process.resourceUsage().maxRSS * 1024 });
  } else if (msg?.type === 'sample') {
    clearInterval(sampler);
    if (msg.on) {
      peakRss = 0;
      atPeak = undefined;
      sample();
      sampler = setInterval(sample, SAMPLE_MS);
    }
    process.send({ type: 'sample', id: msg.id, kernelPeakReset: msg.on ? resetKernelPeak() : false });
  } else if (msg?.type === 'stop') {
    clearInterval(sampler);
    void shutdown(server, 1000).then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready', port, handler: name });
