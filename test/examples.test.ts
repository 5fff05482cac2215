/**
 * Runs every example in examples/ through the real server, as
 * `crossplane render examples/<xr> examples/composition.yaml examples/functions.yaml`
 * would, and compares what function-guardrails answers with the output
 * checked in under examples/expected/. After an intended change, refresh
 * them with `UPDATE_EXAMPLES=1 npm test`.
 *
 * The composition's first step is function-patch-and-transform, which cannot
 * run here; the test plays it for the subset the example uses: each
 * resource's `base`, then its FromCompositeFieldPath patches (a missing
 * source field skips the patch, as patch-and-transform does by default).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { getPath, isObject, parseFieldPath, type Segment } from '../src/engine/fieldpath.js';
import { serveDuringSuite, type JsonObject } from './e2e/harness.js';

const dir = new URL('../examples/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, dir), 'utf8');

interface Patch {
  type: string;
  fromFieldPath: string;
  toFieldPath: string;
}
interface Step {
  step: string;
  functionRef: { name: string };
  input: JsonObject & { resources?: { name: string; base: JsonObject; patches?: Patch[] }[] };
}

const composition = parse(read('composition.yaml')) as { spec: { pipeline: Step[] } };
const [compose, guardrails] = composition.spec.pipeline as [Step, Step];

const examples = ['xr.yaml', ...readdirSync(new URL('bad/', dir)).sort().map((f) => `bad/${f}`)];

/** What function-patch-and-transform would hand on for this XR. */
function patchAndTransform(xr: JsonObject): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const r of compose.input.resources ?? []) {
    const resource = structuredClone(r.base);
    for (const p of r.patches ?? []) {
      if (p.type !== 'FromCompositeFieldPath') throw new Error(`the example test does not play patch type ${p.type}`);
      const value = getPath(xr, segments(p.fromFieldPath));
      if (value !== undefined) setPath(resource, segments(p.toFieldPath), value);
    }
    out[r.name] = resource;
  }
  return out;
}

function segments(path: string): Segment[] {
  const parsed = parseFieldPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.segments;
}

function setPath(obj: JsonObject, path: Segment[], value: unknown): void {
  let cur: Record<string, unknown> = obj;
  for (const seg of path.slice(0, -1)) {
    const next = cur[String(seg)];
    cur = isObject(next) ? next : (cur[String(seg)] = {});
  }
  cur[String(path.at(-1))] = value;
}

const server = serveDuringSuite();

describe('examples', () => {
  it('run function-guardrails locally under crossplane render, after the step that composes', () => {
    const functions = parseAllDocuments(read('functions.yaml')).map((d) => d.toJS());
    const local = functions.find((f) => f.metadata.name === guardrails.functionRef.name);
    expect(local.metadata.annotations['render.crossplane.io/runtime']).toBe('Development');
    expect(composition.spec.pipeline.map((s) => s.functionRef.name)).toEqual(['function-patch-and-transform', 'function-guardrails']);
  });

  it.each(examples)('%s gives the checked-in output', async (example) => {
    const xr = parse(read(example)) as JsonObject;
    const rsp = await server.rpc.runJson({
      meta: { tag: example, capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS'] },
      observed: { composite: { resource: xr } },
      desired: { resources: Object.fromEntries(Object.entries(patchAndTransform(xr)).map(([n, r]) => [n, { resource: r }])) },
      input: guardrails.input,
    });
    const got = stringify(
      {
        resources: Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.resource])),
        conditions: rsp.conditions,
        results: rsp.results ?? [],
      },
      { lineWidth: 0 },
    );
    const expected = new URL(`expected/${example.replace('bad/', 'bad-')}`, dir);
    if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(expected, `# function-guardrails output for examples/${example}; refresh with UPDATE_EXAMPLES=1 npm test\n${got}`);
    expect(existsSync(expected), `${expected.pathname} is missing: run UPDATE_EXAMPLES=1 npm test`).toBe(true);
    expect(got).toBe(readFileSync(expected, 'utf8').split('\n').slice(1).join('\n'));
  });
});
