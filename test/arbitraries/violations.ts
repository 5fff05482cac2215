/**
 * The catalog's violation fixtures (test/violations.ts), moved to any other
 * form an agent could give the same request: another served version or the
 * other group of the kind (single nested blocks re-rendered as that version
 * renders them), extra fields anywhere, carried by provider-kubernetes
 * Objects of either group. The unsafe value at stake stays as it is.
 */
import fc from 'fast-check';
import { resourceType } from '../../src/engine/gvk.js';
import type { Shape } from '../../src/engine/schema.js';
import type { KubeObject } from '../../src/engine/types.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { BUILTIN_SCHEMAS } from '../../src/rules/zz_schemas.js';
import { type Group } from '../builders.js';
import type { Violation } from '../violations.js';
import { junk, otherGroup, own, SHAPED_KINDS, wrap } from './resources.js';
import { resourceErrors } from './shape.js';

/** `value` (parameters) as the version of `shape` renders them: a single nested block as an object or a one-element list. */
export function render(value: unknown, shape: Shape | undefined): unknown {
  if (shape === undefined || typeof shape === 'string') return value;
  if (Array.isArray(shape)) {
    const fields = shape[0] as Shape;
    if (isObject(value)) return [render(value, fields)];
    return Array.isArray(value) ? value.map((v) => render(v, fields)) : value;
  }
  const block = Array.isArray(value) && value.length === 1 && isObject(value[0]) ? value[0] : value;
  if (!isObject(block)) return value;
  return own(Object.entries(block).map(([k, v]) => [k, Object.hasOwn(shape, k) ? render(v, (shape as Record<string, Shape>)[k]) : v] as const));
}

/** `obj` as `apiVersion`, its parameter blocks rendered as that version renders them (where its shape is known). */
export function asVersion(obj: KubeObject, apiVersion: string): KubeObject {
  const out = structuredClone(obj);
  out.apiVersion = apiVersion;
  const shape = BUILTIN_SCHEMAS.get(`${apiVersion}|${String(obj.kind)}`);
  const spec = isObject(out.spec) ? out.spec : undefined;
  if (spec !== undefined && shape !== undefined) {
    for (const block of ['forProvider', 'initProvider']) if (spec[block] !== undefined) spec[block] = render(spec[block], shape);
  }
  return out;
}

/**
 * The apiVersions the same request can be written in: every served version
 * and group of the kind with a known shape where it keeps every field (an
 * unknown field would be pruned by the API server, so the unsafe value would
 * not reach the provider); for a kind with no known shape, the versions and
 * groups that render blocks the same way.
 */
export function versionsOf(obj: KubeObject): string[] {
  const type = resourceType(obj);
  if (type?.cloud === undefined) return [String(obj.apiVersion)];
  const before = new Set(resourceErrors(obj));
  const shaped = SHAPED_KINDS.filter(([apiVersion, kind]) => kind === type.kind && resourceType({ apiVersion, kind })?.ref === type.ref).map(([apiVersion]) => apiVersion);
  const keep = shaped.filter((apiVersion) => resourceErrors(asVersion(obj, apiVersion)).every((e) => before.has(e)));
  const out = new Set([type.apiVersion, ...keep]);
  if (!BUILTIN_SCHEMAS.has(`${type.apiVersion}|${type.kind}`)) {
    const base = (type.namespaced ? otherGroup(type.apiVersion) : type.apiVersion).replace(/\/[^/]+$/, '');
    const same =
      type.blocks === 'array'
        ? ['v1alpha1', 'v1beta1'].map((v) => `${base}/${v}`)
        : [...['v1beta2', 'v1beta3', 'v1'].map((v) => `${base}/${v}`), ...['v1beta1', 'v1beta2'].map((v) => otherGroup(`${base}/${v}`))];
    for (const v of same) if (!BUILTIN_SCHEMAS.has(`${v}|${type.kind}`)) out.add(v);
  }
  return [...out].sort();
}

/** Every path to an object node of `v` (the root included). */
function objectNodes(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) v.forEach((x) => objectNodes(x, out));
  else if (isObject(v)) {
    out.push(v);
    for (const x of Object.values(v)) objectNodes(x, out);
  }
  return out;
}

/** `obj` with fields no kind has (`x-...`) added at the chosen object nodes (a copy). */
export function withExtras(obj: KubeObject, extras: readonly (readonly [number, string, unknown])[]): KubeObject {
  const out = structuredClone(obj);
  for (const [pick, suffix, value] of extras) {
    const nodes = objectNodes(out);
    const node = nodes[pick % nodes.length]!;
    const name = `x-${suffix}`;
    if (!Object.hasOwn(node, name)) Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export interface Variant {
  /** The request's form, for the failure message. */
  form: string;
  desired: Record<string, KubeObject>;
}

/** A form of violation `v` with its target composed as `target`: version, extras, carriers (siblings carried alike where the relation needs it). */
export function variant(v: Violation, version: string, extras: readonly (readonly [number, string, unknown])[], groups: readonly Group[]): Variant {
  const target = wrap(withExtras(asVersion(v.target, version), extras), groups);
  const together = new Set(v.carriedWith?.names ?? []);
  const siblings = Object.entries(v.siblings ?? {}).map(([name, obj]) => [name, together.has(name) ? wrap(obj, groups) : obj] as const);
  return { form: `${version} ${v.target.kind as string}, ${extras.length} extra fields, carried by [${groups.join(', ')}]`, desired: { ...Object.fromEntries(siblings), target } };
}

/** Extra fields: where (a node index), a name suffix, and a value of any type. */
export const extras = fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 6 }), junk), { maxLength: 3 });
