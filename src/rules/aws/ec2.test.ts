import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, input, managed, type Group } from '../../../test/builders.js';
import { booleanGuard, awsResource, finding, guardCases, missed, mutation, NAME, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
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
        want: { desired: SAME, mutations: [], findings: [missed(f.rule, 'Warn', fp, f.missing, true)] },
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
      name: at('an entry claiming noDevice, a field an Instance lacks: still injected'),
      reason: 'the API server drops a field the CRD lacks, so the claim cannot excuse the volume from encryption',
      resource: instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', noDevice: true }] }),
      rules: [instanceEncryption],
      want: {
        desired: changed(instance(s, { ...encryptedRoot, ebsBlockDevice: [{ deviceName: '/dev/sdf', noDevice: true, encrypted: true }] }), instanceEncryption.id),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.ebsBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
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
          missed(instanceEncryption, 'Warn', 'spec.forProvider.rootBlockDevice', 'root volume encryption was not set', block(s, { encrypted: true })),
          missed(instanceEncryption, 'Warn', 'spec.forProvider.ebsBlockDevice[0].encrypted', 'encryption of EBS block device /dev/sdf was not set', true),
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
      want: { desired: SAME, mutations: [], findings: [missed(imdsv2, 'Warn', 'spec.forProvider.metadataOptions', IMDS_MISSING, block(s, { httpEndpoint: 'enabled', httpTokens: 'required' }))] },
    },
  ];
});

const PUBLIC_IP = 'the instance gets a public IP address; approve only if it must be reached directly from the internet, otherwise remove it and reach the instance through a load balancer, SSM Session Manager or a VPN';
const DEFAULT_VPC =
  'no subnet, network interface or launch template is named, so the instance launches in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId, subnetIdRef or subnetIdSelector), or approve only if it must be reached directly from the internet';
