/**
 * Sizing limits the platform team sets in the Input: allow-lists of RDS
 * instance classes, EC2 instance types and ElastiCache node types, and a
 * ceiling on storage. An agent that asks for more than the platform allows
 * needs a person's approval.
 *
 * Each rule acts only where its limit is configured (`rules.<id>` in the
 * Input); without it, it does nothing at all. It judges explicit values in
 * forProvider and initProvider, never absent ones, and it judges requests:
 * a value the observed resource already has at the same forProvider field
 * passes, so a limit tightened after creation does not hold an unchanged
 * resource hostage.
 */
import { formatFieldPath, getPath, isObject } from '../../lang/fieldpath.js';
import type { Rule, RuleContext } from '../../engine/rule.js';
import { allowListRule, ceilingRule, EACH, GRANDFATHERED, values, type Field } from '../kit/limits.js';
import { describe } from '../params.js';

/** Where an instanceRequirements block sits, on each kind that has one. */
const REQUIREMENTS: readonly Field[] = [
  { service: 'ec2', kind: 'LaunchTemplate', field: ['instanceRequirements'] },
  { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['mixedInstancesPolicy', 'launchTemplate', 'override', EACH, 'instanceRequirements'] },
  { service: 'ec2', kind: 'SpotFleetRequest', field: ['launchTemplateConfig', EACH, 'overrides', EACH, 'instanceRequirements'] },
];

/**
 * An instanceRequirements block that lists no allowed instance types lets
 * EC2 choose any type with the attributes asked for, the largest included:
 * refused unless the observed resource has the same block.
 */
function requirementsWithoutTypes(ctx: RuleContext, allowed: readonly string[]): void {
  for (const f of REQUIREMENTS) {
    if (ctx.type.ref !== `aws/${f.service}/${f.kind}`) continue;
    for (const v of values(ctx, f)) {
      const block = Array.isArray(v.value) ? v.value[0] : v.value;
      const path = formatFieldPath(Array.isArray(v.value) ? [...v.segments, 0] : v.segments);
      if (!isObject(block)) {
        ctx.unsafe(path, `${path} must be an object, got ${describe(block)}`);
        continue;
      }
      const types = block.allowedInstanceTypes;
      if (Array.isArray(types) && types.length > 0) continue; // each judged as a field
      const observed = ctx.observedResource === undefined ? undefined : getPath(ctx.observedResource, ['spec', 'forProvider', ...v.segments.slice(2)]);
      if (observed !== undefined && JSON.stringify(observed) === JSON.stringify(v.value)) continue;
      ctx.unsafe(path, `${path} lists no allowedInstanceTypes, so EC2 may choose any instance type with these attributes; list allowedInstanceTypes within the allowed instance types (${allowed.join(', ')}) or get approval`);
    }
  }
}

