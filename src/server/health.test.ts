import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeHealthCheckRequest, encodeHealthCheckResponse, Readiness, SERVING_STATUS } from './health.js';
import { createMetrics, createOpsServer } from './metrics.js';

describe('Readiness', () => {
  it('is not ready before the catalog has judged a request, ready after, and not ready again while draining', () => {
    const readiness = new Readiness();
    const heard: number[] = [];
    readiness.watch((s) => heard.push(s));
    const states = [readiness.status()];
    readiness.markReady();
    states.push(readiness.status());
    readiness.markDraining();
    states.push(readiness.status());
    expect(states).toEqual([SERVING_STATUS.NOT_SERVING, SERVING_STATUS.SERVING, SERVING_STATUS.NOT_SERVING]);
    expect(heard).toEqual([SERVING_STATUS.SERVING, SERVING_STATUS.NOT_SERVING]);
  });

  it('stays not ready when draining starts before readiness', () => {
    const readiness = new Readiness();
    readiness.markDraining();
    readiness.markReady();
    expect(readiness.isReady).toBe(false);
  });
});

describe('/readyz follows readiness', () => {
  it('answers 503, then 200, then 503 while draining', async () => {
    const readiness = new Readiness();
    const server = createOpsServer(createMetrics(), readiness);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const status = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    try {
      const seen = [await status()];
      readiness.markReady();
      seen.push(await status());
      readiness.markDraining();
      seen.push(await status());
      expect(seen).toEqual([503, 200, 503]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the health messages', () => {
  const cases = [
    { name: 'the empty request (the whole server)', bytes: [], want: { service: '' } },
    { name: 'a service name', bytes: [0x0a, 0x03, 0x61, 0x2e, 0x62], want: { service: 'a.b' } },
    { name: 'an unknown field is skipped', bytes: [0x10, 0x01, 0x0a, 0x01, 0x78], want: { service: 'x' } },
  ];
  it.each(cases)('decodes $name', ({ bytes, want }) => {
    expect(decodeHealthCheckRequest(Buffer.from(bytes))).toEqual(want);
  });

  it.each([
    { name: 'truncated', bytes: [0x0a, 0x05, 0x61] },
    { name: 'the service as a varint', bytes: [0x08, 0x01] },
    { name: 'invalid UTF-8', bytes: [0x0a, 0x01, 0xff] },
  ])('refuses $name', ({ bytes }) => {
    expect(() => decodeHealthCheckRequest(Buffer.from(bytes))).toThrow();
  });

  it('encodes each status as field 1, leaving UNKNOWN (the default) out', () => {
    expect(Object.values(SERVING_STATUS).map((s) => [...encodeHealthCheckResponse(s)])).toEqual([[], [0x08, 1], [0x08, 2], [0x08, 3]]);
  });
});
