import { RE2JS } from '@bufbuild/re2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, fullMatchBody } from './regex.js';

/** What RE2 answers for the pattern as written: the reference the rewrite must agree with. */
const asWritten = (pattern: string, text: string) => RE2JS.compile(pattern).test(text);

describe('fullMatchBody', () => {
  const cases: { name: string; reason: string; pattern: string; want: string | undefined }[] = [
    { name: 'a naming rule', reason: 'anchored at both ends, nothing else: runs as a full match', pattern: '^[a-z0-9-]+$', want: '[a-z0-9-]+' },
    { name: 'groups', reason: 'a non-capturing or capturing group binds nothing to an anchor', pattern: '^(?:ab)+(c)$', want: '(?:ab)+(c)' },
    { name: 'empty', reason: 'the empty string only, either way', pattern: '^$', want: '' },
    { name: 'alternation', reason: '^a|b$ is (^a)|(b$)', pattern: '^a|b$', want: undefined },
    { name: 'alternation inside a group', reason: 'refused too: the check does not parse', pattern: '^(a|b)$', want: undefined },
    { name: 'a flag', reason: '(?m) makes $ match before a newline', pattern: '^(?m)a$', want: undefined },
    { name: 'a named group', reason: 'any (?x other than (?: is refused', pattern: '^(?P<n>a)$', want: undefined },
    { name: 'an escaped dollar', reason: 'a\\$ ends in a literal $, not an anchor', pattern: '^a\\$', want: undefined },
    { name: 'an escaped backslash before the anchor', reason: 'refused, though the $ is an anchor: the check does not count backslashes', pattern: '^a\\\\$', want: undefined },
    { name: 'quoting', reason: '\\Q runs to the end and would quote the group', pattern: '^\\Qa.b$', want: undefined },
    { name: 'no end anchor', reason: 'only patterns anchored at both ends', pattern: '^abc', want: undefined },
    { name: 'no start anchor', reason: 'as above', pattern: 'abc$', want: undefined },
    { name: 'a lone caret', reason: 'one character cannot be both anchors', pattern: '^', want: undefined },
    { name: 'a repeated caret', reason: '^? may match nothing: the pattern is not anchored at its start (found by the property below)', pattern: '^?a$', want: undefined },
    { name: 'a counted caret', reason: 'as above', pattern: '^{0,1}a$', want: undefined },
  ];
  it.each(cases)('$name', ({ pattern, want }) => expect(fullMatchBody(pattern)).toBe(want));
});

describe('compileMatcher', () => {
  const cases: { name: string; reason: string; pattern: string; text: string; want: boolean }[] = [
    { name: 'a name that fits', reason: 'the whole name is of the class', pattern: '^[a-z0-9-]+$', text: 'bucket-1', want: true },
    { name: 'a name with a capital', reason: 'one character outside the class', pattern: '^[a-z0-9-]+$', text: 'Bucket-1', want: false },
    { name: 'a trailing newline', reason: "RE2's $ is the end of the text, not before a final newline", pattern: '^[a-z]+$', text: 'abc\n', want: false },
    { name: 'a newline inside', reason: 'without (?m) the anchors are the ends of the text', pattern: '^[a-z\\n]+$', text: 'ab\ncd', want: true },
    { name: 'an inner anchor', reason: 'evaluated where it stands, as in the pattern as written', pattern: '^a$b$', text: 'ab', want: false },
    { name: 'a word boundary at the start', reason: 'the context before the first character is the start of the text either way', pattern: '^\\bab$', text: 'ab', want: true },
    { name: 'an optional caret', reason: '^? matches nothing, so the text may start anywhere', pattern: '^?b$', text: 'ab', want: true },
    { name: 'astral characters', reason: 'RE2 matches code points', pattern: '^.{2}$', text: '😀😀', want: true },
  ];
  it.each(cases)('$name', ({ pattern, text, want }) => {
    expect(asWritten(pattern, text)).toBe(want);
    expect(compileMatcher(pattern).test(text)).toBe(want);
  });

  it('fails to compile what RE2 fails to compile, rewritten or not', () => {
    for (const pattern of ['^a)(b$', '^[a$', '^(a$', '^a{2,1}$', '^\\p{Nope}$']) {
      expect(() => RE2JS.compile(pattern), pattern).toThrow();
      expect(() => compileMatcher(pattern), pattern).toThrow();
    }
  });

  it('answers as the pattern as written, on random patterns and texts', () => {
    const atoms = fc.constantFrom('a', 'b', '.', '[a-b]', '[^a]', '\\d', '\\w', '\\b', '\\n', '\\$', '\\\\', '\\Q', '\\E', '^', '$', '|', '(', ')', '(?:', '(?i)', '(?m)', '(?s)', '*', '+', '?', '{1,2}');
    const pattern = fc.tuple(fc.boolean(), fc.array(atoms, { maxLength: 8 }), fc.boolean()).map(([start, body, end]) => `${start ? '^' : ''}${body.join('')}${end ? '$' : ''}`);
    const text = fc.array(fc.constantFrom('a', 'b', 'A', '1', '\n', '$', '\\', '😀', ' '), { maxLength: 8 }).map((cs) => cs.join(''));
    let rewritten = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), (p, texts) => {
        let reference: RE2JS;
        try {
          reference = RE2JS.compile(p);
        } catch {
          expect(() => compileMatcher(p)).toThrow();
          return;
        }
        const matcher = compileMatcher(p);
        if (fullMatchBody(p) !== undefined) rewritten++;
        for (const t of texts) expect(matcher.test(t), `${JSON.stringify(p)} on ${JSON.stringify(t)}`).toBe(reference.test(t));
      }),
      { numRuns: 3000 * Number(process.env.FC_RUNS ?? 1) },
    );
    // The property is about the rewrite: it must have been exercised.
    expect(rewritten).toBeGreaterThan(100);
  });
});
