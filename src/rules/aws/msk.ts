/**
 * MSK broker logs: `loggingInfo.brokerLogs` of a kafka Cluster sends them to
 * CloudWatch Logs, Firehose or S3 (Terraform's `logging_info.broker_logs`
 * `cloudwatch_logs`, `firehose`, `s3`, each with `enabled`; provider-upjet-aws
 * names them alike). Encryption and public access are one field each
 * (analytics-fields.ts).
 */
import { defineRule, type Rule } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

const DESTINATIONS = ['cloudwatchLogs', 'firehose', 's3'] as const;

export const mskLogging = defineRule({
  id: 'aws-msk-logging',
  title: 'MSK clusters deliver broker logs',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Reports a kafka Cluster whose \`loggingInfo.brokerLogs\` turns on none of ${DESTINATIONS.map((d) => `\`${d}\``).join(', ')} (\`enabled: true\`), in forProvider or initProvider, and every \`enabled\` that is not a boolean. A warning: the log group, stream or bucket is the author's to name.`,
  references: { checkov: ['CKV_AWS_80'], trivy: ['AWS-0074'] },
  kinds: [{ cloud: 'aws', service: 'kafka', kind: 'Cluster' }],
  check(ctx) {
    let on = false;
    for (const d of DESTINATIONS) {
      for (const { path, value } of explicitParams(ctx.resource, ['loggingInfo', 'brokerLogs', d, 'enabled'])) {
        if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
        else if (value) on = true;
      }
    }
    if (!on) ctx.unsafe('spec.forProvider.loggingInfo', 'the brokers deliver no logs (loggingInfo.brokerLogs turns on none of cloudwatchLogs, firehose, s3), so connections and errors leave no trace; turn one on with its destination');
  },
}) satisfies Rule;

/** The MSK rules with logic. */
export const MSK_RULES = [mskLogging] as const satisfies readonly Rule[];
