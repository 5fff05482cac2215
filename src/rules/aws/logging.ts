/**
 * Logs that stay useful: CloudWatch log groups kept long enough and
 * encrypted with a customer managed key, CloudTrail Lake event data stores
 * under such a key, alarms that act, and a Config aggregator that sees every
 * region. The trail's own delivery (CloudWatch Logs, SNS) is in cloudtrail.ts.
 */
import { formatFieldPath } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, requireValue } from '../params.js';

const aws = (service: string, kind: string): ProviderKindRef => ({ cloud: 'aws', service, kind });
const LOG_GROUP = aws('cloudwatchlogs', 'Group');
const EVENT_DATA_STORE = aws('cloudtrail', 'EventDataStore');

/** Fields that name a KMS key, directly or through a Key managed resource. */
const KEY_FIELDS = ['kmsKeyId', 'kmsKeyIdRef', 'kmsKeyIdSelector'] as const;

export const logEncryption = defineRule({
  id: 'aws-log-encryption',
  title: 'Logs are encrypted with a customer managed key',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports a CloudWatch Logs Group or a CloudTrail Lake EventDataStore that names no KMS key (`kmsKeyId`, `kmsKeyIdRef` or `kmsKeyIdSelector`), or an empty `kmsKeyId`. There is no safe key to inject: the key policy must let CloudWatch Logs or CloudTrail use it. Warn by default because AWS already encrypts both with keys it owns; set it to `Deny` once the platform provides a log key, so who may read the logs is decided by a key policy.',
  references: { checkov: ['CKV_AWS_158', 'CKV_AWS_294'], trivy: ['AWS-0017'] },
  kinds: [LOG_GROUP, EVENT_DATA_STORE],
  check(ctx) {
    const ids = explicitParams(ctx.resource, ['kmsKeyId']);
    const malformed = ids.find((e) => typeof e.value !== 'string');
    if (malformed !== undefined) return ctx.unsafe(malformed.path, `${malformed.path} must be a string, got ${describe(malformed.value)}`);
    if (ids.some((e) => (e.value as string).trim() !== '')) return;
    if (KEY_FIELDS.slice(1).some((f) => explicitParams(ctx.resource, [f]).length > 0)) return; // resolved into kmsKeyId
    const empty = ids[0];
    ctx.unsafe(
      empty?.path ?? formatFieldPath(['spec', 'forProvider', 'kmsKeyId']),
      `${empty !== undefined ? `${empty.path} is empty` : 'no KMS key was set'}, so the logs are encrypted only with a key AWS owns; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets the service use it`,
    );
  },
}) satisfies Rule;

/** The shortest retention kept, in days; 0 keeps events forever. */
const MIN_RETENTION_DAYS = 365;

export const logRetention = defineRule({
  id: 'aws-log-group-retention',
  title: 'Log groups keep their events for a year',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description: `Refuses, until a person approves, a CloudWatch Logs Group whose explicit \`retentionInDays\` is below ${MIN_RETENTION_DAYS}: an agent that shortens retention deletes the evidence an investigation needs. \`0\` and an absent \`retentionInDays\` keep events forever and pass. A value that is not a number is refused as malformed.`,
  references: { checkov: ['CKV_AWS_338'] },
  kinds: [LOG_GROUP],
  check(ctx) {
    for (const e of explicitParams(ctx.resource, ['retentionInDays'])) {
      if (typeof e.value !== 'number') ctx.unsafe(e.path, `${e.path} must be a number, got ${describe(e.value)}`);
      else if (e.value !== 0 && e.value < MIN_RETENTION_DAYS) {
        ctx.unsafe(e.path, `${e.path} is ${e.value} days; keep log events at least ${MIN_RETENTION_DAYS} days (or 0, forever) so an investigation finds them, or get approval`);
      }
    }
  },
}) satisfies Rule;

export const [alarmActions] = fieldRules([
  {
    id: 'aws-cloudwatch-alarm-actions',
    title: 'CloudWatch alarms act',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: aws('cloudwatch', 'MetricAlarm'), field: ['actionsEnabled'] }],
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'alarm actions were not enabled explicitly',
    unsafe: 'set it to true (or remove it): an alarm with its actions off notifies nobody',
    why: 'An alarm whose actions are disabled changes state silently: the security alarm an agent mutes this way pages nobody.',
    references: { checkov: ['CKV_AWS_319'] },
  },
]);

const AGGREGATOR = aws('configservice', 'ConfigurationAggregator');
const SOURCES = ['accountAggregationSource', 'organizationAggregationSource'] as const;

export const configAggregatorAllRegions = defineRule({
  id: 'aws-config-aggregator-all-regions',
  title: 'Config aggregators gather every region',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'On a ConfigurationAggregator, injects `allRegions: true` into an `accountAggregationSource` or `organizationAggregationSource` that names neither `allRegions` nor `regions`, and refuses an explicit `allRegions: false` or a source that lists `regions` instead: an aggregator of some regions leaves the resources of the others out of the compliance view. A value of another type is refused as malformed.',
  fix: 'injects `allRegions: true` into each aggregation source that names no region.',
  references: { checkov: ['CKV_AWS_121'], trivy: ['AWS-0019'] },
  kinds: [AGGREGATOR],
  check(ctx) {
    for (const source of SOURCES) {
      if (explicitParams(ctx.resource, [source]).length === 0) continue;
      const regions = explicitParams(ctx.resource, [source, 'regions']);
      const all = explicitParams(ctx.resource, [source, 'allRegions']);
      if (all.length === 0 && regions.length > 0) {
        for (const r of regions) ctx.unsafe(r.path, `${r.path} lists some regions; set ${source}.allRegions to true instead so the aggregator sees every region`);
        continue;
      }
      requireValue(ctx, [source, 'allRegions'], {
        safe: (v) => v === true,
        inject: true,
        type: 'boolean',
        missing: 'the aggregation source names no region',
        unsafe: 'set it to true so the aggregator sees every region',
      });
    }
  },
}) satisfies Rule;

/** The logging rules in evaluation order. */
export const LOGGING_RULES = [logEncryption, logRetention, alarmActions!, configAggregatorAllRegions] as const satisfies readonly Rule[];
