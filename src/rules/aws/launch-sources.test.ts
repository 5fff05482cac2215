/**
 * Launchers that name a launch template or configuration, through the
 * engine with the whole desired state: a source composed here is judged as a
 * resource of its own, one that is not (or may not be) is refused or held.
 */
import { describe, expect, it } from 'vitest';
import { carried, engineRequest, xr } from '../../../test/builders.js';
import { awsResource, served, withPolicies, type Served } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject, Mutation } from '../../engine/types.js';
import { imdsv2, instanceEncryption, instanceNoPublicIpDefault, instancePublicIp } from './ec2.js';

type Params = Record<string, unknown>;

interface Scene {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  observed?: Record<string, KubeObject>;
  composite?: KubeObject;
  rules: readonly Rule[];
  want: { findings: Finding[]; mutations: Mutation[] };
}

function runScene(c: Scene): void {
  const decision = evaluate(engineRequest(c.desired, { observed: c.observed ?? {}, composite: c.composite ?? xr() }), c.rules);
  expect(decision.errors).toEqual([]);
  expect(decision.findings).toEqual(c.want.findings);
  expect(decision.mutations).toEqual(c.want.mutations);
}

const one = (s: Served, fields: Params): unknown => (s.blocks === 'array' ? [fields] : fields);
const inBlock = (s: Served, path: string, field: string) => `spec.forProvider.${path}${s.blocks === 'array' ? '[0]' : ''}.${field}`;
const found = (resource: string, rule: Rule, action: Finding['action'], path: string, message: string): Finding => ({ resource, rule: rule.id, action, path, message });

/** A launch template every EC2 rule passes: IMDSv2 only, its one interface private and in a subnet. */
function template(s: Served, fp: Params = {}, metadata: Params = {}): KubeObject {
  return {
    ...awsResource('ec2', 'LaunchTemplate', s, {
      name: 'web',
      imageId: 'ami-0123456789abcdef0',
      metadataOptions: one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }),
      networkInterfaces: [{ subnetIdRef: { name: 'private-a' }, associatePublicIpAddress: 'false' }],
      ...fp,
    }),
    metadata: { name: 'web-template', labels: { role: 'web' }, ...metadata },
  };
}

/** A launch configuration every EC2 rule passes. */
function configuration(s: Served, metadata: Params = {}): KubeObject {
  return {
    ...awsResource('autoscaling', 'LaunchConfiguration', s, {
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      associatePublicIpAddress: false,
      rootBlockDevice: one(s, { encrypted: true }),
      metadataOptions: one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }),
    }),
    metadata: { name: 'web-lc', ...metadata },
  };
}

const group = (s: Served, fp: Params) => awsResource('autoscaling', 'AutoscalingGroup', s, { maxSize: 2, minSize: 1, vpcZoneIdentifier: ['subnet-0a'], ...fp });

/** The template shape beside a launcher of shape `s`: the same group, the newest cluster-scoped version. */
const beside = (s: Served): Served => (s.group === 'namespaced' ? served('namespaced', 'v1beta1') : served('cluster', 'v1beta2'));

const UNSEEN = 'cannot be shown to be one composed here and fully managed by Crossplane, so guardrails cannot see';
const WAIVE = 'compose it in this composition, where it is judged, or waive this rule for the resource with an exception';
const APPROVE_LAUNCHED = 'compose it in this composition, where it is judged, or approve only if they must be reached directly from the internet';

/** The three findings on a group that launches from a source guardrails cannot see. */
function unseenOnGroup(resource: string, path: string, label: string): Finding[] {
  return [
    found(resource, instanceEncryption, 'Deny', path, `${label} ${UNSEEN} whether the volumes it defines are encrypted at rest; ${WAIVE}`),
    found(resource, imdsv2, 'Deny', path, `${label} ${UNSEEN} whether it requires IMDSv2; ${WAIVE}`),
    found(resource, instancePublicIp, 'RequireApproval', path, `${label} ${UNSEEN} whether it gives instances a public IP address; ${APPROVE_LAUNCHED}`),
  ];
}

const RULES = [instanceEncryption, imdsv2, instancePublicIp, instanceNoPublicIpDefault];

/** Crossplane's mark on a resource it created. */
const CREATED = { 'crossplane.io/external-create-succeeded': '2025-01-01T00:00:00Z' };
const FORGED = 'metadata.annotations[crossplane.io/external-create-succeeded]';

