/**
 * The MCP server, as an agent's client sees it: the SDK's own Client over
 * stdio, talking to `node dist/main.js mcp` (npm test builds first).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const COMPOSITION = readFileSync(new URL('../../examples/composition.yaml', import.meta.url), 'utf8');

const XR = `apiVersion: platform.example.org/v1alpha1
kind: AppStack
metadata:
  name: payments
  namespace: team-payments
  labels:
    team: payments
`;
const OPEN_SSH = `apiVersion: ec2.aws.m.upbound.io/v1beta1
kind: SecurityGroupIngressRule
metadata:
  name: ssh
  annotations:
    crossplane.io/composition-resource-name: admin-ssh
spec:
  forProvider:
    region: eu-west-1
    ipProtocol: tcp
    fromPort: 22
    toPort: 22
    cidrIpv4: 0.0.0.0/0
`;

let client: Client;

beforeAll(async () => {
  client = new Client({ name: 'guardrails-test', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'mcp'], stderr: 'pipe' }));
});

afterAll(async () => {
  await client?.close();
});

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: Record<string, unknown> };
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolResult;

describe('function-guardrails mcp', () => {
  it('offers check_resources, list_rules and explain_rule, each described for a model', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.annotations?.readOnlyHint, (t.description ?? '').length > 100])).toEqual([
      ['check_resources', true, true],
      ['list_rules', true, true],
      ['explain_rule', true, true],
    ]);
  });

  it('check_resources returns the JSON of check --output json as structured content, and as text', async () => {
    const r = await call('check_resources', { resources: OPEN_SSH, xr: XR, input: COMPOSITION });
    const report = r.structuredContent as { verdict: { outcome: string; exitCode: number }; findings: { rule: string; resource: string; path: string; location?: unknown }[] };
    expect({
      isError: r.isError ?? false,
      outcome: report.verdict.outcome,
      exitCode: report.verdict.exitCode,
      finding: report.findings[0],
      text: JSON.parse(r.content[0]?.text ?? 'null'),
    }).toEqual({
      isError: false,
      outcome: 'refused',
      exitCode: 1,
      finding: expect.objectContaining({ rule: 'aws-ec2-sg-open-admin-ports', action: 'Deny', resource: 'admin-ssh', path: 'spec.forProvider.cidrIpv4', location: { file: 'resources', line: 13 } }),
      text: report,
    });
  });

  it('check_resources takes JSON, and the baseline without an input', async () => {
    const r = await call('check_resources', {
      resources: JSON.stringify({ apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', metadata: { name: 'db' }, spec: { forProvider: { region: 'eu-west-1' } } }),
    });
    const report = r.structuredContent as { verdict: { outcome: string }; mutations: { path: string }[] };
    expect({ outcome: report.verdict.outcome, storageEncrypted: report.mutations.some((m) => m.path === 'spec.forProvider.storageEncrypted') }).toEqual({ outcome: 'remediated', storageEncrypted: true });
  });

  const bad = [
    { name: 'broken YAML', reason: 'named by argument and line', args: { resources: 'apiVersion: v1\nkind: [\n' }, want: /^resources:3: invalid YAML: / },
    { name: 'no resources', reason: 'nothing to judge is not a pass', args: { resources: '' }, want: /^resources: no composed resources to check$/ },
    { name: 'no kind', reason: 'not a Kubernetes object', args: { resources: '{"apiVersion": "v1"}' }, want: /^resources:1: a document has no kind$/ },
    { name: 'an invalid input', reason: 'validated as the function validates it', args: { resources: OPEN_SSH, input: 'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\nmode: Sometimes\n' }, want: /^input:1: invalid function-guardrails input:\n {2}mode: / },
    { name: 'a Composition without guardrails', reason: 'no input to take', args: { resources: OPEN_SSH, input: 'apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nspec: {}\n' }, want: /^input:1: the Composition has no spec.pipeline/ },
    { name: 'a 50 MB stream', reason: 'bounded work', args: { resources: 'a: b\n'.repeat(10 * 1024 * 1024) }, want: /^the message is larger than 32 MiB; check fewer resources at a time$/ },
    { name: '20 MB of resources', reason: 'within a message, beyond what the function accepts', args: { resources: 'a'.repeat(20 * 1024 * 1024) }, want: /^the arguments are larger than 16 MiB together/ },
  ];
  it.each(bad)('answers a tool error for $name, and keeps serving', async ({ args, want }) => {
    const r = await call('check_resources', args);
    expect({ isError: r.isError, text: r.content[0]?.text }).toEqual({ isError: true, text: expect.stringMatching(want) });
    expect((await call('explain_rule', { rule: 'aws-rds-storage-encrypted' })).isError ?? false).toBe(false);
  });

  it('answers a tool error for a missing argument', async () => {
    const r = await call('check_resources', {});
    expect(r.isError).toBe(true);
  });

  it('list_rules lists the catalog', async () => {
    const r = await call('list_rules', {});
    const rules = (r.structuredContent as { rules: { id: string }[] }).rules;
    expect({ first: rules[0]?.id, has: rules.some((x) => x.id === 'aws-rds-storage-encrypted') }).toEqual({ first: 'guardrails-approval-store', has: true });
  });

  it('explain_rule explains one rule, and refuses an unknown one with similar IDs', async () => {
    const known = await call('explain_rule', { rule: 'aws-rds-storage-encrypted' });
    const unknown = await call('explain_rule', { rule: 'rds-storage' });
    expect({
      fixed: (known.structuredContent as { example: { fixed: unknown[] } }).example.fixed,
      unknown: { isError: unknown.isError, text: unknown.content[0]?.text },
    }).toEqual({
      fixed: [{ path: 'spec.forProvider.storageEncrypted', value: true }],
      unknown: { isError: true, text: expect.stringMatching(/^unknown rule "rds-storage"; similar: .*aws-rds-storage-encrypted/) },
    });
  });
});
