/**
 * Limits the platform team sets in the Input, for every cloud: allow-lists
 * (regions, instance types, database tiers) and ceilings (storage sizes,
 * IOPS, instance counts). A limit acts only where configured; it judges
 * explicit values in forProvider and initProvider, never absent ones, and it
 * judges requests: a value the observed resource already has at the same
 * field passes, so a limit tightened later does not hold an unchanged
 * resource hostage.
 *
 * The clouds differ only in how they spell a value (Azure and GCP compare
 * without case; a GCP zone is in its region; an AWS ARN names its region),
 * which `Matching` and `Field.read` say; the rules are built here.
 */
import { z } from 'zod';
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import type { Cloud } from '../../engine/gvk.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { defineRule, type KindPredicate, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { Severity } from '../../engine/types.js';
import { describe, explicitParams } from '../params.js';

/** The step of a field path that stands for every element of a list: `instanceTypes.*`, `ebsBlockDevice.*.volumeSize`. */
export const EACH = '*';

/** A field a limit reads on one kind. */
export interface Field {
  /** The provider family; AWS where not given. */
  cloud?: Cloud;
  service: string;
  kind: string;
  /**
   * The field under forProvider. A name steps into a single nested block
   * (an object or a one-element list); `*` steps into every element of a
   * list, so `['instanceTypes', '*']` judges each value of a list and
   * `['ebsBlockDevice', '*', 'volumeSize']` that field of each block.
   */
  field: readonly string[];
  /**
   * What of a string value is judged, where it is not the value itself (an
   * ARN's region); `undefined` when the value names nothing to judge (a
   * plain identifier in the resource's own region).
   */
  read?: (value: string) => string | undefined;
}

/** One explicit value to judge, where it is. */
export interface Value {
  segments: Segment[];
  value: unknown;
  /** An element of a list of values: compared with the observed list as a set, since order carries no meaning there. */
  member?: boolean;
  /** The part of the value judged, where it is not the value itself (see `Field.read`). */
  of?: string;
}

/** A table of fields: the kinds a rule reads, and a lookup by kind built once. */
export function table(fields: readonly Field[]): { kinds: KindRef[]; of(ctx: RuleContext): readonly Field[] } {
  // Keyed like ResourceType.ref (`aws/rds/Instance`), which the engine computes once per resource.
  const byRef = new Map<string, Field[]>();
  const kinds: KindRef[] = [];
  for (const f of fields) {
    const cloud = f.cloud ?? 'aws';
    const ref = `${cloud}/${f.service}/${f.kind}`;
    if (!byRef.has(ref)) kinds.push({ cloud, service: f.service, kind: f.kind });
    byRef.set(ref, [...(byRef.get(ref) ?? []), f]);
  }
  return { kinds, of: (ctx) => byRef.get(ctx.type.ref ?? '') ?? [] };
}

/**
 * Every explicit value of `f`, one per element where the path repeats. A
 * list that is not a list, or a block in a list that is not an object, is
 * reported: a value hidden in a malformed list is never passed as absent.
 */
export function values(ctx: RuleContext, f: Field): Value[] {
  const out: Value[] = [];
  const star = f.field.indexOf(EACH);
  const head = star < 0 ? f.field : f.field.slice(0, star);
  const push = (v: Value) => {
    if (f.read === undefined || typeof v.value !== 'string') return void out.push(v); // not a string: judged as malformed
    const of = f.read(v.value);
    if (of !== undefined) out.push({ ...v, of });
  };
  const walk = (segments: Segment[], value: unknown, rest: readonly string[]) => {
    if (rest.length === 0) return push({ segments, value });
    if (rest[0] !== EACH) {
      // A single nested block inside a repeated one: an object or a one-element list, as explicitParams reads it.
      const block = Array.isArray(value) ? value[0] : value;
      const at = Array.isArray(value) ? [...segments, 0] : segments;
      const next = isObject(block) ? block[rest[0]!] : undefined;
      if (next !== undefined && next !== null) walk([...at, rest[0]!], next, rest.slice(1));
      return;
    }
    const path = formatFieldPath(segments);
    if (!Array.isArray(value)) return ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
    value.forEach((item: unknown, i) => {
      const at = [...segments, i];
      if (rest.length === 1) return push({ segments: at, value: item, member: true });
      if (!isObject(item)) return ctx.unsafe(formatFieldPath(at), `${formatFieldPath(at)} must be an object, got ${describe(item)}`);
      walk(at, item, rest.slice(1));
    });
  };
  for (const { segments, value } of explicitParams(ctx.resource, head)) walk(segments, value, star < 0 ? [] : f.field.slice(star));
  return out;
}

/**
 * Does the observed resource already have this value at the same field under
 * spec.forProvider? An element of a list of values counts when the observed
 * list holds it anywhere; a block in a list is compared with the observed
 * block at the same position.
 */
export function grandfathered(ctx: RuleContext, v: Value): boolean {
  const observed = ctx.observedResource;
  if (observed === undefined) return false;
  const at: Segment[] = ['spec', 'forProvider', ...v.segments.slice(2)];
  if (v.member === true) {
    const list = getPath(observed, at.slice(0, -1));
    return Array.isArray(list) && list.includes(v.value);
  }
  return getPath(observed, at) === v.value;
}

/** How a message names the values of an allow-list: `class` and `classes`. */
export interface Noun {
  one: string;
  many: string;
}

/**
 * How a cloud compares a value with the globs: `fold` reads both alike
 * (Azure and GCP ignore case), `trim` drops the spaces around a value
 * first, and `also` derives a second value that may match instead (a GCP
 * zone's region), named in the message.
 */
export interface Matching {
  fold?: (s: string) => string;
  trim?: boolean;
  also?: (folded: string) => string | undefined;
}