const NOT_OFF = 'public IP assignment was not turned off, so the subnet default decides';
const UNSEEN = 'cannot be shown to be one composed here and fully managed by Crossplane, so guardrails cannot see';

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
    {
      name: at(instancePublicIp, 'a launch template not composed here, no subnet: held'),
      reason: 'only the template could place the instance in a subnet, and guardrails cannot see it',
      resource: unplaced({ launchTemplate: block(s, { name: 'web' }) }),
      rules: both,
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instancePublicIp, 'RequireApproval', inBlock(s, 'launchTemplate', 'name'), `launch template name "web" ${UNSEEN} whether it places the instance in a private subnet; name a private subnet (subnetId, subnetIdRef or subnetIdSelector) on the instance, compose the template here, or approve only if it must be reached directly from the internet`)],
      },
    },
    {
      name: at(instancePublicIp, 'an Instance naming a launch template with associatePublicIpAddress: true is held'),
      reason: 'what the instance sets itself is judged whatever template it names',
      resource: instance(s, { launchTemplate: block(s, { id: 'lt-0123' }), associatePublicIpAddress: true }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', ip, `${ip} is true: ${PUBLIC_IP}`)] },
    },
    {
      name: at(instanceNoPublicIpDefault, 'a launch template and a subnet: false injected on the instance'),
      reason: 'the instance’s own interface settings override the template’s, so the template need not be seen',
      resource: instance(s, { launchTemplate: block(s, { id: 'lt-0123' }) }),
      rules: both,
      want: {
        desired: changed(instance(s, { launchTemplate: block(s, { id: 'lt-0123' }), associatePublicIpAddress: false }), instanceNoPublicIpDefault.id),
        mutations: [mutation(instanceNoPublicIpDefault, ip, false)],
        findings: [],
      },
    },
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
      want: { desired: SAME, mutations: [], findings: [missed(instanceNoPublicIpDefault, 'Warn', ip, NOT_OFF, false)] },
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

/*
 * Every way to launch an instance, judged like an Instance: Spot instance
 * requests, launch templates, autoscaling launch configurations, Spot Fleet
 * requests and autoscaling groups, on every served shape (provider-upjet-aws
 * 75a4c57162d0; LaunchConfiguration from the CRDs under scripts/crds).
 */
const THREE: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

/** A single nested block in the rendering of `s`. */
const one = (s: Served, fields: Params): unknown => (s.blocks === 'array' ? [fields] : fields);
/** `spec.forProvider.a[0].b` in array shape, `spec.forProvider.a.b` in object shape. */
const under = (s: Served, head: string, rest: string, params = 'forProvider') => `spec.${params}.${head}${s.blocks === 'array' ? '[0]' : ''}.${rest}`;

const spotRequest = (s: Served, fp: Params = {}) => awsResource('ec2', 'SpotInstanceRequest', s, { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', spotPrice: '0.03', ...fp });
const launchConfiguration = (s: Served, fp: Params = {}) => awsResource('autoscaling', 'LaunchConfiguration', s, { imageId: 'ami-0123456789abcdef0', instanceType: 't3.micro', ...fp });
const launchTemplate = (s: Served, fp: Params = {}) => awsResource('ec2', 'LaunchTemplate', s, { imageId: 'ami-0123456789abcdef0', instanceType: 't3.micro', ...fp });
const fleet = (s: Served, fp: Params = {}) => awsResource('ec2', 'SpotFleetRequest', s, { iamFleetRole: 'arn:aws:iam::123456789012:role/fleet', targetCapacity: 2, ...fp });
/** A launch specification of a Spot Fleet: encrypted root, in a named subnet. */
const spec = (fields: Params = {}): Params => ({ ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', subnetId: 'subnet-0a', rootBlockDevice: [{ encrypted: true }], ...fields });

const ROOT = 'root volume encryption was not set';
const ROOT_ADVICE = 'set it to true (or remove it) so the root volume is encrypted at rest';

/** The root volume of a launch configuration and a Spot request is one boolean, like an Instance's. */
const rootGuards: Case[] = [
  { label: 'LaunchConfiguration', build: launchConfiguration },
  { label: 'SpotInstanceRequest', build: spotRequest },
].flatMap(({ label, build }) =>
  guardCases({
    rule: instanceEncryption,
    field: ['rootBlockDevice', 'encrypted'],
    shapes: THREE,
    build,
    ...booleanGuard(true),
    missing: ROOT,
    advice: ROOT_ADVICE,
  }).map((c) => ({ ...c, name: `${label}: ${c.name}` })),
);

const VOLUME_ADVICE = (v: string) => `set it to ${v} (or remove it) so the volume is encrypted at rest`;

const templateVolumeCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = (what: string) => `${instanceEncryption.id} on LaunchTemplate (${s.label}): ${what}`;
  const mapping = (ebs: Params, extra: Params = {}) => ({ deviceName: '/dev/xvdb', ebs: one(s, ebs), ...extra });
  const lt = (mappings: unknown[], init?: unknown[]) => {
    const r = launchTemplate(s, { blockDeviceMappings: mappings });
    return init === undefined ? r : withInit(r, { blockDeviceMappings: init });
  };
  const path = (i: number, params = 'forProvider') => `spec.${params}.blockDeviceMappings[${i}].ebs${s.blocks === 'array' ? '[0]' : ''}.encrypted`;
  return [
    {
      name: at('a LaunchTemplate device without encrypted is injected'),
      reason: 'the provider types the flag as a string (a Terraform nullable boolean): "true" is what it reads as true',
      resource: lt([mapping({ volumeSize: 50 })]),
      rules: [instanceEncryption],
      want: {
        desired: changed(lt([mapping({ volumeSize: 50 })]), instanceEncryption.id, (sp) => ((sp.forProvider.blockDeviceMappings as Params[])[0]!.ebs = one(s, { volumeSize: 50, encrypted: 'true' }))),
        mutations: [mutation(instanceEncryption, path(0), 'true')],
        findings: [],
      },
    },
    {
      name: at('a device in initProvider without encrypted is injected there'),
      reason: 'Upjet creates the mappings from initProvider when forProvider has none',
      resource: lt([], [mapping({ volumeSize: 50 })]),
      rules: [instanceEncryption],
      want: {
        desired: changed(lt([], [mapping({ volumeSize: 50 })]), instanceEncryption.id, (sp) => ((sp.initProvider!.blockDeviceMappings as Params[])[0]!.ebs = one(s, { volumeSize: 50, encrypted: 'true' }))),
        mutations: [mutation(instanceEncryption, path(0, 'initProvider'), 'true')],
        findings: [],
      },
    },
    ...(['false', 'FALSE', '0', ''] as const).map(
      (v): Case => ({
        name: at(`encrypted ${JSON.stringify(v)} is refused`),
        reason: v === '' ? 'an empty string is how the provider spells unset: the volume would follow the account default, and nothing can be injected over it' : 'every spelling Terraform reads as false is refused',
        resource: lt([mapping({ encrypted: v })]),
        rules: [instanceEncryption],
        want: { desired: SAME, mutations: [], findings: [finding(instanceEncryption, 'Deny', path(0), `${path(0)} is ${JSON.stringify(v)}; ${VOLUME_ADVICE('"true"')}`)] },
      }),
    ),
    pass(lt([mapping({ encrypted: 'true' }), mapping({ encrypted: '1' }, { deviceName: '/dev/xvdc' })]), [instanceEncryption], at('"true" and "1" pass'), 'both read as true'),
    {
      name: at('encrypted as a boolean, refused as malformed'),
      reason: 'the CRD types it as a string; a value the rule cannot read is not passed',
      resource: lt([mapping({ encrypted: true })]),
      rules: [instanceEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(instanceEncryption, 'Deny', path(0), `${path(0)} must be "true" or "false", got boolean true`)] },
    },
    pass(lt([mapping({ snapshotId: 'snap-0123' })]), [instanceEncryption], at('a device from a snapshot, no encrypted: left alone'), 'its encryption follows the snapshot, as for an Instance'),
    pass(lt([{ deviceName: '/dev/sdb', virtualName: 'ephemeral0' }]), [instanceEncryption], at('an instance-store mapping: nothing'), 'no EBS volume, nothing to encrypt'),
    pass(launchTemplate(s), [instanceEncryption], at('no mappings: nothing'), 'the AMI’s own volumes follow their snapshots (aws-ebs-default-encryption covers them)'),
    {
      name: at('ebs a string, refused'),
      reason: 'a block that cannot be read is refused, never passed',
      resource: lt([{ deviceName: '/dev/xvdb', ebs: 'gp3' }]),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instanceEncryption, 'Deny', 'spec.forProvider.blockDeviceMappings[0].ebs', 'spec.forProvider.blockDeviceMappings[0].ebs must be an object, got the string "gp3"')],
      },
    },
    {
      name: at('mappings an object, refused'),
      reason: 'the field repeats, so it is a list in every version',
      resource: launchTemplate(s, { blockDeviceMappings: mapping({}) }),
      rules: [instanceEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(instanceEncryption, 'Deny', 'spec.forProvider.blockDeviceMappings', 'spec.forProvider.blockDeviceMappings must be a list, got an object')] },
    },
    {
      name: at('action Warn: the absence reported at the flag'),
      reason: 'under Warn nothing is injected; the finding names the device',
      resource: lt([mapping({})]),
      rules: [instanceEncryption],
      input: action(instanceEncryption, 'Warn'),
      want: { desired: SAME, mutations: [], findings: [missed(instanceEncryption, 'Warn', path(0), 'encryption of EBS block device /dev/xvdb was not set', 'true')] },
    },
  ];
});

const configurationVolumeCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = (what: string) => `${instanceEncryption.id} on LaunchConfiguration (${s.label}): ${what}`;
  const root = { rootBlockDevice: one(s, { encrypted: true }) };
  return [
    {
      name: at('an ebsBlockDevice entry without encrypted is injected'),
      reason: 'the same list as an Instance’s, judged the same way',
      resource: launchConfiguration(s, { ...root, ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 20 }] }),
      rules: [instanceEncryption],
      want: {
        desired: changed(launchConfiguration(s, { ...root, ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 20, encrypted: true }] }), instanceEncryption.id),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.ebsBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
    pass(
      launchConfiguration(s, { ...root, ebsBlockDevice: [{ deviceName: '/dev/sdf', noDevice: true }] }),
      [instanceEncryption],
      at('a noDevice entry: nothing injected'),
      'it suppresses the AMI’s device: no volume is created',
    ),
  ];
});

const IMDS_OPTIONAL = 'set it to "required" (or remove it) so only IMDSv2 session tokens can read the instance metadata';
const ENDPOINT_MISSING =
  'httpEndpoint was not set, and Terraform sends the token requirement of a launch configuration (and, in older provider releases, of a launch template) only together with httpEndpoint "enabled"';
const templateImdsCases: Case[] = THREE.flatMap((s) =>
  [
    { kind: 'LaunchTemplate', build: launchTemplate },
    { kind: 'LaunchConfiguration', build: launchConfiguration },
  ].flatMap(({ kind, build }): Case[] => {
    const at = (what: string) => `${imdsv2.id} on ${kind} (${s.label}): ${what}`;
    const options = (fields: Params) => build(s, { metadataOptions: one(s, fields) });
    const tokens = under(s, 'metadataOptions', 'httpTokens');
    const endpoint = under(s, 'metadataOptions', 'httpEndpoint');
    return [
      {
        name: at('no metadataOptions: the block injected with the endpoint enabled'),
        reason: 'both fields, since Terraform sends the tokens only beside an enabled endpoint',
        resource: build(s),
        rules: [imdsv2],
        want: {
          desired: changed(build(s), imdsv2.id, (sp) => (sp.forProvider.metadataOptions = one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }))),
          mutations: [mutation(imdsv2, 'spec.forProvider.metadataOptions', one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }))],
          findings: [],
        },
      },
      {
        name: at(`a ${kind} with httpTokens optional is refused`),
        reason: 'IMDSv1 lets an SSRF read the role credentials of every instance launched from it',
        resource: options({ httpEndpoint: 'enabled', httpTokens: 'optional' }),
        rules: [imdsv2],
        want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', tokens, `${tokens} is "optional"; ${IMDS_OPTIONAL}`)] },
      },
      {
        name: at('httpTokens required without an endpoint: the endpoint injected'),
        reason: 'Terraform drops a launch configuration’s token requirement (and, in older releases, a template’s) unless the endpoint is "enabled"',
        resource: options({ httpTokens: 'required' }),
        rules: [imdsv2],
        want: {
          desired: changed(options({ httpTokens: 'required', httpEndpoint: 'enabled' }), imdsv2.id),
          mutations: [mutation(imdsv2, endpoint, 'enabled')],
          findings: [],
        },
      },
      {
        name: at('a block with neither: both injected into it'),
        reason: 'the author’s block is completed, not replaced',
        resource: options({ httpPutResponseHopLimit: 1 }),
        rules: [imdsv2],
        want: {
          desired: changed(options({ httpPutResponseHopLimit: 1, httpTokens: 'required', httpEndpoint: 'enabled' }), imdsv2.id),
          mutations: [mutation(imdsv2, tokens, 'required'), mutation(imdsv2, endpoint, 'enabled')],
          findings: [],
        },
      },
      pass(options({ httpEndpoint: 'enabled', httpTokens: 'required' }), [imdsv2], at('enabled and required pass'), 'IMDSv2 only'),
      pass(options({ httpEndpoint: 'disabled' }), [imdsv2], at('endpoint disabled passes'), 'no metadata service, no credentials to steal'),
      {
        name: at('an empty endpoint, refused'),
        reason: 'empty is unset: the tokens would not be sent, and nothing can be injected over it',
        resource: options({ httpEndpoint: '', httpTokens: 'required' }),
        rules: [imdsv2],
        want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', endpoint, `${endpoint} is ""; set it to "enabled" (or remove it): Terraform sends httpTokens "required" only together with an enabled endpoint`)] },
      },
      {
        name: at('an endpoint that is neither enabled nor disabled, refused'),
        reason: 'Terraform would send no token requirement with it',
        resource: options({ httpEndpoint: 'Enabled', httpTokens: 'required' }),
        rules: [imdsv2],
        want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', endpoint, `${endpoint} is "Enabled"; set it to "enabled" (with httpTokens "required") or "disabled"`)] },
      },
      {
        name: at('missing, action Warn'),
        reason: 'one finding for the missing block, nothing injected',
        resource: build(s),
        rules: [imdsv2],
        input: action(imdsv2, 'Warn'),
        want: { desired: SAME, mutations: [], findings: [missed(imdsv2, 'Warn', 'spec.forProvider.metadataOptions', IMDS_MISSING, one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }))] },
      },
      {
        name: at('httpTokens required without an endpoint, action Warn'),
        reason: 'the missing endpoint is reported with why it matters',
        resource: options({ httpTokens: 'required' }),
        rules: [imdsv2],
        input: action(imdsv2, 'Warn'),
        want: { desired: SAME, mutations: [], findings: [missed(imdsv2, 'Warn', endpoint, ENDPOINT_MISSING, 'enabled')] },
      },
    ];
  }),
);

