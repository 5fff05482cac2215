/**
 * Reading provider parameters the way Upjet applies them: `spec.forProvider`
 * always, `spec.initProvider` at creation. A value set in either is an
 * explicit choice; only a value absent from both may be injected.
 */
import { z } from 'zod';
import { formatFieldPath, isObject, type Segment } from '../lang/fieldpath.js';
import { canMatch, NAMESPACE_LANGUAGE } from '../lang/glob.js';
import type { RuleContext } from '../engine/rule.js';
import { resourceType } from '../engine/gvk.js';
import { fieldKind } from '../engine/schema.js';
import type { KubeObject } from '../engine/types.js';
import { schemaEntry, schemaFor } from './schemas.js';

export const PARAM_BLOCKS = ['forProvider', 'initProvider'] as const;

export interface Explicit {
  /** Where it is set, e.g. `spec.initProvider.publiclyAccessible`, `spec.forProvider.metadataOptions[0].httpTokens`. */
  path: string;
  /** The same, as segments. */
  segments: Segment[];
  value: unknown;
}

/**
 * Every explicit (non-null) setting of a forProvider field under forProvider
 * and initProvider. `field` names fields only: a single nested block on the
 * way is stepped through whether it is an object or a one-element list (its
 * first element), so one rule reads every provider shape.
 */
export function explicitParams(resource: KubeObject, field: readonly string[]): Explicit[] {
  const out: Explicit[] = [];
  for (const block of PARAM_BLOCKS) {
    // Most fields asked about are absent: the value is looked up first, its segments only once it is there.
    const value = paramValue(resource, block, field);
    if (value !== undefined) out.push(explicit(segmentsTo(resource, block, field), value));
  }
  return out;
}

/** The segments of a field `paramValue` found: a single nested block stepped through as a list gets its `0`. */
function segmentsTo(resource: KubeObject, block: (typeof PARAM_BLOCKS)[number], field: readonly string[]): Segment[] {
  const segments: Segment[] = ['spec', block];
  let cur: unknown = (resource.spec as Record<string, unknown>)[block];
  for (let i = 0; i < field.length; i++) {
    if (Array.isArray(cur)) {
      segments.push(0);
      cur = cur[0];
    }
    segments.push(field[i]!);
    cur = (cur as Record<string, unknown>)[field[i]!];
  }
  return segments;
}

/** An Explicit whose path is formatted when first read: most callers read only the value (a path is for findings). */
function explicit(segments: Segment[], value: unknown): Explicit {
  let path: string | undefined;
  return {
    get path() {
      return (path ??= formatFieldPath(segments));
    },
    segments,
    value,
  };
}

export { observeOnly } from '../engine/targets.js';

/** `spec` and its parameter blocks are objects where present: rules that read other resources' parameters skip one that is not (the engine refuses it on the resource itself). */
export function readableParams(obj: KubeObject): boolean {
  const spec = obj.spec;
  if (spec === undefined) return true;
  if (!isObject(spec)) return false;
  return PARAM_BLOCKS.every((b) => spec[b] === undefined || spec[b] === null || isObject(spec[b]));
}

/**
 * Reports `spec` or a parameter block that is not an object. For rules that
 * read the object as a whole (`reads: 'object'`) and also read parameters:
 * the engine never hands an unreadable target to a rule that reads only
 * parameters, it refuses it once itself.
 */
export function readable(ctx: RuleContext): boolean {
  const spec = ctx.resource.spec;
  if (spec !== undefined && !isObject(spec)) {
    ctx.unsafe('spec', `spec is ${describe(spec)}, not an object; the resource cannot be checked`);
    return false;
  }
  for (const block of PARAM_BLOCKS) {
    const params = isObject(spec) ? spec[block] : undefined;
    if (params !== undefined && params !== null && !isObject(params)) {
      ctx.unsafe(`spec.${block}`, `spec.${block} is ${describe(params)}, not an object; the resource cannot be checked`);
      return false;
    }
  }
  return true;
}

/**
 * Injects `value` at a forProvider field path where nothing is set, building
 * absent blocks in the shape this kind's version uses (object, or a
 * one-element list). A field this version's schema does not declare is
 * never emitted: the rule is reported as not applicable instead.
 */
