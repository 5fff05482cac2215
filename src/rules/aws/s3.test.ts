import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bucket, carried, engineRequest, injected, input, s3, type Group } from '../../../test/builders.js';
import { ANNOTATION_ADDED_BY, ANNOTATION_COMPANION_OF, evaluate, UNREADABLE_RULE } from '../../engine/engine.js';
import { resourceType } from '../../engine/gvk.js';
import type { Rule } from '../../engine/rule.js';
import type { Companion, Finding, KubeObject, Mutation } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { compareKubeVersions } from '../versions.js';
import { BUCKET_LABEL, companionVersion, labelSafe, s3AccessLogging, s3Encryption, s3PublicAccessBlock, s3Versioning } from './s3.js';

/** The companion rules: the catalog minus access logging, whose warning would show in every case. */
const S3_RULES = [s3Encryption, s3PublicAccessBlock, s3Versioning];
const SSE = 'BucketServerSideEncryptionConfiguration';
const PAB = 'BucketPublicAccessBlock';
const BV = 'BucketVersioning';
const ALL_FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** A companion as the engine emits it: annotated with its owner and the rule that added it. */
function companion(apiVersion: string, kind: string, owner: string, rule: Rule, spec: Record<string, unknown>, namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: { ...(namespace !== undefined ? { namespace } : {}), annotations: { [ANNOTATION_COMPANION_OF]: owner, [ANNOTATION_ADDED_BY]: rule.id } }, spec };
}

/** How a generated companion refers to its bucket. */
const selectorFor = (owner: string) => ({ bucketSelector: { matchControllerRef: true, matchLabels: { [BUCKET_LABEL]: owner } } });
const refTo = (name: string) => ({ bucketRef: { name } });

/** A bucket labelled for its companions' selector, as the engine emits it. */
function labelled(b: KubeObject, owner: string, mutatedBy = s3Encryption.id): KubeObject {
  const out = injected(b, {}, mutatedBy);
  (out.metadata as Record<string, unknown>).labels = { [BUCKET_LABEL]: owner };
  return out;
}

const labelMutation = (owner: string, rule: Rule = s3Encryption): Mutation => ({
  resource: owner,
  rule: rule.id,
  path: 'metadata.labels[guardrails.fn.crossplane.io/bucket]',
  value: owner,
});

/**
 * The three companions of bucket `logs`, as the engine emits them: each at its
 * apiVersion, single blocks as arrays where that version is v1beta1
 * cluster-scoped, with the bucket's region, reference and carried-over spec.
 */
function threeCompanions(o: { sse: string; pab: string; bv: string; ref: Record<string, unknown>; region?: string; spec?: Record<string, unknown>; namespace?: string }): Companion[] {
  const block = (apiVersion: string, obj: Record<string, unknown>) => (apiVersion.startsWith('s3.aws.upbound.io/v1beta1') ? [obj] : obj);
  const made = (apiVersion: string, kind: string, rule: Rule, name: string, params: Record<string, unknown>): Companion => ({
    name,
    owner: 'logs',
    rule: rule.id,
    resource: companion(apiVersion, kind, 'logs', rule, { forProvider: { region: o.region ?? 'us-east-2', ...o.ref, ...params }, ...o.spec }, o.namespace),
  });
  return [
    made(o.sse, SSE, s3Encryption, 'logs-encryption', { rule: [{ applyServerSideEncryptionByDefault: block(o.sse, { sseAlgorithm: 'aws:kms' }), bucketKeyEnabled: true }] }),
    made(o.pab, PAB, s3PublicAccessBlock, 'logs-public-access-block', ALL_FLAGS),
    made(o.bv, BV, s3Versioning, 'logs-versioning', { versioningConfiguration: block(o.bv, { status: 'Enabled' }) }),
  ];
}

interface CompanionCase {
  name: string;
  reason: string;
  bucket: KubeObject;
  want: { bucket: KubeObject | 'same'; mutations: Mutation[]; companions: Companion[] };
}

const clusterSpec = { providerConfigRef: { name: 'aws-prod' }, deletionPolicy: 'Orphan' };
const nsSpec = { providerConfigRef: { kind: 'ProviderConfig', name: 'aws-prod' } };

/** Input buckets: region us-east-2, a provider config, and (cluster-scoped) a deletion policy to carry over. */
const clusterV1 = (metadata?: KubeObject) => bucket({ group: 'cluster', version: 'v1beta1', forProvider: { region: 'us-east-2' }, spec: clusterSpec, ...(metadata ? { metadata } : {}) });
const clusterV2 = (metadata?: KubeObject) => bucket({ group: 'cluster', version: 'v1beta2', forProvider: { region: 'us-east-2' }, spec: clusterSpec, ...(metadata ? { metadata } : {}) });
const nsV1 = (metadata?: KubeObject) => bucket({ group: 'namespaced', version: 'v1beta1', forProvider: { region: 'us-east-2' }, spec: nsSpec, ...(metadata ? { metadata } : {}) });

