/**
 * The sizing limits reach every way in: counts (Auto Scaling groups, EKS
 * node groups, ElastiCache nodes), provisioned IOPS, the storage and
 * instance types of launch templates, launch configurations, mixed instance
 * policies and spot fleets, and attribute-based instance selection.
 */
import { describe, expect, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { awsResource, finding, nested, paramPath, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { ec2InstanceType, instanceCount, iops, storageSize } from './sizing.js';

const V1BETA1 = served('cluster', 'v1beta1');
const V1BETA2 = served('cluster', 'v1beta2');
const V1BETA3 = served('cluster', 'v1beta3');
const NAMESPACED = served('namespaced', 'v1beta1');
/** Served shapes of each kind (provider-upjet-aws CRDs, src/rules/zz_schemas.ts). */
const ASG = [V1BETA1, V1BETA2, V1BETA3, NAMESPACED] as const;
const THREE = [V1BETA1, V1BETA2, NAMESPACED] as const;
const TWO = [V1BETA1, NAMESPACED] as const;
const RDS_INSTANCE = [V1BETA1, V1BETA2, V1BETA3, NAMESPACED] as const;

const MAX = { [instanceCount.id]: { maxInstances: 20 }, [iops.id]: { maxIops: 3000 }, [storageSize.id]: { maxGiB: 500 } };
const on = (rule: Rule) => input({ rules: { [rule.id]: MAX[rule.id]! } });

const countRefusal = (p: string, v: number) => `${p} is ${v}, more than the allowed 20 instances; choose at most 20 or get approval`;
const iopsRefusal = (p: string, v: number) => `${p} is ${v} IOPS, more than the allowed 3000; choose at most 3000 IOPS or get approval`;
const sizeRefusal = (p: string, v: number) => `${p} is ${v} GiB, more than the allowed 500 GiB; choose at most 500 GiB or get approval`;

/** A number field through single nested blocks, on one kind. */
interface Ceiling {
  rule: Rule;
  service: string;
  kind: string;
  field: readonly string[];
  shapes: readonly Served[];
  under: number;
  over: number;
  refusal(path: string, value: number): string;
  base?: Record<string, unknown>;
}

const CEILINGS: readonly Ceiling[] = [
  ...(['minSize', 'maxSize', 'desiredCapacity'] as const).map((f): Ceiling => ({ rule: instanceCount, service: 'autoscaling', kind: 'AutoscalingGroup', field: [f], shapes: ASG, under: 20, over: 21, refusal: countRefusal })),
  { rule: instanceCount, service: 'autoscaling', kind: 'AutoscalingGroup', field: ['warmPool', 'maxGroupPreparedCapacity'], shapes: ASG, under: 5, over: 100, refusal: countRefusal },
  ...(['minSize', 'maxSize', 'desiredSize'] as const).map((f): Ceiling => ({ rule: instanceCount, service: 'eks', kind: 'NodeGroup', field: ['scalingConfig', f], shapes: THREE, under: 3, over: 1000, refusal: countRefusal })),
  { rule: instanceCount, service: 'elasticache', kind: 'Cluster', field: ['numCacheNodes'], shapes: TWO, under: 2, over: 40, refusal: countRefusal },
  { rule: instanceCount, service: 'elasticache', kind: 'ReplicationGroup', field: ['numCacheClusters'], shapes: THREE, under: 6, over: 21, refusal: countRefusal },
  { rule: iops, service: 'rds', kind: 'Instance', field: ['iops'], shapes: RDS_INSTANCE, under: 3000, over: 64000, refusal: iopsRefusal },
  { rule: iops, service: 'rds', kind: 'Cluster', field: ['iops'], shapes: THREE, under: 1000, over: 50000, refusal: iopsRefusal },
  { rule: iops, service: 'ec2', kind: 'EBSVolume', field: ['iops'], shapes: TWO, under: 3000, over: 16000, refusal: iopsRefusal },
  { rule: iops, service: 'ec2', kind: 'Instance', field: ['rootBlockDevice', 'iops'], shapes: THREE, under: 3000, over: 3001, refusal: iopsRefusal },
  { rule: iops, service: 'autoscaling', kind: 'LaunchConfiguration', field: ['rootBlockDevice', 'iops'], shapes: THREE, under: 100, over: 20000, refusal: iopsRefusal },
  { rule: storageSize, service: 'autoscaling', kind: 'LaunchConfiguration', field: ['rootBlockDevice', 'volumeSize'], shapes: THREE, under: 500, over: 16000, refusal: sizeRefusal },
];

function ceilingCases(c: Ceiling): Case[] {
  return c.shapes.flatMap((s): Case[] => {
    const at = `${c.rule.id} on ${c.service} ${c.kind} ${c.field.join('.')}, ${s.label}`;
    const build = (v?: unknown): KubeObject => awsResource(c.service, c.kind, s, { ...(c.base ?? {}), ...(v === undefined ? {} : nested(s, c.field, v)) });
    const fp = paramPath(s, 'forProvider', c.field);
    const ip = paramPath(s, 'initProvider', c.field);
    const rules = [c.rule];
    return [
      { name: `${at}: not configured, nothing`, reason: 'a limit acts only where the Input sets it', resource: build(c.over), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: within the ceiling passes`, reason: 'at or under the maximum', resource: build(c.under), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: absent, nothing`, reason: 'an absent field is not judged', resource: build(), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: above the ceiling, held`, reason: 'more than the platform allows needs a person', resource: build(c.over), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [finding(c.rule, 'RequireApproval', fp, c.refusal(fp, c.over))] } },
      { name: `${at}: above the ceiling in initProvider, held`, reason: 'initProvider creates the resource that way', resource: withInit(build(), nested(s, c.field, c.over)), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [finding(c.rule, 'RequireApproval', ip, c.refusal(ip, c.over))] } },
      { name: `${at}: the observed resource has it, passes`, reason: 'an unchanged resource is not held hostage by a lowered maximum', resource: build(c.over), observed: build(c.over), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: a string is malformed`, reason: 'a number in the CRD; a string is never read as within the limit', resource: build(String(c.over)), rules, input: on(c.rule), want: { desired: SAME, mutations: [], findings: [finding(c.rule, 'RequireApproval', fp, `${fp} must be a number, got the string "${c.over}"`)] } },
    ];
  });
}

/** Fields inside each element of a list: a launch template's block devices, a launch configuration's EBS devices. */
const listCases: Case[] = THREE.flatMap((s): Case[] => {
  const ebs = (fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
  const ebsPath = (i: number, f: string) => `spec.forProvider.blockDeviceMappings[${i}].ebs${s.blocks === 'array' ? '[0]' : ''}.${f}`;
  const template = (devices: Record<string, unknown>[]) => awsResource('ec2', 'LaunchTemplate', s, { blockDeviceMappings: devices.map((d, i) => ({ deviceName: `/dev/sd${'fgh'[i]}`, ebs: ebs(d) })) });
  const config = (devices: Record<string, unknown>[]) => awsResource('autoscaling', 'LaunchConfiguration', s, { imageId: 'ami-0abc', instanceType: 't3.micro', ebsBlockDevice: devices.map((d, i) => ({ deviceName: `/dev/sd${'fgh'[i]}`, ...d })) });
  const at = (kind: string) => `every block device of ${kind}, ${s.label}`;
  return [
    {
      name: `${storageSize.id}: ${at('ec2 LaunchTemplate')}: the second too large, held at its path`,
      reason: 'every instance launched from the template gets the volume',
      resource: template([{ volumeSize: 20 }, { volumeSize: 4000 }]),
      rules: [storageSize],
      input: on(storageSize),
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', ebsPath(1, 'volumeSize'), sizeRefusal(ebsPath(1, 'volumeSize'), 4000))] },
    },
    {
      name: `${iops.id}: ${at('ec2 LaunchTemplate')}: too many IOPS, held`,
      reason: 'provisioned IOPS are billed on every instance launched',
      resource: template([{ volumeSize: 20, iops: 64000 }]),
      rules: [iops],
      input: on(iops),
      want: { desired: SAME, mutations: [], findings: [finding(iops, 'RequireApproval', ebsPath(0, 'iops'), iopsRefusal(ebsPath(0, 'iops'), 64000))] },
    },
    {
      name: `${storageSize.id}: ${at('autoscaling LaunchConfiguration')}: one too large, held`,
      reason: 'ebsBlockDevice repeats: each element is judged',
      resource: config([{ volumeSize: 8 }, { volumeSize: 900 }]),
      rules: [storageSize],
      input: on(storageSize),
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', 'spec.forProvider.ebsBlockDevice[1].volumeSize', sizeRefusal('spec.forProvider.ebsBlockDevice[1].volumeSize', 900))] },
    },
    {
      name: `${iops.id}: ${at('autoscaling LaunchConfiguration')}: too many IOPS, held`,
      reason: 'the same ceiling on every device',
      resource: config([{ volumeSize: 8, iops: 10000 }]),
      rules: [iops],
      input: on(iops),
      want: { desired: SAME, mutations: [], findings: [finding(iops, 'RequireApproval', 'spec.forProvider.ebsBlockDevice[0].iops', iopsRefusal('spec.forProvider.ebsBlockDevice[0].iops', 10000))] },
    },
  ];
});

/** ElastiCache in cluster mode: shards times (one primary plus replicas). */
const nodeCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = `${instanceCount.id} on elasticache ReplicationGroup nodes, ${s.label}`;
  const group = (fields: Record<string, unknown>) => awsResource('elasticache', 'ReplicationGroup', s, { description: 'cache', nodeType: 'cache.t4g.small', ...fields });
  const product = (shards: number, replicas: number) =>
    `spec.forProvider.numNodeGroups: ${shards} node groups of ${replicas + 1} nodes each is ${shards * (replicas + 1)} nodes, more than the allowed 20; choose at most 20 nodes or get approval`;
  return [
    { name: `${at}: 5 shards of 1 primary and 2 replicas (15 nodes) passes`, reason: 'within the ceiling', resource: group({ numNodeGroups: 5, replicasPerNodeGroup: 2 }), rules: [instanceCount], input: on(instanceCount), want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: 10 shards of 1 primary and 2 replicas (30 nodes), held`,
      reason: 'no single field is above 20, but the group is',
      resource: group({ numNodeGroups: 10, replicasPerNodeGroup: 2 }),
      rules: [instanceCount],
      input: on(instanceCount),
      want: { desired: SAME, mutations: [], findings: [finding(instanceCount, 'RequireApproval', 'spec.forProvider.numNodeGroups', product(10, 2))] },
    },
    {
      name: `${at}: the same shape observed, passes`,
      reason: 'an unchanged group is not held hostage',
      resource: group({ numNodeGroups: 10, replicasPerNodeGroup: 2 }),
      observed: group({ numNodeGroups: 10, replicasPerNodeGroup: 2 }),
      rules: [instanceCount],
      input: on(instanceCount),
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: 21 shards: the field and the product, held`,
      reason: 'each is reported where it is',
      resource: group({ numNodeGroups: 21 }),
      rules: [instanceCount],
      input: on(instanceCount),
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instanceCount, 'RequireApproval', 'spec.forProvider.numNodeGroups', countRefusal('spec.forProvider.numNodeGroups', 21)), finding(instanceCount, 'RequireApproval', 'spec.forProvider.numNodeGroups', product(21, 0))],
      },
    },
  ];
});

