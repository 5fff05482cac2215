import { describe, it } from 'vitest';
import { actions, awsResource, finding, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import { formatFieldPath } from '../../lang/fieldpath.js';
import { awsServiceCustomerManagedKeys as rule, KEY_FIELDS } from './service-keys.js';

/** Both shapes and both groups: cluster-scoped v1beta1 (one-element lists), namespaced v1beta1 (objects). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FP = 'spec.forProvider';

/** `fields` set at the end of `at`, every block on the way in the shape of `s` (a one-element list where it is one). */
function at(s: Served, path: readonly string[], fields: Record<string, unknown>): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return fields;
  const inner = at(s, rest, fields);
  return { [head]: s.blocks === 'array' || head === 'artifactStore' || head === 'distribution' || head === 'blockDeviceMapping' ? [inner] : inner };
}
/** Where the key of `path` is, as findings name it. */
function keyPath(s: Served, path: readonly string[], field: string): string {
  return formatFieldPath(['spec', 'forProvider', ...path.flatMap((p) => (s.blocks === 'array' || ['artifactStore', 'distribution', 'blockDeviceMapping'].includes(p) ? [p, 0] : [p])), field]);
}

const ADVICE = (field: string) => `name a KMS key the account controls in ${field} (or ${field}Ref)`;

const tableCases: Case[] = KEY_FIELDS.flatMap((f) =>
  SHAPES.flatMap((s): Case[] => {
    const build = (fp: Record<string, unknown> = {}) => awsResource(f.kind.service, f.kind.kind, s, fp);
    const when = f.when !== undefined ? { [f.when.field]: f.when.values[0] } : {};
    const name = `${f.kind.service} ${f.kind.kind} ${[...f.at, f.field].join('.')} on ${s.label}`;
    const path = keyPath(s, f.at, f.field);
    return [
      { name: `${name}: a customer managed key passes`, reason: 'compliant', resource: build(at(s, f.at, { ...when, [f.field]: KEY })), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${name}: a key by reference passes`, reason: 'resolved into the field by Crossplane', resource: build(at(s, f.at, { ...when, [`${f.field}Ref`]: { name: 'key' } })), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${name}: an AWS managed alias is reported`,
        reason: 'the account does not control its policy',
        resource: build(at(s, f.at, { ...when, [f.field]: 'alias/aws/service' })),
        rules: [rule],
        want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', path, `${path} is the AWS managed key "alias/aws/service"; ${ADVICE(f.field)}`)] },
      },
      f.always
        ? {
            name: `${name}: no key at all is reported`,
            reason: 'the service then uses a key AWS owns or manages',
            resource: build(),
            rules: [rule],
            want: {
              desired: SAME,
              mutations: [],
              findings: [finding(rule, 'Warn', formatFieldPath(['spec', 'forProvider', ...f.at, f.field]), `no customer managed key was named, so the data is encrypted with a key AWS owns or manages; ${ADVICE(f.field)}`)],
            },
          }
        : { name: `${name}: an absent optional block passes`, reason: 'nothing stored there to encrypt', resource: build(), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
    ];
  }),
);

const s = SHAPES[0]!;
const probes: Case[] = [
  {
    name: 'an agent names a SageMaker key only in initProvider: it counts',
    reason: 'initProvider is applied at creation, with the key',
    resource: withInit(awsResource('sagemaker', 'NotebookInstance', s, { instanceType: 'ml.t3.medium' }), { kmsKeyId: KEY }),
    rules: [rule],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent sets a Firehose key type to the AWS owned key: reported',
    reason: 'AWS_OWNED_CMK is not the account\'s key',
    resource: awsResource('firehose', 'DeliveryStream', s, { name: 'events', serverSideEncryption: [{ enabled: true, keyType: 'AWS_OWNED_CMK' }] }),
    rules: [rule],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(rule, 'Warn', `${FP}.serverSideEncryption[0].keyType`, `${FP}.serverSideEncryption[0].keyType is "AWS_OWNED_CMK", so the data is encrypted with a key AWS owns or manages; set it to CUSTOMER_MANAGED_CMK and ${ADVICE('keyArn')}`)],
    },
  },
  {
    name: 'an image recipe with two EBS mappings, one without a key: that one reported',
    reason: 'every element of a repeating block is judged',
    resource: awsResource('imagebuilder', 'ImageRecipe', s, { blockDeviceMapping: [{ ebs: [{ encrypted: true, kmsKeyId: KEY }] }, { deviceName: '/dev/sdb', ebs: [{ encrypted: true }] }] }),
    rules: [rule],
    want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', `${FP}.blockDeviceMapping[1].ebs[0].kmsKeyId`, `no customer managed key was named, so the data is encrypted with a key AWS owns or manages; ${ADVICE('kmsKeyId')}`)] },
  },
  {
    name: 'an agent writes the key as a number: reported as malformed',
    reason: 'what cannot be read cannot pass',
    resource: awsResource('kendra', 'Index', s, { name: 'docs', serverSideEncryptionConfiguration: [{ kmsKeyId: 42 }] }),
    rules: [rule],
    want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', `${FP}.serverSideEncryptionConfiguration[0].kmsKeyId`, `${FP}.serverSideEncryptionConfiguration[0].kmsKeyId must be a string, got number 42`)] },
  },
  {
    name: 'under Deny, a notebook without a customer key is refused',
    reason: 'for platforms that require keys they control',
    resource: awsResource('sagemaker', 'NotebookInstance', s, { instanceType: 'ml.t3.medium' }),
    rules: [rule],
    input: actions({ [rule.id]: 'Deny' }),
    want: { desired: SAME, mutations: [], findings: [finding(rule, 'Deny', `${FP}.kmsKeyId`, `no customer managed key was named, so the data is encrypted with a key AWS owns or manages; ${ADVICE('kmsKeyId')}`)] },
  },
  {
    name: 'carried by an Object: reported inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(awsResource('efs', 'FileSystem', s, { encrypted: true })),
    rules: [rule],
    want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', `spec.forProvider.manifest.${FP}.kmsKeyId`, `no customer managed key was named, so the data is encrypted with a key AWS owns or manages; ${ADVICE('kmsKeyId')}`)] },
  },
];

describe('customer managed keys on other AWS services', () => {
  it.each(tableCases)('$name', (c) => runCase(c));
  it.each(probes)('$name', (c) => runCase(c));
});
