/**
 * Runs every example in examples/ through the real server, as
 * `crossplane render examples/<xr> examples/composition.yaml examples/functions.yaml`
 * would, and compares what function-guardrails answers with the output
 * checked in under test/golden/ (kept out of examples/, which holds only
 * Kubernetes objects: `crossplane xpkg build` packs it). After an intended
 * change, refresh them with `UPDATE_EXAMPLES=1 npm test`.
 *
 * The composition's first step is function-patch-and-transform, which cannot
 * run here; scripts/render-examples.mjs plays it for the subset the example
 * uses (also for test/surfaces.test.ts and npm run demo).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { EXAMPLES, EXAMPLES_DIR as dir, patchAndTransform, pipeline } from '../scripts/render-examples.mjs';
import { reconcile } from './e2e/crossplane.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './e2e/harness.js';

const golden = new URL('golden/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, dir), 'utf8');

const { composition, guardrails } = pipeline();

const examples = EXAMPLES.filter((e) => !e.startsWith('approval/'));

const server = serveDuringSuite();

describe('examples', () => {
  it('run function-guardrails locally under crossplane render, after the step that composes', () => {
    const functions = parseAllDocuments(read('functions.yaml')).map((d) => d.toJS());
    const local = functions.find((f) => f.metadata.name === guardrails.functionRef.name);
    expect(local.metadata.annotations['render.crossplane.io/runtime']).toBe('Development');
    expect(composition.spec.pipeline.map((s) => s.functionRef.name)).toEqual(['function-patch-and-transform', 'function-guardrails']);
  });

  it.each(examples)('%s gives the checked-in output', async (example) => {
    const rsp = await server.rpc.runJson(requestFor(example, ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS']));
    matchesExpected(example.replace('bad/', 'bad-'), `examples/${example}`, rsp);
  });

  it('holds the oversized database of examples/approval/ until the approval there releases it', async () => {
    const example = 'approval/oversized-database.yaml';
    const req = requestFor(example, ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES']);
    const held = await reconcile(server.rpc, req);
    matchesExpected('approval-held.yaml', `examples/${example}, before approval`, held.rsp);
    const digest = /approves digest (sha256-[0-9a-f]{64})/.exec(held.rsp.conditions?.[0]?.message ?? '')?.[1];
    expect(digest).toBeDefined();

    const approvalFile = new URL('approval/approval.yaml', dir);
    if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(approvalFile, approvalYaml(digest!));
    const approval = parse(readFileSync(approvalFile, 'utf8')) as JsonObject;
    expect(Object.keys(approval.data as object), 'examples/approval/approval.yaml approves another digest: run UPDATE_EXAMPLES=1 npm test').toEqual([digest]);
    const released = await reconcile(server.rpc, req, [approval]);
    matchesExpected('approval-released.yaml', `examples/${example}, after examples/approval/approval.yaml`, released.rsp);
  });
});

/** What Crossplane would send function-guardrails for an example XR, after the compose step. */
function requestFor(example: string, capabilities: string[]): JsonRequest {
  const xr = parse(read(example)) as JsonObject;
  return {
    meta: { tag: example, capabilities },
    observed: { composite: { resource: xr } },
    desired: { resources: Object.fromEntries(Object.entries(patchAndTransform(xr)).map(([n, r]) => [n, { resource: r }])) },
    input: guardrails.input,
  };
}

/** Compares the response with test/golden/<file>, or writes it there under UPDATE_EXAMPLES=1. */
function matchesExpected(file: string, what: string, rsp: JsonResponse): void {
  const got = stringify(
    {
      resources: Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.resource])),
      conditions: rsp.conditions,
      results: rsp.results ?? [],
    },
    { lineWidth: 0 },
  );
  const expected = new URL(file, golden);
  if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(expected, `# function-guardrails output for ${what}; refresh with UPDATE_EXAMPLES=1 npm test\n${got}`);
  expect(existsSync(expected), `${expected.pathname} is missing: run UPDATE_EXAMPLES=1 npm test`).toBe(true);
  expect(got).toBe(readFileSync(expected, 'utf8').split('\n').slice(1).join('\n'));
}

/** The approval a person creates for the example (what the approve command in the held message makes). */
function approvalYaml(digest: string): string {
  return [
    '# The approval that releases examples/approval/oversized-database.yaml: what the',
    "# command in its GuardrailsCompliant condition creates. Created by a person (or",
    '# their change-management pipeline) with write access to crossplane-system; AI',
    '# agents must not have it. Refreshed by UPDATE_EXAMPLES=1 npm test.',
    stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `guardrails-approval-${digest.slice(7, 23)}`, namespace: 'crossplane-system', labels: { 'guardrails.fn.crossplane.io/approvals': 'true' } },
      data: { [digest]: 'maria.lopez@example.com: quarterly analytics backfill needs 4xlarge until 2027-01-15, ticket DATA-311' },
    }).trimEnd(),
    '',
  ].join('\n');
}