export function inject(ctx: RuleContext, field: readonly string[], value: unknown, message: string): void {
  const shape = schemaFor(ctx);
  if (shape !== undefined && fieldKind(shape, field) === undefined) {
    ctx.notice(formatFieldPath(['spec', 'forProvider', ...field]), `${ctx.type.apiVersion} ${ctx.type.kind} has no field ${field.join('.')}; nothing injected`);
    return;
  }
  if (field.length === 1) {
    ctx.missing(topPath(field[0]!), value, message);
    return;
  }
  // Through blocks: the path depends on this resource's shapes, and is this call's own.
  const segments: Segment[] = ['spec', 'forProvider'];
  let cur: unknown = isObject(ctx.resource.spec) ? ctx.resource.spec.forProvider : undefined;
  for (let i = 0; i < field.length - 1; i++) {
    const name = field[i]!;
    const next: unknown = isObject(cur) ? cur[name] : undefined;
    if (next === undefined || next === null) {
      segments.push(name);
      ctx.missing(segments, nest(ctx, field.slice(0, i + 1), field.slice(i + 1), value), message);
      return;
    }
    segments.push(name);
    if (Array.isArray(next) && isObject(next[0])) {
      segments.push(0);
      cur = next[0];
    } else if (isObject(next)) {
      cur = next;
    } else {
      const at = formatFieldPath(segments);
      ctx.unsafe(at, `${at} must be ${isList(ctx, field.slice(0, i + 1)) ? 'a list with one object' : 'an object'}, got ${describe(next)}`);
      return;
    }
  }
  segments.push(field[field.length - 1]!);
  ctx.missing(segments, value, message);
}

/**
 * `['spec', 'forProvider', name]`, made once per field name the rules inject
 * (names from their code, a bounded set) and shared by every resource: frozen,
 * as the engine only reads the paths it is given.
 */
function topPath(name: string): readonly Segment[] {
  let path = topPaths.get(name);
  if (path === undefined) topPaths.set(name, (path = Object.freeze(['spec', 'forProvider', name])));
  return path;
}
const topPaths = new Map<string, readonly Segment[]>();

/** `value` wrapped in the blocks `rest` names, each in the shape the schema gives the block at `at`. */
function nest(ctx: RuleContext, at: readonly string[], rest: readonly string[], value: unknown): unknown {
  if (rest.length === 0) return value;
  const inner = { [rest[0]!]: nest(ctx, [...at, rest[0]!], rest.slice(1), value) };
  return isList(ctx, at) ? [inner] : inner;
}

/**
 * Is the block at `field` a list of objects in this kind's version? This
 * version's schema says. Another version's schema says only whether the
 * block repeats (a list in an object-shaped version); a single nested block
 * takes this version's shape (a one-element list in cluster-scoped v1beta1),
 * and so does a block no schema knows.
 */
function isList(ctx: RuleContext, field: readonly string[]): boolean {
  const entry = schemaEntry(ctx);
  const kind = entry === undefined ? undefined : fieldKind(entry.shape, field);
  if (kind === undefined || entry === undefined) return ctx.type.blocks === 'array';
  if (entry.exact) return kind === 'blocks';
  const theirs = resourceType({ apiVersion: `${ctx.type.group}/${entry.version}`, kind: ctx.type.kind })?.blocks ?? 'object';
  return kind === 'blocks' && theirs === 'object' ? true : ctx.type.blocks === 'array';
}

export interface Requirement<T> {
  /** Is an explicit value acceptable? */
  safe(value: unknown): boolean;
  /** What to inject where nothing is set; without it, absence is reported. */
  inject?: T;
  /** Said when nothing is set. */
  missing: string;
  /** Advice after an unsafe value, e.g. "set it to true so ...". */
  unsafe: string;
  /** The type an explicit value must have. */
  type?: 'boolean' | 'string' | 'number';
}

/**
 * The common shape of a guardrail on one field: absent -> inject the safe
 * value (or report the absence); explicitly unsafe -> refuse; of the wrong
 * type -> refuse as malformed.
 */
