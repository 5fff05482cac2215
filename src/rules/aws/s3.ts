/**
 * S3: an Upbound Bucket has no inline encryption, public access or
 * versioning settings; each lives in a resource of its own that refers to
 * the bucket. These rules add the missing companion beside each Bucket, in
 * the Bucket's own group and version family, and check the companions an
 * author wrote.
 */
import { createHash } from 'node:crypto';
import { getPath, isObject } from '../../engine/fieldpath.js';
import { resourceType, service, type ResourceType } from '../../engine/gvk.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { explicitParams, observeOnly, readable, requireBoolean, requireValue } from '../params.js';
import { compareKubeVersions } from '../versions.js';

/** Label a generated companion selects its bucket by (the bucket's composition resource name). */
export const BUCKET_LABEL = 'guardrails.fn.crossplane.io/bucket';

const s3 = (kind: string) => ({ cloud: 'aws', service: 's3', kind }) as const;

/**
 * Served versions of the companion kinds, oldest first, read from
 * provider-upjet-aws 75a4c57162d0 package/crds (s3.aws.upbound.io and
 * s3.aws.m.upbound.io).
 */
const SERVED: Record<'cluster' | 'namespaced', Record<string, readonly string[]>> = {
  cluster: {
    BucketServerSideEncryptionConfiguration: ['v1beta1', 'v1beta2'],
    BucketPublicAccessBlock: ['v1beta1'],
    BucketVersioning: ['v1beta1', 'v1beta2'],
  },
  namespaced: {
    BucketServerSideEncryptionConfiguration: ['v1beta1'],
    BucketPublicAccessBlock: ['v1beta1'],
    BucketVersioning: ['v1beta1'],
  },
};

/** Server-side encryption algorithms S3 accepts as a bucket default. */
const SSE_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse', 'AES256']);

const PUBLIC_ACCESS_FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

export const s3Encryption = defineRule({
  id: 'aws-s3-encryption',
  title: 'S3 buckets are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Adds a `BucketServerSideEncryptionConfiguration` (SSE-KMS with the aws/s3 key, S3 Bucket Keys on) beside every Bucket that has none in the desired state, matched through `bucket`, `bucketRef` or `bucketSelector`. In one an author wrote, the default algorithm must be `aws:kms`, `aws:kms:dsse` or `AES256`.',
  fix: 'adds `<bucket>-encryption`: `rule: [{applyServerSideEncryptionByDefault: {sseAlgorithm: aws:kms}, bucketKeyEnabled: true}]`; injects an absent algorithm as `aws:kms`.',
  references: { checkov: ['CKV_AWS_19', 'CKV_AWS_145'], trivy: ['AWS-0088', 'AWS-0132'] },
  kinds: [s3('Bucket'), s3('BucketServerSideEncryptionConfiguration')],
  check(ctx) {
    if (ctx.type.kind === 'BucketServerSideEncryptionConfiguration') {
      requireValue(ctx, ['rule', 'applyServerSideEncryptionByDefault', 'sseAlgorithm'], {
        safe: (algorithm) => typeof algorithm === 'string' && SSE_ALGORITHMS.has(algorithm),
        inject: 'aws:kms',
        type: 'string',
        missing: 'no default encryption algorithm was set',
        unsafe: `use one of ${[...SSE_ALGORITHMS].join(', ')}`,
      });
      return;
    }
    if (!managedBucket(ctx)) return;
    const kind = 'BucketServerSideEncryptionConfiguration';
    if (hasCompanion(ctx, kind)) return;
    const version = companionVersion(ctx.type, kind);
    const byDefault = { sseAlgorithm: 'aws:kms' };
    const shape = resourceType({ apiVersion: `${ctx.type.group}/${version}`, kind })!;
    companion(ctx, kind, version, `${ctx.name}-encryption`, {
      rule: [{ applyServerSideEncryptionByDefault: shape.blocks === 'array' ? [byDefault] : byDefault, bucketKeyEnabled: true }],
    });
  },
}) satisfies Rule;

