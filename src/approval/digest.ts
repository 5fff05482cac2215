/**
 * The digest an approval is bound to: `sha256-<64 hex>` over the canonical
 * JSON of what a person approves. Any change to the request (the XR, the
 * composed resource, the rules that gated it, a single field of its desired
 * spec, the name it adopts) is a new digest, so an approval covers exactly
 * what was seen.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../engine/canonical.js';

export interface ApprovalSubject {
  composite: { apiVersion: string; kind: string; namespace: string; name: string };
  /** The composition resource name. */
  resource: string;
  /** The IDs of the rules that gated it. */
  rules: readonly string[];
  /** Its desired `spec`, after injections. */
  spec: unknown;
  /**
   * Which existing object and cloud resource it binds to, where it names
   * them: its `metadata.name` and its `crossplane.io/external-name`.
   * Approving an adoption covers exactly that name. Absent when it names
   * neither, so the digest of a resource without names is what it was.
   */
  identity?: { name?: string; externalName?: string };
}

export const DIGEST_PATTERN = /^sha256-[0-9a-f]{64}$/;

export function approvalDigest(subject: ApprovalSubject): string {
  const canonical = canonicalJson({
    composite: subject.composite,
    resource: subject.resource,
    rules: [...subject.rules].sort(),
    spec: subject.spec ?? null,
    ...(subject.identity !== undefined && Object.keys(subject.identity).length > 0 ? { identity: subject.identity } : {}),
  });
  return `sha256-${createHash('sha256').update(canonical).digest('hex')}`;
}
