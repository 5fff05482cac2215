/**
 * Hostile text for the tests of what people read (conditions, results):
 * the characters that break a line or hide text, with the escape each must
 * be shown as, and seeded random strings full of them.
 */

/** Every character that breaks a line, hides or reorders text, or is not a character at all, and its escape. */
export const UNSAFE_CHARACTERS: readonly { name: string; char: string; escaped: string }[] = [
  { name: 'line feed', char: '\n', escaped: '\\n' },
  { name: 'carriage return', char: '\r', escaped: '\\r' },
  { name: 'tab', char: '\t', escaped: '\\t' },
  { name: 'vertical tab', char: '\v', escaped: '\\u000b' },
  { name: 'form feed', char: '\f', escaped: '\\u000c' },
  { name: 'NUL', char: '\0', escaped: '\\u0000' },
  { name: 'backspace', char: '\b', escaped: '\\u0008' },
  { name: 'ESC, starting an ANSI sequence', char: '\x1b[2K\x1b[1A', escaped: '\\u001b[2K\\u001b[1A' },
  { name: 'DEL', char: '\x7f', escaped: '\\u007f' },
  { name: 'next line (NEL, U+0085)', char: '\u0085', escaped: '\\u0085' },
  { name: 'C1 CSI (U+009B)', char: '\u009b', escaped: '\\u009b' },
  { name: 'line separator (U+2028)', char: '\u2028', escaped: '\\u2028' },
  { name: 'paragraph separator (U+2029)', char: '\u2029', escaped: '\\u2029' },
  { name: 'left-to-right embedding (U+202A)', char: '\u202a', escaped: '\\u202a' },
  { name: 'right-to-left embedding (U+202B)', char: '\u202b', escaped: '\\u202b' },
  { name: 'pop directional formatting (U+202C)', char: '\u202c', escaped: '\\u202c' },
  { name: 'left-to-right override (U+202D)', char: '\u202d', escaped: '\\u202d' },
  { name: 'right-to-left override (U+202E)', char: '\u202e', escaped: '\\u202e' },
  { name: 'left-to-right isolate (U+2066)', char: '\u2066', escaped: '\\u2066' },
  { name: 'right-to-left isolate (U+2067)', char: '\u2067', escaped: '\\u2067' },
  { name: 'first strong isolate (U+2068)', char: '\u2068', escaped: '\\u2068' },
  { name: 'pop directional isolate (U+2069)', char: '\u2069', escaped: '\\u2069' },
  { name: 'right-to-left mark (U+200F)', char: '\u200f', escaped: '\\u200f' },
  { name: 'Arabic letter mark (U+061C)', char: '\u061c', escaped: '\\u061c' },
  { name: 'zero-width space (U+200B)', char: '\u200b', escaped: '\\u200b' },
  { name: 'zero-width non-joiner (U+200C)', char: '\u200c', escaped: '\\u200c' },
  { name: 'zero-width joiner (U+200D)', char: '\u200d', escaped: '\\u200d' },
  { name: 'word joiner (U+2060)', char: '\u2060', escaped: '\\u2060' },
  { name: 'byte order mark (U+FEFF)', char: '\ufeff', escaped: '\\ufeff' },
  { name: 'soft hyphen (U+00AD)', char: '\u00ad', escaped: '\\u00ad' },
  { name: 'Hangul filler (U+3164), blank but a letter', char: '\u3164', escaped: '\\u3164' },
  { name: 'variation selector (U+FE0F)', char: '\ufe0f', escaped: '\\ufe0f' },
  { name: 'tag latin capital A (U+E0041), invisible', char: '\u{e0041}', escaped: '\\udb40\\udc41' },
  { name: 'private use (U+E000)', char: '\ue000', escaped: '\\ue000' },
  { name: 'lone high surrogate', char: '\ud800', escaped: '\\ud800' },
  { name: 'lone low surrogate', char: '\udc00', escaped: '\\udc00' },
];

/** What must never reach a reader raw: the test's own statement of it, independent of src/function/text.ts. */
export const RAW_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{DI}]/u;

const PIECES = ['a', 'z', '0', '-', '.', ' ', ':', '[', ']', '"', "'", '\\', '/', '…', 'é', '東', '😀', '[approval] ', 'to approve: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin'];

/**
 * A random string: plain pieces, unsafe characters, random code points
 * (lone surrogates included) and, now and then, a run thousands of
 * characters long.
 */
export function hostileString(rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  let out = '';
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.35) out += pick(PIECES);
    else if (r < 0.7) out += pick(UNSAFE_CHARACTERS).char;
    else if (r < 0.9) out += String.fromCodePoint(Math.floor(rand() * 0x110000));
    else if (r < 0.95) out += String.fromCharCode(0xd800 + Math.floor(rand() * 0x800));
    else out += pick([...PIECES, ...UNSAFE_CHARACTERS.map((c) => c.char)]).repeat(1 + Math.floor(rand() * 400));
  }
  return out;
}
