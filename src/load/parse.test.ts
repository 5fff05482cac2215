import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRule } from '../engine/rule.js';
import { parseInput } from './parse.js';

const stub = (id: string, params?: z.ZodObject) => defineRule({ id, title: id, severity: 'low', defaultAction: 'Deny', description: id, kinds: { summary: 'none', test: () => false }, params, check() {} });
const RULES = [
  stub('aws-s3-versioning'),
  stub('aws-rds-public-access'),
  stub('aws-rds-instance-class', z.object({ allowed: z.array(z.string().min(1)).min(1) })),
];
const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const approval = { namespace: 'crossplane-system', matchLabels: { 'guardrails.fn.crossplane.io/approvals': 'true' } };
const network = { internetPrefix: { ipv4: 8, ipv6: 16 } };
const podSecurity = { level: 'restricted', version: 'latest' };
const baseline = { ...head, mode: 'Enforce', tags: { values: {}, fromComposite: {}, required: [] }, rules: {}, custom: [], approval, network, podSecurity, exceptions: [] };
const custom = (rule: Record<string, unknown>) => ({ id: 'eu-only', expression: "object.spec.forProvider.region.startsWith('eu-')", message: 'EU only', ...rule });
const exception = (e: Record<string, unknown>) => ({ rules: ['aws-s3-versioning'], expires: '2027-03-31', justification: 'ticket SEC-1', ...e });

