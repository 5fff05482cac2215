/**
 * Flags and runtime end to end, against the real, built server
 * (dist/main.js): --max-recv-message-size in MiB as Crossplane's function
 * SDKs take it, the version from package.json, and a variable standing in
 * for a flag.
 *
 * Requests are encoded with the SDK's generated codec and sent as raw bytes,
 * so their size on the wire is exact. The padding sits in the observed state,
 * which the response does not echo, so the responses stay small.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { RunFunctionRequest, RunFunctionResponse, Severity } from '@crossplane-org/function-sdk-typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { client, rawClient, runToExit, serveDuringSuite, startFunction, type RawClient, type RunningFunction } from './harness.js';

const MiB = 1024 * 1024;
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const INPUT = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const WIDGET = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 } };

/** A request whose observed Widget carries `padding` bytes; no rule targets example.org Widgets. */
function request(tag: string, padding: number): Uint8Array {
  return RunFunctionRequest.encode(
    RunFunctionRequest.fromPartial({
      meta: { tag },
      observed: { resources: { widget: { resource: { ...WIDGET, status: { padding: 'p'.repeat(padding) } } } } },
      desired: { resources: { widget: { resource: WIDGET } } },
      input: INPUT,
    }),
  ).finish();
}

/** The startup log line, once the server has written it (the port may accept connections a moment before). */
const servingLine = (fn: RunningFunction): Promise<Record<string, unknown> | undefined> =>
  vi.waitFor(() => {
    const lines = fn.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l['msg'] === 'serving');
    if (line === undefined) throw new Error(`no "serving" line yet in:\n${fn.stderr()}`);
    return line;
  }, { timeout: 5_000 });

describe('--max-recv-message-size=8 (MiB, as the SDKs take it)', () => {
  const server = serveDuringSuite({ extraArgs: ['--max-recv-message-size=8'] });
  let raw: RawClient;
  beforeAll(() => {
    raw = rawClient(server.fn.address);
  });
  afterAll(() => raw.close());

  it('logs the limit in MiB and the package version at startup', async () => {
    expect(await servingLine(server.fn)).toMatchObject({ version: PACKAGE.version, maxRecvMessageSizeMiB: 8, mode: 'insecure' });
  });

  it('answers a 5 MiB request', async () => {
    const bytes = request('five', 5 * MiB);
    expect(bytes.length).toBeGreaterThan(5 * MiB);
    expect(bytes.length).toBeLessThan(8 * MiB);
    const rsp = RunFunctionResponse.decode(await raw.run(bytes, 30_000));
    expect(rsp.meta?.tag).toBe('five');
    expect(rsp.desired?.resources['widget']?.resource).toEqual(WIDGET);
    expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
  });

  it('refuses a 9 MiB request with RESOURCE_EXHAUSTED, and keeps serving', async () => {
    const bytes = request('nine', 9 * MiB);
    expect(bytes.length).toBeGreaterThan(9 * MiB);
    await expect(raw.run(bytes, 30_000)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    const rsp = RunFunctionResponse.decode(await raw.run(request('after', 0)));
    expect(rsp.meta?.tag).toBe('after');
  });
});

describe('INSECURE=true in place of --insecure', () => {
  // TLS_SERVER_CERTS_DIR keeps the harness from passing --insecure; it names no certificates, so only INSECURE can make this serve.
  const server = serveDuringSuite({ env: { INSECURE: 'true', TLS_SERVER_CERTS_DIR: '/nonexistent' } });

  it('serves plaintext', async () => {
    const c = client(server.fn.address);
    try {
      await expect(c.runJson({ meta: { tag: 'env' }, input: INPUT })).resolves.toMatchObject({ meta: { tag: 'env' } });
    } finally {
      c.close();
    }
  });
});

describe('node dist/main.js', () => {
  it('--version prints the version in package.json and exits 0', async () => {
    const { code, stdout, stderr } = await runToExit(['--version']);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  });

  it.each<{ name: string; reason: string; args: string[]; env: Record<string, string>; source: string; value: string }>([
    { name: 'a size in bytes', reason: 'the old unit is refused, not read as 64 TiB', args: ['--max-recv-message-size', '67108864'], env: {}, source: '--max-recv-message-size', value: '67108864' },
    { name: 'a bad variable', reason: 'a variable is checked like its flag', args: [], env: { MAX_RECV_MESSAGE_SIZE: '8MB' }, source: 'MAX_RECV_MESSAGE_SIZE', value: '8MB' },
  ])('exits 2 on $name, with one line saying the unit', async ({ args, env, source, value }) => {
    const { code, stderr } = await runToExit(['--insecure', '--address', '127.0.0.1:0', ...args], env);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `function-guardrails: ${source} must be a whole number of MiB between 1 and 2047 (the unit is MiB, as in Crossplane's function SDKs: 16 means 16 MiB), got "${value}" (see --help)\n`,
    );
  });

  it('serves with the 16 MiB default', async () => {
    const fn = await startFunction();
    try {
      expect(await servingLine(fn)).toMatchObject({ maxRecvMessageSizeMiB: 16 });
    } finally {
      await fn.stop();
    }
  });
});