const GROUP_SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('cluster', 'v1beta3'), served('namespaced', 'v1beta1')];

const groupScenes: Scene[] = GROUP_SHAPES.flatMap((s): Scene[] => {
  const t = beside(s);
  const at = (what: string) => `AutoscalingGroup (${s.label}): ${what}`;
  const lt = (fields: Params) => ({ launchTemplate: one(s, fields) });
  const clean = (what: string, reason: string, launcher: KubeObject, others: Record<string, KubeObject>, observed?: Record<string, KubeObject>): Scene => ({
    name: at(what),
    reason,
    desired: { asg: launcher, ...others },
    ...(observed !== undefined ? { observed } : {}),
    rules: RULES,
    want: { findings: [], mutations: [] },
  });
  const refused = (what: string, reason: string, launcher: KubeObject, others: Record<string, KubeObject>, path: string, label: string, observed?: Record<string, KubeObject>): Scene => ({
    name: at(what),
    reason,
    desired: { asg: launcher, ...others },
    ...(observed !== undefined ? { observed } : {}),
    rules: RULES,
    want: { findings: unseenOnGroup('asg', path, label), mutations: [] },
  });
  return [
    clean(
      'an autoscaling group launching a template composed here (idSelector with matchControllerRef) passes',
      'only the composition’s own templates can be selected, and each is judged as a resource of its own',
      group(s, lt({ idSelector: { matchControllerRef: true, matchLabels: { role: 'web' } }, version: '$Latest' })),
      { lt: template(t) },
    ),
    clean('an autoscaling group launching a template by idRef passes', 'the reference names the composed object', group(s, lt({ idRef: { name: 'web-template' } })), { lt: template(t) }),
    clean('an autoscaling group launching a template by its AWS name passes', 'the name the template sets is the one AWS resolves', group(s, lt({ name: 'web' })), { lt: template(t) }),
    clean(
      'an autoscaling group launching a template by the ID it was given passes',
      'the observed template carries its ID as external name, as a composition patches it across, and Crossplane’s mark that it created it',
      group(s, lt({ id: 'lt-0abc' })),
      { lt: template(t) },
      { lt: { ...template(t), metadata: { name: 'web-template', annotations: { ...CREATED, 'crossplane.io/external-name': 'lt-0abc' } } } },
    ),
    refused(
      'an autoscaling group launching an adopted template is refused and held',
      'the observed template lacks Crossplane’s creation mark: it existed before, with versions nobody judged',
      group(s, lt({ id: 'lt-0abc' })),
      { lt: template(t) },
      inBlock(s, 'launchTemplate', 'id'),
      'launch template id "lt-0abc"',
      { lt: { ...template(t), metadata: { name: 'web-template', annotations: { 'crossplane.io/external-name': 'lt-0abc' } } } },
    ),
    refused(
      'an autoscaling group launching a template adopted in this very request is refused and held',
      'a template given an ID before Crossplane created it is an existing one being adopted',
      group(s, lt({ idRef: { name: 'web-template' } })),
      { lt: template(t, {}, { annotations: { 'crossplane.io/external-name': 'lt-0legacy' } }) },
      inBlock(s, 'launchTemplate', 'idRef'),
      'launch template idRef "web-template"',
    ),
    {
      name: at('a template that forges Crossplane’s creation mark is refused, and so is the group launching it'),
      reason: 'only Crossplane writes that mark; launchers trust it to mean nothing was adopted',
      desired: { asg: group(s, lt({ idRef: { name: 'web-template' } })), lt: template(t, {}, { annotations: CREATED }) },
      rules: RULES,
      want: {
        findings: [
          ...unseenOnGroup('asg', inBlock(s, 'launchTemplate', 'idRef'), 'launch template idRef "web-template"'),
          ...[instanceEncryption, imdsv2, instancePublicIp].map((rule) =>
            found(
              'lt',
              rule,
              rule === instancePublicIp ? 'RequireApproval' : 'Deny',
              FORGED,
              `${FORGED} is set by Crossplane when it creates the resource, never by a composition; remove it: what launches from this LaunchTemplate trusts it to mean nothing was adopted`,
            ),
          ),
        ],
        mutations: [],
      },
    },
    clean(
      'an autoscaling group launching a launch configuration Crossplane created passes',
      'the observed configuration carries the creation mark',
      group(s, { launchConfigurationRef: { name: 'web-lc' } }),
      { lc: configuration(t) },
      { lc: configuration(t, { annotations: { ...CREATED, 'crossplane.io/external-name': 'web-lc' } }) },
    ),
    refused(
      'an autoscaling group launching a launch configuration that exists without the creation mark is refused and held',
      'a configuration named like an existing one adopts it; its settings were never judged',
      group(s, { launchConfigurationRef: { name: 'web-lc' } }),
      { lc: configuration(t) },
      'spec.forProvider.launchConfigurationRef',
      'launch configuration launchConfigurationRef "web-lc"',
      { lc: configuration(t, { annotations: { 'crossplane.io/external-name': 'web-lc' } }) },
    ),
    clean(
      'an autoscaling group launching a launch configuration by name passes',
      'a launch configuration’s AWS name is its external name, which defaults to the object’s name',
      group(s, { launchConfiguration: 'web-lc' }),
      { lc: configuration(t) },
    ),
    refused(
      'an autoscaling group launching a template that is not composed here is refused and held',
      'nothing guardrails can see says whether it encrypts, requires IMDSv2 or stays private',
      group(s, lt({ id: 'lt-0999' })),
      {},
      inBlock(s, 'launchTemplate', 'id'),
      'launch template id "lt-0999"',
    ),
    refused(
      'an autoscaling group selecting a template without matchControllerRef is refused and held',
      'the selector may pick an object outside the composition, which was never judged',
      group(s, lt({ idSelector: { matchLabels: { role: 'web' } } })),
      { lt: template(t) },
      inBlock(s, 'launchTemplate', 'idSelector'),
      'launch template selected by idSelector without matchControllerRef',
    ),
    refused(
      'an autoscaling group launching an observe-only template is refused and held',
      'Crossplane only observes it: its spec is not what AWS holds, and the rules do not judge it',
      group(s, lt({ idRef: { name: 'web-template' } })),
      { lt: withPolicies(template(t), ['Observe']) },
      inBlock(s, 'launchTemplate', 'idRef'),
      'launch template idRef "web-template"',
    ),
    refused(
      'an autoscaling group referring by idRef to a template of the other API group is refused and held',
      'a reference resolves among the launcher’s own group (cluster-scoped or namespaced), so the composed template of the other group is not what it names',
      group(s, lt({ idRef: { name: 'web-template' } })),
      { lt: template(s.group === 'namespaced' ? served('cluster', 'v1beta2') : served('namespaced', 'v1beta1')) },
      inBlock(s, 'launchTemplate', 'idRef'),
      'launch template idRef "web-template"',
    ),
    refused(
      'an autoscaling group naming a decoy’s object name as the template name is refused and held',
      'AWS resolves the name among its own templates; the composed one is called "web" there, so "legacy" is another',
      group(s, lt({ name: 'legacy' })),
      { lt: template(t, {}, { name: 'legacy' }) },
      inBlock(s, 'launchTemplate', 'name'),
      'launch template name "legacy"',
    ),
    refused(
      'an autoscaling group naming a template composed in another region is refused and held',
      'names are per region: in the group’s region "web" is another template',
      group(s, lt({ name: 'web' })),
      { lt: template(t, { region: 'us-east-1' }) },
      inBlock(s, 'launchTemplate', 'name'),
      'launch template name "web"',
    ),
    refused(
      'an autoscaling group with a mixed instances override from an unseen template is refused and held',
      'every override may launch from its own template',
      group(s, {
        mixedInstancesPolicy: one(s, {
          launchTemplate: one(s, {
            launchTemplateSpecification: one(s, { launchTemplateName: 'web' }),
            override: [{ instanceType: 'm7g.large', launchTemplateSpecification: one(s, { launchTemplateName: 'arm' }) }],
          }),
        }),
      }),
      { lt: template(t) },
      `spec.forProvider.mixedInstancesPolicy${s.blocks === 'array' ? '[0]' : ''}.launchTemplate${s.blocks === 'array' ? '[0]' : ''}.override[0].launchTemplateSpecification${s.blocks === 'array' ? '[0]' : ''}.launchTemplateName`,
      'launch template launchTemplateName "arm"',
    ),
    refused(
      'an autoscaling group launching a launch configuration that is not composed here is refused and held',
      'nothing guardrails can see says what it holds',
      group(s, { launchConfiguration: 'old-lc' }),
      { lc: configuration(t) },
      'spec.forProvider.launchConfiguration',
      'launch configuration launchConfiguration "old-lc"',
    ),
    {
      name: at('an autoscaling group with no subnets is held'),
      reason: 'it launches in the default VPC, whose subnets give every instance a public IP',
      desired: { asg: group(s, { ...lt({ name: 'web' }), vpcZoneIdentifier: undefined, availabilityZones: ['eu-west-1a'] }), lt: template(t) },
      rules: RULES,
      want: {
        findings: [
          found(
            'asg',
            instancePublicIp,
            'RequireApproval',
            'spec.forProvider.vpcZoneIdentifier',
            'no subnet is named (vpcZoneIdentifier, vpcZoneIdentifierRefs or vpcZoneIdentifierSelector), so the group launches its instances in the default VPC, whose subnets give every instance a public IP; name private subnets, or approve only if they must be reached directly from the internet',
          ),
        ],
        mutations: [],
      },
    },
    {
      name: at('an autoscaling group whose launchTemplate is a string is refused'),
      reason: 'a source that cannot be read is never passed',
      desired: { asg: group(s, { launchTemplate: 'web' }) },
      rules: [imdsv2],
      want: { findings: [found('asg', imdsv2, 'Deny', 'spec.forProvider.launchTemplate', 'spec.forProvider.launchTemplate must be an object, got the string "web"')], mutations: [] },
    },
  ];
});

