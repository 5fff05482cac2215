/**
 * EC2: encryption of EBS volumes (standalone, the account default), and every
 * way to launch an instance judged alike for encrypted block devices, IMDSv2
 * and public IP addresses: Instances, Spot instance requests, Spot Fleet
 * requests, launch templates, and autoscaling launch configurations and
 * groups; and subnets that hand out public IPs.
 *
 * A launcher that names a launch template (or configuration) is still judged
 * on what it sets itself. What only the template decides is judged on the
 * template when it is composed here (launch-sources.ts says when a name can
 * only mean a composed one); when it is not, guardrails cannot see it, and
 * the launcher is refused or held, as each rule's description says.
 */
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import type { IndexedTarget } from '../../engine/desired-index.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldKind } from '../../engine/schema.js';
import { describe, explicitParams, inject, PARAM_BLOCKS, requireBoolean, type Explicit } from '../params.js';
import { schemaFor } from '../schemas.js';
import { CREATE_SUCCEEDED, launchSources, type LaunchSource } from './launch-sources.js';

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
    requireBoolean(ctx, 'enabled', true, {
      missing: 'EBS encryption by default was not set',
      unsafe: 'set it to true (or remove it) so every new EBS volume in the region is encrypted',
    });
  },
}) satisfies Rule;

const autoscaling = (kind: string): KindRef => ({ cloud: 'aws', service: 'autoscaling', kind });

/** Every kind that launches instances or says how they launch, as provider-upjet-aws names them. */
const INSTANCE = ec2('Instance');
const SPOT_INSTANCE = ec2('SpotInstanceRequest');
const LAUNCH_TEMPLATE = ec2('LaunchTemplate');
const SPOT_FLEET = ec2('SpotFleetRequest');
const LAUNCH_CONFIGURATION = autoscaling('LaunchConfiguration');
const GROUP = autoscaling('AutoscalingGroup');

const ROOT_MISSING = 'root volume encryption was not set';

export const instanceEncryption = defineRule({
  id: 'aws-ec2-instance-encryption',
  title: 'EC2 instance block devices are encrypted',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Every block device an instance is launched with is encrypted at rest. Instances, Spot instance requests and autoscaling LaunchConfigurations: injects `rootBlockDevice.encrypted: true` where it is not set (Terraform creates an unencrypted root volume otherwise, unless the account encrypts by default), and `encrypted: true` into every `ebsBlockDevice` entry that lacks it, in `forProvider` and `initProvider`. LaunchTemplates: injects `encrypted: "true"` (the provider types it as a string) into the `ebs` block of every `blockDeviceMappings` entry that lacks it. Spot Fleet requests: the same for the `rootBlockDevice` (injected where absent) and `ebsBlockDevice` entries of every `launchSpecification`. An entry restored from a `snapshotId` is left alone when it does not say: its encryption follows the snapshot\'s, as Checkov and Terraform treat it; so are the AMI\'s own volumes that a launch template does not map (`aws-ebs-default-encryption` covers those), and a `noDevice` entry, which creates no volume. Refuses any explicit `false` (`"false"`, or an empty string, on a template). An Instance, Spot request, Spot Fleet or autoscaling group that launches from a launch template or configuration not composed here (an ID or name no composed one has in the same account and region, a reference to no composed object, a selector without `matchControllerRef`, or one Crossplane does not fully manage or did not create itself, such as an adopted template) is refused: guardrails cannot see whether its volumes are encrypted; a composed one is judged as a resource of its own.',
  fix: 'injects `rootBlockDevice.encrypted: true` and `ebsBlockDevice[*].encrypted: true` (`blockDeviceMappings[*].ebs.encrypted: "true"` on a launch template).',
  references: { checkov: ['CKV_AWS_8'], trivy: ['AWS-0131'] },
  kinds: [INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, SPOT_FLEET, LAUNCH_CONFIGURATION, GROUP],
  check(ctx) {
    forgedCreation(ctx);
    if (ctx.type.kind === 'LaunchTemplate') {
      for (const block of PARAM_BLOCKS) {
        eachEntry(ctx, ['spec', block, 'blockDeviceMappings'], (mapping, at) =>
          eachBlock(ctx, mapping, at, 'ebs', (ebs, here) => checkVolume(ctx, ebs, here, ['blockDeviceMappings', 'ebs'], 'string', deviceMissing(mapping))),
        );
      }
    } else if (ctx.type.kind === 'SpotFleetRequest') {
      for (const block of PARAM_BLOCKS) eachEntry(ctx, ['spec', block, 'launchSpecification'], (spec, at) => checkFleetVolumes(ctx, spec, at));
    } else if (ctx.type.kind !== 'AutoscalingGroup') {
      requireBoolean(ctx, ['rootBlockDevice', 'encrypted'], true, {
        missing: ROOT_MISSING,
        unsafe: 'set it to true (or remove it) so the root volume is encrypted at rest',
      });
      for (const block of PARAM_BLOCKS) {
        eachEntry(ctx, ['spec', block, 'ebsBlockDevice'], (device, at) => checkVolume(ctx, device, at, ['ebsBlockDevice'], 'boolean', deviceMissing(device)));
      }
    }
    unseenSources(ctx, 'whether the volumes it defines are encrypted at rest', WAIVE);
  },
}) satisfies Rule;

