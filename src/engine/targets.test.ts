import { describe, expect, it } from 'vitest';
import { bucket, carried, rdsInstance } from '../../test/builders.js';
import { resourceType } from './gvk.js';
import { MAX_CARRIER_DEPTH, observeOnly, placementOf, skipOf, targetsOf } from './targets.js';
import type { KubeObject } from './types.js';

const targetsOfObj = (obj: KubeObject) => targetsOf(obj, resourceType(obj)!);

describe('targetsOf', () => {
  it('a composed resource is its own only target', () => {
    const db = rdsInstance();
    const { targets, problems } = targetsOfObj(db);
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.at, t.type.ref, t.carriers.length])).toEqual([[[], 'aws/rds/Instance', 0]]);
    expect(targets[0]!.object).toBe(db);
  });

  const carriers = [
    { name: 'cluster-scoped Object v1alpha2', obj: () => carried(rdsInstance()) },
    { name: 'namespaced Object v1alpha1', obj: () => carried(rdsInstance(), 'namespaced') },
    { name: 'cluster-scoped Object v1alpha1 (older)', obj: () => ({ ...carried(rdsInstance()), apiVersion: 'kubernetes.crossplane.io/v1alpha1' }) },
  ];
  it.each(carriers)('a $name carries its manifest as a second target', ({ obj }) => {
    const o = obj();
    const { targets, problems } = targetsOfObj(o);
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.at, t.type.ref])).toEqual([
      [[], `${String((o as KubeObject).apiVersion).split('/')[0]}/Object`],
      [['spec', 'forProvider', 'manifest'], 'aws/rds/Instance'],
    ]);
    expect(targets[1]!.object).toBe(((o as KubeObject).spec as { forProvider: { manifest: KubeObject } }).forProvider.manifest);
    expect(targets[1]!.carriers.map((c) => c.type.kind)).toEqual(['Object']);
  });

  it('an Object in an Object: every level is a target', () => {
    const { targets } = targetsOfObj(carried(carried(bucket())));
    expect(targets.map((t) => t.type.ref)).toEqual(['kubernetes.crossplane.io/Object', 'kubernetes.crossplane.io/Object', 'aws/s3/Bucket']);
    expect(targets[2]!.at).toEqual(['spec', 'forProvider', 'manifest', 'spec', 'forProvider', 'manifest']);
  });

  it(`Objects nested deeper than ${MAX_CARRIER_DEPTH} levels cannot be judged`, () => {
    let obj: KubeObject = rdsInstance();
    for (let i = 0; i <= MAX_CARRIER_DEPTH; i++) obj = carried(obj);
    const { targets, problems } = targetsOfObj(obj);
    expect(targets).toHaveLength(MAX_CARRIER_DEPTH + 1);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(new RegExp(`carried more than ${MAX_CARRIER_DEPTH} levels deep; it cannot be checked$`));
  });

  const bad = [
    { name: 'a string manifest', manifest: 'apiVersion: v1', message: 'spec.forProvider.manifest is the string "apiVersion: v1", not an object; what it would create cannot be checked' },
    { name: 'an array manifest', manifest: [rdsInstance()], message: 'spec.forProvider.manifest is an array, not an object; what it would create cannot be checked' },
    { name: 'a manifest without kind', manifest: { apiVersion: 'v1', data: {} }, message: 'spec.forProvider.manifest has no apiVersion and kind; what it would create cannot be checked' },
  ];
  it.each(bad)('$name is a problem, never a silent pass', ({ manifest, message }) => {
    const { targets, problems } = targetsOfObj(carried(manifest as KubeObject));
    expect(targets).toHaveLength(1);
    expect(problems).toEqual([{ path: 'spec.forProvider.manifest', message }]);
  });

  it('what an observe-only Object carries is never a problem: it is not applied', () => {
    const obj = { ...carried('x' as unknown as KubeObject), spec: { forProvider: { manifest: 'x' }, managementPolicies: ['Observe'] } };
    expect(targetsOfObj(obj).problems).toEqual([]);
  });

  it('an Object without a manifest carries nothing', () => {
    expect(targetsOfObj({ apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', spec: { forProvider: {} } })).toEqual({
      targets: [expect.objectContaining({ at: [] })],
      problems: [],
    });
  });

  it('a kind that merely looks like an Object carries nothing', () => {
    const lookalike = { ...carried(rdsInstance()), apiVersion: 'kubernetes.crossplane.io.evil.example/v1' };
    expect(targetsOfObj(lookalike).targets).toHaveLength(1);
  });
});