const companionCases: CompanionCase[] = [
  {
    name: 'cluster-scoped v1beta1 bucket, selected by label',
    reason:
      'a v1beta1 bucket gets v1beta1 companions with single blocks as one-element arrays; a bucket without metadata.name is labelled and selected by matchControllerRef + matchLabels',
    bucket: clusterV1(),
    want: {
      bucket: labelled(clusterV1(), 'logs'),
      mutations: [labelMutation('logs')],
      companions: threeCompanions({ sse: 's3.aws.upbound.io/v1beta1', pab: 's3.aws.upbound.io/v1beta1', bv: 's3.aws.upbound.io/v1beta1', ref: selectorFor('logs'), spec: clusterSpec }),
    },
  },
  {
    name: 'cluster-scoped v1beta1 bucket with metadata.name, referenced by name',
    reason: 'a bucket with a fixed name is referenced by bucketRef.name and needs no label: the bucket itself is not touched',
    bucket: clusterV1({ name: 'acme-logs' }),
    want: {
      bucket: 'same',
      mutations: [],
      companions: threeCompanions({ sse: 's3.aws.upbound.io/v1beta1', pab: 's3.aws.upbound.io/v1beta1', bv: 's3.aws.upbound.io/v1beta1', ref: refTo('acme-logs'), spec: clusterSpec }),
    },
  },
  {
    name: 'cluster-scoped v1beta2 bucket, selected by label',
    reason:
      'a v1beta2 bucket gets SSE v1beta2 (object-shaped applyServerSideEncryptionByDefault), PAB v1beta1 (its only served version) and BucketVersioning v1beta2 (object-shaped)',
    bucket: clusterV2(),
    want: {
      bucket: labelled(clusterV2(), 'logs'),
      mutations: [labelMutation('logs')],
      companions: threeCompanions({ sse: 's3.aws.upbound.io/v1beta2', pab: 's3.aws.upbound.io/v1beta1', bv: 's3.aws.upbound.io/v1beta2', ref: selectorFor('logs'), spec: clusterSpec }),
    },
  },
  {
    name: 'cluster-scoped v1beta2 bucket with metadata.name, referenced by name',
    reason: 'same versions and shapes as above, with bucketRef and no label',
    bucket: clusterV2({ name: 'acme-logs' }),
    want: {
      bucket: 'same',
      mutations: [],
      companions: threeCompanions({ sse: 's3.aws.upbound.io/v1beta2', pab: 's3.aws.upbound.io/v1beta1', bv: 's3.aws.upbound.io/v1beta2', ref: refTo('acme-logs'), spec: clusterSpec }),
    },
  },
  {
    name: 'namespaced v1beta1 bucket, selected by label',
    reason: 'every namespaced companion is v1beta1 in s3.aws.m.upbound.io and object-shaped; the namespaced providerConfigRef (with kind) is copied',
    bucket: nsV1(),
    want: {
      bucket: labelled(nsV1(), 'logs'),
      mutations: [labelMutation('logs')],
      companions: threeCompanions({ sse: 's3.aws.m.upbound.io/v1beta1', pab: 's3.aws.m.upbound.io/v1beta1', bv: 's3.aws.m.upbound.io/v1beta1', ref: selectorFor('logs'), spec: nsSpec }),
    },
  },
  {
    name: 'namespaced v1beta1 bucket with metadata.name, referenced by name',
    reason: 'namespaced companions reference a named bucket by bucketRef too, from its namespace: a namespaced reference looks only there',
    bucket: nsV1({ name: 'acme-logs', namespace: 'team-a' }),
    want: {
      bucket: 'same',
      mutations: [],
      companions: threeCompanions({ sse: 's3.aws.m.upbound.io/v1beta1', pab: 's3.aws.m.upbound.io/v1beta1', bv: 's3.aws.m.upbound.io/v1beta1', ref: refTo('acme-logs'), spec: nsSpec, namespace: 'team-a' }),
    },
  },
  {
    name: 'namespaced bucket with a deletionPolicy: not copied',
    reason: 'namespaced managed resources have no spec.deletionPolicy; copying it would make the companion invalid',
    bucket: bucket({ group: 'namespaced', metadata: { name: 'acme-logs' }, spec: { deletionPolicy: 'Orphan' } }),
    want: {
      bucket: 'same',
      mutations: [],
      companions: threeCompanions({ sse: 's3.aws.m.upbound.io/v1beta1', pab: 's3.aws.m.upbound.io/v1beta1', bv: 's3.aws.m.upbound.io/v1beta1', ref: refTo('acme-logs'), region: 'eu-west-1' }),
    },
  },
  {
    name: 'region in initProvider only, no provider config: region carried into forProvider',
    reason: 'a companion must live in the bucket’s region; the region is read from either parameter block',
    bucket: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { name: 'acme-logs' }, spec: { initProvider: { region: 'ap-south-1' } } },
    want: {
      bucket: 'same',
      mutations: [],
      companions: threeCompanions({ sse: 's3.aws.upbound.io/v1beta2', pab: 's3.aws.upbound.io/v1beta1', bv: 's3.aws.upbound.io/v1beta2', ref: refTo('acme-logs'), region: 'ap-south-1' }),
    },
  },
];

describe('S3 companions beside a bucket', () => {
  it.each(companionCases)('$name', ({ bucket: b, want }) => {
    const before = structuredClone(b);
    const decision = evaluate(engineRequest({ logs: b }), S3_RULES);

    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual([]);
    expect(decision.mutations).toEqual(want.mutations);
    expect(decision.companions).toEqual(want.companions);
    expect(decision.desired).toEqual({ logs: want.bucket === 'same' ? before : want.bucket, ...Object.fromEntries(want.companions.map((c) => [c.name, c.resource])) });
    if (want.bucket === 'same') expect(decision.desired.logs).toBe(b);
    expect(b).toEqual(before);
  });
});

/** A user-written companion that is itself compliant, so only the question "is one there already?" is asked. */
function userCompanion(kind: string, ref: Record<string, unknown>, opts: { group?: Group; version?: string; block?: 'forProvider' | 'initProvider' } = {}): KubeObject {
  const body: Record<string, unknown> =
    kind === SSE ? { rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } : kind === PAB ? { ...ALL_FLAGS } : { versioningConfiguration: { status: 'Enabled' } };
  const r = s3(kind, { ...body, ...(opts.block === 'initProvider' ? {} : ref) }, { group: opts.group ?? 'cluster', version: opts.version ?? 'v1beta2' });
  if (opts.block === 'initProvider') (r.spec as Record<string, unknown>).initProvider = ref;
  return r;
}

interface ExistingCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  /** Names of the companions the engine adds. */
  want: string[];
}

const named = (name: string, extra: KubeObject = {}) => bucket({ metadata: { name, ...extra } });
const onlyTwo = ['logs-public-access-block', 'logs-versioning'];

const existingCases: ExistingCase[] = [
  {
    name: 'SSE by `bucket` = the external-name annotation',
    reason: 'a companion that names the bucket’s external name is the bucket’s',
    desired: { logs: bucket({ metadata: { annotations: { 'crossplane.io/external-name': 'acme-logs' } } }), sse: userCompanion(SSE, { bucket: 'acme-logs' }) },
    want: onlyTwo,
  },
  {
    name: 'SSE by `bucket` = metadata.name',
    reason: 'without an external-name annotation the bucket’s name is its metadata.name',
    desired: { logs: named('acme-logs'), sse: userCompanion(SSE, { bucket: 'acme-logs' }) },
    want: onlyTwo,
  },
  {
    name: 'SSE by `bucket` in initProvider',
    reason: 'a reference in initProvider is as good as one in forProvider',
    desired: { logs: named('acme-logs'), sse: userCompanion(SSE, { bucket: 'acme-logs' }, { block: 'initProvider' }) },
    want: onlyTwo,
  },
  {
    name: 'SSE by bucketRef.name',
    reason: 'bucketRef names the bucket managed resource',
    desired: { logs: named('acme-logs'), sse: userCompanion(SSE, refTo('acme-logs')) },
    want: onlyTwo,
  },
  {
    name: 'SSE by bucketSelector.matchLabels',
    reason: 'a selector whose labels the bucket carries selects it',
    desired: { logs: bucket({ metadata: { labels: { team: 'data', tier: 'logs' } } }), sse: userCompanion(SSE, { bucketSelector: { matchLabels: { team: 'data' } } }) },
    want: onlyTwo,
  },
  {
    name: 'SSE by bucketSelector.matchControllerRef alone, one bucket',
    reason: 'with one bucket in the composition, a controller-ref-only selector can only select it',
    desired: { logs: bucket(), sse: userCompanion(SSE, { bucketSelector: { matchControllerRef: true } }) },
    want: onlyTwo,
  },
  {
    name: 'SSE of the older version beside a newer bucket',
    reason: 'any served version of the companion kind counts',
    desired: { logs: named('acme-logs'), sse: userCompanion(SSE, refTo('acme-logs'), { version: 'v1beta1' }) },
    want: onlyTwo,
  },
  {
    name: 'namespaced SSE by bucketRef beside a namespaced bucket',
    reason: 'the m.upbound.io group is matched the same way',
    desired: { logs: bucket({ group: 'namespaced', metadata: { name: 'acme-logs' } }), sse: userCompanion(SSE, refTo('acme-logs'), { group: 'namespaced', version: 'v1beta1' }) },
    want: onlyTwo,
  },
  {
    name: 'PAB by bucketRef.name',
    reason: 'the public access block rule looks for its own kind',
    desired: { logs: named('acme-logs'), pab: userCompanion(PAB, refTo('acme-logs'), { version: 'v1beta1' }) },
    want: ['logs-encryption', 'logs-versioning'],
  },
  {
    name: 'BucketVersioning by bucketSelector.matchLabels',
    reason: 'the versioning rule looks for its own kind',
    desired: { logs: bucket({ metadata: { labels: { team: 'data' } } }), bv: userCompanion(BV, { bucketSelector: { matchLabels: { team: 'data' } } }) },
    want: ['logs-encryption', 'logs-public-access-block'],
  },
  {
    name: 'all three present: nothing added',
    reason: 'a fully covered bucket gets no companion and no label',
    desired: {
      logs: named('acme-logs'),
      sse: userCompanion(SSE, refTo('acme-logs')),
      pab: userCompanion(PAB, refTo('acme-logs'), { version: 'v1beta1' }),
      bv: userCompanion(BV, { bucket: 'acme-logs' }),
    },
    want: [],
  },
  {
    name: 'SSE for another bucket (bucketRef): still added',
    reason: 'a companion of a different bucket does not cover this one',
    desired: { logs: named('acme-logs'), sse: userCompanion(SSE, refTo('other-bucket')) },
    want: ['logs-encryption', ...onlyTwo],
  },
  {
    name: 'SSE whose selector labels the bucket lacks: still added',
    reason: 'every matchLabels entry must match',
    desired: { logs: bucket({ metadata: { name: 'acme-logs', labels: { team: 'data' } } }), sse: userCompanion(SSE, { bucketSelector: { matchLabels: { team: 'data', env: 'prod' } } }) },
    want: ['logs-encryption', ...onlyTwo],
  },
  {
    name: 'SSE with bucketSelector.matchControllerRef alone, two buckets: added for both',
    reason: 'with two buckets a controller-ref-only selector is ambiguous: neither bucket may count on it',
    desired: {
      logs: named('acme-logs'),
      audit: named('acme-audit'),
      sse: userCompanion(SSE, { bucketSelector: { matchControllerRef: true } }),
    },
    want: ['audit-encryption', 'audit-public-access-block', 'audit-versioning', 'logs-encryption', 'logs-public-access-block', 'logs-versioning'],
  },
  {
    name: 'SSE with an empty selector: still added',
    reason: 'a selector with no labels and no controller ref selects nothing in particular',
    desired: { logs: bucket(), sse: userCompanion(SSE, { bucketSelector: { matchLabels: {}, matchControllerRef: false } }) },
    want: ['logs-encryption', ...onlyTwo],
  },
  {
    name: 'SSE by `bucket` naming nothing this bucket is called: still added',
    reason: 'a bucket with neither metadata.name nor external name is not matched by a literal `bucket`',
    desired: { logs: bucket(), sse: userCompanion(SSE, { bucket: 'acme-logs' }) },
    want: ['logs-encryption', ...onlyTwo],
  },
];

