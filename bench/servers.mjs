/**
 * The benchmark's server children (bench/server.mjs), started with fork()
 * and driven over IPC: start, stats (CPU and memory), RSS sampling, stop.
 * Every wait has a deadline, and every child is killed when the driver
 * exits, also on error or a signal.
 */
import { fork } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const SERVER_SCRIPT = fileURLToPath(new URL('./server.mjs', import.meta.url));
/**
 * Node.js flags for the server children, to compare a V8 setting both ways
 * (BENCH_NODE_FLAGS="--heap-growing-percent=50 ..."); none by default, as
 * the image runs dist/main.js.
 */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
export const IPC_DEADLINE_MS = 10_000;

/** An error the benchmark reports as one line (no stack trace). */
export class BenchError extends Error {}

export function withDeadline(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new BenchError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const children = new Set();

export function killChildren() {
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

/**
 * Starts `node bench/server.mjs <name>` and resolves once it listens, with:
 * address; stats({gc}) → {cpu, mem, peakRss, maxRss}; sample(on) to start
 * or stop RSS sampling; stop().
 */
export async function startServer(name) {
  const child = fork(SERVER_SCRIPT, [name], { execArgv: ['--expose-gc', ...NODE_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.once('message', (msg) => (msg?.type === 'ready' ? resolve(msg.port) : reject(new BenchError(`unexpected first message ${JSON.stringify(msg)}`))));
    void exited.then(({ code, signal }) => reject(new BenchError(`${name} server exited (code ${code}, signal ${signal}) before it was ready`)));
  });
  const port = await withDeadline(ready, IPC_DEADLINE_MS, `${name} server start`);

  let nextId = 0;
  const ask = (type, fields) =>
    withDeadline(
      new Promise((resolve, reject) => {
        const id = ++nextId;
        const onMessage = (msg) => {
          if (msg?.type !== type || msg.id !== id) return;
          child.off('message', onMessage);
          resolve(msg);
        };
        child.on('message', onMessage);
        child.send({ type, id, ...fields }, (err) => {
          if (err) {
            child.off('message', onMessage);
            reject(err);
          }
        });
      }),
      IPC_DEADLINE_MS,
      `${name} server ${type}`,
    );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send({ type: 'stop' });
      try {
        await withDeadline(exited, 3000, `${name} server stop`);
      } catch {
        child.kill('SIGKILL');
        await exited;
      }
    }
    children.delete(child);
  };
  return {
    name,
    address: `127.0.0.1:${port}`,
    pid: child.pid,
    stats: (opts = {}) => ask('stats', { gc: opts.gc === true }),
    sample: (on) => ask('sample', { on }),
    stop,
  };
}