describe('skipOf', () => {
  const cases = [
    { name: 'a managed resource', obj: rdsInstance(), want: undefined },
    { name: 'observe-only', obj: { ...rdsInstance(), spec: { managementPolicies: ['Observe'] } }, want: { reason: 'observe-only', path: 'spec.managementPolicies' } },
    { name: 'observe and delete, still observe-only', obj: { ...rdsInstance(), spec: { managementPolicies: ['Observe', 'Delete'] } }, want: { reason: 'observe-only', path: 'spec.managementPolicies' } },
    { name: 'Create among the policies', obj: { ...rdsInstance(), spec: { managementPolicies: ['Observe', 'Create'] } }, want: undefined },
    { name: 'a policy that is not a string', obj: { ...rdsInstance(), spec: { managementPolicies: ['Observe', 5] } }, want: undefined },
    { name: 'spec a number', obj: { ...rdsInstance(), spec: 5 }, want: { reason: 'unreadable', path: 'spec', message: 'spec is number 5, not an object; the resource cannot be checked' } },
    { name: 'initProvider an array', obj: { ...rdsInstance(), spec: { initProvider: [] } }, want: { reason: 'unreadable', path: 'spec.initProvider', message: 'spec.initProvider is an array, not an object; the resource cannot be checked' } },
  ];
  it.each(cases)('$name', ({ obj, want }) => {
    expect(skipOf(targetsOfObj(obj as KubeObject).targets[0]!)).toEqual(want);
  });

  it('what an observe-only Object carries is skipped by every rule', () => {
    const obj = { ...carried(rdsInstance()), spec: { ...(carried(rdsInstance()).spec as object), managementPolicies: ['Observe'] } };
    const [self, manifest] = targetsOfObj(obj).targets;
    expect(skipOf(self!)).toEqual({ reason: 'observe-only', path: 'spec.managementPolicies' });
    expect(skipOf(manifest!)).toEqual({ reason: 'carried-by-observe-only', path: 'spec.managementPolicies' });
  });

  it('a carried manifest that is observe-only itself is skipped at its own path', () => {
    const manifest = { ...rdsInstance(), spec: { managementPolicies: ['Observe'] } };
    expect(skipOf(targetsOfObj(carried(manifest)).targets[1]!)).toEqual({ reason: 'observe-only', path: 'spec.forProvider.manifest.spec.managementPolicies' });
  });
});

describe('observeOnly', () => {
  it.each([
    [undefined, false],
    [['*'], false],
    [['Observe'], true],
    [[], true],
    ['Observe', false],
  ])('%j is %s', (policies, want) => {
    expect(observeOnly({ spec: { managementPolicies: policies } })).toBe(want);
  });
});

describe('placementOf', () => {
  it('separates what is applied directly from what an Object applies, and Objects through different provider configs', () => {
    const direct = targetsOfObj(bucket()).targets[0]!;
    const viaA = targetsOfObj(carried(bucket())).targets[1]!;
    const viaB = targetsOfObj({ ...carried(bucket()), spec: { forProvider: { manifest: bucket() }, providerConfigRef: { name: 'other-cluster' } } }).targets[1]!;
    const viaA2 = targetsOfObj(carried(rdsInstance())).targets[1]!;
    expect(new Set([placementOf(direct.carriers), placementOf(viaA.carriers), placementOf(viaB.carriers)]).size).toBe(3);
    expect(placementOf(viaA.carriers)).toBe(placementOf(viaA2.carriers));
  });
});
