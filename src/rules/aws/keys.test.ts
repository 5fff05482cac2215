import { describe, it } from 'vitest';
import { actions, awsResource, finding, runFindingsCase, served, withInit, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import { ecrKmsEncryption, KEY_ROWS, keyRuleOf } from './keys.js';

const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const V1V2: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Per rule: the served shapes, a resource the key matters on, and its key field. */
interface Subject {
  id: string;
  shapes: readonly Served[];
  build(s: Served, fp?: Record<string, unknown>): KubeObject;
  field: string;
  ref?: string;
  alias: string;
  noun: string;
  /** A resource of the kind on which the key protects nothing: not judged. */
  exempt?(s: Served): KubeObject;
}

const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);

const SUBJECTS: readonly Subject[] = [
  { id: 'aws-secretsmanager-cmk', shapes: V1, build: (s, fp = {}) => awsResource('secretsmanager', 'Secret', s, fp), field: 'kmsKeyId', ref: 'kmsKeyIdRef', alias: 'alias/aws/secretsmanager', noun: 'secret' },
  { id: 'aws-backup-vault-cmk', shapes: V1, build: (s, fp = {}) => awsResource('backup', 'Vault', s, fp), field: 'kmsKeyArn', ref: 'kmsKeyArnRef', alias: 'alias/aws/backup', noun: 'recovery points' },
  {
    id: 'aws-lambda-environment-cmk',
    shapes: V1V2,
    build: (s, fp = {}) => awsResource('lambda', 'Function', s, { runtime: 'python3.12', handler: 'app.handler', environment: block(s, { variables: { STAGE: 'prod' } }), ...fp }),
    field: 'kmsKeyArn',
    ref: 'kmsKeyArnRef',
    alias: 'alias/aws/lambda',
    noun: "function's environment",
    exempt: (s) => awsResource('lambda', 'Function', s, { runtime: 'python3.12', handler: 'app.handler' }),
  },
  { id: 'aws-ebs-snapshot-copy-cmk', shapes: V1, build: (s, fp = {}) => awsResource('ec2', 'EBSSnapshotCopy', s, { sourceSnapshotId: 'snap-0abc', sourceRegion: 'eu-west-1', encrypted: true, ...fp }), field: 'kmsKeyId', ref: 'kmsKeyIdRef', alias: 'alias/aws/ebs', noun: 'snapshot copy' },
  {
    id: 'aws-ssm-parameter-cmk',
    shapes: V1,
    build: (s, fp = {}) => awsResource('ssm', 'Parameter', s, { type: 'SecureString', valueSecretRef: { name: 'db', namespace: 'x', key: 'password' }, ...fp }),
    field: 'keyId',
    alias: 'alias/aws/ssm',
    noun: 'parameter',
    exempt: (s) => awsResource('ssm', 'Parameter', s, { type: 'String', insecureValue: 'eu-west-1' }),
  },
];

