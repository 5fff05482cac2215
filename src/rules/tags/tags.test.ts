import { describe, expect, it } from 'vitest';
import { engineRequest, injected, input, rdsInstance, resource, s3, sgRule, xr } from '../../../test/builders.js';
import { evaluate, UNREADABLE_RULE } from '../../engine/engine.js';
import { resourceType } from '../../engine/gvk.js';
import type { Finding, KubeObject, Mutation } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { rdsPublicAccess, rdsStorageEncrypted } from '../aws/rds.js';
import { s3Encryption, s3PublicAccessBlock, s3Versioning } from '../aws/s3.js';
import { gcpLabel, tagField, tagsInject, tagsRequired } from './tags.js';
import { TAG_FIELDS } from './zz_tag_fields.js';

const TAG_RULES = [tagsInject, tagsRequired];

/** Table entries the cases rely on, checked so a regenerated table that drops one fails loudly here. */
const USED = {
  'rds.aws.upbound.io/v1beta3|Instance': 'tags',
  'rds.aws.m.upbound.io/v1beta1|Instance': 'tags',
  'storage.gcp.upbound.io/v1beta2|Bucket': 'labels',
  'storage.gcp.m.upbound.io/v1beta1|Bucket': 'labels',
  'sql.gcp.upbound.io/v1beta2|DatabaseInstance': 'settings.userLabels',
  'sql.gcp.m.upbound.io/v1beta1|DatabaseInstance': 'settings.userLabels',
  'pubsub.gcp.upbound.io/v1beta2|Topic': 'tags',
  'storage.azure.upbound.io/v1beta2|Account': 'tags',
} as const;

const gcsBucket = (forProvider: Record<string, unknown> = {}, apiVersion = 'storage.gcp.upbound.io/v1beta2') => resource(apiVersion, 'Bucket', { location: 'EU', ...forProvider });
const sqlInstance = (forProvider: Record<string, unknown> = {}, apiVersion = 'sql.gcp.upbound.io/v1beta2') =>
  resource(apiVersion, 'DatabaseInstance', { databaseVersion: 'POSTGRES_15', settings: { tier: 'db-f1-micro' }, ...forProvider });
const withInit = (r: KubeObject, init: Record<string, unknown>): KubeObject => ({ ...r, spec: { ...(r.spec as Record<string, unknown>), initProvider: init } });

/** The Input most cases use: one literal tag, two read from the XR. */
const TAGS = input({
  tags: {
    values: { env: 'prod' },
    fromComposite: { team: 'metadata.labels.team', 'cost-center': 'metadata.labels[cost-center]' },
  },
});
const XR = xr({ labels: { team: 'payments', 'cost-center': 'CC-42' } });

interface Case {
  name: string;
  reason: string;
  resource: KubeObject;
  input?: Guardrails;
  composite?: KubeObject;
  want: { desired: KubeObject | 'same'; mutations: Mutation[]; findings: Finding[] };
}

const mut = (path: string, value: string): Mutation => ({ resource: 'r', rule: tagsInject.id, path, value });
const deny = (path: string, message: string, rule = tagsRequired.id): Finding => ({ resource: 'r', rule, action: 'Deny', path, message });
/** The warnings tags-inject gives for a GCP key or value it had to change. */
const KEY_RULES = 'keys are lowercase letters, digits, _ and -, at most 63 characters, starting with a letter';
const VALUE_RULES = 'label values are lowercase letters, digits, _ and -, at most 63 characters';
const keyChanged = (path: string, tag: string, label: string): Finding => ({ resource: 'r', rule: tagsInject.id, action: 'Warn', path, message: `tag "${tag}" is label "${label}" on GCP (${KEY_RULES})` });
const valueChanged = (path: string, label: string, value: string, from: string): Finding => ({
  resource: 'r',
  rule: tagsInject.id,
  action: 'Warn',
  path,
  message: `the value of label "${label}" is ${JSON.stringify(value)}, made from ${JSON.stringify(from)} (${VALUE_RULES})`,
});
/** The three mutations of TAGS + XR on an AWS tag map. */
const awsTagMutations = [mut('spec.forProvider.tags.env', 'prod'), mut('spec.forProvider.tags.team', 'payments'), mut('spec.forProvider.tags.cost-center', 'CC-42')];

