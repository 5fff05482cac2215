/**
 * What the verdict says when the request is hostile: names, paths and
 * values an agent wrote to blow up the XR's status or to forge a line the
 * approver reads (a fake "to approve, run: ..." command).
 */
import { describe, expect, it } from 'vitest';
import { hostileString, RAW_UNSAFE, UNSAFE_CHARACTERS } from '../../test/hostile.js';
import { prng } from '../../test/random.js';
import type { Decision, ExceptionReport, Finding, Gate } from '../engine/types.js';
import { MAX_LINE, MAX_LINES, MAX_MESSAGE_BYTES, MAX_VALUE } from './text.js';
import { internalError, invalidInput, verdictOf, type Verdict } from './verdict.js';

const decision = (partial: Partial<Decision>): Decision => ({ mode: 'Enforce', desired: {}, mutations: [], companions: [], findings: [], errors: [], exceptions: [], gates: [], skipped: [], ...partial });

const finding = (resource: string, partial: Partial<Finding> = {}): Finding => ({
  resource,
  rule: 'aws-rds-public-access',
  action: 'Deny',
  path: 'spec.forProvider.publiclyAccessible',
  message: 'spec.forProvider.publiclyAccessible is true',
  ...partial,
});

const D = `sha256-${'c'.repeat(64)}`;
/** The approve command for the default approval config, written out here rather than taken from the code under test. */
const command = (digest: string) =>
  `kubectl create configmap guardrails-approval-${digest.slice(7, 23)} --namespace crossplane-system --from-literal=${digest}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - guardrails.fn.crossplane.io/approvals=true -o yaml | kubectl apply -f -`;
const gate = (resource: string, partial: Partial<Gate> = {}): Gate => ({ resource, digest: D, rules: ['aws-rds-instance-class'], status: 'Held', companions: [], ...partial });
const gatedFinding = (resource: string, partial: Partial<Finding> = {}) => finding(resource, { rule: 'aws-rds-instance-class', action: 'RequireApproval', path: 'spec.forProvider.instanceClass', message: 'spec.forProvider.instanceClass is "db.r6g.4xlarge"', ...partial });
const exception = (partial: Partial<ExceptionReport> = {}): ExceptionReport => ({ index: 0, rules: ['aws-ec2-public-ip'], expires: '2027-03-31', justification: 'SEC-142', expired: false, covered: ['host'], ...partial });

const REFUSED = (n: string, s = 's') => `function-guardrails refused this request (${n} violation${s}); nothing was applied or deleted. Fix each and resubmit.`;
/** The one-line result that announces a verdict. */
const SAID = (what: string) => `function-guardrails ${what}; see the GuardrailsCompliant condition.`;
const HELD = (names: string) => `function-guardrails is holding ${names} for human approval: not created until a person approves; everything else was applied.`;
const approveLine = (name: string, verb = 'holds a new resource: not created', digest = D) =>
  `[approval] ${name}: function-guardrails ${verb} until a person approves digest ${digest} (rules aws-rds-instance-class); to approve: ${command(digest)}`;

/** Every message of a verdict: the condition's, then each result's. */
const messages = (v: Verdict) => [v.condition.message, ...v.results.map((r) => r.message)];

/** What a cut shows: `head` characters, how many were cut, `tail` characters. */
const cut = (c: string, head: number, n: string, tail: number) => `${c.repeat(head)}…(truncated, ${n} characters)…${c.repeat(tail)}`;
/** The 200 KB name `a…a` as a line shows it with room to spare: 253 characters. */
const A200 = cut('a', 147, '199,780', 73);

