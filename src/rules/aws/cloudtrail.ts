/**
 * CloudTrail trails: logging on, every region, log files that can be proven
 * untouched, and logs under a customer managed KMS key.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, requireBoolean } from '../params.js';

const TRAIL_KIND: ProviderKindRef = { cloud: 'aws', service: 'cloudtrail', kind: 'Trail' };
const TRAIL: readonly KindRef[] = [TRAIL_KIND];

export const cloudtrailLogging = defineRule({
  id: 'aws-cloudtrail-logging',
  title: 'CloudTrail trails keep logging',
  severity: 'critical',
  defaultAction: 'Mutate',
  description:
    'Injects `enableLogging: true` into Trails that do not set it (AWS starts a new trail logging, so this only makes it explicit). Refuses an explicit `enableLogging: false`: a trail that does not log records nothing, and an agent that adopts the organisation\'s trail could stop it this way.',
  fix: 'injects `enableLogging: true`.',
  references: { checkov: ['CKV_AWS_251'] },
  kinds: TRAIL,
  check(ctx) {
    requireBoolean(ctx, 'enableLogging', true, {
      missing: 'logging was not turned on explicitly',
      unsafe: 'set it to true (or remove it): a trail that does not log records nothing',
    });
  },
}) satisfies Rule;

export const cloudtrailMultiRegion = defineRule({
  id: 'aws-cloudtrail-multi-region',
  title: 'CloudTrail trails cover every region',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `isMultiRegionTrail: true` into Trails that do not set it, so activity in a region nobody watches is recorded too. Refuses an explicit `isMultiRegionTrail: false`. The first trail delivering management events is free; a second multi-region trail is billed per event.',
  fix: 'injects `isMultiRegionTrail: true`.',
  references: { checkov: ['CKV_AWS_67'], trivy: ['AWS-0014'] },
  kinds: TRAIL,
  check(ctx) {
    requireBoolean(ctx, 'isMultiRegionTrail', true, {
      missing: 'the trail was not made multi-region',
      unsafe: 'set it to true (or remove it) so the trail records activity in every region',
    });
  },
}) satisfies Rule;

export const cloudtrailLogValidation = defineRule({
  id: 'aws-cloudtrail-log-validation',
  title: 'CloudTrail log files can be validated',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `enableLogFileValidation: true` into Trails that do not set it: CloudTrail then delivers signed digest files, so a log file changed or deleted after delivery can be detected. Refuses an explicit `enableLogFileValidation: false`.',
  fix: 'injects `enableLogFileValidation: true`.',
  references: { checkov: ['CKV_AWS_36'], trivy: ['AWS-0016'] },
  kinds: TRAIL,
  check(ctx) {
    requireBoolean(ctx, 'enableLogFileValidation', true, {
      missing: 'log file validation was not turned on',
      unsafe: 'set it to true (or remove it) so tampering with delivered log files can be detected',
    });
  },
}) satisfies Rule;

/** Fields that name the trail's KMS key, directly or through a Key managed resource. */
const KEY_FIELDS = ['kmsKeyId', 'kmsKeyIdRef', 'kmsKeyIdSelector'] as const;

export const cloudtrailKms = defineRule({
  id: 'aws-cloudtrail-kms',
  title: 'CloudTrail logs are encrypted with a customer managed key',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports a Trail that names no KMS key (`kmsKeyId`, `kmsKeyIdRef` or `kmsKeyIdSelector`), or an empty `kmsKeyId`. There is no safe key to inject: the key policy must let CloudTrail encrypt and the log readers decrypt. Warn by default because CloudTrail already encrypts log files with S3 managed keys (SSE-S3); set it to `Deny` once the platform provides a trail key.',
  references: { checkov: ['CKV_AWS_35'], trivy: ['AWS-0015'] },
  kinds: TRAIL,
  check(ctx) {
    const ids = explicitParams(ctx.resource, ['kmsKeyId']);
    const malformed = ids.find((e) => typeof e.value !== 'string');
    if (malformed !== undefined) {
      ctx.unsafe(malformed.path, `${malformed.path} must be a string, got ${describe(malformed.value)}`);
      return;
    }
    if (ids.some((e) => (e.value as string).trim() !== '')) return;
    if (KEY_FIELDS.slice(1).some((f) => explicitParams(ctx.resource, [f]).length > 0)) return; // resolved into kmsKeyId
    const empty = ids[0];
    ctx.unsafe(
      empty?.path ?? formatFieldPath(['spec', 'forProvider', 'kmsKeyId']),
      `${empty !== undefined ? `${empty.path} is empty` : 'no KMS key was set'}, so log files are encrypted only with S3 managed keys; set kmsKeyId (or kmsKeyIdRef) to a customer managed key whose policy lets CloudTrail use it`,
    );
  },
}) satisfies Rule;

