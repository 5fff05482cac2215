/**
 * Structural validation of a provider resource's parameters against the
 * compact forProvider shape of its kind version (src/engine/schema.ts,
 * src/rules/zz_schemas.ts): the same checks scripts/validate-crds.mjs makes
 * against the full CRDs (types, unknown fields, a single nested block as an
 * object or a one-element list as the version renders it), on the shapes the
 * repository carries, so tests need no reference data.
 */
import type { Shape } from '../../src/engine/schema.js';
import { isObject } from '../../src/lang/fieldpath.js';
import { BUILTIN_SCHEMAS } from '../../src/rules/zz_schemas.js';
import type { KubeObject } from '../../src/engine/types.js';

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every place `value` departs from `shape`, as `path: problem`. */
export function shapeErrors(shape: Shape, value: unknown, path = ''): string[] {
  const errors: string[] = [];
  validate(shape, value, path, errors);
  return errors;
}

function validate(shape: Shape, value: unknown, path: string, errors: string[]): void {
  if (value === null) return; // null is an absent field in an apply
  if (typeof shape === 'string') return leaf(shape, value, path, errors);
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected array, got ${kindOf(value)}`);
    value.forEach((item, i) => validate(shape[0], item, `${path}[${i}]`, errors));
    return;
  }
  if (!isObject(value)) return void errors.push(`${path}: expected object, got ${kindOf(value)}`);
  for (const [k, v] of Object.entries(value)) {
    const sub = Object.hasOwn(shape, k) ? (shape as Record<string, Shape>)[k] : undefined;
    if (sub === undefined) errors.push(`${path}.${k}: unknown field`);
    else validate(sub, v, `${path}.${k}`, errors);
  }
}

function leaf(letter: string, value: unknown, path: string, errors: string[]): void {
  if (letter.startsWith('a')) {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected array, got ${kindOf(value)}`);
    value.forEach((item, i) => leaf(letter.slice(1), item, `${path}[${i}]`, errors));
    return;
  }
  const actual = kindOf(value);
  const ok: Record<string, boolean> = {
    s: actual === 'string',
    b: actual === 'boolean',
    n: actual === 'number',
    i: actual === 'number' && Number.isInteger(value),
    m: isObject(value) && Object.values(value).every((v) => typeof v === 'string' || v === null),
    o: true,
    r: isObject(value),
  };
  if (ok[letter] === false) errors.push(`${path}: expected ${letter === 'i' ? 'integer' : letter === 'm' ? 'map of strings' : letter === 'r' ? 'reference' : { s: 'string', b: 'boolean', n: 'number' }[letter]}, got ${actual}`);
}

/** The built-in shape of exactly this apiVersion and kind, if the repository has one. */
export function shapeOf(obj: KubeObject): Shape | undefined {
  return typeof obj.apiVersion === 'string' && typeof obj.kind === 'string' ? BUILTIN_SCHEMAS.get(`${obj.apiVersion}|${obj.kind}`) : undefined;
}

/**
 * The schema errors of a provider resource's parameter blocks (forProvider
 * and initProvider), and of every provider resource a provider-kubernetes
 * Object carries, by where they are; none for a kind with no built-in shape.
 */
export function resourceErrors(obj: unknown, at = ''): string[] {
  if (!isObject(obj)) return [];
  const errors: string[] = [];
  const shape = shapeOf(obj);
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (shape !== undefined && spec !== undefined) {
    for (const block of ['forProvider', 'initProvider'] as const) {
      if (spec[block] !== undefined) errors.push(...shapeErrors(shape, spec[block], `${at}spec.${block}`));
    }
  }
  const manifest = isObject(spec?.forProvider) ? spec.forProvider.manifest : undefined;
  if (typeof obj.kind === 'string' && obj.kind === 'Object' && isObject(manifest)) errors.push(...resourceErrors(manifest, `${at}spec.forProvider.manifest.`));
  return errors;
}
