/**
 * What a provider kind's `spec.forProvider` looks like: which fields exist,
 * their types, and whether a single nested block is an object or a
 * one-element list. Rules consult it before injecting, so the function never
 * emits a field the kind's CRD does not declare, and emits each block in the
 * shape that version uses.
 *
 * Shapes come from the cluster when Crossplane offers them (the
 * `required_schemas` of a request), else from tables generated from the
 * providers' CRDs (src/rules/zz_schemas.ts).
 */
import { isObject } from '../lang/fieldpath.js';

/**
 * Compact shape: a leaf is a type letter (`s` string, `b` boolean, `n`
 * number, `i` integer, `m` map of strings, `o` free-form object, `r` a
 * reference or selector, `a` + letter a list of scalars); an object block is
 * `{ field: Shape }`; a block rendered as a list of objects is `[{ field: Shape }]`.
 */
export type Shape = string | { readonly [field: string]: Shape } | readonly [{ readonly [field: string]: Shape }];

export type FieldKind = 'string' | 'boolean' | 'number' | 'integer' | 'map' | 'object' | 'reference' | 'list' | 'block' | 'blocks';

const LEAF: Record<string, FieldKind> = { s: 'string', b: 'boolean', n: 'number', i: 'integer', m: 'map', o: 'object', r: 'reference' };

/**
 * The kind of the field at `path` under forProvider: `block` for a nested
 * object, `blocks` for a list of objects (a single nested block in v1beta1
 * cluster-scoped CRDs, or a repeatable one), `list` for a list of scalars.
 * Lists of objects are stepped through. Undefined where the schema has no
 * such field.
 */
export function fieldKind(shape: Shape, path: readonly string[]): FieldKind | undefined {
  let cur: Shape = shape;
  for (const field of path) {
    const fields: Shape | undefined = Array.isArray(cur) ? cur[0] : cur;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
    const next: Shape | undefined = (fields as Record<string, Shape>)[field];
    if (next === undefined) return undefined;
    cur = next;
  }
  if (typeof cur === 'string') return cur.startsWith('a') ? 'list' : LEAF[cur];
  return Array.isArray(cur) ? 'blocks' : 'block';
}

/** A cross-resource reference or selector (`bucketRef`, `kmsKeyIdSelector`), not a block that happens to end so (`eventSelector`). */
function isReference(name: string, node: Record<string, unknown>): boolean {
  const props = isObject(node.properties) ? node.properties : {};
  return /(Ref|Refs)$/.test(name) || (/Selector$/.test(name) && ('matchLabels' in props || 'matchControllerRef' in props));
}

const TYPE_LETTERS: Record<string, string> = { string: 's', boolean: 'b', number: 'n', integer: 'i' };

/**
 * The shape of `spec.forProvider` in a CRD version's openAPIV3Schema, as
 * Crossplane hands it over in `required_schemas`; undefined when the schema
 * has no forProvider (not a managed resource, or an empty answer).
 */
export function shapeFromOpenApi(openApiV3: unknown): Shape | undefined {
  if (!isObject(openApiV3)) return undefined;
  const spec = isObject(openApiV3.properties) ? openApiV3.properties.spec : undefined;
  const forProvider = isObject(spec) && isObject(spec.properties) ? spec.properties.forProvider : undefined;
  return isObject(forProvider) ? compact(forProvider, 0) : undefined;
}

/** Schemas nest deeply only through recursive types; 32 levels is far past any provider field. */
const MAX_DEPTH = 32;

function compact(node: Record<string, unknown>, depth: number): Shape {
  if (depth > MAX_DEPTH) return 'o';
  const type = node.type;
  if (type === 'object' && isObject(node.properties)) {
    const fields: Record<string, Shape> = {};
    for (const [k, v] of Object.entries(node.properties)) {
      fields[k] = !isObject(v) ? 'o' : isReference(k, v) ? 'r' : compact(v, depth + 1);
    }
    return fields;
  }
  if (type === 'object') return node.additionalProperties ? 'm' : 'o';
  if (type === 'array') {
    const item = isObject(node.items) ? compact(node.items, depth + 1) : 'o';
    return typeof item === 'string' ? `a${item}` : Array.isArray(item) ? 'ao' : [item as { [field: string]: Shape }];
  }
  return (typeof type === 'string' && TYPE_LETTERS[type]) || 'o';
}
