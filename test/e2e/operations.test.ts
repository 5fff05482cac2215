/**
 * What an operator relies on, against the real server (dist/main.js):
 * Prometheus metrics and /healthz, /readyz on --metrics-address, the gRPC
 * health service on the function's port, and one structured log line per
 * request that never carries a secret, whatever the request hides where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucket, rdsInstance } from '../builders.js';
import { client, healthClient, startFunction, type FunctionClient, type JsonObject, type JsonRequest, type RunningFunction } from './harness.js';

const XR_NAME = 'xr-planted-5f0c1e';

function request(desired: Record<string, unknown>, opts: { input?: JsonObject; tag?: string; connection?: Record<string, Buffer> } = {}): JsonRequest {
  return {
    meta: { tag: opts.tag ?? 'ops', capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: { composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name: XR_NAME, namespace: 'team-ops' } } }, resources: {} },
    desired: {
      composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase' } },
      resources: Object.fromEntries(
        Object.entries(desired).map(([n, r]) => [n, { resource: r as JsonObject, ...(opts.connection ? { connectionDetails: opts.connection } : {}) }]),
      ),
    },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  };
}

const INVALID_INPUT = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'no-such-rule': { action: 'Deny' } } };

async function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; type: string | null }> {
  const rsp = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: rsp.status, body: await rsp.text(), type: rsp.headers.get('content-type') };
}

/** The value of one sample line of the Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter((l) => l !== '');
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('metrics, health and readiness', () => {
  let fn: RunningFunction;
  let rpc: FunctionClient;
  let metricsPort: number;
  beforeAll(async () => {
    fn = await startFunction({ metrics: true });
    metricsPort = fn.metricsPort!;
    rpc = client(fn.address);
    await until(async () => (await get(metricsPort, '/readyz')).status === 200, '/readyz');
  });
  afterAll(async () => {
    rpc.close();
    await fn.stop();
  });

  it('answers /healthz and /readyz, and nothing it does not serve', async () => {
    expect(await get(metricsPort, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get(metricsPort, '/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
    expect((await get(metricsPort, '/nothing-here')).status).toBe(404);
    expect((await get(metricsPort, '/metrics', 'POST')).status).toBe(405);
  });

  it('serves grpc.health.v1.Health on the function port', async () => {
    const health = healthClient(fn.address);
    try {
      expect(await health.check('')).toBe('SERVING');
      expect(await health.check('apiextensions.fn.proto.v1.FunctionRunnerService')).toBe('SERVING');
      await expect(health.check('some.other.Service')).rejects.toMatchObject({ code: 5 }); // NOT_FOUND
      expect(await health.watch('', 1)).toEqual(['SERVING']);
      expect(await health.watch('some.other.Service', 1)).toEqual(['SERVICE_UNKNOWN']);
    } finally {
      health.close();
    }
  });

  it('counts requests by verdict, findings by rule and action, injections by rule, duration and size', async () => {
    const before = (await get(metricsPort, '/metrics')).body;
    expect(sample(before, 'function_guardrails_requests_total', { verdict: 'InternalError' })).toBe(0); // every verdict from the start
    const count = (text: string, verdict: string) => sample(text, 'function_guardrails_requests_total', { verdict }) ?? NaN;

    await rpc.runJson(request({})); // Compliant
    await rpc.runJson(request({ data: bucket() })); // Remediated: encryption and public access block injected
    await rpc.runJson(request({ db: rdsInstance({ publiclyAccessible: true }) })); // Denied
    await rpc.runJson(request({}, { input: INVALID_INPUT })); // InputError

    const after = await get(metricsPort, '/metrics');
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain/);
    const text = after.body;
    for (const verdict of ['Compliant', 'Remediated', 'Denied', 'InputError']) expect({ verdict, delta: count(text, verdict) - count(before, verdict) }).toEqual({ verdict, delta: 1 });
    expect(sample(text, 'function_guardrails_findings_total', { rule: 'aws-rds-public-access', action: 'Deny' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'function_guardrails_mutations_total', { rule: 'aws-s3-encryption' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'function_guardrails_request_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'function_guardrails_request_size_bytes_count')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // Bounded labels: no XR, resource or namespace name ever becomes one.
    for (const name of [XR_NAME, 'team-ops', '"db"', '"data"']) expect(text).not.toContain(name);
  });
});

describe('the request log', () => {
  // Secret values planted everywhere a request can carry one: connection details, a Secret's data and
  // stringData, a password parameter, a policy document, an annotation, a label, an invalid Input.
  const PLANTS = ['plant-conn-6a1d', 'plant-data-93be', 'plant-string-0c47', 'plant-pass-d12e', 'plant-policy-77af', 'plant-annot-4e02', 'plant-input-b5c9'];
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'team-ops', annotations: { note: PLANTS[5]! } }, data: { key: b64(PLANTS[1]!) }, stringData: { other: PLANTS[2]! } };
  const db = rdsInstance({ publiclyAccessible: true, password: PLANTS[3]!, masterUserPassword: PLANTS[3]! });
  const policy = {
    apiVersion: 'iam.aws.upbound.io/v1beta1',
    kind: 'Policy',
    metadata: { name: 'p' },
    spec: { forProvider: { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Sid: PLANTS[4] }] }) } },
  };
  const requests = [
    request({ secret, db, policy }, { connection: { password: Buffer.from(PLANTS[0]!) }, tag: 'ops-log' }),
    request({ secret }, { input: { ...INVALID_INPUT, custom: [{ id: 'x', expression: `"${PLANTS[6]}" == 1` }] }, tag: 'ops-log' }),
  ];

  it.each([
    { name: 'at info', debug: false },
    { name: 'with --debug', debug: true },
  ])('logs one line per request with tag, XR, verdict, rules and duration, and no secret $name', async ({ debug }) => {
    const fn = await startFunction(debug ? { extraArgs: ['--debug'] } : {});
    const rpc = client(fn.address);
    try {
      for (const req of requests) await rpc.runJson(req);
    } finally {
      rpc.close();
      await fn.stop();
    }
    const log = fn.stderr();
    const lines = log.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const runs = lines.filter((l) => l.msg === 'RunFunction');
    expect(runs.map((l) => ({ level: l.level, tag: l.tag, xr: l.xr, namespace: l.namespace, verdict: l.verdict }))).toEqual([
      { level: 'info', tag: 'ops-log', xr: XR_NAME, namespace: 'team-ops', verdict: 'Denied' },
      { level: 'info', tag: 'ops-log', xr: XR_NAME, namespace: 'team-ops', verdict: 'InputError' },
    ]);
    expect(runs[0]!.rules).toEqual(expect.arrayContaining(['aws-rds-public-access']));
    expect(typeof runs[0]!.durationMs).toBe('number');
    expect(lines.some((l) => l.msg === 'RunFunction rules')).toBe(debug);
    for (const plant of PLANTS) {
      expect({ plant, found: log.includes(plant) || log.includes(b64(plant)) }).toEqual({ plant, found: false });
    }
  });
});

describe('limits set by flags', () => {
  it('refuses a request past --max-resources with a Fatal result naming it, refuses JSON past --max-json-depth, and keeps serving', async () => {
    const fn = await startFunction({ extraArgs: ['--max-resources', '2', '--max-json-depth', '8'] });
    const rpc = client(fn.address);
    try {
      const many = await rpc.runJson(request({ a: bucket(), b: bucket(), c: bucket() }));
      expect(many.results?.filter((r) => r.severity === 'SEVERITY_FATAL').map((r) => r.message)).toEqual([
        expect.stringContaining('the request has 3 desired composed resources, more than the limit of 2 (--max-resources)'),
      ]);
      let deep: JsonObject = { leaf: true };
      for (let i = 0; i < 10; i++) deep = { nested: deep };
      await expect(rpc.runJson(request({ a: { ...bucket(), spec: { forProvider: deep } } }))).rejects.toMatchObject({ code: 13 }); // INTERNAL: Crossplane applies nothing
      expect(fn.stderr()).toContain('JSON nested more than 8 levels deep is not supported');
      const ok = await rpc.runJson(request({ a: bucket() }));
      expect(ok.conditions?.map((c) => c.reason)).toEqual(['Remediated']);
    } finally {
      rpc.close();
      await fn.stop();
    }
  });
});
