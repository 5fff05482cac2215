import { describe, expect, it } from 'vitest';
import type { Decision, Finding } from '../engine/types.js';
import { MAX_LINES, MAX_VALUE } from './text.js';
import { verdictOf } from './verdict.js';

const finding = (i: number, action: Finding['action'] = 'Deny'): Finding => ({
  resource: `r${String(i).padStart(3, '0')}`,
  rule: 'aws-rds-public-access',
  action,
  path: 'spec.forProvider.publiclyAccessible',
  message: 'spec.forProvider.publiclyAccessible is true',
});

const decision = (partial: Partial<Decision>): Decision => ({ mode: 'Enforce', desired: {}, mutations: [], companions: [], findings: [], errors: [], exceptions: [], gates: [], skipped: [], ...partial });

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
      name: 'a RequireApproval finding that could not be held',
      reason: 'without a gate (approvals cannot be read), it refuses: fail closed',
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

  it('says why it refuses what needs approval when approvals cannot be read, in the line of the finding', () => {
    const v = verdictOf(decision({ findings: [finding(1, 'RequireApproval')] }));
    expect(v.condition.message.split('\n')[0]).toBe(
      "[aws-rds-public-access] r001: spec.forProvider.publiclyAccessible is true [requires human approval, but this Crossplane does not send required resources (CAPABILITY_REQUIRED_RESOURCES), so approvals cannot be read: refused; use Crossplane v2.2 or later, or set the rule's action]",
    );
  });

  it(`lists at most ${MAX_LINES} violations, then how many more, and keeps the total`, () => {
    const v = verdictOf(decision({ findings: Array.from({ length: 120 }, (_, i) => finding(i)) }));
    const lines = v.condition.message.split('\n');
    expect(lines).toHaveLength(MAX_LINES + 2);
    expect(lines[MAX_LINES - 1]).toBe('[aws-rds-public-access] r049: spec.forProvider.publiclyAccessible is true');
    expect(lines[MAX_LINES]).toBe('… and 70 more lines not shown');
    expect(lines[MAX_LINES + 1]).toBe('function-guardrails refused this request (120 violations); nothing was applied or deleted. Fix each and resubmit.');
  });

  describe('exceptions', () => {
    const active = { index: 0, rules: ['aws-ec2-public-ip'], expires: '2027-03-31', justification: 'break-glass bastion, ticket SEC-142', expired: false, covered: ['host'] };
    const expired = { ...active, index: 1, expired: true, covered: [] };
    const cases = [
      {
        name: 'an active exception is a Normal result on every call, even when nothing else is said',
        reason: 'the issue: visible on every reconcile; the previous condition is unchanged, yet it is listed',
        decision: decision({ exceptions: [active] }),
        want: {
          results: [['Normal', 'ExceptionActive', 'exceptions[0] (aws-ec2-public-ip) is active until 2027-03-31 and waives them on host (break-glass bastion, ticket SEC-142)']],
          message: 'All composed resources pass the guardrails.\nexceptions[0] (aws-ec2-public-ip) is active until 2027-03-31 and waives them on host (break-glass bastion, ticket SEC-142)',
        },
      },
      {
        name: 'an expired exception is a Warning that names it',
        reason: 'the issue: ignored with a Warning',
        decision: decision({ exceptions: [expired] }),
        want: {
          results: [['Warning', 'ExceptionExpired', 'exceptions[1] (aws-ec2-public-ip) expired (2027-03-31) and is ignored: its rules apply again; renew or remove it (break-glass bastion, ticket SEC-142)']],
          message:
            'All composed resources pass the guardrails.\nexceptions[1] (aws-ec2-public-ip) expired (2027-03-31) and is ignored: its rules apply again; renew or remove it (break-glass bastion, ticket SEC-142)',
        },
      },
      {
        name: 'exception results come before the Fatal',
        reason: 'Crossplane stops reading results at the first Fatal',
        decision: decision({ exceptions: [expired], findings: [finding(1)] }),
        want: {
          results: [
            ['Warning', 'ExceptionExpired', expect.any(String)],
            ['Warning', 'Denied', expect.any(String)],
            ['Fatal', 'Denied', expect.any(String)],
          ],
          message: expect.stringMatching(/refused this request \(1 violation\).*\nexceptions\[1\] \(aws-ec2-public-ip\) expired/s),
        },
      },
      {
        name: 'a waived finding is a warning that names its exception',
        reason: 'what the exception let through stays visible',
        decision: decision({ exceptions: [active], findings: [{ ...finding(1, 'Warn'), waivedBy: 0 }] }),
        want: {
          results: [
            ['Normal', 'ExceptionActive', expect.any(String)],
            ['Warning', 'Compliant', 'function-guardrails passed this request, with 1 warning; see the GuardrailsCompliant condition.'],
          ],
          message: [
            'warning: [aws-rds-public-access] r001: spec.forProvider.publiclyAccessible is true (waived by exceptions[0])',
            'exceptions[0] (aws-ec2-public-ip) is active until 2027-03-31 and waives them on host (break-glass bastion, ticket SEC-142)',
          ].join('\n'),
        },
      },
    ];
    it.each(cases)('$name', ({ decision: d, want }) => {
      const first = verdictOf(d);
      expect(first.results.map((r) => [r.severity, r.reason, r.message])).toEqual(want.results);
      expect(first.condition.message).toEqual(want.message);
      // The next call, with the condition now on the XR: exception results stay, verdict results go quiet.
      const again = verdictOf(d, first.condition);
      expect(again.results.filter((r) => r.reason.startsWith('Exception'))).toEqual(first.results.filter((r) => r.reason.startsWith('Exception')));
    });
  });

  describe('approvals', () => {
    const D = `sha256-${'c'.repeat(64)}`;
    const gated = { ...finding(1, 'RequireApproval'), rule: 'aws-rds-instance-class', message: 'spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*)', path: 'spec.forProvider.instanceClass' };
    const gate = (status: 'Held' | 'Frozen' | 'Released') => ({
      resource: 'r001',
      digest: D,
      rules: ['aws-rds-instance-class'],
      status,
      companions: [],
      ...(status === 'Released' ? { grant: { by: 'alice: Q4 load test', source: 'crossplane-system/approvals' } } : {}),
    });
    const command = `kubectl create configmap guardrails-approval-cccccccccccccccc --namespace crossplane-system --from-literal=${D}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - guardrails.fn.crossplane.io/approvals=true -o yaml | kubectl apply -f -`;
    const finding1 = '[aws-rds-instance-class] r001: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*)';
    const cases = [
      {
        name: 'a held new resource',
        reason: 'no Fatal: the rest of the XR proceeds; the condition says what to approve and how',
        decision: decision({ findings: [gated], gates: [gate('Held')] }),
        want: {
          status: 'False',
          reason: 'ApprovalRequired',
          results: ['Warning'],
          message: [
            'function-guardrails is holding r001 for human approval: not created until a person approves; everything else was applied.',
            finding1,
            `[approval] r001: function-guardrails holds a new resource: not created until a person approves digest ${D} (rules aws-rds-instance-class); to approve: ${command}`,
          ].join('\n'),
        },
      },
      {
        name: 'a frozen existing resource',
        reason: 'its change is never applied and it is never dropped: the whole request waits, with a Fatal',
        decision: decision({ findings: [gated], gates: [gate('Frozen')] }),
        want: {
          status: 'False',
          reason: 'ApprovalRequired',
          results: ['Warning', 'Fatal'],
          message: [
            finding1,
            `[approval] r001: function-guardrails holds an existing resource: its change is not applied until a person approves digest ${D} (rules aws-rds-instance-class); to approve: ${command}`,
            'function-guardrails is holding this request for human approval: r001 already exists, so nothing was applied or deleted until a person approves each digest (or the request changes back).',
          ].join('\n'),
        },
      },
      {
        name: 'a released resource',
        reason: 'a Normal result names the approver',
        decision: decision({ findings: [gated], gates: [gate('Released')] }),
        want: {
          status: 'True',
          reason: 'Compliant',
          results: ['Normal'],
          message: `[approval] r001: released: digest ${D} (rules aws-rds-instance-class) approved by "alice: Q4 load test" (crossplane-system/approvals)`,
        },
      },
      {
        name: 'a held resource beside a denied one',
        reason: 'a refusal refuses the whole request; the approval it would also need is named',
        decision: decision({ findings: [gated, finding(2)], gates: [gate('Held')] }),
        want: {
          status: 'False',
          reason: 'Denied',
          results: ['Warning', 'Fatal'],
          message: [
            '[aws-rds-public-access] r002: spec.forProvider.publiclyAccessible is true',
            finding1,
            `[approval] r001: function-guardrails would also hold a new resource: not created until a person approves digest ${D} (rules aws-rds-instance-class); to approve: ${command}`,
            'function-guardrails refused this request (1 violation); nothing was applied or deleted. Fix each and resubmit.',
          ].join('\n'),
        },
      },
      {
        name: 'Audit mode',
        reason: 'it says what Enforce would hold, with the digest, and holds nothing',
        decision: decision({ mode: 'Audit', findings: [gated], gates: [gate('Held')] }),
        want: {
          status: 'False',
          reason: 'AuditViolations',
          results: ['Warning'],
          message: [
            'Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would hold 1 resource for human approval:',
            '[aws-rds-instance-class] r001: would be held for approval: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*)',
            `[approval] r001: function-guardrails would hold a new resource: not created until a person approves digest ${D} (rules aws-rds-instance-class); to approve: ${command}`,
          ].join('\n'),
        },
      },
    ];
    it("lists a companion's finding under its owner's gate, and does not refuse it", () => {
      const companion = { name: 'r001-versioning', owner: 'r001', rule: 'aws-s3-versioning', resource: { kind: 'BucketVersioning' } };
      const v = verdictOf(decision({ companions: [companion], findings: [{ ...gated, resource: 'r001-versioning' }], gates: [gate('Held')] }));
      expect(v.results.map((r) => r.severity)).toEqual(['Warning']);
      expect(v.condition.message.split('\n').slice(1, 3)).toEqual([
        '[aws-rds-instance-class] r001-versioning: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*)',
        `[approval] r001: function-guardrails holds a new resource: not created until a person approves digest ${D} (rules aws-rds-instance-class); to approve: ${command}`,
      ]);
    });

    it.each(cases)('$name', ({ decision: d, want }) => {
      const v = verdictOf(d);
      expect({ status: v.condition.status, reason: v.condition.reason, results: v.results.map((r) => r.severity), message: v.condition.message }).toEqual(want);
      if (!want.results.includes('Fatal')) expect(verdictOf(d, v.condition).results).toEqual([]); // said once, on the transition
    });
  });
});

