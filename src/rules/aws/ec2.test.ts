import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, input, managed, type Group } from '../../../test/builders.js';
import { finding, mutation, NAME, runCase, SAME, type Case } from '../../../test/builders/aws-data.js';
import { ANNOTATION_MUTATED_BY, evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import {
  EC2_RULES,
  ebsDefaultEncryption,
  ebsEncryption,
  imdsv2,
  instanceEncryption,
  instanceNoPublicIpDefault,
  instancePublicIp,
  subnetPublicIp,
} from './ec2.js';
import { observeOnly } from '../params.js';

/** A served shape of a kind (provider-upjet-aws 75a4c57162d0): single nested blocks are lists in cluster-scoped v1beta1, objects elsewhere. */
interface Shape {
  label: string;
  group: Group;
  version: string;
  list: boolean;
}

/** ec2 Instance: v1beta1 (deprecated) and v1beta2 cluster-scoped, v1beta1 namespaced. */
const INSTANCE_SHAPES: readonly Shape[] = [
  { label: 'cluster-scoped v1beta1', group: 'cluster', version: 'v1beta1', list: true },
  { label: 'cluster-scoped v1beta2', group: 'cluster', version: 'v1beta2', list: false },
  { label: 'namespaced v1beta1', group: 'namespaced', version: 'v1beta1', list: false },
];

/** Kinds with only v1beta1 in either group (EBSVolume, Subnet, EBSEncryptionByDefault). */
const FLAT_SHAPES: readonly Shape[] = [
  { label: 'cluster-scoped v1beta1', group: 'cluster', version: 'v1beta1', list: true },
  { label: 'namespaced v1beta1', group: 'namespaced', version: 'v1beta1', list: false },
];

type Params = Record<string, unknown>;

/** A single nested block in the shape's rendering. */
const block = (s: Shape, fields: Params): unknown => (s.list ? [fields] : fields);
/** The path of a field inside a single nested block: `metadataOptions[0].httpTokens` or `metadataOptions.httpTokens`. */
const inBlock = (s: Shape, blockName: string, field: string, params = 'forProvider') => `spec.${params}.${blockName}${s.list ? '[0]' : ''}.${field}`;

function ec2(kind: string, s: Shape, forProvider: Params = {}, initProvider?: Params): KubeObject {
  const r = managed(`${awsGroup('ec2', s.group)}/${s.version}`, kind, forProvider);
  if (initProvider !== undefined) (r.spec as Params).initProvider = initProvider;
  return r;
}

/** An instance in a private subnet, by reference, as a composition would write it. */
const instance = (s: Shape, forProvider: Params = {}, initProvider?: Params) =>
  ec2('Instance', s, { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', subnetIdRef: { name: 'private-a' }, ...forProvider }, initProvider);

/** What the engine emits: a copy of `obj` that `change` edits, annotated with the rules that changed it. */
function changed(obj: KubeObject, by: string, change: (spec: { forProvider: Params; initProvider?: Params }) => void = () => {}): KubeObject {
  const out = structuredClone(obj);
  change(out.spec as { forProvider: Params; initProvider?: Params });
  out.metadata = { ...(out.metadata as Params | undefined), annotations: { [ANNOTATION_MUTATED_BY]: by } };
  return out;
}

const pass = (resource: KubeObject, rules: readonly Rule[], name: string, reason: string, inp?: Guardrails): Case => ({
  name,
  reason,
  resource,
  rules,
  ...(inp !== undefined ? { input: inp } : {}),
  want: { desired: SAME, mutations: [], findings: [] },
});
const action = (rule: Rule, a: Guardrails['rules'][string]['action']) => input({ rules: { [rule.id]: { action: a } } });

/** The two boolean kinds with one field each: EBSVolume.encrypted and EBSEncryptionByDefault.enabled. */
const FLAGS = [
  {
    rule: ebsEncryption,
    kind: 'EBSVolume',
    field: 'encrypted',
    base: { availabilityZone: 'eu-west-1a', size: 20 },
    missing: 'volume encryption was not set',
    unsafe: 'set it to true (or remove it) so the volume and its snapshots are encrypted at rest',
  },
  {
    rule: ebsDefaultEncryption,
    kind: 'EBSEncryptionByDefault',
    field: 'enabled',
    base: {},
    missing: 'EBS encryption by default was not set',
    unsafe: 'set it to true (or remove it) so every new EBS volume in the region is encrypted',
  },
];

const flagCases: Case[] = FLAGS.flatMap((f) =>
  FLAT_SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${f.rule.id} on ${f.kind} (${s.label}): ${what}`;
    const make = (fields: Params = {}, init?: Params) => ec2(f.kind, s, { ...f.base, ...fields }, init);
    const fp = `spec.forProvider.${f.field}`;
    return [
      {
        name: at('missing, injected'),
        reason: `${f.kind} has no CRD among the generated schemas for EBSEncryptionByDefault; a scalar is injected either way`,
        resource: make(),
        rules: [f.rule],
        want: { desired: changed(make(), f.rule.id, (spec) => (spec.forProvider[f.field] = true)), mutations: [mutation(f.rule, fp, true)], findings: [] },
      },
      pass(make({ [f.field]: true }), [f.rule], at('true passes'), 'the safe value needs nothing'),
      {
        name: at('false, refused'),
        reason: 'an explicit false is never flipped silently',
        resource: make({ [f.field]: false }),
        rules: [f.rule],
        want: { desired: SAME, mutations: [], findings: [finding(f.rule, 'Deny', fp, `${fp} is false; ${f.unsafe}`)] },
      },
      {
        name: at('false in initProvider, refused'),
        reason: 'Upjet applies initProvider at creation',
        resource: make({}, { [f.field]: false }),
        rules: [f.rule],
        want: { desired: SAME, mutations: [], findings: [finding(f.rule, 'Deny', `spec.initProvider.${f.field}`, `spec.initProvider.${f.field} is false; ${f.unsafe}`)] },
      },
      {
        name: at('a string, refused as malformed'),
        reason: 'a value the rule cannot read is refused, not passed',
        resource: make({ [f.field]: 'true' }),
        rules: [f.rule],
        want: { desired: SAME, mutations: [], findings: [finding(f.rule, 'Deny', fp, `${fp} must be a boolean, got the string "true"`)] },
      },
      {
        name: at('missing, action Warn'),
        reason: 'under Warn the absence is reported, nothing injected',
        resource: make(),
        rules: [f.rule],
        input: action(f.rule, 'Warn'),
        want: { desired: SAME, mutations: [], findings: [finding(f.rule, 'Warn', fp, f.missing)] },
      },
      pass(
        (() => {
          const r = make({ [f.field]: false });
          (r.spec as Params).managementPolicies = ['Observe'];
          return r;
        })(),
        [f.rule],
        at('observe-only, false'),
        'an observed resource is someone else’s: Crossplane never writes it, so there is nothing to refuse',
      ),
      {
        name: at('Observe and Update, false'),
        reason: 'with Update, Crossplane writes the value: it is judged',
        resource: (() => {
          const r = make({ [f.field]: false });
          (r.spec as Params).managementPolicies = ['Observe', 'Update'];
          return r;
        })(),
        rules: [f.rule],
        want: { desired: SAME, mutations: [], findings: [finding(f.rule, 'Deny', fp, `${fp} is false; ${f.unsafe}`)] },
      },
    ];
  }),
);

const ROOT_UNSAFE = 'set it to true (or remove it) so the root volume is encrypted at rest';
const EBS_UNSAFE = 'set it to true (or remove it) so the volume is encrypted at rest';

const encryptionCases: Case[] = INSTANCE_SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${instanceEncryption.id} (${s.label}): ${what}`;
  const encryptedRoot = { rootBlockDevice: block(s, { encrypted: true }) };
  const rootPath = inBlock(s, 'rootBlockDevice', 'encrypted');
  return [
    {
      name: at('no rootBlockDevice, one injected'),
      reason: 'Terraform creates an unencrypted root volume when the block is absent (Checkov issue 496)',
      resource: instance(s),
      rules: [instanceEncryption],
      want: {
        desired: changed(instance(s), instanceEncryption.id, (spec) => (spec.forProvider.rootBlockDevice = block(s, { encrypted: true }))),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.rootBlockDevice', block(s, { encrypted: true }))],
        findings: [],
      },
    },
    {
      name: at('rootBlockDevice without encrypted, injected into it'),
      reason: 'the author’s block keeps its settings; only the flag is added, in the shape of this version',
      resource: instance(s, { rootBlockDevice: block(s, { volumeSize: 50 }) }),
      rules: [instanceEncryption],
      want: {
        desired: changed(instance(s, { rootBlockDevice: block(s, { volumeSize: 50, encrypted: true }) }), instanceEncryption.id),
        mutations: [mutation(instanceEncryption, rootPath, true)],
        findings: [],
      },
    },
    {
      name: at('root encrypted false, refused'),
      reason: 'an explicit unencrypted root volume is refused',
      resource: instance(s, { rootBlockDevice: block(s, { encrypted: false }) }),
      rules: [instanceEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(instanceEncryption, 'Deny', rootPath, `${rootPath} is false; ${ROOT_UNSAFE}`)] },
    },
    {
      name: at('ebsBlockDevice entries: the one without encrypted gets it'),
      reason: 'a repeatable block is a list in every version; each entry is judged on its own, at its index',
      resource: instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 100 }, { deviceName: '/dev/sdg', encrypted: true }] }),
      rules: [instanceEncryption],
      want: {
        desired: changed(
          instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 100, encrypted: true }, { deviceName: '/dev/sdg', encrypted: true }] }),
          instanceEncryption.id,
        ),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.ebsBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
    pass(
      instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', snapshotId: 'snap-0123' }] }),
      [instanceEncryption],
      at('entry restored from a snapshot, no encrypted: left alone'),
      'its encryption follows the snapshot; Terraform documents encrypted as not for use with snapshot_id, and Checkov passes it',
    ),
    {
      name: at('entry from a snapshot with encrypted false, refused'),
      reason: 'an explicit false is refused wherever it stands',
      resource: instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', snapshotId: 'snap-0123', encrypted: false }] }),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instanceEncryption, 'Deny', 'spec.forProvider.ebsBlockDevice[0].encrypted', `spec.forProvider.ebsBlockDevice[0].encrypted is false; ${EBS_UNSAFE}`)],
      },
    },
    {
      name: at('ebsBlockDevice in initProvider without encrypted, injected there'),
      reason: 'Upjet creates the volumes from initProvider when forProvider has none; the flag goes beside them',
      resource: instance(s, encryptedRoot, { ebsBlockDevice: [{ deviceName: '/dev/sdf' }] }),
      rules: [instanceEncryption],
      want: {
        desired: changed(instance(s, encryptedRoot, { ebsBlockDevice: [{ deviceName: '/dev/sdf', encrypted: true }] }), instanceEncryption.id),
        mutations: [mutation(instanceEncryption, 'spec.initProvider.ebsBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
    {
      name: at('ebsBlockDevice an object, refused'),
      reason: 'the field is a list in every version; anything else cannot be read',
      resource: instance(s, { ...encryptedRoot, ebsBlockDevice: { deviceName: '/dev/sdf' } }),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instanceEncryption, 'Deny', 'spec.forProvider.ebsBlockDevice', 'spec.forProvider.ebsBlockDevice must be a list, got an object')],
      },
    },
    {
      name: at('an entry that is a string, refused'),
      reason: 'an entry that cannot be read is refused, the others still judged',
      resource: instance(s, { ...encryptedRoot, ebsBlockDevice: ['/dev/sdf', { deviceName: '/dev/sdg', encrypted: 'yes' }] }),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(instanceEncryption, 'Deny', 'spec.forProvider.ebsBlockDevice[0]', 'spec.forProvider.ebsBlockDevice[0] must be an object, got the string "/dev/sdf"'),
          finding(instanceEncryption, 'Deny', 'spec.forProvider.ebsBlockDevice[1].encrypted', 'spec.forProvider.ebsBlockDevice[1].encrypted must be a boolean, got the string "yes"'),
        ],
      },
    },
    {
      name: at('action Warn: both absences reported'),
      reason: 'under Warn nothing is injected; each missing flag is its own finding, naming the device',
      resource: instance(s, { ebsBlockDevice: [{ deviceName: '/dev/sdf' }] }),
      rules: [instanceEncryption],
      input: action(instanceEncryption, 'Warn'),
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(instanceEncryption, 'Warn', 'spec.forProvider.rootBlockDevice', 'root volume encryption was not set'),
          finding(instanceEncryption, 'Warn', 'spec.forProvider.ebsBlockDevice[0].encrypted', 'encryption of EBS block device /dev/sdf was not set'),
        ],
      },
    },
  ];
});