const LAUNCHED_PUBLIC =
  'every instance launched from it gets a public IP address; approve only if they must be reached directly from the internet, otherwise remove it and reach them through a load balancer, SSM Session Manager or a VPN';

const templatePublicIpCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = (rule: Rule, what: string) => `${rule.id} on LaunchTemplate (${s.label}): ${what}`;
  const both = [instancePublicIp, instanceNoPublicIpDefault];
  const lt = (interfaces: unknown) => launchTemplate(s, { networkInterfaces: interfaces });
  const flag = (i: number) => `spec.forProvider.networkInterfaces[${i}].associatePublicIpAddress`;
  return [
    {
      name: at(instancePublicIp, 'associatePublicIpAddress "true", held'),
      reason: 'every instance launched from it is reachable from the internet',
      resource: lt([{ deviceIndex: 0, associatePublicIpAddress: 'true', subnetId: 'subnet-0a' }]),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', flag(0), `${flag(0)} is "true": ${LAUNCHED_PUBLIC}`)] },
    },
    {
      name: at(instancePublicIp, 'associatePublicIpAddress true as a boolean, held as malformed'),
      reason: 'the CRD types it as a string; a value the rule cannot read is not passed',
      resource: lt([{ associatePublicIpAddress: true }]),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', flag(0), `${flag(0)} must be "true" or "false", got boolean true`)] },
    },
    {
      name: at(instanceNoPublicIpDefault, 'the only interface, flag absent: "false" injected'),
      reason: 'the new eth0 is the only interface a public IP can go to; the subnet’s auto-assign setting must not decide',
      resource: lt([{ subnetId: 'subnet-0a', securityGroups: ['sg-0a'] }]),
      rules: both,
      want: {
        desired: changed(lt([{ subnetId: 'subnet-0a', securityGroups: ['sg-0a'], associatePublicIpAddress: 'false' }]), instanceNoPublicIpDefault.id),
        mutations: [mutation(instanceNoPublicIpDefault, flag(0), 'false')],
        findings: [],
      },
    },
    {
      name: at(instanceNoPublicIpDefault, 'the only interface with an empty flag, refused'),
      reason: 'empty is unset, so the subnet decides, and nothing can be injected over it',
      resource: lt([{ associatePublicIpAddress: '' }]),
      rules: both,
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instanceNoPublicIpDefault, 'Deny', flag(0), `${flag(0)} is ""; set it to "false" (or remove it) so the subnet's auto-assign setting cannot make the instances public`)],
      },
    },
    pass(lt([{ deviceIndex: 0 }, { deviceIndex: 1 }]), both, at(instanceNoPublicIpDefault, 'two interfaces: nothing'), 'AWS assigns no public IP with several interfaces, and refuses the flag among them'),
    pass(lt([{ networkInterfaceId: 'eni-0123' }]), both, at(instanceNoPublicIpDefault, 'an existing interface: nothing'), 'the flag applies only to a new interface'),
    pass(lt([{ deviceIndex: 1 }]), both, at(instanceNoPublicIpDefault, 'an interface on device index 1: nothing'), 'a public IP goes to eth0 only'),
    pass(lt([{ associatePublicIpAddress: 'false' }]), both, at(instancePublicIp, '"false" passes'), 'already private'),
    pass(launchTemplate(s), both, at(instanceNoPublicIpDefault, 'no interfaces: nothing'), 'adding one would clash with the template’s security groups; the launcher’s subnet decides'),
  ];
});

const configurationPublicIpCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = (rule: Rule, what: string) => `${rule.id} on LaunchConfiguration (${s.label}): ${what}`;
  const both = [instancePublicIp, instanceNoPublicIpDefault];
  const ip = 'spec.forProvider.associatePublicIpAddress';
  return [
    {
      name: at(instancePublicIp, 'true, held'),
      reason: 'every instance of the groups using it gets a public IP (Checkov CKV_AWS_389)',
      resource: launchConfiguration(s, { associatePublicIpAddress: true }),
      rules: both,
      want: { desired: SAME, mutations: [], findings: [finding(instancePublicIp, 'RequireApproval', ip, `${ip} is true: ${LAUNCHED_PUBLIC}`)] },
    },
    {
      name: at(instanceNoPublicIpDefault, 'absent: false injected'),
      reason: 'Terraform sends an explicit false, which overrides the subnets’ auto-assign setting',
      resource: launchConfiguration(s),
      rules: both,
      want: { desired: changed(launchConfiguration(s, { associatePublicIpAddress: false }), instanceNoPublicIpDefault.id), mutations: [mutation(instanceNoPublicIpDefault, ip, false)], findings: [] },
    },
    pass(launchConfiguration(s, { associatePublicIpAddress: false }), both, at(instancePublicIp, 'false passes'), 'private'),
  ];
});

