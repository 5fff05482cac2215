/** Kubernetes label selectors, matched against an object's labels. */
import { isObject } from './fieldpath.js';

/** A Kubernetes label selector, as the Input spells one. */
export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string>> | undefined;
  matchExpressions?: readonly { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: readonly string[] | undefined }[] | undefined;
}

export function labelsOf(obj: Readonly<Record<string, unknown>>): Record<string, string> {
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
