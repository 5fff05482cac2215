import { describe, expect, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { awsResource, finding, unreadable, nested, paramPath, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import type { Action, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { ec2InstanceType, elasticacheNodeType, rdsInstanceClass, SIZING_RULES, storageSize } from './sizing.js';

/** Served shapes, as the reference tag-field table lists them for provider-upjet-aws 75a4c57162d0 (see src/rules/zz_tag_fields.ts). */
const V1BETA1 = served('cluster', 'v1beta1');
const V1BETA2 = served('cluster', 'v1beta2');
const V1BETA3 = served('cluster', 'v1beta3');
const NAMESPACED = served('namespaced', 'v1beta1');
const THREE = [V1BETA1, V1BETA2, NAMESPACED] as const;
const TWO = [V1BETA1, NAMESPACED] as const;
const RDS_INSTANCE = [V1BETA1, V1BETA2, V1BETA3, NAMESPACED] as const;

/** A limit as the Input sets it, with values that pass it, one that breaks it, and one of the wrong type. */
interface Limit {
  rule: Rule;
  settings: Record<string, unknown>;
  /** Passes by name (or sits exactly at the maximum). */
  exact: unknown;
  /** Passes through a glob (or sits under the maximum). */
  glob: unknown;
  refused: unknown;
  refusal(path: string): string;
  malformed: unknown;
  malformedMessage(path: string): string;
}

const CLASS: Limit = {
  rule: rdsInstanceClass,
  settings: { allowed: ['db.t4g.*', 'db.r6g.large'] },
  exact: 'db.r6g.large',
  glob: 'db.t4g.medium',
  refused: 'db.r6g.4xlarge',
  refusal: (p) => `${p} is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*, db.r6g.large); choose an allowed class or get approval`,
  malformed: 42,
  malformedMessage: (p) => `${p} must be a string, got number 42`,
};

const TYPE: Limit = {
  rule: ec2InstanceType,
  settings: { allowed: ['t3.*', 'm7g.large'] },
  exact: 'm7g.large',
  glob: 't3.micro',
  refused: 'm7g.16xlarge',
  refusal: (p) => `${p} is "m7g.16xlarge", not one of the allowed instance types (t3.*, m7g.large); choose an allowed instance type or get approval`,
  malformed: true,
  malformedMessage: (p) => `${p} must be a string, got boolean true`,
};

const NODE: Limit = {
  rule: elasticacheNodeType,
  settings: { allowed: ['cache.t4g.*', 'cache.r7g.large'] },
  exact: 'cache.r7g.large',
  glob: 'cache.t4g.small',
  refused: 'cache.r7g.12xlarge',
  refusal: (p) => `${p} is "cache.r7g.12xlarge", not one of the allowed node types (cache.t4g.*, cache.r7g.large); choose an allowed node type or get approval`,
  malformed: ['cache.t4g.small'],
  malformedMessage: (p) => `${p} must be a string, got an array`,
};

const STORAGE: Limit = {
  rule: storageSize,
  settings: { maxGiB: 500 },
  exact: 500,
  glob: 20,
  refused: 501,
  refusal: (p) => `${p} is 501 GiB, more than the allowed 500 GiB; choose at most 500 GiB or get approval`,
  malformed: '600',
  malformedMessage: (p) => `${p} must be a number, got the string "600"`,
};

/** One field a limit reads, on one kind, in every shape the kind is served in. */
interface Target {
  limit: Limit;
  service: string;
  kind: string;
  field: readonly string[];
  shapes: readonly Served[];
}

const TARGETS: readonly Target[] = [
  { limit: CLASS, service: 'rds', kind: 'Instance', field: ['instanceClass'], shapes: RDS_INSTANCE },
  { limit: CLASS, service: 'rds', kind: 'Cluster', field: ['dbClusterInstanceClass'], shapes: THREE },
  { limit: CLASS, service: 'rds', kind: 'ClusterInstance', field: ['instanceClass'], shapes: TWO },
  { limit: TYPE, service: 'ec2', kind: 'Instance', field: ['instanceType'], shapes: THREE },
  { limit: TYPE, service: 'ec2', kind: 'LaunchTemplate', field: ['instanceType'], shapes: THREE },
  { limit: TYPE, service: 'ec2', kind: 'SpotInstanceRequest', field: ['instanceType'], shapes: THREE },
  { limit: TYPE, service: 'autoscaling', kind: 'LaunchConfiguration', field: ['instanceType'], shapes: THREE },
  { limit: NODE, service: 'elasticache', kind: 'Cluster', field: ['nodeType'], shapes: TWO },
  { limit: NODE, service: 'elasticache', kind: 'ReplicationGroup', field: ['nodeType'], shapes: THREE },
  { limit: STORAGE, service: 'rds', kind: 'Instance', field: ['allocatedStorage'], shapes: RDS_INSTANCE },
  { limit: STORAGE, service: 'rds', kind: 'Instance', field: ['maxAllocatedStorage'], shapes: RDS_INSTANCE },
  { limit: STORAGE, service: 'rds', kind: 'Cluster', field: ['allocatedStorage'], shapes: THREE },
  { limit: STORAGE, service: 'ec2', kind: 'EBSVolume', field: ['size'], shapes: TWO },
  { limit: STORAGE, service: 'ec2', kind: 'Instance', field: ['rootBlockDevice', 'volumeSize'], shapes: THREE },
  { limit: STORAGE, service: 'eks', kind: 'NodeGroup', field: ['diskSize'], shapes: THREE },
  { limit: STORAGE, service: 'opensearch', kind: 'Domain', field: ['ebsOptions', 'volumeSize'], shapes: THREE },
];

/** The Input that configures a limit, with an action where one is given. */
const configured = (limit: Limit, action?: Action) => input({ rules: { [limit.rule.id]: { ...limit.settings, ...(action !== undefined ? { action } : {}) } } });

/** Every situation a limit must handle on one field of one kind, in each served shape. */
function targetCases(t: Target): Case[] {
  const { limit } = t;
  const rules = [limit.rule];
  return t.shapes.flatMap((s): Case[] => {
    const at = `${limit.rule.id} on ${t.service} ${t.kind} ${t.field.join('.')}, ${s.label}`;
    const build = (v?: unknown): KubeObject => awsResource(t.service, t.kind, s, v === undefined ? {} : nested(s, t.field, v));
    const fp = paramPath(s, 'forProvider', t.field);
    const ip = paramPath(s, 'initProvider', t.field);
    const on = configured(limit);
    return [
      {
        name: `${at}: not configured, a refused value passes`,
        reason: 'a limit acts only where the Input sets it; the catalog default is no limit',
        resource: build(limit.refused),
        rules,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: only an action configured, nothing at all`,
        reason: 'an action without a limit is no limit: not even an unreadable spec is reported',
        resource: { ...build(limit.refused), spec: 'oops' },
        rules,
        input: input({ rules: { [limit.rule.id]: { action: 'Deny' } } }),
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: named value passes`,
        reason: 'a value the Input names (or the maximum itself) is within the limit',
        resource: build(limit.exact),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: value within a glob (or under the maximum) passes`,
        reason: '`*` matches any run of characters; a size under the maximum is within it',
        resource: build(limit.glob),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: absent, nothing`,
        reason: 'only explicit values are judged; nothing is injected',
        resource: build(),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: refused in forProvider, held for approval`,
        reason: 'a value beyond the limit needs a person: RequireApproval by default, naming the field, the value and the limit',
        resource: build(limit.refused),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(limit.rule, 'RequireApproval', fp, limit.refusal(fp))] },
      },
      {
        name: `${at}: refused in initProvider`,
        reason: 'initProvider is applied at creation, so it is judged like forProvider',
        resource: withInit(build(), nested(s, t.field, limit.refused)),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(limit.rule, 'RequireApproval', ip, limit.refusal(ip))] },
      },
      {
        name: `${at}: the observed resource has the same value, passes`,
        reason: 'the rule judges requests: a limit tightened after creation does not hold an unchanged resource hostage',
        resource: build(limit.refused),
        observed: build(limit.refused),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: in initProvider, the observed forProvider has the same value, passes`,
        reason: 'the value is compared with the observed one at the same forProvider field',
        resource: withInit(build(), nested(s, t.field, limit.refused)),
        observed: build(limit.refused),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: the observed resource has another value, refused`,
        reason: 'changing an existing resource to a value beyond the limit is a new request',
        resource: build(limit.refused),
        observed: build(limit.exact),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(limit.rule, 'RequireApproval', fp, limit.refusal(fp))] },
      },
      {
        name: `${at}: wrong type, refused as malformed`,
        reason: 'a value of the wrong type is never taken for compliant',
        resource: build(limit.malformed),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(limit.rule, 'RequireApproval', fp, limit.malformedMessage(fp))] },
      },
      {
        name: `${at}: action Deny`,
        reason: 'the Input may refuse outright instead of asking for approval',
        resource: build(limit.refused),
        rules,
        input: configured(limit, 'Deny'),
        want: { desired: SAME, mutations: [], findings: [finding(limit.rule, 'Deny', fp, limit.refusal(fp))] },
      },
      {
        name: `${at}: observe-only, nothing`,
        reason: 'Crossplane writes nothing to an observe-only resource',
        resource: withPolicies(build(limit.refused), ['Observe']),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: configured, unreadable spec refused`,
        reason: 'a spec that cannot be read is never passed as within the limit',
        resource: { ...build(limit.refused), spec: 42 },
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [unreadable('RequireApproval', 'spec', 'spec is number 42, not an object; the resource cannot be checked')] },
      },
    ];
  });
}

const nodeGroup = (s: Served, forProvider: Record<string, unknown> = {}) => awsResource('eks', 'NodeGroup', s, { clusterName: 'platform', ...forProvider });
const ec2Instance = (s: Served, forProvider: Record<string, unknown> = {}) => awsResource('ec2', 'Instance', s, { ami: 'ami-0123456789abcdef0', ...forProvider });
const device = (name: string, volumeSize?: unknown) => ({ deviceName: name, ...(volumeSize !== undefined ? { volumeSize } : {}) });
const typeRefusal = (p: string, value: string) =>
  `${p} is ${JSON.stringify(value)}, not one of the allowed instance types (t3.*, m7g.large); choose an allowed instance type or get approval`;
const sizeRefusal = (p: string, value: number) => `${p} is ${value} GiB, more than the allowed 500 GiB; choose at most 500 GiB or get approval`;

/** `instanceTypes` is a list of values: every element is judged, and grandfathered when the observed list holds it anywhere. */
const instanceTypesCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = `${ec2InstanceType.id} on eks NodeGroup instanceTypes, ${s.label}`;
  const on = configured(TYPE);
  const rules = [ec2InstanceType];
  return [
    {
      name: `${at}: every element allowed`,
      reason: 'a name and a glob match',
      resource: nodeGroup(s, { instanceTypes: ['t3.medium', 'm7g.large'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: one element refused, by its path`,
      reason: 'every element must be allowed; the finding names the element',
      resource: nodeGroup(s, { instanceTypes: ['t3.medium', 'm7g.16xlarge'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes[1]', typeRefusal('spec.forProvider.instanceTypes[1]', 'm7g.16xlarge'))] },
    },
    {
      name: `${at}: two elements refused, two findings`,
      reason: 'each element is judged on its own',
      resource: nodeGroup(s, { instanceTypes: ['c7i.large', 't3.medium', 'r7g.xlarge'] }),
      rules,
      input: on,
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes[0]', typeRefusal('spec.forProvider.instanceTypes[0]', 'c7i.large')),
          finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes[2]', typeRefusal('spec.forProvider.instanceTypes[2]', 'r7g.xlarge')),
        ],
      },
    },
    {
      name: `${at}: refused in initProvider`,
      reason: 'initProvider is judged too',
      resource: withInit(nodeGroup(s), { instanceTypes: ['m7g.16xlarge'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.initProvider.instanceTypes[0]', typeRefusal('spec.initProvider.instanceTypes[0]', 'm7g.16xlarge'))] },
    },
    {
      name: `${at}: an element of the wrong type`,
      reason: 'a number is not an instance type',
      resource: nodeGroup(s, { instanceTypes: ['t3.medium', 7] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes[1]', 'spec.forProvider.instanceTypes[1] must be a string, got number 7')] },
    },
    {
      name: `${at}: not a list`,
      reason: 'a single string where the CRD has a list is malformed, not passed',
      resource: nodeGroup(s, { instanceTypes: 'm7g.16xlarge' }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes', 'spec.forProvider.instanceTypes must be a list, got the string "m7g.16xlarge"')] },
    },
    {
      name: `${at}: the observed list holds the refused type elsewhere, passes`,
      reason: 'the list is a set of types: reordering it, or adding an allowed type, is not a new request for the old one',
      resource: nodeGroup(s, { instanceTypes: ['t3.large', 'm7g.16xlarge'] }),
      observed: nodeGroup(s, { instanceTypes: ['m7g.16xlarge'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a refused type the observed list lacks`,
      reason: 'a type added to an existing node group is a new request',
      resource: nodeGroup(s, { instanceTypes: ['m7g.16xlarge', 'c7i.large'] }),
      observed: nodeGroup(s, { instanceTypes: ['m7g.16xlarge'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(ec2InstanceType, 'RequireApproval', 'spec.forProvider.instanceTypes[1]', typeRefusal('spec.forProvider.instanceTypes[1]', 'c7i.large'))] },
    },
    {
      name: `${at}: not configured`,
      reason: 'no limit, no judgement',
      resource: nodeGroup(s, { instanceTypes: ['m7g.16xlarge'] }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

/** `ebsBlockDevice` is a list of blocks: every block's volumeSize is judged, and compared with the observed block at the same position. */
const ebsBlockDeviceCases: Case[] = THREE.flatMap((s): Case[] => {
  const at = `${storageSize.id} on ec2 Instance ebsBlockDevice, ${s.label}`;
  const on = configured(STORAGE);
  const rules = [storageSize];
  const path = (i: number, block = 'forProvider') => `spec.${block}.ebsBlockDevice[${i}].volumeSize`;
  return [
    {
      name: `${at}: every block within the limit`,
      reason: 'sizes at and under the maximum pass; a block without a size is not judged',
      resource: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', 500), device('/dev/sdg', 20), device('/dev/sdh')] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: the second block too large, by its path`,
      reason: 'explicitParams reads only the first element of a list; every block is checked',
      resource: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', 100), device('/dev/sdg', 2000)] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', path(1), sizeRefusal(path(1), 2000))] },
    },
    {
      name: `${at}: too large in initProvider`,
      reason: 'initProvider blocks are judged too',
      resource: withInit(ec2Instance(s), { ebsBlockDevice: [device('/dev/sdf', 501)] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', path(0, 'initProvider'), sizeRefusal(path(0, 'initProvider'), 501))] },
    },
    {
      name: `${at}: root and data volumes both too large, root first`,
      reason: 'the fields are judged in table order, rootBlockDevice before ebsBlockDevice',
      resource: ec2Instance(s, { ...nested(s, ['rootBlockDevice', 'volumeSize'], 800), ebsBlockDevice: [device('/dev/sdf', 900)] }),
      rules,
      input: on,
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(storageSize, 'RequireApproval', paramPath(s, 'forProvider', ['rootBlockDevice', 'volumeSize']), sizeRefusal(paramPath(s, 'forProvider', ['rootBlockDevice', 'volumeSize']), 800)),
          finding(storageSize, 'RequireApproval', path(0), sizeRefusal(path(0), 900)),
        ],
      },
    },
    {
      name: `${at}: a size of the wrong type`,
      reason: 'the CRD types volumeSize as a number',
      resource: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', '600')] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', path(0), `${path(0)} must be a number, got the string "600"`)] },
    },
    {
      name: `${at}: a block that is not an object`,
      reason: 'a size hidden in a malformed block is not passed as absent',
      resource: ec2Instance(s, { ebsBlockDevice: ['/dev/sdf'] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', 'spec.forProvider.ebsBlockDevice[0]', 'spec.forProvider.ebsBlockDevice[0] must be an object, got the string "/dev/sdf"')] },
    },
    {
      name: `${at}: not a list`,
      reason: 'ebsBlockDevice repeats, so it is a list in every version',
      resource: ec2Instance(s, { ebsBlockDevice: device('/dev/sdf', 900) }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', 'spec.forProvider.ebsBlockDevice', 'spec.forProvider.ebsBlockDevice must be a list, got an object')] },
    },
    {
      name: `${at}: the observed block at the same position has the size, passes`,
      reason: 'an unchanged existing volume is not held hostage by a lowered maximum',
      resource: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', 900), device('/dev/sdg', 20)] }),
      observed: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', 900)] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: the observed block at another position has the size, refused`,
      reason: 'blocks are compared by position; moving a block makes it a new request (fails closed)',
      resource: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdg', 20), device('/dev/sdf', 900)] }),
      observed: ec2Instance(s, { ebsBlockDevice: [device('/dev/sdf', 900)] }),
      rules,
      input: on,
      want: { desired: SAME, mutations: [], findings: [finding(storageSize, 'RequireApproval', path(1), sizeRefusal(path(1), 900))] },
    },
  ];
});

/** Fields that share a kind are each judged, in table order. */
const multiFieldCases: Case[] = RDS_INSTANCE.map((s) => ({
  name: `${storageSize.id} on rds Instance, ${s.label}: allocatedStorage and maxAllocatedStorage both too large`,
  reason: 'the storage autoscaling ceiling is a size too: an agent could otherwise start small and grow without bound',
  resource: awsResource('rds', 'Instance', s, { instanceClass: 'db.t4g.micro', allocatedStorage: 1000, maxAllocatedStorage: 4000 }),
  rules: [storageSize],
  input: configured(STORAGE),
  want: {
    desired: SAME,
    mutations: [],
    findings: [
      finding(storageSize, 'RequireApproval', 'spec.forProvider.allocatedStorage', sizeRefusal('spec.forProvider.allocatedStorage', 1000)),
      finding(storageSize, 'RequireApproval', 'spec.forProvider.maxAllocatedStorage', sizeRefusal('spec.forProvider.maxAllocatedStorage', 4000)),
    ],
  },
}));

const allRules: Case[] = [
  {
    name: 'every sizing rule, none configured, on an oversized instance',
    reason: 'the catalog default sets no limit, so the sizing rules change nothing for an Input that does not mention them',
    resource: ec2Instance(V1BETA2, { instanceType: 'u-24tb1.metal', rootBlockDevice: { volumeSize: 16000 } }),
    rules: SIZING_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('sizing limits', () => {
  it.each([...TARGETS.flatMap(targetCases), ...instanceTypesCases, ...ebsBlockDeviceCases, ...multiFieldCases, ...allRules])('$name', (c) => runCase(c));
});

const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };

describe('sizing parameters in the Input', () => {
  const valid = [
    { name: 'allow-list and action', reason: 'a limit sits beside its action', id: 'aws-rds-instance-class', settings: { allowed: ['db.t4g.*', 'db.r6g.large'], action: 'Deny' } },
    { name: 'instance types', reason: 'globs of any shape', id: 'aws-ec2-instance-type', settings: { allowed: ['t3.*', '*.large'] } },
    { name: 'node types', reason: 'one glob is enough', id: 'aws-elasticache-node-type', settings: { allowed: ['cache.t4g.*'] } },
    { name: 'maximum size', reason: 'a whole number of GiB', id: 'aws-storage-size', settings: { maxGiB: 500 } },
  ];
  it.each(valid)('$name', ({ id, settings }) => {
    const parsed = parseInput({ ...head, rules: { [id]: settings } }, CATALOG);
    expect(parsed.ok && parsed.input.rules[id]).toEqual(settings);
  });

  const invalid = [
    {
      name: 'an empty allow-list',
      reason: 'an empty list would refuse everything; removing "allowed" is how to lift the limit',
      rules: { 'aws-rds-instance-class': { allowed: [] } },
      problems: ['rules.aws-rds-instance-class.allowed: list at least one class; remove "allowed" to lift the limit'],
    },
    {
      name: 'an empty glob',
      reason: 'an empty glob matches nothing',
      rules: { 'aws-ec2-instance-type': { allowed: ['t3.*', ''] } },
      problems: ['rules.aws-ec2-instance-type.allowed[1]: a glob cannot be empty'],
    },
    {
      name: 'a glob where a list belongs',
      reason: 'the allow-list is a list even with one entry',
      rules: { 'aws-elasticache-node-type': { allowed: 'cache.t4g.*' } },
      problems: ['rules.aws-elasticache-node-type.allowed: Invalid input: expected array, received string'],
    },
    {
      name: 'a maximum of zero',
      reason: 'no storage at all is not a limit anyone means',
      rules: { 'aws-storage-size': { maxGiB: 0 } },
      problems: ['rules.aws-storage-size.maxGiB: must be a positive number of GiB'],
    },
    {
      name: 'a fractional maximum',
      reason: 'sizes are whole GiB',
      rules: { 'aws-storage-size': { maxGiB: 1.5 } },
      problems: ['rules.aws-storage-size.maxGiB: must be a whole number of GiB'],
    },
    {
      name: 'a maximum as a string',
      reason: 'quoted numbers are refused, not guessed at',
      rules: { 'aws-storage-size': { maxGiB: '500' } },
      problems: ['rules.aws-storage-size.maxGiB: Invalid input: expected number, received string'],
    },
    {
      name: 'an unknown parameter',
      reason: 'a misspelt limit would otherwise be silently no limit',
      rules: { 'aws-rds-instance-class': { allow: ['db.t4g.*'] } },
      problems: ['rules.aws-rds-instance-class: unknown field "allow"'],
    },
    {
      name: "another rule's parameter",
      reason: 'each rule takes only its own parameters',
      rules: { 'aws-rds-instance-class': { maxGiB: 500 } },
      problems: ['rules.aws-rds-instance-class: unknown field "maxGiB"'],
    },
  ];
  it.each(invalid)('$name refused', ({ rules, problems }) => {
    expect(parseInput({ ...head, rules }, CATALOG)).toEqual({ ok: false, problems });
  });
});