describe('S3: no companion where the desired state already has one', () => {
  // `bucket` is the AWS bucket name, which is the external name when the bucket
  // has one: an SSE naming this bucket's metadata.name then means another bucket.
  it('SSE whose `bucket` is metadata.name while the external name differs: still added', () => {
    const desired = {
      logs: bucket({ metadata: { name: 'acme-logs', annotations: { 'crossplane.io/external-name': 'acme-logs-prod' } } }),
      sse: userCompanion(SSE, { bucket: 'acme-logs' }),
    };
    const decision = evaluate(engineRequest(desired), S3_RULES);
    expect(decision.companions.map((c) => c.name)).toEqual(['logs-encryption', ...onlyTwo]);
  });

  it.each(existingCases)('$name', ({ desired, want }) => {
    const decision = evaluate(engineRequest(desired), S3_RULES);

    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual([]);
    expect(decision.companions.map((c) => c.name)).toEqual(want);
    // The author's companions pass through as they were: the same objects.
    for (const [name, r] of Object.entries(desired)) if (r.kind !== 'Bucket') expect(decision.desired[name]).toBe(r);
    expect(Object.keys(decision.desired).sort()).toEqual([...Object.keys(desired), ...want].sort());
  });
});

describe('S3: a bucket the rules cannot read', () => {
  const cases = [
    { name: 'spec a string', reason: 'refused once by the engine, never passed and never given companions', spec: 'oops' as unknown, path: 'spec', what: 'spec is the string "oops"' },
    { name: 'spec.forProvider an array', reason: 'as above', spec: { forProvider: [] } as unknown, path: 'spec.forProvider', what: 'spec.forProvider is an array' },
  ];
  it.each(cases)('$name', ({ spec, path, what }) => {
    const b = { ...bucket(), spec };
    const decision = evaluate(engineRequest({ logs: b }), S3_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.companions).toEqual([]);
    expect(decision.mutations).toEqual([]);
    expect(decision.findings).toEqual([
      { resource: 'logs', rule: UNREADABLE_RULE, action: 'Deny', path, message: `${what}, not an object; the resource cannot be checked` },
    ]);
    expect(decision.desired).toEqual({ logs: b });
  });
});

interface ManagementCase {
  name: string;
  reason: string;
  policies: string[];
  want: string[];
}

const managementCases: ManagementCase[] = [
  { name: 'Observe only', reason: 'an observe-only bucket belongs to someone else: no companion may change it', policies: ['Observe'], want: [] },
  { name: 'Observe and LateInitialize', reason: 'still no Create or Update: not ours to change', policies: ['Observe', 'LateInitialize'], want: [] },
  { name: 'Observe, Create, Delete', reason: 'a bucket this composition creates is ours', policies: ['Observe', 'Create', 'Delete'], want: ['logs-encryption', ...onlyTwo] },
  { name: 'Observe and Update', reason: 'a bucket this composition updates is ours', policies: ['Observe', 'Update'], want: ['logs-encryption', ...onlyTwo] },
  { name: 'all (*)', reason: 'the default management policy', policies: ['*'], want: ['logs-encryption', ...onlyTwo] },
];

