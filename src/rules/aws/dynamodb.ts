/**
 * DynamoDB tables: point-in-time recovery on; a customer managed key
 * reported where absent (DynamoDB always encrypts at rest, so there is
 * nothing unencrypted to refuse).
 */
import { formatFieldPath } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { describe, explicitParams, requireBoolean } from '../params.js';

const TABLE: readonly KindRef[] = [{ cloud: 'aws', service: 'dynamodb', kind: 'Table' }];

export const dynamodbPointInTimeRecovery = defineRule({
  id: 'aws-dynamodb-pitr',
  title: 'DynamoDB tables have point-in-time recovery',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    "Injects `pointInTimeRecovery.enabled: true` (a one-element list in cluster-scoped v1beta1, an object in v1beta2 and namespaced) into Tables that do not set it, so a table an agent overwrote or emptied can be restored to any second of the last 35 days. Refuses an explicit `enabled: false`. Continuous backups are billed per GB stored.",
  fix: 'injects `pointInTimeRecovery.enabled: true`.',
  references: { checkov: ['CKV_AWS_28'], trivy: ['AWS-0024'] },
  kinds: TABLE,
  check(ctx) {
    requireBoolean(ctx, ['pointInTimeRecovery', 'enabled'], true, {
      missing: 'point-in-time recovery was not turned on',
      unsafe: 'set it to true (or remove it) so the table can be restored to an earlier point in time',
    });
  },
}) satisfies Rule;

/** Fields that name the table's KMS key, directly or through a Key managed resource. */
const KEY_FIELDS = ['kmsKeyArn', 'kmsKeyArnRef', 'kmsKeyArnSelector'] as const;

export const dynamodbCustomerManagedKey = defineRule({
  id: 'aws-dynamodb-cmk',
  title: 'DynamoDB tables are encrypted with a customer managed key',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    "Reports a Table not encrypted with a customer managed KMS key: `serverSideEncryption` absent or `enabled: false` (DynamoDB's own AWS owned key), or enabled without `kmsKeyArn` (or its reference) or with the AWS managed `alias/aws/dynamodb`. DynamoDB encrypts every table at rest whatever is set, so nothing is refused and nothing injected (no key to choose): Warn by default, `Deny` where policy requires keys the account controls and audits. A malformed `enabled` or `kmsKeyArn` is reported with the rule's action.",
  references: { checkov: ['CKV_AWS_119'], trivy: ['AWS-0025'] },
  kinds: TABLE,
  check(ctx) {
    const enabled = explicitParams(ctx.resource, ['serverSideEncryption', 'enabled']);
    const arns = explicitParams(ctx.resource, ['serverSideEncryption', 'kmsKeyArn']);
    const malformed = [...enabled.filter((e) => typeof e.value !== 'boolean').map((e) => ({ ...e, type: 'a boolean' })), ...arns.filter((e) => typeof e.value !== 'string').map((e) => ({ ...e, type: 'a string' }))];
    for (const { path, value, type } of malformed) ctx.unsafe(path, `${path} must be ${type}, got ${describe(value)}`);
    if (malformed.length > 0) return;

    const off = enabled.find((e) => e.value === false);
    if (enabled.length === 0 || off !== undefined) {
      const at = off?.path ?? formatFieldPath(['spec', 'forProvider', 'serverSideEncryption', 'enabled']);
      ctx.unsafe(at, `${off !== undefined ? `${at} is false` : 'server-side encryption was not set'}, so the table uses an AWS owned key the account cannot control or audit; set serverSideEncryption.enabled: true with kmsKeyArn naming a customer managed key`);
      return;
    }
    const named = arns.filter((a) => (a.value as string).trim() !== '');
    const awsManaged = named.find((a) => (a.value as string).endsWith('alias/aws/dynamodb'));
    if (awsManaged !== undefined) {
      ctx.unsafe(awsManaged.path, `${awsManaged.path} is the AWS managed key alias/aws/dynamodb; name a customer managed key instead`);
      return;
    }
    if (named.length > 0 || KEY_FIELDS.slice(1).some((f) => explicitParams(ctx.resource, ['serverSideEncryption', f]).length > 0)) return;
    ctx.unsafe(
      arns[0]?.path ?? formatFieldPath(['spec', 'forProvider', 'serverSideEncryption', 'kmsKeyArn']),
      'server-side encryption names no key, so the table uses the AWS managed key alias/aws/dynamodb; set kmsKeyArn (or kmsKeyArnRef) to a customer managed key',
    );
  },
}) satisfies Rule;

/** The DynamoDB rules in evaluation order. */
export const DYNAMODB_RULES = [dynamodbPointInTimeRecovery, dynamodbCustomerManagedKey] as const satisfies readonly Rule[];