const WAIVE = 'compose it in this composition, where it is judged, or waive this rule for the resource with an exception';

/** The root and EBS devices of one Spot Fleet launch specification: lists in every version (Terraform sets). */
function checkFleetVolumes(ctx: RuleContext, spec: Record<string, unknown>, at: Segment[]): void {
  const rootAt = [...at, 'rootBlockDevice'];
  const root = spec.rootBlockDevice;
  if (root === undefined || root === null) {
    const shape = schemaFor(ctx);
    const single = shape !== undefined && fieldKind(shape, ['launchSpecification', 'rootBlockDevice']) === 'block';
    if (flagOf(ctx, ['launchSpecification', 'rootBlockDevice', 'encrypted'], 'boolean') === undefined) notAField(ctx, formatFieldPath(rootAt), 'launchSpecification.rootBlockDevice.encrypted');
    else ctx.missing(rootAt, single ? { encrypted: true } : [{ encrypted: true }], ROOT_MISSING);
  } else if (Array.isArray(root) && root.length === 0) {
    const where = formatFieldPath(rootAt);
    ctx.unsafe(where, `${where} is an empty list, so the root volume keeps the AMI's encryption; remove it, or give it encrypted: true`);
  } else {
    eachBlock(ctx, spec, at, 'rootBlockDevice', (volume, here) => checkVolume(ctx, volume, here, ['launchSpecification', 'rootBlockDevice'], 'boolean', ROOT_MISSING));
  }
  eachEntry(ctx, [...at, 'ebsBlockDevice'], (device, here) => checkVolume(ctx, device, here, ['launchSpecification', 'ebsBlockDevice'], 'boolean', deviceMissing(device)));
}

/** `encryption of EBS block device /dev/sdf was not set`. */
function deviceMissing(device: Record<string, unknown>): string {
  return `encryption of EBS block device ${typeof device.deviceName === 'string' && device.deviceName !== '' ? `${device.deviceName} ` : ''}was not set`;
}

/**
 * How a kind types an on/off field: a boolean, or a Terraform nullable
 * boolean (launch templates), a string where "" means unset.
 */
type FlagType = 'boolean' | 'string';

/** The type this kind's version gives `field`; undefined where its schema lacks the field, `fallback` where there is no schema. */
function flagOf(ctx: RuleContext, field: readonly string[], fallback: FlagType): FlagType | undefined {
  const shape = schemaFor(ctx);
  if (shape === undefined) return fallback;
  const kind = fieldKind(shape, field);
  return kind === undefined ? undefined : kind === 'string' ? 'string' : kind === 'boolean' ? 'boolean' : fallback;
}

