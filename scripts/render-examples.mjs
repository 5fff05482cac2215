/**
 * What `crossplane render examples/<xr> examples/composition.yaml
 * examples/functions.yaml` hands function-guardrails, without Crossplane:
 * the Composition's first step is function-patch-and-transform, which
 * cannot run here, so this plays it for the subset the examples use — each
 * resource's `base`, then its FromCompositeFieldPath patches (a missing
 * source field skips the patch, as patch-and-transform does by default).
 *
 * Used by test/examples.test.ts and test/surfaces.test.ts (through
 * render-examples.d.mts) and by `npm run demo` (scripts/demo.mjs). It reads
 * field paths with the built dist/lang/fieldpath.js: run `npm run build`
 * first (npm test and npm run demo do).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { getPath, isObject, parseFieldPath } from '../dist/lang/fieldpath.js';

export const EXAMPLES_DIR = new URL('../examples/', import.meta.url);
export const COMPOSITION_FILE = new URL('composition.yaml', EXAMPLES_DIR);
export const APPROVAL_FILE = new URL('approval/approval.yaml', EXAMPLES_DIR);
export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

/** Every example XR, relative to examples/: the compliant one, the bad ones, the one held for approval. */
export const EXAMPLES = [
  'xr.yaml',
  ...readdirSync(new URL('bad/', EXAMPLES_DIR))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `bad/${f}`),
  'approval/oversized-database.yaml',
];

export function readExample(path) {
  return readFileSync(new URL(path, EXAMPLES_DIR), 'utf8');
}

/** The Composition's steps: the composing one, then guardrails. */
export function pipeline() {
  const composition = parse(readFileSync(COMPOSITION_FILE, 'utf8'));
  const [compose, guardrails] = composition.spec.pipeline;
  return { composition, compose, guardrails };
}

/** What function-patch-and-transform would hand on for this XR, by composition resource name. */
export function patchAndTransform(xr) {
  const { compose } = pipeline();
  const out = {};
  for (const r of compose.input.resources ?? []) {
    const resource = JSON.parse(JSON.stringify(r.base));
    for (const p of r.patches ?? []) {
      if (p.type !== 'FromCompositeFieldPath') throw new Error(`the example renderer does not play patch type ${p.type}`);
      const value = getPath(xr, segments(p.fromFieldPath));
      if (value !== undefined) setPath(resource, segments(p.toFieldPath), value);
    }
    out[r.name] = resource;
  }
  return out;
}

/**
 * The example as `crossplane render` prints what reaches guardrails: the
 * XR, then each composed resource with the metadata render adds (its name
 * annotated, the composite label, generateName, the owner reference).
 */
export function renderExample(path) {
  const xr = parse(readExample(path));
  const docs = [xr];
  for (const [name, resource] of Object.entries(patchAndTransform(xr))) {
    const metadata = {
      ...(resource.metadata ?? {}),
      annotations: { ...(resource.metadata?.annotations ?? {}), [COMPOSITION_RESOURCE_NAME]: name },
      generateName: `${xr.metadata.name}-`,
      labels: { ...(resource.metadata?.labels ?? {}), 'crossplane.io/composite': xr.metadata.name },
      ownerReferences: [{ apiVersion: xr.apiVersion, kind: xr.kind, name: xr.metadata.name, uid: '', controller: true, blockOwnerDeletion: true }],
    };
    docs.push({ ...resource, metadata });
  }
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

function segments(path) {
  const parsed = parseFieldPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.segments;
}

function setPath(obj, path, value) {
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    const next = cur[String(seg)];
    cur = isObject(next) ? next : (cur[String(seg)] = {});
  }
  cur[String(path.at(-1))] = value;
}