/** The elements of an explicit list of blocks in either parameter block, with their paths; a value that is not a list is reported. */
function blocks(ctx: RuleContext, field: string): { path: string; items: { path: string; value: Record<string, unknown> }[] }[] {
  const out: { path: string; items: { path: string; value: Record<string, unknown> }[] }[] = [];
  for (const e of explicitParams(ctx.resource, [field])) {
    if (!Array.isArray(e.value)) {
      ctx.unsafe(e.path, `${e.path} must be a list, got ${describe(e.value)}`);
      continue;
    }
    const items: { path: string; value: Record<string, unknown> }[] = [];
    e.value.forEach((item: unknown, i) => {
      const at = formatFieldPath([...e.segments, i]);
      if (isObject(item)) items.push({ path: at, value: item });
      else ctx.unsafe(at, `${at} must be an object, got ${describe(item)}`);
    });
    if (items.length === e.value.length) out.push({ path: e.path, items });
  }
  return out;
}

/** Does an advanced selector record management events, writes included: `eventCategory` equals Management, and no `readOnly` of only "true"? */
function recordsManagementWrites(selector: Record<string, unknown>): boolean {
  const fields = Array.isArray(selector.fieldSelector) ? selector.fieldSelector.filter(isObject) : [];
  const equals = (name: string) => fields.filter((f) => f.field === name).map((f) => (Array.isArray(f.equals) ? f.equals : []));
  const category = equals('eventCategory');
  const readOnly = equals('readOnly');
  return category.length > 0 && category.every((e) => e.includes('Management')) && !readOnly.some((e) => e.length > 0 && e.every((v) => v === 'true'));
}

export const cloudtrailManagementEvents = defineRule({
  id: 'aws-cloudtrail-management-events',
  title: 'CloudTrail trails record management events',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    "Refuses a Trail whose event selectors leave out the account's management events, writes included: an `eventSelector` list in which every selector sets `includeManagementEvents: false` or `readWriteType: ReadOnly`, or an `advancedEventSelector` list (which replaces the basic selectors) without a selector whose `eventCategory` equals `Management` and that does not narrow `readOnly` to `true`. A trail that logs but records no management writes misses every change to IAM, networks and the trail itself: turning logging off by another name. A trail without selectors records management events (AWS's default) and passes. A list or selector of the wrong shape is refused as malformed.",
  kinds: TRAIL,
  check(ctx) {
    for (const list of blocks(ctx, 'eventSelector')) {
      const writes = list.items.some(({ value }) => value.includeManagementEvents !== false && value.readWriteType !== 'ReadOnly');
      if (list.items.length > 0 && !writes) ctx.unsafe(list.path, `${list.path} records no management write event (each selector sets includeManagementEvents: false or readWriteType: ReadOnly); include management events with readWriteType All, or remove the selectors`);
    }
    for (const list of blocks(ctx, 'advancedEventSelector')) {
      if (list.items.length > 0 && !list.items.some(({ value }) => recordsManagementWrites(value))) {
        ctx.unsafe(list.path, `${list.path} has no selector of management events (eventCategory equals Management, not narrowed to readOnly true), and advanced selectors replace the default; add one, or remove the selectors`);
      }
    }
  },
}) satisfies Rule;

/** A value that names something: a non-empty string. */
const named = { test: (v: unknown) => typeof v === 'string' && v.trim() !== '', words: 'a non-empty name' };

export const [cloudtrailCloudwatchLogs, cloudtrailSns] = fieldRules([
  {
    id: 'aws-cloudtrail-cloudwatch-logs',
    title: 'CloudTrail trails also deliver to CloudWatch Logs',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: TRAIL_KIND, field: ['cloudWatchLogsGroupArn'] }],
    type: 'string',
    safe: named,
    missing: 'the trail delivers to no CloudWatch Logs group',
    unsafe: 'name the log group the trail delivers to (with cloudWatchLogsRoleArn)',
    why: 'Events in CloudWatch Logs can raise metric filters and alarms as they arrive; in S3 alone they are read after the fact. There is nothing safe to inject (a log group and a role CloudTrail may assume), so it warns by default.',
    references: { checkov: ['CKV2_AWS_10'], trivy: ['AWS-0162'] },
  },
  {
    id: 'aws-cloudtrail-sns',
    title: 'CloudTrail trails notify on log delivery',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: TRAIL_KIND, field: ['snsTopicName'] }],
    type: 'string',
    safe: named,
    missing: 'the trail notifies no SNS topic when it delivers a log file',
    unsafe: 'name the SNS topic notified on each delivery',
    why: 'A topic notified on each log file lets a consumer notice when deliveries stop. There is no topic to inject, so it warns by default.',
    references: { checkov: ['CKV_AWS_252'] },
  },
]);

/** The CloudTrail rules in evaluation order. */
export const CLOUDTRAIL_RULES = [cloudtrailLogging, cloudtrailMultiRegion, cloudtrailLogValidation, cloudtrailManagementEvents, cloudtrailKms, cloudtrailCloudwatchLogs!, cloudtrailSns!] as const satisfies readonly Rule[];
