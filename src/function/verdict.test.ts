import { describe, expect, it } from 'vitest';
import type { Decision, Finding } from '../engine/types.js';
import { MAX_LINES, verdictOf } from './verdict.js';

const finding = (i: number, action: Finding['action'] = 'Deny'): Finding => ({
  resource: `r${String(i).padStart(3, '0')}`,
  rule: 'aws-rds-public-access',
  action,
  path: 'spec.forProvider.publiclyAccessible',
  message: 'spec.forProvider.publiclyAccessible is true',
});

const decision = (partial: Partial<Decision>): Decision => ({ mode: 'Enforce', desired: {}, mutations: [], companions: [], findings: [], errors: [], ...partial });

describe('verdictOf', () => {
  const cases = [
    {
      name: 'nothing to do',
      reason: 'a compliant request is announced by the condition alone',
      decision: decision({}),
      want: { status: 'True', reason: 'Compliant', results: [] },
    },
    {
      name: 'a Warn finding',
      reason: 'warnings do not block; they are reported once, as a Warning',
      decision: decision({ findings: [finding(1, 'Warn')] }),
      want: { status: 'True', reason: 'Compliant', results: ['Warning'] },
    },
    {
      name: 'a RequireApproval finding',
      reason: 'until approvals exist, it refuses and says approval will be required',
      decision: decision({ findings: [finding(1, 'RequireApproval')] }),
      want: { status: 'False', reason: 'Denied', results: ['Warning', 'Fatal'] },
    },
    {
      name: 'an engine error',
      reason: 'fail closed: a rule that crashed refuses the request, naming rule and resource',
      decision: decision({ errors: [{ resource: 'db', rule: 'aws-rds-public-access', message: 'boom' }] }),
      want: { status: 'False', reason: 'EvaluationFailed', results: ['Warning', 'Fatal'] },
    },
  ];
  it.each(cases)('$name', ({ decision: d, want }) => {
    const v = verdictOf(d);
    expect({ status: v.condition.status, reason: v.condition.reason, results: v.results.map((r) => r.severity) }).toEqual(want);
  });

  it('says approval will be required, in the line of the finding', () => {
    const v = verdictOf(decision({ findings: [finding(1, 'RequireApproval')] }));
    expect(v.condition.message.split('\n')[0]).toBe(
      '[aws-rds-public-access] r001: spec.forProvider.publiclyAccessible is true [requires human approval, which is not available yet: refused until then]',
    );
  });

  it(`lists at most ${MAX_LINES} violations, then how many more, and keeps the total`, () => {
    const v = verdictOf(decision({ findings: Array.from({ length: 120 }, (_, i) => finding(i)) }));
    const lines = v.condition.message.split('\n');
    expect(lines).toHaveLength(MAX_LINES + 2);
    expect(lines[MAX_LINES - 1]).toBe('[aws-rds-public-access] r049: spec.forProvider.publiclyAccessible is true');
    expect(lines[MAX_LINES]).toBe('… and 70 more');
    expect(lines[MAX_LINES + 1]).toBe('function-guardrails refused this request (120 violations); nothing was applied or deleted. Fix each and resubmit.');
  });
});