describe('parseInput', () => {
  const valid = [
    { name: 'no input', reason: 'a step without input gets the secure baseline', raw: undefined, want: baseline },
    { name: 'empty input', reason: 'Crossplane may send an empty struct', raw: {}, want: baseline },
    { name: 'only apiVersion and kind', reason: 'every field has a default', raw: head, want: baseline },
    {
      name: 'a Pod Security Standards level and pinned version',
      reason: 'the names are those of the Pod Security Admission labels',
      raw: { ...head, podSecurity: { level: 'baseline', version: 'v1.29' } },
      want: { ...baseline, podSecurity: { level: 'baseline', version: 'v1.29' } },
    },
    {
      name: 'the full example',
      reason: 'the Input documented in the README parses as written',
      raw: {
        ...head,
        mode: 'Audit',
        tags: {
          values: { 'managed-by': 'crossplane' },
          fromComposite: { owner: 'metadata.labels.team', 'cost-center': 'metadata.labels[cost-center]' },
          required: ['owner', 'cost-center'],
        },
        rules: { 'aws-s3-versioning': { action: 'Disabled' } },
      },
      want: {
        ...head,
        mode: 'Audit',
        tags: {
          values: { 'managed-by': 'crossplane' },
          fromComposite: { owner: 'metadata.labels.team', 'cost-center': 'metadata.labels[cost-center]' },
          required: ['owner', 'cost-center'],
        },
        rules: { 'aws-s3-versioning': { action: 'Disabled' } },
        custom: [],
        approval,
        network,
        podSecurity,
        exceptions: [],
      },
    },
    {
      name: 'how wide the internet is',
      reason: 'a platform may draw the line elsewhere; the other family keeps its default',
      raw: { ...head, network: { internetPrefix: { ipv4: 12 } } },
      want: { ...baseline, network: { internetPrefix: { ipv4: 12, ipv6: 16 } } },
    },
    {
      name: 'only the whole space is the internet',
      reason: '0 is the old /0-only reading',
      raw: { ...head, network: { internetPrefix: { ipv4: 0, ipv6: 0 } } },
      want: { ...baseline, network: { internetPrefix: { ipv4: 0, ipv6: 0 } } },
    },
    {
      name: 'rule parameters',
      reason: "a rule's own settings sit beside its action",
      raw: { ...head, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'], action: 'Deny' } } },
      want: { ...baseline, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'], action: 'Deny' } } },
    },
    {
      name: 'a custom rule with its defaults',
      reason: 'match defaults to every resource, action to Deny, failurePolicy to Fail (fail closed)',
      raw: { ...head, custom: [custom({})] },
      want: { ...baseline, custom: [{ ...custom({}), match: { apiVersion: '*', kind: '*' }, action: 'Deny', failurePolicy: 'Fail' }] },
    },
    {
      name: 'a custom rule, every field',
      reason: 'the documented shape parses as written',
      raw: {
        ...head,
        custom: [
          custom({
            description: 'data residency',
            match: { apiVersion: '*.aws.*upbound.io/*', kind: '*', name: 'db*', compositeSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
            action: 'RequireApproval',
            failurePolicy: 'Ignore',
          }),
        ],
      },
      want: {
        ...baseline,
        custom: [
          custom({
            description: 'data residency',
            match: { apiVersion: '*.aws.*upbound.io/*', kind: '*', name: 'db*', compositeSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
            action: 'RequireApproval',
            failurePolicy: 'Ignore',
          }),
        ],
      },
    },
    {
      name: 'exceptions for built-in and custom rules',
      reason: 'an exception may name any rule the Input knows, with a date or a timestamp',
      raw: {
        ...head,
        custom: [custom({})],
        exceptions: [exception({ rules: ['aws-s3-versioning', 'eu-only'], match: { composite: 'bastion-*', namespace: 'ops' } }), exception({ expires: '2027-03-31T12:00:00Z' })],
      },
      want: {
        ...baseline,
        custom: [{ ...custom({}), match: { apiVersion: '*', kind: '*' }, action: 'Deny', failurePolicy: 'Fail' }],
        exceptions: [exception({ rules: ['aws-s3-versioning', 'eu-only'], match: { composite: 'bastion-*', namespace: 'ops' } }), exception({ expires: '2027-03-31T12:00:00Z', match: {} })],
      },
    },
  ];
  it.each(valid)('accepts $name', ({ raw, want }) => {
    const parsed = parseInput(raw, RULES);
    expect(parsed.ok ? parsed.input : parsed.problems).toEqual(want);
  });

  it('compiles each custom rule once, in order', () => {
    const parsed = parseInput({ ...head, custom: [custom({}), custom({ id: 'second', expression: 'true' })] }, RULES);
    expect(parsed.ok && parsed.custom.map((c) => c.spec.id)).toEqual(['eu-only', 'second']);
  });

  const invalid = [
    {
      name: 'an unknown Pod Security Standards level or version',
      reason: 'only the levels and versions the Pod Security Admission labels take',
      raw: { ...head, podSecurity: { level: 'strict', version: '1.29' } },
      want: ['podSecurity.level: Invalid option: expected one of "privileged"|"baseline"|"restricted"', 'podSecurity.version: must be latest or v1.N'],
    },
    {
      name: 'wrong kind and apiVersion',
      reason: 'input meant for another function must not be half-applied',
      raw: { apiVersion: 'example.fn.crossplane.io/v1', kind: 'Other' },
      want: ['apiVersion: Invalid input: expected "guardrails.fn.crossplane.io/v1beta1"', 'kind: Invalid input: expected "Guardrails"'],
    },
    {
      name: 'internet prefixes out of range',
      reason: 'a prefix length longer than the address, negative or fractional means nothing',
      raw: { ...head, network: { internetPrefix: { ipv4: 33, ipv6: -1 } } },
      want: ['network.internetPrefix.ipv4: Too big: expected number to be <=32', 'network.internetPrefix.ipv6: Too small: expected number to be >=0'],
    },
    {
      name: 'an internet prefix that is not an integer, and an unknown field',
      reason: 'validated like every other field',
      raw: { ...head, network: { internetPrefix: { ipv6: 16.5 }, internetPrefx: {} } },
      want: ['network.internetPrefix.ipv6: Invalid input: expected int, received number', 'network: unknown field "internetPrefx"'],
    },
    {
      name: 'bad field path and mode',
      reason: 'every problem is reported at once, each with its path',
      raw: { ...head, mode: 'Yolo', tags: { fromComposite: { owner: 'metadata..team' } } },
      want: [
        'mode: Invalid option: expected one of "Enforce"|"Audit"',
        'tags.fromComposite.owner: invalid field path: empty field name at position 9 of "metadata..team"',
      ],
    },
    {
      name: 'unknown fields',
      reason: 'a typo must not silently turn a guardrail off',
      raw: { ...head, tag: {}, rules: { 'aws-s3-versioning': { acton: 'Disabled' } } },
      want: ['unknown field "tag"', 'rules.aws-s3-versioning: unknown field "acton"'],
    },
    {
      name: 'unknown rule',
      reason: 'overriding a rule that does not exist is a mistake worth stopping for',
      raw: { ...head, rules: { 'aws-s3-versoning': { action: 'Disabled' } } },
      want: ['rules.aws-s3-versoning: unknown rule "aws-s3-versoning"; did you mean "aws-s3-versioning"?'],
    },
    {
      name: 'an unknown rule like no other',
      reason: 'no suggestion beats a wrong one',
      raw: { ...head, rules: { 'gcp-sql-ssl': {} } },
      want: ['rules.gcp-sql-ssl: unknown rule "gcp-sql-ssl" (docs/rules.md lists the built-in rules)'],
    },
    {
      name: 'bad rule parameters',
      reason: "a rule's parameters are checked against the rule, with their paths",
      raw: { ...head, rules: { 'aws-rds-instance-class': { allowed: [] }, 'aws-s3-versioning': { allowed: ['x'] } } },
      want: ['rules.aws-rds-instance-class.allowed: Too small: expected array to have >=1 items', 'rules.aws-s3-versioning: unknown field "allowed"'],
    },
    {
      name: 'a custom rule with an unknown variable',
      reason: 'a typo in a variable name would fail on every resource; it fails once, at validation',
      raw: { ...head, custom: [custom({ expression: "obj.spec.forProvider.region == 'eu-west-1'" })] },
      want: ['custom[0].expression: rule "eu-only": unknown variable "obj" at 1:1; the variables are object, observed, composite, name'],
    },
    {
      name: 'a custom rule that returns a string',
      reason: 'true means compliant; a rule that can never be true or false is a mistake',
      raw: { ...head, custom: [custom({ expression: "'eu-west-1'" })] },
      want: ['custom[0].expression: rule "eu-only": the expression returns string, not bool (true means compliant)'],
    },
    {
      name: 'a custom rule with a syntax error',
      reason: 'the position points at the mistake',
      raw: { ...head, custom: [custom({ expression: "name == 'a' &&\n  object.spec.)" })] },
      want: ['custom[0].expression: rule "eu-only": syntax error at 2:14: found . but expecting end of input'],
    },
    {
      name: 'a custom rule calling an unknown function',
      reason: 'CEL would only find out per resource',
      raw: { ...head, custom: [custom({ expression: 'name.startsWith("x") && bogus(object)' })] },
      want: ['custom[0].expression: rule "eu-only": unknown function "bogus" at 1:25'],
    },
    {
      name: 'a message expression that is not a string',
      reason: 'the message expression is checked like the rule expression, with its own path',
      raw: { ...head, custom: [custom({ messageExpression: 'object.metadata.name == "x"' }), custom({ id: 'second', messageExpression: "'a' +" })] },
      want: [
        'custom[0].messageExpression: rule "eu-only": the expression returns bool, not string',
        'custom[1].messageExpression: rule "second": syntax error at 1:5: found + but expecting end of input',
      ],
    },
    {
      name: 'duplicate custom IDs',
      reason: 'findings and exceptions name rules by ID, so an ID must mean one rule',
      raw: { ...head, custom: [custom({}), custom({})] },
      want: ['custom[1].id: duplicate rule ID "eu-only"'],
    },
    {
      name: 'a custom rule with a built-in ID',
      reason: 'an exception or override naming it would be ambiguous',
      raw: { ...head, custom: [custom({ id: 'aws-s3-versioning' })] },
      want: ['custom[0].id: "aws-s3-versioning" is a built-in rule; give the custom rule its own ID'],
    },
    {
      name: 'globs that cannot match',
      reason: 'a match that can never hold would silently check nothing',
      raw: { ...head, custom: [custom({ match: { apiVersion: 'S3.aws.upbound.io/*', kind: 's3.Bucket' } })], exceptions: [exception({ match: { namespace: 'ops_team' } })] },
      want: [
        'custom[0].match.apiVersion: glob "S3.aws.upbound.io/*" cannot match an apiVersion (group/version, or v1)',
        'custom[0].match.kind: glob "s3.Bucket" cannot match a kind (Bucket, Instance)',
        'exceptions[0].match.namespace: glob "ops_team" cannot match a namespace',
      ],
    },
    {
      name: 'a bad custom action and selector',
      reason: 'Mutate has no meaning for an expression; In needs values',
      raw: { ...head, custom: [custom({ action: 'Mutate', match: { compositeSelector: { matchExpressions: [{ key: 'env', operator: 'In' }] } } })] },
      want: [
        'custom[0].match.compositeSelector.matchExpressions[0].values: operator In needs values',
        'custom[0].action: Invalid option: expected one of "Deny"|"RequireApproval"|"Warn"',
      ],
    },
    {
      name: 'bad exceptions',
      reason: 'an exception names known rules, once each, with a real date and a justification',
      raw: {
        ...head,
        exceptions: [
          exception({ rules: ['aws-s3-versioning', 'aws-s3-versioning'], expires: '2027-02-30' }),
          exception({ rules: ['no-such-rule'], justification: '' }),
          { rules: ['aws-s3-versioning'] },
        ],
      },
      want: [
        'exceptions[0].expires: "2027-02-30" is not a date (2027-03-31) or an RFC 3339 timestamp',
        'exceptions[0].rules[1]: duplicate rule "aws-s3-versioning"',
        'exceptions[1].justification: Too small: expected string to have >=1 characters',
        'exceptions[2].expires: Invalid input: expected string, received undefined',
        'exceptions[2].justification: Invalid input: expected string, received undefined',
      ],
    },
    {
      name: 'an exception for an unknown rule',
      reason: 'an exception can only cover rules it names, so a name must be real',
      raw: { ...head, exceptions: [exception({ rules: ['aws-s3-versioning', 'no-such-rule'] })] },
      want: ['exceptions[0].rules[1]: unknown rule "no-such-rule" (docs/rules.md lists the built-in rules)'],
    },
    {
      name: 'bad action and value types',
      reason: 'tag values are strings; actions come from a fixed set',
      raw: { ...head, tags: { values: { team: 7 }, required: ['a', 'a'] }, rules: { 'aws-rds-public-access': { action: 'Allow' } } },
      want: [
        'tags.values.team: Invalid input: expected string, received number',
        'rules.aws-rds-public-access.action: Invalid option: expected one of "Mutate"|"Deny"|"RequireApproval"|"Warn"|"Disabled"',
      ],
    },
    {
      name: 'a key with two sources',
      reason: 'which value wins would be a guess',
      raw: { ...head, tags: { values: { owner: 'x' }, fromComposite: { owner: 'metadata.name' } } },
      want: ['tags.fromComposite.owner: tag "owner" is also in tags.values; give each key one source'],
    },
    {
      name: 'duplicate required key',
      reason: 'duplicates hint at a copy-paste error',
      raw: { ...head, tags: { required: ['owner', 'owner'] } },
      want: ['tags.required[1]: duplicate key "owner"'],
    },
    {
      name: 'keys with dots',
      reason: 'paths name such keys in brackets, as Crossplane field paths do',
      raw: { ...head, tags: { values: { 'kubernetes.io/name': 1 } } },
      want: ['tags.values[kubernetes.io/name]: Invalid input: expected string, received number'],
    },
    { name: 'not an object', reason: 'a list is no Input', raw: ['x'], want: ['Invalid input: expected object, received array'] },
  ];
  it.each(invalid)('refuses $name', ({ raw, want }) => {
    expect(parseInput(raw, RULES)).toEqual({ ok: false, problems: want });
  });
});
