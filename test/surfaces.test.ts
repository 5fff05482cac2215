/**
 * The three ways in give the same verdict: every example in examples/
 * through the gRPC server (as Crossplane calls it after the composing step,
 * approvals read as required resources), and, rendered as `crossplane
 * render` prints it (scripts/render-examples.mjs), through the CLI (`node
 * dist/main.js check --output json`) and the MCP server (the SDK's client
 * over stdio). Each must give the same GuardrailsCompliant condition
 * (status, reason, message) and the same resulting resources.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APPROVAL_FILE, COMPOSITION_FILE, EXAMPLES, patchAndTransform, pipeline, readExample, renderExample } from '../scripts/render-examples.mjs';
import { reconcile } from './e2e/crossplane.js';
import { serveDuringSuite, type JsonObject, type JsonRequest } from './e2e/harness.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'guardrails-surfaces-'));
const server = serveDuringSuite();
let client: Client;

beforeAll(async () => {
  client = new Client({ name: 'guardrails-surfaces', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'mcp'], stderr: 'pipe' }));
});
afterAll(async () => {
  await client?.close();
});

interface Verdict {
  condition: { status: string; reason: string; message: string };
  resources: Record<string, unknown>;
}

/** The reason each example's condition gives, so that agreeing cannot mean all three failing alike. */
const REASON: Record<string, string> = {
  'xr.yaml': 'Remediated',
  'bad/no-owner.yaml': 'Denied',
  'bad/open-ssh.yaml': 'Denied',
  'bad/public-database.yaml': 'Denied',
  'approval/oversized-database.yaml': 'ApprovalRequired',
};

/** Every example, and the held one again with its approval. */
const cases = EXAMPLES.flatMap((example) => [
  { name: example, example, approved: false, reason: REASON[example] },
  ...(example.startsWith('approval/') ? [{ name: `${example} with examples/approval/approval.yaml`, example, approved: true, reason: 'Remediated' }] : []),
]);

/** What Crossplane sends after the composing step: the XR observed, its resources desired by name, approvals as required resources. */
async function viaGrpc(example: string, approved: boolean): Promise<Verdict> {
  const xr = parse(readExample(example)) as JsonObject;
  const req: JsonRequest = {
    meta: { tag: 'surfaces', capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: { composite: { resource: xr } },
    desired: { resources: Object.fromEntries(Object.entries(patchAndTransform(xr)).map(([n, r]) => [n, { resource: r }])) },
    input: pipeline().guardrails.input,
  };
  const { rsp } = await reconcile(server.rpc, req, approved ? [parse(readFileSync(APPROVAL_FILE, 'utf8')) as JsonObject] : []);
  const c = rsp.conditions?.[0];
  return {
    condition: { status: c?.status === 'STATUS_CONDITION_TRUE' ? 'True' : 'False', reason: c?.reason ?? '', message: c?.message ?? '' },
    resources: Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.resource])),
  };
}

function viaCli(file: string, approved: boolean): Verdict & { exitCode: number; status: number | null } {
  const approvals = approved ? ['--approvals', fileURLToPath(APPROVAL_FILE)] : [];
  const r = spawnSync(process.execPath, [MAIN, 'check', '--output', 'json', '--input', fileURLToPath(COMPOSITION_FILE), ...approvals, file], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { verdict: Verdict & { exitCode: number }; resources: Record<string, unknown> };
  return { condition: report.verdict.condition, resources: report.resources, exitCode: report.verdict.exitCode, status: r.status };
}

async function viaMcp(rendered: string, approved: boolean): Promise<Verdict> {
  const r = (await client.callTool({
    name: 'check_resources',
    arguments: { resources: rendered, input: readFileSync(COMPOSITION_FILE, 'utf8'), ...(approved ? { approvals: readFileSync(APPROVAL_FILE, 'utf8') } : {}) },
  })) as { isError?: boolean; structuredContent?: { verdict: Verdict; resources: Record<string, unknown> } };
  expect(r.isError ?? false).toBe(false);
  return { condition: r.structuredContent!.verdict.condition, resources: r.structuredContent!.resources };
}

describe('the gRPC server, the CLI and the MCP server agree', () => {
  it.each(cases)('$name', async ({ example, approved, reason }) => {
    const rendered = renderExample(example);
    const file = join(dir, example.replaceAll('/', '-'));
    writeFileSync(file, rendered);
    const grpc = await viaGrpc(example, approved);
    const { exitCode, status, ...cli } = viaCli(file, approved);
    const mcp = await viaMcp(rendered, approved);
    expect(grpc.condition.reason).toBe(reason);
    expect(cli).toEqual(grpc);
    expect(mcp).toEqual(grpc);
    // The exit code follows the verdict: 0 where the condition is True, 1 where the request is refused or held.
    expect({ exitCode, status }).toEqual(grpc.condition.status === 'True' ? { exitCode: 0, status: 0 } : { exitCode: 1, status: 1 });
  });
});
