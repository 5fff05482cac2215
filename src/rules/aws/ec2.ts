/**
 * EC2: encryption of EBS volumes (standalone, the account default, an
 * instance's block devices), IMDSv2 on instances, and public IP addresses on
 * instances and subnets.
 *
 * LaunchTemplate is not covered: its CRD is not among the generated
 * schemas (src/rules/zz_schemas.ts), so its block shapes are unknown here.
 */
import { formatFieldPath, getPath, isObject, type Segment } from '../../engine/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldKind } from '../../engine/schema.js';
import { describe, explicitParams, inject, observeOnly, PARAM_BLOCKS, readable, requireBoolean, type Explicit } from '../params.js';
import { schemaFor } from '../schemas.js';

const ec2 = (kind: string): KindRef => ({ cloud: 'aws', service: 'ec2', kind });

export const ebsEncryption = defineRule({
  id: 'aws-ebs-encryption',
  title: 'EBS volumes are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `encrypted: true` into EBSVolumes that do not set it; AWS then uses the aws/ebs key unless `kmsKeyId` names one. Refuses an explicit `encrypted: false`.',
  fix: 'injects `encrypted: true`.',
  references: { checkov: ['CKV_AWS_3'], trivy: ['AWS-0026'] },
  kinds: [ec2('EBSVolume')],
  check(ctx) {
    if (observeOnly(ctx.resource)) return;
    requireBoolean(ctx, 'encrypted', true, {
      missing: 'volume encryption was not set',
      unsafe: 'set it to true (or remove it) so the volume and its snapshots are encrypted at rest',
    });
  },
}) satisfies Rule;

export const ebsDefaultEncryption = defineRule({
  id: 'aws-ebs-default-encryption',
  title: 'EBS encryption by default is on',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `enabled: true` into EBSEncryptionByDefault (the per-region account setting that encrypts every new volume, including those an instance creates from its AMI) where it is not set. Refuses an explicit `enabled: false`.',
  fix: 'injects `enabled: true`.',
  references: { checkov: ['CKV_AWS_106'] },
  kinds: [ec2('EBSEncryptionByDefault')],
  check(ctx) {
    if (observeOnly(ctx.resource)) return;
    requireBoolean(ctx, 'enabled', true, {
      missing: 'EBS encryption by default was not set',
      unsafe: 'set it to true (or remove it) so every new EBS volume in the region is encrypted',
    });
  },
}) satisfies Rule;

export const instanceEncryption = defineRule({
  id: 'aws-ec2-instance-encryption',
  title: 'EC2 instance block devices are encrypted',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Injects `rootBlockDevice.encrypted: true` into EC2 Instances that do not set it (Terraform creates an unencrypted root volume otherwise, unless the account encrypts by default), and `encrypted: true` into every `ebsBlockDevice` entry that lacks it, in `forProvider` and `initProvider`. An entry restored from a `snapshotId` is left alone when it does not say: its encryption follows the snapshot's, as Checkov and Terraform treat it. Refuses any explicit `encrypted: false`.",
  fix: 'injects `rootBlockDevice.encrypted: true` and `ebsBlockDevice[*].encrypted: true`.',
  references: { checkov: ['CKV_AWS_8'], trivy: ['AWS-0131'] },
  kinds: [ec2('Instance')],
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    requireBoolean(ctx, ['rootBlockDevice', 'encrypted'], true, {
      missing: 'root volume encryption was not set',
      unsafe: 'set it to true (or remove it) so the root volume is encrypted at rest',
    });
    const shape = schemaFor(ctx);
    const declared = shape === undefined || fieldKind(shape, ['ebsBlockDevice', 'encrypted']) !== undefined;
    for (const block of PARAM_BLOCKS) checkEbsBlockDevices(ctx, ['spec', block, 'ebsBlockDevice'], declared);
  },
}) satisfies Rule;

