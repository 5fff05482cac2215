/**
 * Benchmark server child: `node bench/server.mjs <guardrails|noop>`, started
 * by bench/run.mjs with an IPC channel (child_process.fork).
 *
 * Serves FunctionRunnerService on 127.0.0.1:<port 0> with the project's own
 * createServer/start/shutdown (dist/server/server.js: same codec, same
 * guardHandler wrapper) and one of two handlers:
 *   guardrails  runFunction from dist/function/handler.js (what dist/main.js serves)
 *   noop        to(req) from the SDK: desired state passed through
 * Insecure (plaintext) credentials: the benchmark measures the function, not
 * TLS, and talks over loopback only.
 *
 * IPC protocol (process.send / 'message'):
 *   child → parent  {type: 'ready', port}          once bound
 *   parent → child  {type: 'stats', id, gc}        → {type: 'stats', id, cpu, mem}
 *                                                    (gc: run a full GC first, if --expose-gc)
 *   parent → child  {type: 'stop'}                 graceful shutdown (1 s), then exit 0
 * The child also exits when the IPC channel closes (the parent went away).
 */
import * as grpc from '@grpc/grpc-js';
import { to } from '@crossplane-org/function-sdk-typescript';
import { runFunction } from '../dist/function/handler.js';
import { DEFAULT_MAX_RECV_MESSAGE_SIZE } from '../dist/server/flags.js';
import { silentLogger } from '../dist/server/log.js';
import { createServer, shutdown, start } from '../dist/server/server.js';

const HANDLERS = {
  guardrails: runFunction,
  noop: (req) => to(req),
};

const name = process.argv[2];
const handler = HANDLERS[name];
if (handler === undefined || typeof process.send !== 'function') {
  console.error(`usage: started by bench/run.mjs as fork('bench/server.mjs', [${Object.keys(HANDLERS).join('|')}])`);
  process.exit(2);
}

const server = createServer({ handler, maxRecvMessageSize: DEFAULT_MAX_RECV_MESSAGE_SIZE, logger: silentLogger });
const port = await start(server, '127.0.0.1:0', grpc.ServerCredentials.createInsecure());

process.on('message', (msg) => {
  if (msg?.type === 'stats') {
    if (msg.gc && typeof globalThis.gc === 'function') globalThis.gc();
    process.send({ type: 'stats', id: msg.id, cpu: process.cpuUsage(), mem: process.memoryUsage() });
  } else if (msg?.type === 'stop') {
    void shutdown(server, 1000).then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready', port, handler: name });