/** strconv.ParseBool's spellings, which the provider's nullable booleans accept (its newest releases only "true" and "false"). */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A flag as the provider reads it: true, false, '' (a nullable boolean left unset), or undefined when it cannot be read. */
function readFlag(value: unknown, type: FlagType): boolean | '' | undefined {
  if (type === 'boolean') return typeof value === 'boolean' ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return value === '' ? '' : TRUE_WORDS.has(value) ? true : FALSE_WORDS.has(value) ? false : undefined;
}

const flagValue = (v: boolean, type: FlagType) => (type === 'string' ? String(v) : v);
const flagText = (v: boolean, type: FlagType) => (type === 'string' ? `"${String(v)}"` : String(v));
const notBoolean = (path: string, value: unknown, type: FlagType) => `${path} must be ${type === 'string' ? '"true" or "false"' : 'a boolean'}, got ${describe(value)}`;

/**
 * Judges `encrypted` on one volume, the block at `block` in the kind's
 * schema: absent is injected (unless the volume comes from a snapshot, or
 * is suppressed), anything but true refused. A snapshot or suppression
 * counts only where the schema has the field: the API server drops a field
 * its CRD lacks, and with it the reason to leave the volume alone.
 */
function checkVolume(ctx: RuleContext, volume: Record<string, unknown>, at: Segment[], block: readonly string[], fallback: FlagType, missing: string): void {
  const field = [...at, 'encrypted'];
  const path = formatFieldPath(field);
  const type = flagOf(ctx, [...block, 'encrypted'], fallback);
  const value = volume.encrypted;
  if (value === undefined || value === null) {
    if (declares(ctx, [...block, 'snapshotId']) && typeof volume.snapshotId === 'string' && volume.snapshotId !== '') return; // encrypted like its snapshot
    if (declares(ctx, [...block, 'noDevice']) && volume.noDevice === true) return; // suppressed: no volume is created
    if (type === undefined) notAField(ctx, path, [...block, 'encrypted'].join('.'));
    else ctx.missing(field, flagValue(true, type), missing);
    return;
  }
  const flag = readFlag(value, type ?? 'boolean');
  if (flag === undefined) ctx.unsafe(path, notBoolean(path, value, type ?? 'boolean'));
  else if (flag !== true) ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to ${flagText(true, type ?? 'boolean')} (or remove it) so the volume is encrypted at rest`);
}

/** Does this kind's version have the field (or is there no schema to say otherwise)? */
function declares(ctx: RuleContext, field: readonly string[]): boolean {
  const shape = schemaFor(ctx);
  return shape === undefined || fieldKind(shape, field) !== undefined;
}

function notAField(ctx: RuleContext, path: string, field: string): void {
  ctx.notice(path, `${ctx.type.apiVersion} ${ctx.type.kind} has no field ${field}; nothing injected`);
}

/** Each entry of the list at `at` (a repeatable block is a list in every version), each an object; anything else is refused. */
function eachEntry(ctx: RuleContext, at: Segment[], fn: (entry: Record<string, unknown>, at: Segment[]) => void): void {
  const list = getPath(ctx.resource, at);
  if (list === undefined || list === null) return;
  const where = formatFieldPath(at);
  if (!Array.isArray(list)) {
    ctx.unsafe(where, `${where} must be a list, got ${describe(list)}`);
    return;
  }
  list.forEach((entry: unknown, i) => {
    const here = [...at, i];
    if (isObject(entry)) fn(entry, here);
    else ctx.unsafe(formatFieldPath(here), `${formatFieldPath(here)} must be an object, got ${describe(entry)}`);
  });
}

/** The single nested block `field` of `parent` at `at`: an object, or each element of the list a v1beta1 version renders it as. */
function eachBlock(ctx: RuleContext, parent: Record<string, unknown>, at: Segment[], field: string, fn: (block: Record<string, unknown>, at: Segment[]) => void): void {
  const value = parent[field];
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) eachEntry(ctx, [...at, field], fn);
  else if (isObject(value)) fn(value, [...at, field]);
  else ctx.unsafe(formatFieldPath([...at, field]), `${formatFieldPath([...at, field])} must be an object, got ${describe(value)}`);
}

/**
 * Refuses (with the rule's action) every launch template or configuration the
 * launcher names that is not composed here, and every place where one should
 * be named that cannot be read: guardrails cannot see `what`.
 */
function unseenSources(ctx: RuleContext, what: string, remedy: string): LaunchSource[] {
  const { sources, problems } = launchSources(ctx);
  for (const p of problems) ctx.unsafe(p.path, p.message);
  for (const s of sources) if (s.composed === undefined) ctx.unsafe(s.path, unseen(s, what, remedy));
  return sources;
}

/**
 * A launch template or configuration must not carry Crossplane's mark that it
 * created the resource: launchers trust that mark to mean the resource was
 * created here, not adopted with settings nobody judged (launch-sources.ts).
 */
function forgedCreation(ctx: RuleContext): void {
  if (ctx.type.kind !== 'LaunchTemplate' && ctx.type.kind !== 'LaunchConfiguration') return;
  const annotations = getPath(ctx.resource, ['metadata', 'annotations']);
  if (!isObject(annotations) || !Object.hasOwn(annotations, CREATE_SUCCEEDED)) return;
  const path = formatFieldPath(['metadata', 'annotations', CREATE_SUCCEEDED]);
  ctx.unsafe(path, `${path} is set by Crossplane when it creates the resource, never by a composition; remove it: what launches from this ${ctx.type.kind} trusts it to mean nothing was adopted`);
}

const unseen = (s: LaunchSource, what: string, remedy: string) => `${s.label} cannot be shown to be one composed here and fully managed by Crossplane, so guardrails cannot see ${what}; ${remedy}`;

const IMDS_MISSING = 'IMDSv2 was not required: any process or SSRF on the instance could read its role credentials with a plain GET';
const ENDPOINT_MISSING =
  'httpEndpoint was not set, and Terraform sends the token requirement of a launch configuration (and, in older provider releases, of a launch template) only together with httpEndpoint "enabled"';
const FLEET_SPEC_IMDS =
  'a Spot Fleet launch specification cannot require IMDSv2 (EC2 takes no metadata options in it), so its instances answer plain GETs for their role credentials; launch from a launch template that requires IMDSv2 (launchTemplateConfig) instead';

export const imdsv2 = defineRule({
  id: 'aws-ec2-imdsv2',
  title: 'EC2 instances require IMDSv2',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Requires session tokens for the instance metadata service, so a server-side request forgery cannot read the instance role credentials. Instances, Spot instance requests, LaunchTemplates and autoscaling LaunchConfigurations: injects `metadataOptions.httpTokens: required` where it is not set; where there is no `metadataOptions` block at all, injects `{httpEndpoint: enabled, httpTokens: required}` (enabled is what AWS does anyway; Terraform sends an empty endpoint for an instance otherwise, which EC2 rejects). On a launch template or configuration it also injects `httpEndpoint: enabled` where the block lacks it: Terraform sends a launch configuration\'s token requirement (and, in older provider releases, a template\'s) only together with an enabled endpoint, so `httpTokens: required` alone would leave IMDSv1 open. Refuses `httpTokens: optional`, and an endpoint that is neither `enabled` nor `disabled`. `httpEndpoint: disabled` turns the metadata service off and passes; `instanceMetadataTags` only adds the instance\'s tags behind the same tokens and is not judged. An instance or Spot request that names a launch template is still injected: its own metadata options override the template\'s. A Spot Fleet `launchSpecification` is refused, since EC2 takes no metadata options there; a Spot Fleet or autoscaling group that launches from a template or configuration not composed here (an ID or name no composed one has in the same account and region, a reference to no composed object, a selector without `matchControllerRef`, or one Crossplane does not fully manage or did not create itself, such as an adopted template) is refused, since guardrails cannot see whether it requires IMDSv2; a composed one is judged as a resource of its own.',
  fix: 'injects `metadataOptions.httpTokens: required` (and `httpEndpoint: enabled` with a new block, or on a launch template or configuration).',
  references: { checkov: ['CKV_AWS_79'], trivy: ['AWS-0028'] },
  kinds: [INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, SPOT_FLEET, LAUNCH_CONFIGURATION, GROUP],
  check(ctx) {
    switch (ctx.type.kind) {
      case 'LaunchTemplate':
      case 'LaunchConfiguration':
        forgedCreation(ctx);
        return metadataOptions(ctx, true);
      case 'SpotFleetRequest':
        for (const block of PARAM_BLOCKS) eachEntry(ctx, ['spec', block, 'launchSpecification'], (_, at) => ctx.unsafe(formatFieldPath(at), FLEET_SPEC_IMDS));
        unseenSources(ctx, 'whether it requires IMDSv2', WAIVE);
        return;
      case 'AutoscalingGroup':
        unseenSources(ctx, 'whether it requires IMDSv2', WAIVE);
        return;
      default:
        return metadataOptions(ctx, false);
    }
  },
}) satisfies Rule;

/**
 * The metadata options of an instance (`template` false) or of a launch
 * template or configuration, where a token requirement counts only beside
 * an explicit enabled endpoint.
 */
function metadataOptions(ctx: RuleContext, template: boolean): void {
  // Upjet applies forProvider's value (listed first); initProvider's fills in where that is absent or empty.
  const endpoints = explicitParams(ctx.resource, ['metadataOptions', 'httpEndpoint']);
  const endpoint = endpoints.find((e) => e.value !== '');
  if (endpoint?.value === 'disabled') return;
  if (template && endpoint !== undefined && endpoint.value !== 'enabled') {
    const { path, value } = endpoint;
    ctx.unsafe(path, typeof value !== 'string' ? `${path} must be a string, got ${describe(value)}` : `${path} is ${describe(value, true)}; set it to "enabled" (with httpTokens "required") or "disabled"`);
    return;
  }
  if (explicitParams(ctx.resource, ['metadataOptions']).length === 0) {
    inject(ctx, ['metadataOptions'], block(ctx, ['metadataOptions'], { httpEndpoint: 'enabled', httpTokens: 'required' }), IMDS_MISSING);
    return;
  }
  const tokens = explicitParams(ctx.resource, ['metadataOptions', 'httpTokens']);
  if (tokens.length === 0) inject(ctx, ['metadataOptions', 'httpTokens'], 'required', IMDS_MISSING);
  for (const { path, value } of tokens) {
    if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    else if (value !== 'required') {
      ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "required" (or remove it) so only IMDSv2 session tokens can read the instance metadata`);
    }
  }
  if (!template || endpoint !== undefined) return;
  if (endpoints.length > 0) {
    const { path } = endpoints[0]!;
    ctx.unsafe(path, `${path} is ""; set it to "enabled" (or remove it): Terraform sends httpTokens "required" only together with an enabled endpoint`);
  } else {
    inject(ctx, ['metadataOptions', 'httpEndpoint'], 'enabled', ENDPOINT_MISSING);
  }
}

