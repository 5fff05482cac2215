/**
 * What keeps secrets fresh and backups safe from the account itself: a
 * Secrets Manager secret rotated by a SecretRotation at least every 90
 * days, and a backup vault locked by a VaultLockConfiguration so that no
 * one, an agent with the account's keys included, can delete its recovery
 * points early. Both are companions only the author can write (the rotation
 * function, the retention days), so a resource without one is reported,
 * never given one.
 *
 * Field names are provider-upjet-aws's (secretsmanager SecretRotation in
 * zz_schemas.ts; apis/cluster/backup/v1beta1/zz_vaultlockconfiguration_types.go
 * at 0ffe0cc7e780).
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';
import { referrers } from './related.js';
import { blocksOf } from './s3-access.js';

const aws = (service: string, kind: string): ProviderKindRef => ({ cloud: 'aws', service, kind });

/** The longest rotation period accepted, in days (Checkov CKV_AWS_304, CIS). */
export const MAX_ROTATION_DAYS = 90;

/** Days between rotations a `rate(...)` schedule expression sets, or undefined for a cron expression or anything else. */
function rateDays(expression: string): number | undefined {
  const m = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/i.exec(expression.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  return /^hour/i.test(m[2]!) ? n / 24 : n;
}

/** Judges a SecretRotation's schedule: rotated at least every MAX_ROTATION_DAYS. */
function judgeRotation(ctx: RuleContext): void {
  for (const { path, value } of explicitParams(ctx.resource, ['rotationRules'])) {
    const blocks = blocksOf(value);
    if (blocks === undefined) {
      ctx.unsafe(path, `${path} must be an object, got ${describe(value)}`);
      continue;
    }
    for (const b of blocks) {
      const at = `${path}${b.at.map((i) => `[${String(i)}]`).join('')}`;
      if (!isObject(b.value)) {
        ctx.unsafe(at, `${at} must be an object, got ${describe(b.value)}`);
        continue;
      }
      const { automaticallyAfterDays: days, scheduleExpression: expr } = b.value;
      if (days !== undefined && days !== null) {
        if (typeof days !== 'number') ctx.unsafe(`${at}.automaticallyAfterDays`, `${at}.automaticallyAfterDays must be a number, got ${describe(days)}`);
        else if (days > MAX_ROTATION_DAYS) ctx.unsafe(`${at}.automaticallyAfterDays`, `${at}.automaticallyAfterDays is ${days}; rotate at least every ${MAX_ROTATION_DAYS} days so a leaked secret stops working within a quarter`);
      }
      if (typeof expr === 'string') {
        const n = rateDays(expr);
        if (n !== undefined && n > MAX_ROTATION_DAYS) ctx.unsafe(`${at}.scheduleExpression`, `${at}.scheduleExpression ${JSON.stringify(expr)} rotates every ${n} days; rotate at least every ${MAX_ROTATION_DAYS} days so a leaked secret stops working within a quarter`);
      }
    }
  }
}

export const secretsRotation = defineRule({
  id: 'aws-secretsmanager-rotation',
  title: 'Secrets Manager secrets are rotated at least every 90 days',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Reports a Secret that no SecretRotation in the desired state names (by \`secretId\`, \`secretIdRef\` or a \`secretIdSelector\` no other secret matches), applied where the secret is (same Object and provider config), fully managed and not held for approval: a secret never rotated stays valid for as long as it leaks. Also reports a SecretRotation whose \`rotationRules.automaticallyAfterDays\` is above ${MAX_ROTATION_DAYS}, or whose \`scheduleExpression\` is a \`rate(...)\` longer than ${MAX_ROTATION_DAYS} days (a cron expression is the author's), and rotation rules of the wrong shape. Nothing is injected: rotation needs a function that knows how to change the credential where it is used.`,
  references: { checkov: ['CKV2_AWS_57', 'CKV_AWS_304'] },
  kinds: [aws('secretsmanager', 'Secret'), aws('secretsmanager', 'SecretRotation')],
  check(ctx) {
    if (ctx.type.kind === 'SecretRotation') {
      judgeRotation(ctx);
      return;
    }
    if (referrers(ctx, 'aws/secretsmanager/SecretRotation', 'secretId').length > 0) return;
    ctx.unsafe('', `no SecretRotation names this secret, so it is never rotated; add one that rotates it at least every ${MAX_ROTATION_DAYS} days`);
  },
}) satisfies Rule;

export const backupVaultLock = defineRule({
  id: 'aws-backup-vault-lock',
  title: 'Backup vaults are locked',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports a backup Vault that no VaultLockConfiguration in the desired state names (by `backupVaultName`, `backupVaultNameRef` or a `backupVaultNameSelector` no other vault matches), applied where the vault is, fully managed and not held for approval. Without a lock, anyone with backup permissions in the account, an agent or an attacker with its keys, can delete the recovery points, and with them the way back from ransomware. Nothing is injected: the retention days, and whether the lock becomes immutable (compliance mode), are the platform\'s to choose.',
  references: {},
  kinds: [aws('backup', 'Vault')],
  check(ctx) {
    if (referrers(ctx, 'aws/backup/VaultLockConfiguration', 'backupVaultName').length > 0) return;
    ctx.unsafe('', 'no VaultLockConfiguration names this vault, so its recovery points can be deleted by anyone with backup permissions; add one with the minimum and maximum retention days');
  },
}) satisfies Rule;

/** The recovery rules, in evaluation order. */
export const RECOVERY_RULES = [secretsRotation, backupVaultLock] as const satisfies readonly Rule[];
