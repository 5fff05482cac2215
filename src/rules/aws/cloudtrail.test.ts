import { describe, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { actions, awsResource, booleanGuard, finding, unreadable, guardCases, injected, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { CLOUDTRAIL_RULES, cloudtrailCloudwatchLogs, cloudtrailKms, cloudtrailManagementEvents, cloudtrailLogging, cloudtrailLogValidation, cloudtrailMultiRegion, cloudtrailSns } from './cloudtrail.js';

/** Every served shape of cloudtrail Trail (provider-upjet-aws CRDs fetched into zz_schemas.ts). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const trail = (s: Served = SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('cloudtrail', 'Trail', s, { s3BucketName: 'org-trail-logs', ...forProvider });

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KMS = 'spec.forProvider.kmsKeyId';
const NO_KEY =
  'no KMS key was set, so log files are encrypted only with S3 managed keys; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets CloudTrail use it';
const noKey = (action: Finding['action']) => finding(cloudtrailKms, action, KMS, NO_KEY);

const guards: Case[] = [
  ...guardCases({
    rule: cloudtrailLogging,
    field: ['enableLogging'],
    shapes: SHAPES,
    build: trail,
    ...booleanGuard(true),
    missing: 'logging was not turned on explicitly',
    advice: 'set it to true (or remove it): a trail that does not log records nothing',
  }),
  ...guardCases({
    rule: cloudtrailMultiRegion,
    field: ['isMultiRegionTrail'],
    shapes: SHAPES,
    build: trail,
    safe: true,
    unsafe: false,
    unsafeText: 'false',
    malformed: 'yes',
    malformedText: 'the string "yes"',
    type: 'a boolean',
    missing: 'the trail was not made multi-region',
    advice: 'set it to true (or remove it) so the trail records activity in every region',
  }),
  ...guardCases({
    rule: cloudtrailLogValidation,
    field: ['enableLogFileValidation'],
    shapes: SHAPES,
    build: trail,
    safe: true,
    unsafe: false,
    unsafeText: 'false',
    malformed: 0,
    malformedText: 'number 0',
    type: 'a boolean',
    missing: 'log file validation was not turned on',
    advice: 'set it to true (or remove it) so tampering with delivered log files can be detected',
  }),
];

const kmsCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${cloudtrailKms.id} on ${s.label}`;
  return [
    {
      name: `${at}: a key ARN passes`,
      reason: 'a named customer managed key is what the control asks for',
      resource: trail(s, { kmsKeyId: KEY }),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    ...(['kmsKeyIdRef', 'kmsKeyIdSelector'] as const).map((field): Case => ({
      name: `${at}: a key through ${field} passes`,
      reason: 'Crossplane resolves the reference into kmsKeyId before the provider creates the trail',
      resource: trail(s, { [field]: field === 'kmsKeyIdRef' ? { name: 'trail-key' } : { matchControllerRef: true } }),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [] },
    })),
    {
      name: `${at}: a key in initProvider passes`,
      reason: 'initProvider is an explicit choice at creation',
      resource: withInit(trail(s), { kmsKeyId: KEY }),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: no key, reported as Warn by default`,
      reason: 'there is no safe key to inject, and SSE-S3 already encrypts the logs: the default reports and changes nothing',
      resource: trail(s),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [noKey('Warn')] },
    },
    {
      name: `${at}: no key, refused under Deny`,
      reason: 'a platform that provides a trail key makes the rule Deny',
      resource: trail(s),
      rules: [cloudtrailKms],
      input: actions({ [cloudtrailKms.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [noKey('Deny')] },
    },
    {
      name: `${at}: no key, refused under Mutate`,
      reason: 'Mutate refuses what it cannot fix by injection',
      resource: trail(s),
      rules: [cloudtrailKms],
      input: actions({ [cloudtrailKms.id]: 'Mutate' }),
      want: { desired: SAME, mutations: [], findings: [noKey('Deny')] },
    },
    {
      name: `${at}: no key, nothing when Disabled`,
      reason: 'a disabled rule does nothing',
      resource: trail(s),
      rules: [cloudtrailKms],
      input: actions({ [cloudtrailKms.id]: 'Disabled' }),
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: no key, Audit reports with the rule's action`,
      reason: 'Audit mode reports what Enforce would report',
      resource: trail(s),
      rules: [cloudtrailKms],
      input: input({ mode: 'Audit' }),
      want: { desired: SAME, mutations: [], findings: [noKey('Warn')] },
    },
    {
      name: `${at}: an empty key is reported where it is`,
      reason: 'an empty string names no key',
      resource: withInit(trail(s), { kmsKeyId: '' }),
      rules: [cloudtrailKms],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            cloudtrailKms,
            'Warn',
            'spec.initProvider.kmsKeyId',
            'spec.initProvider.kmsKeyId is empty, so log files are encrypted only with S3 managed keys; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets CloudTrail use it',
          ),
        ],
      },
    },
    {
      name: `${at}: an empty key with a reference passes`,
      reason: 'Crossplane resolves an empty field from its reference',
      resource: trail(s, { kmsKeyId: '', kmsKeyIdRef: { name: 'trail-key' } }),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a malformed key is reported`,
      reason: 'a value of the wrong type is never taken for a key',
      resource: trail(s, { kmsKeyId: { arn: KEY } }),
      rules: [cloudtrailKms],
      input: actions({ [cloudtrailKms.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [finding(cloudtrailKms, 'Deny', KMS, `${KMS} must be a string, got an object`)] },
    },
    {
      name: `${at}: an unreadable spec is reported`,
      reason: 'the rule cannot call a key absent in a spec it cannot read',
      resource: { ...trail(s), spec: ['x'] },
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [unreadable('Warn', 'spec', 'spec is an array, not an object; the resource cannot be checked')] },
    },
    {
      name: `${at}: an observe-only trail is left alone`,
      reason: 'Crossplane writes nothing to it',
      resource: withPolicies(trail(s), ['Observe']),
      rules: [cloudtrailKms],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ];
});

const noLogs = (path: string) => finding(cloudtrailCloudwatchLogs!, 'Warn', path, 'the trail delivers to no CloudWatch Logs group');
const noTopic = (path: string) => finding(cloudtrailSns!, 'Warn', path, 'the trail notifies no SNS topic when it delivers a log file');

const allRules: Case[] = SHAPES.map((s) => ({
  name: `all CloudTrail rules on a bare trail, ${s.label}`,
  reason: 'the three injections land in one pass with one sorted annotation; the missing key is reported',
  resource: trail(s),
  rules: CLOUDTRAIL_RULES,
  want: {
    desired: injected(trail(s), { enableLogging: true, isMultiRegionTrail: true, enableLogFileValidation: true }, 'aws-cloudtrail-log-validation,aws-cloudtrail-logging,aws-cloudtrail-multi-region'),
    mutations: [
      mutation(cloudtrailLogging, 'spec.forProvider.enableLogging', true),
      mutation(cloudtrailMultiRegion, 'spec.forProvider.isMultiRegionTrail', true),
      mutation(cloudtrailLogValidation, 'spec.forProvider.enableLogFileValidation', true),
    ],
    findings: [noKey('Warn'), noLogs('spec.forProvider.cloudWatchLogsGroupArn'), noTopic('spec.forProvider.snsTopicName')],
  },
}));


/** The two delivery rules: a name passes, absence and an empty name are reported, another type is malformed. */
const deliveryCases: Case[] = SHAPES.flatMap((s): Case[] =>
  (
    [
      { rule: cloudtrailCloudwatchLogs!, field: 'cloudWatchLogsGroupArn', value: 'arn:aws:logs:eu-west-1:111122223333:log-group:trail:*', absent: noLogs, advice: 'name the log group the trail delivers to (with cloudWatchLogsRoleArn)' },
      { rule: cloudtrailSns!, field: 'snsTopicName', value: 'trail-deliveries', absent: noTopic, advice: 'name the SNS topic notified on each delivery' },
    ] as const
  ).flatMap(({ rule, field, value, absent, advice }): Case[] => {
    const at = `${rule.id} on ${s.label}`;
    const fp = `spec.forProvider.${field}`;
    return [
      { name: `${at}: named, passes`, reason: 'the trail delivers there', resource: trail(s, { [field]: value }), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: named in initProvider, passes`, reason: 'an explicit choice at creation', resource: withInit(trail(s), { [field]: value }), rules: [rule], want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: absent, reported (Warn)`, reason: 'there is nothing safe to inject', resource: trail(s), rules: [rule], want: { desired: SAME, mutations: [], findings: [absent(fp)] } },
      { name: `${at}: absent, refused under Deny`, reason: 'a platform that provides one makes it Deny', resource: trail(s), rules: [rule], input: actions({ [rule.id]: 'Deny' }), want: { desired: SAME, mutations: [], findings: [{ ...absent(fp), action: 'Deny' }] } },
      { name: `${at}: empty, reported`, reason: 'an empty name names nothing', resource: trail(s, { [field]: '' }), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', fp, `${fp} is ""; ${advice}`)] } },
      { name: `${at}: not a string, malformed`, reason: 'a string in the CRD', resource: trail(s, { [field]: 7 }), rules: [rule], want: { desired: SAME, mutations: [], findings: [finding(rule, 'Warn', fp, `${fp} must be a string, got number 7`)] } },
    ];
  }),
);

const NO_BASIC = (p: string) =>
  `${p} records no management write event (each selector sets includeManagementEvents: false or readWriteType: ReadOnly); include management events with readWriteType All, or remove the selectors`;
const NO_ADVANCED = (p: string) =>
  `${p} has no selector of management events (eventCategory equals Management, not narrowed to readOnly true), and advanced selectors replace the default; add one, or remove the selectors`;
const management = (values: string[]) => ({ field: 'eventCategory', equals: values });
const dataEvents = { name: 'S3 data', fieldSelector: [management(['Data']), { field: 'resources.type', equals: ['AWS::S3::Object'] }] };

const managementCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${cloudtrailManagementEvents.id} on ${s.label}`;
  const rules = [cloudtrailManagementEvents];
  const ok = (name: string, reason: string, fp: Record<string, unknown>): Case => ({ name: `${at}: ${name}`, reason, resource: trail(s, fp), rules, want: { desired: SAME, mutations: [], findings: [] } });
  const refused = (name: string, reason: string, fp: Record<string, unknown>, path: string, message: string, r = trail(s, fp)): Case => ({ name: `${at}: ${name}`, reason, resource: r, rules, want: { desired: SAME, mutations: [], findings: [finding(cloudtrailManagementEvents, 'Deny', path, message)] } });
  return [
    ok('no selectors pass', 'a trail records management events by default', {}),
    ok('a basic selector of management writes passes', 'what the control asks', { eventSelector: [{ includeManagementEvents: true, readWriteType: 'All' }] }),
    ok('a basic selector with defaults passes', 'includeManagementEvents and readWriteType default to true and All', { eventSelector: [{ dataResource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }] }),
    ok('one selector of several records management writes: passes', 'selectors add up', { eventSelector: [{ includeManagementEvents: false }, { readWriteType: 'WriteOnly' }] }),
    refused('every basic selector leaves management events out: refused', 'no change to the account is recorded', { eventSelector: [{ includeManagementEvents: false, readWriteType: 'All' }] }, 'spec.forProvider.eventSelector', NO_BASIC('spec.forProvider.eventSelector')),
    refused('read-only basic selectors: refused', 'writes, the changes that matter, are left out', { eventSelector: [{ readWriteType: 'ReadOnly' }] }, 'spec.forProvider.eventSelector', NO_BASIC('spec.forProvider.eventSelector')),
    ok('an advanced selector of management events passes', 'eventCategory Management records them', { advancedEventSelector: [{ name: 'management', fieldSelector: [management(['Management'])] }] }),
    refused('advanced selectors of data events only: refused', 'advanced selectors replace the default management events', { advancedEventSelector: [dataEvents] }, 'spec.forProvider.advancedEventSelector', NO_ADVANCED('spec.forProvider.advancedEventSelector')),
    refused(
      'an advanced selector of management reads only: refused',
      'readOnly true leaves every write out',
      { advancedEventSelector: [{ fieldSelector: [management(['Management']), { field: 'readOnly', equals: ['true'] }] }] },
      'spec.forProvider.advancedEventSelector',
      NO_ADVANCED('spec.forProvider.advancedEventSelector'),
    ),
    refused(
      'selectors leaving management out in initProvider: refused',
      'initProvider creates the trail that way',
      {},
      'spec.initProvider.eventSelector',
      NO_BASIC('spec.initProvider.eventSelector'),
      withInit(trail(s), { eventSelector: [{ includeManagementEvents: false }] }),
    ),
    refused('a selector list that is not a list: malformed', 'a selector hidden in a malformed list is never passed', { eventSelector: { includeManagementEvents: false } }, 'spec.forProvider.eventSelector', 'spec.forProvider.eventSelector must be a list, got an object'),
    refused('a selector that is not an object: malformed', 'never passed as absent', { advancedEventSelector: ['management'] }, 'spec.forProvider.advancedEventSelector[0]', 'spec.forProvider.advancedEventSelector[0] must be an object, got the string "management"'),
  ];
});

const agentTried: Case[] = [
  {
    name: 'an agent keeps the trail logging but records only S3 data events: refused',
    reason: 'advanced selectors of data events only replace the management events: logging off by another name',
    resource: trail(SHAPES[1]!, { enableLogging: true, advancedEventSelector: [dataEvents] }),
    rules: [cloudtrailManagementEvents],
    want: { desired: SAME, mutations: [], findings: [finding(cloudtrailManagementEvents, 'Deny', 'spec.forProvider.advancedEventSelector', NO_ADVANCED('spec.forProvider.advancedEventSelector'))] },
  },
  {
    name: 'an agent disables the trail\'s logging: refused',
    reason: 'a trail that does not log records nothing',
    resource: trail(SHAPES[0]!, { enableLogging: false }),
    rules: [cloudtrailLogging],
    want: { desired: SAME, mutations: [], findings: [finding(cloudtrailLogging, 'Deny', 'spec.forProvider.enableLogging', 'spec.forProvider.enableLogging is false; set it to true (or remove it): a trail that does not log records nothing')] },
  },
];

describe('CloudTrail rules', () => {
  it.each([...managementCases, ...agentTried])('$name', (c) => runCase(c));

  it.each([...guards, ...kmsCases, ...allRules, ...deliveryCases])('$name', (c) => runCase(c));
});