describe('S3: management policies', () => {
  it.each(managementCases)('$name', ({ policies, want }) => {
    const b = bucket({ metadata: { name: 'acme-logs' }, spec: { managementPolicies: policies } });
    const decision = evaluate(engineRequest({ logs: b }), S3_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual([]);
    expect(decision.mutations).toEqual([]);
    expect(decision.companions.map((c) => c.name)).toEqual(want);
    expect(decision.desired.logs).toBe(b);
  });
});

interface UserCase {
  name: string;
  reason: string;
  resource: KubeObject;
  rule: Rule;
  want: { desired: KubeObject | 'same'; mutations: Mutation[]; findings: Finding[] };
}

const pabMutation = (flag: string): Mutation => ({ resource: 'x', rule: s3PublicAccessBlock.id, path: `spec.forProvider.${flag}`, value: true });
const deny = (rule: Rule, path: string, message: string): Finding => ({ resource: 'x', rule: rule.id, action: 'Deny', path, message });
const publicMsg = (path: string) => `${path} is false; the bucket could be made public; remove it or set it to true`;
const statusMsg = (path: string, status: string) => `${path} is "${status}"; set it to "Enabled" so overwritten and deleted objects can be recovered`;

const withInit = (r: KubeObject, init: Record<string, unknown>): KubeObject => ({ ...r, spec: { ...(r.spec as Record<string, unknown>), initProvider: init } });
const bv = (versioningConfiguration: unknown, opts: { group?: Group; version?: string } = {}) =>
  s3(BV, { bucket: 'acme-logs', ...(versioningConfiguration !== undefined ? { versioningConfiguration } : {}) }, opts);

const userCases: UserCase[] = [
  {
    name: 'PAB with all flags true',
    reason: 'a complete public access block passes untouched',
    resource: s3(PAB, { bucket: 'acme-logs', ...ALL_FLAGS }),
    rule: s3PublicAccessBlock,
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'PAB with blockPublicPolicy false',
    reason: 'an explicit false flag is refused, naming the flag',
    resource: s3(PAB, { bucket: 'acme-logs', ...ALL_FLAGS, blockPublicPolicy: false }),
    rule: s3PublicAccessBlock,
    want: { desired: 'same', mutations: [], findings: [deny(s3PublicAccessBlock, 'spec.forProvider.blockPublicPolicy', publicMsg('spec.forProvider.blockPublicPolicy'))] },
  },
  {
    name: 'PAB with two flags false',
    reason: 'every false flag is reported, in flag order',
    resource: s3(PAB, { bucket: 'acme-logs', ...ALL_FLAGS, blockPublicAcls: false, restrictPublicBuckets: false }),
    rule: s3PublicAccessBlock,
    want: {
      desired: 'same',
      mutations: [],
      findings: [
        deny(s3PublicAccessBlock, 'spec.forProvider.blockPublicAcls', publicMsg('spec.forProvider.blockPublicAcls')),
        deny(s3PublicAccessBlock, 'spec.forProvider.restrictPublicBuckets', publicMsg('spec.forProvider.restrictPublicBuckets')),
      ],
    },
  },
  {
    name: 'PAB with ignorePublicAcls false in initProvider',
    reason: 'initProvider is applied at creation: an explicit false there is refused too',
    resource: withInit(s3(PAB, { bucket: 'acme-logs', blockPublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }), { ignorePublicAcls: false }),
    rule: s3PublicAccessBlock,
    want: { desired: 'same', mutations: [], findings: [deny(s3PublicAccessBlock, 'spec.initProvider.ignorePublicAcls', publicMsg('spec.initProvider.ignorePublicAcls'))] },
  },
  {
    name: 'PAB with a flag as the string "false"',
    reason: 'a flag that is not a boolean is malformed and refused',
    resource: s3(PAB, { bucket: 'acme-logs', ...ALL_FLAGS, blockPublicAcls: 'false' }),
    rule: s3PublicAccessBlock,
    want: { desired: 'same', mutations: [], findings: [deny(s3PublicAccessBlock, 'spec.forProvider.blockPublicAcls', 'spec.forProvider.blockPublicAcls must be a boolean, got the string "false"')] },
  },
  {
    name: 'PAB with no flags: all four injected',
    reason: 'an absent flag defaults to false in AWS; the rule injects true for each',
    resource: s3(PAB, { bucket: 'acme-logs' }),
    rule: s3PublicAccessBlock,
    want: {
      desired: injected(s3(PAB, { bucket: 'acme-logs' }), ALL_FLAGS, s3PublicAccessBlock.id),
      mutations: ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].map(pabMutation),
      findings: [],
    },
  },
  {
    name: 'namespaced PAB with two flags missing: those two injected',
    reason: 'only absent flags are injected; set ones are left as they are',
    resource: s3(PAB, { bucket: 'acme-logs', blockPublicAcls: true, ignorePublicAcls: true }, { group: 'namespaced' }),
    rule: s3PublicAccessBlock,
    want: {
      desired: injected(s3(PAB, { bucket: 'acme-logs', blockPublicAcls: true, ignorePublicAcls: true }, { group: 'namespaced' }), { blockPublicPolicy: true, restrictPublicBuckets: true }, s3PublicAccessBlock.id),
      mutations: [pabMutation('blockPublicPolicy'), pabMutation('restrictPublicBuckets')],
      findings: [],
    },
  },
  {
    name: 'BucketVersioning v1beta1 (array) Suspended',
    reason: 'Suspended versioning is refused; the path points into the one-element array',
    resource: bv([{ status: 'Suspended' }]),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.forProvider.versioningConfiguration[0].status', statusMsg('spec.forProvider.versioningConfiguration[0].status', 'Suspended'))],
    },
  },
  {
    name: 'BucketVersioning v1beta2 (object) Suspended',
    reason: 'the object shape is read the same way',
    resource: bv({ status: 'Suspended' }, { version: 'v1beta2' }),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.forProvider.versioningConfiguration.status', statusMsg('spec.forProvider.versioningConfiguration.status', 'Suspended'))],
    },
  },
  {
    name: 'namespaced BucketVersioning Disabled',
    reason: 'Disabled is refused as well',
    resource: bv({ status: 'Disabled' }, { group: 'namespaced' }),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.forProvider.versioningConfiguration.status', statusMsg('spec.forProvider.versioningConfiguration.status', 'Disabled'))],
    },
  },
  {
    name: 'BucketVersioning Suspended in initProvider',
    reason: 'initProvider is applied at creation',
    resource: withInit(bv(undefined), { versioningConfiguration: [{ status: 'Suspended' }] }),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.initProvider.versioningConfiguration[0].status', statusMsg('spec.initProvider.versioningConfiguration[0].status', 'Suspended'))],
    },
  },
  {
    name: 'BucketVersioning v1beta1 without status: injected into the array element',
    reason: 'the array element exists; status is set inside it and its other fields are kept',
    resource: bv([{ mfaDelete: 'Disabled' }]),
    rule: s3Versioning,
    want: {
      desired: injected(bv([{ mfaDelete: 'Disabled' }]), { versioningConfiguration: [{ mfaDelete: 'Disabled', status: 'Enabled' }] }, s3Versioning.id),
      mutations: [{ resource: 'x', rule: s3Versioning.id, path: 'spec.forProvider.versioningConfiguration[0].status', value: 'Enabled' }],
      findings: [],
    },
  },
  {
    name: 'BucketVersioning v1beta2 without status: injected into the object',
    reason: 'object shape: status is set on the block',
    resource: bv({ mfaDelete: 'Disabled' }, { version: 'v1beta2' }),
    rule: s3Versioning,
    want: {
      desired: injected(bv({ mfaDelete: 'Disabled' }, { version: 'v1beta2' }), { versioningConfiguration: { mfaDelete: 'Disabled', status: 'Enabled' } }, s3Versioning.id),
      mutations: [{ resource: 'x', rule: s3Versioning.id, path: 'spec.forProvider.versioningConfiguration.status', value: 'Enabled' }],
      findings: [],
    },
  },
  {
    name: 'BucketVersioning v1beta1 without versioningConfiguration: a one-element array injected',
    reason: 'the whole block is injected in the version’s shape',
    resource: bv(undefined),
    rule: s3Versioning,
    want: {
      desired: injected(bv(undefined), { versioningConfiguration: [{ status: 'Enabled' }] }, s3Versioning.id),
      mutations: [{ resource: 'x', rule: s3Versioning.id, path: 'spec.forProvider.versioningConfiguration', value: [{ status: 'Enabled' }] }],
      findings: [],
    },
  },
  {
    name: 'namespaced BucketVersioning without versioningConfiguration: an object injected',
    reason: 'namespaced kinds are object-shaped',
    resource: bv(undefined, { group: 'namespaced' }),
    rule: s3Versioning,
    want: {
      desired: injected(bv(undefined, { group: 'namespaced' }), { versioningConfiguration: { status: 'Enabled' } }, s3Versioning.id),
      mutations: [{ resource: 'x', rule: s3Versioning.id, path: 'spec.forProvider.versioningConfiguration', value: { status: 'Enabled' } }],
      findings: [],
    },
  },
  {
    name: 'BucketVersioning v1beta1 with versioningConfiguration a string',
    reason: 'malformed: refused, saying which shape is expected',
    resource: bv('Enabled'),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.forProvider.versioningConfiguration', 'spec.forProvider.versioningConfiguration must be a list with one object, got the string "Enabled"')],
    },
  },
  {
    name: 'BucketVersioning v1beta2 with versioningConfiguration an empty array',
    reason: 'malformed: nothing to read, refused',
    resource: bv([], { version: 'v1beta2' }),
    rule: s3Versioning,
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny(s3Versioning, 'spec.forProvider.versioningConfiguration', 'spec.forProvider.versioningConfiguration must be an object, got an array')],
    },
  },
  {
    name: 'BucketVersioning with spec.forProvider an array',
    reason: 'an unreadable resource is refused, never passed',
    resource: { ...bv(undefined), spec: { forProvider: [] } },
    rule: s3Versioning,
    want: { desired: 'same', mutations: [], findings: [{ ...deny(s3Versioning, 'spec.forProvider', 'spec.forProvider is an array, not an object; the resource cannot be checked'), rule: UNREADABLE_RULE }] },
  },
];