/** `ebsBlockDevice` repeats, so it is a list in every version: each entry is judged, and injected into, on its own. */
function checkEbsBlockDevices(ctx: RuleContext, at: Segment[], declared: boolean): void {
  const devices = getPath(ctx.resource, at);
  if (devices === undefined || devices === null) return;
  const where = formatFieldPath(at);
  if (!Array.isArray(devices)) {
    ctx.unsafe(where, `${where} must be a list, got ${describe(devices)}`);
    return;
  }
  devices.forEach((device: unknown, i) => {
    const entry = [...at, i];
    if (!isObject(device)) {
      ctx.unsafe(formatFieldPath(entry), `${formatFieldPath(entry)} must be an object, got ${describe(device)}`);
      return;
    }
    const field = [...entry, 'encrypted'];
    const path = formatFieldPath(field);
    const encrypted = device.encrypted;
    if (encrypted === undefined || encrypted === null) {
      if (typeof device.snapshotId === 'string' && device.snapshotId !== '') return; // encrypted like its snapshot
      const name = typeof device.deviceName === 'string' ? `${device.deviceName} ` : '';
      if (declared) ctx.missing(field, true, `encryption of EBS block device ${name}was not set`);
      else ctx.notice(path, `${ctx.type.apiVersion} ${ctx.type.kind} has no field ebsBlockDevice.encrypted; nothing injected`);
    } else if (typeof encrypted !== 'boolean') {
      ctx.unsafe(path, `${path} must be a boolean, got ${describe(encrypted)}`);
    } else if (!encrypted) {
      ctx.unsafe(path, `${path} is false; set it to true (or remove it) so the volume is encrypted at rest`);
    }
  });
}

const IMDS_MISSING = 'IMDSv2 was not required: any process or SSRF on the instance could read its role credentials with a plain GET';