export const rdsInstanceClass = allowListRule({
  id: 'aws-rds-instance-class',
  title: 'RDS instance classes are on the allow-list',
  description: `Acts only where \`rules.aws-rds-instance-class.allowed\` lists the instance classes the platform allows (globs, e.g. \`db.t4g.*\`); without it, it does nothing. Refuses an explicit \`instanceClass\` (Instance, ClusterInstance) or \`dbClusterInstanceClass\` (Multi-AZ DB Cluster) that no glob matches, until a person approves: an agent must not ask for a larger database than the platform allows. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'class', many: 'classes' },
  example: 'db.t4g.*',
  fields: [
    { service: 'rds', kind: 'Instance', field: ['instanceClass'] },
    { service: 'rds', kind: 'Cluster', field: ['dbClusterInstanceClass'] },
    { service: 'rds', kind: 'ClusterInstance', field: ['instanceClass'] },
  ],
}) satisfies Rule;

export const ec2InstanceType = allowListRule({
  id: 'aws-ec2-instance-type',
  title: 'EC2 instance types are on the allow-list',
  description: `Acts only where \`rules.aws-ec2-instance-type.allowed\` lists the instance types the platform allows (globs, e.g. \`t3.*\`); without it, it does nothing. Refuses, until a person approves, an explicit \`instanceType\` of an EC2 Instance, LaunchTemplate, SpotInstanceRequest or Auto Scaling LaunchConfiguration, or any element of an EKS NodeGroup's \`instanceTypes\`, that no glob matches; and so every instance type an Auto Scaling group's \`mixedInstancesPolicy.launchTemplate.override[*].instanceType\` or a SpotFleetRequest's \`launchSpecification[*].instanceType\` and \`launchTemplateConfig[*].overrides[*].instanceType\` names. Attribute-based selection (\`instanceRequirements\` of a LaunchTemplate, of an override of an Auto Scaling group or of a spot fleet) lets EC2 pick any type that fits: each element of its \`allowedInstanceTypes\` (a type or an AWS pattern such as \`t3.*\`) must match a glob as written, so a pattern passes only where a glob covers all it matches, and a block without \`allowedInstanceTypes\` is refused. Absent fields are not judged (AWS defaults apply). ${GRANDFATHERED}`,
  noun: { one: 'instance type', many: 'instance types' },
  example: 't3.*',
  fields: [
    { service: 'ec2', kind: 'Instance', field: ['instanceType'] },
    { service: 'ec2', kind: 'LaunchTemplate', field: ['instanceType'] },
    { service: 'ec2', kind: 'SpotInstanceRequest', field: ['instanceType'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['instanceType'] },
    { service: 'eks', kind: 'NodeGroup', field: ['instanceTypes', EACH] },
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['mixedInstancesPolicy', 'launchTemplate', 'override', EACH, 'instanceType'] },
    { service: 'ec2', kind: 'SpotFleetRequest', field: ['launchSpecification', EACH, 'instanceType'] },
    { service: 'ec2', kind: 'SpotFleetRequest', field: ['launchTemplateConfig', EACH, 'overrides', EACH, 'instanceType'] },
    // Attribute-based selection: each type (or pattern) an instanceRequirements block allows must be allowed itself.
    { service: 'ec2', kind: 'LaunchTemplate', field: ['instanceRequirements', 'allowedInstanceTypes', EACH] },
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['mixedInstancesPolicy', 'launchTemplate', 'override', EACH, 'instanceRequirements', 'allowedInstanceTypes', EACH] },
    { service: 'ec2', kind: 'SpotFleetRequest', field: ['launchTemplateConfig', EACH, 'overrides', EACH, 'instanceRequirements', 'allowedInstanceTypes', EACH] },
  ],
  more: requirementsWithoutTypes,
}) satisfies Rule;

