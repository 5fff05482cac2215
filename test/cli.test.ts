/**
 * The built binary, as CI and people run it: `node dist/main.js check ...`
 * with standard input, exit codes and standard error from a real process.
 * src/cli/main.test.ts covers the rest in process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const COMPOSITION = fileURLToPath(new URL('../examples/composition.yaml', import.meta.url));

const XR = { apiVersion: 'platform.example.org/v1alpha1', kind: 'AppStack', metadata: { name: 'p', namespace: 'team', labels: { team: 'payments' } } };
const bucket = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 's3.aws.m.upbound.io/v1beta1',
  kind: 'Bucket',
  metadata: { name: 'assets', annotations: { 'crossplane.io/composition-resource-name': 'assets' } },
  spec: { forProvider: { region: 'eu-west-1', ...extra } },
});
const ingress = (cidr: string) => ({
  apiVersion: 'ec2.aws.m.upbound.io/v1beta1',
  kind: 'SecurityGroupIngressRule',
  metadata: { name: 'ssh', annotations: { 'crossplane.io/composition-resource-name': 'ssh' } },
  spec: { forProvider: { region: 'eu-west-1', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: cidr } },
});
const stream = (...docs: object[]) => docs.map((d) => JSON.stringify(d)).join('\n---\n');

describe('function-guardrails check, as a process', () => {
  const cases = [
    { name: 'remediated: exit 0', reason: 'what is missing is injected', stdin: stream(XR, bucket()), want: { status: 0, stdout: /^~ assets \(-:\d+\): function-guardrails sets\n/m, stderr: '' } },
    { name: 'refused: exit 1', reason: 'SSH from anywhere', stdin: stream(XR, ingress('0.0.0.0/0')), want: { status: 1, stdout: /^aws-ec2-sg-open-admin-ports Deny ssh spec\.forProvider\.cidrIpv4 \(-:\d+\)$/m, stderr: '' } },
    { name: 'broken YAML: exit 2', reason: 'file and line named, no stack trace', stdin: 'apiVersion: v1\nkind: [\n', want: { status: 2, stdout: /^$/, stderr: /^function-guardrails: -:3: invalid YAML: [^\n]+\n$/ } },
    { name: 'no kind: exit 2', reason: 'not a Kubernetes object', stdin: '{"apiVersion": "v1"}', want: { status: 2, stdout: /^$/, stderr: 'function-guardrails: -:1: a document has no kind\n' } },
  ];
  it.each(cases)('$name', ({ stdin, want }) => {
    const r = spawnSync(process.execPath, [MAIN, 'check', '--input', COMPOSITION, '-'], { input: stdin, encoding: 'utf8' });
    expect(r.status).toBe(want.status);
    expect(r.stdout).toMatch(want.stdout);
    if (typeof want.stderr === 'string') expect(r.stderr).toBe(want.stderr);
    else expect(r.stderr).toMatch(want.stderr);
  });

  it('prints the usage and exits 2 for a bad flag, without starting the server', () => {
    const r = spawnSync(process.execPath, [MAIN, 'check', '--nope', 'x.yaml'], { encoding: 'utf8', timeout: 10_000 });
    expect({ status: r.status, first: r.stderr.split('\n')[0]?.startsWith("function-guardrails: Unknown option '--nope'."), usage: r.stderr.includes('Usage:\n  function-guardrails check') }).toEqual({ status: 2, first: true, usage: true });
  });
});
