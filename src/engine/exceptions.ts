/**
 * Exceptions: time-boxed waivers a platform engineer writes in the Input.
 * Pure: the engine passes the clock in. Without a clock no exception
 * applies, so a caller that forgets one fails closed.
 */
import type { Exception } from '../input/schema.js';
import { isObject } from '../lang/fieldpath.js';
import { globMatch } from '../lang/glob.js';
import { labelsOf } from '../lang/selector.js';
import type { KubeObject } from './types.js';
import { expiryInstant } from '../lang/expiry.js';

/** The XR identity exceptions match on: its name, and its namespace or else its claim's. */
export function compositeIdentity(composite: KubeObject): { name: string; namespace: string } {
  const metadata = isObject(composite.metadata) ? composite.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const ns = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : labelsOf(composite)['crossplane.io/claim-namespace'];
  return { name, namespace: ns ?? '' };
}

/** An exception as it stands for one request. */
export interface ScopedException {
  index: number;
  exception: Exception;
  /** It is past its expiry (or there is no clock). */
  expired: boolean;
}

/** The exceptions whose XR match holds for this composite, in Input order. */
export function exceptionsFor(exceptions: readonly Exception[], composite: KubeObject, now: number | undefined): ScopedException[] {
  const xr = compositeIdentity(composite);
  const out: ScopedException[] = [];
  exceptions.forEach((exception, index) => {
    const { composite: name, namespace } = exception.match;
    if (name !== undefined && !globMatch(name, xr.name)) return;
    if (namespace !== undefined && !globMatch(namespace, xr.namespace)) return;
    const expiry = expiryInstant(exception.expires);
    out.push({ index, exception, expired: now === undefined || expiry === undefined || now >= expiry });
  });
  return out;
}

/** A composed resource as exceptions see it; a companion also answers to its owner. */
export interface Covered {
  name: string;
  kind: string;
  /** For a companion guardrails added: the resource it belongs to. */
  owner?: { name: string; kind: string };
}

/**
 * The first active exception that waives `rule` on this resource. An
 * exception that matches a resource also covers the companions guardrails
 * adds for it (a bucket's public access block): they are part of it.
 */
export function waiverFor(scoped: readonly ScopedException[], rule: string, r: Covered): ScopedException | undefined {
  const matches = (m: ScopedException['exception']['match'], name: string, kind: string) =>
    (m.resource === undefined || globMatch(m.resource, name)) && (m.kind === undefined || globMatch(m.kind, kind));
  return scoped.find(({ exception: e, expired }) => {
    if (expired || !e.rules.includes(rule)) return false;
    return matches(e.match, r.name, r.kind) || (r.owner !== undefined && matches(e.match, r.owner.name, r.owner.kind));
  });
}
