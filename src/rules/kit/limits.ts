/**
 * Limits the platform team sets in the Input, for every cloud: allow-lists
 * (regions, instance types, database tiers) and ceilings (storage sizes).
 * A limit acts only where configured; it judges explicit values in
 * forProvider and initProvider, never absent ones, and it judges requests: a
 * value the observed resource already has at the same field passes, so a
 * limit tightened later does not hold an unchanged resource hostage.
 */
import { z } from 'zod';
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import type { Cloud } from '../../engine/gvk.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

/** A field a limit reads on one kind. */
export interface Field {
  /** The provider family; AWS where not given. */
  cloud?: Cloud;
  service: string;
  kind: string;
  /** The field under forProvider, through single nested blocks. */
  field: readonly string[];
  /**
   * The field repeats: `true` judges each element of a list of values
   * (`instanceTypes`); a name judges that field of each block in a list of
   * blocks (`ebsBlockDevice[*].volumeSize`).
   */
  each?: true | string;
}

/** One explicit value to judge, where it is. */
export interface Value {
  segments: Segment[];
  value: unknown;
  /** An element of a list of values: compared with the observed list as a set, since order carries no meaning there. */
  member?: boolean;
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
 * Every explicit value of `f`, one per element where the field repeats. A
 * list that is not a list, or a block that is not an object, is reported:
 * a value hidden in a malformed list is never passed as absent.
 */
export function values(ctx: RuleContext, f: Field): Value[] {
  const out: Value[] = [];
  for (const { segments, value } of explicitParams(ctx.resource, f.field)) {
    const each = f.each;
    if (each === undefined) {
      out.push({ segments, value });
      continue;
    }
    const path = formatFieldPath(segments);
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
      continue;
    }
    value.forEach((item: unknown, i) => {
      if (each === true) {
        out.push({ segments: [...segments, i], value: item, member: true });
        return;
      }
      const at = formatFieldPath([...segments, i]);
      if (!isObject(item)) ctx.unsafe(at, `${at} must be an object, got ${describe(item)}`);
      else if (item[each] !== undefined && item[each] !== null) out.push({ segments: [...segments, i, each], value: item[each] });
    });
  }
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

/**
 * How a cloud compares allowed names: `normalize` both sides (Azure and GCP
 * read them without case), and `also` judges what a value stands for (a
 * zone's region, a machine type's URL's last segment) when the value itself
 * matches no glob.
 */
export interface Compare {
  normalize?: (s: string) => string;
  also?: (normalized: string) => string | undefined;
}

/** Refuses a value no glob of `allowed` matches, unless the resource already has it; a value that is not a string is malformed. */
export function judgeAllowed(ctx: RuleContext, v: Value, allowed: readonly string[], noun: Noun, compare: Compare = {}): void {
  const path = formatFieldPath(v.segments);
  if (typeof v.value !== 'string') {
    ctx.unsafe(path, `${path} must be a string, got ${describe(v.value)}`);
    return;
  }
  const normalize = compare.normalize ?? ((s: string) => s);
  const globs = allowed.map(normalize);
  const value = normalize(v.value);
  const derived = compare.also?.(value);
  if (anyGlobMatch(globs, value) || (derived !== undefined && anyGlobMatch(globs, derived)) || grandfathered(ctx, v)) return;
  ctx.unsafe(
    path,
    `${path} is ${describe(v.value, true)}${derived !== undefined ? ` (in ${derived})` : ''}, not one of the allowed ${noun.many} (${allowed.join(', ')}); choose an allowed ${noun.one} or get approval`,
  );
}

/** The shared shape of allow-list rules: one table of fields, one noun, compared the cloud's way. */
export function allowListRule(spec: { id: string; title: string; description: string; noun: Noun; example: string; fields: readonly Field[]; compare?: Compare }): Rule {
  const fields = table(spec.fields);
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: 'medium',
    defaultAction: 'RequireApproval',
    description: spec.description,
    kinds: fields.kinds,
    params: allowList(spec.noun, spec.example),
    configured: ({ allowed }) => allowed !== undefined,
    check(ctx, { allowed }) {
      if (allowed === undefined) return;
      for (const f of fields.of(ctx)) for (const v of values(ctx, f)) judgeAllowed(ctx, v, allowed, spec.noun, spec.compare);
    },
  });
}

/** Said in the description of every limit. */
export const GRANDFATHERED =
  'A value the observed resource already has at the same field passes, so a limit tightened later does not hold an unchanged resource hostage.';
