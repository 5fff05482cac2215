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

  const hidden = [
    { name: "a CronJob's jobTemplate a string", obj: { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: 'x' } }, path: 'spec.jobTemplate', message: 'spec.jobTemplate is the string "x", not an object; what it would create cannot be checked' },
    { name: "a CronJob's jobTemplate.spec a list", obj: { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: [] } } }, path: 'spec.jobTemplate.spec', message: 'spec.jobTemplate.spec is an array, not an object; what it would create cannot be checked' },
    { name: "an Object's forProvider a string", obj: { apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', spec: { forProvider: 'x' } }, path: 'spec.forProvider', message: 'spec.forProvider is the string "x", not an object; what it would create cannot be checked' },
  ];
  it.each(hidden)('$name hides what it carries: a problem, never a silent pass', ({ obj, path, message }) => {
    expect(targetsOfObj(obj as KubeObject).problems).toEqual([{ path, message }]);
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

  // Kubernetes' own kinds and workloads have no managementPolicies: the API server drops the field and runs the pod,
  // so an agent that adds it must not keep the rules from judging what the pod runs.
  const pod = { spec: { containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { privileged: true } }] } };
  const notManaged = [
    { name: 'a Pod', obj: { apiVersion: 'v1', kind: 'Pod', ...pod, spec: { ...pod.spec, managementPolicies: ['Observe'] } } },
    { name: 'a Deployment', obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { managementPolicies: ['Observe'], template: pod } } },
    { name: "a Deployment's pod template", obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { ...pod.spec, managementPolicies: ['Observe'] } } } } },
    { name: 'an Argo Rollout', obj: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { managementPolicies: ['Observe'], template: pod } } },
    { name: 'a Deployment in an Object', obj: carried({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { managementPolicies: ['Observe'], template: pod } }) },
  ];
  it.each(notManaged)('managementPolicies on $name makes nothing observe-only', ({ obj }) => {
    expect(targetsOfObj(obj as KubeObject).targets.map(skipOf)).toEqual(targetsOfObj(obj as KubeObject).targets.map(() => undefined));
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

describe('pod templates', () => {
  const pod = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  const workloads = [
    { name: 'a Deployment', obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a StatefulSet', obj: { apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a DaemonSet', obj: { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a ReplicaSet', obj: { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'an old extensions Deployment', obj: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a Job', obj: { apiVersion: 'batch/v1', kind: 'Job', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a CronJob', obj: { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: pod } } } }, at: ['spec', 'jobTemplate', 'spec', 'template'] },
    { name: 'a ReplicationController', obj: { apiVersion: 'v1', kind: 'ReplicationController', spec: { template: pod } }, at: ['spec', 'template'] },
    { name: 'a PodTemplate', obj: { apiVersion: 'v1', kind: 'PodTemplate', template: pod }, at: ['template'] },
  ];
  it.each(workloads)('$name carries its pod template, judged as a Pod', ({ obj, at }) => {
    const { targets, problems } = targetsOfObj(obj as KubeObject);
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.at, t.type.ref])).toEqual([
      [[], resourceType(obj as KubeObject)!.ref],
      [at, 'core/Pod'],
    ]);
  });

  it('a Deployment in an Object: the manifest and its pod template', () => {
    const { targets } = targetsOfObj(carried({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: pod } }));
    expect(targets.map((t) => t.type.ref)).toEqual(['kubernetes.crossplane.io/Object', 'apps/Deployment', 'core/Pod']);
    expect(targets[2]!.at).toEqual(['spec', 'forProvider', 'manifest', 'spec', 'template']);
  });

  const shapes = [
    { name: 'containers not a list', spec: { containers: { name: 'web' } }, path: 'spec.containers', message: 'spec.containers is an object, not a list; what the pod runs cannot be checked' },
    { name: 'a container not an object', spec: { containers: ['nginx'] }, path: 'spec.containers[0]', message: 'spec.containers[0] is the string "nginx", not an object; what the pod runs cannot be checked' },
    { name: 'a pod securityContext not an object', spec: { containers: [], securityContext: [] }, path: 'spec.securityContext', message: 'spec.securityContext is an array, not an object; what the pod runs cannot be checked' },
    {
      name: "an init container's securityContext not an object",
      spec: { initContainers: [{ name: 'i', securityContext: 'privileged' }] },
      path: 'spec.initContainers[0].securityContext',
      message: 'spec.initContainers[0].securityContext is the string "privileged", not an object; what the pod runs cannot be checked',
    },
    { name: 'capabilities not an object', spec: { containers: [{ name: 'c', securityContext: { capabilities: ['ALL'] } }] }, path: 'spec.containers[0].securityContext.capabilities', message: 'spec.containers[0].securityContext.capabilities is an array, not an object; what the pod runs cannot be checked' },
    { name: 'volumes not a list', spec: { volumes: 'host' }, path: 'spec.volumes', message: 'spec.volumes is the string "host", not a list; what the pod runs cannot be checked' },
  ];
  it.each(shapes)('a Pod with $name is unreadable', ({ spec, path, message }) => {
    expect(skipOf(targetsOfObj({ apiVersion: 'v1', kind: 'Pod', spec } as KubeObject).targets[0]!)).toEqual({ reason: 'unreadable', path, message });
  });

  it('a pod template with a bad shape is unreadable at its path inside the workload', () => {
    const t = targetsOfObj({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { containers: 'web' } } } }).targets[1]!;
    expect(skipOf(t)).toEqual({ reason: 'unreadable', path: 'spec.template.spec.containers', message: 'spec.template.spec.containers is the string "web", not a list; what the pod runs cannot be checked' });
  });
});

describe("Kubernetes' own kinds are never observe-only", () => {
  const observe = ['Observe'];
  const containers = [{ name: 'web', image: 'nginx' }];
  const cases = [
    {
      name: 'a Pod with managementPolicies in its spec',
      reason: 'a Pod has no management policies: the API server drops the unknown field and runs the pod',
      obj: { apiVersion: 'v1', kind: 'Pod', spec: { managementPolicies: observe, containers } },
    },
    {
      name: 'a pod template with managementPolicies in its spec',
      reason: 'what the Deployment runs is its template, whatever the template says about management',
      obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { managementPolicies: observe, containers } } } },
    },
    {
      name: 'a Deployment with managementPolicies in its spec',
      reason: 'the Deployment is applied and creates its pods: it carries its template like any workload',
      obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { managementPolicies: observe, template: { spec: { containers } } } },
    },
    {
      name: 'a ConfigMap carried by an Object, with managementPolicies in its spec',
      reason: 'only a managed resource is observe-only; a manifest of a built-in kind is applied as it is',
      obj: carried({ apiVersion: 'v1', kind: 'ConfigMap', spec: { managementPolicies: observe } }),
    },
  ];
  it.each(cases)('$name is judged', ({ obj }) => {
    expect(targetsOfObj(obj as KubeObject).targets.map(skipOf)).toEqual(targetsOfObj(obj as KubeObject).targets.map(() => undefined));
  });

  it('a Pod carried by an observe-only Object is still skipped: the Object is managed, and applies nothing', () => {
    const object = carried({ apiVersion: 'v1', kind: 'Pod', spec: { containers } });
    const [, manifest] = targetsOfObj({ ...object, spec: { ...(object.spec as KubeObject), managementPolicies: observe } }).targets;
    expect(skipOf(manifest!)).toEqual({ reason: 'carried-by-observe-only', path: 'spec.managementPolicies' });
  });
});
