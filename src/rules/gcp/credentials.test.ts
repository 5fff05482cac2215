import { describe, expect, it } from 'vitest';
import { finding, runFindingsCase, withPolicies, type FindingsCase } from '../../../test/builders/aws-data.js';
import { gcpResource, served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import { CATALOG } from '../catalog.js';
import { CREDENTIAL_KINDS, CREDENTIAL_RULES, iamLongLivedCredentials } from './credentials.js';

/** Every kind is served as v1beta1 in both groups (provider-upjet-gcp package/crds). */
const SHAPES = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const SA = 'projects/acme-prod/serviceAccounts/agent@acme-prod.iam.gserviceaccount.com';
const EMAIL = 'agent@acme-prod.iam.gserviceaccount.com';

/** The message for each kind, word for word. */
const MESSAGES: Record<string, string> = {
  ServiceAccountKey:
    'this cloudplatform ServiceAccountKey mints a user-managed service account key: whoever reads the private key from its connection secret acts as the service account, from anywhere; it lasts until someone deletes it; attach the service account to the workload or use Workload Identity Federation instead, or have a human approve it',
  HMACKey:
    "this storage HMACKey mints an HMAC key for a service account: whoever reads its secret from the connection secret signs Cloud Storage requests (the XML API, S3-compatible tools) as the service account, from anywhere; it lasts until someone deletes it; call Cloud Storage with the service account's short-lived OAuth tokens instead, or have a human approve it",
  SSHPublicKey:
    "this oslogin SSHPublicKey mints an SSH key on a Google account's OS Login profile: whoever holds the private key logs in, as that account, to every VM where it has an OS Login role; it lasts until someone deletes it, or until its expirationTimeUsec where one is set; let the person who needs access add their own key, with an expiry, or have a human approve it",
};
const held = (k: string) => finding(iamLongLivedCredentials, 'RequireApproval', 'spec.forProvider', MESSAGES[k]!);
const UPLOADED = finding(
  iamLongLivedCredentials,
  'RequireApproval',
  'spec.forProvider',
  'this cloudplatform ServiceAccountKey uploads a public key (publicKeyData) to a service account: whoever holds the matching private key signs in as the service account, from anywhere; it lasts as a generated key does, until someone deletes it (Checkov CKV2_GCP_3 asks for Google-managed keys only); attach the service account to the workload or use Workload Identity Federation instead, or have a human approve it',
);

const cases: FindingsCase[] = SHAPES.flatMap((s): FindingsCase[] => {
  const r = (service: string, k: string, forProvider: Record<string, unknown>): KubeObject => gcpResource(service, k, s, forProvider);
  return [
    {
      name: `${s.label}: an agent mints a key for its service account: held`,
      reason: 'a user-managed key works from anywhere until someone deletes it (CKV2_GCP_3)',
      resource: r('cloudplatform', 'ServiceAccountKey', { serviceAccountId: SA }),
      want: [held('ServiceAccountKey')],
    },
    {
      name: `${s.label}: a key by reference to the service account: held`,
      reason: 'how the service account is named does not change what is minted',
      resource: r('cloudplatform', 'ServiceAccountKey', { serviceAccountIdRef: { name: 'agent' }, keyAlgorithm: 'KEY_ALG_RSA_2048' }),
      want: [held('ServiceAccountKey')],
    },
    {
      name: `${s.label}: an agent uploads its own public key: held, and said so`,
      reason: 'publicKeyData: Google keeps no private key, but whoever holds it signs in as the service account as long as a generated key would',
      resource: r('cloudplatform', 'ServiceAccountKey', { serviceAccountId: SA, publicKeyData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t' }),
      want: [UPLOADED],
    },
    {
      name: `${s.label}: a public key uploaded through initProvider only: held, and said so`,
      reason: 'initProvider is applied at creation: read like forProvider',
      resource: { ...r('cloudplatform', 'ServiceAccountKey', { serviceAccountId: SA }), spec: { forProvider: { serviceAccountId: SA }, initProvider: { publicKeyData: 'LS0tLS1CRUdJTg==' } } },
      want: [UPLOADED],
    },
    {
      name: `${s.label}: an empty publicKeyData generates a key: held as one`,
      reason: 'an empty string uploads nothing: Google generates the key pair',
      resource: r('cloudplatform', 'ServiceAccountKey', { serviceAccountId: SA, publicKeyData: '' }),
      want: [held('ServiceAccountKey')],
    },
    {
      name: `${s.label}: an HMAC key for the agent's service account: held`,
      reason: 'an access ID and secret that sign Cloud Storage requests as the service account',
      resource: r('storage', 'HMACKey', { serviceAccountEmail: EMAIL }),
      want: [held('HMACKey')],
    },
    {
      name: `${s.label}: an inactive HMAC key: held`,
      reason: 'state: INACTIVE today, ACTIVE with one field, and its secret is written at creation',
      resource: r('storage', 'HMACKey', { serviceAccountEmailRef: { name: 'agent' }, state: 'INACTIVE' }),
      want: [held('HMACKey')],
    },
    {
      name: `${s.label}: an SSH key on the agent's OS Login profile: held`,
      reason: 'it logs into every VM where the account has an OS Login role',
      resource: r('oslogin', 'SSHPublicKey', { user: EMAIL, keySecretRef: { name: 'ssh', key: 'id_ed25519.pub' } }),
      want: [held('SSHPublicKey')],
    },
    {
      name: `${s.label}: an SSH key with an expiry: held`,
      reason: 'an expiry is one field away from a later one',
      resource: r('oslogin', 'SSHPublicKey', { user: EMAIL, keySecretRef: { name: 'ssh', key: 'id_ed25519.pub' }, expirationTimeUsec: '1893456000000000' }),
      want: [held('SSHPublicKey')],
    },
    {
      name: `${s.label}: an observe-only service account key passes`,
      reason: 'observing an existing key mints nothing',
      resource: withPolicies(r('cloudplatform', 'ServiceAccountKey', { serviceAccountId: SA }), ['Observe']),
      want: [],
    },
    {
      name: `${s.label}: an observe-only HMAC key passes`,
      reason: 'observing an existing key mints nothing',
      resource: withPolicies(r('storage', 'HMACKey', { serviceAccountEmail: EMAIL }), ['Observe']),
      want: [],
    },
    {
      name: `${s.label}: the service account itself passes`,
      reason: 'a ServiceAccount holds no secret; its keys are what this rule holds',
      resource: r('cloudplatform', 'ServiceAccount', { displayName: 'agent' }),
      want: [],
    },
  ];
});

describe('gcp-iam-long-lived-credentials', () => {
  it.each(cases)('$name', (c) => runFindingsCase(c, CREDENTIAL_RULES));
});

describe('rule metadata', () => {
  it('holds by default and cites CKV2_GCP_3', () => {
    expect([iamLongLivedCredentials.defaultAction, iamLongLivedCredentials.references]).toEqual(['RequireApproval', { checkov: ['CKV2_GCP_3'], trivy: [] }]);
  });

  it('reads exactly the credential kinds, each named in the description', () => {
    expect(iamLongLivedCredentials.kinds).toEqual([
      { cloud: 'gcp', service: 'cloudplatform', kind: 'ServiceAccountKey' },
      { cloud: 'gcp', service: 'storage', kind: 'HMACKey' },
      { cloud: 'gcp', service: 'oslogin', kind: 'SSHPublicKey' },
    ]);
    for (const c of CREDENTIAL_KINDS) expect(iamLongLivedCredentials.description).toContain(`${c.service} ${c.kind} (${c.what})`);
  });

  it('stands in the catalog right after the GCP IAM rules', () => {
    const ids = CATALOG.map((r) => r.id);
    expect(ids.indexOf('gcp-iam-long-lived-credentials')).toBe(ids.indexOf('gcp-iam-privileged-grant') + 1);
  });
});
