import { describe, expect, it } from 'vitest';
import { jsonError } from '../../../test/builders/aws-data.js';
import {
  actionMatches,
  anyPrincipal,
  coversAction,
  coversEveryAction,
  coversEveryResource,
  describeActions,
  describePrincipals,
  describeResources,
  duplicateKeys,
  list,
  matchesEveryAction,
  matchesEveryResource,
  MAX_DEPTH,
  MAX_DOCUMENT_LENGTH,
  narrowingKeys,
  parsePolicy,
  reachesUnnamed,
  readPolicy,
  statementLabel,
  wildcardMatch,
  type DocumentKind,
  type ParsedPolicy,
  type ResourceType,
  type Statement,
} from './policy.js';

/** A policy document as a JSON string, Version 2012-10-17 unless given. */
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statement });

/** The one statement of a valid document built from `s`. */
function stmt(s: Record<string, unknown>, kind: DocumentKind = 'identity'): Statement {
  const parsed = parsePolicy(doc([s]), kind);
  if (!parsed.ok) throw new Error(`fixture is not valid: ${JSON.stringify(parsed)}`);
  return parsed.policy.statements[0]!;
}

const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', ...extra });

const DEPTH_LIMIT =
  'it nests lists and objects more than 16 deep, more than the guardrails read (a policy document is at most 6 deep: the document, Statement, a statement, Condition, an operator, a list of values)';

describe('wildcardMatch', () => {
  const cases = [
    { name: 'exact', reason: 'no wildcard: the same string', pattern: 'abc', value: 'abc', want: true },
    { name: 'exact, different', reason: 'one character off', pattern: 'abc', value: 'abd', want: false },
    { name: 'case-sensitive', reason: 'matching itself is case-sensitive; actions are lowercased before', pattern: 'ABC', value: 'abc', want: false },
    { name: 'star alone', reason: '* matches anything', pattern: '*', value: 'iam:PassRole', want: true },
    { name: 'star matches empty', reason: '* may match nothing', pattern: 'iam:*', value: 'iam:', want: true },
    { name: 'star in the middle', reason: 'a run of characters', pattern: 'a*c', value: 'abbbc', want: true },
    { name: 'star, wrong tail', reason: 'the tail must still match', pattern: 'a*c', value: 'abbbd', want: false },
    { name: 'question mark', reason: '? is exactly one character', pattern: 'a?c', value: 'abc', want: true },
    { name: 'question mark, none', reason: '? does not match nothing', pattern: 'a?c', value: 'ac', want: false },
    { name: 'several stars', reason: 'backtracks to the last star', pattern: '*a*b', value: 'xaxaxb', want: true },
    { name: 'several stars, no match', reason: 'no b at the end', pattern: '*a*b', value: 'xaxaxc', want: false },
    { name: 'star spans colons', reason: 'a * may cover ARN separators (fail closed)', pattern: 'arn:*', value: 'arn:aws:iam::1:role/x', want: true },
    { name: 'empty pattern', reason: 'matches only the empty string', pattern: '', value: 'a', want: false },
    { name: 'pathological', reason: 'many stars stay fast and correct', pattern: '*a*a*a*a*a*a*a*a*a*a*b', value: 'a'.repeat(200), want: false },
  ];
  it.each(cases)('$name', ({ pattern, value, want }) => expect(wildcardMatch(pattern, value)).toBe(want));
});

describe('actionMatches', () => {
  const cases = [
    { name: 'exact', reason: 'the action itself', pattern: 'iam:PassRole', action: 'iam:PassRole', want: true },
    { name: 'case of the action name', reason: 'IAM compares actions case-insensitively', pattern: 'iam:passrole', action: 'iam:PassRole', want: true },
    { name: 'case of the service prefix', reason: 'the prefix too', pattern: 'IAM:PassRole', action: 'iam:PassRole', want: true },
    { name: 'prefix wildcard', reason: 'iam:Pass* covers PassRole', pattern: 'iam:Pass*', action: 'iam:PassRole', want: true },
    { name: 'service wildcard', reason: 'iam:* covers every IAM action', pattern: 'iam:*', action: 'iam:CreateAccessKey', want: true },
    { name: 'other service', reason: 's3:* does not cover IAM', pattern: 's3:*', action: 'iam:PassRole', want: false },
    { name: 'star', reason: '* covers everything', pattern: '*', action: 'sts:AssumeRole', want: true },
    { name: 'star colon star', reason: '*:* covers everything', pattern: '*:*', action: 'sts:AssumeRole', want: true },
    { name: 'question mark', reason: 'one character', pattern: 'iam:Pass?ole', action: 'iam:PassRole', want: true },
    { name: 'wildcard service prefix', reason: 'a wildcard may stand in the prefix', pattern: '*:Put*Policy', action: 'iam:PutRolePolicy', want: true },
    { name: 'padded', reason: 'surrounding spaces do not hide an action', pattern: ' iam:PassRole ', action: 'iam:PassRole', want: true },
    { name: 'longer action', reason: 'no implicit wildcard at the end', pattern: 'sts:AssumeRole', action: 'sts:AssumeRoleWithSAML', want: false },
  ];
  it.each(cases)('$name', ({ pattern, action, want }) => expect(actionMatches(pattern, action)).toBe(want));
});

describe('matchesEveryAction', () => {
  const cases = [
    { name: '*', reason: 'every action', pattern: '*', want: true },
    { name: '*:*', reason: 'every action of every service', pattern: '*:*', want: true },
    { name: '**', reason: 'wildcards only', pattern: '**', want: true },
    { name: '?*:*', reason: 'wildcards only, taken as every action (fail closed)', pattern: '?*:*', want: true },
    { name: 'iam:*', reason: 'one service', pattern: 'iam:*', want: false },
    { name: '*:Get*', reason: 'one verb', pattern: '*:Get*', want: false },
    { name: '*:*:*', reason: 'two colons match no action', pattern: '*:*:*', want: false },
    { name: '?', reason: 'no star: one character', pattern: '?', want: false },
  ];
  it.each(cases)('$name', ({ pattern, want }) => expect(matchesEveryAction(pattern)).toBe(want));
});