const INSTANCE_SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const instanceScenes: Scene[] = INSTANCE_SHAPES.flatMap((s) =>
  ['Instance', 'SpotInstanceRequest'].flatMap((kind): Scene[] => {
    const t = beside(s);
    const at = (what: string) => `${kind} (${s.label}): ${what}`;
    const safe = { rootBlockDevice: one(s, { encrypted: true }), metadataOptions: one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }) };
    const launcher = (fp: Params) => awsResource('ec2', kind, s, { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', ...safe, ...fp });
    const named = inBlock(s, 'launchTemplate', 'name');
    return [
      {
        name: at('no subnet, launching a composed template that names one: passes'),
        reason: 'the template places the instance in its subnet, and is judged itself',
        desired: { vm: launcher({ launchTemplate: one(s, { name: 'web' }) }), lt: template(t) },
        rules: RULES,
        want: { findings: [], mutations: [] },
      },
      {
        name: at('no subnet, launching a composed template that names none: held'),
        reason: 'neither says where to launch, so the default VPC’s public subnets decide',
        desired: { vm: launcher({ launchTemplate: one(s, { name: 'web' }) }), lt: template(t, { networkInterfaces: undefined }) },
        rules: RULES,
        want: {
          findings: [
            found(
              'vm',
              instancePublicIp,
              'RequireApproval',
              named,
              'neither the instance nor launch template name "web" names a subnet, so the instance launches in the default VPC, whose subnets give every instance a public IP; name a private subnet (subnetId, subnetIdRef or subnetIdSelector), or approve only if it must be reached directly from the internet',
            ),
          ],
          mutations: [],
        },
      },
      {
        name: at('an Instance naming a launch template with associatePublicIpAddress: true is held, the template composed'),
        reason: 'what the instance sets itself is judged whatever its template says',
        desired: { vm: launcher({ launchTemplate: one(s, { name: 'web' }), subnetId: 'subnet-0a', associatePublicIpAddress: true }), lt: template(t) },
        rules: RULES,
        want: {
          findings: [
            found(
              'vm',
              instancePublicIp,
              'RequireApproval',
              'spec.forProvider.associatePublicIpAddress',
              'spec.forProvider.associatePublicIpAddress is true: the instance gets a public IP address; approve only if it must be reached directly from the internet, otherwise remove it and reach the instance through a load balancer, SSM Session Manager or a VPN',
            ),
          ],
          mutations: [],
        },
      },
      {
        name: at('an unseen template: encryption refused, public IP held, IMDSv2 still injected on the instance'),
        reason: 'the instance’s own metadata options override the template’s; the volumes and the subnet the template adds cannot be seen',
        desired: { vm: launcher({ launchTemplate: one(s, { name: 'web' }), metadataOptions: undefined }) },
        rules: RULES,
        want: {
          findings: [
            found('vm', instanceEncryption, 'Deny', named, `launch template name "web" ${UNSEEN} whether the volumes it defines are encrypted at rest; ${WAIVE}`),
            found(
              'vm',
              instancePublicIp,
              'RequireApproval',
              named,
              `launch template name "web" ${UNSEEN} whether it places the instance in a private subnet; name a private subnet (subnetId, subnetIdRef or subnetIdSelector) on the instance, compose the template here, or approve only if it must be reached directly from the internet`,
            ),
          ],
          mutations: [{ resource: 'vm', rule: imdsv2.id, path: 'spec.forProvider.metadataOptions', value: one(s, { httpEndpoint: 'enabled', httpTokens: 'required' }) }],
        },
      },
      {
        name: at('a template composed but not updated by Crossplane: refused'),
        reason: 'without Update its spec need not be what AWS holds',
        desired: { vm: launcher({ launchTemplate: one(s, { name: 'web' }), subnetId: 'subnet-0a', associatePublicIpAddress: false }), lt: withPolicies(template(t), ['Observe', 'Create']) },
        rules: [instanceEncryption],
        want: { findings: [found('vm', instanceEncryption, 'Deny', named, `launch template name "web" ${UNSEEN} whether the volumes it defines are encrypted at rest; ${WAIVE}`)], mutations: [] },
      },
      {
        name: at('an instance carried by an Object does not match a template composed directly'),
        reason: 'the Object applies the instance elsewhere, where "web" may be another template',
        desired: { vm: carried(launcher({ launchTemplate: one(s, { name: 'web' }), subnetId: 'subnet-0a', associatePublicIpAddress: false })), lt: template(t) },
        rules: [instanceEncryption],
        want: {
          findings: [found('vm', instanceEncryption, 'Deny', `spec.forProvider.manifest.${named}`, `launch template name "web" ${UNSEEN} whether the volumes it defines are encrypted at rest; ${WAIVE}`)],
          mutations: [],
        },
      },
    ];
  }),
);