/** `value` as the single nested block at `field`: a one-element list or an object, as this kind's version renders it. */
function block(ctx: RuleContext, field: readonly string[], value: Record<string, unknown>): unknown {
  const shape = schemaFor(ctx);
  const kind = shape === undefined ? undefined : fieldKind(shape, field);
  const list = kind === undefined ? ctx.type.blocks === 'array' : kind === 'blocks';
  return list ? [value] : value;
}

const APPROVE_PUBLIC_IP = 'approve only if it must be reached directly from the internet';
const APPROVE_LAUNCHED = 'approve only if they must be reached directly from the internet';
const LAUNCHED_PUBLIC = `every instance launched from it gets a public IP address; ${APPROVE_LAUNCHED}, otherwise remove it and reach them through a load balancer, SSM Session Manager or a VPN`;
const NAME_SUBNET = 'name a private subnet (subnetId, subnetIdRef or subnetIdSelector)';

export const instancePublicIp = defineRule({
  id: 'aws-ec2-public-ip',
  title: 'A public IP on an EC2 instance needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval whatever launches instances with a public IP address, reachable from the internet wherever their security groups allow. An Instance or Spot instance request: one that sets `associatePublicIpAddress: true`, whatever launch template it names; and one that names no subnet or network interface and no launch template that does, which launches in the default VPC, whose subnets give every instance a public IP (Terraform applies `associatePublicIpAddress` only together with a subnet, so no value can prevent it there). A LaunchTemplate with `associatePublicIpAddress: \"true\"` on a network interface; an autoscaling LaunchConfiguration with `associatePublicIpAddress: true`. A Spot Fleet `launchSpecification` with `associatePublicIpAddress: true`, or with no `subnetId`; a Spot Fleet `launchTemplateConfig` whose template names no subnet and whose overrides do not all name one. An autoscaling group with no `vpcZoneIdentifier` (nor its references or selector), which launches in the default VPC. Whatever names a launch template or configuration that decides this and is not composed here (an ID or name no composed one has in the same account and region, a reference to no composed object, a selector without `matchControllerRef`, or one Crossplane does not fully manage or did not create itself, such as an adopted template) is held: guardrails cannot see it. A value that is not a boolean (`\"true\"` or `\"false\"` on a template) is held as malformed. Where a subnet decides, `aws-ec2-no-public-ip-default` injects `false` (instances, Spot requests, launch configurations, a template's sole network interface), and `aws-vpc-subnet-public-ip` holds a subnet that hands out public IPs: the rules are separate because they act differently, and each can be overridden on its own.",
  references: { checkov: ['CKV_AWS_88', 'CKV_AWS_389'], trivy: ['AWS-0009'] },
  kinds: [INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, SPOT_FLEET, LAUNCH_CONFIGURATION, GROUP],
  check(ctx) {
    forgedCreation(ctx);
    switch (ctx.type.kind) {
      case 'LaunchTemplate': {
        const type = flagOf(ctx, ['networkInterfaces', 'associatePublicIpAddress'], 'string') ?? 'string';
        for (const b of PARAM_BLOCKS) {
          eachEntry(ctx, ['spec', b, 'networkInterfaces'], (ni, at) => {
            const value = ni.associatePublicIpAddress;
            if (value === undefined || value === null) return;
            const path = formatFieldPath([...at, 'associatePublicIpAddress']);
            const flag = readFlag(value, type);
            if (flag === undefined) ctx.unsafe(path, notBoolean(path, value, type));
            else if (flag === true) ctx.unsafe(path, `${path} is ${describe(value, true)}: ${LAUNCHED_PUBLIC}`);
          });
        }
        return;
      }
      case 'LaunchConfiguration':
        refuseExplicit(ctx, 'associatePublicIpAddress', LAUNCHED_PUBLIC);
        return;
      case 'SpotFleetRequest':
        return fleetPublicIp(ctx);
      case 'AutoscalingGroup':
        unseenSources(ctx, 'whether it gives instances a public IP address', `compose it in this composition, where it is judged, or ${APPROVE_LAUNCHED}`);
        if (!['vpcZoneIdentifier', 'vpcZoneIdentifierRefs', 'vpcZoneIdentifierSelector'].some((f) => given(ctx, f))) {
          ctx.unsafe(
            'spec.forProvider.vpcZoneIdentifier',
            `no subnet is named (vpcZoneIdentifier, vpcZoneIdentifierRefs or vpcZoneIdentifierSelector), so the group launches its instances in the default VPC, whose subnets give every instance a public IP; name private subnets, or ${APPROVE_LAUNCHED}`,
          );
        }
        return;
      default:
        return instanceDefaultVpc(ctx);
    }
  },
}) satisfies Rule;

