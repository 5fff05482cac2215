import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approvalDigest, approvalSubject, DIGEST_PATTERN, type ApprovalSubject } from './digest.js';

const object: ApprovalSubject['object'] = {
  group: 'rds.aws.upbound.io',
  kind: 'Instance',
  name: '',
  namespace: '',
  generateName: '',
  externalName: '',
  labels: {},
  annotations: {},
};

const subject: ApprovalSubject = {
  composite: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', namespace: 'team-a', name: 'orders' },
  resource: 'db',
  rules: ['aws-rds-instance-class'],
  object,
  spec: { forProvider: { region: 'eu-west-1', instanceClass: 'db.r6g.4xlarge', allocatedStorage: 100 } },
};

describe('approvalDigest', () => {
  it('is sha256 over the canonical JSON of the subject', () => {
    const canonical =
      '{"composite":{"apiVersion":"platform.example.org/v1alpha1","kind":"XDatabase","name":"orders","namespace":"team-a"},' +
      '"object":{"annotations":{},"externalName":"","generateName":"","group":"rds.aws.upbound.io","kind":"Instance","labels":{},"name":"","namespace":""},' +
      '"resource":"db","rules":["aws-rds-instance-class"],"spec":{"forProvider":{"allocatedStorage":100,"instanceClass":"db.r6g.4xlarge","region":"eu-west-1"}}}';
    expect(approvalDigest(subject)).toBe(`sha256-${createHash('sha256').update(canonical).digest('hex')}`);
    expect(approvalDigest(subject)).toMatch(DIGEST_PATTERN);
  });

  it('does not depend on key order or rule order', () => {
    const reordered: ApprovalSubject = {
      spec: { forProvider: { allocatedStorage: 100, instanceClass: 'db.r6g.4xlarge', region: 'eu-west-1' } },
      object: { ...object },
      rules: ['aws-rds-instance-class'],
      resource: 'db',
      composite: { name: 'orders', namespace: 'team-a', kind: 'XDatabase', apiVersion: 'platform.example.org/v1alpha1' },
    };
    expect(approvalDigest(reordered)).toBe(approvalDigest(subject));
    const two = { ...subject, rules: ['b-rule', 'a-rule'] };
    expect(approvalDigest(two)).toBe(approvalDigest({ ...subject, rules: ['a-rule', 'b-rule'] }));
  });

  const spec = subject.spec as { forProvider: Record<string, unknown> };
  const changes: { name: string; change: Partial<ApprovalSubject> }[] = [
    { name: 'another XR name', change: { composite: { ...subject.composite, name: 'orders-2' } } },
    { name: 'another XR namespace', change: { composite: { ...subject.composite, namespace: 'team-b' } } },
    { name: 'another XR kind', change: { composite: { ...subject.composite, kind: 'XCache' } } },
    { name: 'another XR apiVersion', change: { composite: { ...subject.composite, apiVersion: 'platform.example.org/v1' } } },
    { name: 'another composed resource', change: { resource: 'db-2' } },
    { name: 'another gating rule', change: { rules: ['aws-rds-instance-class', 'aws-storage-size'] } },
    { name: 'one field of the spec', change: { spec: { forProvider: { ...spec.forProvider, allocatedStorage: 101 } } } },
    { name: 'a field added to the spec', change: { spec: { forProvider: { ...spec.forProvider, multiAz: true } } } },
    { name: 'the same spec as another kind', change: { object: { ...object, kind: 'Cluster' } } },
    { name: 'the same kind in another API group', change: { object: { ...object, group: 'docdb.aws.upbound.io' } } },
    { name: 'an external name pointing at another resource', change: { object: { ...object, externalName: 'production-db' } } },
    { name: 'another metadata.name', change: { object: { ...object, name: 'prod' } } },
    { name: 'another namespace', change: { object: { ...object, namespace: 'prod' } } },
    { name: 'a label', change: { object: { ...object, labels: { env: 'prod' } } } },
    { name: 'an annotation', change: { object: { ...object, annotations: { 'example.org/x': 'y' } } } },
    { name: 'another provider config', change: { spec: { ...spec, providerConfigRef: { name: 'production' } } } },
    { name: 'management policies', change: { spec: { ...spec, managementPolicies: ['Observe', 'Delete'] } } },
    { name: 'a deletion policy', change: { spec: { ...spec, deletionPolicy: 'Orphan' } } },
    { name: 'a field beside the spec', change: { body: { roleRef: { kind: 'ClusterRole', name: 'vendor-operator' } } } },
  ];
  it.each(changes)('changes with $name', ({ change }) => {
    expect(approvalDigest({ ...subject, ...change })).not.toBe(approvalDigest(subject));
  });
});