const FLEET_SPEC_IMDS =
  'a Spot Fleet launch specification cannot require IMDSv2 (EC2 takes no metadata options in it), so its instances answer plain GETs for their role credentials; launch from a launch template that requires IMDSv2 (launchTemplateConfig) instead';

const spotPlacementCases: Case[] = THREE.map(
  (s): Case => ({
    name: `${instancePublicIp.id} on SpotInstanceRequest (${s.label}): primaryNetworkInterface, a field a Spot request lacks, places nothing`,
    reason: 'the API server drops a field the CRD lacks, so it cannot stand in for a subnet: the request launches in the default VPC',
    resource: spotRequest(s, { primaryNetworkInterface: one(s, { networkInterfaceId: 'eni-0123' }) }),
    rules: [instancePublicIp, instanceNoPublicIpDefault],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(
          instancePublicIp,
          'RequireApproval',
          'spec.forProvider.subnetId',
          'no subnet, network interface or launch template is named, so the instance launches in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId, subnetIdRef or subnetIdSelector), or approve only if it must be reached directly from the internet',
        ),
      ],
    },
  }),
);

const fleetCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = (rule: Rule, what: string) => `${rule.id} on SpotFleetRequest (${s.label}): ${what}`;
  const specs = (...entries: Params[]) => fleet(s, { launchSpecification: entries });
  return [
    {
      name: at(instanceEncryption, 'a spot fleet launch specification without a root block device gets one, encrypted'),
      reason: 'the root volume follows the AMI otherwise; rootBlockDevice is a list in every version (a Terraform set)',
      resource: specs(spec({ rootBlockDevice: undefined })),
      rules: [instanceEncryption],
      want: {
        desired: changed(specs(spec({ rootBlockDevice: undefined })), instanceEncryption.id, (sp) => ((sp.forProvider.launchSpecification as Params[])[0]!.rootBlockDevice = [{ encrypted: true }])),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.launchSpecification[0].rootBlockDevice', [{ encrypted: true }])],
        findings: [],
      },
    },
    {
      name: at(instanceEncryption, 'devices of a second specification judged at their index'),
      reason: 'every launch specification launches instances; each device on its own, one from a snapshot left alone',
      resource: specs(spec(), spec({ rootBlockDevice: [{ encrypted: false }], ebsBlockDevice: [{ deviceName: '/dev/sdf', snapshotId: 'snap-0123' }] })),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(instanceEncryption, 'Deny', 'spec.forProvider.launchSpecification[1].rootBlockDevice[0].encrypted', `spec.forProvider.launchSpecification[1].rootBlockDevice[0].encrypted is false; ${VOLUME_ADVICE('true')}`),
        ],
      },
    },
    {
      name: at(instanceEncryption, 'an EBS device without encrypted is injected'),
      reason: 'judged as on an Instance',
      resource: specs(spec({ ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 10 }] })),
      rules: [instanceEncryption],
      want: {
        desired: changed(specs(spec({ ebsBlockDevice: [{ deviceName: '/dev/sdf', volumeSize: 10 }] })), instanceEncryption.id, (sp) => ((sp.forProvider.launchSpecification as Params[])[0]!.ebsBlockDevice = [{ deviceName: '/dev/sdf', volumeSize: 10, encrypted: true }])),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.launchSpecification[0].ebsBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
    {
      name: at(instanceEncryption, 'a root block device claiming a snapshot, a field it lacks: still injected'),
      reason: 'the API server drops snapshotId from the root block, so the claim cannot excuse it from encryption',
      resource: specs(spec({ rootBlockDevice: [{ snapshotId: 'snap-0123' }] })),
      rules: [instanceEncryption],
      want: {
        desired: changed(specs(spec({ rootBlockDevice: [{ snapshotId: 'snap-0123', encrypted: true }] })), instanceEncryption.id, () => {}),
        mutations: [mutation(instanceEncryption, 'spec.forProvider.launchSpecification[0].rootBlockDevice[0].encrypted', true)],
        findings: [],
      },
    },
    {
      name: at(instanceEncryption, 'an empty rootBlockDevice list, refused'),
      reason: 'no root settings means the AMI’s, and nothing can be injected into an empty list',
      resource: specs(spec({ rootBlockDevice: [] })),
      rules: [instanceEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(instanceEncryption, 'Deny', 'spec.forProvider.launchSpecification[0].rootBlockDevice', "spec.forProvider.launchSpecification[0].rootBlockDevice is an empty list, so the root volume keeps the AMI's encryption; remove it, or give it encrypted: true"),
        ],
      },
    },
    {
      name: at(imdsv2, 'a spot fleet launch specification is refused: it cannot require IMDSv2'),
      reason: 'EC2 takes no metadata options in a launch specification, so nothing can be injected',
      resource: specs(spec()),
      rules: [imdsv2],
      want: { desired: SAME, mutations: [], findings: [finding(imdsv2, 'Deny', 'spec.forProvider.launchSpecification[0]', FLEET_SPEC_IMDS)] },
    },
    {
      name: at(instancePublicIp, 'a launch specification with associatePublicIpAddress true, held'),
      reason: 'Terraform gives its instances a public IP in the subnet named',
      resource: specs(spec({ associatePublicIpAddress: true })),
      rules: [instancePublicIp],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(instancePublicIp, 'RequireApproval', 'spec.forProvider.launchSpecification[0].associatePublicIpAddress', `spec.forProvider.launchSpecification[0].associatePublicIpAddress is true: ${LAUNCHED_PUBLIC}`)],
      },
    },
    {
      name: at(instancePublicIp, 'a launch specification with no subnet, held'),
      reason: 'its instances launch in the default VPC, whose subnets assign public IPs',
      resource: specs(spec({ subnetId: undefined })),
      rules: [instancePublicIp],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            instancePublicIp,
            'RequireApproval',
            'spec.forProvider.launchSpecification[0].subnetId',
            'no subnet is named, so the instances of this launch specification launch in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId), or approve only if they must be reached directly from the internet',
          ),
        ],
      },
    },
    pass(specs(spec()), [instancePublicIp, instanceEncryption], at(instancePublicIp, 'an encrypted specification in a subnet passes'), 'the subnet decides, as aws-vpc-subnet-public-ip judges it'),
  ];
});

