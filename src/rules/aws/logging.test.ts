import { describe, it } from 'vitest';
import { actions, awsResource, finding, injected, mutation, paramPath, runCase, SAME, served, withInit, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import type { Finding } from '../../engine/types.js';
import { alarmActions, configAggregatorAllRegions, logEncryption, logRetention } from './logging.js';

const V1BETA1 = served('cluster', 'v1beta1');
const V1BETA2 = served('cluster', 'v1beta2');
const NAMESPACED = served('namespaced', 'v1beta1');
/** Group, EventDataStore and MetricAlarm are served as v1beta1 in both groups; ConfigurationAggregator also as v1beta2. */
const TWO = [V1BETA1, NAMESPACED] as const;
const THREE = [V1BETA1, V1BETA2, NAMESPACED] as const;

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const NO_KEY = 'no KMS key was set, so the logs are encrypted only with a key AWS owns; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets the service use it';
const KMS = 'spec.forProvider.kmsKeyId';

const encryptionCases: Case[] = (
  [
    { service: 'cloudwatchlogs', kind: 'Group', base: { retentionInDays: 365 } },
    { service: 'cloudtrail', kind: 'EventDataStore', base: {} },
  ] as const
).flatMap(({ service, kind, base }) =>
  TWO.flatMap((s): Case[] => {
    const at = `${logEncryption.id} on ${service} ${kind}, ${s.label}`;
    const build = (fp: Record<string, unknown> = {}) => awsResource(service, kind, s, { ...base, ...fp });
    const rules = [logEncryption];
    return [
      { name: `${at}: a key ARN passes`, reason: 'a customer managed key is named', resource: build({ kmsKeyId: KEY }), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: a key by reference passes`, reason: 'Crossplane resolves it into kmsKeyId', resource: build({ kmsKeyIdRef: { name: 'logs' } }), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: a key in initProvider passes`, reason: 'an explicit choice at creation', resource: withInit(build(), { kmsKeyId: KEY }), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: no key, reported (Warn)`, reason: 'no key to inject; AWS encrypts with its own', resource: build(), rules, want: { desired: SAME, mutations: [], findings: [finding(logEncryption, 'Warn', KMS, NO_KEY)] } },
      { name: `${at}: no key, refused under Deny`, reason: 'a platform with a log key makes it Deny', resource: build(), rules, input: actions({ [logEncryption.id]: 'Deny' }), want: { desired: SAME, mutations: [], findings: [finding(logEncryption, 'Deny', KMS, NO_KEY)] } },
      {
        name: `${at}: an empty key, reported where it is`,
        reason: 'an empty string names no key',
        resource: build({ kmsKeyId: ' ' }),
        rules,
        want: { desired: SAME, mutations: [], findings: [finding(logEncryption, 'Warn', KMS, `${KMS} is empty, so the logs are encrypted only with a key AWS owns; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets the service use it`)] },
      },
      { name: `${at}: a key of the wrong type, malformed`, reason: 'a string in the CRD', resource: build({ kmsKeyId: true }), rules, want: { desired: SAME, mutations: [], findings: [finding(logEncryption, 'Warn', KMS, `${KMS} must be a string, got boolean true`)] } },
      { name: `${at}: observe-only, nothing`, reason: 'Crossplane only reads it', resource: withPolicies(build(), ['Observe']), rules, want: { desired: SAME, mutations: [], findings: [] } },
    ];
  }),
);

const RETENTION = 'spec.forProvider.retentionInDays';
const tooShort = (path: string, days: number) => `${path} is ${days} days; keep log events at least 365 days (or 0, forever) so an investigation finds them, or get approval`;

const retentionCases: Case[] = TWO.flatMap((s): Case[] => {
  const at = `${logRetention.id} on ${s.label}`;
  const group = (fp: Record<string, unknown> = {}) => awsResource('cloudwatchlogs', 'Group', s, { kmsKeyId: KEY, ...fp });
  const rules = [logRetention];
  const pass = (days: number | undefined, reason: string): Case => ({ name: `${at}: ${days ?? 'absent'} passes`, reason, resource: group(days === undefined ? {} : { retentionInDays: days }), rules, want: { desired: SAME, mutations: [], findings: [] } });
  return [
    pass(undefined, 'no retention keeps events forever'),
    pass(0, '0 keeps events forever'),
    pass(365, 'a year is the floor'),
    pass(3653, 'ten years'),
    { name: `${at}: 364 held`, reason: 'a day short of a year', resource: group({ retentionInDays: 364 }), rules, want: { desired: SAME, mutations: [], findings: [finding(logRetention, 'RequireApproval', RETENTION, tooShort(RETENTION, 364))] } },
    {
      name: `${at}: 1 in initProvider held`,
      reason: 'initProvider creates the group that way',
      resource: withInit(group(), { retentionInDays: 1 }),
      rules,
      want: { desired: SAME, mutations: [], findings: [finding(logRetention, 'RequireApproval', 'spec.initProvider.retentionInDays', tooShort('spec.initProvider.retentionInDays', 1))] },
    },
    { name: `${at}: a string, malformed`, reason: 'a number in the CRD', resource: group({ retentionInDays: '7' }), rules, want: { desired: SAME, mutations: [], findings: [finding(logRetention, 'RequireApproval', RETENTION, `${RETENTION} must be a number, got the string "7"`)] } },
  ];
});

const ALARM = { comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, metricName: 'Errors', namespace: 'AWS/Lambda', period: 60, statistic: 'Sum', threshold: 1 };
const ACTIONS = 'spec.forProvider.actionsEnabled';
const muted = (path: string) => `${path} is false; set it to true (or remove it): an alarm with its actions off notifies nobody`;

const alarmCases: Case[] = TWO.flatMap((s): Case[] => {
  const at = `${alarmActions!.id} on ${s.label}`;
  const alarm = (fp: Record<string, unknown> = {}) => awsResource('cloudwatch', 'MetricAlarm', s, { ...ALARM, ...fp });
  const rules = [alarmActions!];
  return [
    { name: `${at}: absent passes, the provider enables actions`, reason: "the provider's default is true", resource: alarm(), rules, want: { desired: SAME, mutations: [], findings: [] } },
    { name: `${at}: true passes`, reason: 'the safe value', resource: alarm({ actionsEnabled: true }), rules, want: { desired: SAME, mutations: [], findings: [] } },
    { name: `${at}: false is refused`, reason: 'a muted alarm notifies nobody', resource: alarm({ actionsEnabled: false }), rules, want: { desired: SAME, mutations: [], findings: [finding(alarmActions!, 'Deny', ACTIONS, muted(ACTIONS))] } },
    { name: `${at}: false in initProvider is refused`, reason: 'each block is judged', resource: withInit(alarm(), { actionsEnabled: false }), rules, want: { desired: SAME, mutations: [], findings: [finding(alarmActions!, 'Deny', 'spec.initProvider.actionsEnabled', muted('spec.initProvider.actionsEnabled'))] } },
    { name: `${at}: a string is malformed`, reason: 'a boolean in the CRD', resource: alarm({ actionsEnabled: 'true' }), rules, want: { desired: SAME, mutations: [], findings: [finding(alarmActions!, 'Deny', ACTIONS, `${ACTIONS} must be a boolean, got the string "true"`)] } },
  ];
});

const aggregatorCases: Case[] = THREE.flatMap((s): Case[] =>
  (['accountAggregationSource', 'organizationAggregationSource'] as const).flatMap((source): Case[] => {
    const at = `${configAggregatorAllRegions.id} on ${source}, ${s.label}`;
    const base = source === 'accountAggregationSource' ? { accountIds: ['111122223333'] } : { roleArn: 'arn:aws:iam::111122223333:role/aggregator' };
    const block = (fields: Record<string, unknown>) => ({ [source]: s.blocks === 'array' ? [{ ...base, ...fields }] : { ...base, ...fields } });
    const build = (fields: Record<string, unknown> = {}) => awsResource('configservice', 'ConfigurationAggregator', s, block(fields));
    const rules = [configAggregatorAllRegions];
    const all = paramPath(s, 'forProvider', [source, 'allRegions']);
    const regions = `${paramPath(s, 'forProvider', [source, 'regions'])}`;
    const some = (path: string): Finding => finding(configAggregatorAllRegions, 'Deny', path, `${path} lists some regions; set ${source}.allRegions to true instead so the aggregator sees every region`);
    return [
      { name: `${at}: allRegions true passes`, reason: 'the safe value', resource: build({ allRegions: true }), rules, want: { desired: SAME, mutations: [], findings: [] } },
      { name: `${at}: no region named, allRegions injected`, reason: 'the source must name regions; every region is the safe choice', resource: build(), rules, want: { desired: injected(build(), block({ allRegions: true }), configAggregatorAllRegions.id), mutations: [mutation(configAggregatorAllRegions, all, true)], findings: [] } },
      { name: `${at}: allRegions false, refused`, reason: 'an aggregator of some regions hides the others', resource: build({ allRegions: false }), rules, want: { desired: SAME, mutations: [], findings: [finding(configAggregatorAllRegions, 'Deny', all, `${all} is false; set it to true so the aggregator sees every region`)] } },
      { name: `${at}: a list of regions instead, refused`, reason: 'the regions not listed are left out', resource: build({ regions: ['eu-west-1'] }), rules, want: { desired: SAME, mutations: [], findings: [some(regions)] } },
      { name: `${at}: allRegions a string, malformed`, reason: 'a boolean in the CRD', resource: build({ allRegions: 'true' }), rules, want: { desired: SAME, mutations: [], findings: [finding(configAggregatorAllRegions, 'Deny', all, `${all} must be a boolean, got the string "true"`)] } },
    ];
  }),
);

const probes: Case[] = [
  {
    name: 'an agent shortens the audit log group to one day: held',
    reason: 'the evidence would be gone tomorrow',
    resource: awsResource('cloudwatchlogs', 'Group', NAMESPACED, { kmsKeyId: KEY, retentionInDays: 1 }),
    rules: [logRetention],
    want: { desired: SAME, mutations: [], findings: [finding(logRetention, 'RequireApproval', RETENTION, tooShort(RETENTION, 1))] },
  },
  {
    name: 'an agent mutes the security alarm: refused',
    reason: 'actionsEnabled: false pages nobody',
    resource: awsResource('cloudwatch', 'MetricAlarm', V1BETA1, { ...ALARM, actionsEnabled: false }),
    rules: [alarmActions!],
    want: { desired: SAME, mutations: [], findings: [finding(alarmActions!, 'Deny', ACTIONS, muted(ACTIONS))] },
  },
  {
    name: 'an agent narrows the Config aggregator to one region: refused',
    reason: 'the other regions leave the compliance view',
    resource: awsResource('configservice', 'ConfigurationAggregator', V1BETA2, { organizationAggregationSource: { roleArn: 'arn:aws:iam::111122223333:role/aggregator', regions: ['us-east-1'], allRegions: false } }),
    rules: [configAggregatorAllRegions],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(configAggregatorAllRegions, 'Deny', 'spec.forProvider.organizationAggregationSource.allRegions', 'spec.forProvider.organizationAggregationSource.allRegions is false; set it to true so the aggregator sees every region')],
    },
  },
];

describe('logging rules', () => {
  it.each([...encryptionCases, ...retentionCases, ...alarmCases, ...aggregatorCases, ...probes])('$name', (c) => runCase(c));
});


