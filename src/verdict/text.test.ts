import { describe, expect, it } from 'vitest';
import { UNSAFE_CHARACTERS } from '../../test/hostile.js';
import { clip, count, escapeText, fields, json, line, MAX_LINE, MAX_LINES, MAX_MESSAGE_BYTES, MAX_NAME, MAX_VALUE, message, name, names, own, phrase, quote, quoted, ranked, type Line } from './text.js';


describe('escapeText', () => {
  it.each(UNSAFE_CHARACTERS)('escapes $name', ({ char, escaped }) => {
    expect(escapeText(`a${char}b`)).toBe(`a${escaped}b`);
  });

  const kept = [
    { name: 'ASCII, backslashes and quotes', reason: 'a rule message quotes values with JSON.stringify: escaping them again would double them', input: 'is "a\\nb" (x)', want: 'is "a\\nb" (x)' },
    { name: 'printable Unicode', reason: 'a justification in any language stays readable', input: 'café – 東京 😀 …', want: 'café – 東京 😀 …' },
    { name: 'a space that is not ASCII', reason: 'a no-break space breaks no line', input: 'a\u00a0b', want: 'a\u00a0b' },
  ];
  it.each(kept)('keeps $name', ({ input, want }) => {
    expect(escapeText(input)).toBe(want);
  });
});

describe('quote', () => {
  const cases = [
    { name: 'a newline and a forged line', reason: 'it stays on its line, visibly', input: 'db\n[approval] x', want: '"db\\n[approval] x"' },
    { name: 'quotes and backslashes', reason: 'the closing quote is the real one', input: 'a"b\\c', want: '"a\\"b\\\\c"' },
    { name: 'non-ASCII letters', reason: 'a look-alike (Cyrillic о in prоd) shows as what it is', input: 'prоd', want: '"pr\\u043ed"' },
    { name: 'an astral character', reason: 'JSON escapes it as a surrogate pair', input: '😀', want: '"\\ud83d\\ude00"' },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(quote(input)).toBe(want);
    expect(JSON.parse(want)).toBe(input);
  });

  it.each(UNSAFE_CHARACTERS)('gives back $name through JSON.parse', ({ char }) => {
    expect(JSON.parse(quote(`a${char}b`))).toBe(`a${char}b`);
  });
});

describe('clip', () => {
  const cases = [
    { name: 'short enough', reason: 'nothing to cut', input: 'abc', max: 3, render: undefined, want: 'abc' },
    {
      name: 'too long',
      reason: 'head (two thirds) and tail around the count, exactly max characters',
      input: `${'x'.repeat(100)}${'y'.repeat(100)}`,
      max: 60,
      render: undefined,
      want: `${'x'.repeat(21)}…(truncated, 169 characters)…${'y'.repeat(10)}`,
    },
    {
      name: 'an escape sequence at the cut',
      reason: 'an escape is never split: the head stops before it; the count is of rendered characters',
      input: `${'x'.repeat(19)}\u2028${'y'.repeat(100)}`,
      max: 60,
      render: escapeText,
      want: `${'x'.repeat(19)}…(truncated, 94 characters)…${'y'.repeat(12)}`,
    },
    {
      name: 'a surrogate pair at the cut',
      reason: 'a pair is never split into lone surrogates',
      input: `${'x'.repeat(20)}😀${'y'.repeat(100)}`,
      max: 60,
      render: undefined,
      want: `${'x'.repeat(20)}…(truncated, 91 characters)…${'y'.repeat(11)}`,
    },
    {
      name: 'a surrogate pair at the tail',
      reason: 'read backwards, a pair is still one character',
      input: `${'x'.repeat(100)}😀${'y'.repeat(8)}`,
      max: 60,
      render: undefined,
      want: `${'x'.repeat(21)}…(truncated, 79 characters)…😀${'y'.repeat(8)}`,
    },
  ];
  it.each(cases)('$name', ({ input, max, render, want }) => {
    expect(clip(input, max, render, (render ?? ((s: string) => s))(input).length)).toBe(want);
    expect(want.length).toBeLessThanOrEqual(max);
  });
});