export function requireValue<T>(ctx: RuleContext, field: readonly string[], req: Requirement<T>): void {
  // The common case, every explicit value acceptable, is judged on the values alone: paths are built only to report.
  const fp = paramValue(ctx.resource, 'forProvider', field);
  const ip = paramValue(ctx.resource, 'initProvider', field);
  if (fp === undefined && ip === undefined) {
    if (req.inject !== undefined) inject(ctx, field, req.inject, req.missing);
    else ctx.unsafe(formatFieldPath(['spec', 'forProvider', ...field]), req.missing);
    return;
  }
  if (acceptable(fp, req) && acceptable(ip, req)) return;
  for (const { path, value } of explicitParams(ctx.resource, field)) {
    if (req.type !== undefined && typeof value !== req.type) ctx.unsafe(path, `${path} must be a ${req.type}, got ${describe(value)}`);
    else if (!req.safe(value)) ctx.unsafe(path, `${path} is ${describe(value, true)}; ${req.unsafe}`);
  }
}

/** An absent value (in one block) or one of the right type that is safe. */
function acceptable(value: unknown, req: Requirement<unknown>): boolean {
  return value === undefined || ((req.type === undefined || typeof value === req.type) && req.safe(value));
}

/** A boolean guardrail: `safe` is the only acceptable value, and what is injected. */
export function requireBoolean(ctx: RuleContext, field: string | readonly string[], safe: boolean, messages: { missing: string; unsafe: string }): void {
  const fields = typeof field === 'string' ? fieldOf(field) : field;
  const fp = paramValue(ctx.resource, 'forProvider', fields);
  const ip = paramValue(ctx.resource, 'initProvider', fields);
  if (fp === undefined && ip === undefined) {
    inject(ctx, fields, safe, messages.missing);
    return;
  }
  // Set to the safe value wherever set: nothing to say, and no requirement to build.
  if ((fp === undefined || fp === safe) && (ip === undefined || ip === safe)) return;
  requireValue(ctx, fields, { safe: (v) => v === safe, inject: safe, type: 'boolean', ...messages });
}

/** `[name]`, made once per field name (names from the rules' code, a bounded set), not per call. */
export function fieldOf(name: string): readonly string[] {
  let field = namedFields.get(name);
  if (field === undefined) namedFields.set(name, (field = [name]));
  return field;
}
const namedFields = new Map<string, readonly string[]>();

/**
 * The explicit (non-null) value of a forProvider field in one parameter
 * block, read as `explicitParams` reads it, without building its path.
 */
export function paramValue(resource: KubeObject, block: (typeof PARAM_BLOCKS)[number], field: readonly string[]): unknown {
  const spec = resource.spec;
  let cur: unknown = isObject(spec) ? spec[block] : undefined;
  for (let i = 0; i < field.length && cur !== undefined && cur !== null; i++) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!isObject(cur)) return undefined;
    cur = cur[field[i]!];
  }
  return cur === null ? undefined : cur;
}

/** Whether either parameter block sets the field: `explicitParams(resource, field).length > 0` without its paths. */
export function hasParam(resource: KubeObject, field: readonly string[]): boolean {
  return paramValue(resource, 'forProvider', field) !== undefined || paramValue(resource, 'initProvider', field) !== undefined;
}

/** A value for a message: `the string "x"`, `an array`, `boolean true`; with `bare`, scalars as themselves (`true`, `"x"`). */
export function describe(value: unknown, bare = false): string {
  if (bare && (typeof value === 'boolean' || typeof value === 'number')) return String(value);
  if (bare && typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * A rule parameter listing namespaces as globs (`*` matches any run of
 * characters): at least one, each able to match a namespace. `unset` says
 * what leaving the list out means, for the message about an empty one.
 */
export function namespaceGlobs(what: string, unset = 'remove the list to allow none') {
  return z
    .array(
      z
        .string()
        .min(1, 'a glob cannot be empty')
        .refine((glob) => canMatch(glob, NAMESPACE_LANGUAGE), { message: 'this glob cannot match a namespace' }),
    )
    .min(1, `list at least one namespace; ${unset}`)
    .meta({ description: what });
}
