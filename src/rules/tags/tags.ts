/**
 * Mandatory tags (labels on GCP): injected where absent, then required.
 * Each kind's tag field comes from a table generated from the providers'
 * CRDs, so a kind without one gets nothing, and GCP's `tags` (network tags
 * and resource-manager tag bindings, not key/value labels) is never touched.
 */
import { getPath, isObject, parseFieldPath, type Segment } from '../../engine/fieldpath.js';
import type { ResourceType } from '../../engine/gvk.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe } from '../params.js';
import { TAG_FIELDS } from './zz_tag_fields.js';

/** The forProvider path of the kind's tag or label map, or undefined where it has none. */
export function tagField(type: ResourceType): string[] | undefined {
  const field = TAG_FIELDS.get(`${type.apiVersion}|${type.kind}`);
  if (field === undefined || (type.cloud === 'gcp' && field === 'tags')) return undefined;
  const path = field.split('.');
  // A label map inside a single nested block (GCP SQL settings.userLabels) is only listed
  // for object-shaped versions; refuse to guess an array shape.
  if (path.length > 1 && type.blocks === 'array') return undefined;
  return path;
}

const taggable = { summary: 'every kind with a tag or label field', test: (type: ResourceType) => tagField(type) !== undefined };

export const tagsInject = defineRule({
  id: 'tags-inject',
  title: 'Mandatory tags and labels are present',
  severity: 'low',
  defaultAction: 'Mutate',
  description:
    "Injects `tags.values` and `tags.fromComposite` (read from the XR) into the kind's own tag or label map, key by key, where the key is absent from both forProvider and initProvider. An explicit value is never changed. On GCP keys and values are made valid labels (lowercase, `[a-z0-9_-]`, at most 63 characters).",
  fix: "each absent key of `tags.values` and `tags.fromComposite`, into the kind's tag or label map.",
  kinds: taggable,
  configured: (_, input) => Object.keys(input.tags.values).length > 0 || Object.keys(input.tags.fromComposite).length > 0,
  check(ctx) {
    const wanted = Object.entries(wantedTags(ctx));
    if (wanted.length === 0) return;
    const field = tagField(ctx.type)!;
    const present = currentTags(ctx, field);
    if (present === undefined) return;
    for (const [key, value] of wanted) {
      if (present.has(key)) continue;
      ctx.missing(['spec', 'forProvider', ...field, key], value, `tag "${key}" was not set`);
    }
  },
}) satisfies Rule;

export const tagsRequired = defineRule({
  id: 'tags-required',
  title: 'Required tags and labels are set',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    'Refuses a taggable resource that, after injection, lacks any key of `tags.required`. Set the tag on the resource, or put the value on the XR where `tags.fromComposite` reads it.',
  kinds: taggable,
  configured: (_, input) => input.tags.required.length > 0,
  check(ctx) {
    const required = ctx.input.tags.required;
    if (required.length === 0) return;
    const field = tagField(ctx.type)!;
    const present = currentTags(ctx, field);
    if (present === undefined) return;
    const gcp = ctx.type.cloud === 'gcp';
    const label = (key: string) => (gcp ? gcpLabel(key, 'key') : key);
    const absent = required.filter((key) => !present.has(label(key)));
    if (absent.length === 0) return;
    const fromXr = absent.filter((key) => key in ctx.input.tags.fromComposite).map((key) => `${key} from ${ctx.input.tags.fromComposite[key]}`);
    ctx.unsafe(
      ['spec', 'forProvider', ...field].join('.'),
      `missing required ${gcp ? 'label' : 'tag'}${absent.length > 1 ? 's' : ''} ${absent.map(label).join(', ')}` +
        (fromXr.length > 0 ? `; the XR does not set ${fromXr.join(', ')}` : ''),
    );
  },
}) satisfies Rule;

/** Keys set in forProvider or initProvider; undefined (and reported) when a map is malformed. */
function currentTags(ctx: RuleContext, field: readonly string[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const block of ['forProvider', 'initProvider']) {
    const path = ['spec', block, ...field];
    const map = getPath(ctx.resource, path);
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      ctx.unsafe(path.join('.'), `${path.join('.')} must be a map of strings, got ${describe(map)}`);
      return undefined;
    }
    for (const key of Object.keys(map)) keys.add(key);
  }
  return keys;
}

/** The tags the Input asks for, resolved against the XR, in Input order, made valid for the cloud. */
function wantedTags(ctx: RuleContext): Record<string, string> {
  const wanted: Record<string, string> = { ...ctx.input.tags.values };
  for (const [key, segments] of compositePaths(ctx.input.tags.fromComposite)) {
    const value = getPath(ctx.composite, segments);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') wanted[key] = String(value);
  }
  if (ctx.type.cloud !== 'gcp') return wanted;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted)) labels[gcpLabel(key, 'key')] = gcpLabel(value, 'value');
  return labels;
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