const injectCases: Case[] = [
  {
    name: 'AWS rds Instance (cluster): values and XR fields into tags',
    reason: 'AWS kinds keep tags in `tags`; XR fields are resolved through dotted and bracketed field paths',
    resource: rdsInstance(),
    want: {
      desired: injected(rdsInstance(), { tags: { env: 'prod', team: 'payments', 'cost-center': 'CC-42' } }, 'tags-inject'),
      mutations: awsTagMutations,
      findings: [],
    },
  },
  {
    name: 'AWS rds Instance (namespaced): the same',
    reason: 'the namespaced group has the same tag field',
    resource: rdsInstance({}, { group: 'namespaced' }),
    want: {
      desired: injected(rdsInstance({}, { group: 'namespaced' }), { tags: { env: 'prod', team: 'payments', 'cost-center': 'CC-42' } }, 'tags-inject'),
      mutations: awsTagMutations,
      findings: [],
    },
  },
  {
    name: 'AWS: existing tags are merged into, never overridden',
    reason: 'an explicit value is the author’s choice; only absent keys are injected and other keys are kept',
    resource: rdsInstance({ tags: { env: 'dev', owner: 'ana' } }),
    want: {
      desired: injected(rdsInstance(), { tags: { env: 'dev', owner: 'ana', team: 'payments', 'cost-center': 'CC-42' } }, 'tags-inject'),
      mutations: awsTagMutations.slice(1),
      findings: [],
    },
  },
  {
    name: 'AWS: a key set in initProvider is not injected into forProvider',
    reason: 'initProvider is an explicit choice too; injecting into forProvider would override it',
    resource: withInit(rdsInstance(), { tags: { team: 'core' } }),
    want: {
      desired: injected(withInit(rdsInstance(), { tags: { team: 'core' } }), { tags: { env: 'prod', 'cost-center': 'CC-42' } }, 'tags-inject'),
      mutations: [awsTagMutations[0]!, awsTagMutations[2]!],
      findings: [],
    },
  },
  {
    name: 'AWS: all keys present',
    reason: 'nothing to inject: the same object passes through',
    resource: rdsInstance({ tags: { env: 'dev', team: 'x', 'cost-center': 'y' } }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'AWS: XR field missing',
    reason: 'a missing XR field injects nothing for that key',
    resource: rdsInstance(),
    composite: xr({ labels: { team: 'payments' } }),
    want: {
      desired: injected(rdsInstance(), { tags: { env: 'prod', team: 'payments' } }, 'tags-inject'),
      mutations: awsTagMutations.slice(0, 2),
      findings: [],
    },
  },
  {
    name: 'AWS: XR field a number, another an object',
    reason: 'scalars are written as strings; an object is not a tag value and is skipped',
    resource: rdsInstance(),
    input: input({ tags: { fromComposite: { size: 'spec.parameters.size', team: 'spec.parameters.team' } } }),
    composite: { ...xr(), spec: { parameters: { size: 20, team: { name: 'payments' } } } },
    want: { desired: injected(rdsInstance(), { tags: { size: '20' } }, 'tags-inject'), mutations: [mut('spec.forProvider.tags.size', '20')], findings: [] },
  },
  {
    name: 'AWS: a key with a slash',
    reason: 'the mutation path brackets a key that is not an identifier',
    resource: rdsInstance(),
    input: input({ tags: { values: { 'kubernetes.io/name': 'orders' } } }),
    want: {
      desired: injected(rdsInstance(), { tags: { 'kubernetes.io/name': 'orders' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.tags[kubernetes.io/name]', 'orders')],
      findings: [],
    },
  },
  {
    name: 'AWS: no tags asked for',
    reason: 'an empty Input changes nothing',
    resource: rdsInstance(),
    input: input(),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'AWS: tags a string',
    reason: 'a tag map the rule cannot read is refused, not overwritten',
    resource: rdsInstance({ tags: 'env=prod' }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.tags', 'spec.forProvider.tags must be a map of strings, got the string "env=prod"', tagsInject.id)] },
  },
  {
    name: 'AWS: tags in initProvider an array',
    reason: 'initProvider is read with the same care',
    resource: withInit(rdsInstance(), { tags: [] }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.initProvider.tags', 'spec.initProvider.tags must be a map of strings, got an array', tagsInject.id)] },
  },
  {
    name: 'AWS: spec a string',
    reason: 'an unreadable resource is refused',
    resource: { ...rdsInstance(), spec: 'oops' },
    want: { desired: 'same', mutations: [], findings: [deny('spec', 'spec is the string "oops", not an object; the resource cannot be checked', UNREADABLE_RULE)] },
  },
  {
    name: 'AWS: action Warn',
    reason: 'under Warn each missing tag is reported, not injected',
    resource: rdsInstance({ tags: { env: 'dev', team: 'x' } }),
    input: input({ tags: TAGS.tags, rules: { 'tags-inject': { action: 'Warn' } } }),
    want: { desired: 'same', mutations: [], findings: [{ resource: 'r', rule: tagsInject.id, action: 'Warn', path: 'spec.forProvider.tags.cost-center', message: 'tag "cost-center" was not set', fix: { path: 'spec.forProvider.tags.cost-center', value: 'CC-42' } }] },
  },
  {
    name: 'AWS: Audit mode',
    reason: 'Audit lists the injections and changes nothing',
    resource: rdsInstance(),
    input: input({ mode: 'Audit', tags: TAGS.tags }),
    want: { desired: 'same', mutations: awsTagMutations, findings: [] },
  },
  {
    name: 'Azure storage Account: tags, not sanitized',
    reason: 'only GCP labels are restricted; Azure tags keep case and dots',
    resource: resource('storage.azure.upbound.io/v1beta2', 'Account', { location: 'westeurope' }),
    input: input({ tags: { values: { 'App.Name': 'Orders.API' } } }),
    want: {
      desired: injected(resource('storage.azure.upbound.io/v1beta2', 'Account', { location: 'westeurope' }), { tags: { 'App.Name': 'Orders.API' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.tags[App.Name]', 'Orders.API')],
      findings: [],
    },
  },
  {
    name: 's3 BucketPublicAccessBlock: no tag field',
    reason: 'a kind without a tag field gets no tags',
    resource: s3('BucketPublicAccessBlock', { bucket: 'acme-logs' }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'ec2 SecurityGroupRule: no tag field',
    reason: 'SecurityGroupRule has no tags in any version',
    resource: sgRule({ cidrBlocks: ['10.0.0.0/8'], fromPort: 22, toPort: 22 }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'an unknown version of a taggable kind',
    reason: 'a kind not in the table gets nothing: the field is not guessed',
    resource: rdsInstance({}, { version: 'v1beta9' }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'a core kind',
    reason: 'not a provider kind',
    resource: { apiVersion: 'v1', kind: 'ConfigMap', data: {} },
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'GCP storage Bucket: labels, sanitized',
    reason: 'GCP keeps key/value labels in `labels`; keys and values become lowercase with `_` for anything else',
    resource: gcsBucket(),
    input: input({ tags: { values: { 'App.Name': 'Orders.API', env: 'prod' }, fromComposite: { 'Cost-Center': 'metadata.labels[cost-center]' } } }),
    want: {
      desired: injected(gcsBucket(), { labels: { app_name: 'orders_api', env: 'prod', 'cost-center': 'cc-42' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.app_name', 'orders_api'), mut('spec.forProvider.labels.env', 'prod'), mut('spec.forProvider.labels.cost-center', 'cc-42')],
      findings: [
        keyChanged('spec.forProvider.labels.app_name', 'App.Name', 'app_name'),
        valueChanged('spec.forProvider.labels.app_name', 'app_name', 'orders_api', 'Orders.API'),
        keyChanged('spec.forProvider.labels.cost-center', 'Cost-Center', 'cost-center'),
        valueChanged('spec.forProvider.labels.cost-center', 'cost-center', 'cc-42', 'CC-42'),
      ],
    },
  },
  {
    name: 'GCP storage Bucket (namespaced): long values truncated, keys given a leading letter',
    reason: 'a GCP label value is at most 63 characters and a key must start with a letter',
    resource: gcsBucket({}, 'storage.gcp.m.upbound.io/v1beta1'),
    input: input({ tags: { values: { '1team': 'X'.repeat(100) } } }),
    want: {
      desired: injected(gcsBucket({}, 'storage.gcp.m.upbound.io/v1beta1'), { labels: { k1team: 'x'.repeat(63) } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.k1team', 'x'.repeat(63))],
      findings: [keyChanged('spec.forProvider.labels.k1team', '1team', 'k1team'), valueChanged('spec.forProvider.labels.k1team', 'k1team', 'x'.repeat(63), 'X'.repeat(100))],
    },
  },
  {
    name: 'GCP storage Bucket: an existing label is not overridden',
    reason: 'explicit wins, on GCP too',
    resource: gcsBucket({ labels: { env: 'dev' } }),
    input: input({ tags: { values: { Env: 'prod', team: 'data' } } }),
    want: {
      desired: injected(gcsBucket(), { labels: { env: 'dev', team: 'data' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.team', 'data')],
      findings: [],
    },
  },
  {
    name: 'GCP sql DatabaseInstance: settings.userLabels',
    reason: 'SQL instances have no top-level labels; their labels live in settings.userLabels, beside the other settings',
    resource: sqlInstance(),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: {
      desired: injected(sqlInstance(), { settings: { tier: 'db-f1-micro', userLabels: { env: 'prod' } } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.settings.userLabels.env', 'prod')],
      findings: [],
    },
  },
  {
    name: 'GCP sql DatabaseInstance (namespaced) with no settings: created',
    reason: 'the settings block is created for the labels',
    resource: resource('sql.gcp.m.upbound.io/v1beta1', 'DatabaseInstance', { databaseVersion: 'POSTGRES_15' }),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: {
      desired: injected(resource('sql.gcp.m.upbound.io/v1beta1', 'DatabaseInstance', { databaseVersion: 'POSTGRES_15' }), { settings: { userLabels: { env: 'prod' } } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.settings.userLabels.env', 'prod')],
      findings: [],
    },
  },
  {
    name: 'GCP sql DatabaseInstance: a label in initProvider settings is kept',
    reason: 'initProvider counts for nested label maps too',
    resource: withInit(sqlInstance(), { settings: { userLabels: { env: 'dev' } } }),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'GCP sql DatabaseInstance: settings an array',
    reason: 'the labels cannot be placed without guessing: refused, not forced in',
    resource: sqlInstance({ settings: [{ tier: 'db-f1-micro' }] }),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny('spec.forProvider.settings.userLabels.env', 'cannot inject spec.forProvider.settings.userLabels.env: spec.forProvider.settings is not an object', tagsInject.id)],
    },
  },
  {
    name: 'GCP sql DatabaseInstance v1beta1 (provider v2.x): settings is a one-element list',
    reason: 'the table lists v1beta2; v1beta1 has the same map in its own schema, inside settings[0]',
    resource: sqlInstance({ settings: [{ tier: 'db-f1-micro' }] }, 'sql.gcp.upbound.io/v1beta1'),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: {
      desired: injected(sqlInstance({ settings: [{ tier: 'db-f1-micro', userLabels: { env: 'prod' } }] }, 'sql.gcp.upbound.io/v1beta1'), {}, 'tags-inject'),
      mutations: [mut('spec.forProvider.settings[0].userLabels.env', 'prod')],
      findings: [],
    },
  },
  {
    name: 'GCP sql DatabaseInstance v1beta1 without settings: the list is built',
    reason: 'an absent block is created in the version\'s shape, with every label at once',
    resource: resource('sql.gcp.upbound.io/v1beta1', 'DatabaseInstance', { databaseVersion: 'POSTGRES_15' }),
    input: input({ tags: { values: { env: 'prod', team: 'data' } } }),
    want: {
      desired: injected(resource('sql.gcp.upbound.io/v1beta1', 'DatabaseInstance', { databaseVersion: 'POSTGRES_15' }), { settings: [{ userLabels: { env: 'prod', team: 'data' } }] }, 'tags-inject'),
      mutations: [{ resource: 'r', rule: tagsInject.id, path: 'spec.forProvider.settings', value: [{ userLabels: { env: 'prod', team: 'data' } }] }],
      findings: [],
    },
  },
  {
    name: 'GCP sql DatabaseInstance v1beta1: settings an empty list',
    reason: 'the labels cannot be placed: refused, not forced in',
    resource: sqlInstance({ settings: [] }, 'sql.gcp.upbound.io/v1beta1'),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.settings', 'spec.forProvider.settings must be a list with one object, got an array; the labels cannot be placed', tagsInject.id)] },
  },
  {
    name: 'GCP: two tags that become one label',
    reason: 'Team and team are the same label: the first is used, and the other is reported, never silently dropped',
    resource: gcsBucket(),
    input: input({ tags: { values: { team: 'payments', Team: 'billing' } } }),
    want: {
      desired: injected(gcsBucket(), { labels: { team: 'payments' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.team', 'payments')],
      findings: [{ resource: 'r', rule: tagsInject.id, action: 'Warn', path: 'spec.forProvider.labels', message: 'tags "team" and "Team" both become label "team" on GCP; "team" is used, "Team" is not' }],
    },
  },
  {
    name: 'GCP: more than 64 labels',
    reason: 'GCP refuses a 65th label: the resource is refused rather than given only some of the required ones',
    resource: gcsBucket({ labels: Object.fromEntries(Array.from({ length: 63 }, (_, i) => [`l${i}`, 'x'])) }),
    input: input({ tags: { values: { env: 'prod', team: 'data' } } }),
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny('spec.forProvider.labels', "63 labels are set and 2 more are required (env, team): more than the 64 GCP allows; remove labels so the platform's fit, none is injected", tagsInject.id)],
    },
  },
  {
    name: 'GCP: exactly 64 labels',
    reason: 'the limit itself is allowed',
    resource: gcsBucket({ labels: Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`l${i}`, 'x'])) }),
    input: input({ tags: { values: { env: 'prod', team: 'data' } } }),
    want: {
      desired: injected(gcsBucket({ labels: { ...Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`l${i}`, 'x'])), env: 'prod', team: 'data' } }), {}, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.env', 'prod'), mut('spec.forProvider.labels.team', 'data')],
      findings: [],
    },
  },
  {
    name: 'GCP compute Instance: labels, and its network tags untouched',
    reason: 'an Instance\'s `tags` is a list of network tags: never touched',
    resource: resource('compute.gcp.upbound.io/v1beta2', 'Instance', { zone: 'europe-west1-b', tags: ['web', 'ssh'] }),
    input: input({ tags: { values: { env: 'prod' } } }),
    want: {
      desired: injected(resource('compute.gcp.upbound.io/v1beta2', 'Instance', { zone: 'europe-west1-b', tags: ['web', 'ssh'], labels: { env: 'prod' } }), {}, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.env', 'prod')],
      findings: [],
    },
  },
  {
    name: 'GCP pubsub Topic: its `tags` field is not labels',
    reason: 'GCP `tags` are resource-manager tag bindings, not key/value labels: never touched',
    resource: resource('pubsub.gcp.upbound.io/v1beta2', 'Topic', {}),
    input: input({ tags: { values: { env: 'prod' }, required: ['owner'] } }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
];

const requiredCases: Case[] = [
  {
    name: 'AWS: a required key missing after injection',
    reason: 'a key nothing provides is refused, naming it',
    resource: rdsInstance(),
    input: input({ tags: { values: { env: 'prod' }, required: ['env', 'owner'] } }),
    want: {
      desired: injected(rdsInstance(), { tags: { env: 'prod' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.tags.env', 'prod')],
      findings: [deny('spec.forProvider.tags', 'missing required tag owner')],
    },
  },
  {
    name: 'AWS: two missing, one meant to come from the XR',
    reason: 'the message lists every missing key, and for a key read from the XR names the XR field to set',
    resource: rdsInstance(),
    input: input({ tags: { fromComposite: { 'cost-center': 'metadata.labels[cost-center]' }, required: ['owner', 'cost-center'] } }),
    composite: xr(),
    want: {
      desired: 'same',
      mutations: [],
      findings: [deny('spec.forProvider.tags', "missing required tags owner, cost-center; the XR does not set cost-center from metadata.labels[cost-center]")],
    },
  },
  {
    name: 'AWS: satisfied by injection from the XR',
    reason: 'tags-required judges the tags tags-inject added',
    resource: rdsInstance(),
    input: input({ tags: { ...TAGS.tags, required: ['team', 'cost-center', 'env'] } }),
    want: {
      desired: injected(rdsInstance(), { tags: { env: 'prod', team: 'payments', 'cost-center': 'CC-42' } }, 'tags-inject'),
      mutations: awsTagMutations,
      findings: [],
    },
  },
  {
    name: 'AWS: satisfied by initProvider',
    reason: 'a tag set at creation is set',
    resource: withInit(rdsInstance(), { tags: { owner: 'ana' } }),
    input: input({ tags: { required: ['owner'] } }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'AWS: satisfied in Audit mode',
    reason: 'Audit judges what Enforce would emit: the injected tag counts, though nothing is changed',
    resource: rdsInstance(),
    input: input({ mode: 'Audit', tags: { values: { owner: 'ana' }, required: ['owner'] } }),
    want: { desired: 'same', mutations: [mut('spec.forProvider.tags.owner', 'ana')], findings: [] },
  },
  {
    name: 'AWS: tags-inject Warn leaves it missing',
    reason: 'a tag reported but not injected is still missing',
    resource: rdsInstance(),
    input: input({ tags: { values: { owner: 'ana' }, required: ['owner'] }, rules: { 'tags-inject': { action: 'Warn' } } }),
    want: {
      desired: 'same',
      mutations: [],
      findings: [
        { resource: 'r', rule: tagsInject.id, action: 'Warn', path: 'spec.forProvider.tags.owner', message: 'tag "owner" was not set', fix: { path: 'spec.forProvider.tags.owner', value: 'ana' } },
        deny('spec.forProvider.tags', 'missing required tag owner'),
      ],
    },
  },
  {
    name: 'AWS: tags-required Warn',
    reason: 'the action from the Input is the action reported',
    resource: rdsInstance(),
    input: input({ tags: { required: ['owner'] }, rules: { 'tags-required': { action: 'Warn' } } }),
    want: { desired: 'same', mutations: [], findings: [{ ...deny('spec.forProvider.tags', 'missing required tag owner'), action: 'Warn' }] },
  },
  {
    name: 'AWS: a malformed tag map is reported by both rules',
    reason: 'neither rule may pass a map it cannot read',
    resource: rdsInstance({ tags: 'owner=ana' }),
    input: input({ tags: { values: { env: 'prod' }, required: ['owner'] } }),
    want: {
      desired: 'same',
      mutations: [],
      findings: [
        deny('spec.forProvider.tags', 'spec.forProvider.tags must be a map of strings, got the string "owner=ana"', tagsInject.id),
        deny('spec.forProvider.tags', 'spec.forProvider.tags must be a map of strings, got the string "owner=ana"'),
      ],
    },
  },
  {
    name: 'a kind without a tag field is not required to have tags',
    reason: 'there is nowhere to put them',
    resource: s3('BucketPublicAccessBlock', { bucket: 'acme-logs' }),
    input: input({ tags: { required: ['owner'] } }),
    want: { desired: 'same', mutations: [], findings: [] },
  },
  {
    name: 'GCP: a required key missing, reported as a label',
    reason: 'GCP has labels; the message says so',
    resource: gcsBucket(),
    input: input({ tags: { required: ['owner'] } }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.labels', 'missing required label owner')] },
  },
  {
    name: 'GCP: a required key satisfied by its sanitized label',
    reason: 'the required key is compared in its label form (Cost.Center -> cost_center)',
    resource: gcsBucket(),
    input: input({ tags: { fromComposite: { 'Cost.Center': 'metadata.labels[cost-center]' }, required: ['Cost.Center'] } }),
    want: {
      desired: injected(gcsBucket(), { labels: { cost_center: 'cc-42' } }, 'tags-inject'),
      mutations: [mut('spec.forProvider.labels.cost_center', 'cc-42')],
      findings: [keyChanged('spec.forProvider.labels.cost_center', 'Cost.Center', 'cost_center'), valueChanged('spec.forProvider.labels.cost_center', 'cost_center', 'cc-42', 'CC-42')],
    },
  },
  {
    name: 'GCP: a required key that must change to be a label',
    reason: 'the message names the label and the key it came from',
    resource: gcsBucket({ labels: { team: 'a' } }),
    input: input({ tags: { required: ['CostCenter', 'team'] } }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.labels', 'missing required label costcenter (tag "CostCenter")')] },
  },
  {
    name: 'GCP sql DatabaseInstance v1beta1: a required label inside settings[0]',
    reason: 'read through the one-element list',
    resource: sqlInstance({ settings: [{ tier: 'db-f1-micro', userLabels: { team: 'a' } }] }, 'sql.gcp.upbound.io/v1beta1'),
    input: input({ tags: { required: ['team', 'owner'] } }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.settings[0].userLabels', 'missing required label owner')] },
  },
  {
    name: 'GCP sql DatabaseInstance: the path is settings.userLabels',
    reason: 'the finding points at the kind’s own label map',
    resource: sqlInstance(),
    input: input({ tags: { required: ['owner'] } }),
    want: { desired: 'same', mutations: [], findings: [deny('spec.forProvider.settings.userLabels', 'missing required label owner')] },
  },
];

describe('tags through the engine', () => {
  it('the table entries these cases rely on', () => {
    for (const [key, field] of Object.entries(USED)) expect([key, TAG_FIELDS.get(key)]).toEqual([key, field]);
    // And the kinds that must have none.
    for (const key of ['s3.aws.upbound.io/v1beta1|BucketPublicAccessBlock', 'ec2.aws.upbound.io/v1beta1|SecurityGroupRule', 'ec2.aws.m.upbound.io/v1beta1|SecurityGroupRule']) {
      expect([key, TAG_FIELDS.get(key)]).toEqual([key, undefined]);
    }
  });

  it.each([...injectCases, ...requiredCases])('$name', ({ resource: r, input: inp, composite, want }) => {
    const before = structuredClone(r);
    const decision = evaluate(engineRequest({ r }, { input: inp ?? TAGS, composite: composite ?? XR }), TAG_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.companions).toEqual([]);
    expect(decision.findings).toEqual(want.findings);
    expect(decision.mutations).toEqual(want.mutations);
    if (want.desired === 'same') expect(decision.desired.r).toBe(r);
    else expect(decision.desired.r).toEqual(want.desired);
    expect(r).toEqual(before);
  });

  it('with the RDS rules, tags join their injections in one annotation', () => {
    // Reason: rules on one resource share one draft and one mutated-by annotation, sorted.
    const decision = evaluate(engineRequest({ r: rdsInstance() }, { input: TAGS, composite: XR }), [rdsStorageEncrypted, rdsPublicAccess, tagsInject, tagsRequired]);
    expect(decision.desired.r).toEqual(
      injected(
        rdsInstance(),
        { storageEncrypted: true, publiclyAccessible: false, tags: { env: 'prod', team: 'payments', 'cost-center': 'CC-42' } },
        'aws-rds-public-access,aws-rds-storage-encrypted,tags-inject',
      ),
    );
    expect(decision.findings).toEqual([]);
  });

  it('S3 companions get no tags, the bucket does', () => {
    // Reason: the companion kinds have no tag field; tags go on the bucket only.
    const decision = evaluate(engineRequest({ logs: s3('Bucket', {}, { version: 'v1beta2' }) }, { input: TAGS, composite: XR }), [s3Encryption, s3PublicAccessBlock, s3Versioning, tagsInject]);
    expect(decision.mutations.filter((m) => m.rule === tagsInject.id)).toEqual(awsTagMutations.map((m) => ({ ...m, resource: 'logs' })));
    for (const c of decision.companions) expect((c.resource.spec as { forProvider: Record<string, unknown> }).forProvider.tags).toBeUndefined();
  });
});

describe('tagField', () => {
  const cases = [
    { name: 'AWS rds Instance', reason: 'tags', apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance', want: ['tags'] },
    { name: 'GCP storage Bucket', reason: 'labels', apiVersion: 'storage.gcp.upbound.io/v1beta2', kind: 'Bucket', want: ['labels'] },
    { name: 'GCP sql DatabaseInstance', reason: 'a nested label map', apiVersion: 'sql.gcp.upbound.io/v1beta2', kind: 'DatabaseInstance', want: ['settings', 'userLabels'] },
    { name: 'GCP sql DatabaseInstance v1beta1', reason: 'not in the table; its own schema has the map, inside a one-element list', apiVersion: 'sql.gcp.upbound.io/v1beta1', kind: 'DatabaseInstance', want: ['settings', 0, 'userLabels'] },
    { name: 'GCP compute Instance', reason: 'labels, not its network tags', apiVersion: 'compute.gcp.m.upbound.io/v1beta1', kind: 'Instance', want: ['labels'] },
    { name: 'GCP pubsub Topic', reason: 'GCP `tags` are not labels', apiVersion: 'pubsub.gcp.upbound.io/v1beta2', kind: 'Topic', want: undefined },
    { name: 'an unknown version', reason: 'not in the table', apiVersion: 'rds.aws.upbound.io/v1', kind: 'Instance', want: undefined },
  ];
  it.each(cases)('$name', ({ apiVersion, kind, want }) => {
    expect(tagField(resourceType({ apiVersion, kind })!)).toEqual(want);
  });
});

describe('gcpLabel', () => {
  const cases = [
    { name: 'already valid', reason: 'unchanged', text: 'team-a_1', part: 'key' as const, want: 'team-a_1' },
    { name: 'uppercase and dots', reason: 'lowercased, dots to _', text: 'Cost.Center', part: 'key' as const, want: 'cost_center' },
    { name: 'a slash and a space', reason: 'anything else to _', text: 'a/b c', part: 'value' as const, want: 'a_b_c' },
    { name: 'a key starting with a digit', reason: 'a key must start with a letter', text: '9lives', part: 'key' as const, want: 'k9lives' },
    { name: 'a value starting with a digit', reason: 'values may', text: '9lives', part: 'value' as const, want: '9lives' },
    { name: 'a key starting with _', reason: 'not a letter either', text: '_x', part: 'key' as const, want: 'k_x' },
    { name: '64 characters', reason: 'truncated to 63', text: 'a'.repeat(64), part: 'value' as const, want: 'a'.repeat(63) },
    { name: 'a prefixed key of 63', reason: 'truncated after the prefix', text: '1'.repeat(63), part: 'key' as const, want: `k${'1'.repeat(62)}` },
    { name: 'empty value', reason: 'an empty label value is valid', text: '', part: 'value' as const, want: '' },
  ];
  it.each(cases)('$name', ({ text, part, want }) => expect(gcpLabel(text, part)).toBe(want));
});
