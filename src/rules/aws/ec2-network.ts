/**
 * EC2 networking and instances, round two: endpoint services and transit
 * gateways that accept nobody unasked, the default VPC and the default
 * security group kept closed, VPC peering routes limited, no open egress left
 * unnoticed, no credentials in user data, the instance metadata service out of
 * containers' reach, and the instance hygiene Checkov asks for (monitoring,
 * EBS optimisation, an instance profile, launch templates).
 */
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { parseCidr } from '../kit/cidr.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, inject } from '../params.js';
import { fullyManaged } from '../kit/managed.js';
import { names } from './edge-relations.js';
import { entries, fieldOf } from './load-balancers.js';

const ec2 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'ec2', kind });
const autoscaling = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'autoscaling', kind });

const INSTANCE = ec2('Instance');
const LAUNCH_TEMPLATE = ec2('LaunchTemplate');
const LAUNCH_CONFIGURATION = autoscaling('LaunchConfiguration');
const SPOT_INSTANCE = ec2('SpotInstanceRequest');


export const [vpcEndpointServiceAcceptance, transitGatewayAutoAccept, amiCopyEncrypted, imdsHopLimit, detailedMonitoring, ebsOptimized] = fieldRules([
  {
    id: 'aws-ec2-endpoint-service-acceptance',
    title: 'VPC endpoint services accept connections by hand',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: ec2('VPCEndpointService'), field: ['acceptanceRequired'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'manual acceptance was not turned on',
    unsafe: 'set it to true (or remove it) so each endpoint connection to the service is accepted on purpose',
    why: 'Without it, any principal `allowedPrincipals` lets in connects an endpoint into the service\'s network load balancer at once, with no one seeing the request.',
    references: { checkov: ['CKV_AWS_123'] },
  },
  {
    id: 'aws-ec2-transit-gateway-auto-accept',
    title: 'Transit gateways do not accept shared attachments automatically',
    severity: 'high',
    defaultAction: 'Deny',
    on: [{ kind: ec2('TransitGateway'), field: ['autoAcceptSharedAttachments'] }],
    type: 'string',
    safe: 'disable',
    providerDefault: 'disable',
    missing: 'automatic acceptance was not set',
    unsafe: 'set it to "disable" (or remove it) so each VPC attachment from another account is accepted on purpose',
    why: 'With `enable`, any account the gateway is shared with attaches its VPCs to the platform\'s network and routes into it, unasked.',
    references: { checkov: ['CKV_AWS_331'] },
  },
  {
    id: 'aws-ec2-ami-copy-encrypted',
    title: 'AMI copies are encrypted',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [{ kind: ec2('AMICopy'), field: ['encrypted'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'encryption of the copy was not set, so the snapshots of an unencrypted source image are copied unencrypted',
    unsafe: 'set it to true (or remove it) so the copied image\'s snapshots are encrypted at rest',
    why: 'AWS then uses the aws/ebs key unless `kmsKeyId` names one. Every instance launched from the copy starts from its snapshots.',
    references: { checkov: ['CKV_AWS_235'] },
  },
  {
    id: 'aws-ec2-imds-hop-limit',
    title: 'Instance metadata stays out of containers\' reach',
    severity: 'medium',
    defaultAction: 'RequireApproval',
    on: [
      { kind: INSTANCE, field: ['metadataOptions', 'httpPutResponseHopLimit'] },
      { kind: SPOT_INSTANCE, field: ['metadataOptions', 'httpPutResponseHopLimit'] },
      { kind: LAUNCH_TEMPLATE, field: ['metadataOptions', 'httpPutResponseHopLimit'] },
      { kind: LAUNCH_CONFIGURATION, field: ['metadataOptions', 'httpPutResponseHopLimit'] },
    ],
    type: 'number',
    safe: { test: (v) => v === 1, words: '`1`' },
    providerDefault: 1,
    missing: 'the metadata hop limit was not set',
    unsafe: 'approve only if containers on the instance must reach the instance role (pods should use EKS Pod Identity or IRSA instead); otherwise set it to 1 (or remove it)',
    why: 'A hop limit above 1 lets the IMDSv2 token reach containers on the instance, and with it the instance role\'s credentials. Held rather than refused: some container hosts rely on it on purpose.',
    references: { checkov: ['CKV_AWS_341'] },
  },
  {
    id: 'aws-ec2-detailed-monitoring',
    title: 'EC2 instances have detailed monitoring',
    severity: 'low',
    defaultAction: 'Warn',
    on: [
      { kind: INSTANCE, field: ['monitoring'] },
      { kind: LAUNCH_TEMPLATE, field: ['monitoring', 'enabled'] },
    ],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'detailed monitoring was not turned on, so CloudWatch sees the instance only every five minutes',
    unsafe: 'set it to true so CloudWatch receives the instance metrics every minute',
    why: 'Warn by default: detailed monitoring is billed per instance, so starting that spend is the platform\'s call; under `Mutate` it is injected.',
    references: { checkov: ['CKV_AWS_126'] },
  },
  {
    id: 'aws-ec2-ebs-optimized',
    title: 'EC2 instances are EBS-optimized',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: INSTANCE, field: ['ebsOptimized'] }],
    type: 'boolean',
    safe: true,
    missing: 'EBS optimisation was not set',
    unsafe: 'set it to true (current instance types are EBS-optimized by default at no cost) so volume traffic does not compete with network traffic',
    why: 'A warning, not an injection: on the few older types that are not EBS-optimized by default, asking for it costs extra or is refused.',
    references: { checkov: ['CKV_AWS_135'] },
  },
]) as [Rule, Rule, Rule, Rule, Rule, Rule];

export const defaultVpc = defineRule({
  id: 'aws-ec2-default-vpc',
  title: 'Managing the default VPC needs approval',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval every `DefaultVPC`: it brings the account\'s default VPC under management (and recreates it where it was deleted), whose subnets give every instance a public IP address and whose default security group lets its members talk to each other. Workloads belong in a VPC of their own, with private subnets; a person confirms that the default one is wanted.',
  references: { checkov: ['CKV_AWS_148'], trivy: ['AWS-0101'] },
  kinds: [ec2('DefaultVPC')],
  check(ctx) {
    ctx.unsafe('spec.forProvider', 'the default VPC is brought under management: its subnets give every instance a public IP address; approve only if it must be kept or recreated, otherwise compose a VPC of its own with private subnets');
  },
}) satisfies Rule;

export const defaultSecurityGroupClosed = defineRule({
  id: 'aws-ec2-default-security-group-closed',
  title: 'The default security group allows no traffic',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    'Refuses a `DefaultSecurityGroup` with any `ingress` or `egress` entry: the default group is where an instance or interface lands when no group is named, so a rule there opens whatever forgot to name one. An empty DefaultSecurityGroup removes AWS\'s default rules (members talk to each other, all egress), which is the point of managing it. Open ports in the entries are also judged by the security group rules.',
  references: { checkov: ['CKV2_AWS_12'], trivy: ['AWS-0173'] },
  kinds: [ec2('DefaultSecurityGroup')],
  check(ctx) {
    for (const field of ['ingress', 'egress']) {
      for (const e of entries(ctx, [field])) {
        ctx.unsafe(e.path, `${e.path} adds a rule to the VPC's default security group, which every instance and interface that names no group joins; remove it and put the rule in a group of its own`);
      }
    }
  },
}) satisfies Rule;

const WORLD_EGRESS = 'every protocol and port to the whole internet: a compromised workload can send data anywhere; list the destinations and ports it needs (or an egress proxy or VPC endpoints)';

/** Is a CIDR (in any notation the providers take) the whole IPv4 or IPv6 space? */
const everywhere = (v: unknown) => {
  if (typeof v !== 'string') return false;
  const parsed = parseCidr(v);
  return parsed.ok && parsed.cidr.prefix === 0;
};

/** Protocol "all": `-1` (as a string or a number) or `all`. */
const allProtocols = (v: unknown) => v === '-1' || v === -1 || (typeof v === 'string' && v.toLowerCase() === 'all');

export const securityGroupOpenEgress = defineRule({
  id: 'aws-ec2-sg-open-egress',
  title: 'No security group egress to everywhere on every port',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about egress of every protocol (`-1`) to `0.0.0.0/0` or `::/0`: a `SecurityGroupRule` of `type: egress` (`cidrBlocks`, `ipv6CidrBlocks`) and a `SecurityGroupEgressRule` (`cidrIpv4`, `cidrIpv6`). A warning, since it is AWS\'s own default for a new group and most workloads start with it; where exfiltration matters, set the rule to `Deny`. (The Upbound `SecurityGroup` has no inline egress field; a `DefaultSecurityGroup` with rules is refused by `aws-ec2-default-security-group-closed`.)',
  references: { checkov: ['CKV_AWS_382'], trivy: ['AWS-0104'] },
  kinds: [ec2('SecurityGroupRule'), ec2('SecurityGroupEgressRule')],
  check(ctx) {
    const rule = ctx.type.kind === 'SecurityGroupRule';
    if (rule && !explicitParams(ctx.resource, ['type']).some((e) => e.value === 'egress')) return;
    if (!explicitParams(ctx.resource, [rule ? 'protocol' : 'ipProtocol']).some((e) => allProtocols(e.value))) return;
    const fields = rule ? ['cidrBlocks', 'ipv6CidrBlocks'] : ['cidrIpv4', 'cidrIpv6'];
    for (const f of fields) {
      for (const e of explicitParams(ctx.resource, [f])) {
        const values = Array.isArray(e.value) ? e.value : [e.value];
        const open = values.find(everywhere);
        if (open !== undefined) ctx.unsafe(e.path, `${e.path} includes ${String(open)}: the rule allows ${WORLD_EGRESS}`);
      }
    }
  },
}) satisfies Rule;

/** Every place a route names its destination and VPC peering connection, as provider-upjet-aws names them. */
const PEERING = ['vpcPeeringConnectionId', 'vpcPeeringConnectionIdRef', 'vpcPeeringConnectionIdSelector'];

export const peeringRouteOpen = defineRule({
  id: 'aws-ec2-peering-route-open',
  title: 'VPC peering routes name the peer\'s networks',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    'Refuses a `Route` (`destinationCidrBlock`, `destinationIpv6CidrBlock`) or a `RouteTable` `route[]` entry (`cidrBlock`, `ipv6CidrBlock`) that sends `0.0.0.0/0` or `::/0` through a VPC peering connection: every destination, the internet included, is then routed to the peer, and the subnets can reach everything the peer routes to. Route only the peer VPC\'s own CIDRs over a peering connection.',
  references: { checkov: ['CKV2_AWS_44'] },
  kinds: [ec2('Route'), ec2('RouteTable')],
  check(ctx) {
    const routes: { path: string; value: unknown; cidrs: readonly string[] }[] =
      ctx.type.kind === 'Route'
        ? explicitParams(ctx.resource, []).map((e) => ({ ...e, cidrs: ['destinationCidrBlock', 'destinationIpv6CidrBlock'] }))
        : entries(ctx, ['route']).map((e) => ({ ...e, cidrs: ['cidrBlock', 'ipv6CidrBlock'] }));
    for (const r of routes) {
      if (!PEERING.some((f) => { const v = fieldOf(r.value, f); return v !== undefined && v !== null && v !== ''; })) continue;
      const open = r.cidrs.map((c) => [c, fieldOf(r.value, c)] as const).find(([, v]) => everywhere(v));
      if (open !== undefined) ctx.unsafe(`${r.path}.${open[0]}`, `${r.path}.${open[0]} is ${String(open[1])} through a VPC peering connection: every destination is routed to the peer; route only the peer VPC's CIDRs over it`);
    }
  },
}) satisfies Rule;

export const instanceProfile = defineRule({
  id: 'aws-ec2-instance-profile',
  title: 'EC2 instances run with an IAM role',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about an `Instance` that names no instance profile (`iamInstanceProfile`, or a reference or selector to one): software on it that calls AWS then needs long-lived access keys, on disk or in user data, instead of the role\'s short-lived credentials. A warning: the role, and what it may do, are the author\'s to define.',
  references: { checkov: ['CKV2_AWS_41'] },
  kinds: [INSTANCE],
  check(ctx) {
    const named = ['iamInstanceProfile', 'iamInstanceProfileRef', 'iamInstanceProfileSelector'].some((f) => explicitParams(ctx.resource, [f]).some((e) => e.value !== ''));
    if (!named) ctx.unsafe('spec.forProvider.iamInstanceProfile', 'the instance names no instance profile, so software on it that calls AWS needs long-lived access keys; give it an instance profile whose role grants only what it needs');
  },
}) satisfies Rule;

/** Secrets that must never sit in user data, which anyone who can describe the instance (or reach its metadata) reads. */
const SECRETS: readonly { what: string; test: RegExp }[] = [
  { what: 'an AWS access key ID', test: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { what: 'an AWS secret access key', test: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}\b/i },
  { what: 'a private key', test: /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/ },
];

/** The user data fields of each kind, and whether each holds base64. */
const USER_DATA: Readonly<Record<string, readonly { field: string; base64: boolean }[]>> = {
  Instance: [{ field: 'userData', base64: false }, { field: 'userDataBase64', base64: true }],
  SpotInstanceRequest: [{ field: 'userData', base64: false }, { field: 'userDataBase64', base64: true }],
  LaunchTemplate: [{ field: 'userData', base64: true }],
  LaunchConfiguration: [{ field: 'userData', base64: false }, { field: 'userDataBase64', base64: true }],
};

/** The text to search: the value itself, and its base64 decoding where it decodes to text. */
function texts(value: string, base64: boolean): string[] {
  if (!base64 || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return [value];
  return [value, Buffer.from(value, 'base64').toString('utf8')];
}

export const userDataSecrets = defineRule({
  id: 'aws-ec2-user-data-secrets',
  title: 'No credentials in EC2 user data',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an `Instance`, `SpotInstanceRequest`, `LaunchTemplate` or autoscaling `LaunchConfiguration` whose user data (`userData`, `userDataBase64`; a launch template\'s is base64 and is decoded) holds an AWS access key ID, an AWS secret access key assignment or a private key: user data is readable by anyone who may describe the instance and by every process on it through the metadata service, and is kept in the launch template\'s versions. Compressed user data cannot be read and is not judged.',
  references: { checkov: ['CKV_AWS_46'], trivy: ['AWS-0029', 'AWS-0129'] },
  kinds: [INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  check(ctx: RuleContext) {
    for (const { field, base64 } of USER_DATA[ctx.type.kind] ?? []) {
      for (const e of explicitParams(ctx.resource, [field])) {
        if (typeof e.value !== 'string') {
          ctx.unsafe(e.path, `${e.path} must be a string, got ${describe(e.value)}`);
          continue;
        }
        const found = SECRETS.filter((s) => texts(e.value as string, base64).some((t) => s.test.test(t)));
        if (found.length > 0) {
          ctx.unsafe(e.path, `${e.path} holds ${found.map((s) => s.what).join(' and ')}: anyone who can describe the instance, and every process on it, can read it; remove it, rotate it, and give the instance a role (or read the secret from Secrets Manager at boot)`);
        }
      }
    }
  },
}) satisfies Rule;

export const autoscalingLaunchTemplate = defineRule({
  id: 'aws-autoscaling-launch-template',
  title: 'Autoscaling groups launch from launch templates',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Warns about an autoscaling `AutoscalingGroup` that launches from a launch configuration (`launchConfiguration`, or a reference or selector to one): AWS no longer adds features to launch configurations (no new instance types since 2023) and recommends launch templates, which also version the settings guardrails judge (IMDSv2, encryption, public IP).',
  references: { checkov: ['CKV_AWS_315'] },
  kinds: [autoscaling('AutoscalingGroup')],
  check(ctx) {
    const found = ['launchConfiguration', 'launchConfigurationRef', 'launchConfigurationSelector'].flatMap((f) => explicitParams(ctx.resource, [f]));
    if (found.length > 0) ctx.unsafe(found[0]!.path, `${found[0]!.path}: the group launches from a launch configuration, which AWS no longer develops; launch from a LaunchTemplate instead`);
  },
}) satisfies Rule;

export const volumeAttachmentEncrypted = defineRule({
  id: 'aws-ec2-volume-attachment-encrypted',
  title: 'Attached volumes are ones guardrails can see encrypted',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Warns about a `VolumeAttachment` whose volume is not a fully managed `EBSVolume` of the composition (named by `volumeIdRef` to its name, or a `volumeIdSelector` on its labels): a volume ID names an existing volume, whose encryption guardrails cannot see, attached to an instance. A composed volume is judged by `aws-ebs-encryption` (encrypted is injected, false refused). A warning: attaching an existing volume is often deliberate, and an account with EBS encryption by default encrypts every new one.',
  references: { checkov: ['CKV2_AWS_2'] },
  kinds: [ec2('VolumeAttachment')],
  check(ctx) {
    const composed = ctx.index.byRef('aws/ec2/EBSVolume').some((v) => fullyManaged(v.object) && names(ctx.resource, 'volumeId', v.object));
    if (!composed) {
      ctx.unsafe('spec.forProvider', 'the attached volume is not an EBSVolume of this composition, so whether it is encrypted cannot be seen; compose the volume (encrypted) or confirm the existing one is');
    }
  },
}) satisfies Rule;

/** The fields through which a group names load balancers or target groups itself. */
const GROUP_BALANCERS = ['loadBalancers', 'targetGroupArns', 'targetGroupArnsRefs', 'targetGroupArnsSelector', 'trafficSource'];

export const autoscalingElbHealthCheck = defineRule({
  id: 'aws-autoscaling-elb-health-check',
  title: 'Autoscaling groups behind a load balancer use its health checks',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'An `AutoscalingGroup` that sits behind a load balancer (it names `loadBalancers`, `targetGroupArns` or a `trafficSource`, or a composed autoscaling `Attachment` names it) must take `healthCheckType: ELB`: with the default `EC2`, an instance whose application stopped answering stays in service while the load balancer sends it nothing, and is never replaced. Warn by default (the grace period must suit the application); under `Mutate` an absent type is injected as `ELB`. An explicit `EC2` is reported.',
  fix: 'under `Mutate`, injects `healthCheckType: ELB`.',
  references: { checkov: ['CKV2_AWS_15'] },
  kinds: [autoscaling('AutoscalingGroup')],
  check(ctx) {
    const own = GROUP_BALANCERS.some((f) => explicitParams(ctx.resource, [f]).some((e) => !(Array.isArray(e.value) && e.value.length === 0)));
    const attached = own || ctx.index.byRef('aws/autoscaling/Attachment').some((a) => names(a.object, 'autoscalingGroupName', ctx.resource));
    if (!attached) return;
    const types = explicitParams(ctx.resource, ['healthCheckType']);
    if (types.length === 0) {
      inject(ctx, ['healthCheckType'], 'ELB', 'the group sits behind a load balancer but checks only that its instances run (EC2), not that they answer');
      return;
    }
    for (const t of types) {
      if (t.value !== 'ELB') ctx.unsafe(t.path, `${t.path} is ${typeof t.value === 'string' ? JSON.stringify(t.value) : describe(t.value)}: the group sits behind a load balancer, so an instance that stopped answering stays in service; set it to ELB`);
    }
  },
}) satisfies Rule;

/** The EC2 network and instance rules of this module, in evaluation order. */
export const EC2_NETWORK_RULES = [
  userDataSecrets,
  transitGatewayAutoAccept,
  vpcEndpointServiceAcceptance,
  amiCopyEncrypted,
  defaultSecurityGroupClosed,
  peeringRouteOpen,
  defaultVpc,
  imdsHopLimit,
  securityGroupOpenEgress,
  instanceProfile,
  detailedMonitoring,
  ebsOptimized,
  autoscalingLaunchTemplate,
  autoscalingElbHealthCheck,
  volumeAttachmentEncrypted,
] as const satisfies readonly Rule[];