const fleetScenes: Scene[] = INSTANCE_SHAPES.flatMap((s): Scene[] => {
  const t = beside(s);
  const at = (what: string) => `SpotFleetRequest (${s.label}): ${what}`;
  const fleet = (config: Params) => awsResource('ec2', 'SpotFleetRequest', s, { iamFleetRole: 'arn:aws:iam::123456789012:role/fleet', targetCapacity: 2, launchTemplateConfig: [config] });
  const spec = (fields: Params) => ({ launchTemplateSpecification: one(s, fields) });
  const path = (field: string) => `spec.forProvider.launchTemplateConfig[0].launchTemplateSpecification${s.blocks === 'array' ? '[0]' : ''}.${field}`;
  return [
    {
      name: at('a spot fleet launching a composed template passes'),
      reason: 'the template is judged as a resource of its own, and places the instances in its subnet',
      desired: { fleet: fleet(spec({ idSelector: { matchControllerRef: true, matchLabels: { role: 'web' } } })), lt: template(t) },
      rules: RULES,
      want: { findings: [], mutations: [] },
    },
    {
      name: at('a composed template without a subnet, overrides each in one: passes'),
      reason: 'the overrides place every instance',
      desired: { fleet: fleet({ ...spec({ name: 'web' }), overrides: [{ subnetId: 'subnet-0a' }, { subnetId: 'subnet-0b' }] }), lt: template(t, { networkInterfaces: undefined }) },
      rules: RULES,
      want: { findings: [], mutations: [] },
    },
    {
      name: at('a composed template without a subnet, an override without one: held'),
      reason: 'that override’s instances may land in the default VPC',
      desired: { fleet: fleet({ ...spec({ name: 'web' }), overrides: [{ subnetId: 'subnet-0a' }, { instanceType: 'm7g.large' }] }), lt: template(t, { networkInterfaces: undefined }) },
      rules: RULES,
      want: {
        findings: [
          found(
            'fleet',
            instancePublicIp,
            'RequireApproval',
            path('name'),
            'neither launch template name "web" nor every override beside it names a subnet, so its instances may launch in the default VPC, whose subnets give every instance a public IP; name private subnets (overrides[*].subnetId or the template\'s network interface), or approve only if they must be reached directly from the internet',
          ),
        ],
        mutations: [],
      },
    },
    {
      name: at('a spot fleet launching an unseen template is refused and held'),
      reason: 'nothing guardrails can see says what it holds',
      desired: { fleet: fleet(spec({ id: 'lt-0999' })) },
      rules: RULES,
      want: { findings: unseenOnGroup('fleet', path('id'), 'launch template id "lt-0999"'), mutations: [] },
    },
  ];
});

describe('launchers and their launch templates', () => {
  it.each([...groupScenes, ...instanceScenes, ...fleetScenes])('$name', (c) => runScene(c));
});
