/**
 * Mandatory tags (labels on GCP): injected where absent, then required.
 * Each kind's tag field comes from a table generated from the providers'
 * CRDs, so a kind without one gets nothing, and GCP's `tags` (network tags
 * and resource-manager tag bindings, not key/value labels) is never touched.
 *
 * On GCP every key and value is made a valid label (gcpLabel), and nothing
 * changes without a word: a key or value that had to change is named with
 * its label in a warning, two keys that become one label are reported, and
 * a resource that would pass GCP's 64 labels is refused rather than given
 * only some of them.
 */
import { formatFieldPath, getPath, isObject, parseFieldPath, type Segment } from '../../lang/fieldpath.js';
import type { ResourceType } from '../../engine/gvk.js';
import type { DesiredIndex } from '../../engine/desired-index.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { fieldKind } from '../../engine/schema.js';
import { describe, PARAM_BLOCKS } from '../params.js';
import { compareKubeVersions } from '../versions.js';
import { BUILTIN_SCHEMAS } from '../zz_schemas.js';
import { TAG_FIELDS } from './zz_tag_fields.js';

/** The most labels a GCP resource may have. */
export const GCP_MAX_LABELS = 64;

/** `group|Kind` -> the versions the table lists, with their field: for a version it lacks. Built once. */
const BY_KIND = new Map<string, { version: string; field: string }[]>();
for (const [key, field] of TAG_FIELDS) {
  const [apiVersion, kind] = key.split('|') as [string, string];
  const slash = apiVersion.lastIndexOf('/');
  const id = `${apiVersion.slice(0, slash)}|${kind}`;
  BY_KIND.set(id, [...(BY_KIND.get(id) ?? []), { version: apiVersion.slice(slash + 1), field }].sort((a, b) => compareKubeVersions(a.version, b.version)));
}

/**
 * The field of a version the table does not list (older provider releases:
 * `sql.gcp.upbound.io/v1beta1`): the nearest listed version's, but only
 * where this version's own built-in schema declares it as a map, so nothing
 * is written where the CRD has no such field.
 */
function fromNearest(type: ResourceType): string | undefined {
  const listed = BY_KIND.get(`${type.group}|${type.kind}`);
  const schema = BUILTIN_SCHEMAS.get(`${type.apiVersion}|${type.kind}`);
  if (listed === undefined || schema === undefined) return undefined;
  const nearest = listed.filter((l) => compareKubeVersions(l.version, type.version) <= 0).at(-1) ?? listed.at(-1)!;
  return fieldKind(schema, nearest.field.split('.')) === 'map' ? nearest.field : undefined;
}

/**
 * The forProvider path of the kind's tag or label map, or undefined where it
 * has none. A label map inside a single nested block (GCP SQL
 * `settings.userLabels`) steps through element 0 where this version renders
 * the block as a one-element list (cluster-scoped v1beta1).
 */
export function tagField(type: ResourceType): readonly Segment[] | undefined {
  // Types are shared objects per apiVersion and kind (gvk.ts): the answer is remembered on the type itself.
  const known = tagFields.get(type);
  if (known !== undefined) return known ?? undefined;
  const found = findTagField(type);
  tagFields.set(type, found ?? null);
  return found;
}

/** tagField's answers by type (null: none), worked out once per kind and process (every taggable resource asks up to three times). */
const tagFields = new WeakMap<ResourceType, readonly Segment[] | null>();

function findTagField(type: ResourceType): readonly Segment[] | undefined {
  const field = TAG_FIELDS.get(`${type.apiVersion}|${type.kind}`) ?? fromNearest(type);
  if (field === undefined || (type.cloud === 'gcp' && field === 'tags')) return undefined;
  const names = field.split('.');
  return Object.freeze(names.flatMap((name, i): Segment[] => (i < names.length - 1 && type.blocks === 'array' ? [name, 0] : [name])));
}

const taggable = { summary: 'every kind with a tag or label field', test: (type: ResourceType) => tagField(type) !== undefined };

