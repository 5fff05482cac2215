/**
 * From documents to a CheckRequest: what the CLI and the MCP server both
 * hand to `check`, built one way.
 *
 * - Composed resources are named by their `crossplane.io/composition-resource-name`
 *   annotation (what `crossplane render` prints). On such a resource the
 *   metadata `crossplane render` adds after the pipeline ran, as Crossplane
 *   does before it applies, is taken off, since the function never sees it
 *   (and an approval digest binds labels, annotations and generateName):
 *   that annotation, the `crossplane.io/composite`, `crossplane.io/claim-name`
 *   and `crossplane.io/claim-namespace` labels, the ownerReferences, and a
 *   generateName of `<XR name>-`. One without the annotation is named by
 *   `<kind>-<metadata.name>` in lower case (`<kind>-<n>` without a name),
 *   with `-2`, `-3` added where two would be the same.
 * - The XR, unless given apart: the first document that is not a composed
 *   resource, that is, one without the annotation, without
 *   `spec.forProvider`, not of an Upbound provider group and not of
 *   Kubernetes' own groups (core, apps, batch, `*.k8s.io`, ...). Without
 *   one, PLACEHOLDER_XR. `render.crossplane.io` documents (the Results and
 *   Context `crossplane render` prints) are left out.
 * - The Input: a `Guardrails` object, or a Composition whose pipeline has
 *   one guardrails step. That step is the one whose input is of kind
 *   `Guardrails` in `guardrails.fn.crossplane.io`; where no step has such
 *   an input, the one whose `functionRef.name` contains "guardrails". Two
 *   such steps are an error (which one was meant is not for the CLI to
 *   guess); a step without input is the baseline, as in the cluster.
 * - Approvals: the ConfigMaps given; none given is none granted, so
 *   whatever needs approval is held (never refused for want of an approval
 *   store, as on a Crossplane that cannot read one).
 */
import type { CheckRequest } from '../check.js';
import { isObject } from '../lang/fieldpath.js';
import { kubernetesBuiltin, resourceType } from '../engine/gvk.js';
import type { KubeObject } from '../engine/types.js';
import { API_VERSION, KIND } from '../input/schema.js';
import { InputError, where, type Doc } from './documents.js';

export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

/** The XR used when none is given or found: it has no labels, so tags read from the XR are missing. */
export const PLACEHOLDER_XR: KubeObject = { apiVersion: 'guardrails.fn.crossplane.io/v1alpha1', kind: 'PlaceholderComposite', metadata: { name: 'placeholder' } };

/** What was given, as documents. */
export interface Sources {
  /** The composed resources (and, unless `xr` is given, maybe the XR). */
  resources: readonly Doc[];
  /** Where `resources` were read from (files, `-`, an MCP argument), for messages. */
  from: readonly string[];
  xr?: readonly Doc[];
  /** Observed composed resources, named as `resources` are. */
  observed?: readonly Doc[];
  /** A Guardrails input or a Composition. */
  input?: readonly Doc[];
  /** Approval ConfigMaps. */
  approvals?: readonly Doc[];
}

/** A CheckRequest and the documents it was built from, to locate what the decision names. */
export interface Built {
  request: CheckRequest;
  /** The document of each composed resource, by composition resource name. */
  docs: ReadonlyMap<string, Doc>;
  /** Where the XR came from; undefined for the placeholder. */
  composite?: Doc;
  /** Where the Input came from (`examples/composition.yaml:87`), or undefined for the baseline. */
  inputFrom?: string;
}

export function buildRequest(s: Sources, now: number): Built {
  const resources = s.resources.filter((d) => !renderOutput(d.object));
  let composite: Doc | undefined;
  if (s.xr !== undefined) {
    const xrs = s.xr.filter((d) => !renderOutput(d.object));
    if (xrs.length !== 1) throw new InputError(`${s.xr[0]?.source ?? 'xr'}: expected one XR, found ${xrs.length}`);
    composite = xrs[0];
  } else {
    composite = resources.find((d) => !composed(d.object));
  }
  const desired = named(resources.filter((d) => d !== composite));
  // Nothing to judge is an error, not a pass: an empty render would otherwise go through CI as compliant.
  if (desired.size === 0) {
    throw new InputError(`${s.from.join(', ')}: no composed resources to check${composite !== undefined && s.xr === undefined ? ` (${where(composite.source, composite.line)} is taken as the XR)` : ''}`);
  }
  const observed = named((s.observed ?? []).filter((d) => !renderOutput(d.object) && composed(d.object)));
  const input = s.input === undefined ? undefined : inputOf(s.input);
  const request: CheckRequest = {
    input: input?.value,
    composite: composite?.object ?? structuredClone(PLACEHOLDER_XR),
    observed: Object.fromEntries([...observed].map(([n, d]) => [n, d.object])),
    desired: Object.fromEntries([...desired].map(([n, d]) => [n, unrendered(d.object, composite?.object)])),
    approvals: (s.approvals ?? []).map((d) => d.object),
    now,
  };
  return { request, docs: desired, ...(composite !== undefined ? { composite } : {}), ...(input !== undefined ? { inputFrom: input.from } : {}) };
}

/** Labels Crossplane sets on every composed resource after the pipeline ran. */
const RENDERED_LABELS = ['crossplane.io/composite', 'crossplane.io/claim-name', 'crossplane.io/claim-namespace'];

