/**
 * S3: an Upbound Bucket has no inline encryption, public access or
 * versioning settings; each lives in a resource of its own that refers to
 * the bucket. These rules add the missing companion beside each Bucket, in
 * the Bucket's own group and version family, and check the companions an
 * author wrote.
 */
import { createHash } from 'node:crypto';
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { cloneJson } from '../../lang/clone.js';
import { isObject } from '../../lang/fieldpath.js';
import { resourceType, type ResourceType } from '../../engine/gvk.js';
import { type CompanionOptions, defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { cloudName, namedBy, type RefTarget, resolve, selfOf, targetKey } from '../kit/references.js';
import { explicitParams, PARAM_BLOCKS, paramValue, type Requirement, requireBoolean, requireValue } from '../params.js';
import { compareKubeVersions } from '../versions.js';

/** The region field, one constant for every lookup. */
const REGION = ['region'];

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

/** How an author's companion counts, for the rule descriptions. */
const COUNTS =
  "One an author wrote counts only if it is this bucket's (`bucket`, `bucketRef`, or a `bucketSelector` no other bucket matches), fully managed (no `managementPolicies` that leave out `Create` or `Update`), and acts through the bucket's provider config in the bucket's region; a companion guardrails added is kept even when such one appears, or when the bucket becomes observe-only.";

const PUBLIC_ACCESS_FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

// The requirements on companions an author wrote, built once.
const SSE_ALGORITHM_FIELD = ['rule', 'applyServerSideEncryptionByDefault', 'sseAlgorithm'];
const SSE_ALGORITHM: Requirement<string> = {
  safe: (algorithm) => typeof algorithm === 'string' && SSE_ALGORITHMS.has(algorithm),
  inject: 'aws:kms',
  type: 'string',
  missing: 'no default encryption algorithm was set',
  unsafe: `use one of ${[...SSE_ALGORITHMS].join(', ')}`,
};
/** The flags of a generated BucketPublicAccessBlock: booleans, copied into each companion's own forProvider. */
const PUBLIC_ACCESS_PARAMS: Readonly<Record<string, unknown>> = Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, true]));
const PUBLIC_ACCESS_MESSAGES = PUBLIC_ACCESS_FLAGS.map((flag) => [flag, { missing: `${flag} was not set`, unsafe: 'the bucket could be made public; remove it or set it to true' }] as const);
const VERSIONING_STATUS_FIELD = ['versioningConfiguration', 'status'];
const VERSIONING_STATUS: Requirement<string> = {
  safe: (status) => status === 'Enabled',
  inject: 'Enabled',
  type: 'string',
  missing: 'versioning status was not set',
  unsafe: 'set it to "Enabled" so overwritten and deleted objects can be recovered',
};

export const s3Encryption = defineRule({
  id: 'aws-s3-encryption',
  title: 'S3 buckets are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    `Adds a \`BucketServerSideEncryptionConfiguration\` (SSE-KMS with the aws/s3 key, S3 Bucket Keys on) beside every Bucket that has none in the desired state. ${COUNTS} In one an author wrote, the default algorithm must be \`aws:kms\`, \`aws:kms:dsse\` or \`AES256\`.`,
  fix: 'adds `<bucket>-encryption`: `rule: [{applyServerSideEncryptionByDefault: {sseAlgorithm: aws:kms}, bucketKeyEnabled: true}]`; injects an absent algorithm as `aws:kms`.',
  references: { checkov: ['CKV_AWS_19', 'CKV_AWS_145'], trivy: ['AWS-0088', 'AWS-0132'] },
  kinds: [s3('Bucket'), s3('BucketServerSideEncryptionConfiguration')],
  check(ctx) {
    if (ctx.type.kind === 'BucketServerSideEncryptionConfiguration') {
      requireValue(ctx, SSE_ALGORITHM_FIELD, SSE_ALGORITHM);
      return;
    }
    const shape = companionType(ctx.type, 'BucketServerSideEncryptionConfiguration');
    companion(ctx, shape, `${ctx.name}-encryption`, {
      rule: [{ applyServerSideEncryptionByDefault: block(shape, { sseAlgorithm: 'aws:kms' }), bucketKeyEnabled: true }],
    });
  },
}) satisfies Rule;

