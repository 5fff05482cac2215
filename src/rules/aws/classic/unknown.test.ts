import { describe, expect, it } from 'vitest';
import { actions, finding, runCase, SAME, withPolicies, type Case } from '../../../../test/builders/aws-data.js';
import { carried, managed } from '../../../../test/builders.js';
import type { KubeObject } from '../../../engine/types.js';
import { CATALOG } from '../../catalog.js';
import { awsUnknownFamily } from './unknown.js';

const held = (apiVersion: string, kind: string, family: string) =>
  finding(awsUnknownFamily, 'RequireApproval', 'kind', `${apiVersion} ${kind} belongs to ${family}, for which guardrails has no rules; a person must review it, or compose the Upbound provider's kind (*.aws.upbound.io), which guardrails judges`);

const COMMUNITY = 'the community AWS provider (crossplane-contrib/provider-aws)';
const ACK = 'AWS Controllers for Kubernetes (ACK)';

const role: KubeObject = managed('iam.aws.crossplane.io/v1beta1', 'Role', { assumeRolePolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}' });
const ackDb: KubeObject = { apiVersion: 'rds.services.k8s.aws/v1alpha1', kind: 'DBInstance', spec: { dbInstanceIdentifier: 'db', dbInstanceClass: 'db.t3.micro', engine: 'postgres', publiclyAccessible: true } };
const jetBucket: KubeObject = managed('s3.aws.jet.crossplane.io/v1alpha2', 'Bucket', {});

const cases: Case[] = [
  {
    name: 'an agent composes an IAM Role of the community provider, which no rule reads: held',
    reason: 'a kind no rule judges could carry anything (a role anyone may assume)',
    resource: role,
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [held('iam.aws.crossplane.io/v1beta1', 'Role', COMMUNITY)] },
  },
  {
    name: 'an agent makes a public database with ACK instead of Crossplane: held',
    reason: 'the same danger in a family no rule reads',
    resource: ackDb,
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [held('rds.services.k8s.aws/v1alpha1', 'DBInstance', ACK)] },
  },
  {
    name: 'an agent marks an ACK resource observe-only: still held',
    reason: 'ACK has no management policies: it creates the resource whatever the field says',
    resource: withPolicies(ackDb, ['Observe']),
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [held('rds.services.k8s.aws/v1alpha1', 'DBInstance', ACK)] },
  },
  {
    name: 'a Terrajet bucket: held',
    reason: 'the retired provider-jet-aws has no catalog either',
    resource: jetBucket,
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [held('s3.aws.jet.crossplane.io/v1alpha2', 'Bucket', 'the retired Terrajet AWS provider (provider-jet-aws)')] },
  },
  {
    name: 'an observe-only community Role passes',
    reason: 'Crossplane creates and changes nothing of it',
    resource: withPolicies(role, ['Observe']),
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent carries an ACK DBInstance in a provider-kubernetes Object: held inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(ackDb),
    rules: [awsUnknownFamily],
    want: { desired: SAME, mutations: [], findings: [{ ...held('rds.services.k8s.aws/v1alpha1', 'DBInstance', ACK), path: 'spec.forProvider.manifest.kind' }] },
  },
  ...[
    managed('rds.aws.crossplane.io/v1alpha1', 'DBInstance', {}),
    managed('database.aws.crossplane.io/v1beta1', 'RDSInstance', {}),
    managed('ec2.aws.crossplane.io/v1beta1', 'SecurityGroup', {}),
    managed('s3.aws.crossplane.io/v1beta1', 'Bucket', {}),
    managed('rds.aws.upbound.io/v1beta3', 'Instance', {}),
    managed('iam.aws.m.upbound.io/v1beta1', 'Role', {}),
    { apiVersion: 'aws.crossplane.io/v1beta1', kind: 'ProviderConfig', spec: {} },
  ].map((r): Case => ({ name: `${r.apiVersion as string} ${r.kind as string} is not held`, reason: 'a kind guardrails judges, or no AWS managed resource family', resource: r, rules: [awsUnknownFamily], want: { desired: SAME, mutations: [], findings: [] } })),
  {
    name: 'Disabled: an ACK kind passes',
    reason: 'for platforms that review ACK another way',
    resource: ackDb,
    rules: [awsUnknownFamily],
    input: actions({ [awsUnknownFamily.id]: 'Disabled' }),
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('AWS families without a catalog', () => {
  it.each(cases)('$name', (c) => runCase(c));

  it('every community kind it does not hold has rules in the catalog', () => {
    const judged = ['rds.aws.crossplane.io/DBInstance', 'rds.aws.crossplane.io/DBCluster', 'database.aws.crossplane.io/RDSInstance', 'ec2.aws.crossplane.io/SecurityGroup', 'ec2.aws.crossplane.io/SecurityGroupRule', 's3.aws.crossplane.io/Bucket'];
    for (const ref of judged) {
      const [group, kind] = [ref.slice(0, ref.lastIndexOf('/')), ref.slice(ref.lastIndexOf('/') + 1)];
      const type = { apiVersion: `${group}/v1`, group, version: 'v1', kind, namespaced: false, blocks: 'object' as const, ref };
      expect({ ref, held: awsUnknownFamily.appliesTo(type) }).toEqual({ ref, held: false });
      expect({ ref, judged: CATALOG.some((r) => r.id !== awsUnknownFamily.id && r.appliesTo(type)) }).toEqual({ ref, judged: true });
    }
  });
});
