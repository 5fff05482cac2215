/**
 * Which schema a rule checks a resource against: the one Crossplane sent for
 * this exact apiVersion and kind, else the built-in one generated from the
 * provider's CRDs, else the built-in one of the nearest version of the same
 * kind (fields seldom move between versions; block shapes follow the version).
 */
import type { ResourceType } from '../engine/gvk.js';
import type { RuleContext } from '../engine/rule.js';
import type { Shape } from '../engine/schema.js';
import { BUILTIN_SCHEMAS } from './zz_schemas.js';
import { compareKubeVersions } from './versions.js';

/** `group|Kind` -> the built-in versions, oldest first. Built once. */
const VERSIONS = new Map<string, string[]>();
for (const key of BUILTIN_SCHEMAS.keys()) {
  const [apiVersion, kind] = key.split('|') as [string, string];
  const slash = apiVersion.lastIndexOf('/');
  const id = `${apiVersion.slice(0, slash)}|${kind}`;
  VERSIONS.set(id, [...(VERSIONS.get(id) ?? []), apiVersion.slice(slash + 1)].sort(compareKubeVersions));
}

export function schemaFor(ctx: Pick<RuleContext, 'type' | 'schemas'>): Shape | undefined {
  return schemaEntry(ctx)?.shape;
}

export interface SchemaEntry {
  shape: Shape;
  version: string;
  exact: boolean;
}

/** The built-in entry of each type (null: none), worked out once: it depends on the type alone. */
const BUILTIN_ENTRIES = new WeakMap<ResourceType, Readonly<SchemaEntry> | null>();

/**
 * The schema `schemaFor` picks, and whether it is this very version's. A
 * nearer version's schema says which fields exist, but not how this version
 * renders a single nested block (see `blockIsList` in params.ts).
 */
export function schemaEntry(ctx: Pick<RuleContext, 'type' | 'schemas'>): Readonly<SchemaEntry> | undefined {
  const type = ctx.type;
  // A schema Crossplane sent for this very version overrides the built-in one, per request.
  if (ctx.schemas.size > 0) {
    const sent = ctx.schemas.get(`${type.apiVersion}|${type.kind}`);
    if (sent !== undefined) return { shape: sent, version: type.version, exact: true };
  }
  let entry = BUILTIN_ENTRIES.get(type);
  if (entry === undefined) BUILTIN_ENTRIES.set(type, (entry = Object.freeze(builtinEntry(type)) ?? null));
  return entry ?? undefined;
}

function builtinEntry({ apiVersion, group, version, kind }: ResourceType): SchemaEntry | undefined {
  const exact = BUILTIN_SCHEMAS.get(`${apiVersion}|${kind}`);
  if (exact !== undefined) return { shape: exact, version, exact: true };
  const versions = VERSIONS.get(`${group}|${kind}`);
  if (versions === undefined) return undefined;
  const nearest = versions.filter((v) => compareKubeVersions(v, version) <= 0).at(-1) ?? versions.at(-1)!;
  const shape = BUILTIN_SCHEMAS.get(`${group}/${nearest}|${kind}`);
  return shape === undefined ? undefined : { shape, version: nearest, exact: false };
}