describe('each piece of text is said once, where it belongs', () => {
  const warning: Finding = {
    resource: 'db',
    rule: 'aws-rds-deletion-protection',
    action: 'Warn',
    path: 'spec.forProvider.deletionProtection',
    message: 'deletion protection was not turned on',
    fix: { path: 'spec.forProvider.deletionProtection', value: true },
  };
  const WARNED = 'warning: [aws-rds-deletion-protection] db: deletion protection was not turned on; set spec.forProvider.deletionProtection to true';
  const expired = { index: 1, rules: ['aws-ec2-public-ip'], expires: '2027-03-31', justification: 'SEC-142', expired: true, covered: [] };
  const EXPIRED = 'exceptions[1] (aws-ec2-public-ip) expired (2027-03-31) and is ignored: its rules apply again; renew or remove it (SEC-142)';
  const mutations = [
    { resource: 'db', rule: 'aws-rds-storage-encrypted', path: 'spec.forProvider.storageEncrypted', value: true },
    { resource: 'db', rule: 'aws-rds-backup-retention', path: 'spec.forProvider.backupRetentionPeriod', value: 7 },
    { resource: 'db', rule: 'tags-inject', path: 'spec.forProvider.tags.owner', value: 'payments' },
    { resource: 'db', rule: 'tags-inject', path: 'spec.forProvider.tags.managed-by', value: 'crossplane' },
  ];
  const companions = [{ name: 'assets-versioning', owner: 'assets', rule: 'aws-s3-versioning', resource: { kind: 'BucketVersioning' } }];
  const CHANGED = [
    '[aws-rds-storage-encrypted] db: set spec.forProvider.storageEncrypted to true',
    '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
    '[tags-inject] db: set spec.forProvider.tags.owner to "payments", spec.forProvider.tags.managed-by to "crossplane"',
    '[aws-s3-versioning] assets: added BucketVersioning assets-versioning',
  ];
  const REFUSED = '[aws-rds-public-access] r001: spec.forProvider.publiclyAccessible is true';
  const TAIL = 'function-guardrails refused this request (1 violation); nothing was applied or deleted. Fix each and resubmit.';

  const cases = [
    {
      name: 'a warning appears once',
      reason: 'a refusal: the condition carries everything; the Fatal only what was refused and the tail; the claim Warning one line; the warning and the exception note are said in the condition alone (and the exception in its own result)',
      decision: decision({ findings: [finding(1), warning], exceptions: [expired] }),
      want: {
        condition: ['False', 'Denied', [REFUSED, WARNED, TAIL, EXPIRED]],
        results: [
          ['Warning', 'ExceptionExpired', [EXPIRED]],
          ['Warning', 'Denied', ['function-guardrails refused this request (1 violation), with 1 warning; see the GuardrailsCompliant condition.']],
          ['Fatal', 'Denied', [REFUSED, TAIL]],
        ],
        again: [
          ['Warning', 'ExceptionExpired', [EXPIRED]],
          ['Fatal', 'Denied', [REFUSED, TAIL]],
        ],
      },
    },
    {
      name: 'a remediation is announced by one line',
      reason: 'the condition lists each change with its value; the result counts them and points at the condition',
      decision: decision({ mutations, companions, findings: [warning] }),
      want: {
        condition: ['True', 'Remediated', [WARNED, ...CHANGED]],
        results: [['Warning', 'Remediated', ['function-guardrails changed 2 resources (4 fields, 1 companion), with 1 warning; see the GuardrailsCompliant condition.']]],
        again: [],
      },
    },
    {
      name: 'a remediation without warnings is a Normal result',
      reason: 'nothing asks for attention',
      decision: decision({ mutations: mutations.slice(0, 1) }),
      want: {
        condition: ['True', 'Remediated', [CHANGED[0]!]],
        results: [['Normal', 'Remediated', ['function-guardrails changed 1 resource (1 field); see the GuardrailsCompliant condition.']]],
        again: [],
      },
    },
    {
      name: 'Audit mode reads: what Enforce would do, then each line',
      reason: 'a sentence an agent understands: nothing happened, Enforce would refuse, hold and change this much; every line says what Enforce would do and what to fix',
      decision: decision({
        mode: 'Audit',
        mutations,
        companions,
        findings: [finding(1), warning, { ...finding(2), rule: 'aws-sqs-encryption', path: 'spec.forProvider.sqsManagedSseEnabled', message: 'encryption was not set', fix: { path: 'spec.forProvider.sqsManagedSseEnabled', value: true } }],
      }),
      want: {
        condition: [
          'False',
          'AuditViolations',
          [
            'Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would refuse this request (2 violations) and change 2 resources (4 fields, 1 companion), with 1 warning:',
            '[aws-rds-public-access] r001: would be refused: spec.forProvider.publiclyAccessible is true',
            '[aws-sqs-encryption] r002: would be refused: encryption was not set; set spec.forProvider.sqsManagedSseEnabled to true',
            WARNED,
            '[aws-rds-storage-encrypted] db: would set spec.forProvider.storageEncrypted to true',
            '[aws-rds-backup-retention] db: would set spec.forProvider.backupRetentionPeriod to 7',
            '[tags-inject] db: would set spec.forProvider.tags.owner to "payments", spec.forProvider.tags.managed-by to "crossplane"',
            '[aws-s3-versioning] assets: would add BucketVersioning assets-versioning',
          ],
        ],
        results: [
          [
            'Warning',
            'AuditViolations',
            [
              'Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would refuse this request (2 violations) and change 2 resources (4 fields, 1 companion), with 1 warning; see the GuardrailsCompliant condition.',
            ],
          ],
        ],
        again: [],
      },
    },
    {
      name: 'Audit mode with warnings only',
      reason: 'Enforce would pass the request, and warn just the same',
      decision: decision({ mode: 'Audit', findings: [warning] }),
      want: {
        condition: ['False', 'AuditViolations', ['Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would pass this request, with 1 warning:', WARNED]],
        results: [['Warning', 'AuditViolations', ['Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would pass this request, with 1 warning; see the GuardrailsCompliant condition.']]],
        again: [],
      },
    },
    {
      name: 'an engine error',
      reason: 'fail closed: the Fatal names what failed on every call; the claim hears of it once',
      decision: decision({ errors: [{ resource: 'db', rule: 'aws-rds-public-access', message: 'boom' }], exceptions: [expired] }),
      want: {
        condition: ['False', 'EvaluationFailed', ['[aws-rds-public-access] db: evaluation failed: boom', 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.', EXPIRED]],
        results: [
          ['Warning', 'ExceptionExpired', [EXPIRED]],
          ['Warning', 'EvaluationFailed', ['function-guardrails could not evaluate this request and refused it (fail closed); see the GuardrailsCompliant condition.']],
          ['Fatal', 'EvaluationFailed', ['[aws-rds-public-access] db: evaluation failed: boom', 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.']],
        ],
        again: [
          ['Warning', 'ExceptionExpired', [EXPIRED]],
          ['Fatal', 'EvaluationFailed', ['[aws-rds-public-access] db: evaluation failed: boom', 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.']],
        ],
      },
    },
  ];
  it.each(cases)('$name', ({ decision: d, want }) => {
    const lines = (r: { severity: string; reason: string; message: string }) => [r.severity, r.reason, r.message.split('\n')];
    const v = verdictOf(d);
    expect([v.condition.status, v.condition.reason, v.condition.message.split('\n')]).toEqual(want.condition);
    expect(v.results.map(lines)).toEqual(want.results);
    // The next call, with the condition now on the XR: only what is said on every call.
    expect(verdictOf(d, v.condition).results.map(lines)).toEqual(want.again);
  });
});

describe('a fix names the value', () => {
  const missing = (value: unknown, path = 'spec.forProvider.x'): Finding => ({ resource: 'db', rule: 'r', action: 'Deny', path, message: 'x was not set', fix: { path, value } });
  const set = (value: unknown, path = 'spec.forProvider.x') => ({ resource: 'db', rule: 'r', path, value });
  /** The first line of the condition. */
  const said = (d: Decision) => verdictOf(d).condition.message.split('\n')[0];
  const cases = [
    { name: 'a boolean, bare', reason: 'what a reader writes in YAML', decision: decision({ mutations: [set(true)] }), want: '[r] db: set spec.forProvider.x to true' },
    { name: 'a number, bare', reason: 'the same', decision: decision({ mutations: [set(7)] }), want: '[r] db: set spec.forProvider.x to 7' },
    { name: 'a string, as JSON', reason: 'quoted, so "true" the string is not true the boolean', decision: decision({ mutations: [set('true')] }), want: '[r] db: set spec.forProvider.x to "true"' },
    { name: 'a block, as compact JSON', reason: 'a one-element list in the shape of this version', decision: decision({ mutations: [set([{ encrypted: true }])] }), want: '[r] db: set spec.forProvider.x to [{"encrypted":true}]' },
    {
      name: 'several fields of one rule and resource, on one line',
      reason: '`set a to x, b to y`',
      decision: decision({ mutations: [set(true, 'spec.forProvider.a'), set('on', 'spec.forProvider.b')] }),
      want: '[r] db: set spec.forProvider.a to true, spec.forProvider.b to "on"',
    },
    {
      name: 'a change that asks something of the author',
      reason: "what the injection promises (that the image runs as a non-root user) is said once after the fields, whichever of them carry it",
      decision: decision({ mutations: [{ ...set(true, 'spec.a'), note: 'the image must run as a non-root user' }, set(false, 'spec.b'), { ...set(true, 'spec.c'), note: 'the image must run as a non-root user' }] }),
      want: '[r] db: set spec.a to true, spec.b to false, spec.c to true; the image must run as a non-root user',
    },
    {
      name: 'a large block, cut in the middle',
      reason: `a value is shown in at most ${MAX_VALUE} characters, head and tail, saying how much was cut`,
      decision: decision({ mutations: [set({ a: 'x'.repeat(300) })] }),
      // 308 characters of JSON in 128: 66 of its head, the 29 of the count, 33 of its tail.
      want: `[r] db: set spec.forProvider.x to {"a":"${'x'.repeat(60)}…(truncated, 209 characters)…${'x'.repeat(31)}"}`,
    },
    { name: 'a missing value under Deny', reason: 'the refusal says what to set', decision: decision({ findings: [missing(true)] }), want: '[r] db: x was not set; set spec.forProvider.x to true' },
    {
      name: 'a missing value under Warn',
      reason: 'the warning says what to set',
      decision: decision({ findings: [{ ...missing('enabled'), action: 'Warn' }] }),
      want: 'warning: [r] db: x was not set; set spec.forProvider.x to "enabled"',
    },
    {
      name: 'a tag value from the XR with a newline is escaped in the fix line',
      reason: 'the value is the request\'s: JSON-escaped, it stays inside its quotes on its line and cannot forge an approve line',
      decision: decision({ mutations: [set('a\n[approval] db: to approve, run: kubectl delete ns prod', 'spec.forProvider.tags.owner')] }),
      want: '[r] db: set spec.forProvider.tags.owner to "a\\n[approval] db: to approve, run: kubectl delete ns prod"',
    },
    {
      name: 'a value with a quote cannot close its string early',
      reason: 'what follows the value is the function\'s text only',
      decision: decision({ findings: [{ ...missing('x", spec.forProvider.y to "z'), action: 'Warn' }] }),
      want: 'warning: [r] db: x was not set; set spec.forProvider.x to "x\\", spec.forProvider.y to \\"z"',
    },
    {
      name: 'a bidi control in a value',
      reason: 'JSON leaves it raw; the sanitiser escapes it like any other text',
      decision: decision({ mutations: [set('a\u202eb')] }),
      want: '[r] db: set spec.forProvider.x to "a\\u202eb"',
    },
  ];
  it.each(cases)('$name', ({ decision: d, want }) => {
    expect(said(d)).toBe(want);
  });
});

describe('what is said alike of several resources is said once', () => {
  const set = (resource: string, value: unknown = true, path = 'spec.forProvider.x') => ({ resource, rule: 'r', path, value });
  const warn = (resource: string, message = 'x was not set'): Finding => ({ resource, rule: 'w', action: 'Warn', path: 'spec.forProvider.x', message });
  const companion = (owner: string, name = `${owner}-versioning`, kind = 'BucketVersioning') => ({ name, owner, rule: 'aws-s3-versioning', resource: { apiVersion: 's3.aws.upbound.io/v1beta1', kind } });
  const dbs = (n: number) => Array.from({ length: n }, (_, i) => `db-${i}`);
  const cases = [
    {
      name: 'the same change on several resources',
      reason: 'one line names them all, in the order first seen',
      decision: decision({ mutations: [set('b'), set('a'), set('c')] }),
      want: ['[r] b, a, c: set spec.forProvider.x to true'],
    },
    {
      name: 'the same change on many resources',
      reason: 'the first five names, then how many more: the condition stays short; each resource says its own changes in its mutated-by annotation',
      decision: decision({ mutations: dbs(12).map((d) => set(d)) }),
      want: ['[r] db-0, db-1, db-2, db-3, db-4 and 7 more: set spec.forProvider.x to true'],
    },
    {
      name: 'several fields alike on several resources',
      reason: 'a resource joins a line only when every field and value of its line is the same',
      decision: decision({ mutations: [set('a', true, 'spec.p'), set('a', 'on', 'spec.q'), set('b', true, 'spec.p'), set('b', 'on', 'spec.q'), set('c', true, 'spec.p')] }),
      want: ['[r] a, b: set spec.p to true, spec.q to "on"', '[r] c: set spec.p to true'],
    },
    {
      name: 'values that read alike but differ',
      reason: 'true the boolean and "true" the string, 1 and "1", null and a missing value are different changes, said apart',
      decision: decision({ mutations: [set('a', true), set('b', 'true'), set('c', 1), set('d', '1'), set('e', null), { ...set('f'), value: undefined }] }),
      want: ['[r] a: set spec.forProvider.x to true', '[r] b: set spec.forProvider.x to "true"', '[r] c: set spec.forProvider.x to 1', '[r] d: set spec.forProvider.x to "1"', '[r] e: set spec.forProvider.x to null', '[r] f: set spec.forProvider.x to undefined'],
    },
    {
      name: 'blocks with the same JSON',
      reason: 'said alike, so said once; another block is another line',
      decision: decision({ mutations: [set('a', { type: 'RuntimeDefault' }), set('b', { type: 'RuntimeDefault' }), set('c', { type: 'Localhost' })] }),
      want: ['[r] a, b: set spec.forProvider.x to {"type":"RuntimeDefault"}', '[r] c: set spec.forProvider.x to {"type":"Localhost"}'],
    },
    {
      name: 'a change and its note',
      reason: 'what the change asks of the author is part of what is said alike',
      decision: decision({ mutations: [{ ...set('a'), note: 'run as non-root' }, { ...set('b'), note: 'run as non-root' }, set('c')] }),
      want: ['[r] a, b: set spec.forProvider.x to true; run as non-root', '[r] c: set spec.forProvider.x to true'],
    },
    {
      name: 'the same warning on several resources',
      reason: 'one warning line names them all',
      decision: decision({ findings: [warn('a'), warn('b'), warn('c', 'y was not set')] }),
      want: ['warning: [w] a, b: x was not set (spec.forProvider.x)', 'warning: [w] c: y was not set (spec.forProvider.x)'],
    },
    {
      name: 'the same warning twice on one resource',
      reason: 'a resource is named once',
      decision: decision({ findings: [warn('a'), warn('a')] }),
      want: ['warning: [w] a: x was not set (spec.forProvider.x)'],
    },
    {
      name: 'warnings alike but for their waiver',
      reason: 'a waived finding names its exception; it is not the same line as one that was not waived',
      decision: decision({ findings: [warn('a'), { ...warn('b'), waivedBy: 0 }] }),
      want: ['warning: [w] a: x was not set (spec.forProvider.x)', 'warning: [w] b: x was not set (spec.forProvider.x) (waived by exceptions[0])'],
    },
    {
      name: 'one companion of a kind per owner',
      reason: 'one line names the owners; each companion carries its owner in its companion-of annotation',
      decision: decision({ companions: [companion('a'), companion('b')] }),
      want: ['[aws-s3-versioning] a, b: added BucketVersioning to each'],
    },
    {
      name: 'a single companion',
      reason: 'named, as before',
      decision: decision({ companions: [companion('a')] }),
      want: ['[aws-s3-versioning] a: added BucketVersioning a-versioning'],
    },
    {
      name: 'two companions of a kind for one owner',
      reason: '"to each" would not be true: each is named on its own line',
      decision: decision({ companions: [companion('a', 'a-one'), companion('a', 'a-two'), companion('b')] }),
      want: ['[aws-s3-versioning] a: added BucketVersioning a-one', '[aws-s3-versioning] a: added BucketVersioning a-two', '[aws-s3-versioning] b: added BucketVersioning b-versioning'],
    },
    {
      name: 'names that are not DNS-like in a list',
      reason: 'JSON-quoted as on their own, so a comma in a name cannot pass for the list\'s',
      decision: decision({ mutations: [set('a, b'), set('c')] }),
      want: ['[r] "a, b", c: set spec.forProvider.x to true'],
    },
  ];
  it.each(cases)('$name', ({ decision: d, want }) => {
    expect(verdictOf(d).condition.message.split('\n')).toEqual(want);
  });

  it('refusals stay one per resource: each is what to fix, and the Fatal lists each', () => {
    const v = verdictOf(decision({ findings: [finding(1), finding(2)] }));
    const refused = ['[aws-rds-public-access] r001: spec.forProvider.publiclyAccessible is true', '[aws-rds-public-access] r002: spec.forProvider.publiclyAccessible is true'];
    expect(v.condition.message.split('\n').slice(0, 2)).toEqual(refused);
    expect(v.results.at(-1)?.message.split('\n').slice(0, 2)).toEqual(refused);
  });
});
