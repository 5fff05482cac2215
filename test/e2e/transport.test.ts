/**
 * Transport-level end-to-end tests against the real, built server
 * (dist/main.js): plaintext and mTLS serving, startup failures, deep and
 * large messages, and shutdown on SIGTERM.
 *
 * The resources used are of kinds no guardrail rule targets (example.org
 * Widgets, a ConfigMap) and the input is the minimal valid Guardrails object,
 * so exact pass-through holds for the real handler as well as the placeholder.
 */
import { mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  makeCerts,
  portAccepts,
  runToExit,
  startFunction,
  tlsClientCredentials,
  type JsonObject,
  type JsonRequest,
  type RunningFunction,
  type TestCerts,
} from './harness.js';

const INPUT: JsonObject = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };

const widget = (name: string, spec: JsonObject): JsonObject => ({
  apiVersion: 'example.org/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

function baseRequest(tag: string): JsonRequest {
  return {
    meta: { tag, capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS'] },
    observed: { composite: { resource: { apiVersion: 'example.org/v1', kind: 'XWidget', metadata: { name: 'xw' } } } },
    desired: {
      composite: { resource: { apiVersion: 'example.org/v1', kind: 'XWidget', status: { phase: 'Provisioning' } } },
      resources: {
        widget: { resource: widget('w1', { size: 3, ratio: 0.5, enabled: false, tags: ['a', 'b'], nothing: null }) },
        config: { resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { key: 'value' } } },
      },
    },
    input: INPUT,
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu-west-1', zones: [1, 2, 3] } },
  };
}

/** {level: {level: … {leaf: 'bottom'} …}} with `levels` objects in all. */
function nested(levels: number): JsonObject {
  let obj: JsonObject = { leaf: 'bottom' };
  for (let i = 1; i < levels; i++) obj = { level: obj };
  return obj;
}

describe('plaintext (--insecure)', () => {
  let fn: RunningFunction;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    fn = await startFunction();
    c = client(fn.address);
  });
  afterAll(async () => {
    c.close();
    await fn.stop();
  });

  it('round-trips a request: meta.tag echoed, desired state and context passed through exactly', async () => {
    const req = baseRequest('plain-1');
    const rsp = await c.runJson(req);
    expect(rsp.meta?.tag).toBe('plain-1');
    expect(rsp.desired).toEqual(req.desired);
    expect(rsp.context).toEqual(req.context);
    expect(rsp.results ?? []).not.toContainEqual(expect.objectContaining({ severity: 'SEVERITY_FATAL' }));
  });

  it('round-trips a composed resource nested 150 JSON levels deep', async () => {
    const req = baseRequest('deep-150');
    const deep = widget('deep', nested(150));
    req.desired = { resources: { deep: { resource: deep } } };
    const rsp = await c.runJson(req);
    expect(rsp.desired?.resources?.['deep']?.resource).toEqual(deep);
  });

  it('answers a 6 MiB request and keeps serving afterwards', async () => {
    const padding = 'p'.repeat(3 * 1024);
    const resources: Record<string, { resource: JsonObject }> = {};
    for (let i = 0; i < 2000; i++) resources[`widget-${i}`] = { resource: widget(`w-${i}`, { index: i, padding }) };
    const req: JsonRequest = { ...baseRequest('big'), desired: { resources } };
    expect(JSON.stringify(req).length).toBeGreaterThan(6 * 1024 * 1024);

    const rsp = await c.runJson(req, 30_000);
    expect(rsp.meta?.tag).toBe('big');
    expect(Object.keys(rsp.desired?.resources ?? {})).toHaveLength(2000);
    expect(rsp.desired?.resources?.['widget-1999']).toEqual(resources['widget-1999']);

    await expect(c.runJson(baseRequest('after-big'))).resolves.toMatchObject({ meta: { tag: 'after-big' } });
  });
});

