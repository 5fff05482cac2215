/**
 * The Input CRD, generated from the zod schema so the two cannot drift.
 * `npm run generate` writes it to package/input/; a test fails when the
 * committed file is stale, or when it breaks a rule the API server applies
 * to CRD schemas.
 */
import { RE2JS } from '@bufbuild/re2';
import { z } from 'zod';
import { CATALOG } from '../rules/catalog.js';
import { settingsSchema } from './parse.js';
import { GuardrailsSchema, API_VERSION, KIND } from '../input/schema.js';

const [GROUP, VERSION] = API_VERSION.split('/') as [string, string];

/** A node of a schema: JSON Schema on the way in, a Kubernetes structural schema on the way out. */
export type Schema = Record<string, unknown>;

export function inputCrd(): Record<string, unknown> {
  const schema = crdSchema(GuardrailsSchema);
  const properties = schema.properties as Record<string, Schema>;
  // One property per built-in rule, with its action and parameters, so `kubectl explain` lists them.
  const rules = properties.rules!;
  properties.rules = {
    type: 'object',
    description: 'Per built-in rule ID: its action and, where it has any, its parameters. A rule left out runs at its default action.',
    ...(rules.default === undefined ? {} : { default: rules.default }),
    properties: Object.fromEntries(
      CATALOG.map((rule) => {
        const settings = crdSchema(settingsSchema(rule));
        const { action, ...params } = settings.properties as Record<string, Schema>;
        const described = { ...action!, description: `${action!.description as string} Default: ${rule.defaultAction}.` };
        return [rule.id, { ...settings, description: `${rule.title}.`, properties: { action: described, ...params } }];
      }),
    ),
  };
  schema.description = 'Guardrails configures function-guardrails: which rules run, with what action, and which tags every composed resource carries.';
  document(schema, [], 'root');
  // At the root, metadata may only restrict name and generateName: not even a
  // description (apiextensions-apiserver schema/validation.go
  // validateStructuralMetadataInvariants).
  properties.metadata = { type: 'object' };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `guardrails.${GROUP}` },
    spec: {
      group: GROUP,
      names: { categories: ['crossplane'], kind: KIND, listKind: `${KIND}List`, plural: 'guardrails', singular: 'guardrails' },
      scope: 'Namespaced',
      versions: [{ name: VERSION, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/**
 * A zod schema as a Kubernetes structural schema (OpenAPI v3.0 with the
 * API server's restrictions). zod writes OpenAPI 3.0; `structural` then
 * keeps what a CRD accepts, translates what it can (JSON Schema 2020 forms
 * included, should zod write them: numeric exclusive bounds, `const`, type
 * lists, `$defs`, `prefixItems`), and throws, naming the path, on any other
 * keyword or construct, so no zod schema can yield an invalid CRD: the
 * generator fails instead.
 */
export function crdSchema(schema: z.ZodType): Schema {
  return fromJsonSchema(z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'throw', cycles: 'throw', reused: 'inline' }) as Schema);
}

/** A JSON Schema (OpenAPI 3.0 or 2020-12, as zod writes them) as a structural schema, or an error naming what cannot be one. */
export function fromJsonSchema(json: Schema): Schema {
  const definitions = { ...(json.definitions as Record<string, Schema> | undefined), ...(json.$defs as Record<string, Schema> | undefined) };
  return structural(json, { path: [], definitions, resolving: [] });
}

interface Walk {
  path: readonly string[];
  /** Named schemas zod refers to with `$ref`: inlined, since a CRD has no `$ref`. */
  definitions: Record<string, Schema>;
  /** The `$ref`s being inlined on the way here, to refuse a cycle. */
  resolving: readonly string[];
}

/** Keywords a CRD schema accepts as zod writes them. */
const KEPT = new Set([
  'type',
  'description',
  'title',
  'default',
  'enum',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
]);

/**
 * Keywords dropped: annotations a CRD has no field for, and constraints it
 * cannot state; the function's own validation still enforces every one.
 * `format`: the API server knows a few formats, strips the others, and
 * reads some differently (its `duration` is Go's); zod writes a `pattern`
 * beside the formats it checks. `propertyNames`: map keys take no schema.
 * `uniqueItems`: forbidden (quadratic). `$schema`, `$id`, `id`: forbidden.
 */
const DROPPED = new Set([
  '$schema',
  '$id',
  'id',
  '$comment',
  'format',
  'contentEncoding',
  'contentMediaType',
  'readOnly',
  'writeOnly',
  'deprecated',
  'examples',
  'propertyNames',
  'uniqueItems',
]);

/** Keywords handled below by translation; any other keyword is refused. */
const TRANSLATED = new Set(['$ref', 'definitions', '$defs', 'const', 'properties', 'additionalProperties', 'items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not']);

/** What may stay in an `anyOf`/`allOf`/`oneOf` member: value validations only (schema/validation.go validateNestedValueValidation). */
const VALUE_VALIDATIONS = new Set(['enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'required']);

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

function fail(walk: Walk, message: string): never {
  throw new Error(`Input CRD: ${walk.path.length === 0 ? '(root)' : walk.path.join('.')}: ${message}`);
}

function structural(source: Schema, outer: Walk): Schema {
  const [node, walk] = inlineRef(source, outer);
  for (const key of Object.keys(node)) {
    if (!KEPT.has(key) && !DROPPED.has(key) && !TRANSLATED.has(key)) fail(walk, `"${key}" has no Kubernetes structural schema equivalent`);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) if (KEPT.has(key)) out[key] = value;

  typeOf(node, out, walk);
  bounds(out, 'minimum', 'exclusiveMinimum', (a, b) => a > b);
  bounds(out, 'maximum', 'exclusiveMaximum', (a, b) => a < b);
  if (typeof out.pattern === 'string' && !re2(out.pattern)) delete out.pattern; // Go's regexp must compile it; a JS-only pattern is left to the function

  const properties = Object.entries((node.properties as Record<string, Schema> | undefined) ?? {});
  if (properties.length > 0) out.properties = Object.fromEntries(properties.map(([k, v]) => [k, structural(v, at(walk, k))]));
  mapValues(node, out, walk);
  if (node.items !== undefined || node.prefixItems !== undefined) out.items = items(node, walk);
  if (node.not !== undefined) fail(walk, '"not" (z.never() or a negation) has no Kubernetes structural schema equivalent');
  if (node.allOf !== undefined) allOf(node.allOf as Schema[], out, walk);
  if (node.anyOf !== undefined || node.oneOf !== undefined) union(node, out, walk);

  if (out.type === undefined && out['x-kubernetes-int-or-string'] === undefined) {
    if (Object.keys(out).every((k) => k === 'description' || k === 'title' || k === 'default')) out['x-kubernetes-preserve-unknown-fields'] = true; // z.unknown(), z.any()
    else fail(walk, 'no type: every field of a structural schema needs one');
  }
  if (out.type === 'array' && out.items === undefined) fail(walk, 'an array needs an item schema');
  return out;
}

function at(walk: Walk, segment: string): Walk {
  return { ...walk, path: [...walk.path, segment] };
}

/** `$ref` replaced by what it names, siblings (a description) winning; the walk remembers it, to refuse a cycle. */
function inlineRef(node: Schema, walk: Walk): [Schema, Walk] {
  const ref = node.$ref;
  if (ref === undefined) return [node, walk];
  const name = typeof ref === 'string' ? /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref)?.[1] : undefined;
  const target = name === undefined ? undefined : walk.definitions[name];
  if (target === undefined) fail(walk, `"$ref" ${String(ref)} cannot be inlined`);
  if (walk.resolving.includes(name!)) fail(walk, `"$ref" ${ref} is recursive; a CRD schema cannot be`);
  const { $ref: _ref, ...siblings } = node;
  return inlineRef({ ...target, ...siblings }, { ...walk, resolving: [...walk.resolving, name!] });
}

/** `type` as one OpenAPI type: `const` becomes a one-value enum, `null` becomes `nullable`. */
function typeOf(node: Schema, out: Schema, walk: Walk): void {
  if (node.const !== undefined) out.enum = [node.const];
  let types = node.type === undefined ? [] : Array.isArray(node.type) ? [...(node.type as string[])] : [node.type as string];
  if (types.includes('null')) {
    out.nullable = true;
    types = types.filter((t) => t !== 'null');
  }
  if (Array.isArray(out.enum) && out.enum.includes(null)) {
    out.nullable = true;
    out.enum = out.enum.filter((v) => v !== null);
  }
  if (types.length === 0 && Array.isArray(out.enum) && out.enum.length > 0) types = [...new Set(out.enum.map(jsonType))];
  if (types.length > 1) fail(walk, `a value of types ${types.join(', ')} has no structural schema`);
  if (types.length === 1) {
    if (!['string', 'number', 'integer', 'boolean', 'array', 'object'].includes(types[0]!)) fail(walk, `type "${types[0]}" is not an OpenAPI v3 type`);
    out.type = types[0];
  } else delete out.type;
  if (Array.isArray(out.enum) && out.enum.length === 0) fail(walk, 'an enum with no value but null');
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** JSON Schema 2020's numeric `exclusiveMinimum: n` as OpenAPI 3.0's `minimum: n, exclusiveMinimum: true`, the stricter bound kept. */
function bounds(out: Schema, inclusive: 'minimum' | 'maximum', exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', stricter: (a: number, b: number) => boolean): void {
  const bound = out[exclusive];
  if (typeof bound === 'number') {
    const kept = out[inclusive];
    if (typeof kept === 'number' && stricter(kept, bound)) delete out[exclusive];
    else Object.assign(out, { [inclusive]: bound, [exclusive]: true });
  }
  if (out[exclusive] === false || (out[exclusive] === true && typeof out[inclusive] !== 'number')) delete out[exclusive];
}

function re2(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false; // a JavaScript-only pattern (a lookahead): the CRD cannot state it
  }
}

/**
 * `additionalProperties`: a schema types a map's values; `{}` or `true`
 * (z.looseObject, z.record of unknown) keeps unknown fields the Kubernetes
 * way; `false` goes, since a closed object is the default (the API server
 * prunes unknown fields, the function refuses them) and a CRD forbids it
 * beside `properties`. A typed map beside properties (catchall) cannot be.
 */
function mapValues(node: Schema, out: Schema, walk: Walk): void {
  const extra = node.additionalProperties;
  if (extra === undefined || extra === false) return;
  const values = extra === true ? {} : (extra as Schema);
  if (Object.keys(values).every((k) => k === 'description')) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
    return;
  }
  if (out.properties !== undefined && Object.keys(out.properties as object).length > 0) fail(walk, 'a map beside named properties (a catchall) has no structural schema');
  delete out.properties;
  out.additionalProperties = structural(values, at(walk, '*'));
}

/** One schema for every item: a tuple qualifies when all its positions agree. */
function items(node: Schema, walk: Walk): Schema {
  const positions = [...((node.prefixItems as Schema[] | undefined) ?? []), ...(Array.isArray(node.items) ? (node.items as Schema[]) : [])];
  const rest = node.items === undefined || node.items === false || Array.isArray(node.items) ? [] : [node.items === true ? {} : (node.items as Schema)];
  const each = [...positions, ...rest].map((item) => structural(item, at(walk, '[]')));
  const first = each[0];
  if (first === undefined || each.some((item) => !equal(item, first))) fail(walk, 'a tuple whose items differ has no structural schema: items is one schema');
  return first;
}

/**
 * `allOf`: zod writes it for several patterns on one string, and as
 * `{description, allOf: [$ref]}` for a described reference. One member
 * merges into the node; several stay as value validations, typeless.
 */
function allOf(members: Schema[], out: Schema, walk: Walk): void {
  const each = members.map((m, i) => structural(m, at(walk, `allOf[${i}]`)));
  if (each.length === 1) {
    const merged = { ...each[0]!, ...withoutEmpty(out) };
    for (const key of Object.keys(out)) delete out[key];
    Object.assign(out, merged);
    return;
  }
  const type = sameType(each, out, walk, 'allOf');
  out.type = type;
  out.allOf = each.map((m, i) => valueOnly(m, at(walk, `allOf[${i}]`)));
}

/**
 * `anyOf`/`oneOf` in the forms a structural schema accepts: the int-or-string
 * pair as `x-kubernetes-int-or-string`; alternatives of one scalar type as
 * that type with a merged enum or, failing that, typeless value
 * validations. Identical alternatives (a tuple's) collapse into one. Any
 * other union (of objects, arrays, or different types) is refused.
 */
function union(node: Schema, out: Schema, walk: Walk): void {
  const keyword = node.anyOf !== undefined ? 'anyOf' : 'oneOf';
  const members = ((node[keyword] as Schema[]) ?? []).filter((m) => !(m.type === 'null' || (Array.isArray(m.enum) && m.enum.length === 1 && m.enum[0] === null)));
  if (members.length < ((node[keyword] as Schema[]) ?? []).length) out.nullable = true;
  const each = members.map((m, i) => structural(m, at(walk, `${keyword}[${i}]`)));
  const unique = each.filter((m, i) => each.findIndex((other) => equal(other, m)) === i);
  if (unique.length === 1) {
    Object.assign(out, { ...unique[0], ...withoutEmpty(out) });
    return;
  }
  const types = unique.map((m) => m.type);
  if (unique.length === 2 && types.includes('integer') && types.includes('string')) {
    Object.assign(out, { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });
    return;
  }
  const type = sameType(unique, out, walk, keyword);
  if (!SCALARS.has(type)) fail(walk, `${keyword} over ${type}s has no structural schema; use one ${type} schema`);
  out.type = type;
  if (unique.every((m) => Array.isArray(m.enum) && Object.keys(m).every((k) => ['type', 'enum', 'description', 'title'].includes(k)))) {
    out.enum = [...new Set(unique.flatMap((m) => m.enum as unknown[]))];
    return;
  }
  out[keyword] = unique.map((m, i) => valueOnly(m, at(walk, `${keyword}[${i}]`)));
}

function sameType(members: Schema[], out: Schema, walk: Walk, keyword: string): string {
  const types = new Set([out.type, ...members.map((m) => m.type)].filter((t) => t !== undefined));
  if (types.size !== 1) fail(walk, `${keyword} over types ${[...types].join(', ') || 'none'} has no structural schema`);
  return [...types][0] as string;
}

/** A member of a junctor reduced to its value validations; a structural part there is refused. */
function valueOnly(member: Schema, walk: Walk): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(member)) {
    if (VALUE_VALIDATIONS.has(key)) out[key] = value;
    else if (!['type', 'description', 'title'].includes(key)) fail(walk, `"${key}" inside a union or intersection has no structural schema equivalent`);
  }
  return out;
}