describe('S3: companions an author wrote', () => {
  it.each(userCases)('$name', ({ resource: r, rule, want }) => {
    const decision = evaluate(engineRequest({ x: r }), [rule]);
    expect(decision.errors).toEqual([]);
    expect(decision.companions).toEqual([]);
    expect(decision.findings).toEqual(want.findings);
    expect(decision.mutations).toEqual(want.mutations);
    if (want.desired === 'same') expect(decision.desired.x).toBe(r);
    else expect(decision.desired.x).toEqual(want.desired);
  });
});

interface ShapeCase {
  name: string;
  reason: string;
  bucket: KubeObject;
}

const idempotencyCases: ShapeCase[] = [
  { name: 'cluster v1beta1, by label', reason: 'label, selector and array shapes must all be recognised on the way back in', bucket: clusterV1() },
  { name: 'cluster v1beta1, by name', reason: 'bucketRef must be recognised on the way back in', bucket: clusterV1({ name: 'acme-logs' }) },
  { name: 'cluster v1beta2, by label', reason: 'mixed companion versions (PAB v1beta1) must be recognised', bucket: clusterV2() },
  { name: 'cluster v1beta2, by name', reason: 'as above, by name', bucket: clusterV2({ name: 'acme-logs' }) },
  { name: 'namespaced v1beta1, by label', reason: 'the m.upbound.io group round-trips', bucket: nsV1() },
  { name: 'namespaced v1beta1, by name', reason: 'as above, by name', bucket: nsV1({ name: 'acme-logs' }) },
  { name: 'carried by a cluster-scoped Object, by label', reason: 'the companions are Objects carrying them, which must be recognised on the way back in', bucket: carried(clusterV2()) },
  { name: 'carried by a namespaced Object, by name', reason: 'as above, in the namespaced group', bucket: carried(nsV1({ name: 'acme-logs' }), 'namespaced') },
  {
    name: 'namespaced, in a namespace of its own (a cluster-scoped XR)',
    reason: 'its companions must be in its namespace, or on the next call they are another scope and their names collide (found by the idempotence property)',
    bucket: nsV1({ namespace: 'team-a' }),
  },
  {
    name: 'a region that is not a string in forProvider, a string in initProvider',
    reason: 'its companions get the region that is one, and must stand in for it on the next call (found by the idempotence property)',
    bucket: bucket({ group: 'cluster', version: 'v1beta2', forProvider: { region: 0 }, spec: { initProvider: { region: 'eu-west-1' } } }),
  },
  {
    name: 'carried, with a region that is not a string',
    reason: 'its companions get no region, and must still stand in for it on the next call (found by the idempotence property)',
    bucket: carried(bucket({ group: 'cluster', version: 'v1beta1', forProvider: { region: 0 } })),
  },
];