export const s3PublicAccessBlock = defineRule({
  id: 'aws-s3-public-access-block',
  title: 'S3 buckets block public access',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Adds a `BucketPublicAccessBlock` with all four flags on beside every Bucket that has none. In a `BucketPublicAccessBlock` an author wrote, injects each absent flag as `true` and refuses any flag explicitly `false`.',
  fix: 'adds `<bucket>-public-access-block` with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets` all `true`; injects an absent flag as `true`.',
  references: { checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'], trivy: ['AWS-0086', 'AWS-0087', 'AWS-0091', 'AWS-0093', 'AWS-0094'] },
  kinds: [s3('Bucket'), s3('BucketPublicAccessBlock')],
  check(ctx) {
    if (ctx.type.kind === 'BucketPublicAccessBlock') {
      for (const flag of PUBLIC_ACCESS_FLAGS) {
        requireBoolean(ctx, flag, true, {
          missing: `${flag} was not set`,
          unsafe: 'the bucket could be made public; remove it or set it to true',
        });
      }
      return;
    }
    if (!managedBucket(ctx)) return;
    const kind = 'BucketPublicAccessBlock';
    if (hasCompanion(ctx, kind)) return;
    companion(ctx, kind, companionVersion(ctx.type, kind), `${ctx.name}-public-access-block`, Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, true])));
  },
}) satisfies Rule;

export const s3Versioning = defineRule({
  id: 'aws-s3-versioning',
  title: 'S3 buckets keep object versions',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    "Adds a `BucketVersioning` with status `Enabled` beside every Bucket that has none, so an overwrite or delete by an agent can be undone. In a `BucketVersioning` an author wrote, injects an absent status and refuses `Suspended` or `Disabled`.",
  fix: 'adds `<bucket>-versioning` with `versioningConfiguration.status: Enabled`; injects an absent status.',
  references: { checkov: ['CKV_AWS_21'], trivy: ['AWS-0090'] },
  kinds: [s3('Bucket'), s3('BucketVersioning')],
  check(ctx) {
    const block = (t: ResourceType, obj: Record<string, unknown>) => (t.blocks === 'array' ? [obj] : obj);
    if (ctx.type.kind === 'BucketVersioning') {
      requireValue(ctx, ['versioningConfiguration', 'status'], {
        safe: (status) => status === 'Enabled',
        inject: 'Enabled',
        type: 'string',
        missing: 'versioning status was not set',
        unsafe: 'set it to "Enabled" so overwritten and deleted objects can be recovered',
      });
      return;
    }
    if (!managedBucket(ctx)) return;
    const kind = 'BucketVersioning';
    if (hasCompanion(ctx, kind)) return;
    const version = companionVersion(ctx.type, kind);
    const shape = resourceType({ apiVersion: `${ctx.type.group}/${version}`, kind })!;
    companion(ctx, kind, version, `${ctx.name}-versioning`, { versioningConfiguration: block(shape, { status: 'Enabled' }) });
  },
}) satisfies Rule;

export const s3AccessLogging = defineRule({
  id: 'aws-s3-access-logging',
  title: 'S3 buckets log access',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns when a Bucket has no `BucketLogging` in the desired state. There is no safe default to add: access logs need a target bucket the platform chooses, so the default action reports and changes nothing; set it to `Deny` once every composition provides one.',
  references: { checkov: ['CKV_AWS_18'], trivy: ['AWS-0089'] },
  kinds: [s3('Bucket')],
  check(ctx) {
    if (!managedBucket(ctx) || hasCompanion(ctx, 'BucketLogging')) return;
    ctx.unsafe('', 'no BucketLogging refers to this bucket; add one that sends access logs to the log bucket of the platform');
  },
}) satisfies Rule;

/** The S3 rules in evaluation order. */
export const S3_RULES = [s3Encryption, s3PublicAccessBlock, s3Versioning, s3AccessLogging] as const satisfies readonly Rule[];

/**
 * A bucket this XR manages. An observe-only bucket (managementPolicies
 * without `*`, `Create` or `Update`) belongs to someone else: no companion
 * may change it.
 */
function managedBucket(ctx: RuleContext): boolean {
  return readable(ctx) && !observeOnly(ctx.resource);
}

/** The version of `kind` to emit beside a bucket: the bucket's own if served, else the newest served one not newer. */
export function companionVersion(bucket: ResourceType, kind: string): string {
  const served = SERVED[bucket.namespaced ? 'namespaced' : 'cluster'][kind]!;
  if (served.includes(bucket.version)) return bucket.version;
  const older = served.filter((v) => compareKubeVersions(v, bucket.version) <= 0);
  return older.at(-1) ?? served.at(-1)!;
}

