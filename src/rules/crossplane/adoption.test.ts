import { describe, expect, it } from 'vitest';
import { awsGroup, bucket, carried, engineRequest, input, rdsInstance, resource, xr, type Group } from '../../../test/builders.js';
import { finding, inManifest, NAME, runCase, SAME, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Action, Finding, Grant, KubeObject } from '../../engine/types.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { crossplaneAdoption } from './adoption.js';

const rules = [crossplaneAdoption];
const EXT = 'metadata.annotations[crossplane.io/external-name]';
const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

/** `r` with metadata names set (a copy); `undefined` leaves a name out. */
function named(r: KubeObject, names: { externalName?: unknown; name?: unknown }): KubeObject {
  const out = structuredClone(r);
  out.metadata = {
    ...(names.name !== undefined ? { name: names.name } : {}),
    ...(names.externalName !== undefined ? { annotations: { 'crossplane.io/external-name': names.externalName } } : {}),
  };
  return out;
}

const held = (path: string, message: string, action: Finding['action'] = 'RequireApproval') => finding(crossplaneAdoption, action, path, message);
const adopts = (name: string, can = 'change and delete it') =>
  `${EXT} is ${JSON.stringify(name)} on a new managed resource: Crossplane adopts the existing cloud resource of that name instead of creating one, and can then ${can}. Remove the annotation to create a new resource, or get approval; the approval covers exactly ${JSON.stringify(name)}`;
const adoptsByName = (name: string, can = 'change and delete it') =>
  `metadata.name is ${JSON.stringify(name)} on a new managed resource without an external name: Crossplane takes over an existing object of that name that no XR controls, and providers name the cloud resource after it, so Crossplane adopts an existing one called ${JSON.stringify(name)} and can then ${can}. Leave metadata.name to Crossplane, or get approval; the approval covers exactly ${JSON.stringify(name)}`;
const repoints = (from: string, to: string) =>
  `${EXT} changes from ${JSON.stringify(from)} to ${JSON.stringify(to)}: this re-points the managed resource at another cloud resource, which Crossplane adopts and can then change and delete it, and leaves ${JSON.stringify(from)} unmanaged. Keep ${JSON.stringify(from)}, or get approval; the approval covers exactly ${JSON.stringify(to)}`;

const under = (action: Action) => input({ rules: { [crossplaneAdoption.id]: { action } } });