describe('the version is read from the package.json beside dist/ at run time', () => {
  // A copy of dist/ under a package.json of our choosing, with the repository's node_modules linked in.
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'guardrails-e2e-version-'));
    cpSync(join(REPO_ROOT, 'dist'), join(tmp, 'dist'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(tmp, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const versionOf = (packageJson: string | undefined, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    rmSync(join(tmp, 'package.json'), { force: true });
    if (packageJson !== undefined) writeFileSync(join(tmp, 'package.json'), packageJson);
    return new Promise((resolve) => {
      // --no-warnings: without a package.json saying "type": "module", Node warns that it reparsed dist/ as ESM; that line is not ours.
      execFile(process.execPath, ['--no-warnings', join(tmp, 'dist/main.js'), ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
      });
    });
  };
  const path = () => join(tmp, 'package.json');

  const cases: { name: string; reason: string; packageJson: string | undefined; args: string[]; want: (p: string) => { code: number; stdout: string; stderr: string } }[] = [
    {
      name: 'another version',
      reason: 'proves the version is read, not compiled in',
      packageJson: JSON.stringify({ name: 'function-guardrails', version: '9.8.7-test.1', type: 'module' }),
      args: ['--version'],
      want: () => ({ code: 0, stdout: '9.8.7-test.1\n', stderr: '' }),
    },
    {
      name: 'no package.json',
      reason: 'a package without its package.json is broken: exit 1, one line',
      packageJson: undefined,
      args: ['--version'],
      want: (p) => ({ code: 1, stdout: '', stderr: `function-guardrails: cannot read the version from ${p}: ENOENT: no such file or directory, open '${p}'\n` }),
    },
    {
      name: 'a foreign package.json',
      reason: 'only our own package.json tells our version',
      packageJson: JSON.stringify({ name: 'something-else', version: '1.0.0', type: 'module' }),
      args: ['--version'],
      want: (p) => ({ code: 1, stdout: '', stderr: `function-guardrails: cannot read the version: ${p} is not the package.json of function-guardrails\n` }),
    },
    {
      name: 'no version',
      reason: 'a version must be there to be printed',
      packageJson: JSON.stringify({ name: 'function-guardrails', type: 'module' }),
      args: ['--version'],
      want: (p) => ({ code: 1, stdout: '', stderr: `function-guardrails: cannot read the version: ${p} has no version\n` }),
    },
    {
      name: 'no package.json, serving',
      reason: 'the server does not start without a version to log',
      packageJson: undefined,
      args: ['--insecure', '--address', '127.0.0.1:0'],
      want: (p) => ({ code: 1, stdout: '', stderr: `function-guardrails: cannot read the version from ${p}: ENOENT: no such file or directory, open '${p}'\n` }),
    },
  ];
  it.each(cases)('$name', async ({ packageJson, args, want }) => {
    expect(await versionOf(packageJson, args)).toEqual(want(path()));
  });
});