describe('a hostile request yields bounded messages', () => {
  const huge = 'a'.repeat(200_000);
  const key = 'k'.repeat(200_000);
  const cases = [
    {
      name: 'a 200 KB resource name yields a bounded message',
      reason: 'the name is cut to 253 characters, head and tail, saying how much was cut; the rule and its message stay whole',
      decision: decision({ findings: [finding(huge)] }),
      want: [`[aws-rds-public-access] ${A200}: spec.forProvider.publiclyAccessible is true`, REFUSED('1', '')],
      results: [[SAID('refused this request (1 violation)')], [`[aws-rds-public-access] ${A200}: spec.forProvider.publiclyAccessible is true`, REFUSED('1', '')]],
    },
    {
      name: 'a 200 KB map key in a message',
      reason: `the message is cut in the middle to what the line has left (${MAX_LINE} characters in all), keeping its start and end`,
      decision: decision({ findings: [finding('db', { path: `spec.forProvider.tags[${key}]`, message: `spec.forProvider.tags[${key}] is "x"` })] }),
      want: [`[aws-rds-public-access] db: spec.forProvider.tags[${'k'.repeat(620)}…(truncated, 199,067 characters)…${'k'.repeat(313)}] is "x"`, REFUSED('1', '')],
      results: [[SAID('refused this request (1 violation)')], [`[aws-rds-public-access] db: spec.forProvider.tags[${'k'.repeat(620)}…(truncated, 199,067 characters)…${'k'.repeat(313)}] is "x"`, REFUSED('1', '')]],
    },
    {
      name: 'a 200 KB name held for approval',
      reason: 'the digest and the approve command are the function\'s own text: the name is cut, they never are',
      decision: decision({ findings: [gatedFinding(huge)], gates: [gate(huge)] }),
      want: [HELD(A200), `[aws-rds-instance-class] ${A200}: spec.forProvider.instanceClass is "db.r6g.4xlarge"`, approveLine(A200)],
      results: [[SAID('is holding 1 new resource for human approval')]],
    },
    {
      name: 'a 200 KB tag value set from the XR',
      reason: `the value is cut to ${MAX_VALUE} characters, head and tail, saying how much was cut`,
      decision: decision({ mutations: [{ resource: 'db', rule: 'tags-inject', path: 'spec.forProvider.tags.owner', value: huge }] }),
      // The JSON string, 200,002 characters with its quotes, in 128: 64 of its head, the 33 of the count, 31 of its tail.
      want: [`[tags-inject] db: set spec.forProvider.tags.owner to "${cut('a', 63, '199,907', 30)}"`],
      results: [[SAID('changed 1 resource (1 field)')]],
    },
    {
      name: '2,000 tags set on one resource',
      reason: 'one line for the rule and resource: as many fields as fit, whole, then how many more',
      decision: decision({ mutations: Array.from({ length: 2000 }, (_, i) => ({ resource: 'db', rule: 'tags-inject', path: `spec.forProvider.tags.t${String(i).padStart(4, '0')}`, value: 'v' })) }),
      // 27 fields of 34 characters, their separators and the count of the rest fill the 1,004 characters the line leaves.
      want: [`[tags-inject] db: set ${Array.from({ length: 27 }, (_, i) => `spec.forProvider.tags.t${String(i).padStart(4, '0')} to "v"`).join(', ')} and 1,973 more fields`],
      results: [[SAID('changed 1 resource (2,000 fields)')]],
    },
  ];
  it.each(cases)('$name', ({ decision: d, want, results }) => {
    const v = verdictOf(d);
    expect(v.condition.message.split('\n')).toEqual(want);
    expect(v.results.map((r) => r.message.split('\n'))).toEqual(results);
    for (const l of [...want, ...results.flat()]) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
  });

  it('2,000 security groups x 60 findings stay under the cap and say how many were left out', () => {
    const findings = Array.from({ length: 2000 * 60 }, (_, i) =>
      finding(`sg-${String(Math.floor(i / 60)).padStart(4, '0')}-rule-${String(i % 60).padStart(2, '0')}`, {
        rule: 'aws-ec2-sg-open-admin-ports',
        path: 'spec.forProvider.cidrIpv4',
        message: `ingress from 0.0.0.0/0 allows tcp port 22, reaching 22 (SSH); allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager`,
      }),
    );
    const v = verdictOf(decision({ findings }));
    const line = (n: string) =>
      `[aws-ec2-sg-open-admin-ports] sg-${n}: ingress from 0.0.0.0/0 allows tcp port 22, reaching 22 (SSH); allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager (spec.forProvider.cidrIpv4)`;
    expect(v.results.map((r) => [r.severity, r.message])).toEqual([
      ['Warning', SAID('refused this request (120,000 violations)')],
      ['Fatal', v.condition.message],
    ]);
    {
      const m = v.condition.message;
      expect(Buffer.byteLength(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      const lines = m.split('\n');
      expect(lines).toHaveLength(MAX_LINES + 2);
      expect(lines.slice(0, 2)).toEqual([line('0000-rule-00'), line('0000-rule-01')]);
      expect(lines.slice(MAX_LINES - 1)).toEqual([line('0000-rule-49'), '… and 119,950 more lines not shown', REFUSED('120,000')]);
    }
  });

  it('2,000 resources held for approval: the approval lines come first, each whole', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => String(i).padStart(4, '0'));
    const digest = (id: string) => `sha256-${id.repeat(16)}`;
    const v = verdictOf(decision({ findings: ids.map((id) => gatedFinding(`sg-${id}`)), gates: ids.map((id) => gate(`sg-${id}`, { digest: digest(id) })) }));
    const m = v.condition.message;
    expect(Buffer.byteLength(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    // Approval lines (540 bytes) rank first: 29 fit beside the head, then 5 findings (84 bytes) in what is left; the rest are counted where the first is left out.
    expect(m.split('\n')).toEqual([
      HELD('sg-0000, sg-0001, sg-0002, sg-0003, sg-0004 and 1,995 more'),
      ...ids.slice(0, 5).flatMap((id) => [`[aws-rds-instance-class] sg-${id}: spec.forProvider.instanceClass is "db.r6g.4xlarge"`, approveLine(`sg-${id}`, undefined, digest(id))]),
      '… and 3,966 more lines not shown',
      ...ids.slice(5, 29).map((id) => approveLine(`sg-${id}`, undefined, digest(id))),
    ]);
  });
});

describe('a name cannot forge a line', () => {
  const FORGED = '\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent';
  /** FORGED as it must be shown: on the line it came in on, its newline escaped. */
  const E = '\\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent';
  const cases = [
    {
      name: 'a name with a newline cannot forge an approve line',
      reason: 'the name is JSON-quoted on its finding\'s line: two lines, the finding and the refusal',
      verdict: () => verdictOf(decision({ findings: [finding(`db${FORGED}`)] })),
      want: [`[aws-rds-public-access] "db${E}": spec.forProvider.publiclyAccessible is true`, REFUSED('1', '')],
    },
    {
      name: 'the name of a held resource',
      reason: 'its only approve line is the real one, under the quoted name',
      verdict: () => verdictOf(decision({ findings: [gatedFinding(`db${FORGED}`)], gates: [gate(`db${FORGED}`)] })),
      want: [HELD(`"db${E}"`), `[aws-rds-instance-class] "db${E}": spec.forProvider.instanceClass is "db.r6g.4xlarge"`, approveLine(`"db${E}"`)],
    },
    {
      name: 'a companion of a held resource',
      reason: 'companion names are the request\'s too',
      verdict: () => verdictOf(decision({ findings: [gatedFinding('db')], gates: [gate('db', { companions: [`db-versioning${FORGED}`] })] })),
      want: [
        HELD('db'),
        '[aws-rds-instance-class] db: spec.forProvider.instanceClass is "db.r6g.4xlarge"',
        approveLine('db', `holds a new resource: not created (with "db-versioning${E}")`),
      ],
    },
    {
      name: 'a companion added',
      reason: 'the line that says what was added',
      verdict: () => verdictOf(decision({ companions: [{ name: `db-versioning${FORGED}`, owner: 'db', rule: 'aws-s3-versioning', resource: { kind: 'BucketVersioning' } }] })),
      want: [`[aws-s3-versioning] db: added BucketVersioning "db-versioning${E}"`],
    },
    {
      name: 'a map key quoted in a rule message',
      reason: 'a message is escaped where it is rendered, so no rule can forget to',
      verdict: () => verdictOf(decision({ findings: [finding('db', { path: `spec.forProvider.tags[k${FORGED}]`, message: `spec.forProvider.tags[k${FORGED}] is empty` })] })),
      want: [`[aws-rds-public-access] db: spec.forProvider.tags[k${E}] is empty`, REFUSED('1', '')],
    },
    {
      name: 'a path the message does not name',
      reason: 'the path shown after the message',
      verdict: () => verdictOf(decision({ findings: [finding('db', { path: `spec.forProvider.tags[k${FORGED}]`, message: 'a tag key is empty' })] })),
      want: [`[aws-rds-public-access] db: a tag key is empty (spec.forProvider.tags[k${E}])`, REFUSED('1', '')],
    },
    {
      name: 'who approved, and where',
      reason: 'an approval ConfigMap\'s value and name are quoted',
      verdict: () => verdictOf(decision({ gates: [gate('db', { status: 'Released', grant: { by: `alice${FORGED}`, source: `crossplane-system/x${FORGED}` } })] })),
      want: [`[approval] db: released: digest ${D} (rules aws-rds-instance-class) approved by "alice${E}" ("crossplane-system/x${E}")`],
    },
    {
      name: 'an exception\'s justification and what it covers',
      reason: 'the Input is trusted, but a justification is still one line',
      verdict: () => verdictOf(decision({ exceptions: [exception({ justification: `SEC-142${FORGED}`, covered: [`host${FORGED}`] })] })),
      want: ['All composed resources pass the guardrails.', `exceptions[0] (aws-ec2-public-ip) is active until 2027-03-31 and waives them on "host${E}" (SEC-142${E})`],
    },
    {
      name: 'an engine error',
      reason: 'what failed may quote the request',
      verdict: () => verdictOf(decision({ errors: [{ resource: `db${FORGED}`, rule: 'aws-rds-public-access', message: `boom${FORGED}` }] })),
      want: [`[aws-rds-public-access] "db${E}": evaluation failed: boom${E}`, 'function-guardrails could not evaluate this request and refused it (fail closed); nothing was applied.'],
    },
    {
      name: 'an internal error',
      reason: 'an exception\'s message may quote the request',
      verdict: () => internalError(`boom${FORGED}`),
      want: [`function-guardrails failed: boom${E}; the request was refused (fail closed) and nothing was applied.`],
    },
    {
      name: 'an Input problem',
      reason: 'a problem quotes the Input',
      verdict: () => invalidInput([`rules.x${FORGED}: unknown rule`]),
      want: ['invalid function-guardrails input: 1 problem', `  rules.x${E}: unknown rule`],
    },
  ];
  it.each(cases)('$name', ({ verdict, want }) => {
    const v = verdict();
    expect(v.condition.message.split('\n')).toEqual(want);
    // A result says some of the same lines, or only counts (the one-line announcement).
    for (const r of v.results) for (const l of r.message.split('\n')) expect(want.includes(l) || /^function-guardrails [A-Za-z0-9 ,():]+; see the GuardrailsCompliant condition\.$/.test(l), l).toBe(true);
  });
});

describe('every character that breaks or hides text is escaped', () => {
  it.each(UNSAFE_CHARACTERS)('$name, in a finding', ({ char, escaped }) => {
    const v = verdictOf(decision({ findings: [finding(`db${char}x`, { message: `is "${char}"`, path: `spec.tags[${char}]` })] }));
    expect(v.condition.message.split('\n')).toEqual([`[aws-rds-public-access] "db${escaped}x": is "${escaped}" (spec.tags[${escaped}])`, REFUSED('1', '')]);
  });

  it.each(UNSAFE_CHARACTERS)('$name, in approval and exception text', ({ char, escaped }) => {
    const released = gate('db', { status: 'Released', grant: { by: `alice${char}`, source: `ns/x${char}` }, companions: [] });
    const v = verdictOf(decision({ gates: [released], exceptions: [exception({ justification: `SEC${char}142`, covered: [`h${char}`] })] }));
    expect(v.condition.message.split('\n')).toEqual([
      `[approval] db: released: digest ${D} (rules aws-rds-instance-class) approved by "alice${escaped}" ("ns/x${escaped}")`,
      `exceptions[0] (aws-ec2-public-ip) is active until 2027-03-31 and waives them on "h${escaped}" (SEC${escaped}142)`,
    ]);
  });
});

describe('approval lines keep their digest and command', () => {
  const huge = (c: string) => c.repeat(200_000);
  const RULES = Array.from({ length: 40 }, (_, i) => `custom-rule-with-a-long-identifier-${i}`);
  /** The rules list cut: the first `shown` rules, the cut, the last rule. */
  const rules = (shown: number, rest: string) => `${RULES.slice(0, shown).join(', ')}, ${rest}, ${RULES[39]}`;
  const approval = (name: string, verb: string, ruleList: string) => `[approval] ${name}: function-guardrails ${verb} until a person approves digest ${D} (rules ${ruleList}); to approve: ${command(D)}`;
  const M = cut('m', 452, '199,322', 226);
  const cases = [
    {
      name: 'held, with long names, companions and rules, under many long findings',
      reason: 'the name, companions and rules are cut to share the line; the approval line is kept ahead of the findings, which are counted',
      decision: decision({
        findings: Array.from({ length: 100 }, () => gatedFinding(huge('a'), { message: huge('m') })),
        gates: [gate(huge('a'), { rules: RULES, companions: [huge('b'), huge('c')] })],
      }),
      want: [
        HELD(A200),
        ...Array.from({ length: 14 }, () => `[aws-rds-instance-class] ${A200}: ${M} (spec.forProvider.instanceClass)`),
        '… and 86 more lines not shown',
        approval(
          cut('a', 90, '199,865', 45),
          `holds a new resource: not created (with ${cut('b', 34, '199,950', 16)}, ${cut('c', 34, '199,950', 16)})`,
          rules(2, 'custom-rule-with…(truncated, 1,410 characters)…fier-38'),
        ),
      ],
      fatal: undefined,
    },
    {
      name: 'frozen, the same',
      reason: 'an existing resource waits the same way',
      decision: decision({ findings: [gatedFinding(huge('a'))], gates: [gate(huge('a'), { rules: RULES, companions: [huge('b')], status: 'Frozen' })] }),
      want: [
        `[aws-rds-instance-class] ${A200}: spec.forProvider.instanceClass is "db.r6g.4xlarge"`,
        approval(
          cut('a', 86, '199,872', 42),
          `holds an existing resource: its change is not applied (with ${cut('b', 86, '199,871', 43)})`,
          rules(2, 'custom-rule-…(truncated, 1,417 characters)…r-38'),
        ),
        `function-guardrails is holding this request for human approval: ${A200} already exists, so nothing was applied or deleted until a person approves each digest (or the request changes back).`,
      ],
      fatal: 'the same',
    },
    {
      name: 'beside a refusal',
      reason: 'the approval the request would also need is kept and exact; the refusals are counted',
      decision: decision({ findings: [...Array.from({ length: 100 }, () => finding(huge('d'), { message: huge('m') })), gatedFinding(huge('a'))], gates: [gate(huge('a'), { rules: RULES })] }),
      want: [
        ...Array.from({ length: 14 }, () => `[aws-rds-public-access] ${cut('d', 147, '199,780', 73)}: ${cut('m', 450, '199,326', 224)} (spec.forProvider.publiclyAccessible)`),
        '… and 87 more lines not shown',
        approval(
          cut('a', 146, '199,782', 72),
          'would also hold a new resource: not created',
          rules(3, 'custom-rule-with-a-long-identifier…(truncated, 1,327 characters)…tom-rule-with-a-long-identifier-38'),
        ),
        REFUSED('100'),
      ],
      // The Fatal says what was refused, not the approval the request would also need: one more refusal fits.
      fatal: [
        ...Array.from({ length: 15 }, () => `[aws-rds-public-access] ${cut('d', 147, '199,780', 73)}: ${cut('m', 450, '199,326', 224)} (spec.forProvider.publiclyAccessible)`),
        '… and 85 more lines not shown',
        REFUSED('100'),
      ],
    },
  ];
  it.each(cases)('$name', ({ decision: d, want, fatal }) => {
    const v = verdictOf(d);
    expect(v.condition.message.split('\n')).toEqual(want);
    const fatalResult = v.results.find((r) => r.severity === 'Fatal');
    expect(fatalResult?.message.split('\n')).toEqual(fatal === 'the same' ? want : fatal);
    for (const m of messages(v)) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    for (const l of messages(v).flatMap((m) => m.split('\n'))) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
  });
});

describe('any request', () => {
  const RULE_IDS = ['aws-rds-public-access', 'tags-required', 'eu-only'];
  const PREFIX =
    /^(\[[a-z][a-z0-9-]*\] |warning: \[|… and [\d,]+ more lines? not shown$|function-guardrails |Audit mode: |All composed resources pass the guardrails\.$|exceptions\[\d+\] |invalid function-guardrails input: | {2})/;
  const APPROVE = /until a person approves digest (sha256-[0-9a-f]{64}) \(rules .*\); to approve: (.*)$/;

  function randomDecision(rand: () => number): Decision {
    const int = (n: number) => Math.floor(rand() * n);
    const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
    const text = () => hostileString(rand);
    const names = Array.from({ length: 1 + int(6) }, () => (rand() < 0.4 ? `r${int(100)}` : text()));
    const findings: Finding[] = Array.from({ length: rand() < 0.1 ? 200 + int(200) : int(8) }, () => ({
      resource: pick(names),
      rule: pick(RULE_IDS),
      action: pick(['Deny', 'Warn', 'RequireApproval'] as const),
      path: rand() < 0.3 ? '' : text(),
      message: text(),
      ...(rand() < 0.1 ? { waivedBy: int(3) } : {}),
      ...(rand() < 0.3 ? { fix: { path: text(), value: rand() < 0.5 ? text() : { block: [text()] } } } : {}),
    }));
    const gates: Gate[] = [...new Set(names)]
      .filter(() => rand() < 0.5)
      .map((resource) => {
        const status = pick(['Held', 'Frozen', 'Released', 'Unavailable'] as const);
        const digest = `sha256-${Array.from({ length: 64 }, () => '0123456789abcdef'[int(16)]).join('')}`;
        return { resource, digest, rules: [pick(RULE_IDS)], status, companions: rand() < 0.3 ? [text()] : [], ...(status === 'Released' ? { grant: { by: text(), source: text() } } : {}) };
      });
    return decision({
      mode: rand() < 0.3 ? 'Audit' : 'Enforce',
      findings,
      gates,
      mutations: Array.from({ length: rand() < 0.05 ? 100 + int(100) : int(4) }, () => ({ resource: pick(names), rule: pick(RULE_IDS), path: text(), value: rand() < 0.3 ? true : text() })),
      companions: Array.from({ length: int(3) }, () => ({ name: text(), owner: pick(names), rule: pick(RULE_IDS), resource: { kind: rand() < 0.5 ? 'BucketVersioning' : text() } })),
      exceptions: Array.from({ length: int(3) }, (_, index) => ({ index, rules: [pick(RULE_IDS)], expires: '2027-03-31', justification: text(), expired: rand() < 0.5, covered: names.filter(() => rand() < 0.5) })),
      errors: rand() < 0.1 ? [{ resource: pick(names), rule: pick(RULE_IDS), message: text() }] : [],
    });
  }

  it('every message is within the caps, one line per thing, each line escaped and of a known kind, every approve command exact', () => {
    // What the random requests made the messages do, so the property is known to have been put to the test.
    const seen = { approve: 0, quoted: 0, cut: 0, counted: 0, fields: 0 };
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const d = randomDecision(rand);
      const digests = new Set(d.gates.map((g) => g.digest));
      const verdicts = [verdictOf(d), verdictOf(d, { status: 'False', reason: 'Denied', message: '' }), invalidInput([hostileString(rand), hostileString(rand)]), internalError(hostileString(rand))];
      for (const m of verdicts.flatMap(messages)) {
        const where = `seed ${seed}: ${JSON.stringify(m.slice(0, 200))}`;
        expect(Buffer.byteLength(m), where).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
        const lines = m.split('\n');
        expect(lines.length, where).toBeLessThanOrEqual(MAX_LINES + 3);
        for (const l of lines) {
          expect(l.length, where).toBeLessThanOrEqual(MAX_LINE);
          expect(RAW_UNSAFE.test(l), `${where}: ${JSON.stringify(l)}`).toBe(false);
          expect(l, where).toMatch(PREFIX);
          const approve = APPROVE.exec(l);
          if (l.startsWith('[approval] ') && l.includes(' approves digest ')) {
            expect(approve, `${where}: ${JSON.stringify(l)}`).not.toBeNull();
            expect(digests.has(approve![1]!), where).toBe(true);
            expect(approve![2], where).toBe(command(approve![1]!));
            seen.approve++;
          }
          if (/^\[[a-z-]+\] "/.test(l)) seen.quoted++;
          if (l.includes('…(truncated, ')) seen.cut++;
          if (l.startsWith('… and ')) seen.counted++;
          if (/ and [\d,]+ more fields?$/.test(l)) seen.fields++;
        }
      }
    }
    expect(Object.values(seen).every((n) => n > 20), JSON.stringify(seen)).toBe(true);
  });
});
