/**
 * Faults a production server meets, against the real server (dist/main.js):
 * clients that give up mid-call, many calls at once, SIGTERM under load,
 * oversized and malformed messages. After each, the server keeps serving
 * (or, for SIGTERM, answers every call it accepted and exits 0).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucket, rdsInstance } from '../builders.js';
import { client, rawClient, startFunction, type FunctionClient, type JsonObject, type JsonRequest, type RunningFunction } from './harness.js';

function request(tag: string, desired: Record<string, unknown>): JsonRequest {
  return {
    meta: { tag },
    observed: { composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp', metadata: { name: 'app' } } }, resources: {} },
    desired: { composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp' } }, resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r as JsonObject }])) },
  };
}

const buckets = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`b${i}`, bucket()]));
const reasonOf = (rsp: { conditions?: { reason?: string }[] }) => rsp.conditions?.[0]?.reason;

describe('faults over gRPC', () => {
  let fn: RunningFunction;
  let rpc: FunctionClient;
  beforeAll(async () => {
    fn = await startFunction({ extraArgs: ['--max-recv-message-size', '1'] });
    rpc = client(fn.address);
  });
  afterAll(async () => {
    rpc.close();
    await fn.stop();
  });

  it('a client that gives up mid-call: the server finishes, and serves the next call', async () => {
    const impatient = client(fn.address);
    // 1 ms is far less than 400 buckets take to judge: the client cancels while the server works.
    await expect(impatient.runJson(request('gone', buckets(400)), 1)).rejects.toMatchObject({ code: 4 }); // DEADLINE_EXCEEDED
    impatient.close();
    // A TCP client that connects and leaves without a word.
    await new Promise<void>((resolve) => connect(fn.port, '127.0.0.1', function (this: ReturnType<typeof connect>) {
      this.destroy();
      resolve();
    }));
    expect(reasonOf(await rpc.runJson(request('after', { db: rdsInstance() })))).toBe('Remediated');
  });

  it('200 calls at once: each answered, each with its own tag and verdict', async () => {
    const calls = Array.from({ length: 200 }, (_, i) =>
      rpc.runJson(request(`c${i}`, i % 2 === 0 ? { db: rdsInstance() } : { db: rdsInstance({ publiclyAccessible: true }) }), 60_000),
    );
    const answers = await Promise.all(calls);
    expect(answers.map((a) => ({ tag: a.meta?.tag, reason: reasonOf(a) }))).toEqual(
      Array.from({ length: 200 }, (_, i) => ({ tag: `c${i}`, reason: i % 2 === 0 ? 'Remediated' : 'Denied' })),
    );
  });

  it('refuses an oversized message with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const big = { ...bucket(), metadata: { name: 'big', annotations: { pad: 'x'.repeat(2 * 1024 * 1024) } } };
    await expect(rpc.runJson(request('big', { big }))).rejects.toMatchObject({ code: 8 }); // RESOURCE_EXHAUSTED
    expect(reasonOf(await rpc.runJson(request('after-big', { db: rdsInstance() })))).toBe('Remediated');
  });

  it.each([
    { name: 'a truncated message', bytes: [0x0a, 0x05, 0x0a] },
    { name: 'a field number 0', bytes: [0x00, 0x01] },
    { name: 'an overlong varint', bytes: [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
    { name: 'a length past the end', bytes: [0x12, 0xff, 0xff, 0xff, 0x0f] },
  ])('refuses $name with an error, never a hang, and keeps serving', async ({ bytes }) => {
    const raw = rawClient(fn.address);
    try {
      await expect(raw.run(Uint8Array.from(bytes), 5_000)).rejects.toMatchObject({ code: 13 }); // INTERNAL
    } finally {
      raw.close();
    }
    expect(reasonOf(await rpc.runJson(request('after-malformed', { db: rdsInstance() })))).toBe('Remediated');
  });
});

describe('SIGTERM under load', () => {
  it('answers every call it accepted, then exits 0', async () => {
    const fn = await startFunction();
    const rpc = client(fn.address);
    try {
      const calls = Array.from({ length: 20 }, (_, i) => rpc.runJson(request(`load-${i}`, buckets(100)), 60_000));
      // Once the first answer is back, every call has reached the server (one connection, in order): all are accepted.
      await Promise.race(calls);
      const exit = fn.stop();
      const answers = await Promise.allSettled(calls);
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill('fulfilled'));
      expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.meta?.tag : undefined))).toEqual(Array.from({ length: 20 }, (_, i) => `load-${i}`));
      expect(await exit).toBe(0);
      expect(fn.stderr()).toContain('"msg":"stopped","how":"graceful"');
    } finally {
      rpc.close();
      await fn.stop();
    }
  });
});