/** An Instance or Spot request: its own flag, then where it lands when it names no subnet itself. */
function instanceDefaultVpc(ctx: RuleContext): void {
  const explicit = refuseExplicit(
    ctx,
    'associatePublicIpAddress',
    `the instance gets a public IP address; ${APPROVE_PUBLIC_IP}, otherwise remove it and reach the instance through a load balancer, SSM Session Manager or a VPN`,
  );
  if (explicit.some((e) => e.value !== false) || networked(ctx) || inSubnet(ctx)) return;
  const { sources, problems } = launchSources(ctx);
  for (const p of problems) ctx.unsafe(p.path, p.message);
  if (sources.length === 0 && problems.length === 0) {
    ctx.unsafe(
      'spec.forProvider.subnetId',
      `no subnet, network interface or launch template is named, so the instance launches in the default VPC, whose subnets give every instance a public IP; ${NAME_SUBNET}, or ${APPROVE_PUBLIC_IP}`,
    );
  }
  for (const s of sources) {
    if (s.composed === undefined) {
      ctx.unsafe(s.path, unseen(s, 'whether it places the instance in a private subnet', `${NAME_SUBNET} on the instance, compose the template here, or ${APPROVE_PUBLIC_IP}`));
    } else if (!s.composed.every(placesInSubnet)) {
      ctx.unsafe(s.path, `neither the instance nor ${s.label} names a subnet, so the instance launches in the default VPC, whose subnets give every instance a public IP; ${NAME_SUBNET}, or ${APPROVE_PUBLIC_IP}`);
    }
  }
}

