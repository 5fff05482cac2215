import { describe, it } from 'vitest';
import { booleanGuard, awsResource, guardCases, injected, mutation, runCase, SAME, served, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import { EFS_RULES, efsEncrypted } from './efs.js';

/** Every served shape of efs FileSystem (the field is top-level, so shapes differ only in group and version). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const fileSystem = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('efs', 'FileSystem', s, { performanceMode: 'generalPurpose', ...forProvider });

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const cases: Case[] = [
  ...guardCases({
    rule: efsEncrypted,
    field: ['encrypted'],
    shapes: SHAPES,
    build: fileSystem,
    ...booleanGuard(true),
    missing: 'file system encryption was not set',
    advice: 'set it to true (or remove it) so the file system is encrypted at rest',
  }),
  {
    name: 'a KMS key without encrypted: encrypted injected beside it',
    reason: 'EFS uses kmsKeyId only when encrypted is true; the key is kept',
    resource: fileSystem(undefined, { kmsKeyId: KEY }),
    rules: EFS_RULES,
    want: { desired: injected(fileSystem(undefined, { kmsKeyId: KEY }), { encrypted: true }, efsEncrypted.id), mutations: [mutation(efsEncrypted, 'spec.forProvider.encrypted', true)], findings: [] },
  },
  {
    name: 'encrypted with a KMS key passes',
    reason: 'compliant: nothing to change',
    resource: fileSystem(undefined, { encrypted: true, kmsKeyId: KEY }),
    rules: EFS_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('EFS encryption', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