export const imdsv2 = defineRule({
  id: 'aws-ec2-imdsv2',
  title: 'EC2 instances require IMDSv2',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Requires session tokens for the instance metadata service, so a server-side request forgery cannot read the instance role credentials. Injects `metadataOptions.httpTokens: required` where it is not set; where there is no `metadataOptions` block at all, injects `{httpEndpoint: enabled, httpTokens: required}` (enabled is what AWS does anyway; Terraform sends an empty endpoint otherwise, which EC2 rejects). Refuses `httpTokens: optional`. An instance with `httpEndpoint: disabled` has no metadata service and passes. LaunchTemplate is not checked yet.',
  fix: 'injects `metadataOptions.httpTokens: required` (and `httpEndpoint: enabled` with a new block).',
  references: { checkov: ['CKV_AWS_79'], trivy: ['AWS-0028'] },
  kinds: [ec2('Instance')],
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    // Upjet applies forProvider's value (listed first); initProvider's fills in where that is absent or empty.
    const endpoint = explicitParams(ctx.resource, ['metadataOptions', 'httpEndpoint']).find((e) => e.value !== '');
    if (endpoint?.value === 'disabled') return;
    const tokens = explicitParams(ctx.resource, ['metadataOptions', 'httpTokens']);
    if (tokens.length === 0) {
      if (explicitParams(ctx.resource, ['metadataOptions']).length > 0) inject(ctx, ['metadataOptions', 'httpTokens'], 'required', IMDS_MISSING);
      else inject(ctx, ['metadataOptions'], block(ctx, ['metadataOptions'], { httpEndpoint: 'enabled', httpTokens: 'required' }), IMDS_MISSING);
      return;
    }
    for (const { path, value } of tokens) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value !== 'required') {
        ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "required" (or remove it) so only IMDSv2 session tokens can read the instance metadata`);
      }
    }
  },
}) satisfies Rule;

/** `value` as the single nested block at `field`: a one-element list or an object, as this kind's version renders it. */
function block(ctx: RuleContext, field: readonly string[], value: Record<string, unknown>): unknown {
  const shape = schemaFor(ctx);
  const kind = shape === undefined ? undefined : fieldKind(shape, field);
  const list = kind === undefined ? ctx.type.blocks === 'array' : kind === 'blocks';
  return list ? [value] : value;
}

export const instancePublicIp = defineRule({
  id: 'aws-ec2-public-ip',
  title: 'A public IP on an EC2 instance needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval an EC2 Instance that will get a public IP address, reachable from the internet wherever its security groups allow: one that sets `associatePublicIpAddress: true`, and one that names no subnet, network interface or launch template, which launches in the default VPC, whose subnets give every instance a public IP (Terraform applies `associatePublicIpAddress` only together with a subnet, so no value can prevent it there). Where a subnet is named and the flag is absent, `aws-ec2-no-public-ip-default` injects `false`: the two are separate rules because they act differently, and each can be overridden on its own.",
  references: { checkov: ['CKV_AWS_88'], trivy: ['AWS-0009'] },
  kinds: [ec2('Instance')],
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    const explicit = refuseExplicit(
      ctx,
      'associatePublicIpAddress',
      `the instance gets a public IP address; ${APPROVE_PUBLIC_IP}, otherwise remove it and reach the instance through a load balancer, SSM Session Manager or a VPN`,
    );
    if (explicit.some((e) => e.value !== false) || networked(ctx) || inSubnet(ctx) || given(ctx, 'launchTemplate')) return;
    ctx.unsafe(
      'spec.forProvider.subnetId',
      `no subnet, network interface or launch template is named, so the instance launches in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId, subnetIdRef or subnetIdSelector), or ${APPROVE_PUBLIC_IP}`,
    );
  },
}) satisfies Rule;

const APPROVE_PUBLIC_IP = 'approve only if it must be reached directly from the internet';

export const instanceNoPublicIpDefault = defineRule({
  id: 'aws-ec2-no-public-ip-default',
  title: 'EC2 instances are private by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Injects `associatePublicIpAddress: false` into an EC2 Instance that names a subnet (`subnetId`, `subnetIdRef` or `subnetIdSelector`) and does not set it, so the subnet's auto-assign setting cannot make the instance public. An instance with `networkInterface` or `primaryNetworkInterface` gets nothing: the interfaces decide, and Terraform refuses the flag beside them. An explicit `true`, and an instance that would land in the default VPC, are `aws-ec2-public-ip`'s to hold for approval.",
  fix: 'injects `associatePublicIpAddress: false`.',
  references: { checkov: ['CKV_AWS_88'], trivy: ['AWS-0009'] },
  kinds: [ec2('Instance')],
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    if (explicitParams(ctx.resource, ['associatePublicIpAddress']).length > 0 || networked(ctx)) return;
    if (!inSubnet(ctx)) return;
    inject(ctx, ['associatePublicIpAddress'], false, 'public IP assignment was not turned off, so the subnet default decides');
  },
}) satisfies Rule;

/** Does the instance name its subnet (directly, by reference or by selector)? */
function inSubnet(ctx: RuleContext): boolean {
  return ['subnetId', 'subnetIdRef', 'subnetIdSelector'].some((f) => given(ctx, f));
}

/** Does the instance bring its own network interfaces? Then they, not associatePublicIpAddress, decide. */
function networked(ctx: RuleContext): boolean {
  return given(ctx, 'networkInterface') || given(ctx, 'primaryNetworkInterface');
}

export const subnetPublicIp = defineRule({
  id: 'aws-vpc-subnet-public-ip',
  title: 'A subnet that hands out public IPs needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval a Subnet with `mapPublicIpOnLaunch: true`: every instance launched into it gets a public IP unless it says otherwise. Absent is AWS's default, `false`, so nothing is injected.",
  references: { checkov: ['CKV_AWS_130'], trivy: ['AWS-0164'] },
  kinds: [ec2('Subnet')],
  check(ctx) {
    if (observeOnly(ctx.resource) || !readable(ctx)) return;
    refuseExplicit(
      ctx,
      'mapPublicIpOnLaunch',
      'every instance launched into this subnet gets a public IP address; approve only for a public subnet that holds load balancers or NAT gateways, otherwise remove it',
    );
  },
}) satisfies Rule;

/** Reports each explicit `true` of a boolean field, or value that is not a boolean; absence is fine. Returns what it read. */
function refuseExplicit(ctx: RuleContext, field: string, consequence: string): Explicit[] {
  const found = explicitParams(ctx.resource, [field]);
  for (const { path, value } of found) {
    if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
    else if (value) ctx.unsafe(path, `${path} is true: ${consequence}`);
  }
  return found;
}

/** Is the field set to something other than an empty list or string in either parameter block? */
function given(ctx: RuleContext, field: string): boolean {
  return explicitParams(ctx.resource, [field]).some(({ value }) => value !== '' && !(Array.isArray(value) && value.length === 0));
}

/** The EC2 rules in evaluation order. */
export const EC2_RULES = [
  ebsEncryption,
  ebsDefaultEncryption,
  instanceEncryption,
  imdsv2,
  instancePublicIp,
  instanceNoPublicIpDefault,
  subnetPublicIp,
] as const satisfies readonly Rule[];