const IMDS_MISSING = 'IMDSv2 was not required: any process or SSRF on the instance could read its role credentials with a plain GET';
const IMDS_UNSAFE = 'set it to "required" (or remove it) so only IMDSv2 session tokens can read the instance metadata';

const imdsCases: Case[] = INSTANCE_SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${imdsv2.id} (${s.label}): ${what}`;
  const tokens = inBlock(s, 'metadataOptions', 'httpTokens');
  const options = (fields: Params) => ({ metadataOptions: block(s, fields) });
  return [
    {
      name: at('no metadataOptions: the block injected with the endpoint enabled'),
      reason: 'enabled is AWS’s default; Terraform would otherwise send an empty endpoint, which EC2 rejects',
      resource: instance(s),
      rules: [imdsv2],
      want: {
        desired: changed(instance(s), imdsv2.id, (spec) => Object.assign(spec.forProvider, options({ httpEndpoint: 'enabled', httpTokens: 'required' }))),
        mutations: [mutation(imdsv2, 'spec.forProvider.metadataOptions', block(s, { httpEndpoint: 'enabled', httpTokens: 'required' }))],
        findings: [],
      },
    },
    {
      name: at('metadataOptions without httpTokens: only the token requirement added'),
      reason: 'the author’s block is completed, not replaced',
      resource: instance(s, options({ httpPutResponseHopLimit: 2 })),
      rules: [imdsv2],
      want: {
        desired: changed(instance(s, options({ httpPutResponseHopLimit: 2, httpTokens: 'required' })), imdsv2.id),
        mutations: [mutation(imdsv2, tokens, 'required')],
        findings: [],
      },
    },
    pass(instance(s, options({ httpTokens: 'required' })), [imdsv2], at('required passes'), 'IMDSv2 only'),
    {
      name: at('optional, refused'),
      reason: 'IMDSv1 lets an SSRF read the role credentials',
      resource: instance(s, options({ httpTokens: 'optional' })),
      rules: [imdsv2],
      want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', tokens, `${tokens} is "optional"; ${IMDS_UNSAFE}`)] },
    },
    {
      name: at('optional in initProvider, refused'),
      reason: 'the instance is created with IMDSv1 open',
      resource: instance(s, {}, options({ httpTokens: 'optional' })),
      rules: [imdsv2],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(imdsv2, 'Deny', inBlock(s, 'metadataOptions', 'httpTokens', 'initProvider'), `${inBlock(s, 'metadataOptions', 'httpTokens', 'initProvider')} is "optional"; ${IMDS_UNSAFE}`)],
      },
    },
    pass(
      instance(s, options({ httpEndpoint: 'disabled', httpTokens: 'optional' })),
      [imdsv2],
      at('endpoint disabled passes'),
      'with no metadata service there are no credentials to steal',
    ),
    pass(
      instance(s, options({ httpEndpoint: '' }), options({ httpEndpoint: 'disabled' })),
      [imdsv2],
      at('empty endpoint in forProvider, disabled in initProvider'),
      'Upjet fills an empty forProvider value from initProvider: the service is disabled',
    ),
    {
      name: at('httpTokens a number, refused'),
      reason: 'a value the rule cannot read is refused',
      resource: instance(s, options({ httpTokens: 2 })),
      rules: [imdsv2],
      want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', tokens, `${tokens} must be a string, got number 2`)] },
    },
    {
      name: at('missing, action Warn'),
      reason: 'one finding for the missing block, nothing injected',
      resource: instance(s),
      rules: [imdsv2],
      input: action(imdsv2, 'Warn'),
      want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Warn', 'spec.forProvider.metadataOptions', IMDS_MISSING)] },
    },
  ];
});

const PUBLIC_IP = 'the instance gets a public IP address; approve only if it must be reached directly from the internet, otherwise remove it and reach the instance through a load balancer, SSM Session Manager or a VPN';
const DEFAULT_VPC =
  'no subnet, network interface or launch template is named, so the instance launches in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId, subnetIdRef or subnetIdSelector), or approve only if it must be reached directly from the internet';
const NOT_OFF = 'public IP assignment was not turned off, so the subnet default decides';

const publicIpCases: Case[] = INSTANCE_SHAPES.flatMap((s): Case[] => {
  const at = (rule: Rule, what: string) => `${rule.id} (${s.label}): ${what}`;
  /** The same instance without the default subnet reference. */
  const unplaced = (forProvider: Params = {}) => {
    const r = instance(s, forProvider);
    delete ((r.spec as Params).forProvider as Params).subnetIdRef;
    return r;
  };
  const both = [instancePublicIp, instanceNoPublicIpDefault];
  const ip = 'spec.forProvider.associatePublicIpAddress';
  return [
    {
      name: at(instancePublicIp, 'true, held for approval'),
      reason: 'a directly reachable instance may be legitimate, but a person decides',
      resource: instance(s, { associatePublicIpAddress: true }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', ip, `${ip} is true: ${PUBLIC_IP}`)] },
    },
    {
      name: at(instancePublicIp, 'true in initProvider, held'),
      reason: 'the instance is created with it',
      resource: instance(s, {}, { associatePublicIpAddress: true }),
      rules: both,
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instancePublicIp, 'RequireApproval', 'spec.initProvider.associatePublicIpAddress', `spec.initProvider.associatePublicIpAddress is true: ${PUBLIC_IP}`)],
      },
    },
    {
      name: at(instancePublicIp, 'true and no subnet: one finding'),
      reason: 'the explicit request is what needs approval; the default-VPC finding would say the same again',
      resource: unplaced({ associatePublicIpAddress: true }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', ip, `${ip} is true: ${PUBLIC_IP}`)] },
    },
    {
      name: at(instancePublicIp, 'a string, held as malformed'),
      reason: 'a value the rule cannot read is not passed',
      resource: instance(s, { associatePublicIpAddress: 'yes' }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', ip, `${ip} must be a boolean, got the string "yes"`)] },
    },
    {
      name: at(instancePublicIp, 'no subnet, interface or template: held'),
      reason: 'the instance lands in the default VPC, whose subnets assign public IPs, and Terraform applies the flag only with a subnet',
      resource: unplaced(),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', 'spec.forProvider.subnetId', DEFAULT_VPC)] },
    },
    {
      name: at(instancePublicIp, 'false but no subnet: held'),
      reason: 'without a subnet Terraform does not send the flag: the instance is public anyway',
      resource: unplaced({ associatePublicIpAddress: false }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', 'spec.forProvider.subnetId', DEFAULT_VPC)] },
    },
    pass(
      unplaced({ networkInterface: [{ deviceIndex: 0, networkInterfaceIdSelector: { matchLabels: { app: 'web' } } }] }),
      both,
      at(instancePublicIp, 'own network interface (the provider example): nothing'),
      'an attached interface decides, and Terraform forbids associatePublicIpAddress beside it',
    ),
    pass(
      unplaced({ primaryNetworkInterface: block(s, { networkInterfaceId: 'eni-0123' }) }),
      both,
      at(instancePublicIp, 'primary network interface: nothing'),
      'the interface decides',
    ),
    pass(
      unplaced({ launchTemplate: block(s, { name: 'web' }) }),
      both,
      at(instancePublicIp, 'launch template, no subnet: nothing'),
      'the template supplies the network; LaunchTemplate itself is not checked yet',
    ),
    {
      name: at(instanceNoPublicIpDefault, 'subnet named, flag absent: false injected'),
      reason: 'private by default: the subnet’s auto-assign setting must not decide',
      resource: instance(s),
      rules: both,
      want: {
        desired: changed(instance(s, { associatePublicIpAddress: false }), instanceNoPublicIpDefault.id),
        mutations: [mutation(instanceNoPublicIpDefault, ip, false)],
        findings: [],
      },
    },
    {
      name: at(instanceNoPublicIpDefault, 'subnetId as a string'),
      reason: 'every way of naming the subnet counts',
      resource: unplaced({ subnetId: 'subnet-0123' }),
      rules: both,
      want: {
        desired: changed(unplaced({ subnetId: 'subnet-0123', associatePublicIpAddress: false }), instanceNoPublicIpDefault.id),
        mutations: [mutation(instanceNoPublicIpDefault, ip, false)],
        findings: [],
      },
    },
    {
      name: at(instanceNoPublicIpDefault, 'subnetIdSelector in initProvider'),
      reason: 'a subnet named at creation counts; the flag goes into forProvider',
      resource: (() => {
        const r = unplaced();
        (r.spec as Params).initProvider = { subnetIdSelector: { matchLabels: { tier: 'private' } } };
        return r;
      })(),
      rules: both,
      want: {
        desired: (() => {
          const r = changed(unplaced({ associatePublicIpAddress: false }), instanceNoPublicIpDefault.id);
          (r.spec as Params).initProvider = { subnetIdSelector: { matchLabels: { tier: 'private' } } };
          return r;
        })(),
        mutations: [mutation(instanceNoPublicIpDefault, ip, false)],
        findings: [],
      },
    },
    {
      name: at(instanceNoPublicIpDefault, 'empty networkInterface list and a subnet'),
      reason: 'an empty list brings no interface',
      resource: instance(s, { networkInterface: [] }),
      rules: both,
      want: {
        desired: changed(instance(s, { networkInterface: [], associatePublicIpAddress: false }), instanceNoPublicIpDefault.id),
        mutations: [mutation(instanceNoPublicIpDefault, ip, false)],
        findings: [],
      },
    },
    pass(instance(s, { associatePublicIpAddress: false }), both, at(instanceNoPublicIpDefault, 'false passes'), 'already private'),
    pass(
      instance(s, { networkInterface: [{ deviceIndex: 0, networkInterfaceId: 'eni-0123' }] }),
      both,
      at(instanceNoPublicIpDefault, 'subnet and interfaces: nothing injected'),
      'Terraform refuses associatePublicIpAddress beside network_interface',
    ),
    {
      name: at(instanceNoPublicIpDefault, 'action Warn'),
      reason: 'reported, not injected',
      resource: instance(s),
      rules: [instanceNoPublicIpDefault],
      input: action(instanceNoPublicIpDefault, 'Warn'),
      want: { desired: SAME, mutations: [], findings: [finding(instanceNoPublicIpDefault, 'Warn', ip, NOT_OFF)] },
    },
    {
      name: at(instancePublicIp, 'action Deny'),
      reason: 'the Input may make the request a plain refusal',
      resource: instance(s, { associatePublicIpAddress: true }),
      rules: both,
      input: action(instancePublicIp, 'Deny'),
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'Deny', ip, `${ip} is true: ${PUBLIC_IP}`)] },
    },
  ];
});

const SUBNET = 'every instance launched into this subnet gets a public IP address; approve only for a public subnet that holds load balancers or NAT gateways, otherwise remove it';

const subnetCases: Case[] = FLAT_SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `${subnetPublicIp.id} (${s.label}): ${what}`;
  const subnet = (forProvider: Params = {}, init?: Params) => ec2('Subnet', s, { cidrBlock: '10.0.1.0/24', vpcIdRef: { name: 'main' }, ...forProvider }, init);
  const fp = 'spec.forProvider.mapPublicIpOnLaunch';
  return [
    {
      name: at('true, held'),
      reason: 'a public subnet may be legitimate (load balancers, NAT gateways), but a person decides',
      resource: subnet({ mapPublicIpOnLaunch: true }),
      rules: [subnetPublicIp],
      want: { desired: SAME, mutations: [], findings: [finding(subnetPublicIp, 'RequireApproval', fp, `${fp} is true: ${SUBNET}`)] },
    },
    {
      name: at('true in initProvider, held'),
      reason: 'the subnet is created that way',
      resource: subnet({}, { mapPublicIpOnLaunch: true }),
      rules: [subnetPublicIp],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(subnetPublicIp, 'RequireApproval', 'spec.initProvider.mapPublicIpOnLaunch', `spec.initProvider.mapPublicIpOnLaunch is true: ${SUBNET}`)],
      },
    },
    pass(subnet(), [subnetPublicIp], at('absent passes, nothing injected'), 'absent is AWS’s default, false'),
    pass(subnet({ mapPublicIpOnLaunch: false }), [subnetPublicIp], at('false passes'), 'private'),
    {
      name: at('a string, held as malformed'),
      reason: 'a value the rule cannot read is not passed',
      resource: subnet({ mapPublicIpOnLaunch: 'true' }),
      rules: [subnetPublicIp],
      want: { desired: SAME, mutations: [], findings: [finding(subnetPublicIp, 'RequireApproval', fp, `${fp} must be a boolean, got the string "true"`)] },
    },
    pass(
      (() => {
        const r = subnet({ mapPublicIpOnLaunch: true });
        (r.spec as Params).managementPolicies = ['Observe'];
        return r;
      })(),
      [subnetPublicIp],
      at('observe-only public subnet passes'),
      'observing a shared public subnet is not creating one',
    ),
    {
      name: at('action Deny'),
      reason: 'a platform without public subnets may refuse outright',
      resource: subnet({ mapPublicIpOnLaunch: true }),
      rules: [subnetPublicIp],
      input: action(subnetPublicIp, 'Deny'),
      want: { desired: SAME, mutations: [], findings: [finding(subnetPublicIp, 'Deny', fp, `${fp} is true: ${SUBNET}`)] },
    },
  ];
});

describe('EC2 rules through the engine', () => {
  it.each([...flagCases, ...encryptionCases, ...imdsCases, ...publicIpCases, ...subnetCases])('$name', (c) => runCase(c));
});

describe('every EC2 rule on one instance', () => {
  it.each(INSTANCE_SHAPES)('an instance in a private subnet ($label) leaves encrypted, IMDSv2-only and private', (s) => {
    const r = instance(s);
    const decision = evaluate(engineRequest({ [NAME]: r }), EC2_RULES);
    expect(decision.findings).toEqual([]);
    expect(decision.desired[NAME]).toEqual(
      changed(r, 'aws-ec2-imdsv2,aws-ec2-instance-encryption,aws-ec2-no-public-ip-default', (spec) =>
        Object.assign(spec.forProvider, {
          rootBlockDevice: block(s, { encrypted: true }),
          metadataOptions: block(s, { httpEndpoint: 'enabled', httpTokens: 'required' }),
          associatePublicIpAddress: false,
        }),
      ),
    );
  });

  it('rules on other kinds leave the instance alone, and instance rules leave volumes alone', () => {
    const volume = ec2('EBSVolume', FLAT_SHAPES[0]!, { availabilityZone: 'eu-west-1a', size: 20, encrypted: true });
    const decision = evaluate(engineRequest({ [NAME]: volume }), EC2_RULES);
    expect(decision).toMatchObject({ mutations: [], findings: [] });
    expect(decision.desired[NAME]).toBe(volume);
  });
});

describe('observeOnly', () => {
  const cases = [
    { name: 'no policies', reason: 'the default is full management', policies: undefined, want: false },
    { name: '["*"]', reason: 'everything', policies: ['*'], want: false },
    { name: '["Observe"]', reason: 'import only', policies: ['Observe'], want: true },
    { name: '["Observe", "LateInitialize"]', reason: 'still never written', policies: ['Observe', 'LateInitialize'], want: true },
    { name: '["Observe", "Create"]', reason: 'created by Crossplane', policies: ['Observe', 'Create'], want: false },
    { name: '["Observe", "Update"]', reason: 'updated by Crossplane', policies: ['Observe', 'Update'], want: false },
    { name: 'a string', reason: 'not a list: judged as managed, fail closed', policies: 'Observe', want: false },
  ];
  it.each(cases)('$name', ({ policies, want }) => {
    expect(observeOnly({ spec: policies === undefined ? {} : { managementPolicies: policies } })).toBe(want);
  });
});
