/**
 * Issue 13's probes on compute and network, each named after what an agent
 * tried: ways to launch an instance (a launch template it names, launch
 * configurations, Spot requests and fleets, autoscaling groups) and to open
 * a security group (the default group, inline ingress), run through every
 * security group and EC2 rule at once. Each case pins which rules act, with
 * what action, where, and what is injected; the rules' own tests pin their
 * messages.
 */
import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, managed, type Group } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { KubeObject } from '../../engine/types.js';
import { EC2_RULES } from './ec2.js';
import { SECURITY_GROUP_RULES } from './security-group.js';

const RULES = [...SECURITY_GROUP_RULES, ...EC2_RULES];
const m = (service: string, kind: string, forProvider: Record<string, unknown>, version = 'v1beta1', group: Group = 'cluster') => managed(`${awsGroup(service, group)}/${version}`, kind, forProvider);
const named = (obj: KubeObject, name: string, extra: Record<string, unknown> = {}): KubeObject => ({ ...obj, metadata: { name, ...extra } });

type Found = [resource: string, rule: string, action: string, path: string];
type Mutated = [resource: string, rule: string, path: string, value: unknown];

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  findings: Found[];
  mutations: Mutated[];
}

const IMDS_LIST = [{ httpEndpoint: 'enabled', httpTokens: 'required' }];
const IMDS_OBJECT = { httpEndpoint: 'enabled', httpTokens: 'required' };