export const tagsInject = defineRule({
  id: 'tags-inject',
  title: 'Mandatory tags and labels are present',
  severity: 'low',
  defaultAction: 'Mutate',
  description: `Injects \`tags.values\` and \`tags.fromComposite\` (read from the XR) into the kind's own tag or label map, key by key, where the key is absent from both forProvider and initProvider. An explicit value is never changed. On GCP keys and values are made valid labels (lowercase, \`[a-z0-9_-]\`, at most 63 characters, a key starting with a letter): each key or value that had to change is named with its label in a warning, two keys that become the same label are reported (the first in the Input wins), and a resource that would have more than ${GCP_MAX_LABELS} labels is refused, none injected, rather than given only some of them. A label map inside a single nested block (Cloud SQL \`settings.userLabels\`) is written in the shape of the resource's version.`,
  fix: "each absent key of `tags.values` and `tags.fromComposite`, into the kind's tag or label map.",
  kinds: taggable,
  configured: (_, input) => Object.keys(input.tags.values).length > 0 || Object.keys(input.tags.fromComposite).length > 0,
  check(ctx) {
    const wanted = wantedTags(ctx);
    if (wanted.length === 0) return;
    const field = tagField(ctx.type)!;
    if (!tagMapsReadable(ctx, field)) return;
    const gcp = ctx.type.cloud === 'gcp';
    if (gcp && !labelsFit(ctx, field, wanted)) return;
    const base = placeFor(ctx, field);
    if (base === undefined) return;
    if (base.whole !== undefined) {
      // The label map's block is absent and must be built in this version's shape, with every label at once.
      const absent = wanted.filter((t) => t.collides === undefined && !hasTag(ctx.resource, field, t.key));
      if (absent.length === 0) return;
      ctx.missing(base.whole, base.build(Object.fromEntries(absent.map((t) => [t.key, t.value]))), `labels ${absent.map((t) => `"${t.key}"`).join(', ')} were not set`);
      if (gcp) for (const t of absent) labelNotices(ctx, field, t);
      return;
    }
    // Key by key: injecting one key leaves the others' absence as it was (keys are distinct, collisions are not injected).
    for (const t of wanted) {
      if (t.collides !== undefined || hasTag(ctx.resource, field, t.key)) continue;
      ctx.missing(keyPath(t, field), t.value, t.missing);
      if (gcp) labelNotices(ctx, field, t);
    }
  },
}) satisfies Rule;

/**
 * GCP: refuses a resource that would pass GCP's label limit (false: none is
 * injected), then names each tag that became an earlier tag's label.
 */
function labelsFit(ctx: RuleContext, field: readonly Segment[], wanted: readonly Wanted[]): boolean {
  const absent = wanted.filter((t) => t.collides === undefined && !hasTag(ctx.resource, field, t.key));
  const present = tagKeys(ctx.resource, field).size;
  if (absent.length > 0 && present + absent.length > GCP_MAX_LABELS) {
    ctx.unsafe(mapPath(field), `${present} labels are set and ${absent.length} more are required (${absent.map((t) => t.key).join(', ')}): more than the ${GCP_MAX_LABELS} GCP allows; remove labels so the platform's fit, none is injected`);
    return false;
  }
  for (const t of wanted) {
    if (t.collides !== undefined) ctx.notice(mapPath(field), `tags "${t.collides}" and "${t.source}" both become label "${t.key}" on GCP; "${t.collides}" is used, "${t.source}" is not`);
  }
  return true;
}

/** GCP: the warnings for an injected label whose key or value had to change. */
function labelNotices(ctx: RuleContext, field: readonly Segment[], t: Wanted): void {
  if (t.source !== t.key) ctx.notice(`${mapPath(field)}.${t.key}`, `tag "${t.source}" is label "${t.key}" on GCP (keys are lowercase letters, digits, _ and -, at most 63 characters, starting with a letter)`);
  if (t.raw !== t.value) ctx.notice(`${mapPath(field)}.${t.key}`, `the value of label "${t.key}" is ${JSON.stringify(t.value)}, made from ${JSON.stringify(t.raw)} (label values are lowercase letters, digits, _ and -, at most 63 characters)`);
}

/**
 * Where labels go: directly under the map's path, or, where a block on the
 * way is absent and is a one-element list in this version, the absent block
 * itself, built whole. Undefined (reported) where a block on the way is
 * there but cannot hold the map.
 */
function placeFor(ctx: RuleContext, field: readonly Segment[]): { whole?: Segment[]; build(labels: Record<string, string>): unknown } | undefined {
  if (!field.some(isIndex)) return DIRECT; // no block on the way (every tag map but GCP SQL's): nothing to walk
  const at: Segment[] = ['spec', 'forProvider'];
  for (let i = 0; i < field.length; i++) {
    const seg = field[i]!;
    if (typeof field[i + 1] !== 'number') {
      at.push(seg);
      continue;
    }
    // seg names a block this version renders as a one-element list.
    const list = getPath(ctx.resource, [...at, seg]);
    if (list === undefined || list === null) {
      const rest = field.slice(i + 2);
      const build = (labels: Record<string, string>): unknown => [nestUnder(rest, labels)];
      return { whole: [...at, seg], build };
    }
    if (!Array.isArray(list) || !isObject(list[0])) {
      const where = formatFieldPath([...at, seg]);
      ctx.unsafe(where, `${where} must be a list with one object, got ${describe(list)}; the labels cannot be placed`);
      return undefined;
    }
    at.push(seg, 0);
    i++;
  }
  return DIRECT;
}