describe('mutual TLS', () => {
  let tmp: string;
  let certs: TestCerts;
  const servers: Record<'flag' | 'env', RunningFunction | undefined> = { flag: undefined, env: undefined };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'guardrails-e2e-tls-'));
    certs = makeCerts(tmp);
    [servers.flag, servers.env] = await Promise.all([
      startFunction({ tlsDir: tmp }),
      startFunction({ env: { TLS_SERVER_CERTS_DIR: tmp } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s?.stop()));
    rmSync(tmp, { recursive: true, force: true });
  });

  const cases: { via: 'flag' | 'env'; name: string; identity: 'client' | 'rogue' | 'none' | 'plaintext'; ok: boolean }[] = [];
  for (const via of ['flag', 'env'] as const) {
    cases.push(
      { via, name: 'a client certificate signed by the CA is accepted', identity: 'client', ok: true },
      { via, name: 'no client certificate is refused', identity: 'none', ok: false },
      { via, name: 'a client certificate from another CA is refused', identity: 'rogue', ok: false },
      { via, name: 'a plaintext client is refused', identity: 'plaintext', ok: false },
    );
  }

  it.each(cases)('certs via $via: $name', async ({ via, identity, ok }) => {
    const fn = servers[via];
    if (!fn) throw new Error('server not started');
    const creds = identity === 'plaintext' ? undefined : tlsClientCredentials(certs, identity);
    const c = client(fn.address, creds);
    try {
      const call = c.runJson(baseRequest(`tls-${via}-${identity}`), 5_000);
      if (ok) await expect(call).resolves.toMatchObject({ meta: { tag: `tls-${via}-${identity}` } });
      // The handshake is refused, so the call never reaches the server: UNAVAILABLE.
      else await expect(call).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    } finally {
      c.close();
    }
  });
});

describe('startup without usable certificates', () => {
  let tmp: string;
  let partial: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'guardrails-e2e-nocerts-'));
    mkdirSync(join(tmp, 'certs'));
    makeCerts(join(tmp, 'certs'));
    partial = join(tmp, 'partial');
    mkdirSync(partial);
    copyFileSync(join(tmp, 'certs', 'tls.crt'), join(partial, 'tls.crt'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { name: string; args: (dir: string) => string[]; env: (dir: string) => Record<string, string>; dir: () => string; missing: string }[] = [
    { name: 'empty directory via flag', args: (d) => ['--tls-server-certs-dir', d], env: () => ({}), dir: () => join(tmp, 'does-not-exist'), missing: 'ca.crt, tls.crt, tls.key' },
    { name: 'partial directory via env', args: () => [], env: (d) => ({ TLS_SERVER_CERTS_DIR: d }), dir: () => partial, missing: 'ca.crt, tls.key' },
  ];
  it.each(cases)('$name: exits 1 with one stderr line naming the directory and missing files', async ({ args, env, dir, missing }) => {
    const d = dir();
    const { code, stderr } = await runToExit(['--address', '127.0.0.1:0', ...args(d)], env(d));
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toEqual([
      `cannot serve with TLS: ${d} is missing ${missing} (pass --insecure to serve plaintext for local development)`,
    ]);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 on an unknown flag', async () => {
    const { code, stderr } = await runToExit(['--insecure', '--no-such-flag']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('function-guardrails: unknown flag --no-such-flag (see --help)');
  });
});

describe('SIGTERM', () => {
  let fn: RunningFunction;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    fn = await startFunction();
    c = client(fn.address);
  });
  afterAll(async () => {
    c.close();
    await fn.stop(); // no-op once the test has stopped it
  });

  it('exits 0 promptly, and the port then refuses connections', async () => {
    await expect(c.runJson(baseRequest('before-term'))).resolves.toMatchObject({ meta: { tag: 'before-term' } });
    // The client's channel is still connected: an idle connection must not hold up shutdown.
    // stop() sends SIGTERM and fails if the process outlives the harness deadline.
    expect(await fn.stop()).toBe(0);
    expect(fn.stderr()).toContain('"msg":"shutting down"');
    expect(await portAccepts(fn.port)).toBe(false);
  });
});