function groupCases(g: Group): Case[] {
  const at = `${g === 'namespaced' ? 'namespaced' : 'cluster-scoped'}`;
  const db = (forProvider: Record<string, unknown> = {}) => rdsInstance(forProvider, { group: g });
  const s3 = (opts: { forProvider?: Record<string, unknown> } = {}) => bucket({ group: g, ...opts });
  const trail = resource(`${awsGroup('cloudtrail', g)}/v1beta1`, 'Trail', { region: 'us-east-1', s3BucketName: 'agent-logs' });
  const role = resource(`${awsGroup('iam', g)}/v1beta1`, 'Role', {
    assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] }),
  });
  return [
    {
      name: `${at}: adopting the production database with Observe+Delete`,
      reason: 'an observe-only resource still adopts by external name, and with Delete, deleting the XR deletes the production database',
      resource: withPolicies(named(db(), { externalName: 'prod-orders' }), ['Observe', 'Delete']),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('prod-orders', 'delete it'))] },
    },
    {
      name: `${at}: adopting a database to read it (Observe only)`,
      reason: 'even observing binds the resource: its connection details are published to whoever reads the XR',
      resource: withPolicies(named(db(), { externalName: 'prod-orders' }), ['Observe']),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('prod-orders', 'read it and publish its connection details'))] },
    },
    {
      name: `${at}: adopting the organisation's CloudTrail`,
      reason: 'with the default management policies Crossplane can then turn the trail off or delete it',
      resource: named(trail, { externalName: 'organization-trail' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('organization-trail'))] },
    },
    {
      name: `${at}: adopting OrganizationAccountAccessRole to make it trust another account`,
      reason: 'adoption then applies the agent’s trust policy to the organisation’s admin role',
      resource: named(role, { externalName: 'OrganizationAccountAccessRole' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('OrganizationAccountAccessRole'))] },
    },
    {
      name: `${at}: adopting with Update but no Delete`,
      reason: 'the message says what Crossplane may do to what it adopts',
      resource: withPolicies(named(db(), { externalName: 'prod-orders' }), ['Observe', 'Update', 'LateInitialize']),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('prod-orders', 'change it'))] },
    },
    {
      name: `${at}: re-pointing an existing bucket by changing its external name`,
      reason: 'observed has one value, desired another: the managed resource moves to another cloud resource',
      resource: named(s3(), { externalName: 'acme-prod-logs' }),
      observed: named(s3(), { externalName: 'acme-logs' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, repoints('acme-logs', 'acme-prod-logs'))] },
    },
    {
      name: `${at}: clearing the external name of an existing bucket`,
      reason: 'an empty external name unbinds it: the provider creates or adopts another',
      resource: named(s3(), { externalName: '' }),
      observed: named(s3(), { externalName: 'acme-logs' }),
      rules,
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          held(
            EXT,
            `${EXT} is empty, but the existing managed resource is bound to "acme-logs": clearing it leaves "acme-logs" unmanaged and makes the provider create or adopt another. Remove the annotation to keep "acme-logs", or get approval`,
          ),
        ],
      },
    },
    {
      name: `${at}: binding an existing managed resource that is not bound yet`,
      reason: 'an observed resource without an external name has no cloud resource yet: naming one adopts it',
      resource: named(db(), { externalName: 'prod-orders' }),
      observed: db(),
      rules,
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          held(
            EXT,
            `${EXT} is "prod-orders", but the existing managed resource is bound to no cloud resource yet: Crossplane adopts the existing one of that name, and can then change and delete it. Remove the annotation, or get approval; the approval covers exactly "prod-orders"`,
          ),
        ],
      },
    },
    {
      name: `${at}: an existing bucket keeps its external name`,
      reason: 'the external name the observed resource already has is no change',
      resource: named(s3(), { externalName: 'acme-logs' }),
      observed: named(s3(), { externalName: 'acme-logs' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a bucket carried by an existing Object keeps its external name`,
      reason: 'the observed counterpart of a carried resource is the manifest of the observed Object, not the Object itself: no change, nothing held',
      resource: carried(named(s3(), { externalName: 'acme-logs' }), g),
      observed: carried(named(s3(), { externalName: 'acme-logs' }), g),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: re-pointing a bucket carried by an existing Object`,
      reason: 'judged against the observed manifest, as if composed directly',
      resource: carried(named(s3(), { externalName: 'acme-prod-logs' }), g),
      observed: carried(named(s3(), { externalName: 'acme-logs' }), g),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(inManifest(EXT), repoints('acme-logs', 'acme-prod-logs'))] },
    },
    {
      name: `${at}: the pipeline leaves the external name to Crossplane`,
      reason: 'Crossplane sets the annotation on the resource it created; a desired state without it changes nothing',
      resource: s3(),
      observed: named(s3(), { name: 'orders-assets-x7k2p', externalName: 'orders-assets-x7k2p' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a new bucket that names nothing`,
      reason: 'Crossplane generates the name; nothing exists under it',
      resource: s3(),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: naming a new bucket after an existing one through metadata.name`,
      reason: 'without an external name, providers use metadata.name as the name of the cloud resource',
      resource: named(s3(), { name: 'acme-prod-logs' }),
      input: input({ rules: { 'crossplane-adoption': { names: true } } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('metadata.name', adoptsByName('acme-prod-logs'))] },
    },
    {
      name: `${at}: an empty external name on a new resource falls back to metadata.name`,
      reason: 'crossplane-runtime treats an empty external name as unset and fills in metadata.name',
      resource: named(s3(), { name: 'acme-prod-logs', externalName: '' }),
      input: input({ rules: { 'crossplane-adoption': { names: true } } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('metadata.name', adoptsByName('acme-prod-logs'))] },
    },
    {
      name: `${at}: a new bucket with metadata.name, names not judged (the default)`,
      reason: 'most kinds are named by the cloud and many compositions name what they compose: names are judged where the platform asks',
      resource: named(s3(), { name: 'acme-prod-logs' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: an existing resource keeps its metadata.name`,
      reason: 'the object already exists under that name: nothing new is bound',
      resource: named(s3(), { name: 'orders-assets' }),
      observed: named(s3(), { name: 'orders-assets', externalName: 'orders-assets' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: renaming an existing resource to another metadata.name`,
      reason: 'another name is another object, created beside the old one: it adopts by that name',
      resource: named(s3(), { name: 'acme-prod-logs' }),
      observed: named(s3(), { name: 'orders-assets', externalName: 'orders-assets' }),
      input: input({ rules: { 'crossplane-adoption': { names: true } } }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held('metadata.name', adoptsByName('acme-prod-logs'))] },
    },
    {
      name: `${at}: swapping the kind under an existing composition resource name, keeping the external name`,
      reason: 'an IAM Role where a Bucket was is a new object: the unchanged external name adopts the role of that name',
      resource: named(role, { externalName: 'acme-logs' }),
      observed: named(s3(), { externalName: 'acme-logs' }),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'))] },
    },
  ];
}

const other: Case[] = [
  {
    name: 'moving a bucket from the cluster-scoped to the namespaced group, keeping the external name',
    reason: 'a namespaced Bucket is another object than the cluster-scoped one: it adopts the bucket anew',
    resource: named(bucket({ group: 'namespaced' }), { externalName: 'acme-logs' }),
    observed: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'))] },
  },
  {
    name: 'adopting an Azure storage account',
    reason: 'every provider: the annotation means the same on Azure',
    resource: named(resource('storage.azure.upbound.io/v1beta2', 'Account', { location: 'westeurope' }), { externalName: 'prodstorage' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('prodstorage'))] },
  },
  {
    name: 'adopting a GCP Cloud SQL instance (namespaced)',
    reason: 'and on GCP, in the namespaced group',
    resource: named(resource('sql.gcp.m.upbound.io/v1beta1', 'DatabaseInstance', { databaseVersion: 'POSTGRES_16' }), { externalName: 'prod-sql' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('prod-sql'))] },
  },
  {
    name: 'adopting a Terraform workspace of another team',
    reason: 'any provider’s managed resource, not only Upbound kinds',
    resource: named(resource('tf.upbound.io/v1beta1', 'Workspace', { source: 'Inline', module: '' }), { externalName: 'payments-prod' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('payments-prod'))] },
  },
  {
    name: 'a nested XR carrying the annotation',
    reason: 'an XR is no managed resource (no forProvider, providerConfigRef or managementPolicies): the annotation binds nothing',
    resource: named({ apiVersion: 'platform.example.org/v1alpha1', kind: 'XNetwork', spec: { parameters: { cidr: '10.0.0.0/16' } } }, { externalName: 'x', name: 'x' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a ConfigMap with a name',
    reason: 'Kubernetes’ own kinds are not managed resources',
    resource: named({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } }, { name: 'settings' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a composition that adopts the EKS cluster security group by ID, allowed by kind',
    reason: 'allowedKinds exempts kinds a platform names on purpose, in both groups',
    resource: named(resource('ec2.aws.m.upbound.io/v1beta1', 'SecurityGroup', { region: 'eu-west-1' }), { externalName: 'sg-0123456789abcdef0' }),
    rules,
    input: input({ rules: { [crossplaneAdoption.id]: { allowedKinds: ['SecurityGroup.ec2.aws.*upbound.io'] } } }),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'allowedKinds covers only the kinds it names',
    reason: 'a SecurityGroup glob does not exempt a Bucket',
    resource: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    input: input({ rules: { [crossplaneAdoption.id]: { allowedKinds: ['SecurityGroup.ec2.aws.*upbound.io'] } } }),
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'))] },
  },
  {
    name: 'an external name that is not a string',
    reason: 'a malformed annotation is refused, never read as absent',
    resource: named(bucket(), { externalName: 42 }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held(EXT, `${EXT} must be a string, got number 42`)] },
  },
  {
    name: 'annotations that are not an object',
    reason: 'an external name hidden in malformed annotations is not passed',
    resource: { ...bucket(), metadata: { annotations: ['crossplane.io/external-name=prod'] } },
    rules,
    want: { desired: SAME, mutations: [], findings: [held('metadata.annotations', 'metadata.annotations is an array, not an object; the resource cannot be checked')] },
  },
  {
    name: 'metadata that is not an object',
    reason: 'unreadable metadata is refused',
    resource: { ...bucket(), metadata: 'prod' },
    rules,
    want: { desired: SAME, mutations: [], findings: [held('metadata', 'metadata is the string "prod", not an object; the resource cannot be checked')] },
  },
  {
    name: 'a metadata.name that is not a string',
    reason: 'unreadable names are refused',
    resource: named(bucket(), { name: ['prod'] }),
    rules,
    want: { desired: SAME, mutations: [], findings: [held('metadata.name', 'metadata.name must be a string, got an array')] },
  },
  {
    name: 'action Deny',
    reason: 'a platform may refuse adoption outright',
    resource: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    input: under('Deny'),
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'), 'Deny')] },
  },
  {
    name: 'action Warn',
    reason: 'or only watch',
    resource: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    input: under('Warn'),
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'), 'Warn')] },
  },
  {
    name: 'action Disabled',
    reason: 'a disabled rule says nothing',
    resource: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    input: under('Disabled'),
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'Audit mode still reports',
    reason: 'Audit lists what Enforce would hold',
    resource: named(bucket(), { externalName: 'acme-logs' }),
    rules,
    input: input({ mode: 'Audit' }),
    want: { desired: SAME, mutations: [], findings: [held(EXT, adopts('acme-logs'))] },
  },
];

describe('crossplane-adoption', () => {
  it.each([...GROUPS.flatMap(groupCases), ...other])('$name', (c) => runCase(c));
});

describe('an approved adoption binds exactly that name', () => {
  const composite = xr({ namespace: 'team-a' });
  const run = (externalName: string, approvals: Map<string, Grant>) =>
    evaluate(engineRequest({ [NAME]: named(bucket({ group: 'namespaced' }), { externalName }) }, { composite, approvals, input: input({ rules: { 'crossplane-cluster-provider-config': { allowed: ['default'] } } }) }), CATALOG);

  it('holds the adoption, releases it once approved, and holds another name again', () => {
    const first = run('acme-logs', new Map());
    expect(first.gates.map((g) => [g.resource, g.rules, g.status])).toEqual([[NAME, [crossplaneAdoption.id], 'Held']]);
    expect(first.desired[NAME]).toBeUndefined(); // not created: nothing is adopted

    const approvals = new Map([[first.gates[0]!.digest, { by: 'alice: migrating the logs bucket, OPS-12', source: 'crossplane-system/approvals' }]]);
    expect(run('acme-logs', approvals).gates.map((g) => g.status)).toEqual(['Released']);

    const other = run('acme-prod-logs', approvals);
    expect(other.gates.map((g) => g.status)).toEqual(['Held']);
    expect(other.gates[0]!.digest).not.toBe(first.gates[0]!.digest);
  });
});

describe('adoption parameters in the Input', () => {
  const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
  const invalid = [
    { name: 'an empty list', settings: { allowedKinds: [] }, problems: ['rules.crossplane-adoption.allowedKinds: list at least one kind; remove "allowedKinds" to judge every kind'] },
    { name: 'a bare kind', settings: { allowedKinds: ['Bucket'] }, problems: ['rules.crossplane-adoption.allowedKinds[0]: a glob over Kind.group, e.g. SecurityGroup.ec2.aws.*upbound.io'] },
    { name: 'an unknown parameter', settings: { allowed: ['*'] }, problems: ['rules.crossplane-adoption: unknown field "allowed"'] },
  ];
  it.each(invalid)('$name is refused', ({ settings, problems }) => {
    expect(parseInput({ ...head, rules: { 'crossplane-adoption': settings } }, CATALOG)).toEqual({ ok: false, problems });
  });
});