const cases: FindingsCase[] = SUBJECTS.flatMap((sub) => {
  const rule = keyRuleOf(sub.id);
  const set = sub.ref !== undefined ? `${sub.field} (or ${sub.ref})` : sub.field;
  return sub.shapes.flatMap((s): FindingsCase[] => {
    const at = `${sub.id} on ${s.label}`;
    const path = `spec.forProvider.${sub.field}`;
    const warn = (p: string, message: string) => [finding(rule, 'Warn', p, message)];
    const out: FindingsCase[] = [
      { name: `${at}: a customer managed key passes`, reason: 'compliant', resource: sub.build(s, { [sub.field]: KEY }), want: [] },
      { name: `${at}: a key in initProvider passes`, reason: 'initProvider is applied at creation', resource: withInit(sub.build(s), { [sub.field]: KEY }), want: [] },
      {
        name: `${at}: no key: a warning`,
        reason: 'the AWS managed key is used, which the account cannot control',
        resource: sub.build(s),
        want: warn(path, `no customer managed KMS key was named, so the ${sub.noun} is encrypted with the AWS managed key ${sub.alias}; set ${set} to a customer managed key`),
      },
      {
        name: `${at}: an agent names the AWS managed key by alias ARN: a warning`,
        reason: 'the AWS managed key is not a customer managed key, whatever its spelling',
        resource: sub.build(s, { [sub.field]: `arn:aws:kms:eu-west-1:111122223333:${sub.alias}` }),
        want: warn(path, `${path} is the AWS managed key ${sub.alias}; name a customer managed key so the account controls who may decrypt the ${sub.noun}`),
      },
      {
        name: `${at}: an empty key: a warning`,
        reason: 'an empty string names no key',
        resource: sub.build(s, { [sub.field]: ' ' }),
        want: warn(path, `${path} is empty, so the ${sub.noun} is encrypted with the AWS managed key ${sub.alias}; set ${set} to a customer managed key`),
      },
      { name: `${at}: a key that is a number: malformed`, reason: 'fail closed', resource: sub.build(s, { [sub.field]: 7 }), want: warn(path, `${path} must be a string, got number 7`) },
      {
        name: `${at}: under Deny, no key is refused`,
        reason: 'a platform that requires customer managed keys sets the rule to Deny',
        resource: sub.build(s),
        input: actions({ [sub.id]: 'Deny' }),
        want: [finding(rule, 'Deny', path, `no customer managed KMS key was named, so the ${sub.noun} is encrypted with the AWS managed key ${sub.alias}; set ${set} to a customer managed key`)],
      },
    ];
    if (sub.ref !== undefined) out.push({ name: `${at}: a reference to a Key passes`, reason: 'Upjet resolves the reference into the field', resource: sub.build(s, { [sub.ref]: { name: 'data-key' } }), want: [] });
    if (sub.exempt !== undefined) out.push({ name: `${at}: nothing the key would protect: not judged`, reason: 'the key protects only what the row says', resource: sub.exempt(s), want: [] });
    return out;
  });
});

const ECR_ADVICE = 'set it to "KMS" (with kmsKey naming a customer managed key) so a key policy decides who may pull the image layers';
/** ECR Repository: encryptionConfiguration is a list in every served version. */
const ecrCases: FindingsCase[] = V1V2.flatMap((s): FindingsCase[] => {
  const repo = (enc?: Record<string, unknown>) => awsResource('ecr', 'Repository', s, enc !== undefined ? { encryptionConfiguration: [enc] } : {});
  const at = `${ecrKmsEncryption.id} on ${s.label}`;
  return [
    { name: `${at}: KMS passes`, reason: 'compliant', resource: repo({ encryptionType: 'KMS', kmsKey: KEY }), want: [] },
    { name: `${at}: KMS_DSSE passes`, reason: 'dual-layer KMS encryption', resource: repo({ encryptionType: 'KMS_DSSE' }), want: [] },
    {
      name: `${at}: AES256: a warning`,
      reason: 'S3 managed keys are not controlled by the account',
      resource: repo({ encryptionType: 'AES256' }),
      want: [finding(ecrKmsEncryption, 'Warn', 'spec.forProvider.encryptionConfiguration[0].encryptionType', `spec.forProvider.encryptionConfiguration[0].encryptionType is "AES256"; ${ECR_ADVICE}`)],
    },
    {
      name: `${at}: no encryption configuration: a warning, nothing injected`,
      reason: 'the default is AES256; the list shape of every version is never guessed',
      resource: repo(),
      want: [finding(ecrKmsEncryption, 'Warn', 'spec.forProvider.encryptionConfiguration.encryptionType', 'the repository is encrypted with S3 managed keys (AES256), not KMS')],
    },
  ];
});

describe('customer managed keys', () => {
  it.each(cases)('$name', (c) => runFindingsCase(c, [keyRuleOf(c.name.split(' on ')[0]!)]));
  it.each(ecrCases)('$name', (c) => runFindingsCase(c, [ecrKmsEncryption]));
  it('every row has cases', () => {
    for (const row of KEY_ROWS) if (!SUBJECTS.some((s) => s.id === row.id)) throw new Error(`no cases for ${row.id}`);
  });
});