export const elasticacheNodeType = allowListRule({
  id: 'aws-elasticache-node-type',
  title: 'ElastiCache node types are on the allow-list',
  description: `Acts only where \`rules.aws-elasticache-node-type.allowed\` lists the node types the platform allows (globs, e.g. \`cache.t4g.*\`); without it, it does nothing. Refuses an explicit \`nodeType\` of an ElastiCache Cluster or ReplicationGroup that no glob matches, until a person approves. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'node type', many: 'node types' },
  example: 'cache.t4g.*',
  fields: [
    { service: 'elasticache', kind: 'Cluster', field: ['nodeType'] },
    { service: 'elasticache', kind: 'ReplicationGroup', field: ['nodeType'] },
  ],
}) satisfies Rule;

export const storageSize = ceilingRule({
  id: 'aws-storage-size',
  title: 'Storage sizes stay under the ceiling',
  description: `Acts only where \`rules.aws-storage-size.maxGiB\` sets the largest size the platform allows; without it, it does nothing. Refuses, until a person approves, an explicit size above it: RDS Instance \`allocatedStorage\` and \`maxAllocatedStorage\` (the storage autoscaling ceiling), RDS Cluster \`allocatedStorage\`, EBSVolume \`size\`, EC2 Instance \`rootBlockDevice.volumeSize\` and every \`ebsBlockDevice[*].volumeSize\`, EKS NodeGroup \`diskSize\`, OpenSearch Domain \`ebsOptions.volumeSize\`, every LaunchTemplate \`blockDeviceMappings[*].ebs.volumeSize\`, an Auto Scaling LaunchConfiguration's \`rootBlockDevice.volumeSize\` and every \`ebsBlockDevice[*].volumeSize\`. Every size is in GiB and a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  // Storage sizes in GiB; every one of these fields is a number in its CRD.
  fields: [
    { service: 'rds', kind: 'Instance', field: ['allocatedStorage'] },
    { service: 'rds', kind: 'Instance', field: ['maxAllocatedStorage'] },
    { service: 'rds', kind: 'Cluster', field: ['allocatedStorage'] },
    { service: 'ec2', kind: 'EBSVolume', field: ['size'] },
    { service: 'ec2', kind: 'Instance', field: ['rootBlockDevice', 'volumeSize'] },
    { service: 'ec2', kind: 'Instance', field: ['ebsBlockDevice', EACH, 'volumeSize'] },
    { service: 'eks', kind: 'NodeGroup', field: ['diskSize'] },
    { service: 'opensearch', kind: 'Domain', field: ['ebsOptions', 'volumeSize'] },
    { service: 'ec2', kind: 'LaunchTemplate', field: ['blockDeviceMappings', EACH, 'ebs', 'volumeSize'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['rootBlockDevice', 'volumeSize'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['ebsBlockDevice', EACH, 'volumeSize'] },
  ],
  param: { name: 'maxGiB', unit: 'GiB', description: 'The largest storage size allowed, in GiB, e.g. 500. Unset: the rule does nothing.' },
  exceeds: (path, value, max) => `${path} is ${value} GiB, more than the allowed ${max} GiB; choose at most ${max} GiB or get approval`,
}) satisfies Rule;

export const iops = ceilingRule({
  id: 'aws-iops',
  title: 'Provisioned IOPS stay under the ceiling',
  description: `Acts only where \`rules.aws-iops.maxIops\` sets the most provisioned IOPS the platform allows on one volume or database; without it, it does nothing. Refuses, until a person approves, an explicit \`iops\` above it: RDS Instance and Cluster \`iops\`, EBSVolume \`iops\`, EC2 Instance \`rootBlockDevice.iops\` and every \`ebsBlockDevice[*].iops\`, every LaunchTemplate \`blockDeviceMappings[*].ebs.iops\`, an Auto Scaling LaunchConfiguration's \`rootBlockDevice.iops\` and every \`ebsBlockDevice[*].iops\`. Provisioned IOPS are billed whether used or not. Every one is a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  fields: [
    { service: 'rds', kind: 'Instance', field: ['iops'] },
    { service: 'rds', kind: 'Cluster', field: ['iops'] },
    { service: 'ec2', kind: 'EBSVolume', field: ['iops'] },
    { service: 'ec2', kind: 'Instance', field: ['rootBlockDevice', 'iops'] },
    { service: 'ec2', kind: 'Instance', field: ['ebsBlockDevice', EACH, 'iops'] },
    { service: 'ec2', kind: 'LaunchTemplate', field: ['blockDeviceMappings', EACH, 'ebs', 'iops'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['rootBlockDevice', 'iops'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['ebsBlockDevice', EACH, 'iops'] },
  ],
  param: { name: 'maxIops', unit: 'IOPS', description: 'The most provisioned IOPS allowed on one volume or database, e.g. 3000. Unset: the rule does nothing.' },
  exceeds: (path, value, max) => `${path} is ${value} IOPS, more than the allowed ${max}; choose at most ${max} IOPS or get approval`,
}) satisfies Rule;

/** An explicit number at `field` of `params`, or undefined. */
const numberAt = (ctx: RuleContext, field: string): { value: unknown; path: string } | undefined => {
  for (const block of ['forProvider', 'initProvider']) {
    const params = getPath(ctx.resource, ['spec', block]);
    if (isObject(params) && params[field] !== undefined && params[field] !== null) return { value: params[field], path: formatFieldPath(['spec', block, field]) };
  }
  return undefined;
};

/**
 * An ElastiCache ReplicationGroup in cluster mode runs `numNodeGroups`
 * shards of one primary and `replicasPerNodeGroup` replicas each: the
 * product is its node count, judged against the same ceiling.
 */
function replicationGroupNodes(ctx: RuleContext, max: number): void {
  if (ctx.type.ref !== 'aws/elasticache/ReplicationGroup') return;
  const shards = numberAt(ctx, 'numNodeGroups');
  const replicas = numberAt(ctx, 'replicasPerNodeGroup');
  if (shards === undefined && replicas === undefined) return;
  if ((shards !== undefined && typeof shards.value !== 'number') || (replicas !== undefined && typeof replicas.value !== 'number')) return; // malformed: refused as a field
  const nodes = ((shards?.value as number | undefined) ?? 1) * (((replicas?.value as number | undefined) ?? 0) + 1);
  if (nodes <= max) return;
  const observed = ctx.observedResource;
  const same = (f: string) => getPath(observed, ['spec', 'forProvider', f]) === (f === 'numNodeGroups' ? shards : replicas)?.value;
  if (observed !== undefined && same('numNodeGroups') && same('replicasPerNodeGroup')) return;
  const path = (shards ?? replicas)!.path;
  ctx.unsafe(path, `${path}: ${(shards?.value as number | undefined) ?? 1} node groups of ${((replicas?.value as number | undefined) ?? 0) + 1} nodes each is ${nodes} nodes, more than the allowed ${max}; choose at most ${max} nodes or get approval`);
}

export const instanceCount = ceilingRule({
  id: 'aws-instance-count',
  title: 'Instance and node counts stay under the ceiling',
  description: `Acts only where \`rules.aws-instance-count.maxInstances\` sets the most instances or nodes one resource may ask for; without it, it does nothing. Refuses, until a person approves, an explicit count above it: an Auto Scaling group's \`minSize\`, \`maxSize\`, \`desiredCapacity\` and \`warmPool.maxGroupPreparedCapacity\`, an EKS NodeGroup's \`scalingConfig.minSize\`, \`maxSize\` and \`desiredSize\`, an ElastiCache Cluster's \`numCacheNodes\`, a ReplicationGroup's \`numCacheClusters\`, \`numNodeGroups\` and \`replicasPerNodeGroup\`, and the nodes a ReplicationGroup in cluster mode adds up to (\`numNodeGroups\` shards of one primary and \`replicasPerNodeGroup\` replicas). Every count is a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  fields: [
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['minSize'] },
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['maxSize'] },
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['desiredCapacity'] },
    { service: 'autoscaling', kind: 'AutoscalingGroup', field: ['warmPool', 'maxGroupPreparedCapacity'] },
    { service: 'eks', kind: 'NodeGroup', field: ['scalingConfig', 'minSize'] },
    { service: 'eks', kind: 'NodeGroup', field: ['scalingConfig', 'maxSize'] },
    { service: 'eks', kind: 'NodeGroup', field: ['scalingConfig', 'desiredSize'] },
    { service: 'elasticache', kind: 'Cluster', field: ['numCacheNodes'] },
    { service: 'elasticache', kind: 'ReplicationGroup', field: ['numCacheClusters'] },
    { service: 'elasticache', kind: 'ReplicationGroup', field: ['numNodeGroups'] },
    { service: 'elasticache', kind: 'ReplicationGroup', field: ['replicasPerNodeGroup'] },
  ],
  param: { name: 'maxInstances', unit: 'instances', description: 'The most instances or nodes one resource may ask for, e.g. 20. Unset: the rule does nothing.' },
  exceeds: (path, value, max) => `${path} is ${value}, more than the allowed ${max} instances; choose at most ${max} or get approval`,
  more: replicationGroupNodes,
}) satisfies Rule;

/** The sizing rules in evaluation order. */
export const SIZING_RULES = [rdsInstanceClass, ec2InstanceType, elasticacheNodeType, storageSize, iops, instanceCount] as const satisfies readonly Rule[];