export const s3PublicAccessBlock = defineRule({
  id: 'aws-s3-public-access-block',
  title: 'S3 buckets block public access',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    `Adds a \`BucketPublicAccessBlock\` with all four flags on beside every Bucket that has none. ${COUNTS} In a \`BucketPublicAccessBlock\` an author wrote, injects each absent flag as \`true\` and refuses any flag explicitly \`false\`.`,
  fix: 'adds `<bucket>-public-access-block` with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets` all `true`; injects an absent flag as `true`.',
  references: { checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'], trivy: ['AWS-0086', 'AWS-0087', 'AWS-0091', 'AWS-0093', 'AWS-0094'] },
  kinds: [s3('Bucket'), s3('BucketPublicAccessBlock')],
  check(ctx) {
    if (ctx.type.kind === 'BucketPublicAccessBlock') {
      for (const [flag, messages] of PUBLIC_ACCESS_MESSAGES) requireBoolean(ctx, flag, true, messages);
      return;
    }
    companion(ctx, companionType(ctx.type, 'BucketPublicAccessBlock'), `${ctx.name}-public-access-block`, PUBLIC_ACCESS_PARAMS);
  },
}) satisfies Rule;

export const s3Versioning = defineRule({
  id: 'aws-s3-versioning',
  title: 'S3 buckets keep object versions',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    `Adds a \`BucketVersioning\` with status \`Enabled\` beside every Bucket that has none, so an overwrite or delete by an agent can be undone. ${COUNTS} In a \`BucketVersioning\` an author wrote, injects an absent status and refuses \`Suspended\` or \`Disabled\`.`,
  fix: 'adds `<bucket>-versioning` with `versioningConfiguration.status: Enabled`; injects an absent status.',
  references: { checkov: ['CKV_AWS_21'], trivy: ['AWS-0090'] },
  kinds: [s3('Bucket'), s3('BucketVersioning')],
  check(ctx) {
    if (ctx.type.kind === 'BucketVersioning') {
      requireValue(ctx, VERSIONING_STATUS_FIELD, VERSIONING_STATUS);
      return;
    }
    const shape = companionType(ctx.type, 'BucketVersioning');
    companion(ctx, shape, `${ctx.name}-versioning`, { versioningConfiguration: block(shape, { status: 'Enabled' }) });
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
    if (hasCompanion(ctx, 'BucketLogging')) return;
    ctx.unsafe('', 'no BucketLogging refers to this bucket; add one that sends access logs to the log bucket of the platform');
  },
}) satisfies Rule;

/** A single nested block in the shape of `t`: a one-element array on cluster-scoped v1beta1, else the object. */
function block(t: ResourceType, obj: Record<string, unknown>): unknown {
  return t.blocks === 'array' ? [obj] : obj;
}

/** The S3 rules in evaluation order. */
export const S3_RULES = [s3Encryption, s3PublicAccessBlock, s3Versioning, s3AccessLogging] as const satisfies readonly Rule[];

/** The version of `kind` to emit beside a bucket: the bucket's own if served, else the newest served one not newer. */
export function companionVersion(bucket: ResourceType, kind: string): string {
  const served = SERVED[bucket.namespaced ? 'namespaced' : 'cluster'][kind]!;
  if (served.includes(bucket.version)) return bucket.version;
  const older = served.filter((v) => compareKubeVersions(v, bucket.version) <= 0);
  return older.at(-1) ?? served.at(-1)!;
}

/** The companion types of each bucket type, by kind: they depend on the bucket's type alone. */
const COMPANION_TYPES = new WeakMap<ResourceType, Map<string, ResourceType>>();

/** The type of the `kind` to emit beside a bucket of this type (see companionVersion). */
function companionType(bucket: ResourceType, kind: string): ResourceType {
  let byKind = COMPANION_TYPES.get(bucket);
  if (byKind === undefined) COMPANION_TYPES.set(bucket, (byKind = new Map()));
  let type = byKind.get(kind);
  if (type === undefined) byKind.set(kind, (type = resourceType({ apiVersion: `${bucket.group}/${companionVersion(bucket, kind)}`, kind })!));
  return type;
}

/**
 * Does the desired state already hold a `kind` that stands in for the one
 * guardrails would add? Only one that is this bucket's (by `bucket`,
 * `bucketRef` or `bucketSelector`), applied where the bucket is (same carrier
 * and provider config, so the same account), in the bucket's region, fully
 * managed, and not held back for approval: a decoy that is observe-only,
 * never updated, without a region, held, or acting through another account
 * protects nothing. Nothing the function writes is trusted:
 * its own companions count only by the same tests.
 */
function hasCompanion(ctx: RuleContext, kind: string): boolean {
  return standIn(ctx, kind) !== undefined;
}

/** The composition resource name of the `kind` that stands in for the one guardrails would add (see hasCompanion). Exported for the test that its index agrees with a scan. */
export function standIn(ctx: RuleContext, kind: string): string | undefined {
  const naming = companionsOf(ctx, kind).get(targetKey(ctx));
  if (naming === undefined) return undefined;
  const self = selfOf(ctx);
  const placement = self?.placement ?? placementOf([]);
  const credentials = providerConfigOf(ctx.type, ctx.resource);
  const regions = new Set(regionsOf(ctx.resource));
  return naming.find((other) => {
    if (other.name === ctx.name || other.placement !== placement || ctx.held.has(other.name)) return false;
    if (!other.managed || other.credentials !== credentials) return false;
    // In the bucket's region, said explicitly: one without a region is refused by the API server and never exists.
    if (regions.size > 0 && (other.regions.length === 0 || !other.regions.every((r) => typeof r === 'string' && regions.has(r)))) return false;
    return true;
  })?.name;
}

/** A companion an author wrote, with what standing in asks of it read once per evaluation. */
interface Written extends IndexedTarget {
  managed: boolean;
  credentials: string;
  regions: unknown[];
}

const written = new WeakMap<DesiredIndex, { observed: unknown; composite: unknown; byKind: Map<string, Map<string, Written[]>> }>();

/**
 * The companions of `kind` in the desired state, by the bucket each names
 * (its `targetKey`; see refersToBucket), in desired-state order: built once
 * per evaluation and kind, so a bucket finds its own with a lookup instead
 * of resolving every companion's names again.
 */
function companionsOf(ctx: RuleContext, kind: string): Map<string, Written[]> {
  let cached = written.get(ctx.index);
  if (cached === undefined || cached.observed !== ctx.observed || cached.composite !== ctx.composite) {
    cached = { observed: ctx.observed, composite: ctx.composite, byKind: new Map() };
    written.set(ctx.index, cached);
  }
  let byBucket = cached.byKind.get(kind);
  if (byBucket !== undefined) return byBucket;
  cached.byKind.set(kind, (byBucket = new Map()));
  for (const other of ctx.index.byRef(`aws/s3/${kind}`)) {
    const entry: Written = {
      ...other,
      managed: fullyManaged(other.object),
      credentials: providerConfigOf(other.type, other.object),
      regions: explicitParams(other.object, REGION).map((r) => r.value),
    };
    for (const bucket of bucketsNamedBy(ctx, other)) {
      const list = byBucket.get(bucket);
      if (list === undefined) byBucket.set(bucket, [entry]);
      else list.push(entry);
    }
  }
  return byBucket;
}

const BUCKET_FIELDS = { id: 'bucket', ref: 'bucketRef', selector: 'bucketSelector' };
/** A bucket as a companion names it: `bucket` is the AWS bucket name, its external name where it has one, else its object name. */
const BUCKETS: RefTarget = { kinds: ['aws/s3/Bucket'], ids: (c) => [cloudName(c)] };

/**
 * The buckets `other` names (their `targetKey`s): by `bucket` or
 * `bucketRef`, every bucket so named; by a `bucketSelector`, the one bucket
 * it picks when it picks exactly one composed bucket: by labels, or by
 * `matchControllerRef` alone (a selector with neither may pick any bucket of
 * the cluster).
 */
function bucketsNamedBy(ctx: RuleContext, other: IndexedTarget): Set<string> {
  const labelled = (selector: unknown) => isObject(selector) && isObject(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0;
  const named = namedBy(other.object, BUCKET_FIELDS);
  const out = new Set<string>();
  // Every bucket an identifier or reference names counts; a selector counts only when it picks one, so two are enough to know.
  for (const r of resolve(ctx, other, named.filter((n) => n.how !== 'selector'), BUCKETS, { limit: Number.POSITIVE_INFINITY })) for (const c of r.found) out.add(targetKey(c));
  for (const r of resolve(ctx, other, named.filter((n) => n.how === 'selector'), BUCKETS, { limit: 1 })) {
    if ((!r.beyond || labelled(r.value)) && r.found.length === 1) out.add(targetKey(r.found[0]!));
  }
  return out;
}

/**
 * Emits a companion of `kind` for the bucket, carrying over what it needs
 * to reach the same bucket with the same credentials: region, provider
 * config, deletion policy. It refers to the bucket by `bucketRef` when the
 * bucket has a fixed name, else by a selector on a label added to the
 * bucket. Where the desired state already has an equivalent, nothing is
 * added, but one that exists is still kept: dropping it would make
 * Crossplane delete it, and with it the bucket's protection.
 */
function companion(ctx: RuleContext, type: ResourceType, name: string, params: Record<string, unknown>): void {
  const kind = type.kind;
  const bucket = ctx.resource;
  const metadata = isObject(bucket.metadata) ? bucket.metadata : {};
  const spec = isObject(bucket.spec) ? bucket.spec : {};
  const region = regionsOf(bucket)[0];

  // The label is the function's own: a value it would not set could make these companions select another bucket.
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const labelValue = labelSafe(ctx.name);
  const forged = Object.hasOwn(labels, BUCKET_LABEL) && labels[BUCKET_LABEL] !== labelValue;
  if (forged) {
    ctx.unsafe(
      `metadata.labels[${BUCKET_LABEL}]`,
      `label ${BUCKET_LABEL} is set by function-guardrails to select this bucket (${JSON.stringify(labelValue)}); remove it, a different value could make its companions protect another bucket`,
    );
  }
  // With a forged label nothing new is added, but an existing companion is still kept.
  const equivalent = standIn(ctx, kind);
  const present = forged || equivalent !== undefined;
  const byName = typeof metadata.name === 'string' && metadata.name !== '';
  // The label the selector matches is the one added to the bucket: one object serves both (the engine only reads ownerLabels).
  const selected = byName ? undefined : { [BUCKET_LABEL]: labelValue };
  const reference = selected === undefined ? { bucketRef: { name: metadata.name } } : { bucketSelector: { matchControllerRef: true, matchLabels: selected } };

  // Assigned rather than spread: spreads of objects of many shapes were this rule's hottest line.
  const forProvider: Record<string, unknown> = region !== undefined ? { region } : {};
  const companionSpec: Record<string, unknown> = { forProvider: Object.assign(forProvider, reference, params) };
  if (spec.providerConfigRef !== undefined) companionSpec.providerConfigRef = cloneJson(spec.providerConfigRef);
  if (spec.deletionPolicy !== undefined && !ctx.type.namespaced) companionSpec.deletionPolicy = spec.deletionPolicy;

  // A namespaced companion lives in its bucket's namespace: its reference or selector finds the bucket there only.
  // (A namespaced XR puts both in its own namespace anyway; under a cluster-scoped XR the bucket's own namespace
  // holds.)
  const companionMetadata = ctx.type.namespaced && typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {};

  const opts: CompanionOptions = { present };
  if (equivalent !== undefined) opts.standIn = equivalent;
  if (selected !== undefined && !forged) opts.ownerLabels = selected;
  ctx.companion(name, { apiVersion: type.apiVersion, kind, metadata: companionMetadata, spec: companionSpec }, opts);
}

/**
 * A bucket's regions that are one (strings), forProvider's first. Its
 * companions get the first (a malformed one copied would make them as
 * invalid as the bucket), and one stands in for the bucket only in these:
 * the same list both ways, so what guardrails added is recognised on the
 * next call.
 */
function regionsOf(bucket: KubeObject): string[] {
  const regions: string[] = [];
  for (const block of PARAM_BLOCKS) {
    const region = paramValue(bucket, block, REGION);
    if (typeof region === 'string') regions.push(region);
  }
  return regions;
}

/** A valid Kubernetes label value (one regular expression for every call, not one per call). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A Kubernetes label value for a composition resource name: the name itself when valid, else a stable hash. */
export function labelSafe(name: string): string {
  if (LABEL_VALUE.test(name) && name.length <= 63) return name;
  return `h-${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}
