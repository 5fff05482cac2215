/** Kubernetes label selectors, matched against an object's labels. */
import type { LabelSelector } from '../input/schema.js';
import { isObject } from './fieldpath.js';
import type { KubeObject } from './types.js';

export function labelsOf(obj: KubeObject): Record<string, string> {
  const metadata = obj.metadata;
  if (!isObject(metadata) || !isObject(metadata.labels)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Whether the labels satisfy every term of the selector (an empty selector matches everything). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok =
      operator === 'Exists' ? has
      : operator === 'DoesNotExist' ? !has
      : operator === 'In' ? has && values.includes(labels[key]!)
      : !has || !values.includes(labels[key]!);
    if (!ok) return false;
  }
  return true;
}