describe('every way to launch an instance', () => {
  it.each([
    ...rootGuards,
    ...templateVolumeCases,
    ...configurationVolumeCases,
    ...templateImdsCases,
    ...templatePublicIpCases,
    ...configurationPublicIpCases,
    ...fleetCases,
    ...spotPlacementCases,
  ])('$name', (c) => runCase(c));
});

describe('every EC2 rule on one launch template', () => {
  it.each(THREE)('a launch template with a device and one interface ($label) leaves encrypted, IMDSv2-only and private', (s) => {
    const r = launchTemplate(s, { blockDeviceMappings: [{ deviceName: '/dev/xvdb', ebs: one(s, { volumeSize: 20 }) }], networkInterfaces: [{ subnetId: 'subnet-0a' }] });
    const decision = evaluate(engineRequest({ [NAME]: r }), EC2_RULES);
    expect(decision.findings).toEqual([]);
    expect(decision.desired[NAME]).toEqual(
      changed(r, 'aws-ec2-imdsv2,aws-ec2-instance-encryption,aws-ec2-no-public-ip-default', (sp) =>
        Object.assign(sp.forProvider, {
          blockDeviceMappings: [{ deviceName: '/dev/xvdb', ebs: one(s, { volumeSize: 20, encrypted: 'true' }) }],
          metadataOptions: one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }),
          networkInterfaces: [{ subnetId: 'subnet-0a', associatePublicIpAddress: 'false' }],
        }),
      ),
    );
  });
});