const cases: Case[] = [
  {
    name: 'an agent launches an Instance from a launch template ID it did not compose, with no subnet: held for the public IP, refused for encryption',
    reason: 'naming a template no longer skips the public-IP check: guardrails cannot see where the template places the instance',
    desired: { i: m('ec2', 'Instance', { ami: 'ami-1', instanceType: 't3.micro', launchTemplate: [{ id: 'lt-0abc' }] }) },
    findings: [
      ['i', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.launchTemplate[0].id'],
      ['i', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.launchTemplate[0].id'],
    ],
    mutations: [
      ['i', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', [{ encrypted: true }]],
      ['i', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST],
    ],
  },
  {
    name: 'an agent names a launch template and sets associatePublicIpAddress: true: held on the flag',
    reason: "the instance's own setting wins over the template's",
    desired: { i: m('ec2', 'Instance', { launchTemplate: [{ id: 'lt-0abc' }], associatePublicIpAddress: true, subnetId: 'subnet-1' }) },
    findings: [
      ['i', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.launchTemplate[0].id'],
      ['i', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.associatePublicIpAddress'],
    ],
    mutations: [
      ['i', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', [{ encrypted: true }]],
      ['i', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST],
    ],
  },
  {
    name: 'an Instance (v1beta2) that names a template by name and a subnet: the subnet decides, false injected',
    reason: 'a subnet named on the instance places it; its own flag overrides the template',
    desired: { i: m('ec2', 'Instance', { subnetId: 'subnet-1', launchTemplate: { name: 'web' } }, 'v1beta2') },
    findings: [['i', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.launchTemplate.name']],
    mutations: [
      ['i', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', { encrypted: true }],
      ['i', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_OBJECT],
      ['i', 'aws-ec2-no-public-ip-default', 'spec.forProvider.associatePublicIpAddress', false],
    ],
  },
  {
    name: 'an Instance that launches from a composed template placing it in a private subnet: passes, the template judged on its own',
    reason: 'a composed, fully managed template is judged as a resource of its own',
    desired: {
      i: m('ec2', 'Instance', { launchTemplate: [{ name: 'web' }] }),
      lt: m('ec2', 'LaunchTemplate', { name: 'web', metadataOptions: [{ httpTokens: 'required', httpEndpoint: 'enabled' }], networkInterfaces: [{ subnetId: 'subnet-1', associatePublicIpAddress: 'false' }] }),
    },
    findings: [],
    mutations: [
      ['i', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', [{ encrypted: true }]],
      ['i', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST],
    ],
  },
  {
    name: 'an agent composes the template observe-only, so it is not judged: the Instance is refused and held',
    reason: 'an observe-only template was not written here: nothing says what it holds',
    desired: {
      i: m('ec2', 'Instance', { launchTemplate: [{ name: 'web' }] }),
      lt: { ...m('ec2', 'LaunchTemplate', { name: 'web' }), spec: { managementPolicies: ['Observe'], forProvider: { name: 'web', region: 'eu-west-1' } } },
    },
    findings: [
      ['i', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.launchTemplate[0].name'],
      ['i', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.launchTemplate[0].name'],
    ],
    mutations: [
      ['i', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', [{ encrypted: true }]],
      ['i', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST],
    ],
  },
  {
    name: 'a bare LaunchTemplate: IMDSv2 injected',
    reason: 'a template is judged as a resource of its own',
    desired: { lt: m('ec2', 'LaunchTemplate', { name: 'x' }) },
    findings: [],
    mutations: [['lt', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST]],
  },
  {
    name: 'an agent writes a LaunchTemplate with optional tokens, a public interface and an unencrypted volume: refused, held',
    reason: 'IMDSv1, "true" on the interface and "false" on the volume are each judged',
    desired: { lt: m('ec2', 'LaunchTemplate', { metadataOptions: [{ httpTokens: 'optional' }], networkInterfaces: [{ associatePublicIpAddress: 'true' }], blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: [{ encrypted: 'false' }] }] }) },
    findings: [
      ['lt', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.blockDeviceMappings[0].ebs[0].encrypted'],
      ['lt', 'aws-ec2-imdsv2', 'Deny', 'spec.forProvider.metadataOptions[0].httpTokens'],
      ['lt', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.networkInterfaces[0].associatePublicIpAddress'],
    ],
    mutations: [['lt', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions[0].httpEndpoint', 'enabled']],
  },
  {
    name: 'an agent writes a LaunchConfiguration with a public IP and an unencrypted root volume: held, refused, IMDSv2 injected',
    reason: 'launch configurations are launchers like templates',
    desired: { lc: m('autoscaling', 'LaunchConfiguration', { imageId: 'ami', instanceType: 't3.micro', associatePublicIpAddress: true, rootBlockDevice: [{ encrypted: false }] }) },
    findings: [
      ['lc', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.rootBlockDevice[0].encrypted'],
      ['lc', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.associatePublicIpAddress'],
    ],
    mutations: [['lc', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST]],
  },
  {
    name: 'an agent requests a Spot instance with no subnet: held (default VPC), encryption and IMDSv2 injected',
    reason: 'a Spot request launches an instance like an Instance',
    desired: { s: m('ec2', 'SpotInstanceRequest', { ami: 'ami', instanceType: 't3.micro' }) },
    findings: [['s', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.subnetId']],
    mutations: [
      ['s', 'aws-ec2-instance-encryption', 'spec.forProvider.rootBlockDevice', [{ encrypted: true }]],
      ['s', 'aws-ec2-imdsv2', 'spec.forProvider.metadataOptions', IMDS_LIST],
    ],
  },
  {
    name: 'an agent launches a Spot Fleet from a launch specification: refused (no IMDSv2 possible), held (no subnet)',
    reason: 'EC2 takes no metadata options in a launch specification',
    desired: { f: m('ec2', 'SpotFleetRequest', { iamFleetRole: 'r', targetCapacity: 1, launchSpecification: [{ ami: 'a', instanceType: 't3.micro' }] }) },
    findings: [
      ['f', 'aws-ec2-imdsv2', 'Deny', 'spec.forProvider.launchSpecification[0]'],
      ['f', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.launchSpecification[0].subnetId'],
    ],
    mutations: [['f', 'aws-ec2-instance-encryption', 'spec.forProvider.launchSpecification[0].rootBlockDevice', [{ encrypted: true }]]],
  },
  {
    name: 'an agent points an autoscaling group at a template it did not compose and names no subnet: refused and held',
    reason: 'the group launches whatever the template says, in the default VPC',
    desired: { g: m('autoscaling', 'AutoscalingGroup', { maxSize: 1, minSize: 1, launchTemplate: [{ id: 'lt-0abc' }] }) },
    findings: [
      ['g', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.launchTemplate[0].id'],
      ['g', 'aws-ec2-imdsv2', 'Deny', 'spec.forProvider.launchTemplate[0].id'],
      ['g', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.launchTemplate[0].id'],
      ['g', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.vpcZoneIdentifier'],
    ],
    mutations: [],
  },
  {
    name: 'an agent hides the template in a v1beta3 group\'s mixedInstancesPolicy: refused and held',
    reason: 'every place a group names a template is read',
    desired: { g: m('autoscaling', 'AutoscalingGroup', { maxSize: 1, minSize: 1, vpcZoneIdentifier: ['subnet-1'], mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateName: 'x' } } } }, 'v1beta3') },
    findings: [
      ['g', 'aws-ec2-instance-encryption', 'Deny', 'spec.forProvider.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateName'],
      ['g', 'aws-ec2-imdsv2', 'Deny', 'spec.forProvider.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateName'],
      ['g', 'aws-ec2-public-ip', 'RequireApproval', 'spec.forProvider.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateName'],
    ],
    mutations: [],
  },
  {
    name: 'an agent opens SSH to the world on the DefaultSecurityGroup: refused',
    reason: "the default group's inline ingress is judged like any rule",
    desired: { d: m('ec2', 'DefaultSecurityGroup', { vpcId: 'v', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] }) },
    findings: [['d', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.forProvider.ingress[0].cidrBlocks']],
    mutations: [],
  },
  {
    name: 'a namespaced DefaultSecurityGroup with HTTPS from ::/0: held',
    reason: 'internet ingress to other ports needs approval, in both groups',
    desired: { d: m('ec2', 'DefaultSecurityGroup', { vpcId: 'v', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, ipv6CidrBlocks: ['::/0'] }] }, 'v1beta1', 'namespaced') },
    findings: [['d', 'aws-ec2-sg-internet-ingress', 'RequireApproval', 'spec.forProvider.ingress[0].ipv6CidrBlocks']],
    mutations: [],
  },
  {
    name: 'an agent splits RDP from the internet over two inline ingress blocks of one SecurityGroup: both refused',
    reason: 'inline blocks of one group are unioned, protocol numbers included',
    desired: { s: m('ec2', 'SecurityGroup', { vpcId: 'v', ingress: [{ protocol: '6', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/1'] }, { protocol: 'tcp', fromPort: 3380, toPort: 3390, cidrBlocks: ['128.0.0.0/1'] }] }) },
    findings: [
      ['s', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.forProvider.ingress[0].cidrBlocks'],
      ['s', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.forProvider.ingress[1].cidrBlocks'],
    ],
    mutations: [],
  },
  {
    name: 'an agent puts all traffic from anywhere in a SecurityGroup\'s initProvider ingress: refused',
    reason: 'initProvider is applied at creation',
    desired: { s: { ...m('ec2', 'SecurityGroup', {}), spec: { forProvider: { vpcId: 'v', region: 'eu-west-1' }, initProvider: { ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }] } } } },
    findings: [['s', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.initProvider.ingress[0].cidrBlocks']],
    mutations: [],
  },
  {
    name: 'an agent splits SSH between an inline block and a SecurityGroupRule on the same group: both refused',
    reason: 'inline ingress and standalone rules of one group are one union',
    desired: {
      s: named(m('ec2', 'SecurityGroup', { vpcId: 'v', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/1'] }] }), 'web'),
      r: m('ec2', 'SecurityGroupRule', { type: 'ingress', securityGroupIdRef: { name: 'web' }, protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['128.0.0.0/1'] }),
    },
    findings: [
      ['r', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.forProvider.cidrBlocks'],
      ['s', 'aws-ec2-sg-open-admin-ports', 'Deny', 'spec.forProvider.ingress[0].cidrBlocks'],
    ],
    mutations: [],
  },
];

describe('issue 13 probes: compute and network', () => {
  it.each(cases)('$name', (c) => {
    const decision = evaluate(engineRequest(c.desired), RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings.map((f): Found => [f.resource, f.rule, f.action, f.path])).toEqual(c.findings);
    expect(decision.mutations.map((x): Mutated => [x.resource, x.rule, x.path, x.value])).toEqual(c.mutations);
  });
});