/** A composed resource as the function sees it in the pipeline: without what `crossplane render` adds (see the module comment). */
function unrendered(o: KubeObject, xr: KubeObject | undefined): KubeObject {
  if (annotation(o) === undefined || !isObject(o.metadata)) return o;
  const { ownerReferences: _owners, ...metadata } = o.metadata;
  const without = (map: unknown, keys: readonly string[]) => (isObject(map) ? Object.fromEntries(Object.entries(map).filter(([k]) => !keys.includes(k))) : map);
  const annotations = without(metadata.annotations, [COMPOSITION_RESOURCE_NAME]);
  const labels = without(metadata.labels, RENDERED_LABELS);
  const xrName = isObject(xr?.metadata) ? xr.metadata.name : undefined;
  const out: Record<string, unknown> = { ...metadata, annotations, labels };
  if (isObject(annotations) && Object.keys(annotations).length === 0) delete out.annotations;
  if (isObject(labels) && Object.keys(labels).length === 0) delete out.labels;
  if (typeof xrName === 'string' && out.generateName === `${xrName}-`) delete out.generateName;
  if (metadata.labels === undefined) delete out.labels;
  if (metadata.annotations === undefined) delete out.annotations;
  return { ...o, metadata: out };
}

/** `crossplane render`'s own documents: results and context, not resources. */
function renderOutput(o: KubeObject): boolean {
  return typeof o.apiVersion === 'string' && o.apiVersion.startsWith('render.crossplane.io/');
}

/** A composed resource rather than an XR: see the module comment. */
function composed(o: KubeObject): boolean {
  if (annotation(o) !== undefined) return true;
  if (isObject(o.spec) && 'forProvider' in o.spec) return true;
  const type = resourceType(o);
  return type === undefined || type.cloud !== undefined || kubernetesBuiltin(type);
}

function annotation(o: KubeObject): string | undefined {
  const annotations = isObject(o.metadata) && isObject(o.metadata.annotations) ? o.metadata.annotations : {};
  const name = annotations[COMPOSITION_RESOURCE_NAME];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Documents by composition resource name, in order; a name given twice by annotation is an error. */
function named(docs: readonly Doc[]): Map<string, Doc> {
  const out = new Map<string, Doc>();
  const unnamed: Doc[] = [];
  for (const d of docs) {
    const name = annotation(d.object);
    if (name === undefined) unnamed.push(d);
    else if (out.has(name)) throw new InputError(`${where(d.source, d.line)}: composition resource name "${name}" is also used at ${where(out.get(name)!.source, out.get(name)!.line)}`);
    else out.set(name, d);
  }
  unnamed.forEach((d, i) => {
    const meta = isObject(d.object.metadata) ? d.object.metadata : {};
    const base = `${String(d.object.kind).toLowerCase()}-${typeof meta.name === 'string' && meta.name !== '' ? meta.name : String(i + 1)}`;
    let name = base;
    for (let n = 2; out.has(name); n++) name = `${base}-${n}`;
    out.set(name, d);
  });
  return out;
}

/** The raw Input from a Guardrails object or a Composition (see the module comment), and where it was. */
export function inputOf(docs: readonly Doc[]): { value: unknown; from: string } {
  const inputs = docs.filter((d) => isGuardrails(d.object));
  const compositions = docs.filter((d) => d.object.kind === 'Composition' && String(d.object.apiVersion).startsWith('apiextensions.crossplane.io/'));
  const source = docs[0]?.source ?? 'input';
  if (inputs.length + compositions.length !== 1) {
    throw new InputError(`${source}: expected one ${KIND} input (${API_VERSION}) or one Composition, found ${inputs.length + compositions.length}`);
  }
  if (inputs[0] !== undefined) return { value: inputs[0].object, from: where(inputs[0].source, inputs[0].line) };
  const c = compositions[0]!;
  const step = guardrailsStep(c);
  if (step.step === undefined) throw new InputError(`${where(c.source, c.line)}: ${step.problem}`);
  const line = c.lineOf(`spec.pipeline[${step.index}].input`);
  return { value: step.step.input, from: where(c.source, line) };
}

function isGuardrails(o: unknown): boolean {
  return isObject(o) && o.kind === KIND && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('guardrails.fn.crossplane.io/');
}

export type Step = { step: string; functionRef?: { name?: unknown }; input?: unknown };

/**
 * The guardrails step of a Composition: the one step whose input is a
 * Guardrails object, else the one whose function's name contains
 * "guardrails"; with its index, or the problem.
 */
export function guardrailsStep(composition: Doc): { step: Step; index: number; steps: Step[] } | { step: undefined; problem: string } {
  const spec = composition.object.spec;
  const pipeline = isObject(spec) ? spec.pipeline : undefined;
  if (!Array.isArray(pipeline)) return { step: undefined, problem: 'the Composition has no spec.pipeline (guardrails runs only in a Pipeline-mode Composition)' };
  const steps = pipeline.map((s: unknown) => (isObject(s) ? s : {})) as Step[];
  const byInput = steps.flatMap((s, i) => (isGuardrails(s.input) ? [i] : []));
  const byName = steps.flatMap((s, i) => (isObject(s.functionRef) && typeof s.functionRef.name === 'string' && s.functionRef.name.includes('guardrails') ? [i] : []));
  const found = byInput.length > 0 ? byInput : byName;
  if (found.length === 0) return { step: undefined, problem: `the Composition's pipeline has no guardrails step (no step with a ${KIND} input, no function named *guardrails*)` };
  if (found.length > 1) return { step: undefined, problem: `the Composition's pipeline has ${found.length} guardrails steps (${found.map((i) => JSON.stringify(steps[i]!.step)).join(', ')}); pass the one to check with --input as a ${KIND} file` };
  return { step: steps[found[0]!]!, index: found[0]!, steps };
}
