import { describe, expect, it } from 'vitest';
import { actions, finding, injected, missed, mutation, runCase, SAME, withInit, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import { gcpResource, shapes, type Served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import { durationSeconds, kmsRotation } from './kms.js';

/** kms CryptoKey: cluster-scoped v1beta1 (older providers), v1beta2; namespaced v1beta1. */
const SHAPES = shapes(['v1beta1', 'v1beta2'], ['v1beta1']);

const key = (s: Served, forProvider: Record<string, unknown> = {}): KubeObject => gcpResource('kms', 'CryptoKey', s, { keyRing: 'projects/acme/locations/europe-west1/keyRings/app', ...forProvider });
const MISSING = 'automatic key rotation was not set';

const cases: Case[] = SHAPES.flatMap((s): Case[] => [
  {
    name: `${s.label}: no rotation: 90 days injected`,
    reason: 'CKV_GCP_43',
    resource: key(s),
    rules: [kmsRotation],
    want: { desired: injected(key(s), { rotationPeriod: '7776000s' }, kmsRotation.id), mutations: [mutation(kmsRotation, 'spec.forProvider.rotationPeriod', '7776000s')], findings: [] },
  },
  { name: `${s.label}: 30 days passes`, reason: 'compliant', resource: key(s, { rotationPeriod: '2592000s' }), rules: [kmsRotation], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: `${s.label}: 90 days and a fraction`,
    reason: 'a fraction of a second over is over',
    resource: key(s, { rotationPeriod: '7776000.5s' }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.rotationPeriod', 'spec.forProvider.rotationPeriod is "7776000.5s", just over 90 days; set it to at most "7776000s" (90 days)')] },
  },
  {
    name: `${s.label}: 90 days and a nanosecond`,
    reason: 'compared by its digits: no rounding hides it',
    resource: key(s, { rotationPeriod: '7776000.000000001s' }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.rotationPeriod', 'spec.forProvider.rotationPeriod is "7776000.000000001s", just over 90 days; set it to at most "7776000s" (90 days)')] },
  },
  { name: `${s.label}: exactly 90 days`, reason: 'the limit itself passes', resource: key(s, { rotationPeriod: '7776000.000s' }), rules: [kmsRotation], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: `${s.label}: a year`,
    reason: 'longer than 90 days: refused, never shortened',
    resource: key(s, { rotationPeriod: '31536000s' }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.rotationPeriod', 'spec.forProvider.rotationPeriod is "31536000s", 365 days; set it to at most "7776000s" (90 days)')] },
  },
  {
    name: `${s.label}: a year in initProvider`,
    reason: 'initProvider is read too',
    resource: withInit(key(s), { rotationPeriod: '31536000s' }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.initProvider.rotationPeriod', 'spec.initProvider.rotationPeriod is "31536000s", 365 days; set it to at most "7776000s" (90 days)')] },
  },
  {
    name: `${s.label}: a duration in days`,
    reason: 'not a duration the API takes: refused',
    resource: key(s, { rotationPeriod: '90d' }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.rotationPeriod', 'spec.forProvider.rotationPeriod must be a duration in seconds such as "7776000s", got the string "90d"')] },
  },
  {
    name: `${s.label}: seconds as a number`,
    reason: 'the wrong type: refused',
    resource: key(s, { rotationPeriod: 7776000 }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.rotationPeriod', 'spec.forProvider.rotationPeriod must be a duration in seconds such as "7776000s", got number 7776000')] },
  },
  { name: `${s.label}: an asymmetric signing key`, reason: 'Cloud KMS does not rotate it on a schedule: nothing injected', resource: key(s, { purpose: 'ASYMMETRIC_SIGN' }), rules: [kmsRotation], want: { desired: SAME, mutations: [], findings: [] } },
  { name: `${s.label}: an import-only key`, reason: 'new versions must be imported', resource: key(s, { importOnly: true }), rules: [kmsRotation], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: `${s.label}: an external key`,
    reason: 'Cloud EKM keys are rotated outside Google Cloud',
    resource: key(s, { versionTemplate: s.blocks === 'array' ? [{ algorithm: 'EXTERNAL_SYMMETRIC_ENCRYPTION', protectionLevel: 'EXTERNAL' }] : { algorithm: 'EXTERNAL_SYMMETRIC_ENCRYPTION', protectionLevel: 'EXTERNAL' } }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `${s.label}: a purpose that is not a string`,
    reason: 'whether the key rotates is unknown: refused, nothing injected',
    resource: key(s, { purpose: ['ENCRYPT_DECRYPT'] }),
    rules: [kmsRotation],
    want: { desired: SAME, mutations: [], findings: [finding(kmsRotation, 'Deny', 'spec.forProvider.purpose', 'spec.forProvider.purpose must be a string, got an array; whether the key can rotate is unknown')] },
  },
  {
    name: `${s.label}: action Warn`,
    reason: 'reported with the value Mutate would set',
    resource: key(s),
    rules: [kmsRotation],
    input: actions({ [kmsRotation.id]: 'Warn' }),
    want: { desired: SAME, mutations: [], findings: [missed(kmsRotation, 'Warn', 'spec.forProvider.rotationPeriod', MISSING, '7776000s')] },
  },
  { name: `${s.label}: observe-only`, reason: "someone else's key", resource: withPolicies(key(s, { rotationPeriod: '31536000s' }), ['Observe']), rules: [kmsRotation], want: { desired: SAME, mutations: [], findings: [] } },
]);

describe('Cloud KMS', () => {
  it.each(cases)('$name', (c) => runCase(c));
  it.each([
    ['7776000s', 7776000],
    ['0.5s', 0.5],
    ['86400.123456789s', 86400.123456789],
    ['7776000', undefined],
    ['-1s', undefined],
    ['1e6s', undefined],
    [' 1s', undefined],
  ])('duration %j is %j seconds', (text, seconds) => expect(durationSeconds(text)).toBe(seconds));
});