describe('S3: idempotency', () => {
  it.each(idempotencyCases)('$name: the engine on its own output changes nothing', ({ bucket: b }) => {
    const first = evaluate(engineRequest({ logs: b }), S3_RULES);
    const again = evaluate(engineRequest(first.desired, { observed: first.desired }), S3_RULES);

    expect(again.desired).toEqual(first.desired);
    for (const [name, r] of Object.entries(first.desired)) expect(again.desired[name]).toBe(r);
    expect(again.mutations).toEqual([]);
    expect(again.companions).toEqual([]);
    expect(again.findings).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  it.each(idempotencyCases)('$name: the next reconcile (companions only observed) emits the same desired state', ({ bucket: b }) => {
    // Crossplane hands the function the pipeline's desired state again, without
    // the companions it emitted last time; they are in observed now.
    const first = evaluate(engineRequest({ logs: b }), S3_RULES);
    const next = evaluate(engineRequest({ logs: structuredClone(b) }, { observed: first.desired }), S3_RULES);

    expect(next.desired).toEqual(first.desired);
    expect(next.mutations).toEqual(first.mutations);
    // Still listed: the pipeline does not produce them, guardrails does, on every call.
    expect(next.companions).toEqual(first.companions);
    expect(next.findings).toEqual([]);
    expect(next.errors).toEqual([]);
  });
});

interface RetainCase {
  name: string;
  reason: string;
  bucket: KubeObject;
  input: Guardrails;
  rules: readonly Rule[];
  /** The companions already in observed (they exist in the cluster). */
  observed: string[];
  want: {
    /** Names in decision.desired, sorted. */
    desired: string[];
    /** The bucket in decision.desired: the input object itself, or this. */
    bucket: KubeObject | 'same';
    companions: string[];
    findings: Finding[];
    mutations: Mutation[];
  };
}

const noneFor = (owner: string, rule: Rule, kind: string, action: Finding['action']): Finding => ({ resource: owner, rule: rule.id, action, path: '', message: `no ${kind} for this resource` });

const retainCases: RetainCase[] = [
  {
    name: 'rule Disabled, companion observed: kept',
    reason: 'dropping a companion from desired state would make Crossplane delete it; disabling a rule must not do that',
    bucket: named('acme-logs'),
    input: input({ rules: { 'aws-s3-encryption': { action: 'Disabled' } } }),
    rules: [s3Encryption],
    observed: ['logs-encryption'],
    want: { desired: ['logs', 'logs-encryption'], bucket: 'same', companions: [], findings: [], mutations: [] },
  },
  {
    name: 'rule Disabled, companion observed, bucket selected by label: kept, label kept',
    reason: 'the retained companion selects the bucket by its label, so the label stays on the bucket too',
    bucket: bucket(),
    input: input({ rules: { 'aws-s3-encryption': { action: 'Disabled' } } }),
    rules: [s3Encryption],
    observed: ['logs-encryption'],
    want: { desired: ['logs', 'logs-encryption'], bucket: labelled(bucket(), 'logs'), companions: [], findings: [], mutations: [labelMutation('logs')] },
  },
  {
    name: 'rule Disabled, nothing observed: nothing added',
    reason: 'a disabled rule adds nothing new',
    bucket: named('acme-logs'),
    input: input({ rules: { 'aws-s3-encryption': { action: 'Disabled' } } }),
    rules: [s3Encryption],
    observed: [],
    want: { desired: ['logs'], bucket: 'same', companions: [], findings: [], mutations: [] },
  },
  {
    name: 'Audit mode, one companion observed: it is kept, all are listed',
    reason: 'Audit changes nothing: what exists stays, what would be added is listed but not emitted',
    bucket: bucket(),
    input: input({ mode: 'Audit' }),
    rules: S3_RULES,
    observed: ['logs-public-access-block'],
    want: {
      desired: ['logs', 'logs-public-access-block'],
      bucket: 'same',
      companions: ['logs-encryption', 'logs-public-access-block', 'logs-versioning'],
      findings: [],
      mutations: [labelMutation('logs')],
    },
  },
  {
    name: 'Audit mode, nothing observed: desired is the input',
    reason: 'Audit lists the companions Enforce would add and emits none of them',
    bucket: named('acme-logs'),
    input: input({ mode: 'Audit' }),
    rules: S3_RULES,
    observed: [],
    want: { desired: ['logs'], bucket: 'same', companions: ['logs-encryption', 'logs-public-access-block', 'logs-versioning'], findings: [], mutations: [] },
  },
  {
    name: 'action Warn, nothing observed: reported, not added',
    reason: 'Warn reports the missing companion and adds nothing',
    bucket: named('acme-logs'),
    input: input({ rules: { 'aws-s3-encryption': { action: 'Warn' } } }),
    rules: [s3Encryption],
    observed: [],
    want: { desired: ['logs'], bucket: 'same', companions: [], findings: [noneFor('logs', s3Encryption, SSE, 'Warn')], mutations: [] },
  },
  {
    name: 'action Deny, nothing observed: refused, not added',
    reason: 'Deny refuses a bucket without the companion',
    bucket: named('acme-logs'),
    input: input({ rules: { 'aws-s3-versioning': { action: 'Deny' } } }),
    rules: [s3Versioning],
    observed: [],
    want: { desired: ['logs'], bucket: 'same', companions: [], findings: [noneFor('logs', s3Versioning, BV, 'Deny')], mutations: [] },
  },
  {
    name: 'action Warn, companion observed: kept, no finding',
    reason: 'the companion exists, so there is nothing to report and it must not be dropped',
    bucket: named('acme-logs'),
    input: input({ rules: { 'aws-s3-public-access-block': { action: 'Warn' } } }),
    rules: [s3PublicAccessBlock],
    observed: ['logs-public-access-block'],
    want: { desired: ['logs', 'logs-public-access-block'], bucket: 'same', companions: ['logs-public-access-block'], findings: [], mutations: [] },
  },
];

describe('S3: companions never drop out of desired state', () => {
  it.each(retainCases)('$name', ({ bucket: b, input: inp, rules, observed, want }) => {
    // What the companions looked like when the engine emitted them last time.
    const previous = evaluate(engineRequest({ logs: structuredClone(b) }), S3_RULES);
    const observedState = Object.fromEntries(observed.map((n) => [n, previous.desired[n]!]));
    const decision = evaluate(engineRequest({ logs: b }, { input: inp, observed: observedState }), rules);

    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want.findings);
    expect(decision.mutations).toEqual(want.mutations);
    expect(decision.companions.map((c) => c.name)).toEqual(want.companions);
    expect(Object.keys(decision.desired).sort()).toEqual(want.desired);
    for (const n of observed) expect(decision.desired[n]).toEqual(observedState[n]);
    if (want.bucket === 'same') expect(decision.desired.logs).toBe(b);
    else expect(decision.desired.logs).toEqual(want.bucket);
  });
});

describe('S3: a name collision', () => {
  const cases = [
    {
      name: 'a ConfigMap named <bucket>-encryption',
      reason: 'another composed resource already has the companion’s name: refused, nothing overwritten',
      other: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } },
    },
    {
      name: 'an SSE for another bucket named <bucket>-encryption',
      reason: 'the same kind, but not this bucket’s: still another resource, still refused',
      other: userCompanion(SSE, refTo('other-bucket')),
    },
  ];
  it.each(cases)('$name', ({ other }) => {
    const b = named('acme-logs');
    const decision = evaluate(engineRequest({ logs: b, 'logs-encryption': other }), [s3Encryption]);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual([
      {
        resource: 'logs',
        rule: s3Encryption.id,
        action: 'Deny',
        path: '',
        message: 'cannot add BucketServerSideEncryptionConfiguration "logs-encryption": another composed resource has that name',
      },
    ]);
    expect(decision.companions).toEqual([]);
    expect(decision.mutations).toEqual([]);
    expect(decision.desired['logs-encryption']).toBe(other);
    expect(decision.desired.logs).toBe(b);
  });

  it('a collision on a labelled bucket adds no label for the refused companion', () => {
    // Reason: the label is only for companions that are emitted; a refused one must leave the bucket as it was.
    const b = bucket();
    const decision = evaluate(engineRequest({ logs: b, 'logs-encryption': { apiVersion: 'v1', kind: 'ConfigMap' } }), [s3Encryption]);
    expect(decision.findings.map((f) => f.message)).toEqual(['cannot add BucketServerSideEncryptionConfiguration "logs-encryption": another composed resource has that name']);
    expect(decision.mutations).toEqual([]);
    expect(decision.desired.logs).toBe(b);
  });
});

describe('S3: label values', () => {
  const hash = (s: string) => `h-${createHash('sha256').update(s).digest('hex').slice(0, 40)}`;
  const cases = [
    { name: 'a plain name', reason: 'a valid label value is used as is', resourceName: 'logs', want: 'logs' },
    { name: 'dots, dashes and underscores', reason: 'all valid inside a label value', resourceName: 'a.b-c_d', want: 'a.b-c_d' },
    { name: 'a slash', reason: 'not valid in a label value: a stable hash instead', resourceName: 'logs/primary', want: hash('logs/primary') },
    { name: 'a leading dash', reason: 'a label value must start with an alphanumeric', resourceName: '-logs', want: hash('-logs') },
    { name: '64 characters', reason: 'a label value is at most 63 characters', resourceName: 'a'.repeat(64), want: hash('a'.repeat(64)) },
    { name: '63 characters', reason: 'exactly 63 is fine', resourceName: 'a'.repeat(63), want: 'a'.repeat(63) },
  ];
  it.each(cases)('$name', ({ resourceName, want }) => {
    expect(labelSafe(resourceName)).toBe(want);
    const decision = evaluate(engineRequest({ [resourceName]: bucket() }), [s3Encryption]);
    const c = decision.companions[0]!;
    expect(c.name).toBe(`${resourceName}-encryption`);
    expect(getSelector(c.resource)).toEqual({ matchControllerRef: true, matchLabels: { [BUCKET_LABEL]: want } });
    expect((decision.desired[resourceName]!.metadata as { labels: unknown }).labels).toEqual({ [BUCKET_LABEL]: want });
  });

  it('an agent that sets the function\'s bucket label to another bucket\'s value is refused, and nothing is added', () => {
    // Reason: the label is the function's own. With another bucket's value, this bucket's companions would select
    // either bucket, and one of the two would be left unprotected; it is never taken from input.
    const b = bucket({ metadata: { labels: { [BUCKET_LABEL]: 'audit' } } });
    const decision = evaluate(engineRequest({ logs: b, audit: bucket() }), [s3Encryption]);
    expect(decision.findings).toEqual([
      {
        resource: 'logs',
        rule: s3Encryption.id,
        action: 'Deny',
        path: `metadata.labels[${BUCKET_LABEL}]`,
        message: `label ${BUCKET_LABEL} is set by function-guardrails to select this bucket ("logs"); remove it, a different value could make its companions protect another bucket`,
      },
    ]);
    expect(decision.companions.map((c) => c.name)).toEqual(['audit-encryption']);
    expect(decision.desired.logs).toBe(b);
  });

  it('the label guardrails itself set is accepted on its own output', () => {
    // Reason: running on its own output changes nothing.
    const b = bucket({ metadata: { labels: { [BUCKET_LABEL]: 'logs' } } });
    const decision = evaluate(engineRequest({ logs: b }), [s3Encryption]);
    expect(decision.findings).toEqual([]);
    expect(decision.mutations).toEqual([]);
    expect(getSelector(decision.companions[0]!.resource)).toEqual({ matchControllerRef: true, matchLabels: { [BUCKET_LABEL]: 'logs' } });
  });
});