describe('matchesEveryResource', () => {
  const cases = [
    { name: '*', reason: 'every resource', pattern: '*', want: true },
    { name: 'arn:*', reason: 'every ARN', pattern: 'arn:*', want: true },
    { name: 'arn:aws:*', reason: 'every ARN of the partition', pattern: 'arn:aws:*', want: true },
    { name: 'arn:aws:*:*:*:*', reason: 'every field a wildcard', pattern: 'arn:aws:*:*:*:*', want: true },
    { name: 'arn:aws:s3:::*', reason: 'one service', pattern: 'arn:aws:s3:::*', want: false },
    { name: 'arn:aws:*::*:*', reason: 'an empty region matches only global resources', pattern: 'arn:aws:*::*:*', want: false },
    { name: 'arn:aws', reason: 'no resource at all', pattern: 'arn:aws', want: false },
    { name: 'a named bucket', reason: 'an exact ARN', pattern: 'arn:aws:s3:::logs', want: false },
  ];
  it.each(cases)('$name', ({ pattern, want }) => expect(matchesEveryResource(pattern)).toBe(want));
});

describe('parsePolicy: valid documents', () => {
  const cases: { name: string; reason: string; text: string; kind: DocumentKind; want: ParsedPolicy }[] = [
    {
      name: 'identity policy, Statement a list, single values',
      reason: 'the common shape: strings where one value is enough',
      text: doc([{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]),
      kind: 'identity',
      want: {
        ok: true,
        policy: {
          version: '2012-10-17',
          statements: [{ at: 'Statement[0]', sid: 'Read', effect: 'Allow', actions: { not: false, patterns: ['s3:GetObject'] }, resources: { not: false, patterns: ['arn:aws:s3:::b/*'] }, conditions: [] }],
        },
      },
    },
    {
      name: 'Statement a single object, lists of values',
      reason: 'IAM accepts a lone statement object; its path has no index',
      text: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }, { Id: 'p1' }),
      kind: 'identity',
      want: {
        ok: true,
        policy: {
          version: '2012-10-17',
          id: 'p1',
          statements: [{ at: 'Statement', effect: 'Deny', actions: { not: true, patterns: ['iam:*', 'sts:*'] }, resources: { not: true, patterns: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }, conditions: [] }],
        },
      },
    },
    {
      name: 'trust policy with a service principal and a condition',
      reason: 'principals are flattened to type/id pairs, conditions to operator/key/values',
      text: doc([
        {
          Effect: 'Allow',
          Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'], AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': [3600] } },
        },
      ]),
      kind: 'trust',
      want: {
        ok: true,
        policy: {
          version: '2012-10-17',
          statements: [
            {
              at: 'Statement[0]',
              effect: 'Allow',
              actions: { not: false, patterns: ['sts:AssumeRole'] },
              principals: {
                not: false,
                entries: [
                  { type: 'Service', id: 'ec2.amazonaws.com' },
                  { type: 'Service', id: 'lambda.amazonaws.com' },
                  { type: 'AWS', id: 'arn:aws:iam::123456789012:root' },
                ],
              },
              conditions: [
                { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['123456789012'] },
                { operator: 'Bool', key: 'aws:SecureTransport', values: [true] },
                { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: [3600] },
              ],
            },
          ],
        },
      },
    },
    {
      name: 'resource policy with Principal "*" and NotPrincipal',
      reason: 'a bare "*" is the any-principal entry; NotPrincipal is kept as such',
      text: doc([
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::1:role/a'] }, Action: '*', Resource: '*' },
      ]),
      kind: 'resource',
      want: {
        ok: true,
        policy: {
          version: '2012-10-17',
          statements: [
            { at: 'Statement[0]', effect: 'Allow', actions: { not: false, patterns: ['s3:GetObject'] }, resources: { not: false, patterns: ['*'] }, principals: { not: false, entries: [{ type: '*', id: '*' }] }, conditions: [] },
            {
              at: 'Statement[1]',
              effect: 'Deny',
              actions: { not: false, patterns: ['*'] },
              resources: { not: false, patterns: ['*'] },
              principals: { not: true, entries: [{ type: 'AWS', id: 'arn:aws:iam::1:role/a' }] },
              conditions: [],
            },
          ],
        },
      },
    },
    {
      name: 'no Version, an empty Statement list',
      reason: 'Version is optional; an empty list grants nothing',
      text: JSON.stringify({ Statement: [] }),
      kind: 'identity',
      want: { ok: true, policy: { statements: [] } },
    },
    {
      name: 'Version 2008-10-17',
      reason: 'the older version is still valid',
      text: doc([], { Version: '2008-10-17' }),
      kind: 'identity',
      want: { ok: true, policy: { version: '2008-10-17', statements: [] } },
    },
    {
      name: 'whitespace and a YAML block scalar’s trailing newline',
      reason: 'what a `policy: |` block hands over',
      text: `\n  ${doc([{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }])}\n`,
      kind: 'identity',
      want: {
        ok: true,
        policy: { version: '2012-10-17', statements: [{ at: 'Statement[0]', effect: 'Allow', actions: { not: false, patterns: ['ec2:Describe*'] }, resources: { not: false, patterns: ['*'] }, conditions: [] }] },
      },
    },
  ];
  it.each(cases)('$name', ({ text, kind, want }) => expect(parsePolicy(text, kind)).toEqual(want));
});

