import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approvalDigest, DIGEST_PATTERN, type ApprovalSubject } from './digest.js';

const subject: ApprovalSubject = {
  composite: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', namespace: 'team-a', name: 'orders' },
  resource: 'db',
  rules: ['aws-rds-instance-class'],
  spec: { forProvider: { region: 'eu-west-1', instanceClass: 'db.r6g.4xlarge', allocatedStorage: 100 } },
};

describe('approvalDigest', () => {
  it('is sha256 over the canonical JSON of the subject', () => {
    const canonical =
      '{"composite":{"apiVersion":"platform.example.org/v1alpha1","kind":"XDatabase","name":"orders","namespace":"team-a"},"resource":"db","rules":["aws-rds-instance-class"],"spec":{"forProvider":{"allocatedStorage":100,"instanceClass":"db.r6g.4xlarge","region":"eu-west-1"}}}';
    expect(approvalDigest(subject)).toBe(`sha256-${createHash('sha256').update(canonical).digest('hex')}`);
    expect(approvalDigest(subject)).toMatch(DIGEST_PATTERN);
  });

  it('does not depend on key order or rule order', () => {
    const reordered: ApprovalSubject = {
      spec: { forProvider: { allocatedStorage: 100, instanceClass: 'db.r6g.4xlarge', region: 'eu-west-1' } },
      rules: ['aws-rds-instance-class'],
      resource: 'db',
      composite: { name: 'orders', namespace: 'team-a', kind: 'XDatabase', apiVersion: 'platform.example.org/v1alpha1' },
    };
    expect(approvalDigest(reordered)).toBe(approvalDigest(subject));
    const two = { ...subject, rules: ['b-rule', 'a-rule'] };
    expect(approvalDigest(two)).toBe(approvalDigest({ ...subject, rules: ['a-rule', 'b-rule'] }));
  });

  const changes: { name: string; change: Partial<ApprovalSubject> }[] = [
    { name: 'another XR name', change: { composite: { ...subject.composite, name: 'orders-2' } } },
    { name: 'another XR namespace', change: { composite: { ...subject.composite, namespace: 'team-b' } } },
    { name: 'another XR kind', change: { composite: { ...subject.composite, kind: 'XCache' } } },
    { name: 'another XR apiVersion', change: { composite: { ...subject.composite, apiVersion: 'platform.example.org/v1' } } },
    { name: 'another composed resource', change: { resource: 'db-2' } },
    { name: 'another gating rule', change: { rules: ['aws-rds-instance-class', 'aws-storage-size'] } },
    { name: 'one field of the spec', change: { spec: { forProvider: { region: 'eu-west-1', instanceClass: 'db.r6g.4xlarge', allocatedStorage: 101 } } } },
    { name: 'a field added to the spec', change: { spec: { forProvider: { region: 'eu-west-1', instanceClass: 'db.r6g.4xlarge', allocatedStorage: 100, multiAz: true } } } },
    { name: 'an external name to adopt', change: { identity: { externalName: 'prod-db' } } },
    { name: 'a metadata.name', change: { identity: { name: 'prod-db' } } },
  ];
  it.each(changes)('changes with $name', ({ change }) => {
    expect(approvalDigest({ ...subject, ...change })).not.toBe(approvalDigest(subject));
  });

  it('binds the exact external name: approving one name never covers another', () => {
    const named = (externalName: string) => approvalDigest({ ...subject, identity: { externalName } });
    expect(named('prod-db')).not.toBe(named('prod-db-2'));
    expect(approvalDigest({ ...subject, identity: { name: 'x' } })).not.toBe(approvalDigest({ ...subject, identity: { externalName: 'x' } }));
  });

  it('is unchanged for a resource that names nothing', () => {
    expect(approvalDigest({ ...subject, identity: {} })).toBe(approvalDigest(subject));
  });
});