function getSelector(r: KubeObject): unknown {
  return ((r.spec as Record<string, unknown>).forProvider as Record<string, unknown>).bucketSelector;
}

describe('S3: companion versions', () => {
  const cases = [
    { name: 'cluster v1beta1 bucket, SSE', reason: 'served in v1beta1', group: 'cluster' as const, version: 'v1beta1', kind: SSE, want: 'v1beta1' },
    { name: 'cluster v1beta2 bucket, SSE', reason: 'served in v1beta2', group: 'cluster' as const, version: 'v1beta2', kind: SSE, want: 'v1beta2' },
    { name: 'cluster v1beta2 bucket, PAB', reason: 'PAB is only served as v1beta1', group: 'cluster' as const, version: 'v1beta2', kind: PAB, want: 'v1beta1' },
    { name: 'cluster v1beta3 bucket, versioning', reason: 'a future bucket version: the newest served one not newer', group: 'cluster' as const, version: 'v1beta3', kind: BV, want: 'v1beta2' },
    { name: 'cluster v1alpha1 bucket, SSE', reason: 'older than anything served: the newest served', group: 'cluster' as const, version: 'v1alpha1', kind: SSE, want: 'v1beta2' },
    { name: 'namespaced v1beta2 bucket, versioning', reason: 'namespaced companions are only v1beta1', group: 'namespaced' as const, version: 'v1beta2', kind: BV, want: 'v1beta1' },
  ];
  it.each(cases)('$name', ({ group, version, kind, want }) => {
    const type = resourceType(bucket({ group, version }))!;
    expect(companionVersion(type, kind)).toBe(want);
  });

  const order = [
    { name: 'alpha before beta', reason: 'maturity ranks first within a major', a: 'v1alpha1', b: 'v1beta1', want: -1 },
    { name: 'beta1 before beta2', reason: 'then the pre-release number', a: 'v1beta1', b: 'v1beta2', want: -1 },
    { name: 'beta before GA', reason: 'GA outranks any pre-release of its major', a: 'v1beta3', b: 'v1', want: -1 },
    { name: 'v1 before v2alpha1', reason: 'the major ranks first', a: 'v1', b: 'v2alpha1', want: -1 },
    { name: 'equal', reason: 'the same version', a: 'v1beta2', b: 'v1beta2', want: 0 },
    { name: 'v1beta10 after v1beta2', reason: 'numbers compare as numbers', a: 'v1beta10', b: 'v1beta2', want: 1 },
  ];
  it.each(order)('compareKubeVersions: $name', ({ a, b, want }) => {
    expect(Math.sign(compareKubeVersions(a, b))).toBe(want);
  });
});

describe('S3: the default encryption algorithm of a configuration an author wrote', () => {
  const sse = (rule: unknown, opts: { group?: Group; version?: string } = {}) => s3(SSE, rule === undefined ? {} : { rule }, opts);
  const cases = [
    { name: 'aws:kms', reason: 'SSE-KMS is the default the rule itself adds', resource: sse([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }], { version: 'v1beta2' }), want: { findings: [], set: undefined } },
    { name: 'AES256 (v1beta1 array)', reason: 'SSE-S3 is encryption at rest too', resource: sse([{ applyServerSideEncryptionByDefault: [{ sseAlgorithm: 'AES256' }] }]), want: { findings: [], set: undefined } },
    {
      name: 'an unknown algorithm',
      reason: 'anything else is not an encryption S3 applies',
      resource: sse([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'none' } }], { group: 'namespaced' }),
      want: {
        findings: [
          deny(
            s3Encryption,
            'spec.forProvider.rule[0].applyServerSideEncryptionByDefault.sseAlgorithm',
            'spec.forProvider.rule[0].applyServerSideEncryptionByDefault.sseAlgorithm is "none"; use one of aws:kms, aws:kms:dsse, AES256',
          ),
        ],
        set: undefined,
      },
    },
    {
      name: 'no algorithm in a v1beta1 block',
      reason: 'injected inside the one-element list the version uses',
      resource: sse([{ applyServerSideEncryptionByDefault: [{ kmsMasterKeyId: 'alias/data' }] }]),
      want: { findings: [], set: [{ applyServerSideEncryptionByDefault: [{ kmsMasterKeyId: 'alias/data', sseAlgorithm: 'aws:kms' }] }] },
    },
    {
      name: 'no default block in v1beta2',
      reason: 'the block is built as an object, as v1beta2 renders it',
      resource: sse([{ bucketKeyEnabled: true }], { version: 'v1beta2' }),
      want: { findings: [], set: [{ bucketKeyEnabled: true, applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] },
    },
  ];
  it.each(cases)('$name', ({ resource: r, want }) => {
    const d = evaluate(engineRequest({ x: r }), [s3Encryption]);
    expect(d.findings).toEqual(want.findings);
    if (want.set === undefined) expect(d.desired.x).toBe(r);
    else expect((d.desired.x as { spec: { forProvider: { rule: unknown } } }).spec.forProvider.rule).toEqual(want.set);
  });
});

describe('S3: access logging', () => {
  it.each([
    { name: 'no BucketLogging', reason: 'there is no safe target to add: a warning', others: {} as Record<string, KubeObject>, want: [{ resource: 'logs', rule: s3AccessLogging.id, action: 'Warn', path: '', message: 'no BucketLogging refers to this bucket; add one that sends access logs to the log bucket of the platform' }] },
    { name: 'a BucketLogging for it', reason: 'found through bucketRef', others: { 'logs-logging': s3('BucketLogging', { bucketRef: { name: 'acme-logs' }, targetBucket: 'audit' }) }, want: [] },
  ])('$name', ({ others, want }) => {
    const d = evaluate(engineRequest({ logs: bucket({ metadata: { name: 'acme-logs' } }), ...others }), [s3AccessLogging]);
    expect(d.findings).toEqual(want);
  });
});

