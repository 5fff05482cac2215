import { describe, expect, it } from 'vitest';
import { kubernetesBuiltin, resourceType, service, type ResourceType } from './gvk.js';

describe('resourceType', () => {
  const cases: { name: string; reason: string; obj: Record<string, unknown>; want: ResourceType | undefined }[] = [
    {
      name: 'cluster-scoped AWS v1beta1',
      reason: 'cluster-scoped v1beta1 renders single nested blocks as arrays',
      obj: { apiVersion: 'rds.aws.upbound.io/v1beta1', kind: 'Instance' },
      want: { apiVersion: 'rds.aws.upbound.io/v1beta1', group: 'rds.aws.upbound.io', version: 'v1beta1', kind: 'Instance', cloud: 'aws', namespaced: false, blocks: 'array', ref: 'aws/rds/Instance' },
    },
    {
      name: 'cluster-scoped AWS v1beta2',
      reason: 'v1beta2 and later render them as objects',
      obj: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket' },
      want: { apiVersion: 's3.aws.upbound.io/v1beta2', group: 's3.aws.upbound.io', version: 'v1beta2', kind: 'Bucket', cloud: 'aws', namespaced: false, blocks: 'object', ref: 'aws/s3/Bucket' },
    },
    {
      name: 'cluster-scoped AWS v1beta3',
      reason: 'objects too',
      obj: { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance' },
      want: { apiVersion: 'rds.aws.upbound.io/v1beta3', group: 'rds.aws.upbound.io', version: 'v1beta3', kind: 'Instance', cloud: 'aws', namespaced: false, blocks: 'object', ref: 'aws/rds/Instance' },
    },
    {
      name: 'cluster-scoped v1alpha1',
      reason: 'the oldest versions render arrays like v1beta1',
      obj: { apiVersion: 'ec2.aws.upbound.io/v1alpha1', kind: 'Thing' },
      want: { apiVersion: 'ec2.aws.upbound.io/v1alpha1', group: 'ec2.aws.upbound.io', version: 'v1alpha1', kind: 'Thing', cloud: 'aws', namespaced: false, blocks: 'array', ref: 'aws/ec2/Thing' },
    },
    {
      name: 'namespaced AWS v1beta1',
      reason: 'every namespaced *.m.upbound.io CRD renders objects, even at v1beta1',
      obj: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance' },
      want: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', group: 'rds.aws.m.upbound.io', version: 'v1beta1', kind: 'Instance', cloud: 'aws', namespaced: true, blocks: 'object', ref: 'aws/rds/Instance' },
    },
    {
      name: 'cluster-scoped Azure v1beta1',
      reason: 'Azure is detected from its group',
      obj: { apiVersion: 'storage.azure.upbound.io/v1beta1', kind: 'Account' },
      want: { apiVersion: 'storage.azure.upbound.io/v1beta1', group: 'storage.azure.upbound.io', version: 'v1beta1', kind: 'Account', cloud: 'azure', namespaced: false, blocks: 'array', ref: 'azure/storage/Account' },
    },
    {
      name: 'namespaced Azure v1beta1',
      reason: 'Azure namespaced',
      obj: { apiVersion: 'network.azure.m.upbound.io/v1beta1', kind: 'SecurityRule' },
      want: { apiVersion: 'network.azure.m.upbound.io/v1beta1', group: 'network.azure.m.upbound.io', version: 'v1beta1', kind: 'SecurityRule', cloud: 'azure', namespaced: true, blocks: 'object', ref: 'azure/network/SecurityRule' },
    },
    {
      name: 'cluster-scoped GCP v1beta2',
      reason: 'GCP is detected from its group',
      obj: { apiVersion: 'storage.gcp.upbound.io/v1beta2', kind: 'Bucket' },
      want: { apiVersion: 'storage.gcp.upbound.io/v1beta2', group: 'storage.gcp.upbound.io', version: 'v1beta2', kind: 'Bucket', cloud: 'gcp', namespaced: false, blocks: 'object', ref: 'gcp/storage/Bucket' },
    },
    {
      name: 'namespaced GCP v1beta1',
      reason: 'GCP namespaced',
      obj: { apiVersion: 'sql.gcp.m.upbound.io/v1beta1', kind: 'DatabaseInstance' },
      want: { apiVersion: 'sql.gcp.m.upbound.io/v1beta1', group: 'sql.gcp.m.upbound.io', version: 'v1beta1', kind: 'DatabaseInstance', cloud: 'gcp', namespaced: true, blocks: 'object', ref: 'gcp/sql/DatabaseInstance' },
    },
    {
      name: 'core v1',
      reason: 'the core group is empty, spelled core in the ref; no cloud, not a provider kind',
      obj: { apiVersion: 'v1', kind: 'ConfigMap' },
      want: { apiVersion: 'v1', group: '', version: 'v1', kind: 'ConfigMap', cloud: undefined, namespaced: false, blocks: 'object', ref: 'core/ConfigMap' },
    },
    {
      name: 'a non-provider group',
      reason: 'apps/v1 is no cloud',
      obj: { apiVersion: 'apps/v1', kind: 'Deployment' },
      want: { apiVersion: 'apps/v1', group: 'apps', version: 'v1', kind: 'Deployment', cloud: undefined, namespaced: false, blocks: 'object', ref: 'apps/Deployment' },
    },
    {
      name: 'the AWS provider config group',
      reason: 'aws.upbound.io (ProviderConfig) has no service part: not a managed resource of the AWS family',
      obj: { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig' },
      want: { apiVersion: 'aws.upbound.io/v1beta1', group: 'aws.upbound.io', version: 'v1beta1', kind: 'ProviderConfig', cloud: undefined, namespaced: false, blocks: 'array', ref: 'aws.upbound.io/ProviderConfig' },
    },
    {
      name: 'a look-alike group',
      reason: 'the Upbound suffix must end the group',
      obj: { apiVersion: 'rds.aws.upbound.io.example.com/v1', kind: 'Instance' },
      want: { apiVersion: 'rds.aws.upbound.io.example.com/v1', group: 'rds.aws.upbound.io.example.com', version: 'v1', kind: 'Instance', cloud: undefined, namespaced: false, blocks: 'object', ref: 'rds.aws.upbound.io.example.com/Instance' },
    },
    { name: 'missing kind', reason: 'nothing to judge', obj: { apiVersion: 'rds.aws.upbound.io/v1beta1' }, want: undefined },
    { name: 'empty kind', reason: 'nothing to judge', obj: { apiVersion: 'rds.aws.upbound.io/v1beta1', kind: '' }, want: undefined },
    { name: 'missing apiVersion', reason: 'nothing to judge', obj: { kind: 'Instance' }, want: undefined },
    { name: 'empty apiVersion', reason: 'nothing to judge', obj: { apiVersion: '', kind: 'Instance' }, want: undefined },
    { name: 'apiVersion not a string', reason: 'malformed, no crash', obj: { apiVersion: 1, kind: 'Instance' }, want: undefined },
    { name: 'kind not a string', reason: 'malformed, no crash', obj: { apiVersion: 'v1', kind: ['ConfigMap'] }, want: undefined },
  ];
  it.each(cases)('$name', ({ obj, want }) => expect(resourceType(obj)).toEqual(want));
});

describe('service', () => {
  const cases = [
    { name: 'cluster-scoped', reason: 'the first label of the group', apiVersion: 's3.aws.upbound.io/v1beta2', want: 's3' },
    { name: 'namespaced', reason: 'the same for *.m.upbound.io', apiVersion: 'rds.aws.m.upbound.io/v1beta1', want: 'rds' },
    { name: 'core', reason: 'the core group has none', apiVersion: 'v1', want: '' },
  ];
  it.each(cases)('$name', ({ apiVersion, want }) => expect(service(resourceType({ apiVersion, kind: 'X' })!)).toBe(want));
});

describe('kubernetesBuiltin', () => {
  const cases = [
    { name: 'core', reason: 'the core group is empty', apiVersion: 'v1', want: true },
    { name: 'apps', reason: 'a named built-in group', apiVersion: 'apps/v1', want: true },
    { name: 'batch', reason: 'a named built-in group', apiVersion: 'batch/v1', want: true },
    { name: 'policy', reason: 'a named built-in group', apiVersion: 'policy/v1', want: true },
    { name: 'RBAC', reason: 'every *.k8s.io group is Kubernetes\' own', apiVersion: 'rbac.authorization.k8s.io/v1', want: true },
    { name: 'an Upbound kind', reason: 'a managed resource', apiVersion: 's3.aws.upbound.io/v1beta2', want: false },
    { name: 'a namespaced Upbound kind', reason: 'a managed resource', apiVersion: 's3.aws.m.upbound.io/v1beta1', want: false },
    { name: 'provider-terraform', reason: 'any other group is treated as a managed resource', apiVersion: 'tf.upbound.io/v1beta1', want: false },
    { name: 'a look-alike of k8s.io', reason: 'the suffix is a whole label: k8s.io.example.com is not Kubernetes', apiVersion: 'apps.k8s.io.example.com/v1', want: false },
    { name: 'a look-alike of apps', reason: 'only the exact group name', apiVersion: 'apps.example.com/v1', want: false },
  ];
  it.each(cases)('$name', ({ apiVersion, want }) => expect(kubernetesBuiltin(resourceType({ apiVersion, kind: 'X' })!)).toBe(want));
});

describe('resourceType is worked out once per apiVersion and kind', () => {
  it('gives the same frozen object for the same names, so callers may key caches on it', () => {
    const a = resourceType({ apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance' });
    const b = resourceType({ apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', spec: {} });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(resourceType({ apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Cluster' })).not.toBe(a);
  });

  it('stays right past the bound of what it remembers (names a request makes up)', () => {
    for (let i = 0; i < 5000; i++) resourceType({ apiVersion: `g${i}.example.org/v1`, kind: 'K' });
    const late = resourceType({ apiVersion: 'x9.s3.aws.upbound.io/v1beta1', kind: `Late` });
    expect(late).toMatchObject({ group: 'x9.s3.aws.upbound.io', version: 'v1beta1', kind: 'Late', ref: 'aws/x9/Late', cloud: 'aws' });
    const bucket = resourceType({ apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket' });
    expect(bucket).toMatchObject({ cloud: 'aws', namespaced: true, blocks: 'object', ref: 'aws/s3/Bucket' });
  });
});