const isIndex = (s: Segment): boolean => typeof s === 'number';

/** Labels go straight into the map: one answer for every resource. */
const DIRECT = { build: (labels: Record<string, string>): unknown => labels };

/** `{a: [{b: labels}]}` for `['a', 0, 'b']`: the labels under the rest of the path, lists where it steps into element 0. */
function nestUnder(rest: readonly Segment[], labels: Record<string, string>): Record<string, unknown> {
  const [head, ...tail] = rest;
  if (head === undefined || typeof head === 'number') return labels;
  if (tail.length === 0) return { [head]: labels };
  return typeof tail[0] === 'number' ? { [head]: [nestUnder(tail.slice(1), labels)] } : { [head]: nestUnder(tail, labels) };
}

export const tagsRequired = defineRule({
  id: 'tags-required',
  title: 'Required tags and labels are set',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    'Refuses a taggable resource that, after injection, lacks any key of `tags.required`. Set the tag on the resource, or put the value on the XR where `tags.fromComposite` reads it. On GCP a required key is looked for as its label (`Cost.Center` as `cost_center`), and the message names both.',
  kinds: taggable,
  configured: (_, input) => input.tags.required.length > 0,
  check(ctx) {
    const required = requiredTags(ctx);
    if (required.length === 0) return;
    const field = tagField(ctx.type)!;
    if (!tagMapsReadable(ctx, field)) return;
    // Nothing is built unless a key is absent: most resources have them all.
    let absent = 0;
    let names = '';
    let fromXr = '';
    for (const r of required) {
      if (hasTag(ctx.resource, field, r.label)) continue;
      absent++;
      names += names === '' ? r.named : `, ${r.named}`;
      if (r.fromXr !== undefined) fromXr += fromXr === '' ? r.fromXr : `, ${r.fromXr}`;
    }
    if (absent === 0) return;
    const gcp = ctx.type.cloud === 'gcp';
    ctx.unsafe(mapPath(field), `missing required ${gcp ? 'label' : 'tag'}${absent > 1 ? 's' : ''} ${names}` + (fromXr !== '' ? `; the XR does not set ${fromXr}` : ''));
  },
}) satisfies Rule;

/** Whether the tag map is a map (or absent) in forProvider and initProvider; the first that is not is reported. */
function tagMapsReadable(ctx: RuleContext, field: readonly Segment[]): boolean {
  const spec = ctx.resource.spec;
  for (const block of PARAM_BLOCKS) {
    const map = getPath(isObject(spec) ? spec[block] : undefined, field);
    if (map === undefined || map === null || isObject(map)) continue;
    const where = formatFieldPath(['spec', block, ...field]);
    ctx.unsafe(where, `${where} must be a map of strings, got ${describe(map)}`);
    return false;
  }
  return true;
}

/** Is `key` set in the tag map of forProvider or initProvider? Asked key by key, so no set of the keys is built per resource. */
function hasTag(resource: KubeObject, field: readonly Segment[], key: string): boolean {
  const spec = resource.spec;
  if (!isObject(spec)) return false;
  const fp = getPath(spec.forProvider, field);
  if (isObject(fp) && Object.hasOwn(fp, key)) return true;
  const ip = getPath(spec.initProvider, field);
  return isObject(ip) && Object.hasOwn(ip, key);
}

/** Every key set in forProvider or initProvider (GCP's label count). */
function tagKeys(resource: KubeObject, field: readonly Segment[]): Set<string> {
  const keys = new Set<string>();
  const spec = resource.spec;
  for (const block of PARAM_BLOCKS) {
    const map = getPath(isObject(spec) ? spec[block] : undefined, field);
    if (isObject(map)) for (const key of Object.keys(map)) keys.add(key);
  }
  return keys;
}

/** `spec.forProvider.<field>`, formatted once per kind's field (fields are kept per type by tagField). */
function mapPath(field: readonly Segment[]): string {
  let path = mapPaths.get(field);
  if (path === undefined) mapPaths.set(field, (path = formatFieldPath(['spec', 'forProvider', ...field])));
  return path;
}
const mapPaths = new WeakMap<readonly Segment[], string>();

/**
 * `['spec', 'forProvider', ...field, key]`, made once per evaluation, kind's
 * field and tag, and shared by every resource of the kind: frozen, as the
 * engine only reads the paths it is given.
 */
function keyPath(t: Wanted, field: readonly Segment[]): readonly Segment[] {
  let path = t.paths.get(field);
  if (path === undefined) t.paths.set(field, (path = Object.freeze(['spec', 'forProvider', ...field, t.key])));
  return path;
}