describe('S3: what an agent tried against the companions', () => {
  const withSpec = (r: KubeObject, spec: Record<string, unknown>): KubeObject => ({ ...r, spec: { ...(r.spec as Record<string, unknown>), ...spec } });
  const logs = () => bucket({ metadata: { name: 'acme-logs' }, spec: { providerConfigRef: { name: 'aws-prod' } } });
  const pab = (spec: Record<string, unknown> = {}, forProvider: Record<string, unknown> = {}) =>
    withSpec(s3(PAB, { ...ALL_FLAGS, ...refTo('acme-logs'), ...forProvider }), { providerConfigRef: { name: 'aws-prod' }, ...spec });

  const decoys = [
    { name: 'a decoy public access block that only observes', reason: 'Crossplane never creates it, so it protects nothing', decoy: pab({ managementPolicies: ['Observe'] }) },
    { name: 'a decoy that is created but never updated', reason: 'without Update an agent can change it in AWS and Crossplane will not put it back', decoy: pab({ managementPolicies: ['Observe', 'Create', 'Delete'] }) },
    { name: 'a decoy through another provider config', reason: 'another provider config is another account: it blocks nothing on this bucket', decoy: pab({ providerConfigRef: { name: 'sandbox' } }) },
    { name: 'a decoy with no provider config beside a bucket that has one', reason: 'the default provider config is not the bucket\'s', decoy: { ...pab(), spec: { forProvider: { ...ALL_FLAGS, ...refTo('acme-logs') } } } },
    { name: 'a decoy in another region', reason: 'a companion in another region does not reach the bucket', decoy: pab({}, { region: 'us-east-1' }) },
    { name: 'a decoy carried by an Object', reason: 'applied by provider-kubernetes, possibly in another cluster, it is not where the bucket is', decoy: carried(pab()) },
  ];
  it.each(decoys)('$name does not stand in for the public access block', ({ decoy }) => {
    const decision = evaluate(engineRequest({ logs: logs(), decoy }), [s3PublicAccessBlock]);
    expect(decision.errors).toEqual([]);
    expect(decision.companions.map((c) => c.name)).toEqual(['logs-public-access-block']);
  });

  it('a fully managed public access block through the bucket\'s own provider config does stand in', () => {
    // Reason: the control case for the decoys above: the same resource, nothing wrong with it.
    const decision = evaluate(engineRequest({ logs: logs(), author: pab({ managementPolicies: ['*'] }) }), [s3PublicAccessBlock]);
    expect(decision.companions).toEqual([]);
    expect(decision.findings).toEqual([]);
  });

  it('a selector that another bucket matches too does not stand in', () => {
    // Reason: Crossplane resolves a selector to one of the buckets it matches; it may not be this one.
    const desired = {
      logs: bucket({ metadata: { labels: { team: 'data' } } }),
      audit: bucket({ metadata: { labels: { team: 'data' } } }),
      sse: userCompanion(SSE, { bucketSelector: { matchLabels: { team: 'data' } } }),
    };
    const decision = evaluate(engineRequest(desired), [s3Encryption]);
    expect(decision.companions.map((c) => c.name)).toEqual(['audit-encryption', 'logs-encryption']);
  });

  it('a ConfigMap under the companion\'s name with the function\'s companion-of annotation is refused, not taken for the companion', () => {
    // Reason: the function's annotations are never trusted on input; a resource is a companion by what it is.
    const forged = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: { [ANNOTATION_COMPANION_OF]: 'logs', [ANNOTATION_ADDED_BY]: 'aws-s3-encryption' } }, data: {} };
    const decision = evaluate(engineRequest({ logs: logs(), 'logs-encryption': forged }), [s3Encryption]);
    expect(decision.findings).toEqual([
      {
        resource: 'logs',
        rule: s3Encryption.id,
        action: 'Deny',
        path: '',
        message: 'cannot add BucketServerSideEncryptionConfiguration "logs-encryption": another composed resource has that name',
      },
    ]);
  });

  const kept = [
    {
      name: 'the bucket made observe-only',
      reason: 'guardrails judges nothing on an observe-only bucket, but dropping its public access block would make Crossplane delete it in AWS',
      desired: () => ({ logs: withSpec(logs(), { managementPolicies: ['Observe'] }) }),
    },
    {
      name: 'a decoy that only observes',
      reason: 'the decoy does not count, so the real companion stays',
      desired: () => ({ logs: logs(), decoy: pab({ managementPolicies: ['Observe'] }) }),
    },
    {
      name: 'a real public access block written by the author',
      reason: 'even a valid one: the existing companion is kept rather than deleted and created again',
      desired: () => ({ logs: logs(), author: pab() }),
    },
    {
      name: 'the bucket\'s spec made unreadable',
      reason: 'the request is refused anyway, and in Audit mode the companion must still not drop',
      desired: () => ({ logs: { ...logs(), spec: 'oops' } }),
    },
  ];
  it.each(kept)('an existing public access block is kept after $name', ({ desired }) => {
    const first = evaluate(engineRequest({ logs: logs() }), [s3PublicAccessBlock]);
    const existing = first.desired['logs-public-access-block']!;
    for (const mode of ['Enforce', 'Audit'] as const) {
      const decision = evaluate(engineRequest(desired(), { input: input({ mode }), observed: { 'logs-public-access-block': existing } }), [s3PublicAccessBlock]);
      expect(decision.errors).toEqual([]);
      expect(decision.desired['logs-public-access-block'], mode).toEqual(existing);
    }
  });

  it('a bucket carried by an Object gets its companions carried the same way, through the same provider config', () => {
    // Reason: what an Object carries is created as is; its companions must reach the same cluster and bucket.
    const manifest = bucket({ group: 'namespaced', metadata: { name: 'acme-logs', namespace: 'team-a' } });
    const decision = evaluate(engineRequest({ logs: carried(manifest, 'namespaced') }), [s3PublicAccessBlock]);
    expect(decision.findings).toEqual([]);
    expect(decision.companions.map((c) => c.name)).toEqual(['logs-public-access-block']);
    expect(decision.desired['logs-public-access-block']).toEqual({
      apiVersion: 'kubernetes.m.crossplane.io/v1alpha1',
      kind: 'Object',
      metadata: { annotations: { [ANNOTATION_COMPANION_OF]: 'logs', [ANNOTATION_ADDED_BY]: s3PublicAccessBlock.id } },
      spec: {
        forProvider: {
          manifest: {
            apiVersion: 's3.aws.m.upbound.io/v1beta1',
            kind: PAB,
            metadata: { name: 'acme-logs-public-access-block', namespace: 'team-a' },
            spec: { forProvider: { region: 'eu-west-1', ...refTo('acme-logs'), ...ALL_FLAGS } },
          },
        },
        providerConfigRef: { name: 'in-cluster' },
      },
    });
    // Run on its own output: the carried companion stands in, nothing more is added.
    const again = evaluate(engineRequest(decision.desired), [s3PublicAccessBlock]);
    expect(again.companions).toEqual([]);
    expect(again.findings).toEqual([]);
  });

  // Found by the property tests (test/property/check-output.test.ts): a bucket whose region was a list, a number or an
  // object passed its malformed region to every companion, which then failed its own schema.
  it.each([{ region: [] }, { region: ['eu-west-1'] }, { region: 7 }, { region: { name: 'eu-west-1' } }])('an agent gives the bucket region $region: the companions do not copy it', ({ region }) => {
    const decision = evaluate(engineRequest({ logs: bucket({ forProvider: { region } }) }), [s3PublicAccessBlock, s3Encryption, s3Versioning]);
    expect(decision.companions.map((c) => c.name)).toEqual(['logs-public-access-block', 'logs-encryption', 'logs-versioning']);
    for (const c of decision.companions) expect((c.resource.spec as { forProvider: Record<string, unknown> }).forProvider, c.name).not.toHaveProperty('region');
  });
});
