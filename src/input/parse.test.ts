import { describe, expect, it } from 'vitest';
import { parseInput } from './parse.js';

const RULES = new Set(['aws-s3-versioning', 'aws-rds-public-access']);
const head = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const baseline = { ...head, mode: 'Enforce', tags: { values: {}, fromComposite: {}, required: [] }, rules: {} };

describe('parseInput', () => {
  const valid = [
    { name: 'no input', reason: 'a step without input gets the secure baseline', raw: undefined, want: baseline },
    { name: 'empty input', reason: 'Crossplane may send an empty struct', raw: {}, want: baseline },
    { name: 'only apiVersion and kind', reason: 'every field has a default', raw: head, want: baseline },
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
      },
    },
  ];
  it.each(valid)('accepts $name', ({ raw, want }) => {
    expect(parseInput(raw, RULES)).toEqual({ ok: true, input: want });
  });

  const invalid = [
    {
      name: 'wrong kind and apiVersion',
      reason: 'input meant for another function must not be half-applied',
      raw: { apiVersion: 'example.fn.crossplane.io/v1', kind: 'Other' },
      want: ['apiVersion: Invalid input: expected "guardrails.fn.crossplane.io/v1beta1"', 'kind: Invalid input: expected "Guardrails"'],
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
      want: ['rules.aws-s3-versioning: unknown field "acton"', 'unknown field "tag"'],
    },
    {
      name: 'unknown rule',
      reason: 'overriding a rule that does not exist is a mistake worth stopping for',
      raw: { ...head, rules: { 'aws-s3-versoning': { action: 'Disabled' } } },
      want: ['rules.aws-s3-versoning: unknown rule "aws-s3-versoning"; known rules: aws-s3-versioning, aws-rds-public-access'],
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
