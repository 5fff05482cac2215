import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, input, resource } from '../../../test/builders.js';
import { finding, unreadable, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Action, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { describe as describeValue } from '../params.js';
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

const held = (path: string, value: string, region: string) =>
  `${path} is ${describeValue(value, true)} (in ${region}), not one of the allowed regions (eu-*, us-east-1); choose an allowed region or get approval`;

/** One more way data leaves a region: a field of a kind, in each served shape, with a value that stays and one that leaves. */
interface Reach {
  service: string;
  kind: string;
  shapes: readonly Served[];
  /** forProvider fields that send the data to `to`. */
  build(s: Served, to: string): Record<string, unknown>;
  /** The path of the judged field in shape `s`. */
  path(s: Served): string;
  stays: string;
  leaves: string;
  /** The region `leaves` names, where the value is an ARN; absent where the value is the region. */
  leavesTo?: string;
}

const ARN = (region: string, rest: string) => `arn:aws:rds:${region}:111122223333:${rest}`;

const REACH: readonly Reach[] = [
  { service: 'dynamodb', kind: 'Table', shapes: [V1BETA1, V1BETA2, NAMESPACED], build: (_s, to) => ({ replica: [{ regionName: 'eu-west-1' }, { regionName: to }] }), path: () => 'spec.forProvider.replica[1].regionName', stays: 'eu-central-1', leaves: 'us-west-2' },
  { service: 'dynamodb', kind: 'Table', shapes: [V1BETA1, V1BETA2, NAMESPACED], build: (s, to) => ({ globalTableWitness: s.blocks === 'array' ? [{ regionName: to }] : { regionName: to } }), path: (s) => `spec.forProvider.globalTableWitness${s.blocks === 'array' ? '[0]' : ''}.regionName`, stays: 'eu-west-3', leaves: 'ap-south-1' },
  { service: 'dynamodb', kind: 'Table', shapes: [V1BETA1, NAMESPACED], build: (_s, to) => ({ restoreSourceTableArn: to }), path: () => 'spec.forProvider.restoreSourceTableArn', stays: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', leaves: 'arn:aws:dynamodb:us-west-2:111122223333:table/orders', leavesTo: 'us-west-2' },
  { service: 'rds', kind: 'Instance', shapes: [V1BETA3, NAMESPACED], build: (_s, to) => ({ replicateSourceDb: to }), path: () => 'spec.forProvider.replicateSourceDb', stays: ARN('eu-west-1', 'db:orders'), leaves: ARN('us-west-2', 'db:orders'), leavesTo: 'us-west-2' },
  { service: 'rds', kind: 'Cluster', shapes: [V1BETA2, NAMESPACED], build: (_s, to) => ({ replicationSourceIdentifier: to }), path: () => 'spec.forProvider.replicationSourceIdentifier', stays: ARN('eu-west-1', 'cluster:orders'), leaves: ARN('sa-east-1', 'cluster:orders'), leavesTo: 'sa-east-1' },
  { service: 'rds', kind: 'Cluster', shapes: [V1BETA2, NAMESPACED], build: (_s, to) => ({ sourceRegion: to }), path: () => 'spec.forProvider.sourceRegion', stays: 'us-east-1', leaves: 'us-east-2' },
  { service: 'rds', kind: 'DBInstanceAutomatedBackupsReplication', shapes: [V1BETA1, NAMESPACED], build: (_s, to) => ({ sourceDbInstanceArn: to }), path: () => 'spec.forProvider.sourceDbInstanceArn', stays: ARN('eu-north-1', 'db:orders'), leaves: ARN('us-west-1', 'db:orders'), leavesTo: 'us-west-1' },
  { service: 'ec2', kind: 'EBSSnapshotCopy', shapes: [V1BETA1, NAMESPACED], build: (_s, to) => ({ sourceSnapshotId: 'snap-0abc', sourceRegion: to }), path: () => 'spec.forProvider.sourceRegion', stays: 'eu-west-1', leaves: 'ca-central-1' },
  { service: 'rds', kind: 'DBSnapshotCopy', shapes: [V1BETA1, NAMESPACED], build: (_s, to) => ({ targetDbSnapshotIdentifier: 'copy', destinationRegion: to }), path: () => 'spec.forProvider.destinationRegion', stays: 'eu-west-2', leaves: 'us-west-2' },
  { service: 'rds', kind: 'DBSnapshotCopy', shapes: [V1BETA1, NAMESPACED], build: (_s, to) => ({ targetDbSnapshotIdentifier: 'copy', sourceDbSnapshotIdentifier: to }), path: () => 'spec.forProvider.sourceDbSnapshotIdentifier', stays: ARN('eu-west-2', 'snapshot:nightly'), leaves: ARN('me-south-1', 'snapshot:nightly'), leavesTo: 'me-south-1' },
];

function reachCases(r: Reach): Case[] {
  const rules = [awsRegion];
  const on = configured();
  return r.shapes.flatMap((s): Case[] => {
    const at = `${awsRegion.id} on ${r.service} ${r.kind} ${r.path(s).replace('spec.forProvider.', '')}, ${s.label}`;
    const build = (to: string) => resource(`${awsGroup(r.service, s.group)}/${s.version}`, r.kind, { region: 'eu-west-1', ...r.build(s, to) });
    const refused = r.leavesTo === undefined ? refusal(r.path(s), r.leaves) : held(r.path(s), r.leaves, r.leavesTo);
    return [
      { name: `${at}: not configured, nothing`, reason: 'no allow-list, no limit', resource: build(r.leaves), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: an allowed region passes`, reason: 'the data stays in an allowed region', resource: build(r.stays), rules, input: on, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: another region, held`, reason: 'the data would leave for a region outside the list', resource: build(r.leaves), rules, input: on, want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', r.path(s), refused)] } },
      { name: `${at}: already so in the observed resource, passes`, reason: 'the rule judges requests, not what exists', resource: build(r.leaves), observed: build(r.leaves), rules, input: on, want: { desired: SAME, mutations: [], findings: [] } },
    ];
  });
}

const plainIdentifiers: Case[] = [
  {
    name: `${awsRegion.id} on rds Instance: a read replica of a database named plainly is in its own region, nothing more`,
    reason: 'a plain identifier names a database in the replica’s own region, which region judges',
    resource: resource('rds.aws.upbound.io/v1beta3', 'Instance', { region: 'eu-west-1', replicateSourceDb: 'orders' }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `${awsRegion.id} on rds Instance: an ARN of the wrong type is malformed`,
    reason: 'a number is never read as an identifier in an allowed region',
    resource: resource('rds.aws.upbound.io/v1beta3', 'Instance', { region: 'eu-west-1', replicateSourceDb: 7 }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', 'spec.forProvider.replicateSourceDb', 'spec.forProvider.replicateSourceDb must be a string, got number 7')] },
  },
  {
    name: `${awsRegion.id} on dynamodb Table: a replica list that is not a list is malformed`,
    reason: 'a region hidden in a malformed list is never passed as absent',
    resource: resource('dynamodb.aws.upbound.io/v1beta2', 'Table', { region: 'eu-west-1', replica: { regionName: 'us-west-2' } }),
    rules: [awsRegion],
    input: configured(),
    want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', 'spec.forProvider.replica', 'spec.forProvider.replica must be a list, got an object')] },
  },
];

describe('AWS regions: every way data leaves a region', () => {
  it.each([...REACH.flatMap(reachCases), ...plainIdentifiers])('$name', (c) => runCase(c));
});

/** S3 replication: the destination's region is its Bucket's, where the composition holds that Bucket. */
describe('AWS regions: S3 replication destinations', () => {
  const bucketOf = (s: Served, name: string, region: string, labels: Record<string, string> = {}): KubeObject => ({
    ...resource(`${awsGroup('s3', s.group)}/${s.version}`, 'Bucket', { region }),
    metadata: { name, labels },
  });
  const replication = (s: Served, destination: Record<string, unknown>): KubeObject =>
    resource(`${awsGroup('s3', s.group)}/${s.version}`, 'BucketReplicationConfiguration', {
      region: 'eu-west-1',
      bucket: 'source',
      role: 'arn:aws:iam::111122223333:role/replication',
      rule: [{ id: 'all', status: 'Enabled', destination: s.blocks === 'array' ? [destination] : destination }],
    });
  const SHAPES = [V1BETA1, V1BETA2, NAMESPACED] as const;
  const cases = SHAPES.flatMap((s): { s: Served; name: string; siblings: Record<string, KubeObject>; destination: Record<string, unknown>; want: { path: string; message: string }[] }[] => {
    // Each case is built for one shape; `s` travels with it.
    const at = `${awsRegion.id} on s3 BucketReplicationConfiguration, ${s.label}`;
    const dest = (field: string) => `spec.forProvider.rule[0].destination${s.blocks === 'array' ? '[0]' : ''}.${field}`;
    const unknown = (field: string) =>
      `${dest(field)} names no Bucket of this composition with a region, so the region the objects are replicated to cannot be known; name a Bucket of the composition in an allowed region (eu-*, us-east-1) or get approval`;
    return [
      { s, name: `${at}: to a Bucket of the composition in an allowed region, by bucketRef: passes`, siblings: { replica: bucketOf(s, 'replica', 'eu-central-1') }, destination: { bucketRef: { name: 'replica' } }, want: [] },
      {
        s,
        name: `${at}: to a Bucket of the composition elsewhere, by bucketRef: held`,
        siblings: { replica: bucketOf(s, 'replica', 'us-west-2') },
        destination: { bucketRef: { name: 'replica' } },
        want: [{ path: dest('bucketRef'), message: `${dest('bucketRef')} is "replica" (in us-west-2), not one of the allowed regions (eu-*, us-east-1); choose an allowed region or get approval` }],
      },
      {
        s,
        name: `${at}: to a Bucket of the composition elsewhere, by its ARN: held`,
        siblings: { replica: bucketOf(s, 'replica', 'us-west-2') },
        destination: { bucket: 'arn:aws:s3:::replica' },
        want: [{ path: dest('bucket'), message: held(dest('bucket'), 'arn:aws:s3:::replica', 'us-west-2') }],
      },
      {
        s,
        name: `${at}: to a Bucket of the composition elsewhere, by selector: held`,
        siblings: { replica: bucketOf(s, 'replica', 'ap-south-1', { role: 'replica' }) },
        destination: { bucketSelector: { matchLabels: { role: 'replica' } } },
        want: [{ path: dest('bucketSelector'), message: `${dest('bucketSelector')} is "replica" (in ap-south-1), not one of the allowed regions (eu-*, us-east-1); choose an allowed region or get approval` }],
      },
      { s, name: `${at}: to a bucket outside the composition: held, its region cannot be known`, siblings: {}, destination: { bucket: 'arn:aws:s3:::somewhere-else' }, want: [{ path: dest('bucket'), message: unknown('bucket') }] },
      { s, name: `${at}: to a Bucket of the composition without a region: held`, siblings: { replica: { ...resource(`${awsGroup('s3', s.group)}/${s.version}`, 'Bucket', {}), metadata: { name: 'replica' } } }, destination: { bucketRef: { name: 'replica' } }, want: [{ path: dest('bucketRef'), message: unknown('bucketRef') }] },
    ];
  });

  it.each(cases)('$name', ({ s, siblings, destination, want }) => {
    const desired: Record<string, KubeObject> = { ...siblings, repl: replication(s, destination) };
    const d = evaluate(engineRequest(desired, { input: configured() }), [awsRegion]);
    expect(d.errors).toEqual([]);
    expect(d.findings.filter((f) => f.resource === 'repl')).toEqual(want.map((w) => ({ resource: 'repl', rule: awsRegion.id, action: 'RequireApproval', ...w })));
  });

  it('an agent replicates a bucket to a region outside the list, already replicating there: passes', () => {
    const repl = replication(V1BETA2, { bucket: 'arn:aws:s3:::somewhere-else' });
    const d = evaluate(engineRequest({ repl }, { input: configured(), observed: { repl } }), [awsRegion]);
    expect(d.findings).toEqual([]);
  });
});

describe('AWS regions: what an agent tried', () => {
  it('an agent adds a DynamoDB replica in us-west-2: held', () => {
    const path = 'spec.forProvider.replica[0].regionName';
    runCase({
      name: 'replica',
      reason: 'a replica copies the table to another region',
      resource: resource('dynamodb.aws.m.upbound.io/v1beta1', 'Table', { region: 'eu-west-1', replica: [{ regionName: 'us-west-2' }] }),
      rules: [awsRegion],
      input: configured(),
      want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', path, refusal(path, 'us-west-2'))] },
    });
  });

  it('an agent creates a read replica in the EU of a database in us-east-2: held', () => {
    const path = 'spec.forProvider.replicateSourceDb';
    const source = ARN('us-east-2', 'db:customers');
    runCase({
      name: 'cross-region read replica',
      reason: 'the replica pulls data out of a region the platform does not allow',
      resource: resource('rds.aws.upbound.io/v1beta3', 'Instance', { region: 'eu-west-1', replicateSourceDb: source }),
      rules: [awsRegion],
      input: configured(),
      want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', path, held(path, source, 'us-east-2'))] },
    });
  });

  it('an agent copies an EBS snapshot from ca-central-1: held', () => {
    const path = 'spec.forProvider.sourceRegion';
    runCase({
      name: 'snapshot copy',
      reason: 'the copy moves data between regions',
      resource: resource('ec2.aws.m.upbound.io/v1beta1', 'EBSSnapshotCopy', { region: 'eu-west-1', sourceSnapshotId: 'snap-0abc', sourceRegion: 'ca-central-1' }),
      rules: [awsRegion],
      input: configured(),
      want: { desired: SAME, mutations: [], findings: [finding(awsRegion, 'RequireApproval', path, refusal(path, 'ca-central-1'))] },
    });
  });
});
