import { describe, expect, it } from 'vitest';
import { awsGroup, input, resource } from '../../../test/builders.js';
import { finding, unreadable, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Action, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { awsRegion } from './region.js';

const V1BETA1 = served('cluster', 'v1beta1');
const V1BETA2 = served('cluster', 'v1beta2');
const V1BETA3 = served('cluster', 'v1beta3');
const NAMESPACED = served('namespaced', 'v1beta1');

/** A sample of AWS kinds: the rule reads `region` on every one, whatever its service, group or version. */
const TARGETS: readonly { service: string; kind: string; shapes: readonly Served[] }[] = [
  { service: 'rds', kind: 'Instance', shapes: [V1BETA3, NAMESPACED] },
  { service: 's3', kind: 'Bucket', shapes: [V1BETA1, V1BETA2, NAMESPACED] },
  { service: 'ec2', kind: 'Instance', shapes: [V1BETA1, NAMESPACED] },
  { service: 'sqs', kind: 'Queue', shapes: [V1BETA1, NAMESPACED] },
];

const ALLOWED = ['eu-*', 'us-east-1'];
const configured = (action?: Action) => input({ rules: { [awsRegion.id]: { allowed: ALLOWED, ...(action !== undefined ? { action } : {}) } } });
const refusal = (path: string, region: string) =>
  `${path} is ${JSON.stringify(region)}, not one of the allowed regions (eu-*, us-east-1); choose an allowed region or get approval`;
const FP = 'spec.forProvider.region';
const IP = 'spec.initProvider.region';

function regionCases(t: (typeof TARGETS)[number]): Case[] {
  const rules = [awsRegion];
  const on = configured();
  return t.shapes.flatMap((s): Case[] => {
    const at = `${awsRegion.id} on ${t.service} ${t.kind}, ${s.label}`;
    const build = (region?: unknown): KubeObject => resource(`${awsGroup(t.service, s.group)}/${s.version}`, t.kind, region === undefined ? {} : { region });
    return [
      {
        name: `${at}: not configured, any region passes`,
        reason: 'the rule acts only where the Input lists regions',
        resource: build('ap-southeast-2'),
        rules,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: only an action configured, nothing at all`,
        reason: 'an action without an allow-list is no limit: not even an unreadable spec is reported',
        resource: { ...build('ap-southeast-2'), spec: 'oops' },
        rules,
        input: input({ rules: { [awsRegion.id]: { action: 'Deny' } } }),
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: a named region passes`,
        reason: 'us-east-1 is listed',
        resource: build('us-east-1'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: a region within a glob passes`,
        reason: 'eu-* matches eu-central-1',
        resource: build('eu-central-1'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: no region, nothing`,
        reason: 'an absent region is not judged',
        resource: build(),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: another region, held for approval`,
        reason: 'a region outside the list needs a person: RequireApproval by default',
        resource: build('us-west-2'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', FP, refusal(FP, 'us-west-2'))] },
      },
      {
        name: `${at}: a near miss of a named region`,
        reason: 'us-east-1 is listed, us-east-2 is not: a glob without * matches only itself',
        resource: build('us-east-2'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', FP, refusal(FP, 'us-east-2'))] },
      },
      {
        name: `${at}: another region in initProvider`,
        reason: 'an explicit region in initProvider is judged too',
        resource: withInit(build(), { region: 'ap-south-1' }),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', IP, refusal(IP, 'ap-south-1'))] },
      },
      {
        name: `${at}: the observed resource is in that region, passes`,
        reason: 'the rule judges requests: a list tightened later does not hold an existing resource hostage',
        resource: build('us-west-2'),
        observed: build('us-west-2'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: the observed resource is elsewhere, refused`,
        reason: 'moving an existing resource to a region outside the list is a new request',
        resource: build('us-west-2'),
        observed: build('eu-west-1'),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', FP, refusal(FP, 'us-west-2'))] },
      },
      {
        name: `${at}: a region of the wrong type`,
        reason: 'a number is never taken for an allowed region',
        resource: build(7),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', FP, `${FP} must be a string, got number 7`)] },
      },
      {
        name: `${at}: action Deny`,
        reason: 'the Input may refuse outright instead of asking for approval',
        resource: build('us-west-2'),
        rules,
        input: configured('Deny'),
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'Deny', FP, refusal(FP, 'us-west-2'))] },
      },
      {
        name: `${at}: action Warn`,
        reason: 'a platform can watch where agents ask for resources before it enforces',
        resource: build('us-west-2'),
        rules,
        input: configured('Warn'),
        want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'Warn', FP, refusal(FP, 'us-west-2'))] },
      },
      {
        name: `${at}: observe-only, nothing`,
        reason: 'Crossplane creates nothing for an observe-only resource',
        resource: withPolicies(build('us-west-2'), ['Observe']),
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: `${at}: configured, unreadable spec refused`,
        reason: 'a spec that cannot be read is never passed as in an allowed region',
        resource: { ...build('us-west-2'), spec: 42 },
        rules,
        input: on,
        want: { desired: SAME, mutations: [], findings: [unreadable('RequireApproval', 'spec', 'spec is number 42, not an object; the resource cannot be checked')] },
      },
    ];
  });
}

