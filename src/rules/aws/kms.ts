/** KMS: automatic rotation of the key material of symmetric encryption keys. */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, requireBoolean } from '../params.js';

export const kmsKeyRotation = defineRule({
  id: 'aws-kms-key-rotation',
  title: 'KMS keys rotate their key material',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `enableKeyRotation: true` into KMS Keys that do not set it (AWS then rotates the key material yearly, or every `rotationPeriodInDays`; old material stays available for decryption, so nothing breaks). Refuses an explicit `enableKeyRotation: false`. AWS rotates only symmetric encryption keys whose material it generates, so a Key is left alone when `customerMasterKeySpec` is not `SYMMETRIC_DEFAULT` (asymmetric and HMAC keys), `keyUsage` is not `ENCRYPT_DECRYPT`, or the key lives in a custom key store (`customKeyStoreId`, `xksKeyId`): injecting there would make AWS reject the key.',
  fix: 'injects `enableKeyRotation: true`.',
  references: { checkov: ['CKV_AWS_7'], trivy: ['AWS-0065'] },
  kinds: [{ cloud: 'aws', service: 'kms', kind: 'Key' }],
  check(ctx) {
    const rotatable = canRotate(ctx);
    if (rotatable !== true) return;
    requireBoolean(ctx, 'enableKeyRotation', true, {
      missing: 'automatic key rotation was not turned on',
      unsafe: 'set it to true (or remove it) so AWS rotates the key material; data encrypted before a rotation stays readable',
    });
  },
}) satisfies Rule;

/** The KMS rules in evaluation order. */
export const KMS_RULES = [kmsKeyRotation] as const satisfies readonly Rule[];

/**
 * Whether AWS can rotate this key: true, false, or undefined when a field
 * that decides it is malformed (reported).
 */
function canRotate(ctx: RuleContext): boolean | undefined {
  const specs = strings(ctx, 'customerMasterKeySpec');
  const usages = strings(ctx, 'keyUsage');
  if (specs === undefined || usages === undefined) return undefined;
  if (specs.some((s) => s !== 'SYMMETRIC_DEFAULT')) return false;
  if (usages.some((u) => u !== 'ENCRYPT_DECRYPT')) return false;
  return !['customKeyStoreId', 'xksKeyId'].some((f) => explicitParams(ctx.resource, [f]).some((e) => e.value !== ''));
}

/** Every explicit value of a string field, or undefined (reported) when one is not a string. */
function strings(ctx: RuleContext, field: string): string[] | undefined {
  const found = explicitParams(ctx.resource, [field]);
  const bad = found.find((e) => typeof e.value !== 'string');
  if (bad !== undefined) {
    ctx.unsafe(bad.path, `${bad.path} must be a string, got ${describe(bad.value)}; whether the key can rotate is unknown`);
    return undefined;
  }
  return found.map((e) => e.value as string);
}
