/**
 * How an Azure resource names another: an ID or name field, a reference
 * (`serverIdRef`), a selector (`serverIdSelector`). Rules that judge what
 * several resources admit together (the firewall rules of one server, the
 * security rules of one NSG) key them by what they name: the desired
 * resource they resolve to when it is composed in the same placement, else
 * the reference as written. Azure server, workspace and cache names are
 * global DNS names, so an ID or name that ends in a composed resource's
 * name is that resource, whichever way it is spelled (Azure IDs are
 * case-insensitive).
 */
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { observeOnly } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { explicitParams } from '../params.js';

/** The three fields a reference is written in: `serverId`, `serverIdRef`, `serverIdSelector`. */
export interface RefFields {
  id: string;
  ref: string;
  selector: string;
}

/** Most desired resources a selector's picks are keyed by one by one; past it, the selector itself is the key. */
const MAX_PICKS = 8;

/** A target's key: its composition resource name, and for a carried one its path inside (`db@spec.forProvider.manifest`). */
export function targetKey(t: Pick<IndexedTarget, 'name' | 'at'>): string {
  return t.at.length === 0 ? t.name : `${t.name}@${formatFieldPath(t.at)}`;
}

/** Desired targets that are applied: not inside an observe-only Object, which creates nothing it carries. */
export function applied(targets: readonly IndexedTarget[]): IndexedTarget[] {
  return targets.filter((t) => !t.carriers.some((c) => observeOnly(c.object)));
}

/** `spec` and its parameter blocks are objects where present. */
export function readableParams(obj: KubeObject): boolean {
  const spec = obj.spec;
  if (spec === undefined) return true;
  if (!isObject(spec)) return false;
  return [spec.forProvider, spec.initProvider].every((b) => b === undefined || b === null || isObject(b));
}

/** What a reference resolves to: keys (placement first) and the names of the composed resources it picks, for messages. */
export interface Named {
  keys: string[];
  names: string[];
}

/** The name Azure gives a composed resource: its external name, else its metadata.name. */
function azureName(obj: KubeObject): string | undefined {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const external = isObject(metadata.annotations) ? metadata.annotations['crossplane.io/external-name'] : undefined;
  const name = typeof external === 'string' && external !== '' ? external : metadata.name;
  return typeof name === 'string' && name !== '' ? name.toLowerCase() : undefined;
}

/**
 * What `target` names through `fields`: the desired `parentRef` targets in
 * its placement it resolves to, or the reference itself. Both parameter
 * blocks are read; every name found counts (fail closed: a rule is judged
 * with every server it may belong to).
 */
export function parentsOf(index: DesiredIndex, target: IndexedTarget, fields: RefFields, parentRef: string): Named {
  const placement = target.placement;
  const candidates = applied(index.byRef(parentRef)).filter((p) => p.placement === placement);
  const keys = new Set<string>();
  const names = new Set<string>();
  const pick = (found: readonly IndexedTarget[], otherwise: string) => {
    if (found.length === 0 || found.length > MAX_PICKS) keys.add(`${placement}|${parentRef}|${otherwise}`);
    else
      for (const p of found) {
        keys.add(`${placement}|${parentRef}|node|${targetKey(p)}`);
        names.add(p.name);
      }
  };
  for (const { value } of explicitParams(target.object, [fields.id])) {
    if (typeof value !== 'string' || value === '') continue;
    const last = value.replace(/\/+$/, '').split('/').at(-1)!.toLowerCase();
    pick(
      candidates.filter((p) => azureName(p.object) === last),
      `id|${last}`,
    );
  }
  for (const { value } of explicitParams(target.object, [fields.ref])) {
    if (!isObject(value) || typeof value.name !== 'string' || value.name === '') continue;
    const name = value.name;
    pick(
      candidates.filter((p) => isObject(p.object.metadata) && p.object.metadata.name === name),
      `ref|${name}`,
    );
  }
  for (const { value } of explicitParams(target.object, [fields.selector])) {
    if (!isObject(value)) continue;
    const labels = isObject(value.matchLabels) ? Object.entries(value.matchLabels) : [];
    const controller = value.matchControllerRef === true;
    const found =
      labels.length === 0
        ? controller
          ? candidates
          : []
        : candidates.filter((p) => {
            const own = isObject(p.object.metadata) && isObject(p.object.metadata.labels) ? p.object.metadata.labels : {};
            return labels.every(([k, v]) => own[k] === v);
          });
    pick(found, `selector|${JSON.stringify(labels.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}|${controller}`);
  }
  return { keys: [...keys], names: [...names].sort() };
}
