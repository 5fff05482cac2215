/**
 * The digest an approval is bound to: `sha256-<64 hex>` over the canonical
 * JSON of what a person approves. Any change to the request is a new digest,
 * so an approval covers exactly what was seen: the XR; the composed resource
 * (its composition resource name, API group and kind, name, namespace,
 * external name, labels and annotations); the rules that gated it; its
 * desired `spec` after injections, which holds `providerConfigRef`,
 * `managementPolicies`, `deletionPolicy` and, for a provider-kubernetes
 * Object, the whole manifest it carries; and whatever else it holds at the
 * top level, where kinds without a spec keep what they do (a binding's
 * `roleRef` and `subjects`, a role's `rules`, a ConfigMap's `data`).
 *
 * The version is left out (a provider upgrade that moves the kind to v1beta2
 * is the same request), and so are the function's own labels and
 * annotations (`guardrails.fn.crossplane.io/*`), which it derives itself.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lang/canonical.js';
import { isObject } from '../lang/fieldpath.js';
import type { KubeObject } from '../lang/fieldpath.js';

export interface ApprovalSubject {
  composite: { apiVersion: string; kind: string; namespace: string; name: string };
  /** The composition resource name. */
  resource: string;
  /** The IDs of the rules that gated it. */
  rules: readonly string[];
  /** What the composed resource is and where it points. */
  object: {
    group: string;
    kind: string;
    name: string;
    namespace: string;
    generateName: string;
    externalName: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  /** Its desired `spec`, after injections. */
  spec: unknown;
  /**
   * Its other top-level fields (not apiVersion, kind, metadata, spec or
   * status), absent when it has none: what a kind without a spec holds.
   */
  body?: Record<string, unknown>;
}

export const DIGEST_PATTERN = /^sha256-[0-9a-f]{64}$/;

/** Labels and annotations under this prefix are the function's own. */
const OWN_PREFIX = 'guardrails.fn.crossplane.io/';

const EXTERNAL_NAME = 'crossplane.io/external-name';

export function approvalDigest(subject: ApprovalSubject): string {
  const canonical = canonicalJson({
    composite: subject.composite,
    resource: subject.resource,
    rules: [...subject.rules].sort(),
    object: subject.object,
    spec: subject.spec ?? null,
    // Only when present, so a resource that is all spec keeps the digest it always had.
    ...(subject.body !== undefined && Object.keys(subject.body).length > 0 ? { body: subject.body } : {}),
  });
  return `sha256-${createHash('sha256').update(canonical).digest('hex')}`;
}

/** The subject of a gated composed resource, as the engine emits it. */
export function approvalSubject(composite: KubeObject, resource: string, rules: readonly string[], obj: KubeObject): ApprovalSubject {
  const xr = isObject(composite.metadata) ? composite.metadata : {};
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const annotations = strings(metadata.annotations);
  const apiVersion = text(obj.apiVersion);
  const slash = apiVersion.lastIndexOf('/');
  const body = Object.fromEntries(Object.entries(obj).filter(([k]) => !NOT_BODY.has(k)));
  return {
    composite: { apiVersion: text(composite.apiVersion), kind: text(composite.kind), namespace: text(xr.namespace), name: text(xr.name) },
    resource,
    rules,
    object: {
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      kind: text(obj.kind),
      name: text(metadata.name),
      namespace: text(metadata.namespace),
      generateName: text(metadata.generateName),
      externalName: annotations[EXTERNAL_NAME] ?? '',
      labels: strings(metadata.labels),
      annotations,
    },
    spec: obj.spec,
    ...(Object.keys(body).length > 0 ? { body } : {}),
  };
}

/** Top-level fields that are not what the object holds: its type, its metadata (bound above) and what the API server reports. */
const NOT_BODY = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * A label or annotation map without the function's own keys. A value that is
 * not a string is kept as its JSON text, so it still changes the digest.
 */
function strings(map: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(map)) return out;
  for (const [k, v] of Object.entries(map)) {
    if (!k.startsWith(OWN_PREFIX)) out[k] = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  }
  return out;
}
