import { describe, expect, it } from 'vitest';
import { actions, awsResource, withPolicies, booleanGuard, finding, guardCases, injected, missed, mutation, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { engineRequest } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import { requiredCases } from '../../../test/builders/aws-rows.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  amiCopyEncrypted,
  autoscalingElbHealthCheck,
  autoscalingLaunchTemplate,
  defaultSecurityGroupClosed,
  volumeAttachmentEncrypted,
  defaultVpc,
  detailedMonitoring,
  ebsOptimized,
  imdsHopLimit,
  instanceProfile,
  peeringRouteOpen,
  securityGroupOpenEgress,
  transitGatewayAutoAccept,
  userDataSecrets,
  vpcEndpointServiceAcceptance,
} from './ec2-network.js';

/** Instance, SpotInstanceRequest and LaunchTemplate: v1beta1 and v1beta2 cluster-scoped, v1beta1 namespaced; LaunchConfiguration and the other kinds here: v1beta1 in both groups. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
type Params = Record<string, unknown>;
const build = (service: string, kind: string, base: Params) => (s: Served = SHAPES[1]!, fp: Params = {}): KubeObject => awsResource(service, kind, s, { ...base, ...fp });

const instance = build('ec2', 'Instance', { ami: 'ami-0abc', instanceType: 't3.micro', subnetId: 'subnet-a' });
const template = build('ec2', 'LaunchTemplate', { name: 'lt', imageId: 'ami-0abc' });
const spot = build('ec2', 'SpotInstanceRequest', { ami: 'ami-0abc', instanceType: 't3.micro' });
const configuration = build('autoscaling', 'LaunchConfiguration', { imageId: 'ami-0abc', instanceType: 't3.micro' });

const guards: Case[] = [
  ...guardCases({
    rule: vpcEndpointServiceAcceptance,
    field: ['acceptanceRequired'],
    shapes: V1,
    build: build('ec2', 'VPCEndpointService', { networkLoadBalancerArns: ['arn:nlb'] }),
    ...booleanGuard(true),
    missing: 'manual acceptance was not turned on',
    advice: 'set it to true (or remove it) so each endpoint connection to the service is accepted on purpose',
  }),
  ...guardCases({
    rule: amiCopyEncrypted,
    field: ['encrypted'],
    shapes: V1,
    build: build('ec2', 'AMICopy', { name: 'copy', sourceAmiId: 'ami-0abc', sourceAmiRegion: 'eu-west-1' }),
    ...booleanGuard(true),
    missing: 'encryption of the copy was not set, so the snapshots of an unencrypted source image are copied unencrypted',
    advice: "set it to true (or remove it) so the copied image's snapshots are encrypted at rest",
  }),
  ...defaultCases({
    rule: transitGatewayAutoAccept,
    field: ['autoAcceptSharedAttachments'],
    shapes: V1,
    build: build('ec2', 'TransitGateway', { description: 'hub' }),
    safe: 'disable',
    unsafe: 'enable',
    unsafeText: '"enable"',
    malformed: false,
    malformedText: 'boolean false',
    type: 'a string',
    advice: 'set it to "disable" (or remove it) so each VPC attachment from another account is accepted on purpose',
  }),
  ...[instance, spot, template, configuration].flatMap((b) =>
    defaultCases({
      rule: imdsHopLimit,
      field: ['metadataOptions', 'httpPutResponseHopLimit'],
      shapes: b === configuration ? V1 : SHAPES,
      build: b,
      safe: 1,
      unsafe: 2,
      unsafeText: '2',
      malformed: '1',
      malformedText: 'the string "1"',
      type: 'a number',
      advice: "approve only if containers on the instance must reach the instance role (pods should use EKS Pod Identity or IRSA instead); otherwise set it to 1 (or remove it)",
    }),
  ),
  ...guardCases({
    rule: detailedMonitoring,
    field: ['monitoring'],
    shapes: SHAPES,
    build: instance,
    ...booleanGuard(true),
    missing: 'detailed monitoring was not turned on, so CloudWatch sees the instance only every five minutes',
    advice: 'set it to true so CloudWatch receives the instance metrics every minute',
  }),
  ...guardCases({
    rule: detailedMonitoring,
    field: ['monitoring', 'enabled'],
    shapes: SHAPES,
    build: template,
    ...booleanGuard(true),
    missing: 'detailed monitoring was not turned on, so CloudWatch sees the instance only every five minutes',
    advice: 'set it to true so CloudWatch receives the instance metrics every minute',
  }),
  ...requiredCases({
    rule: ebsOptimized,
    field: ['ebsOptimized'],
    shapes: SHAPES,
    build: instance,
    ...booleanGuard(true),
    missing: 'EBS optimisation was not set',
    advice: 'set it to true (current instance types are EBS-optimized by default at no cost) so volume traffic does not compete with network traffic',
  }),
];

const passes: Case['want'] = { desired: SAME, mutations: [], findings: [] };
const one = (rule: typeof userDataSecrets, action: 'Deny' | 'Warn' | 'RequireApproval', path: string, message: string): Case['want'] => ({ desired: SAME, mutations: [], findings: [finding(rule, action, path, message)] });

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----';
const READ = 'anyone who can describe the instance, and every process on it, can read it; remove it, rotate it, and give the instance a role (or read the secret from Secrets Manager at boot)';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const userData: Case[] = [
  ...SHAPES.flatMap((s): Case[] => [
    {
      name: `user data (${s.label}): an agent puts an access key in an instance's user data: refused`,
      reason: 'user data is readable through the API and the metadata service',
      resource: instance(s, { userData: `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${KEY_ID}\n` }),
      rules: [userDataSecrets],
      want: one(userDataSecrets, 'Deny', 'spec.forProvider.userData', `spec.forProvider.userData holds an AWS access key ID: ${READ}`),
    },
    {
      name: `user data (${s.label}): an agent base64-encodes the secret key in a launch template: refused`,
      reason: "a launch template's user data is base64, and is decoded before it is searched",
      resource: template(s, { userData: b64(`aws_secret_access_key = ${SECRET}\n`) }),
      rules: [userDataSecrets],
      want: one(userDataSecrets, 'Deny', 'spec.forProvider.userData', `spec.forProvider.userData holds an AWS secret access key: ${READ}`),
    },
    {
      name: `user data (${s.label}): an agent hides a private key in initProvider's userDataBase64: refused`,
      reason: 'both parameter blocks and both user data fields are read',
      resource: withInit(instance(s), { userDataBase64: b64(PEM) }),
      rules: [userDataSecrets],
      want: one(userDataSecrets, 'Deny', 'spec.initProvider.userDataBase64', `spec.initProvider.userDataBase64 holds a private key: ${READ}`),
    },
    { name: `user data (${s.label}): a boot script without secrets passes`, reason: 'nothing to find', resource: instance(s, { userData: '#!/bin/sh\nyum install -y nginx\n' }), rules: [userDataSecrets], want: passes },
  ]),
  ...V1.flatMap((s): Case[] => [
    {
      name: `user data (${s.label}): a launch configuration with an access key: refused`,
      reason: 'every kind that launches instances is read',
      resource: configuration(s, { userData: `KEY=${KEY_ID}` }),
      rules: [userDataSecrets],
      want: one(userDataSecrets, 'Deny', 'spec.forProvider.userData', `spec.forProvider.userData holds an AWS access key ID: ${READ}`),
    },
    {
      name: `user data (${s.label}): a Spot request with an access key: refused`,
      reason: 'every kind that launches instances is read',
      resource: spot(s, { userData: `KEY=${KEY_ID}` }),
      rules: [userDataSecrets],
      want: one(userDataSecrets, 'Deny', 'spec.forProvider.userData', `spec.forProvider.userData holds an AWS access key ID: ${READ}`),
    },
  ]),
  { name: 'user data: not a string: refused', reason: 'what cannot be read cannot be judged', resource: instance(SHAPES[1], { userData: { script: 'x' } }), rules: [userDataSecrets], want: one(userDataSecrets, 'Deny', 'spec.forProvider.userData', 'spec.forProvider.userData must be a string, got an object') },
];

const DEFAULT_SG = "adds a rule to the VPC's default security group, which every instance and interface that names no group joins; remove it and put the rule in a group of its own";
const EGRESS = 'every protocol and port to the whole internet: a compromised workload can send data anywhere; list the destinations and ports it needs (or an egress proxy or VPC endpoints)';
const network: Case[] = V1.flatMap((s): Case[] => {
  const sgRule = build('ec2', 'SecurityGroupRule', { securityGroupId: 'sg-0abc', fromPort: 0, toPort: 0 });
  const egressRule = build('ec2', 'SecurityGroupEgressRule', { securityGroupId: 'sg-0abc' });
  const route = build('ec2', 'Route', { routeTableId: 'rtb-0abc' });
  return [
    {
      name: `default SG (${s.label}): an agent adds an ingress rule to the default security group: refused`,
      reason: 'the default group is where everything that names no group lands',
      resource: awsResource('ec2', 'DefaultSecurityGroup', s, { vpcId: 'vpc-0abc', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'] }], egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }] }),
      rules: [defaultSecurityGroupClosed],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(defaultSecurityGroupClosed, 'Deny', 'spec.forProvider.ingress[0]', `spec.forProvider.ingress[0] ${DEFAULT_SG}`), finding(defaultSecurityGroupClosed, 'Deny', 'spec.forProvider.egress[0]', `spec.forProvider.egress[0] ${DEFAULT_SG}`)],
      },
    },
    { name: `default SG (${s.label}): an empty default security group passes`, reason: 'managing it empty removes the default rules', resource: awsResource('ec2', 'DefaultSecurityGroup', s, { vpcId: 'vpc-0abc' }), rules: [defaultSecurityGroupClosed], want: passes },
    { name: `default VPC (${s.label}): held`, reason: 'its subnets give every instance a public IP', resource: awsResource('ec2', 'DefaultVPC', s, {}), rules: [defaultVpc], want: one(defaultVpc, 'RequireApproval', 'spec.forProvider', 'the default VPC is brought under management: its subnets give every instance a public IP address; approve only if it must be kept or recreated, otherwise compose a VPC of its own with private subnets') },
    {
      name: `egress (${s.label}): all protocols to 0.0.0.0/0: warned`,
      reason: 'unrestricted egress',
      resource: sgRule(s, { type: 'egress', protocol: '-1', cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'] }),
      rules: [securityGroupOpenEgress],
      want: one(securityGroupOpenEgress, 'Warn', 'spec.forProvider.cidrBlocks', `spec.forProvider.cidrBlocks includes 0.0.0.0/0: the rule allows ${EGRESS}`),
    },
    {
      name: `egress (${s.label}): an agent writes "all" and ::/0 on an egress rule: warned`,
      reason: 'every spelling of all protocols, and IPv6',
      resource: egressRule(s, { ipProtocol: 'all', cidrIpv6: '::/0' }),
      rules: [securityGroupOpenEgress],
      want: one(securityGroupOpenEgress, 'Warn', 'spec.forProvider.cidrIpv6', `spec.forProvider.cidrIpv6 includes ::/0: the rule allows ${EGRESS}`),
    },
    { name: `egress (${s.label}): HTTPS only to 0.0.0.0/0 passes`, reason: 'Checkov asks only about all protocols', resource: sgRule(s, { type: 'egress', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }), rules: [securityGroupOpenEgress], want: passes },
    { name: `egress (${s.label}): an ingress rule is not egress`, reason: 'ingress is the other security group rules\'', resource: sgRule(s, { type: 'ingress', protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }), rules: [securityGroupOpenEgress], want: passes },
    {
      name: `peering route (${s.label}): an agent sends the default route through a peering connection: refused`,
      reason: 'every destination goes to the peer',
      resource: route(s, { destinationCidrBlock: '0.0.0.0/0', vpcPeeringConnectionIdRef: { name: 'peer' } }),
      rules: [peeringRouteOpen],
      want: one(peeringRouteOpen, 'Deny', 'spec.forProvider.destinationCidrBlock', "spec.forProvider.destinationCidrBlock is 0.0.0.0/0 through a VPC peering connection: every destination is routed to the peer; route only the peer VPC's CIDRs over it"),
    },
    {
      name: `peering route (${s.label}): an inline route table entry with ::/0 through a peering connection: refused`,
      reason: 'inline routes are read like Route resources',
      resource: awsResource('ec2', 'RouteTable', s, { vpcId: 'vpc-0abc', route: [{ ipv6CidrBlock: '::/0', vpcPeeringConnectionId: 'pcx-1' }] }),
      rules: [peeringRouteOpen],
      want: one(peeringRouteOpen, 'Deny', 'spec.forProvider.route[0].ipv6CidrBlock', "spec.forProvider.route[0].ipv6CidrBlock is ::/0 through a VPC peering connection: every destination is routed to the peer; route only the peer VPC's CIDRs over it"),
    },
    { name: `peering route (${s.label}): the peer's own CIDR passes`, reason: 'what peering is for', resource: route(s, { destinationCidrBlock: '10.1.0.0/16', vpcPeeringConnectionId: 'pcx-1' }), rules: [peeringRouteOpen], want: passes },
    { name: `peering route (${s.label}): a default route to a NAT gateway passes`, reason: 'not a peering connection', resource: route(s, { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }), rules: [peeringRouteOpen], want: passes },
    {
      name: `launch template (${s.label}): a group on a launch configuration: warned`,
      reason: 'launch configurations are no longer developed',
      resource: awsResource('autoscaling', 'AutoscalingGroup', s, { maxSize: 2, minSize: 1, launchConfigurationRef: { name: 'lc' } }),
      rules: [autoscalingLaunchTemplate],
      want: one(autoscalingLaunchTemplate, 'Warn', 'spec.forProvider.launchConfigurationRef', 'spec.forProvider.launchConfigurationRef: the group launches from a launch configuration, which AWS no longer develops; launch from a LaunchTemplate instead'),
    },
    { name: `launch template (${s.label}): a group on a launch template passes`, reason: 'compliant', resource: awsResource('autoscaling', 'AutoscalingGroup', s, { maxSize: 2, minSize: 1, launchTemplate: s.blocks === 'array' ? [{ name: 'lt' }] : { name: 'lt' } }), rules: [autoscalingLaunchTemplate], want: passes },
  ];
});

const HEALTH = 'the group sits behind a load balancer but checks only that its instances run (EC2), not that they answer';
const health: Case[] = SHAPES.flatMap((s): Case[] => {
  const group = (fp: Params = {}) => awsResource('autoscaling', 'AutoscalingGroup', s, { maxSize: 2, minSize: 1, ...fp });
  return [
    { name: `ELB health check (${s.label}): a group behind target groups with no type: warned, with the fix`, reason: 'the default EC2 check keeps a dead application in service', resource: group({ targetGroupArns: ['arn:tg'] }), rules: [autoscalingElbHealthCheck], want: { desired: SAME, mutations: [], findings: [missed(autoscalingElbHealthCheck, 'Warn', 'spec.forProvider.healthCheckType', HEALTH, 'ELB')] } },
    {
      name: `ELB health check (${s.label}): under Mutate, ELB injected`,
      reason: 'the safe value exists and is absent',
      resource: group({ loadBalancers: ['web'] }),
      rules: [autoscalingElbHealthCheck],
      input: actions({ [autoscalingElbHealthCheck.id]: 'Mutate' }),
      want: { desired: injected(group({ loadBalancers: ['web'] }), { healthCheckType: 'ELB' }, autoscalingElbHealthCheck.id), mutations: [mutation(autoscalingElbHealthCheck, 'spec.forProvider.healthCheckType', 'ELB')], findings: [] },
    },
    {
      name: `ELB health check (${s.label}): an agent sets EC2 explicitly: warned`,
      reason: 'an explicit unsafe value is reported, never flipped',
      resource: group({ targetGroupArns: ['arn:tg'], healthCheckType: 'EC2' }),
      rules: [autoscalingElbHealthCheck],
      want: { desired: SAME, mutations: [], findings: [finding(autoscalingElbHealthCheck, 'Warn', 'spec.forProvider.healthCheckType', 'spec.forProvider.healthCheckType is "EC2": the group sits behind a load balancer, so an instance that stopped answering stays in service; set it to ELB')] },
    },
    { name: `ELB health check (${s.label}): ELB passes`, reason: 'compliant', resource: group({ targetGroupArns: ['arn:tg'], healthCheckType: 'ELB' }), rules: [autoscalingElbHealthCheck], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `ELB health check (${s.label}): a group behind no load balancer passes`, reason: 'EC2 checks are all it can have', resource: group(), rules: [autoscalingElbHealthCheck], want: { desired: SAME, mutations: [], findings: [] } },
  ];
});

const PROFILE = 'the instance names no instance profile, so software on it that calls AWS needs long-lived access keys; give it an instance profile whose role grants only what it needs';
const profiles: Case[] = SHAPES.flatMap((s): Case[] => [
  { name: `instance profile (${s.label}): none: warned`, reason: 'software would need long-lived keys', resource: instance(s), rules: [instanceProfile], want: one(instanceProfile, 'Warn', 'spec.forProvider.iamInstanceProfile', PROFILE) },
  { name: `instance profile (${s.label}): by reference passes`, reason: 'a reference names one', resource: instance(s, { iamInstanceProfileRef: { name: 'app' } }), rules: [instanceProfile], want: passes },
  { name: `instance profile (${s.label}): in initProvider passes`, reason: 'set at creation', resource: withInit(instance(s), { iamInstanceProfile: 'app' }), rules: [instanceProfile], want: passes },
  { name: `instance profile (${s.label}): an empty name: warned`, reason: 'an empty string names nothing', resource: instance(s, { iamInstanceProfile: '' }), rules: [instanceProfile], want: one(instanceProfile, 'Warn', 'spec.forProvider.iamInstanceProfile', PROFILE) },
]);

describe('EC2 network rows', () => {
  it.each(guards)('$name', (c) => runCase(c));
});
describe('EC2 user data, default VPC and group, egress, peering, instance profiles', () => {
  it.each([...userData, ...network, ...profiles, ...health])('$name', (c) => runCase(c));
  const ATTACH = 'the attached volume is not an EBSVolume of this composition, so whether it is encrypted cannot be seen; compose the volume (encrypted) or confirm the existing one is';
  it.each(
    V1.flatMap((s) => {
      const volume = (extra: Record<string, unknown> = {}) => ({ ...awsResource('ec2', 'EBSVolume', s, { availabilityZone: 'eu-west-1a', size: 10 }), metadata: { name: 'data', labels: { disk: 'data' } }, ...extra });
      const attach = (fp: Params) => awsResource('ec2', 'VolumeAttachment', s, { deviceName: '/dev/sdh', instanceId: 'i-0abc', ...fp });
      return [
        { name: `volume attachment (${s.label}): an agent attaches an existing volume by ID: warned`, desired: { res: attach({ volumeId: 'vol-0abc' }) }, want: [ATTACH] },
        { name: `volume attachment (${s.label}): a composed volume by reference passes`, desired: { res: attach({ volumeIdRef: { name: 'data' } }), volume: volume() }, want: [] },
        { name: `volume attachment (${s.label}): a composed volume by selector passes`, desired: { res: attach({ volumeIdSelector: { matchControllerRef: true, matchLabels: { disk: 'data' } } }), volume: volume() }, want: [] },
        { name: `volume attachment (${s.label}): an agent points at an observe-only volume: warned`, desired: { res: attach({ volumeIdRef: { name: 'data' } }), volume: withPolicies(volume(), ['Observe']) }, want: [ATTACH] },
      ];
    }),
  )('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired), [volumeAttachmentEncrypted]);
    expect(d.findings.filter((f) => f.resource === 'res').map((f) => f.message)).toEqual(want);
  });

  it('a group a composed autoscaling Attachment puts behind a load balancer is judged too', () => {
    const group = { ...awsResource('autoscaling', 'AutoscalingGroup', SHAPES[0]!, { maxSize: 2, minSize: 1 }), metadata: { name: 'web-asg' } };
    const attachment = awsResource('autoscaling', 'Attachment', SHAPES[0]!, { autoscalingGroupNameRef: { name: 'web-asg' }, lbTargetGroupArn: 'arn:tg' });
    const d = evaluate(engineRequest({ res: group, attachment }), [autoscalingElbHealthCheck]);
    expect(d.findings.map((f) => [f.resource, f.action, f.path])).toEqual([['res', 'Warn', 'spec.forProvider.healthCheckType']]);
  });
});