/** Spot Fleet: each launch specification on its own (Terraform sends the flag only when true, with a subnet), then each launch template config. */
function fleetPublicIp(ctx: RuleContext): void {
  for (const b of PARAM_BLOCKS) {
    eachEntry(ctx, ['spec', b, 'launchSpecification'], (spec, at) => {
      const value = spec.associatePublicIpAddress;
      const path = formatFieldPath([...at, 'associatePublicIpAddress']);
      if (value !== undefined && value !== null && typeof value !== 'boolean') return ctx.unsafe(path, notBoolean(path, value, 'boolean'));
      if (value === true) return ctx.unsafe(path, `${path} is true: ${LAUNCHED_PUBLIC}`);
      if (typeof spec.subnetId !== 'string' || spec.subnetId === '') {
        ctx.unsafe(
          formatFieldPath([...at, 'subnetId']),
          `no subnet is named, so the instances of this launch specification launch in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId), or ${APPROVE_LAUNCHED}`,
        );
      }
    });
  }
  const { sources, problems } = launchSources(ctx);
  for (const p of problems) ctx.unsafe(p.path, p.message);
  for (const s of sources) {
    if (s.composed === undefined) ctx.unsafe(s.path, unseen(s, 'whether it gives instances a public IP address', `compose it in this composition, where it is judged, or ${APPROVE_LAUNCHED}`));
    else if (!placedByOverrides(ctx, s) && !s.composed.every(placesInSubnet)) {
      ctx.unsafe(
        s.path,
        `neither ${s.label} nor every override beside it names a subnet, so its instances may launch in the default VPC, whose subnets give every instance a public IP; name private subnets (overrides[*].subnetId or the template's network interface), or ${APPROVE_LAUNCHED}`,
      );
    }
  }
}