/** The S3 resources of one desired state, by kind: built once per evaluation, not once per bucket. */
const s3Index = new WeakMap<ReadonlyMap<string, KubeObject>, Map<string, [string, KubeObject][]>>();

function s3ByKind(desired: ReadonlyMap<string, KubeObject>): Map<string, [string, KubeObject][]> {
  let index = s3Index.get(desired);
  if (index === undefined) {
    index = new Map();
    for (const [name, obj] of desired) {
      const t = isObject(obj) ? resourceType(obj) : undefined;
      if (t?.cloud !== 'aws' || service(t) !== 's3') continue;
      const list = index.get(t.kind) ?? [];
      list.push([name, obj]);
      index.set(t.kind, list);
    }
    s3Index.set(desired, index);
  }
  return index;
}

/** Does the desired state already hold a `kind` that refers to this bucket? */
function hasCompanion(ctx: RuleContext, kind: string): boolean {
  return (s3ByKind(ctx.desired).get(kind) ?? []).some(([name, other]) => name !== ctx.name && refersToBucket(other, ctx));
}

function refersToBucket(other: KubeObject, ctx: RuleContext): boolean {
  const metadata = isObject(ctx.resource.metadata) ? ctx.resource.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const externalName = annotations['crossplane.io/external-name'];
  const labels = isObject(metadata.labels) ? metadata.labels : {};

  for (const block of ['forProvider', 'initProvider']) {
    const params = getPath(other, ['spec', block]);
    if (!isObject(params)) continue;
    // `bucket` is the AWS bucket name: the external name where the bucket has one.
    const awsName = typeof externalName === 'string' && externalName !== '' ? externalName : name;
    if (typeof params.bucket === 'string' && params.bucket === awsName) return true;
    if (isObject(params.bucketRef) && name !== undefined && params.bucketRef.name === name) return true;
    const selector = params.bucketSelector;
    if (isObject(selector)) {
      const match = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
      if (match.length > 0 && match.every(([k, v]) => labels[k] === v)) return true;
      if (match.length === 0 && selector.matchControllerRef === true && onlyBucket(ctx)) return true;
    }
  }
  return false;
}

function onlyBucket(ctx: RuleContext): boolean {
  return s3ByKind(ctx.desired).get('Bucket')?.length === 1;
}

/**
 * Emits a companion of `kind` for the bucket, carrying over what it needs
 * to reach the same bucket with the same credentials: region, provider
 * config, deletion policy. It refers to the bucket by `bucketRef` when the
 * bucket has a fixed name, else by a selector on a label added to the bucket.
 */
function companion(ctx: RuleContext, kind: string, version: string, name: string, params: Record<string, unknown>): void {
  const bucket = ctx.resource;
  const metadata = isObject(bucket.metadata) ? bucket.metadata : {};
  const spec = isObject(bucket.spec) ? bucket.spec : {};
  const region = explicitParams(bucket, ['region'])[0]?.value;

  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const existingLabel = labels[BUCKET_LABEL];
  const labelValue = typeof existingLabel === 'string' ? existingLabel : labelSafe(ctx.name);
  const byName = typeof metadata.name === 'string' && metadata.name !== '';
  const reference = byName
    ? { bucketRef: { name: metadata.name } }
    : { bucketSelector: { matchControllerRef: true, matchLabels: { [BUCKET_LABEL]: labelValue } } };

  const companionSpec: Record<string, unknown> = {
    forProvider: { ...(region !== undefined ? { region } : {}), ...reference, ...params },
  };
  if (spec.providerConfigRef !== undefined) companionSpec.providerConfigRef = structuredClone(spec.providerConfigRef);
  if (spec.deletionPolicy !== undefined && !ctx.type.namespaced) companionSpec.deletionPolicy = spec.deletionPolicy;

  ctx.companion(
    name,
    { apiVersion: `${ctx.type.group}/${version}`, kind, metadata: {}, spec: companionSpec },
    byName ? {} : { ownerLabels: { [BUCKET_LABEL]: labelValue } },
  );
}

/** A Kubernetes label value for a composition resource name: the name itself when valid, else a stable hash. */
export function labelSafe(name: string): string {
  if (/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(name) && name.length <= 63) return name;
  return `h-${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}
