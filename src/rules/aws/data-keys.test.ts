import { describe, it } from 'vitest';
import { actions, awsResource, finding, inManifest, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import { dataCustomerKey, KEYED } from './data-keys.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Served shapes: the cluster-scoped and namespaced v1beta1 every kind has, and v1beta2 where the kind has one (the block then an object). */
const SHAPES: Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const absentMsg = (field: string) => `no customer managed KMS key is named (${field}, or its Ref or Selector), so the data is encrypted with an AWS managed key whose policy the account cannot narrow or revoke; name a customer managed key`;

/** forProvider fields putting `value` at `field` in the shape of `s`, with the kind's precondition met. */
function fields(s: Served, field: readonly string[], value: unknown, when?: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = field;
  const set: Record<string, unknown> = rest.length === 0 ? { [head!]: value } : { [head!]: s.blocks === 'array' ? [{ [rest[0]!]: value }] : { [rest[0]!]: value } };
  return when !== undefined ? { ...set, [when[0]!]: true } : set;
}

const cases: Case[] = KEYED.flatMap((k) =>
  SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${k.kind.service} ${k.kind.kind} on ${s.label}: ${what}`;
    const base = k.when !== undefined ? { [k.when[0]!]: true } : {};
    const build = (forProvider: Record<string, unknown> = {}) => awsResource(k.kind.service, k.kind.kind, s, { ...base, ...forProvider });
    const field = k.field.join('.');
    const path = s.blocks === 'array' && k.field.length > 1 ? `spec.forProvider.${k.field[0]}[0].${k.field[1]}` : `spec.forProvider.${field}`;
    const refField = [...k.field.slice(0, -1), `${k.field.at(-1)!}Ref`];
    const out: Case[] = [
      { name: at('a key named: passes'), reason: 'the author named a customer managed key', resource: build(fields(s, k.field, KEY)), rules: [dataCustomerKey], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('a key by reference: passes'), reason: 'a Ref resolves to a customer managed Key', resource: build(fields(s, refField, { name: 'data' })), rules: [dataCustomerKey], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('a key in initProvider: passes'), reason: 'initProvider is applied at creation', resource: withInit(build(), fields(s, k.field, KEY)), rules: [dataCustomerKey], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('no key: reported'), reason: 'only the author knows the key: reported, nothing injected', resource: build(), rules: [dataCustomerKey], want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Warn', `spec.forProvider.${field}`, absentMsg(field))] } },
      {
        name: at('a key that is an empty string: reported'),
        reason: 'an empty key ID names no key',
        resource: build(fields(s, k.field, ' ')),
        rules: [dataCustomerKey],
        want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Warn', path, `${path} must be a KMS key ID or ARN (a non-empty string), got the string " "`), finding(dataCustomerKey, 'Warn', `spec.forProvider.${field}`, absentMsg(field))] },
      },
      {
        name: at('under Deny, no key: refused'),
        reason: 'a platform that requires customer keys sets Deny',
        resource: build(),
        rules: [dataCustomerKey],
        input: actions({ 'aws-data-customer-key': 'Deny' }),
        want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Deny', `spec.forProvider.${field}`, absentMsg(field))] },
      },
      { name: at('observe-only, no key'), reason: 'someone else\'s store', resource: withPolicies(build(), ['Observe']), rules: [dataCustomerKey], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('carried by an Object, no key: reported'),
        reason: 'what an Object carries is judged as composed',
        resource: carried(build()),
        rules: [dataCustomerKey],
        want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Warn', inManifest(`spec.forProvider.${field}`), absentMsg(field))] },
      },
    ];
    if (k.when !== undefined) {
      out.push({
        name: at(`${k.when.join('.')} not true: not judged`),
        reason: 'the key encrypts what the feature produces; with the feature off there is nothing to encrypt',
        resource: awsResource(k.kind.service, k.kind.kind, s, {}),
        rules: [dataCustomerKey],
        want: { desired: SAME, mutations: [], findings: [] },
      });
    }
    return out;
  }),
);

const probes: Case[] = [
  {
    name: 'an agent creates a DocumentDB cluster with the AWS managed key: reported',
    reason: 'CKV_AWS_182: a customer managed key lets the account narrow and revoke access to the data',
    resource: awsResource('docdb', 'Cluster', served('cluster', 'v1beta1'), { storageEncrypted: true }),
    rules: [dataCustomerKey],
    want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Warn', 'spec.forProvider.kmsKeyId', absentMsg('kmsKeyId'))] },
  },
  {
    name: 'an agent hides a key ID in a number: reported as malformed, and as no key',
    reason: 'a key field of the wrong type names no key',
    resource: awsResource('neptune', 'Cluster', served('cluster', 'v1beta2'), { kmsKeyArn: 12 }),
    rules: [dataCustomerKey],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(dataCustomerKey, 'Warn', 'spec.forProvider.kmsKeyArn', 'spec.forProvider.kmsKeyArn must be a KMS key ID or ARN (a non-empty string), got number 12'), finding(dataCustomerKey, 'Warn', 'spec.forProvider.kmsKeyArn', absentMsg('kmsKeyArn'))],
    },
  },
  {
    name: 'an MQ broker on the AWS owned key: reported',
    reason: 'CKV_AWS_209: useAwsOwnedKey: true names no customer key',
    resource: awsResource('mq', 'Broker', served('cluster', 'v1beta2'), { encryptionOptions: { useAwsOwnedKey: true } }),
    rules: [dataCustomerKey],
    want: { desired: SAME, mutations: [], findings: [finding(dataCustomerKey, 'Warn', 'spec.forProvider.encryptionOptions.kmsKeyId', absentMsg('encryptionOptions.kmsKeyId'))] },
  },
];

describe('customer managed keys for the data stores', () => {
  it.each([...cases, ...probes])('$name', (c) => runCase(c));
});