/** Does every override of the Spot Fleet launch template config holding `s` name a subnet (and is there one)? */
function placedByOverrides(ctx: RuleContext, s: LaunchSource): boolean {
  const i = s.at.indexOf('launchTemplateConfig');
  const config = getPath(ctx.resource, s.at.slice(0, i + 2));
  const overrides = isObject(config) ? config.overrides : undefined;
  return Array.isArray(overrides) && overrides.length > 0 && overrides.every((o) => isObject(o) && typeof o.subnetId === 'string' && o.subnetId !== '');
}

/** Does a composed launch template give one of its network interfaces a subnet? */
function placesInSubnet(t: IndexedTarget): boolean {
  return PARAM_BLOCKS.some((b) => {
    const interfaces = getPath(t.object, ['spec', b, 'networkInterfaces']);
    return Array.isArray(interfaces) && interfaces.some((ni) => isObject(ni) && SUBNET_FIELDS.some((f) => present(ni[f])));
  });
}

const SUBNET_FIELDS = ['subnetId', 'subnetIdRef', 'subnetIdSelector'];
const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

const NOT_OFF = 'public IP assignment was not turned off, so the subnet default decides';

export const instanceNoPublicIpDefault = defineRule({
  id: 'aws-ec2-no-public-ip-default',
  title: 'EC2 instances are private by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Injects `associatePublicIpAddress: false` where a subnet would otherwise decide, so its auto-assign setting cannot make instances public: into an EC2 Instance or Spot instance request that names a subnet (`subnetId`, `subnetIdRef` or `subnetIdSelector`) and does not set it, whatever launch template it names (the instance's own setting overrides the template's); into an autoscaling LaunchConfiguration that does not set it (a group using it must then name subnets, and one that does not is held anyway); and, as `\"false\"`, into a LaunchTemplate's network interface when it is the only one, on device index 0, and creates a new interface (AWS assigns no public IP with several interfaces, and refuses the flag on an existing one). An instance with `networkInterface` or `primaryNetworkInterface` gets nothing: the interfaces decide, and Terraform refuses the flag beside them. A template without network interfaces gets none: adding one would clash with its security groups; the launcher's subnet decides. Spot Fleet launch specifications get nothing either: Terraform sends the flag only when true. An explicit empty value on a template is refused. An explicit `true`, and what would land in the default VPC, are `aws-ec2-public-ip`'s to hold for approval.",
  fix: 'injects `associatePublicIpAddress: false` (`networkInterfaces[0].associatePublicIpAddress: "false"` on a launch template).',
  references: { checkov: ['CKV_AWS_88'], trivy: ['AWS-0009'] },
  kinds: [INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  check(ctx) {
    if (ctx.type.kind === 'LaunchTemplate') {
      for (const b of PARAM_BLOCKS) soleInterfacePrivate(ctx, ['spec', b, 'networkInterfaces']);
      return;
    }
    if (explicitParams(ctx.resource, ['associatePublicIpAddress']).length > 0) return;
    if (ctx.type.kind !== 'LaunchConfiguration' && (networked(ctx) || !inSubnet(ctx))) return;
    inject(ctx, ['associatePublicIpAddress'], false, NOT_OFF);
  },
}) satisfies Rule;

/** A launch template's only network interface, when it is a new eth0: the only one a public IP can be assigned to. */
function soleInterfacePrivate(ctx: RuleContext, at: Segment[]): void {
  const interfaces = getPath(ctx.resource, at);
  if (!Array.isArray(interfaces) || interfaces.length !== 1 || !isObject(interfaces[0])) return;
  const ni = interfaces[0];
  if (present(ni.deviceIndex) && ni.deviceIndex !== 0) return;
  if (['networkInterfaceId', 'networkInterfaceIdRef', 'networkInterfaceIdSelector'].some((f) => present(ni[f]))) return;
  const field = [...at, 0, 'associatePublicIpAddress'];
  const path = formatFieldPath(field);
  const type = flagOf(ctx, ['networkInterfaces', 'associatePublicIpAddress'], 'string');
  const value = ni.associatePublicIpAddress;
  if (value === undefined || value === null) {
    if (type === undefined) notAField(ctx, path, 'networkInterfaces.associatePublicIpAddress');
    else ctx.missing(field, flagValue(false, type), NOT_OFF);
  } else if (value === '') {
    ctx.unsafe(path, `${path} is ""; set it to "false" (or remove it) so the subnet's auto-assign setting cannot make the instances public`);
  }
}

/** Does the instance name its subnet (directly, by reference or by selector)? */
function inSubnet(ctx: RuleContext): boolean {
  return SUBNET_FIELDS.some((f) => given(ctx, f));
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

/**
 * Is the field set to something other than an empty list or string in either
 * parameter block? A field this kind's version lacks is never given: the API
 * server drops it, so it cannot stand in for a subnet or an interface.
 */
function given(ctx: RuleContext, field: string): boolean {
  return declares(ctx, [field]) && explicitParams(ctx.resource, [field]).some(({ value }) => present(value));
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