/** `rules.<id>.allowed`: the globs a value must match. */
export function allowList(noun: Noun, example: string) {
  return z.object({
    allowed: z
      .array(z.string().min(1, 'a glob cannot be empty'))
      .min(1, `list at least one ${noun.one}; remove "allowed" to lift the limit`)
      .meta({
        description: `The ${noun.many} allowed, as globs (\`*\` matches any run of characters), e.g. ${example}. Unset: the rule does nothing.`,
      }),
  });
}

const same = (s: string) => s;

/** Refuses a value no glob of `allowed` matches, unless the resource already has it; a value that is not a string is malformed. */
export function judgeAllowed(ctx: RuleContext, v: Value, allowed: readonly string[], noun: Noun, m: Matching = {}): void {
  const path = formatFieldPath(v.segments);
  if (typeof v.value !== 'string') {
    ctx.unsafe(path, `${path} must be a string, got ${describe(v.value)}`);
    return;
  }
  const fold = m.fold ?? same;
  const globs = allowed.map(fold);
  const raw = v.of ?? v.value;
  const value = fold(m.trim === true ? raw.trim() : raw);
  const derived = m.also?.(value);
  if (anyGlobMatch(globs, value) || (derived !== undefined && anyGlobMatch(globs, derived)) || grandfathered(ctx, v)) return;
  const within = derived ?? v.of;
  ctx.unsafe(path, `${path} is ${describe(v.value, true)}${within !== undefined ? ` (in ${within})` : ''}, not one of the allowed ${noun.many} (${allowed.join(', ')}); choose an allowed ${noun.one} or get approval`);
}

interface LimitSpec {
  id: string;
  title: string;
  description: string;
  severity?: Severity;
}

type AllowSpec = LimitSpec & { noun: Noun; example: string; matching?: Matching };

/** An allow-list over the fields `fieldsOf` gives for a target, then `more`. */
function allowRule(spec: AllowSpec, kinds: KindRef[] | KindPredicate, fieldsOf: (ctx: RuleContext) => readonly Field[], more?: (ctx: RuleContext, allowed: readonly string[]) => void): Rule {
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: spec.severity ?? 'medium',
    defaultAction: 'RequireApproval',
    description: spec.description,
    kinds,
    params: allowList(spec.noun, spec.example),
    configured: ({ allowed }) => allowed !== undefined,
    check(ctx, { allowed }) {
      if (allowed === undefined) return;
      for (const f of fieldsOf(ctx)) for (const v of values(ctx, f)) judgeAllowed(ctx, v, allowed, spec.noun, spec.matching);
      more?.(ctx, allowed);
    },
  });
}

/**
 * The shared shape of allow-list rules: one table of fields, one noun, one
 * way of matching; `more` judges what needs more than a field (an EC2
 * instanceRequirements block, which names no instance type of its own).
 */
export function allowListRule(spec: AllowSpec & { fields: readonly Field[]; more?: (ctx: RuleContext, allowed: readonly string[]) => void }): Rule {
  const fields = table(spec.fields);
  return allowRule(spec, fields.kinds, fields.of, spec.more);
}

/**
 * Where a cloud's resources go: the fields every kind of the cloud may have
 * (`region`, `location`), then the kinds with a second place (a replica's
 * region, a zone list), then what needs more than a field (`more`: a
 * destination known only through another composed resource).
 */
export function placeRule(
  spec: AllowSpec & {
    cloud: Cloud;
    summary: string;
    top: readonly string[];
    fields?: readonly Field[];
    more?: (ctx: RuleContext, allowed: readonly string[]) => void;
  },
): Rule {
  const top = spec.top.map((f): Field => ({ service: '', kind: '', field: [f] }));
  const fields = table(spec.fields ?? []);
  const kinds: KindPredicate = { summary: spec.summary, test: (type) => type.cloud === spec.cloud };
  return allowRule({ severity: 'high', ...spec }, kinds, (ctx) => [...top, ...fields.of(ctx)], spec.more);
}

/**
 * The shared shape of ceilings: one number in the Input (`rules.<id>.<param>`),
 * a table of numeric fields, each refused above it unless the resource
 * already has it; a value that is not a number is malformed.
 */
export function ceilingRule(
  spec: LimitSpec & {
    fields: readonly Field[];
    /** The parameter's name, and its description in the Input. */
    param: { name: string; description: string; unit: string };
    /** The refusal of `value` at `path` above `max`. */
    exceeds(path: string, value: number, max: number): string;
    /** What else a resource of these kinds adds up to (an ElastiCache group's nodes), judged against the same ceiling. */
    more?: (ctx: RuleContext, max: number) => void;
  },
): Rule {
  const fields = table(spec.fields);
  const { name, description, unit } = spec.param;
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: spec.severity ?? 'medium',
    defaultAction: 'RequireApproval',
    description: spec.description,
    kinds: fields.kinds,
    params: z.object({
      [name]: z.number().int(`must be a whole number of ${unit}`).positive(`must be a positive number of ${unit}`).meta({ description }),
    }),
    configured: (params) => params[name] !== undefined,
    check(ctx, params) {
      const max = params[name];
      if (max === undefined) return;
      for (const f of fields.of(ctx)) {
        for (const v of values(ctx, f)) {
          const path = formatFieldPath(v.segments);
          if (typeof v.value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(v.value)}`);
          else if (v.value > max && !grandfathered(ctx, v)) ctx.unsafe(path, spec.exceeds(path, v.value, max));
        }
      }
      spec.more?.(ctx, max);
    },
  });
}

/** Said in the description of every limit. */
export const GRANDFATHERED =
  'A value the observed resource already has at the same field passes, so a limit tightened later does not hold an unchanged resource hostage.';
