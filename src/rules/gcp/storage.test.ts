import { describe, it } from 'vitest';
import { booleanGuard, finding, guardCases, runCase, SAME, type Case } from '../../../test/builders/aws-data.js';
import { gcpResource, shapes, type Served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import { storageAccessLogging, storagePublicAccessPrevention, storageUniformAccess, storageVersioning } from './storage.js';

/** Every served shape of storage Bucket: cluster-scoped v1beta1 (provider v2.x, array blocks), v1beta2, v1beta3; namespaced v1beta1, v1beta2. */
const SHAPES = shapes(['v1beta1', 'v1beta2', 'v1beta3'], ['v1beta1', 'v1beta2']);

const bucket = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('storage', 'Bucket', s, { location: 'EU', ...forProvider });

const withName = (obj: KubeObject, metadata: Record<string, unknown>): KubeObject => ({ ...obj, metadata });

/** A version no provider serves yet: judged by the nearest known schema, in its own (object) shape. */
const FUTURE = shapes(['v1'], ['v1beta3']);

const cases: Case[] = [
  ...guardCases({
    rule: storageVersioning,
    field: ['versioning', 'enabled'],
    shapes: FUTURE,
    build: bucket,
    ...booleanGuard(true),
    missing: 'object versioning was not turned on',
    advice: 'set it to true (or remove it) so an overwritten or deleted object can be recovered',
  }),
  ...guardCases({
    rule: storageUniformAccess,
    field: ['uniformBucketLevelAccess'],
    shapes: SHAPES,
    build: bucket,
    ...booleanGuard(true),
    missing: 'uniform bucket-level access was not turned on',
    advice: 'set it to true (or remove it) so only IAM decides who reads the bucket, not per-object ACLs',
  }),
  ...guardCases({
    rule: storagePublicAccessPrevention,
    field: ['publicAccessPrevention'],
    shapes: SHAPES,
    build: bucket,
    safe: 'enforced',
    unsafe: 'inherited',
    unsafeText: '"inherited"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'public access prevention was not set',
    advice: 'set it to "enforced" (or remove it) so no IAM grant or ACL can make the bucket or its objects public',
  }),
  ...guardCases({
    rule: storageVersioning,
    field: ['versioning', 'enabled'],
    shapes: SHAPES,
    build: bucket,
    ...booleanGuard(true),
    missing: 'object versioning was not turned on',
    advice: 'set it to true (or remove it) so an overwritten or deleted object can be recovered',
  }),
];

const LOGGING = 'spec.forProvider.logging';

const loggingCases: Case[] = SHAPES.flatMap((s) => {
  const at = (field: string) => (s.blocks === 'array' ? `spec.forProvider.logging[0].${field}` : `spec.forProvider.logging.${field}`);
  const logging = (logBucket: unknown) => ({ logging: s.blocks === 'array' ? [{ logBucket }] : { logBucket } });
  return [
    {
      name: `${s.label}: no logging, reported`,
      reason: 'no access logs: a warning, nothing injected (the log bucket is the platform\'s choice)',
      resource: bucket(s),
      rules: [storageAccessLogging],
      want: { desired: SAME, mutations: [], findings: [finding(storageAccessLogging, 'Warn', LOGGING, 'access logging was not set: name a bucket that receives the usage and access logs in logging.logBucket')] },
    },
    { name: `${s.label}: logs to another bucket`, reason: 'compliant', resource: bucket(s, logging('audit-logs')), rules: [storageAccessLogging], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: logs to itself, by external name`,
      reason: 'CKV_GCP_63: a bucket that logs to itself keeps no independent trail',
      resource: withName(bucket(s, logging('gs://data/')), { name: 'data-mr', annotations: { 'crossplane.io/external-name': 'data' } }),
      rules: [storageAccessLogging],
      want: { desired: SAME, mutations: [], findings: [finding(storageAccessLogging, 'Warn', at('logBucket'), `${at('logBucket')} is "gs://data/", the bucket itself; send the logs to another bucket`)] },
    },
    {
      name: `${s.label}: logs to itself, by metadata.name`,
      reason: 'without an external name, Crossplane names the bucket after metadata.name',
      resource: withName(bucket(s, logging('data')), { name: 'data' }),
      rules: [storageAccessLogging],
      want: { desired: SAME, mutations: [], findings: [finding(storageAccessLogging, 'Warn', at('logBucket'), `${at('logBucket')} is "data", the bucket itself; send the logs to another bucket`)] },
    },
    {
      name: `${s.label}: an empty log bucket`,
      reason: 'an empty name logs nowhere',
      resource: bucket(s, logging(' ')),
      rules: [storageAccessLogging],
      want: { desired: SAME, mutations: [], findings: [finding(storageAccessLogging, 'Warn', at('logBucket'), `${at('logBucket')} is empty; name the bucket that receives the access logs`)] },
    },
    {
      name: `${s.label}: a log bucket that is not a string`,
      reason: 'malformed: reported, never passed',
      resource: bucket(s, logging(7)),
      rules: [storageAccessLogging],
      want: { desired: SAME, mutations: [], findings: [finding(storageAccessLogging, 'Warn', at('logBucket'), `${at('logBucket')} must be a string, got number 7`)] },
    },
  ];
});

describe('Cloud Storage buckets', () => {
  it.each(cases)('$name', (c) => runCase(c));
  it.each(loggingCases)('access logging, $name', (c) => runCase(c));
});
