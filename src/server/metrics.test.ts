import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

/** The value of one sample of `name` with exactly these labels, from the text exposition. */
async function sample(metrics: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const json = await metrics.registry.getMetricsAsJSON();
  const metric = json.find((m) => m.name === name);
  const values = (metric as { values?: { labels: Record<string, unknown>; value: number }[] } | undefined)?.values ?? [];
  const want = JSON.stringify(Object.entries(labels).sort());
  return values.find((v) => JSON.stringify(Object.entries(v.labels).sort()) === want)?.value;
}

describe('metrics', () => {
  it('counts every finding and mutation, by rule and action, across requests', async () => {
    const metrics = createMetrics();
    const findings = [
      { rule: 'aws-rds-public-access', action: 'Deny' },
      { rule: 'aws-rds-public-access', action: 'Deny' },
      { rule: 'aws-rds-public-access', action: 'Warn' },
      { rule: 'tags-required', action: 'Deny' },
    ];
    metrics.record({ verdict: 'Denied', findings, mutations: ['tags-inject', 'tags-inject', 'aws-s3-encryption'] }, 0.01);
    metrics.record({ verdict: 'Remediated', findings: findings.slice(0, 1), mutations: ['tags-inject'] }, 0.01);
    const got = {
      denyPublic: await sample(metrics, 'function_guardrails_findings_total', { rule: 'aws-rds-public-access', action: 'Deny' }),
      warnPublic: await sample(metrics, 'function_guardrails_findings_total', { rule: 'aws-rds-public-access', action: 'Warn' }),
      denyTags: await sample(metrics, 'function_guardrails_findings_total', { rule: 'tags-required', action: 'Deny' }),
      injectTags: await sample(metrics, 'function_guardrails_mutations_total', { rule: 'tags-inject' }),
      encryption: await sample(metrics, 'function_guardrails_mutations_total', { rule: 'aws-s3-encryption' }),
      denied: await sample(metrics, 'function_guardrails_requests_total', { verdict: 'Denied' }),
    };
    expect(got).toEqual({ denyPublic: 3, warnPublic: 1, denyTags: 1, injectTags: 3, encryption: 1, denied: 1 });
  });
});