function withoutEmpty(out: Schema): Schema {
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every field, item and map value described, and every default named in
 * its description, so `kubectl explain` and editors show both. A field
 * without a description fails generation; an item or map value without
 * one is described by its field.
 */
function document(node: Schema, path: readonly string[], kind: 'root' | 'field' | 'items' | 'values'): void {
  if (typeof node.description !== 'string' || node.description.trim() === '') {
    if (kind === 'items') node.description = `An item of ${path[path.length - 2] ?? 'the list'}.`;
    else if (kind === 'values') node.description = `The value at each key of ${path[path.length - 2] ?? 'the map'}.`;
    else throw new Error(`Input CRD: ${path.join('.') || '(root)'}: no description; give the field .meta({ description })`);
  }
  if (node.default !== undefined) {
    const sentence = `Default: ${showDefault(node.default)}.`;
    const description = (node.description as string).trim();
    if (!description.endsWith(sentence)) node.description = `${/[.!?:]$/.test(description) ? description : `${description}.`} ${sentence}`;
  }
  for (const [key, value] of Object.entries((node.properties as Record<string, Schema> | undefined) ?? {})) {
    if (path.length === 0 && key === 'metadata') continue;
    document(value, [...path, key], 'field');
  }
  if (node.items !== undefined) document(node.items as Schema, [...path, '[]'], 'items');
  if (typeof node.additionalProperties === 'object') document(node.additionalProperties as Schema, [...path, '*'], 'values');
}

/** A default as a reader writes it: a plain word bare, anything else as JSON. */
function showDefault(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value) ? value : JSON.stringify(value);
}
