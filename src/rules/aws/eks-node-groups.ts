/**
 * EKS managed node groups: SSH to the nodes only from named security groups.
 * A node group with `remoteAccess.ec2SshKey` and no source security groups
 * gets a security group rule from EKS that opens port 22 to 0.0.0.0/0 (the
 * EKS API reference, RemoteAccessConfig): the same SSH from the whole
 * internet that aws-ec2-sg-open-admin-ports refuses when written as a rule,
 * so it is refused here too, not held.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

const SOURCES = ['sourceSecurityGroupIds', 'sourceSecurityGroupIdRefs', 'sourceSecurityGroupIdSelector'];

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0);

export const eksNodeGroupRemoteAccess = defineRule({
  id: 'aws-eks-nodegroup-remote-access',
  title: 'EKS node groups allow SSH only from named security groups',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a NodeGroup whose `remoteAccess` names an `ec2SshKey` but no source security group (`sourceSecurityGroupIds`, `sourceSecurityGroupIdRefs` or `sourceSecurityGroupIdSelector`, in either parameter block): EKS then opens port 22 of every node to 0.0.0.0/0. Refused rather than held, as the same SSH from the whole internet is when written as a security group rule. A `remoteAccess` without a key opens nothing and passes. A key or block of the wrong type is refused as malformed.',
  references: { checkov: ['CKV_AWS_100'] },
  kinds: [{ cloud: 'aws', service: 'eks', kind: 'NodeGroup' }],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['remoteAccess'])) {
      const blocks = Array.isArray(value) ? value : [value];
      if (blocks.some((b) => !isObject(b))) ctx.unsafe(path, `${path} must be ${Array.isArray(value) ? 'a list of objects' : 'an object'}, got ${describe(value)}`);
    }
    const keys = explicitParams(ctx.resource, ['remoteAccess', 'ec2SshKey']).filter((e) => present(e.value));
    for (const { path, value } of keys) if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    if (keys.length === 0) return;
    // Upjet merges initProvider's block into forProvider's at creation: a source named in either limits the rule.
    if (SOURCES.some((f) => explicitParams(ctx.resource, ['remoteAccess', f]).some((e) => present(e.value)))) return;
    ctx.unsafe(
      keys[0]!.path,
      `${keys[0]!.path} is set and remoteAccess names no source security group, so EKS opens SSH (port 22) on every node to 0.0.0.0/0; name the security groups that may reach the nodes (sourceSecurityGroupIds, sourceSecurityGroupIdRefs or sourceSecurityGroupIdSelector), or drop remoteAccess and use SSM Session Manager`,
    );
  },
}) satisfies Rule;

/** The EKS node group rules in evaluation order. */
export const EKS_NODE_GROUP_RULES = [eksNodeGroupRemoteAccess] as const satisfies readonly Rule[];
