/**
 * Cloud Storage buckets: one access model (IAM only, no per-object ACLs),
 * public access prevention enforced, object versioning, and access logs
 * kept elsewhere. Who may read a bucket is judged by `gcp-iam-public-member`
 * (iam.ts), on its IAM members, bindings, policies and ACLs.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';
import { BUCKET } from './kinds.js';

export const [storageUniformAccess, storagePublicAccessPrevention, storageVersioning] = fieldRules([
  {
    id: 'gcp-storage-uniform-access',
    title: 'Buckets use uniform bucket-level access',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [{ kind: BUCKET, field: ['uniformBucketLevelAccess'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'uniform bucket-level access was not turned on',
    unsafe: 'set it to true (or remove it) so only IAM decides who reads the bucket, not per-object ACLs',
    why: 'With fine-grained access every object carries its own ACL, which IAM policies and public access reviews do not see; an object made public by its ACL stays public.',
    references: { checkov: ['CKV_GCP_29'], trivy: ['GCP-0002'] },
  },
  {
    id: 'gcp-storage-public-access-prevention',
    title: 'Buckets enforce public access prevention',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [{ kind: BUCKET, field: ['publicAccessPrevention'] }],
    type: 'string',
    safe: 'enforced',
    inject: 'enforced',
    missing: 'public access prevention was not set',
    unsafe: 'set it to "enforced" (or remove it) so no IAM grant or ACL can make the bucket or its objects public',
    why: '`inherited` leaves it to an organization policy the composition cannot see; `enforced` refuses `allUsers` and `allAuthenticatedUsers` on the bucket whatever else is granted.',
    references: { checkov: ['CKV_GCP_114'] },
  },
  {
    id: 'gcp-storage-versioning',
    title: 'Buckets keep object versions',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: BUCKET, field: ['versioning', 'enabled'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'object versioning was not turned on',
    unsafe: 'set it to true (or remove it) so an overwritten or deleted object can be recovered',
    why: 'Versions let an overwrite or a deletion, by mistake or by an attacker, be undone; lifecycle rules can expire old versions.',
    references: { checkov: ['CKV_GCP_78'], trivy: ['GCP-0078'] },
  },
]) as [Rule, Rule, Rule];

/**
 * Access logs: `logging.logBucket` names the bucket that receives them. A
 * bucket cannot log to itself usefully (reading the logs writes more of
 * them, and whoever may delete objects may delete the trail), so the name of
 * the bucket itself is refused too. The bucket's name is its external name,
 * or its `metadata.name` (what Crossplane names it by default).
 */
export const storageAccessLogging = defineRule({
  id: 'gcp-storage-access-logging',
  title: 'Buckets log access to another bucket',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports a Bucket whose `logging.logBucket` is absent (no usage and access logs) or empty, or names the bucket itself (its external name, or its `metadata.name`). Nothing is injected: the log bucket is the platform\'s choice.',
  references: { checkov: ['CKV_GCP_62', 'CKV_GCP_63'], trivy: ['GCP-0077'] },
  kinds: [BUCKET],
  check(ctx) {
    const found = explicitParams(ctx.resource, ['logging', 'logBucket']);
    if (found.length === 0) {
      ctx.unsafe('spec.forProvider.logging', 'access logging was not set: name a bucket that receives the usage and access logs in logging.logBucket');
      return;
    }
    const own = ownName(ctx.resource);
    for (const { path, value } of found) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value.trim() === '') ctx.unsafe(path, `${path} is empty; name the bucket that receives the access logs`);
      else if (own !== undefined && bucketName(value) === own) ctx.unsafe(path, `${path} is ${describe(value, true)}, the bucket itself; send the logs to another bucket`);
    }
  },
}) satisfies Rule;

/** The bucket's name: its external name, else `metadata.name`. */
function ownName(obj: Record<string, unknown>): string | undefined {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const external = isObject(metadata.annotations) ? metadata.annotations['crossplane.io/external-name'] : undefined;
  if (typeof external === 'string' && external !== '') return external;
  return typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : undefined;
}

/** `gs://logs/` and `logs` name the same bucket. */
const bucketName = (text: string) => text.trim().replace(/^gs:\/\//, '').replace(/\/+$/, '');

/** The bucket rules in evaluation order. */
export const STORAGE_RULES = [storageUniformAccess, storagePublicAccessPrevention, storageVersioning, storageAccessLogging] as const satisfies readonly Rule[];
