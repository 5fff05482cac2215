import { describe, it } from 'vitest';
import { booleanGuard, awsResource, finding, guardCases, injected, mutation, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import { KMS_RULES, kmsKeyRotation } from './kms.js';

/** Every served shape of kms Key (one version per group, top-level field: no block shapes). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const key = (s: Served = SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('kms', 'Key', s, { description: 'orders data key', deletionWindowInDays: 30, ...forProvider });

const ROTATION = 'spec.forProvider.enableKeyRotation';

const cases: Case[] = [
  ...guardCases({
    rule: kmsKeyRotation,
    field: ['enableKeyRotation'],
    shapes: SHAPES,
    build: key,
    ...booleanGuard(true),
    missing: 'automatic key rotation was not turned on',
    advice: 'set it to true (or remove it) so AWS rotates the key material; data encrypted before a rotation stays readable',
  }),
  ...SHAPES.flatMap((s): Case[] => [
    {
      name: `${s.label}: a symmetric key stated explicitly is injected`,
      reason: 'SYMMETRIC_DEFAULT is the only key spec AWS rotates',
      resource: key(s, { customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' }),
      rules: [kmsKeyRotation],
      want: {
        desired: injected(key(s, { customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' }), { enableKeyRotation: true }, 'aws-kms-key-rotation'),
        mutations: [mutation(kmsKeyRotation, ROTATION, true)],
        findings: [],
      },
    },
    ...(
      [
        [{ customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }, 'an asymmetric key cannot rotate'],
        [{ customerMasterKeySpec: 'ECC_NIST_P256' }, 'an elliptic-curve key cannot rotate'],
        [{ customerMasterKeySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }, 'an HMAC key cannot rotate automatically'],
        [{ customerMasterKeySpec: 'ML_DSA_44' }, 'a post-quantum signing key cannot rotate'],
        [{ keyUsage: 'SIGN_VERIFY' }, 'a signing key is asymmetric whatever the spec says'],
        [{ keyUsage: 'GENERATE_VERIFY_MAC' }, 'a MAC key is an HMAC key'],
        [{ customKeyStoreId: 'cks-1234567890abcdef0' }, 'a key in a CloudHSM key store cannot rotate automatically'],
        [{ xksKeyId: 'external-key-1' }, 'a key in an external key store cannot rotate automatically'],
      ] as const
    ).map(([fields, reason]): Case => ({
      name: `${s.label}: ${JSON.stringify(fields)} gets no rotation, not even a refusal of false`,
      reason: `${reason}: injecting would make AWS reject the key, and false is the only possible value`,
      resource: key(s, { ...fields, enableKeyRotation: false }),
      rules: [kmsKeyRotation],
      want: { desired: SAME, mutations: [], findings: [] },
    })),
    {
      name: `${s.label}: an asymmetric spec in initProvider is honoured`,
      reason: 'initProvider is applied at creation; the key it creates cannot rotate',
      resource: withInit(key(s), { customerMasterKeySpec: 'RSA_4096' }),
      rules: [kmsKeyRotation],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: an empty customKeyStoreId is no key store`,
      reason: 'an empty string means unset: the key lives in KMS and rotates',
      resource: key(s, { customKeyStoreId: '' }),
      rules: [kmsKeyRotation],
      want: { desired: injected(key(s, { customKeyStoreId: '' }), { enableKeyRotation: true }, 'aws-kms-key-rotation'), mutations: [mutation(kmsKeyRotation, ROTATION, true)], findings: [] },
    },
    {
      name: `${s.label}: a malformed key spec is refused`,
      reason: 'whether the key can rotate is unknown: fail closed, say what was found',
      resource: key(s, { customerMasterKeySpec: 2048 }),
      rules: [kmsKeyRotation],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(kmsKeyRotation, 'Deny', 'spec.forProvider.customerMasterKeySpec', 'spec.forProvider.customerMasterKeySpec must be a string, got number 2048; whether the key can rotate is unknown')],
      },
    },
    {
      name: `${s.label}: a malformed key usage in initProvider is refused`,
      reason: 'initProvider is read with the same care',
      resource: withInit(key(s), { keyUsage: ['ENCRYPT_DECRYPT'] }),
      rules: [kmsKeyRotation],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(kmsKeyRotation, 'Deny', 'spec.initProvider.keyUsage', 'spec.initProvider.keyUsage must be a string, got an array; whether the key can rotate is unknown')],
      },
    },
    {
      name: `${s.label}: a custom rotation period with rotation on passes`,
      reason: 'rotationPeriodInDays only tunes rotation; the rule asks for rotation, not for a period',
      resource: key(s, { enableKeyRotation: true, rotationPeriodInDays: 90 }),
      rules: KMS_RULES,
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ]),
];

describe('KMS key rotation', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