/** One key of `tags.required`: what it is looked for as, how the message names it, and what the XR should have given it. */
interface Required {
  label: string;
  named: string;
  fromXr?: string;
}

/** `tags.required` resolved for the cloud (GCP looks for each key as its label): once per Input and cloud, not per resource. */
function requiredTags(ctx: RuleContext): readonly Required[] {
  const tags = ctx.input.tags;
  let cached = required.get(tags);
  if (cached === undefined) required.set(tags, (cached = {}));
  const gcp = ctx.type.cloud === 'gcp';
  return (gcp ? cached.gcp : cached.other) ?? (cached[gcp ? 'gcp' : 'other'] = resolveRequired(tags, gcp));
}

const required = new WeakMap<Tags, { gcp?: readonly Required[]; other?: readonly Required[] }>();

type Tags = RuleContext['input']['tags'];

function resolveRequired(tags: Tags, gcp: boolean): Required[] {
  return tags.required.map((key) => {
    const label = gcp ? gcpLabel(key, 'key') : key;
    const named = label === key ? key : `${label} (tag "${key}")`;
    return key in tags.fromComposite ? { label, named, fromXr: `${key} from ${tags.fromComposite[key]}` } : { label, named };
  });
}

/** One tag to inject: its key and value as written (`source`, `raw`), and as the kind takes them; `collides`: the earlier tag it became. */
interface Wanted {
  key: string;
  value: string;
  source: string;
  raw: string;
  collides?: string;
  /** What `missing` says: `tag "k" was not set`. */
  missing: string;
  /** keyPath's paths, by the kind's field. */
  paths: Map<readonly Segment[], readonly Segment[]>;
}

/** The tags the Input asks for, resolved against the XR, in Input order, made valid for the cloud; on GCP a later tag that becomes an earlier one's label is marked `collides` (reported, not injected). */
function wantedTags(ctx: RuleContext): readonly Wanted[] {
  // The same for every resource of an evaluation and cloud: worked out once per evaluation, Input, composite and cloud.
  let cached = wanted.get(ctx.index);
  if (cached === undefined || cached.input !== ctx.input || cached.composite !== ctx.composite) {
    wanted.set(ctx.index, (cached = { input: ctx.input, composite: ctx.composite }));
  }
  const gcp = ctx.type.cloud === 'gcp';
  return (gcp ? cached.gcp : cached.other) ?? (cached[gcp ? 'gcp' : 'other'] = resolveWanted(ctx));
}

const wanted = new WeakMap<DesiredIndex, { input: unknown; composite: unknown; gcp?: readonly Wanted[]; other?: readonly Wanted[] }>();

function resolveWanted(ctx: RuleContext): readonly Wanted[] {
  const raw: Record<string, string> = { ...ctx.input.tags.values };
  for (const [key, segments] of compositePaths(ctx.input.tags.fromComposite)) {
    const value = getPath(ctx.composite, segments);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') raw[key] = String(value);
  }
  if (ctx.type.cloud !== 'gcp') return Object.entries(raw).map(([key, value]) => ({ key, value, source: key, raw: value, missing: `tag "${key}" was not set`, paths: new Map() }));
  const byLabel = new Map<string, Wanted>();
  const out: Wanted[] = [];
  for (const [source, value] of Object.entries(raw)) {
    const key = gcpLabel(source, 'key');
    const first = byLabel.get(key);
    if (first !== undefined) {
      out.push({ ...first, source, raw: value, collides: first.source, paths: new Map() });
      continue;
    }
    const w = { key, value: gcpLabel(value, 'value'), source, raw: value, missing: `label "${key}" was not set`, paths: new Map() };
    byLabel.set(key, w);
    out.push(w);
  }
  return out;
}

const parsedPaths = new WeakMap<Record<string, string>, [string, Segment[]][]>();

/** `tags.fromComposite` with its field paths parsed, once per Input. */
function compositePaths(fromComposite: Record<string, string>): [string, Segment[]][] {
  let parsed = parsedPaths.get(fromComposite);
  if (parsed === undefined) {
    parsed = Object.entries(fromComposite).flatMap(([key, path]) => {
      const p = parseFieldPath(path);
      return p.ok ? [[key, p.segments] as [string, Segment[]]] : []; // invalid paths are refused at the boundary
    });
    parsedPaths.set(fromComposite, parsed);
  }
  return parsed;
}

/**
 * GCP label keys and values: lowercase letters, digits, `_` and `-`, at most
 * 63 characters; a key starts with a letter. Anything else becomes `_`.
 */
export function gcpLabel(text: string, part: 'key' | 'value'): string {
  let out = text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  if (part === 'key' && !/^[a-z]/.test(out)) out = `k${out}`;
  return out.slice(0, 63);
}
