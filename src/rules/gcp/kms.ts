/** Cloud KMS: symmetric keys rotate their key material at least every 90 days. */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, inject } from '../params.js';
import { CRYPTO_KEY } from './kinds.js';

/** 90 days, in seconds: the longest rotation period allowed (CIS GCP 1.10). */
const MAX_SECONDS = 90 * 24 * 3600;
const INJECTED = `${MAX_SECONDS}s`;

/** A google.protobuf.Duration in JSON, as the API takes `rotationPeriod`: seconds, an optional fraction, `s`. */
const DURATION = /^([0-9]+)(\.[0-9]{1,9})?s$/;

/** Seconds of a duration, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = DURATION.exec(text);
  return m === null ? undefined : Number(m[1]) + (m[2] !== undefined ? Number(`0${m[2]}`) : 0);
}

/** `365 days`, `90.5 days`, or `just over 90 days` when rounding would hide the excess. */
function daysText(seconds: number): string {
  const days = Math.round((seconds / 86400) * 10) / 10;
  return days <= 90 ? 'just over 90 days' : `${days} days`;
}

export const kmsRotation = defineRule({
  id: 'gcp-kms-rotation',
  title: 'KMS keys rotate at least every 90 days',
  severity: 'medium',
  defaultAction: 'Mutate',
  description: `Injects \`rotationPeriod: "${INJECTED}"\` (90 days) into a CryptoKey for encryption (\`purpose\` absent or \`ENCRYPT_DECRYPT\`) that does not set it; earlier key versions stay available for decryption, so nothing breaks. Refuses a rotation period longer than 90 days, and one that is not a duration in seconds (\`"7776000s"\`). Keys that Cloud KMS cannot rotate on a schedule are left alone when they do not set one: asymmetric, MAC and raw keys (other purposes), import-only keys (\`importOnly: true\`: new versions must be imported) and external keys (\`versionTemplate.protectionLevel\` \`EXTERNAL\` or \`EXTERNAL_VPC\`); a period they do set is still judged.`,
  fix: `injects \`rotationPeriod: "${INJECTED}"\`.`,
  references: { checkov: ['CKV_GCP_43'], trivy: ['GCP-0065'] },
  kinds: [CRYPTO_KEY],
  check(ctx) {
    const periods = explicitParams(ctx.resource, ['rotationPeriod']);
    for (const { path, value } of periods) {
      const seconds = typeof value === 'string' ? durationSeconds(value) : undefined;
      // Whole seconds compared as integers, a fraction by its digits: no float rounding hides a nanosecond over.
      const over = seconds !== undefined && (Math.trunc(seconds) > MAX_SECONDS || (Math.trunc(seconds) === MAX_SECONDS && /\.[0-9]*[1-9]/.test(value as string)));
      if (seconds === undefined) ctx.unsafe(path, `${path} must be a duration in seconds such as "${INJECTED}", got ${describe(value)}`);
      else if (over) ctx.unsafe(path, `${path} is ${describe(value, true)}, ${daysText(seconds)}; set it to at most "${INJECTED}" (90 days)`);
    }
    if (periods.length > 0) return;
    const rotatable = canRotate(ctx);
    if (rotatable === true) inject(ctx, ['rotationPeriod'], INJECTED, 'automatic key rotation was not set');
  },
}) satisfies Rule;

/** Whether Cloud KMS rotates this key on a schedule: true, false, or undefined when a field that decides it is malformed (reported). */
function canRotate(ctx: RuleContext): boolean | undefined {
  let ok: boolean | undefined = true;
  const read = (field: readonly string[], type: 'string' | 'boolean', rotates: (v: never) => boolean) => {
    for (const { path, value } of explicitParams(ctx.resource, field)) {
      if (typeof value !== type) {
        ctx.unsafe(path, `${path} must be a ${type}, got ${describe(value)}; whether the key can rotate is unknown`);
        ok = undefined;
      } else if (ok === true && !rotates(value as never)) ok = false;
    }
  };
  read(['purpose'], 'string', (v: string) => v === 'ENCRYPT_DECRYPT');
  read(['importOnly'], 'boolean', (v: boolean) => !v);
  read(['versionTemplate', 'protectionLevel'], 'string', (v: string) => v !== 'EXTERNAL' && v !== 'EXTERNAL_VPC');
  return ok;
}

/** The KMS rules in evaluation order. */
export const KMS_RULES = [kmsRotation] as const satisfies readonly Rule[];
