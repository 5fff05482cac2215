/** SQS queues and SNS topics: messages encrypted at rest. */
import { defineRule, type Rule } from '../../engine/rule.js';
import { describe, explicitParams, inject, requireValue } from '../params.js';

export const sqsEncryption = defineRule({
  id: 'aws-sqs-encryption',
  title: 'SQS queues are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'A Queue is encrypted when `sqsManagedSseEnabled` is `true` (SSE-SQS, keys owned by SQS) or `kmsMasterKeyId` names a KMS key (SSE-KMS). Injects `sqsManagedSseEnabled: true` where neither is set, and never beside a KMS key (the two conflict). Refuses an explicit `sqsManagedSseEnabled: false` without a KMS key.',
  fix: 'injects `sqsManagedSseEnabled: true`.',
  references: { checkov: ['CKV_AWS_27'], trivy: ['AWS-0096'] },
  kinds: [{ cloud: 'aws', service: 'sqs', kind: 'Queue' }],
  check(ctx) {
    const managed = explicitParams(ctx.resource, ['sqsManagedSseEnabled']);
    const keys = explicitParams(ctx.resource, ['kmsMasterKeyId']);
    let malformed = false;
    for (const { path, value } of managed) {
      if (typeof value !== 'boolean') {
        ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
        malformed = true;
      }
    }
    for (const { path, value } of keys) {
      if (typeof value !== 'string') {
        ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        malformed = true;
      }
    }
    if (malformed) return;
    if (keys.some((k) => (k.value as string).trim() !== '')) return; // SSE-KMS
    if (managed.length === 0) {
      inject(ctx, ['sqsManagedSseEnabled'], true, 'queue encryption was not set (neither sqsManagedSseEnabled nor kmsMasterKeyId)');
      return;
    }
    for (const { path, value } of managed) {
      if (value === false) {
        ctx.unsafe(path, `${path} is false and no kmsMasterKeyId is set, so messages would be stored unencrypted; set it to true (or remove it), or name a KMS key in kmsMasterKeyId`);
      }
    }
  },
}) satisfies Rule;

/** The AWS managed key for SNS: every account has it, no key policy to write. */
export const SNS_MANAGED_KEY = 'alias/aws/sns';

export const snsEncryption = defineRule({
  id: 'aws-sns-encryption',
  title: 'SNS topics are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description: `Injects \`kmsMasterKeyId: ${SNS_MANAGED_KEY}\` (the AWS managed key for SNS, present in every account) into Topics that set no key. Refuses an empty \`kmsMasterKeyId\`, which leaves the topic unencrypted. The AWS managed key's policy cannot be changed, so AWS services that publish to the topic (CloudWatch alarms, S3 event notifications, EventBridge) cannot use it: such a topic needs a customer managed key granting that service, set in \`kmsMasterKeyId\`, which is never overwritten.`,
  fix: `injects \`kmsMasterKeyId: ${SNS_MANAGED_KEY}\`.`,
  references: { checkov: ['CKV_AWS_26'], trivy: ['AWS-0095'] },
  kinds: [{ cloud: 'aws', service: 'sns', kind: 'Topic' }],
  check(ctx) {
    requireValue(ctx, ['kmsMasterKeyId'], {
      safe: (key) => typeof key === 'string' && key.trim() !== '',
      inject: SNS_MANAGED_KEY,
      type: 'string',
      missing: 'topic encryption was not set',
      unsafe: `name a KMS key (or remove it to get ${SNS_MANAGED_KEY}) so messages are encrypted at rest`,
    });
  },
}) satisfies Rule;

/** The SQS and SNS rules in evaluation order. */
export const MESSAGING_RULES = [sqsEncryption, snsEncryption] as const satisfies readonly Rule[];