describe('name', () => {
  const cases = [
    { name: 'a DNS-like name', reason: 'as it is', input: 'orders-db', want: 'orders-db' },
    { name: 'camelCase, dots, a namespace/name', reason: 'plain too: nothing in them can be mistaken for a separator', input: 'crossplane-system/approval.v2_a', want: 'crossplane-system/approval.v2_a' },
    { name: 'a colon and a space', reason: 'quoted: `a: b` would read as a name and a message', input: 'a: b', want: '"a: b"' },
    { name: 'a bracket', reason: 'quoted: `[approval]` inside a name is not a line prefix', input: '[approval]', want: '"[approval]"' },
    { name: 'empty', reason: 'quoted, so the reader sees there is no name', input: '', want: '""' },
    { name: 'a trailing dash', reason: 'not DNS-like', input: 'db-', want: '"db-"' },
    {
      name: 'a 200 KB name',
      reason: `cut to ${MAX_NAME} characters`,
      input: 'a'.repeat(200_000),
      want: `${'a'.repeat(147)}…(truncated, 199,780 characters)…${'a'.repeat(73)}`,
    },
    {
      name: 'a 200 KB name that must be quoted',
      reason: `cut inside its quotes, to ${MAX_NAME} characters`,
      input: '\n'.repeat(100_000),
      want: `"${'\\n'.repeat(73)}…(truncated, 199,782 characters)…${'\\n'.repeat(36)}"`,
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(name(input).full).toBe(want);
    expect(want.length).toBeLessThanOrEqual(MAX_NAME);
  });

  it('lists at most five names, then how many more', () => {
    expect(names(['a', 'b c', 'c', 'd', 'e', 'f', 'g']).full).toBe('a, "b c", c, d, e and 2 more');
  });
});

describe('json', () => {
  const cases = [
    { name: 'a boolean', reason: 'bare, as YAML writes it', input: true, want: 'true' },
    { name: 'a number', reason: 'bare', input: 7, want: '7' },
    { name: 'a number JSON cannot say', reason: 'as it is, not null', input: Number.NaN, want: 'NaN' },
    { name: 'a string', reason: 'quoted: "true" the string is not true the boolean', input: 'on', want: '"on"' },
    { name: 'null', reason: 'as JSON says it', input: null, want: 'null' },
    { name: 'a block', reason: 'compact JSON', input: [{ encrypted: true }], want: '[{"encrypted":true}]' },
    { name: 'a newline in a string', reason: 'JSON escapes it: the value stays on its line', input: 'a\nb', want: '"a\\nb"' },
    { name: 'a line separator in a string', reason: 'JSON leaves it raw; the sanitiser escapes it', input: 'a\u2028b', want: '"a\\u2028b"' },
    {
      name: 'a long value',
      reason: `cut to ${MAX_VALUE} characters, head and tail, saying how much was cut`,
      input: 'x'.repeat(300),
      want: `"${'x'.repeat(65)}…(truncated, 203 characters)…${'x'.repeat(32)}"`,
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(json(input).full).toBe(want);
    expect(want.length).toBeLessThanOrEqual(MAX_VALUE);
  });
});

describe('fields', () => {
  const ten = Array.from({ length: 10 }, (_, i) => ({ path: `f${i}`, value: 1 }));
  const cases = [
    { name: 'one field', reason: 'the path, then the value', got: () => fields([{ path: 'spec.forProvider.x', value: true }]).full, want: 'spec.forProvider.x to true' },
    { name: 'several fields', reason: '`a to x, b to y`', got: () => fields([{ path: 'a', value: true }, { path: 'b', value: 'x' }]).full, want: 'a to true, b to "x"' },
    { name: 'a path from the request', reason: 'escaped like any request text', got: () => fields([{ path: 'tags[a\nb]', value: 1 }]).full, want: 'tags[a\\nb] to 1' },
    {
      name: 'too many to fit',
      reason: 'as many whole fields as fit, then how many more',
      got: () => fields(ten).fit(40),
      want: 'f0 to 1, f1 to 1 and 8 more fields',
    },
    {
      name: 'one field too long',
      reason: 'the path and the value share the room, each cut in the middle',
      got: () => fields([{ path: 'p'.repeat(500), value: 'v'.repeat(500) }]).fit(200),
      want: `${'p'.repeat(46)}…(truncated, 431 characters)…${'p'.repeat(23)} to "${'v'.repeat(45)}…(truncated, 433 characters)…${'v'.repeat(22)}"`,
    },
  ];
  it.each(cases)('$name', ({ got, want }) => {
    expect(got()).toBe(want);
  });
});

