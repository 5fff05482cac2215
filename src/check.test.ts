import { describe, expect, it } from 'vitest';
import { bucket, xr } from '../test/builders.js';
import { check, DEFAULT_LIMITS, type CheckRequest, type CheckResult } from './check.js';

const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };

function request(desired: CheckRequest['desired'], more: Partial<CheckRequest> = {}): CheckRequest {
  return { input: HEAD, composite: xr({ name: 'app' }), observed: {}, desired, now: Date.UTC(2027, 0, 1), ...more };
}

const buckets = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`b${i}`, bucket()]));

/** The verdict in short: kind, condition reason, and the Fatal result's text. */
function outcome(result: CheckResult): { kind: string; reason: string; fatal: string | undefined } {
  return { kind: result.kind, reason: result.verdict.condition.reason, fatal: result.verdict.results.find((r) => r.severity === 'Fatal')?.message };
}

describe('check() limits: past any of them the request is refused, never half-judged', () => {
  it('refuses more desired composed resources than --max-resources, naming the count and the limit', () => {
    const got = outcome(check(request(buckets(3), { limits: { maxResources: 2 } })));
    expect(got).toEqual({ kind: 'error', reason: 'EvaluationFailed', fatal: expect.stringContaining('the request has 3 desired composed resources, more than the limit of 2 (--max-resources)') as unknown as string });
  });

  it('refuses more observed composed resources than --max-resources', () => {
    const got = outcome(check(request({}, { observed: buckets(3), limits: { maxResources: 2 } })));
    expect(got.fatal).toContain('the request has 3 observed composed resources, more than the limit of 2');
  });

  it('judges a request at the limit', () => {
    expect(check(request(buckets(2), { limits: { maxResources: 2 } })).kind).toBe('decided');
  });

  it('stops at the deadline and fails closed, naming it', () => {
    // Each reading of the clock advances it 5 ms: the evaluation of the second resource starts past 8 ms.
    let t = 0;
    const clock = () => (t += 5);
    const got = outcome(check(request(buckets(3), { limits: { deadlineMs: 8 }, clock })));
    expect(got).toEqual({ kind: 'error', reason: 'EvaluationFailed', fatal: expect.stringContaining('the evaluation ran past its deadline of 8 ms (--request-deadline)') as unknown as string });
  });

  it('gives custom rules the CEL budgets it is given', () => {
    const input = { ...HEAD, custom: [{ id: 'scan', match: { kind: 'Bucket' }, expression: 'object.metadata.labels.all(k, k != "")', message: 'never' }] };
    const labelled = { b: { ...bucket(), metadata: { labels: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, 'v'])) } } };
    const errors = (r: CheckResult) => (r.kind === 'decided' ? r.decision.errors.map((e) => e.message) : [r.kind]);
    expect(errors(check(request(labelled, { input })))).toEqual([]);
    expect(errors(check(request(labelled, { input, limits: { celEvaluation: 5 } })))).toEqual(['the expression ran past its budget of 5 comprehension steps; simplify it']);
    expect(errors(check(request(labelled, { input, limits: { celRequest: 5 } })))).toEqual(["custom rules spent this request's budget of 5 comprehension steps; simplify the expressions"]);
  });

  it('keeps a limit whose value is missing or not a number: an undefined limit never lifts it', () => {
    const limits = { maxResources: undefined, deadlineMs: Number.NaN } as unknown as CheckRequest['limits'];
    expect(outcome(check(request(buckets(3), { limits: { ...limits, maxResources: 2 } }))).kind).toBe('error');
    expect(check(request(buckets(3), { limits })).kind).toBe('decided');
    let t = 0;
    const got = outcome(check(request(buckets(2), { limits, clock: () => (t += DEFAULT_LIMITS.deadlineMs) })));
    expect(got.fatal).toContain(`the evaluation ran past its deadline of ${DEFAULT_LIMITS.deadlineMs} ms`);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxResources: 25_000, deadlineMs: 30_000, celEvaluation: 50_000, celRequest: 500_000 });
  });
});
