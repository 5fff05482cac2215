/**
 * Long-lived GCP credentials an agent could mint for a service account it
 * controls: a secret that works from anywhere until someone deletes it,
 * outside the short-lived tokens Google Cloud issues to attached service
 * accounts and federated workloads. The GCP counterpart of
 * `aws-iam-long-lived-credentials`.
 *
 * Kinds and fields from provider-upjet-gcp (package/crds, both groups):
 * cloudplatform ServiceAccountKey (`publicKeyData` uploads a key instead of
 * generating one), storage HMACKey (`state` ACTIVE or INACTIVE), oslogin
 * SSHPublicKey (`expirationTimeUsec`).
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { explicitParams } from '../params.js';
import { gcp } from './kinds.js';

/** A kind that mints a long-lived credential: what it mints, how long it lasts, and what to do instead. */
export interface CredentialKind extends ProviderKindRef {
  what: string;
  lasts: string;
  instead: string;
}

const UNTIL_DELETED = 'until someone deletes it';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  {
    ...gcp('cloudplatform', 'ServiceAccountKey'),
    what: 'a user-managed service account key: whoever reads the private key from its connection secret acts as the service account, from anywhere',
    lasts: UNTIL_DELETED,
    instead: 'attach the service account to the workload or use Workload Identity Federation instead',
  },
  {
    ...gcp('storage', 'HMACKey'),
    what: "an HMAC key for a service account: whoever reads its secret from the connection secret signs Cloud Storage requests (the XML API, S3-compatible tools) as the service account, from anywhere",
    lasts: UNTIL_DELETED,
    instead: "call Cloud Storage with the service account's short-lived OAuth tokens instead",
  },
  {
    ...gcp('oslogin', 'SSHPublicKey'),
    what: "an SSH key on a Google account's OS Login profile: whoever holds the private key logs in, as that account, to every VM where it has an OS Login role",
    lasts: 'until someone deletes it, or until its expirationTimeUsec where one is set',
    instead: 'let the person who needs access add their own key, with an expiry',
  },
];

const UPLOADED =
  `uploads a public key (publicKeyData) to a service account: whoever holds the matching private key signs in as the service account, from anywhere; it lasts as a generated key does, ${UNTIL_DELETED} (Checkov CKV2_GCP_3 asks for Google-managed keys only)`;

export const iamLongLivedCredentials = defineRule({
  id: 'gcp-iam-long-lived-credentials',
  title: 'Long-lived GCP credentials are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval every resource that mints a long-lived credential: ${CREDENTIAL_KINDS.map((c) => `${c.service} ${c.kind} (${c.what})`).join('; ')}. A ServiceAccountKey that uploads its own public key (\`publicKeyData\`) is held too: whoever holds the private key keeps the access as long as a generated key would. An HMACKey with \`state: INACTIVE\` and an SSHPublicKey with an \`expirationTimeUsec\` are held as well: one field turns the key back on, or moves its expiry. An agent that mints one for a service account it controls keeps that access until someone deletes it, outside any token Google Cloud bounds; workloads should use attached service accounts or Workload Identity Federation. An observe-only resource mints nothing and passes.`,
  references: { checkov: ['CKV2_GCP_3'], trivy: [] },
  kinds: CREDENTIAL_KINDS.map(({ cloud, service, kind }) => ({ cloud, service, kind })),
  check(ctx) {
    const c = CREDENTIAL_KINDS.find((c) => ctx.type.ref === `gcp/${c.service}/${c.kind}`);
    if (c === undefined) return;
    const uploaded = c.kind === 'ServiceAccountKey' && explicitParams(ctx.resource, ['publicKeyData']).some((p) => p.value !== '');
    const mints = uploaded ? UPLOADED : `mints ${c.what}; it lasts ${c.lasts}`;
    ctx.unsafe('spec.forProvider', `this ${c.service} ${c.kind} ${mints}; ${c.instead}, or have a human approve it`);
  },
}) satisfies Rule;

/** The credential rules in evaluation order. */
export const CREDENTIAL_RULES = [iamLongLivedCredentials] as const satisfies readonly Rule[];