describe('line', () => {
  const cases = [
    {
      name: 'literals and own text as they are',
      reason: 'the function writes them',
      got: () => line`[${own('rule')}] digest ${own('sha256-x')}: ${3} more`.text,
      want: '[rule] digest sha256-x: 3 more',
    },
    {
      name: 'interpolated strings escaped',
      reason: 'every string interpolated is the request: no rule can forget to escape it',
      got: () => line`[${own('rule')}] ${name('db\nx')}: ${'is "a\u2028b"'}`.text,
      want: '[rule] "db\\nx": is "a\\u2028b"',
    },
    {
      name: 'a phrase interpolated',
      reason: 'phrases compose lines and keep what is own and what is not',
      got: () => line`x ${phrase`(${own('y')} ${'z\n'})`}`.text,
      want: 'x (y z\\n)',
    },
    {
      name: 'quoted request text',
      reason: 'who approved, in quotes that cannot be closed early',
      got: () => line`by ${quoted('alice"\n')}`.text,
      want: 'by "alice\\"\\n"',
    },
    {
      name: 'a long line',
      reason: 'request text is cut, the longest first; own text and short request text stay whole',
      got: () => line`[${own('r'.repeat(100))}] ${'short'}: ${'m'.repeat(5000)} ${own('COMMAND')}`.text,
      want: `[${'r'.repeat(100)}] short: ${'m'.repeat(584)}…(truncated, 4,125 characters)…${'m'.repeat(291)} COMMAND`,
    },
    {
      name: 'two long parts',
      reason: 'the room left by own text is shared between them',
      got: () => line`${'a'.repeat(5000)}|${'b'.repeat(5000)}`.text,
      want: `${'a'.repeat(320)}…(truncated, 4,520 characters)…${'a'.repeat(160)}|${'b'.repeat(321)}…(truncated, 4,519 characters)…${'b'.repeat(160)}`,
    },
  ];
  it.each(cases)('$name', ({ got, want }) => {
    expect(got()).toBe(want);
    expect(want.length).toBeLessThanOrEqual(MAX_LINE);
  });
});

describe('message', () => {
  const l = (i: number) => line`line ${String(i)}`;
  const cases: { name: string; reason: string; lines: Line[]; want: string[] }[] = [
    { name: 'short', reason: 'lines joined as they are', lines: [l(1), l(2)], want: ['line 1', 'line 2'] },
    {
      name: 'too many lines',
      reason: `at most ${MAX_LINES} lines besides the verdict's own, then how many more, where the first was left out`,
      lines: [ranked(line`head`, 'always'), ...Array.from({ length: 60 }, (_, i) => l(i)), ranked(line`tail`, 'always')],
      want: ['head', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), '… and 10 more lines not shown', 'tail'],
    },
    {
      name: 'approval lines first',
      reason: 'when lines must be left out, the approvals stay',
      lines: [...Array.from({ length: 60 }, (_, i) => l(i)), ranked(line`approve 1`, 'first'), ranked(line`approve 2`, 'first')],
      want: [...Array.from({ length: 48 }, (_, i) => `line ${i}`), '… and 12 more lines not shown', 'approve 1', 'approve 2'],
    },
  ];
  it.each(cases)('$name', ({ lines, want }) => {
    expect(message(lines).split('\n')).toEqual(want);
  });

  it(`stays within ${count(MAX_MESSAGE_BYTES)} bytes, counting UTF-8`, () => {
    const long = (i: number) => line`${String(i).padStart(4, '0')} ${'東'.repeat(2000)}`; // 1,024 characters, 3,004 bytes
    const text = message(Array.from({ length: 20 }, (_, i) => long(i)));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(text.split('\n').map((s) => s.slice(0, 4))).toEqual(['0000', '0001', '0002', '0003', '0004', '… an']);
    expect(text.split('\n')[5]).toBe('… and 15 more lines not shown');
  });
});
