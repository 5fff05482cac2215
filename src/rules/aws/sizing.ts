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
import type { Rule } from '../../engine/rule.js';
import { allowListRule, ceilingRule, EACH, GRANDFATHERED } from '../kit/limits.js';

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
  description: `Acts only where \`rules.aws-ec2-instance-type.allowed\` lists the instance types the platform allows (globs, e.g. \`t3.*\`); without it, it does nothing. Refuses, until a person approves, an explicit \`instanceType\` of an EC2 Instance, LaunchTemplate, SpotInstanceRequest or Auto Scaling LaunchConfiguration, or any element of an EKS NodeGroup's \`instanceTypes\`, that no glob matches. Absent fields are not judged (AWS defaults apply). ${GRANDFATHERED}`,
  noun: { one: 'instance type', many: 'instance types' },
  example: 't3.*',
  fields: [
    { service: 'ec2', kind: 'Instance', field: ['instanceType'] },
    { service: 'ec2', kind: 'LaunchTemplate', field: ['instanceType'] },
    { service: 'ec2', kind: 'SpotInstanceRequest', field: ['instanceType'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['instanceType'] },
    { service: 'eks', kind: 'NodeGroup', field: ['instanceTypes', EACH] },
  ],
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
  description: `Acts only where \`rules.aws-storage-size.maxGiB\` sets the largest size the platform allows; without it, it does nothing. Refuses, until a person approves, an explicit size above it: RDS Instance \`allocatedStorage\` and \`maxAllocatedStorage\` (the storage autoscaling ceiling), RDS Cluster \`allocatedStorage\`, EBSVolume \`size\`, EC2 Instance \`rootBlockDevice.volumeSize\` and every \`ebsBlockDevice[*].volumeSize\`, EKS NodeGroup \`diskSize\`, OpenSearch Domain \`ebsOptions.volumeSize\`. Every size is in GiB and a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
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
  ],
  param: { name: 'maxGiB', unit: 'GiB', description: 'The largest storage size allowed, in GiB, e.g. 500. Unset: the rule does nothing.' },
  exceeds: (path, value, max) => `${path} is ${value} GiB, more than the allowed ${max} GiB; choose at most ${max} GiB or get approval`,
}) satisfies Rule;

/** The sizing rules in evaluation order. */
export const SIZING_RULES = [rdsInstanceClass, ec2InstanceType, elasticacheNodeType, storageSize] as const satisfies readonly Rule[];
