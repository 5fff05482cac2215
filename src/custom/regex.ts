/**
 * The patterns of CEL's `matches`, compiled once each, run by RE2 (linear
 * time: a pattern cannot make a rule hang, as a backtracking RegExp can).
 *
 * One rewrite, for speed alone: RE2JS's lazy DFA works out an end anchor
 * (`$`) again at every character, so `^[a-z0-9-]+$`, the shape of most
 * naming rules, ran about four times slower than the same pattern run as a
 * full match. A pattern anchored at both ends, `^B$`, matches exactly the
 * strings B matches whole, unless something in it makes either anchor bind
 * to less than the whole pattern or mean something else. So the rewrite is
 * made only for patterns with none of:
 * - `|`: `^a|b$` is `(^a)|(b$)`, not a full match of `a|b`;
 * - `(?` other than `(?:`: a flag such as `(?m)` changes what `$` means;
 * - `\Q`: quoting runs to the end of the pattern and would take in the group;
 * - a backslash just before the final `$`, which may then be a literal;
 * - a repetition right after the `^` (`^*a$`): the operator repeats the
 *   anchor, which may then match nothing.
 * The pattern is always compiled as written first, so a pattern that does
 * not compile fails as before; a rewrite that does not compile is not used.
 */
import { RE2JS } from '@bufbuild/re2';

/** A compiled pattern: whether it matches somewhere in the text, as RE2's `test`. */
export interface Matcher {
  test(text: string): boolean;
}

export function compileMatcher(pattern: string): Matcher {
  const asWritten = RE2JS.compile(pattern);
  const body = fullMatchBody(pattern);
  if (body === undefined) return asWritten;
  let whole: RE2JS;
  try {
    whole = RE2JS.compile(`(?:${body})`);
  } catch {
    return asWritten;
  }
  return { test: (text) => whole.matches(text) };
}

/** B of a pattern `^B$` that may run as a full match of B (see above); undefined for any other pattern. */
export function fullMatchBody(pattern: string): string | undefined {
  if (pattern.length < 2 || !pattern.startsWith('^') || !pattern.endsWith('$')) return undefined;
  const body = pattern.slice(1, -1);
  if (body.endsWith('\\') || body.includes('|') || body.includes('\\Q') || /^[*+?{]/.test(body)) return undefined;
  if (body.replaceAll('(?:', '').includes('(?')) return undefined;
  return body;
}