const otherKinds: Case[] = [
  {
    name: `${awsRegion.id}: an AWS kind without a region (IAM Role), nothing`,
    reason: 'global kinds have no region to judge',
    resource: resource('iam.aws.upbound.io/v1beta1', 'Role', { assumeRolePolicy: '{}' }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `${awsRegion.id}: a GCP kind with a region, not read`,
    reason: 'the rule covers AWS kinds only; GCP regions are named differently',
    resource: resource('sql.gcp.upbound.io/v1beta2', 'DatabaseInstance', { region: 'us-central1' }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `${awsRegion.id}: a kind outside the Upbound providers, not read`,
    reason: 'only Upbound AWS groups are AWS kinds',
    resource: resource('example.org/v1', 'Widget', { region: 'us-west-2' }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `${awsRegion.id}: Audit mode still reports`,
    reason: 'Audit lists what Enforce would hold',
    resource: resource('rds.aws.upbound.io/v1beta3', 'Instance', { region: 'us-west-2' }),
    rules: [awsRegion],
    input: input({ mode: 'Audit', rules: { [awsRegion.id]: { allowed: ALLOWED } } }),
    want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', FP, refusal(FP, 'us-west-2'))] },
  },
];

describe('AWS regions', () => {
  it.each([...TARGETS.flatMap(regionCases), ...otherKinds])('$name', (c) => runCase(c));
});

const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };

describe('region parameters in the Input', () => {
  it('an allow-list with an action parses as written', () => {
    const settings = { allowed: ['eu-*'], action: 'Deny' };
    const parsed = parseInput({ ...head, rules: { 'aws-region': settings } }, CATALOG);
    expect(parsed.ok && parsed.input.rules['aws-region']).toEqual(settings);
  });

  const invalid = [
    {
      name: 'an empty allow-list',
      reason: 'an empty list would hold every resource; removing "allowed" is how to lift the limit',
      settings: { allowed: [] },
      problems: ['rules.aws-region.allowed: list at least one region; remove "allowed" to lift the limit'],
    },
    {
      name: 'an empty glob',
      reason: 'an empty glob matches nothing',
      settings: { allowed: [''] },
      problems: ['rules.aws-region.allowed[0]: a glob cannot be empty'],
    },
    {
      name: 'an unknown parameter',
      reason: 'a misspelt allow-list would otherwise be silently no limit',
      settings: { regions: ['eu-*'] },
      problems: ['rules.aws-region: unknown field "regions"'],
    },
  ];
  it.each(invalid)('$name refused', ({ settings, problems }) => {
    expect(parseInput({ ...head, rules: { 'aws-region': settings } }, CATALOG)).toEqual({ ok: false, problems });
  });
});