describe('parsePolicy: what it refuses', () => {
  const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  const cases: { name: string; reason: string; text: string; kind?: DocumentKind; want: string[] }[] = [
    { name: 'an array', reason: 'the document is an object', text: '[]', want: ['the document must be a JSON object, got an array'] },
    { name: 'a JSON string', reason: 'a policy encoded twice', text: JSON.stringify('{"Statement":[]}'), want: ['the document must be a JSON object, got the string "{\\"Statement\\":[]}"'] },
    { name: 'null', reason: 'null is not a document', text: 'null', want: ['the document must be a JSON object, got null'] },
    { name: 'no Statement', reason: 'a document without statements is not a policy', text: JSON.stringify({ Version: '2012-10-17' }), want: ['the document has no Statement'] },
    { name: 'Statement a string', reason: 'a statement is an object', text: doc('x'), want: ['Statement must be an object or a list of objects, got the string "x"'] },
    { name: 'Statement[1] a number', reason: 'every statement is an object', text: doc([ok, 5]), want: ['Statement[1] must be an object, got number 5'] },
    { name: 'unknown Version', reason: 'AWS knows two versions', text: doc([ok], { Version: '2012-10-18' }), want: ['Version must be "2012-10-17" or "2008-10-17", got "2012-10-18"'] },
    { name: 'Version a number', reason: 'a string', text: doc([ok], { Version: 2012 }), want: ['Version must be a string, got number 2012'] },
    { name: 'Id an object', reason: 'a string', text: doc([ok], { Id: {} }), want: ['Id must be a string, got an object'] },
    {
      name: 'unknown top-level element',
      reason: 'element names are case-sensitive: "statement" is not read',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [ok], statement: [] }),
      want: ['the document has an unknown element "statement" (elements are Version, Id and Statement, case-sensitive)'],
    },
    {
      name: 'unknown statement element',
      reason: 'a lowercase "action" would be ignored by a reader that looks for "Action"',
      text: doc([{ ...ok, action: '*' }]),
      want: ['Statement[0] has an unknown element "action" (elements are Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition, case-sensitive)'],
    },
    { name: 'Sid a number', reason: 'a string', text: doc([{ ...ok, Sid: 1 }]), want: ['Statement[0].Sid must be a string, got number 1'] },
    { name: 'no Effect', reason: 'Effect is required', text: doc([{ Action: '*', Resource: '*' }]), want: ['Statement[0] has no Effect'] },
    { name: 'Effect lowercase', reason: 'only "Allow" and "Deny"', text: doc([{ ...ok, Effect: 'allow' }]), want: ['Statement[0].Effect must be "Allow" or "Deny", got "allow"'] },
    { name: 'Effect a boolean', reason: 'only "Allow" and "Deny"', text: doc([{ ...ok, Effect: true }]), want: ['Statement[0].Effect must be "Allow" or "Deny", got true'] },
    { name: 'Action a number', reason: 'a string or a list of strings', text: doc([ok, { ...ok, Action: 5 }]), want: ['Statement[1].Action must be a string or a list of strings, got number 5'] },
    { name: 'Action an object', reason: 'a string or a list of strings', text: doc([{ ...ok, Action: { s3: 'GetObject' } }]), want: ['Statement[0].Action must be a string or a list of strings, got an object'] },
    {
      name: 'Action list with a number',
      reason: 'every entry is a string; the message names the entry',
      text: doc([{ ...ok, Action: ['s3:GetObject', 7] }]),
      want: ['Statement[0].Action must be a string or a list of strings, but Statement[0].Action[1] is number 7'],
    },
    { name: 'Action an empty list', reason: 'a statement that names no action', text: doc([{ ...ok, Action: [] }]), want: ['Statement[0].Action is an empty list'] },
    { name: 'NotAction an empty list', reason: 'would mean "every action"', text: doc([{ Effect: 'Allow', NotAction: [], Resource: '*' }]), want: ['Statement[0].NotAction is an empty list'] },
    { name: 'both Action and NotAction', reason: 'mutually exclusive', text: doc([{ ...ok, NotAction: 'iam:*' }]), want: ['Statement[0] has both Action and NotAction'] },
    { name: 'neither Action nor NotAction', reason: 'one is required', text: doc([{ Effect: 'Allow', Resource: '*' }]), want: ['Statement[0] has neither Action nor NotAction'] },
    { name: 'Resource a number', reason: 'a string or a list of strings', text: doc([{ ...ok, Resource: 1 }]), want: ['Statement[0].Resource must be a string or a list of strings, got number 1'] },
    { name: 'both Resource and NotResource', reason: 'mutually exclusive', text: doc([{ ...ok, NotResource: 'arn:aws:s3:::x' }]), want: ['Statement[0] has both Resource and NotResource'] },
    { name: 'identity policy without Resource', reason: 'IAM requires one', text: doc([{ Effect: 'Allow', Action: '*' }]), want: ['Statement[0] has neither Resource nor NotResource'] },
    {
      name: 'identity policy with a Principal',
      reason: 'IAM refuses a principal in an identity policy',
      text: doc([{ ...ok, Principal: '*' }]),
      want: ['Statement[0] has a Principal, which an identity policy must not have'],
    },
    {
      name: 'trust policy with a Resource',
      reason: 'a trust policy is about the role itself',
      text: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }]),
      kind: 'trust',
      want: ['Statement[0] has a Resource, which a trust policy must not have'],
    },
    {
      name: 'trust policy without a Principal',
      reason: 'who may assume the role must be said',
      text: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]),
      kind: 'trust',
      want: ['Statement[0] has neither Principal nor NotPrincipal'],
    },
    {
      name: 'resource policy without Principal nor Resource',
      reason: 'a bucket or key policy needs both',
      text: doc([{ Effect: 'Allow', Action: 's3:GetObject' }]),
      kind: 'resource',
      want: ['Statement[0] has neither Resource nor NotResource', 'Statement[0] has neither Principal nor NotPrincipal'],
    },
    {
      name: 'Principal an ARN string',
      reason: 'only "*" may stand bare',
      text: doc([{ ...ok, Principal: 'arn:aws:iam::1:root' }]),
      kind: 'resource',
      want: ['Statement[0].Principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals, got the string "arn:aws:iam::1:root"'],
    },
    {
      name: 'Principal type in the wrong case',
      reason: 'types are case-sensitive',
      text: doc([{ ...ok, Principal: { aws: '*' } }]),
      kind: 'resource',
      want: ['Statement[0].Principal has an unknown principal type "aws" (types are AWS, Service, Federated and CanonicalUser, case-sensitive)'],
    },
    { name: 'Principal an empty object', reason: 'names nobody', text: doc([{ ...ok, Principal: {} }]), kind: 'resource', want: ['Statement[0].Principal names no principal'] },
    {
      name: 'Principal.AWS a number',
      reason: 'a string or a list of strings',
      text: doc([{ ...ok, Principal: { AWS: 123456789012 } }]),
      kind: 'resource',
      want: ['Statement[0].Principal.AWS must be a string or a list of strings, got number 123456789012'],
    },
    {
      name: 'both Principal and NotPrincipal',
      reason: 'mutually exclusive',
      text: doc([{ ...ok, Principal: '*', NotPrincipal: '*' }]),
      kind: 'resource',
      want: ['Statement[0] has both Principal and NotPrincipal'],
    },
    { name: 'Condition a string', reason: 'an object of operators', text: doc([{ ...ok, Condition: 'x' }]), want: ['Statement[0].Condition must be an object of condition operators, got the string "x"'] },
    {
      name: 'Condition operator a list',
      reason: 'an object of keys',
      text: doc([{ ...ok, Condition: { StringEquals: ['a'] } }]),
      want: ['Statement[0].Condition.StringEquals must be an object of condition keys, got an array'],
    },
    {
      name: 'Condition value null',
      reason: 'a string, number or boolean, or a list of them',
      text: doc([{ ...ok, Condition: { StringEquals: { 'aws:PrincipalOrgID': null } } }]),
      want: ['Statement[0].Condition.StringEquals[aws:PrincipalOrgID] must be a string, number or boolean, or a list of them, got null'],
    },
    {
      name: 'Condition value a list with an object',
      reason: 'every value is a scalar',
      text: doc([{ ...ok, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-1/*', {}] } } }]),
      want: ['Statement[0].Condition[ForAnyValue:StringLike][aws:PrincipalOrgPaths] must be a string, number or boolean, or a list of them, got an array'],
    },
    {
      name: 'a key given twice',
      reason: 'JSON.parse keeps the last "Action", AWS might keep the first: the check must not guess',
      text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Action":"s3:GetObject","Resource":"*"}]}',
      want: ['Statement[0] has "Action" twice'],
    },
    {
      name: 'a top-level key given twice',
      reason: 'the same for Statement itself',
      text: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Statement":[]}',
      want: ['the document has "Statement" twice'],
    },
    {
      name: 'a condition key given twice',
      reason: 'duplicates are found at any depth, with their path',
      text: '{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1","aws:SourceVpce":"*"}}}}',
      want: ['Statement.Condition.StringEquals has "aws:SourceVpce" twice'],
    },
    {
      name: 'every problem at once',
      reason: 'an author fixes everything in one go',
      text: doc([{ Effect: 'allow', Action: 5 }, 'x'], { Version: 1 }),
      want: [
        'Version must be a string, got number 1',
        'Statement[0].Effect must be "Allow" or "Deny", got "allow"',
        'Statement[0].Action must be a string or a list of strings, got number 5',
        'Statement[0] has neither Resource nor NotResource',
        'Statement[1] must be an object, got the string "x"',
      ],
    },
  ];
  it.each(cases)('$name', ({ text, kind, want }) => expect(parsePolicy(text, kind ?? 'identity')).toEqual({ ok: false, error: 'invalid', problems: want }));

  it.each([
    {
      name: 'a document longer than any AWS policy',
      reason: 'refused before it is read, so that a request cannot make the analysis expensive',
      text: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/' + 'x'.repeat(MAX_DOCUMENT_LENGTH) }]),
      want: 'it is 65,646 characters long, more than the 65,536 the guardrails read (twice the largest AWS policy, a 32 KiB key policy)',
    },
    {
      name: 'a 64 KB policy of 32,000 nested [ is refused fast',
      reason: 'the attack that once took the process down: refused at the 17th level, before JSON.parse or the duplicate-key scan',
      text: '['.repeat(32_000) + ']'.repeat(32_000),
      want: DEPTH_LIMIT,
    },
    {
      name: '32,000 nested [ inside a valid statement',
      reason: 'the depth counts from the document down, wherever the nesting hides',
      text: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:userid': 'x' } } }]).replace('"x"', '['.repeat(32_000) + '"x"' + ']'.repeat(32_000)),
      want: DEPTH_LIMIT,
    },
    {
      name: 'objects nested 17 deep',
      reason: 'one level past the cap',
      text: '{"a":'.repeat(MAX_DEPTH + 1) + '1' + '}'.repeat(MAX_DEPTH + 1),
      want: DEPTH_LIMIT,
    },
  ])('$name', ({ text, want }) => expect(parsePolicy(text, 'identity')).toEqual({ ok: false, error: 'limit', detail: want }));

  it.each([
    { name: 'brackets inside a string', reason: 'a [ in a string is a character, not a level', text: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '['.repeat(40_000) }]) },
    { name: 'escaped quotes before brackets', reason: 'an escaped quote does not end the string', text: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '\\"'.repeat(100) + '['.repeat(100) }]) },
    { name: 'nested exactly to the cap', reason: 'the cap itself is read (and then refused as invalid, here)', text: '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH) },
  ])('not too deep: $name', ({ text }) => expect(parsePolicy(text, 'identity')).not.toMatchObject({ error: 'limit' }));

  it.each([
    { name: 'empty', reason: 'an empty string is no document', text: '' },
    { name: 'blank', reason: 'nor is whitespace', text: '  \n ' },
  ])('$name string', ({ text }) => expect(parsePolicy(text, 'identity')).toEqual({ ok: false, error: 'empty' }));

  it.each([
    { name: 'YAML', reason: 'a policy written as YAML text', text: 'Version: "2012-10-17"' },
    { name: 'a trailing comma', reason: 'JSON allows none', text: '{"Statement": [],}' },
    { name: 'Terraform interpolation', reason: 'what an unrendered example holds', text: '${jsonencode({Version = "2012-10-17"})}' },
    { name: 'truncated', reason: 'cut off', text: '{"Statement": [' },
  ])('not JSON: $name', ({ text }) => {
    const got = parsePolicy(text, 'identity');
    expect(got).toEqual({ ok: false, error: 'syntax', detail: jsonError(text) });
  });
});


describe('duplicateKeys', () => {
  const cases = [
    { name: 'none', reason: 'a clean document', text: '{"a":{"b":1,"c":[{"b":1},{"b":2}]}}', want: [] },
    { name: 'same key in sibling objects', reason: 'each object has its own keys', text: '[{"a":1},{"a":2}]', want: [] },
    { name: 'in the second list element', reason: 'the path names the element', text: '{"S":[{"a":1},{"a":1,"a":2}]}', want: ['S[1] has "a" twice'] },
    { name: 'escaped quotes', reason: 'a string with \\" inside is one string', text: '{"a\\"b":"x\\"","a\\"b":1}', want: ['the document has "a\\"b" twice'] },
    { name: 'a string value equal to a key', reason: 'values are not keys', text: '{"a":"a","b":"a"}', want: [] },
    { name: 'unicode escapes', reason: 'keys are compared decoded: \\u0041 is A', text: '{"A":1,"\\u0041":2}', want: ['the document has "A" twice'] },
    {
      name: 'long keys are shortened',
      reason: 'a message never repeats a 60 KB key, in the path or as the duplicate',
      text: `{"${'p'.repeat(100)}":{"${'k'.repeat(100)}":1,"${'k'.repeat(100)}":2}}`,
      want: [`[${'p'.repeat(40)}…] has "${'k'.repeat(80)}…" twice`],
    },
    {
      name: 'thousands of duplicates',
      reason: 'the first 20 are spelled out, the rest counted',
      text: `{${Array.from({ length: 3_000 }, () => '"a":1').join(',')}}`,
      want: [...Array.from({ length: 20 }, () => 'the document has "a" twice'), 'and 2979 more keys given twice'],
    },
  ];
  it.each(cases)('$name', ({ text, want }) => expect(duplicateKeys(text)).toEqual(want));
});

describe('statement questions', () => {
  it.each([
    { name: 'Action list', reason: 'any listed pattern', s: allow({ Action: ['s3:GetObject', 'iam:Pass*'], Resource: '*' }), action: 'iam:PassRole', want: true },
    { name: 'Action list, not listed', reason: 'nothing matches', s: allow({ Action: ['s3:GetObject'], Resource: '*' }), action: 'iam:PassRole', want: false },
    { name: 'NotAction, excluded', reason: 'NotAction iam:* excludes PassRole', s: allow({ NotAction: 'iam:*', Resource: '*' }), action: 'iam:PassRole', want: false },
    { name: 'NotAction, not excluded', reason: 'NotAction s3:* leaves PassRole allowed', s: allow({ NotAction: 's3:*', Resource: '*' }), action: 'iam:PassRole', want: true },
  ])('coversAction: $name', ({ s, action, want }) => expect(coversAction(stmt(s), action)).toBe(want));

  it.each([
    { name: 'Action *', reason: 'every action', s: allow({ Action: '*', Resource: '*' }), want: true },
    { name: 'Action *:* among others', reason: 'one pattern is enough', s: allow({ Action: ['s3:GetObject', '*:*'], Resource: '*' }), want: true },
    { name: 'Action iam:*', reason: 'one service', s: allow({ Action: 'iam:*', Resource: '*' }), want: false },
    { name: 'NotAction iam:*', reason: 'everything else', s: allow({ NotAction: 'iam:*', Resource: '*' }), want: true },
    { name: 'NotAction *', reason: 'excludes everything: allows nothing', s: allow({ NotAction: '*', Resource: '*' }), want: false },
  ])('coversEveryAction: $name', ({ s, want }) => expect(coversEveryAction(stmt(s))).toBe(want));

  it.each([
    { name: 'Resource *', reason: 'every resource', s: allow({ Action: 'a:b', Resource: ['arn:aws:s3:::x', '*'] }), want: true },
    { name: 'Resource named', reason: 'a bucket', s: allow({ Action: 'a:b', Resource: 'arn:aws:s3:::x' }), want: false },
    { name: 'NotResource named', reason: 'every resource but one', s: allow({ Action: 'a:b', NotResource: 'arn:aws:s3:::x' }), want: true },
    { name: 'NotResource *', reason: 'excludes everything', s: allow({ Action: 'a:b', NotResource: '*' }), want: false },
  ])('coversEveryResource: $name', ({ s, want }) => expect(coversEveryResource(stmt(s))).toBe(want));
});

describe('reachesUnnamed', () => {
  const ROLE: ResourceType = { service: 'iam', global: true, prefix: 'role/' };
  const FUNCTION: ResourceType = { service: 'lambda', global: false, prefix: 'function:' };
  const on = (resource: Record<string, unknown>) => stmt(allow({ Action: 'iam:PassRole', ...resource }));
  const cases = [
    { name: '*', reason: 'every role', resource: { Resource: '*' }, type: ROLE, want: true },
    { name: 'every role of every account', reason: 'role/* matches names nobody chose', resource: { Resource: 'arn:aws:iam::*:role/*' }, type: ROLE, want: true },
    { name: 'every role of one account', reason: 'still every role', resource: { Resource: 'arn:aws:iam::123456789012:role/*' }, type: ROLE, want: true },
    { name: 'everything IAM in one account', reason: 'a wildcard resource part', resource: { Resource: 'arn:aws:iam::123456789012:*' }, type: ROLE, want: true },
    { name: 'a star spanning fields', reason: 'arn:*:<account>:role/* still reaches every role of that account', resource: { Resource: 'arn:*:123456789012:role/*' }, type: ROLE, want: true },
    { name: 'a ? in the account', reason: 'ten accounts, every role', resource: { Resource: 'arn:aws:iam::12345678901?:role/*' }, type: ROLE, want: true },
    { name: 'a role name prefix', reason: 'the author named the roles: app-*', resource: { Resource: 'arn:aws:iam::123456789012:role/app-*' }, type: ROLE, want: false },
    { name: 'a role path', reason: 'the author named a path', resource: { Resource: 'arn:aws:iam::123456789012:role/service/*' }, type: ROLE, want: false },
    { name: 'an exact role', reason: 'one named role', resource: { Resource: 'arn:aws:iam::123456789012:role/deployer' }, type: ROLE, want: false },
    { name: 'every bucket', reason: 'S3 ARNs are no roles', resource: { Resource: 'arn:aws:s3:::*' }, type: ROLE, want: false },
    { name: 'several, one broad', reason: 'one pattern is enough', resource: { Resource: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/*'] }, type: ROLE, want: true },
    { name: 'NotResource a role', reason: 'every other role', resource: { NotResource: 'arn:aws:iam::1:role/a' }, type: ROLE, want: true },
    { name: 'NotResource *', reason: 'excludes everything', resource: { NotResource: '*' }, type: ROLE, want: false },
    { name: 'functions in one region', reason: 'the region is any region', resource: { Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:*' }, type: FUNCTION, want: true },
    { name: 'a named function', reason: 'one function', resource: { Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:orders' }, type: FUNCTION, want: false },
    { name: 'a function name prefix', reason: 'the author named them', resource: { Resource: 'arn:aws:lambda:*:*:function:orders-*' }, type: FUNCTION, want: false },
  ];
  it.each(cases)('$name', ({ resource, type, want }) => expect(reachesUnnamed(on(resource), type)).toBe(want));
});

describe('principals', () => {
  const cases = [
    { name: 'bare *', reason: 'anyone', principal: { Principal: '*' }, any: true, text: 'Principal "*"' },
    { name: 'AWS *', reason: 'any AWS principal', principal: { Principal: { AWS: '*' } }, any: true, text: 'Principal AWS "*"' },
    { name: 'AWS list with *', reason: 'one wildcard is enough', principal: { Principal: { AWS: ['arn:aws:iam::1:root', '*'] } }, any: true, text: 'Principal AWS "*"' },
    { name: 'any account root', reason: 'a * inside an ARN', principal: { Principal: { AWS: 'arn:aws:iam::*:root' } }, any: true, text: 'Principal AWS "arn:aws:iam::*:root"' },
    { name: 'Service *', reason: 'any service', principal: { Principal: { Service: '*' } }, any: true, text: 'Principal Service "*"' },
    { name: 'NotPrincipal', reason: 'everyone but one', principal: { NotPrincipal: { AWS: 'arn:aws:iam::1:root' } }, any: true, text: 'NotPrincipal AWS "arn:aws:iam::1:root"' },
    { name: 'an account', reason: 'named', principal: { Principal: { AWS: 'arn:aws:iam::1:root' } }, any: false, text: 'Principal ' },
  ];
  it.each(cases)('$name', ({ principal, any, text }) => {
    const s = stmt(allow({ Action: 's3:GetObject', Resource: '*', ...principal }), 'resource');
    expect(anyPrincipal(s)).toBe(any);
    expect(describePrincipals(s)).toBe(text);
  });
});

describe('narrowingKeys', () => {
  const KEYS = new Set(['aws:principalorgid', 'aws:sourceip', 'aws:sourcevpce']);
  const cases = [
    { name: 'StringEquals, fixed', reason: 'one organization', condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, want: ['aws:PrincipalOrgID'] },
    { name: 'key case', reason: 'condition keys are case-insensitive', condition: { StringEquals: { 'AWS:principalorgid': 'o-abc' } }, want: ['AWS:principalorgid'] },
    { name: 'StringLike without wildcard', reason: 'as fixed as StringEquals', condition: { StringLike: { 'aws:SourceVpce': 'vpce-1' } }, want: ['aws:SourceVpce'] },
    { name: 'StringLike with *', reason: 'a wildcard value limits nothing', condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }, want: [] },
    { name: 'a policy variable', reason: 'not a fixed value', condition: { StringEquals: { 'aws:PrincipalOrgID': '${aws:PrincipalOrgID}' } }, want: [] },
    { name: 'one value of two is *', reason: 'the list is as wide as its widest value', condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-abc', '*'] } }, want: [] },
    { name: 'IfExists', reason: 'passes when the key is absent', condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } }, want: [] },
    { name: 'negated operator', reason: 'everyone but one organization', condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, want: [] },
    { name: 'ForAnyValue', reason: 'a positive test over a set', condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }, want: ['aws:PrincipalOrgID'] },
    { name: 'ForAllValues', reason: 'passes on an empty set', condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }, want: [] },
    { name: 'a key not in the set', reason: 'does not limit who', condition: { Bool: { 'aws:SecureTransport': 'true' } }, want: [] },
    { name: 'IpAddress /24', reason: 'a narrow range', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, want: ['aws:SourceIp'] },
    { name: 'IpAddress single address', reason: 'a /32', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, want: ['aws:SourceIp'] },
    { name: 'IpAddress /0', reason: 'the whole internet', condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, want: [] },
    { name: 'IpAddress two /1', reason: 'the whole internet in halves', condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } }, want: [] },
    { name: 'IpAddress IPv6 /16', reason: 'not wider than the default IPv6 internet prefix (/16)', condition: { IpAddress: { 'aws:SourceIp': '2600::/16' } }, want: ['aws:SourceIp'] },
    { name: 'IpAddress IPv6 /15', reason: 'wider than /16', condition: { IpAddress: { 'aws:SourceIp': '2600::/15' } }, want: [] },
    { name: 'IpAddress IPv6 halves', reason: 'the whole IPv6 internet', condition: { IpAddress: { 'aws:SourceIp': ['::/1', '8000::/1'] } }, want: [] },
    { name: 'IpAddress all 256 /8s', reason: 'judged as a union: each /8 is narrow, all of them are the internet', condition: { IpAddress: { 'aws:SourceIp': Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) } }, want: [] },
    { name: 'IpAddress two adjacent public /8s', reason: 'together a /7', condition: { IpAddress: { 'aws:SourceIp': ['52.0.0.0/8', '53.0.0.0/8'] } }, want: [] },
    { name: 'IpAddress a public /8 and a private /8', reason: 'no public range wider than /8', condition: { IpAddress: { 'aws:SourceIp': ['52.0.0.0/8', '10.0.0.0/8'] } }, want: ['aws:SourceIp'] },
    { name: 'IpAddress private 10.0.0.0/7', reason: 'mostly private, its public part a /8', condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/7' } }, want: ['aws:SourceIp'] },
    {
      name: 'halves under IpAddress and ForAnyValue:IpAddress',
      reason: 'all the IpAddress values of the key in the statement are one union',
      condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' }, 'ForAnyValue:IpAddress': { 'aws:SourceIp': '128.0.0.0/1' } },
      want: [],
    },
    { name: 'IpAddress IPv4-mapped', reason: '::ffff:0.0.0.0/96 is 0.0.0.0/0', condition: { IpAddress: { 'aws:SourceIp': '::ffff:0.0.0.0/96' } }, want: [] },
    { name: 'IpAddress garbage', reason: 'a value that is not a CIDR narrows nothing', condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.0/33'] } }, want: [] },
    { name: 'IpAddress a number', reason: 'not an address', condition: { IpAddress: { 'aws:SourceIp': 5 } }, want: [] },
    { name: 'IpAddress padded', reason: 'judged only as written', condition: { IpAddress: { 'aws:SourceIp': ' 203.0.113.0/24' } }, want: [] },
    { name: 'NotIpAddress a /24', reason: 'everyone but one range: never narrows', condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, want: [] },
    { name: 'IpAddressIfExists a /24', reason: 'passes when the key is absent', condition: { IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } }, want: [] },
    { name: 'IpAddress IPv6 /48', reason: 'a narrow range', condition: { IpAddress: { 'aws:SourceIp': '2001:db8:1::/48' } }, want: ['aws:SourceIp'] },
    { name: 'StringEquals on aws:SourceIp', reason: 'an IP is tested with IpAddress', condition: { StringEquals: { 'aws:SourceIp': '203.0.113.7' } }, want: [] },
    { name: 'a boolean value', reason: 'no fixed identity', condition: { StringEquals: { 'aws:PrincipalOrgID': true } }, want: [] },
    { name: 'an empty list', reason: 'limits to nothing known', condition: { StringEquals: { 'aws:PrincipalOrgID': [] } }, want: [] },
  ];
  it.each(cases)('$name', ({ condition, want }) => {
    const s = stmt(allow({ Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: condition }), 'resource');
    expect(narrowingKeys(s, KEYS)).toEqual(want);
  });

  it.each([
    { name: 'a /7 with the default /8', reason: 'wider than the internet prefix', internet: { ipv4: 8, ipv6: 16 }, want: [] },
    { name: 'a /7 with internetPrefix 6', reason: 'the Input draws the line', internet: { ipv4: 6, ipv6: 16 }, want: ['aws:SourceIp'] },
  ])('internet prefix: $name', ({ internet, want }) => {
    const s = stmt(allow({ Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '52.0.0.0/7' } } }), 'resource');
    expect(narrowingKeys(s, KEYS, { internet })).toEqual(want);
  });
});

describe('labels and descriptions', () => {
  it.each([
    { name: 'no Sid', reason: 'the index alone', s: allow({ Action: 'a:b', Resource: '*' }), want: 'Statement[0]' },
    { name: 'a Sid', reason: 'the Sid helps find it', s: allow({ Sid: 'Admin', Action: 'a:b', Resource: '*' }), want: 'Statement[0] (Sid "Admin")' },
    { name: 'an empty Sid', reason: 'nothing to show', s: allow({ Sid: '', Action: 'a:b', Resource: '*' }), want: 'Statement[0]' },
  ])('statementLabel: $name', ({ s, want }) => expect(statementLabel(stmt(s))).toBe(want));

  it('statementLabel of a lone statement object', () => {
    const parsed = parsePolicy(doc({ Effect: 'Allow', Action: 'a:b', Resource: '*' }), 'identity');
    expect(parsed.ok && statementLabel(parsed.policy.statements[0]!)).toBe('Statement');
  });

  it.each([
    { name: 'Action', reason: 'as written, quoted', s: allow({ Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }), actions: '"s3:GetObject", "s3:PutObject"', resources: 'Resource "*"' },
    { name: 'NotAction', reason: 'says what it excludes', s: allow({ NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' }), actions: 'every action except "iam:*" (NotAction)', resources: 'NotResource "arn:aws:s3:::b"' },
  ])('describeActions/describeResources: $name', ({ s, actions, resources }) => {
    expect(describeActions(stmt(s))).toBe(actions);
    expect(describeResources(stmt(s))).toBe(resources);
  });

  it.each([
    { name: 'short', reason: 'all of them', items: ['a', 'b'], max: 5, want: 'a, b' },
    { name: 'long', reason: 'the first few and a count', items: ['a', 'b', 'c', 'd'], max: 2, want: 'a, b and 2 more' },
  ])('list: $name', ({ items, max, want }) => expect(list(items, max)).toBe(want));
});

/**
 * The worst documents the caps allow, at growing sizes up to the length
 * cap: the work the parser's own loops do (the Meter: characters scanned,
 * path segments written, JSON values read) stays within a fixed multiple
 * of the input's length, so it grows linearly. No time is measured here;
 * bench/policy.mjs times the same shapes.
 */
describe('parsePolicy does linear work', () => {
  /** `unit(i)` repeated, joined by commas, inside `open`..`close`, to just under `size` characters. */
  const fill = (size: number, open: string, close: string, unit: (i: number) => string) => {
    const parts: string[] = [];
    let length = open.length + close.length;
    for (let i = 0; length + unit(i).length + 1 <= size; i++) {
      parts.push(unit(i));
      length += unit(i).length + 1;
    }
    return open + parts.join(',') + close;
  };
  const nest = (depth: number, inner: string) => '{"a":['.repeat(depth / 2) + inner + ']}'.repeat(depth / 2);
  const shapes: { name: string; reason: string; make(size: number): string }[] = [
    { name: '64 KB of distinct keys', reason: 'one object, every key remembered once', make: (n) => fill(n, '{', '}', (i) => `"k${i}":0`) },
    { name: '64 KB of one key repeated', reason: 'every key a duplicate: 20 messages, the rest counted', make: (n) => fill(n, '{', '}', () => '"a":0') },
    {
      name: 'duplicates nested at the depth cap',
      reason: 'each message writes a path of up to 16 segments, at most 20 times',
      make: (n) => nest(MAX_DEPTH - 2, fill(n - 6 * (MAX_DEPTH - 2), '{', '}', () => '"a":0')),
    },
    {
      name: 'many statements',
      reason: 'one small statement after another, each read once',
      make: (n) => fill(n, '{"Version":"2012-10-17","Statement":[', ']}', (i) => `{"Sid":"s${i}","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}`),
    },
    {
      name: 'many condition values',
      reason: 'one statement whose Condition lists thousands of values',
      make: (n) => `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":${fill(n - 120, '[', ']', (i) => `"vpce-${i}"`)}}}}}`,
    },
    { name: 'lists nested to the cap, side by side', reason: 'many short deep runs', make: (n) => fill(n, '[', ']', () => '['.repeat(MAX_DEPTH - 1) + ']'.repeat(MAX_DEPTH - 1)) },
    { name: 'one long string of escapes', reason: 'the string scanner skips escapes two characters at a time', make: (n) => `{"Statement":"${'\\"'.repeat((n - 20) / 2)}"}` },
  ];
  const sizes = [8_192, 16_384, 32_768, MAX_DOCUMENT_LENGTH];

  it.each(shapes)('$name', ({ make }) => {
    for (const size of sizes) {
      const text = make(size);
      expect(text.length).toBeLessThanOrEqual(size);
      expect(text.length).toBeGreaterThan(size * 0.9);
      const meter = { steps: 0 };
      parsePolicy(text, 'identity', meter);
      expect(meter.steps).toBeLessThanOrEqual(4 * text.length);
    }
  });

  it('a document over the depth cap stops at the first level too deep', () => {
    const text = '['.repeat(32_000) + ']'.repeat(32_000);
    const meter = { steps: 0 };
    expect(parsePolicy(text, 'identity', meter)).toMatchObject({ error: 'limit' });
    // The blank check reads the text once; the depth scan stops at level 17.
    expect(meter.steps).toBe(text.length + MAX_DEPTH + 1);
  });

  // Hang guards: each of these took seconds or ran out of memory before the caps and the linear scans.
  it('wildcard checks on a 60,000-character pattern return', { timeout: 10_000 }, () => {
    const pattern = '*'.repeat(60_000) + 'x';
    expect(matchesEveryAction(pattern)).toBe(false);
    expect(matchesEveryResource(pattern)).toBe(false);
  });
});

describe('readPolicy', () => {
  const text = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);

  it('parses each (text, kind) once and hands back the same answer', () => {
    const first = readPolicy(text, 'identity');
    expect(first).toEqual(parsePolicy(text, 'identity'));
    expect(readPolicy(text, 'identity')).toBe(first);
  });

  it('keeps the kinds apart', () => {
    // The same text is a valid identity policy and an invalid trust policy.
    expect(readPolicy(text, 'identity').ok).toBe(true);
    expect(readPolicy(text, 'trust')).toEqual({ ok: false, error: 'invalid', problems: ['Statement[0] has a Resource, which a trust policy must not have', 'Statement[0] has neither Principal nor NotPrincipal'] });
  });

  it('forgets the oldest past its size, and answers the same after', () => {
    const first = readPolicy(text, 'resource');
    for (let i = 0; i < 100; i++) readPolicy(doc([{ Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' }]), 'identity');
    const again = readPolicy(text, 'resource');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
