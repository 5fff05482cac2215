/**
 * Which schema a rule checks a resource against: the one Crossplane sent for
 * this exact apiVersion and kind, else the built-in one generated from the
 * provider's CRDs, else the built-in one of the nearest version of the same
 * kind (fields seldom move between versions; block shapes follow the version).
 */
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

/**
 * The schema `schemaFor` picks, and whether it is this very version's. A
 * nearer version's schema says which fields exist, but not how this version
 * renders a single nested block (see `blockIsList` in params.ts).
 */
export function schemaEntry(ctx: Pick<RuleContext, 'type' | 'schemas'>): { shape: Shape; version: string; exact: boolean } | undefined {
  const { apiVersion, group, version, kind } = ctx.type;
  const key = `${apiVersion}|${kind}`;
  const exact = ctx.schemas.get(key) ?? BUILTIN_SCHEMAS.get(key);
  if (exact !== undefined) return { shape: exact, version, exact: true };
  const versions = VERSIONS.get(`${group}|${kind}`);
  if (versions === undefined) return undefined;
  const nearest = versions.filter((v) => compareKubeVersions(v, version) <= 0).at(-1) ?? versions.at(-1)!;
  const shape = BUILTIN_SCHEMAS.get(`${group}/${nearest}|${kind}`);
  return shape === undefined ? undefined : { shape, version: nearest, exact: false };
}