const TYPES = input({ rules: { [ec2InstanceType.id]: { allowed: ['t3.*', 'm7g.large'] } } });
const typeRefusal = (p: string, v: string) => `${p} is ${JSON.stringify(v)}, not one of the allowed instance types (t3.*, m7g.large); choose an allowed instance type or get approval`;
const unlisted = (p: string) => `${p} lists no allowedInstanceTypes, so EC2 may choose any instance type with these attributes; list allowedInstanceTypes within the allowed instance types (t3.*, m7g.large) or get approval`;

/** Instance types named in mixed instance policies, spot fleets, and attribute-based selection. */
const typeCases: Case[] = [
  ...ASG.flatMap((s): Case[] => {
    const one = (v: Record<string, unknown>) => (s.blocks === 'array' ? [v] : v);
    const asg = (override: Record<string, unknown>[]) => awsResource('autoscaling', 'AutoscalingGroup', s, { maxSize: 4, minSize: 1, mixedInstancesPolicy: one({ launchTemplate: one({ override }) }) });
    const prefix = `spec.forProvider.mixedInstancesPolicy${s.blocks === 'array' ? '[0]' : ''}.launchTemplate${s.blocks === 'array' ? '[0]' : ''}.override`;
    const req = (i: number) => `${prefix}[${i}].instanceRequirements${s.blocks === 'array' ? '[0]' : ''}`;
    const at = `${ec2InstanceType.id} on autoscaling AutoscalingGroup mixedInstancesPolicy, ${s.label}`;
    return [
      { name: `${at}: allowed overrides pass`, reason: 'every type named is allowed', resource: asg([{ instanceType: 't3.large' }, { instanceType: 'm7g.large' }]), rules: [ec2InstanceType], input: TYPES, want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: `${at}: one override outside the list, held`,
        reason: 'the group may launch any type its overrides name',
        resource: asg([{ instanceType: 't3.large' }, { instanceType: 'p5.48xlarge' }]),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', `${prefix}[1].instanceType`, typeRefusal(`${prefix}[1].instanceType`, 'p5.48xlarge'))] },
      },
      {
        name: `${at}: requirements without a type list, held`,
        reason: 'EC2 may pick any type with the attributes, the largest included',
        resource: asg([{ instanceRequirements: one({ vcpuCount: one({ min: 2 }), memoryMib: one({ min: 4096 }) }) }]),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', req(0), unlisted(req(0)))] },
      },
      {
        name: `${at}: requirements whose types are allowed patterns pass`,
        reason: 'a pattern a glob covers as written chooses only allowed types',
        resource: asg([{ instanceRequirements: one({ allowedInstanceTypes: ['t3.*', 'm7g.large'] }) }]),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [] },
      },
    ];
  }),
  ...THREE.flatMap((s): Case[] => {
    const at = `${ec2InstanceType.id} on ec2 LaunchTemplate instanceRequirements, ${s.label}`;
    const template = (req: Record<string, unknown>) => awsResource('ec2', 'LaunchTemplate', s, { instanceRequirements: s.blocks === 'array' ? [req] : req });
    const block = `spec.forProvider.instanceRequirements${s.blocks === 'array' ? '[0]' : ''}`;
    return [
      {
        name: `${at}: a wider pattern than the list, held`,
        reason: 'm5.* chooses among types no glob allows',
        resource: template({ allowedInstanceTypes: ['t3.micro', 'm5.*'] }),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', `${block}.allowedInstanceTypes[1]`, typeRefusal(`${block}.allowedInstanceTypes[1]`, 'm5.*'))] },
      },
      {
        name: `${at}: a pattern wider than the glob that looks alike, held`,
        reason: 't3* also matches t3a and t3n types: only a glob covering it as written passes',
        resource: template({ allowedInstanceTypes: ['t3*'] }),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', `${block}.allowedInstanceTypes[0]`, typeRefusal(`${block}.allowedInstanceTypes[0]`, 't3*'))] },
      },
      { name: `${at}: no type list, held`, reason: 'any type with the attributes', resource: template({ vcpuCount: s.blocks === 'array' ? [{ min: 64 }] : { min: 64 } }), rules: [ec2InstanceType], input: TYPES, want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', block, unlisted(block))] } },
      { name: `${at}: no type list, observed alike: passes`, reason: 'an unchanged template is not held hostage', resource: template({ vcpuCount: { min: 2 } }), observed: template({ vcpuCount: { min: 2 } }), rules: [ec2InstanceType], input: TYPES, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: not configured, nothing`, reason: 'the allow-list acts only where set', resource: template({ vcpuCount: { min: 64 } }), rules: [ec2InstanceType], want: { desired: SAME, mutations: [], findings: [] } },
    ];
  }),
  ...[served('cluster', 'v1beta2'), NAMESPACED].flatMap((s): Case[] => {
    const at = `${ec2InstanceType.id} on ec2 SpotFleetRequest, ${s.label}`;
    return [
      {
        name: `${at}: a launch specification outside the list, held`,
        reason: 'a spot fleet launches the types it names',
        resource: awsResource('ec2', 'SpotFleetRequest', s, { iamFleetRole: 'arn:aws:iam::111122223333:role/fleet', targetCapacity: 2, launchSpecification: [{ ami: 'ami-0abc', instanceType: 'x2iedn.32xlarge' }] }),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.launchSpecification[0].instanceType', typeRefusal('spec.forProvider.launchSpecification[0].instanceType', 'x2iedn.32xlarge'))] },
      },
      {
        name: `${at}: a template override outside the list, held`,
        reason: 'overrides name the types the fleet launches',
        resource: awsResource('ec2', 'SpotFleetRequest', s, { iamFleetRole: 'arn:aws:iam::111122223333:role/fleet', targetCapacity: 2, launchTemplateConfig: [{ overrides: [{ instanceType: 't3.large' }, { instanceType: 'p4d.24xlarge' }] }] }),
        rules: [ec2InstanceType],
        input: TYPES,
        want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.launchTemplateConfig[0].overrides[1].instanceType', typeRefusal('spec.forProvider.launchTemplateConfig[0].overrides[1].instanceType', 'p4d.24xlarge'))] },
      },
    ];
  }),
];

describe('sizing limits reach every way in', () => {
  it.each([...CEILINGS.flatMap(ceilingCases), ...listCases, ...nodeCases, ...typeCases])('$name', (c) => runCase(c));
});

describe('sizing limits: what an agent tried', () => {
  it('an agent asks for an Auto Scaling group of 500 instances: held', () => {
    runCase({
      name: 'maxSize 500',
      reason: 'more instances than the platform allows',
      resource: awsResource('autoscaling', 'AutoscalingGroup', NAMESPACED, { minSize: 1, maxSize: 500 }),
      rules: [instanceCount],
      input: on(instanceCount),
      want: { desired: SAME, mutations: [], findings: [finding(instanceCount, 'RequireApproval', 'spec.forProvider.maxSize', countRefusal('spec.forProvider.maxSize', 500))] },
    });
  });

  it('an agent sidesteps the instance-type list with attribute-based selection: held', () => {
    const path = 'spec.forProvider.instanceRequirements';
    runCase({
      name: 'instanceRequirements without allowedInstanceTypes',
      reason: 'EC2 may choose any type with 96 vCPUs',
      resource: awsResource('ec2', 'LaunchTemplate', V1BETA2, { instanceRequirements: { vcpuCount: { min: 96 }, memoryMib: { min: 393216 } } }),
      rules: [ec2InstanceType],
      input: TYPES,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', path, unlisted(path))] },
    });
  });

  it('an agent grows an EKS node group to 1000 nodes: held', () => {
    const path = 'spec.forProvider.scalingConfig[0].maxSize';
    runCase({
      name: 'scalingConfig.maxSize 1000',
      reason: 'a node group is instances too',
      resource: awsResource('eks', 'NodeGroup', V1BETA1, { scalingConfig: [{ minSize: 1, maxSize: 1000, desiredSize: 2 }] }),
      rules: [instanceCount],
      input: on(instanceCount),
      want: { desired: SAME, mutations: [], findings: [finding(instanceCount, 'RequireApproval', path, countRefusal(path, 1000))] },
    });
  });

  it('an agent provisions 256000 IOPS on an RDS instance: held', () => {
    runCase({
      name: 'iops 256000',
      reason: 'provisioned IOPS are billed whether used or not',
      resource: awsResource('rds', 'Instance', V1BETA3, { instanceClass: 'db.t4g.micro', storageType: 'io2', allocatedStorage: 100, iops: 256000 }),
      rules: [iops],
      input: on(iops),
      want: { desired: SAME, mutations: [], findings: [finding(iops, 'RequireApproval', 'spec.forProvider.iops', iopsRefusal('spec.forProvider.iops', 256000))] },
    });
  });
});

describe('the new sizing parameters in the Input', () => {
  const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
  const cases = [
    { name: 'maxIops, a whole number', settings: { [iops.id]: { maxIops: 3000 } }, ok: true },
    { name: 'maxInstances, a whole number', settings: { [instanceCount.id]: { maxInstances: 20 } }, ok: true },
    { name: 'maxIops, not a whole number', settings: { [iops.id]: { maxIops: 10.5 } }, ok: false },
    { name: 'maxInstances, zero', settings: { [instanceCount.id]: { maxInstances: 0 } }, ok: false },
    { name: 'maxInstances, a string', settings: { [instanceCount.id]: { maxInstances: '20' } }, ok: false },
  ];
  it.each(cases)('$name', ({ settings, ok }) => {
    expect(parseInput({ ...head, rules: settings }, CATALOG).ok).toBe(ok);
  });
});