describe('approvalSubject', () => {
  const composite = { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name: 'orders', namespace: 'team-a' } };
  const instance = (metadata: Record<string, unknown>, apiVersion = 'rds.aws.upbound.io/v1beta3') => ({
    apiVersion,
    kind: 'Instance',
    metadata,
    spec: { forProvider: { region: 'eu-west-1' } },
  });

  it('binds what the resource is and where it points, not its version nor the function\'s own metadata', () => {
    const got = approvalSubject(
      composite,
      'db',
      ['aws-rds-instance-class'],
      instance({
        name: 'orders-db',
        labels: { team: 'payments', 'guardrails.fn.crossplane.io/bucket': 'x' },
        annotations: { 'crossplane.io/external-name': 'orders-prod', 'guardrails.fn.crossplane.io/mutated-by': 'aws-rds-storage-encrypted', note: 7 },
      }),
    );
    expect(got).toEqual({
      composite: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', namespace: 'team-a', name: 'orders' },
      resource: 'db',
      rules: ['aws-rds-instance-class'],
      object: {
        group: 'rds.aws.upbound.io',
        kind: 'Instance',
        name: 'orders-db',
        namespace: '',
        generateName: '',
        externalName: 'orders-prod',
        labels: { team: 'payments' },
        annotations: { 'crossplane.io/external-name': 'orders-prod', note: '7' },
      },
      spec: { forProvider: { region: 'eu-west-1' } },
    });
  });

  it('binds what a kind without a spec holds: another roleRef or other subjects is another request', () => {
    const binding = (role: string, subject: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'team-a-readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: subject, namespace: 'team-a' }],
    });
    const digest = (role: string, subject: string) => approvalDigest(approvalSubject(composite, 'bind', ['r'], binding(role, subject)));
    expect(approvalSubject(composite, 'bind', ['r'], binding('vendor-operator', 'reader')).body).toEqual({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'vendor-operator' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'team-a' }],
    });
    expect(new Set([digest('vendor-operator', 'reader'), digest('other-operator', 'reader'), digest('vendor-operator', 'agent')]).size).toBe(3);
  });

  it('keeps the digest of a resource that is all spec, and leaves its status out', () => {
    const db = instance({ name: 'x' });
    const got = approvalSubject(composite, 'db', ['r'], { ...db, status: { atProvider: { address: 'x' } } });
    expect(got.body).toBeUndefined();
    expect(approvalDigest(got)).toBe(approvalDigest(approvalSubject(composite, 'db', ['r'], db)));
  });

  it('is the same across versions of the kind and the function\'s own annotations', () => {
    const a = approvalSubject(composite, 'db', ['r'], instance({ name: 'x' }, 'rds.aws.upbound.io/v1beta1'));
    const b = approvalSubject(composite, 'db', ['r'], instance({ name: 'x', annotations: { 'guardrails.fn.crossplane.io/mutated-by': 'a,b' } }, 'rds.aws.upbound.io/v1beta3'));
    expect(approvalDigest(a)).toBe(approvalDigest(b));
  });
});
