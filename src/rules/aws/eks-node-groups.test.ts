import { describe, it } from 'vitest';
import { carried } from '../../../test/builders.js';
import { awsResource, finding, paramPath, runCase, SAME, served, withInit, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import { eksNodeGroupRemoteAccess } from './eks-node-groups.js';

const SHAPES = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const ADVICE =
  'is set and remoteAccess names no source security group, so EKS opens SSH (port 22) on every node to 0.0.0.0/0; name the security groups that may reach the nodes (sourceSecurityGroupIds, sourceSecurityGroupIdRefs or sourceSecurityGroupIdSelector), or drop remoteAccess and use SSM Session Manager';

const cases: Case[] = SHAPES.flatMap((s): Case[] => {
  const group = (fp: Record<string, unknown> = {}) => awsResource('eks', 'NodeGroup', s, { clusterNameRef: { name: 'c' }, nodeRoleArnRef: { name: 'r' }, subnetIdRefs: [{ name: 'a' }], ...fp });
  const remote = (fields: Record<string, unknown>) => ({ remoteAccess: s.blocks === 'array' ? [fields] : fields });
  const key = paramPath(s, 'forProvider', ['remoteAccess', 'ec2SshKey']);
  const rules = [eksNodeGroupRemoteAccess];
  const refused = (path: string) => finding(eksNodeGroupRemoteAccess, 'Deny', path, `${path} ${ADVICE}`);
  return [
    { name: `${s.label}: no remoteAccess: passes`, reason: 'nothing is opened', resource: group(), rules, want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: an agent gives the nodes an SSH key and no source security group: refused`,
      reason: 'EKS opens port 22 to 0.0.0.0/0 (CKV_AWS_100)',
      resource: group(remote({ ec2SshKey: 'ops' })),
      rules,
      want: { desired: SAME, mutations: [], findings: [refused(key)] },
    },
    {
      name: `${s.label}: an SSH key with sourceSecurityGroupIds: passes`,
      reason: 'SSH only from the named groups',
      resource: group(remote({ ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-0bastion'] })),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: an SSH key with sourceSecurityGroupIdRefs: passes`,
      reason: 'a reference names the groups as well as an ID',
      resource: group(remote({ ec2SshKey: 'ops', sourceSecurityGroupIdRefs: [{ name: 'bastion' }] })),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: an agent writes an empty sourceSecurityGroupIds list: refused`,
      reason: 'an empty list names no group',
      resource: group(remote({ ec2SshKey: 'ops', sourceSecurityGroupIds: [] })),
      rules,
      want: { desired: SAME, mutations: [], findings: [refused(key)] },
    },
    {
      name: `${s.label}: an agent puts the key in initProvider: refused`,
      reason: 'initProvider is applied at creation',
      resource: withInit(group(), remote({ ec2SshKey: 'ops' })),
      rules,
      want: { desired: SAME, mutations: [], findings: [refused(paramPath(s, 'initProvider', ['remoteAccess', 'ec2SshKey']))] },
    },
    {
      name: `${s.label}: a key in forProvider and the source groups in initProvider: passes`,
      reason: 'Upjet merges initProvider into the block at creation',
      resource: withInit(group(remote({ ec2SshKey: 'ops' })), remote({ sourceSecurityGroupIds: ['sg-0bastion'] })),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: remoteAccess without a key: passes`,
      reason: 'without a key EKS opens nothing',
      resource: group(remote({ sourceSecurityGroupIds: ['sg-0bastion'] })),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${s.label}: a key of the wrong type: refused as malformed, and judged`,
      reason: 'a value that cannot be read is refused; a key is still a key',
      resource: group(remote({ ec2SshKey: 7 })),
      rules,
      want: { desired: SAME, mutations: [], findings: [finding(eksNodeGroupRemoteAccess, 'Deny', key, `${key} must be a string, got number 7`), refused(key)] },
    },
    {
      name: `${s.label}: carried by an Object: refused inside the manifest`,
      reason: 'what an Object carries is judged as composed',
      resource: carried(group(remote({ ec2SshKey: 'ops' }))),
      rules,
      want: { desired: SAME, mutations: [], findings: [finding(eksNodeGroupRemoteAccess, 'Deny', `spec.forProvider.manifest.${key}`, `${key} ${ADVICE}`)] },
    },
    { name: `${s.label}: observe-only: not judged`, reason: "someone else's node group", resource: withPolicies(group(remote({ ec2SshKey: 'ops' })), ['Observe']), rules, want: { desired: SAME, mutations: [], findings: [] } },
  ];
});

describe('aws-eks-nodegroup-remote-access', () => {
  it.each(cases)('$name', runCase);
});
