import { describe, expect, it } from 'vitest';
import { compareQuantities, MAX_QUANTITY_LENGTH, parseQuantity, quantityOf, type ParsedQuantity } from './quantity.js';

/** A parsed amount as `[-]digits e exp`, `0e0` for zero; or the error. */
function amount(p: ParsedQuantity): string {
  if (!p.ok) return `error: ${p.error}`;
  const { sign, digits, exp } = p.quantity;
  return sign === 0 ? '0e0' : `${sign < 0 ? '-' : ''}${digits}e${exp}`;
}

const FORMAT = 'error: quantities must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const SUFFIX = "error: unable to parse quantity's suffix";
const NUMERIC = 'error: unable to parse numeric part of quantity';

/**
 * What k8s.io/apimachinery's ParseQuantity makes of each text, worked out
 * from quantity.go and suffix.go (their comments and code cited in `reason`).
 */
const cases: { name: string; reason: string; text: string; want: string }[] = [
  // Plain and decimal numbers.
  { name: 'a whole number', reason: 'no suffix is DecimalSI 10^0', text: '2', want: '2e0' },
  { name: 'zero', reason: '"0" is a shortcut in ParseQuantity', text: '0', want: '0e0' },
  { name: 'a fraction', reason: '<digits>.<digits>', text: '0.5', want: '5e-1' },
  { name: 'a fraction without a leading digit', reason: '.<digits> is a number', text: '.5', want: '5e-1' },
  { name: 'a number ending in a point', reason: '<digits>. is a number', text: '1.', want: '1e0' },
  { name: 'leading zeros', reason: 'parseQuantityString strips them', text: '007', want: '7e0' },
  { name: 'trailing zeros', reason: 'the amount, not the text: 100 is 1×10^2', text: '100', want: '1e2' },
  { name: 'a plus sign', reason: '<sign> may be +', text: '+3', want: '3e0' },
  { name: 'a minus sign', reason: 'negative quantities parse (validation refuses them later)', text: '-3', want: '-3e0' },
  { name: 'a decimal beyond int64', reason: 'a decimal quantity is not capped (quantity.go: "18446744073709551616" keeps its value)', text: '18446744073709551616', want: '18446744073709551616e0' },
  // Leniencies that decide what the cluster accepts as zero.
  { name: 'a point alone', reason: 'no digits: the numerator defaults to "0", and the int64 fast path takes it', text: '.', want: '0e0' },
  { name: 'a sign alone', reason: 'the leading-zero loop reaches the end: zero', text: '-', want: '0e0' },
  { name: 'a suffix alone', reason: 'no digits, numerator "0": "Gi" is zero, a memory limit that limits nothing', text: 'Gi', want: '0e0' },
  { name: 'a milli suffix alone', reason: 'likewise "m" is zero', text: 'm', want: '0e0' },
  { name: 'an exponent alone', reason: 'likewise "e3" is zero', text: 'e3', want: '0e0' },
  { name: 'no digits on the inf.Dec path', reason: 'Ei takes the slow path, whose inf.Dec SetString needs a digit', text: '.Ei', want: NUMERIC },
  { name: 'no digits below a nano', reason: 'a scale under 10^-9 takes the slow path too', text: '.e-10', want: NUMERIC },
  // Decimal SI suffixes.
  { name: 'nano', reason: 'n is 10^-9', text: '5n', want: '5e-9' },
  { name: 'micro', reason: 'u is 10^-6', text: '5u', want: '5e-6' },
  { name: 'milli', reason: 'm is 10^-3', text: '250m', want: '25e-2' },
  { name: 'kilo', reason: 'k is 10^3 (lowercase)', text: '1k', want: '1e3' },
  { name: 'mega', reason: 'M is 10^6', text: '1M', want: '1e6' },
  { name: 'giga', reason: 'G is 10^9', text: '2G', want: '2e9' },
  { name: 'tera', reason: 'T is 10^12', text: '1T', want: '1e12' },
  { name: 'peta', reason: 'P is 10^15', text: '1P', want: '1e15' },
  { name: 'exa', reason: 'E alone is 10^18, found in the decimal table before any exponent', text: '1E', want: '1e18' },
  { name: 'a fraction with a suffix', reason: '1.5G is 1.5×10^9', text: '1.5G', want: '15e8' },
  { name: 'an uppercase K', reason: '"K" is in no table (1024 = 1Ki, 1000 = 1k)', text: '1K', want: SUFFIX },
  // Binary SI suffixes.
  { name: 'Ki', reason: '2^10', text: '1Ki', want: '1024e0' },
  { name: 'Mi', reason: '2^20', text: '256Mi', want: '268435456e0' },
  { name: 'Gi', reason: '2^30', text: '1Gi', want: '1073741824e0' },
  { name: 'a fraction of Gi', reason: 'a binary fraction takes the inf.Dec path: 1.5×2^30', text: '1.5Gi', want: '1610612736e0' },
  { name: 'Ti', reason: '2^40', text: '1Ti', want: '1099511627776e0' },
  { name: 'Pi', reason: '2^50', text: '1Pi', want: '1125899906842624e0' },
  { name: 'Ei', reason: '2^60', text: '1Ei', want: '1152921504606846976e0' },
  { name: 'a binary value capped', reason: 'ParseQuantity caps a BinarySI value at 2^63-1 ("8Ei" parses as 2^63-1)', text: '8Ei', want: '9223372036854775807e0' },
  { name: 'a negative binary value capped', reason: 'the cap applies to the magnitude', text: '-8Ei', want: '-9223372036854775807e0' },
  { name: 'a binary suffix with a trailing B', reason: '"B" is no suffix character and no exponent digit', text: '1KiB', want: FORMAT },
  { name: 'a binary suffix then digits', reason: 'scanned as a suffix "Gi5", which no table has', text: '1Gi5', want: SUFFIX },
  // Exponents.
  { name: 'an exponent', reason: '"e" <signedNumber>', text: '1e3', want: '1e3' },
  { name: 'an uppercase exponent', reason: '"E3" is not in the decimal table, so it is an exponent', text: '1E3', want: '1e3' },
  { name: 'a signed exponent', reason: 'strconv.ParseInt takes a sign', text: '1e+3', want: '1e3' },
  { name: 'a negative exponent', reason: 'milli by exponent', text: '5e-1', want: '5e-1' },
  { name: 'an exponent with leading zeros', reason: 'ParseInt("03") is 3', text: '1e03', want: '1e3' },
  { name: 'a fraction with an exponent', reason: '1.5×10^3', text: '1.5e3', want: '15e2' },
  { name: 'an exponent taken modulo 2^32', reason: 'interpret keeps int32(parsed): 4294967296 wraps to 0', text: '1e4294967296', want: '1e0' },
  { name: 'an exponent that wraps to 1', reason: 'int32(4294967297) is 1', text: '1e4294967297', want: '1e1' },
  { name: 'an exponent beyond int64', reason: 'strconv.ParseInt fails: no suffix', text: '1e9223372036854775808', want: SUFFIX },
  { name: 'a huge exponent', reason: 'kept exactly: no float', text: '3e2147483647', want: '3e2147483647' },
  { name: 'an exponent without digits', reason: 'a one-letter "e" suffix is in no table', text: '1e', want: SUFFIX },
  { name: 'a sign without exponent digits', reason: 'ParseInt("+") fails', text: '1e+', want: SUFFIX },
  { name: 'two exponent letters', reason: 'ParseInt("e3") fails', text: '1ee3', want: SUFFIX },
  { name: 'a fractional exponent', reason: 'an exponent is digits only', text: '1e3.5', want: FORMAT },
  // Rounding to a nano.
  { name: 'below a nano', reason: 'a finer non-zero value rounds up to 1n ("0.9n" becomes "1n")', text: '0.9n', want: '1e-9' },
  { name: 'far below a nano', reason: 'rounded away from zero, to the smallest amount', text: '1e-20', want: '1e-9' },
  { name: 'a fraction of a nano past a whole', reason: 'rounded up at the ninth decimal', text: '1.0000000001', want: '1000000001e-9' },
  { name: 'a negative fraction of a nano', reason: 'rounded away from zero', text: '-0.0000000001', want: '-1e-9' },
  // Not quantities.
  { name: 'empty', reason: 'ParseQuantity refuses an empty string', text: '', want: FORMAT },
  { name: 'words', reason: 'no number, and "a" is no suffix', text: 'abc', want: FORMAT },
  { name: 'a unit word', reason: '"c" is no suffix character', text: '1 core', want: FORMAT },
  { name: 'a space inside', reason: 'only the ends are trimmed, and only by UnmarshalJSON', text: '1 Gi', want: FORMAT },
  { name: 'a comma', reason: 'no thousands separators', text: '1,5', want: FORMAT },
  { name: 'two points', reason: 'the denominator stops at the second point', text: '1.2.3', want: FORMAT },
  { name: 'a hex number', reason: '"x" is no suffix character', text: '0x10', want: FORMAT },
  { name: 'too long', reason: 'bounded work: no quantity anyone writes is this long', text: `1${'0'.repeat(MAX_QUANTITY_LENGTH)}`, want: `error: longer than ${MAX_QUANTITY_LENGTH} characters` },
];

describe('parseQuantity', () => {
  it.each(cases)('$name: $text', ({ text, want }) => {
    expect(amount(parseQuantity(text))).toBe(want);
  });

  it('keeps the format the suffix names', () => {
    const format = (t: string) => {
      const p = parseQuantity(t);
      return p.ok ? p.quantity.format : p.error;
    };
    expect(['1', '1k', '1Mi', '1e3'].map(format)).toEqual(['DecimalSI', 'DecimalSI', 'BinarySI', 'DecimalExponent']);
  });
});

describe('quantityOf', () => {
  const values: { name: string; reason: string; value: unknown; want: string }[] = [
    { name: 'a string with white space around it', reason: 'UnmarshalJSON trims with strings.TrimSpace', value: ' \t1Gi\n', want: '1073741824e0' },
    { name: 'a string with a no-break space around it', reason: 'U+00A0 is white space to Go', value: '\u00a01Gi', want: '1073741824e0' },
    { name: 'a string with a byte order mark', reason: 'U+FEFF is not white space to Go (though JavaScript trims it)', value: '\ufeff1Gi', want: FORMAT },
    { name: 'a whole number', reason: 'a JSON number is read as its text', value: 2, want: '2e0' },
    { name: 'a fraction', reason: 'cpu: 0.5', value: 0.5, want: '5e-1' },
    { name: 'a large number', reason: 'its text is 1e+21', value: 1e21, want: '1e21' },
    { name: 'a small number', reason: 'its text is 1e-7', value: 1e-7, want: '1e-7' },
    { name: 'a negative number', reason: 'parses; validation refuses it', value: -1, want: '-1e0' },
    { name: 'a boolean', reason: 'no quantity', value: true, want: 'error: not a string or a number' },
    { name: 'an object', reason: 'no quantity', value: { cpu: 1 }, want: 'error: not a string or a number' },
    { name: 'infinity', reason: 'JSON has none; no quantity', value: Infinity, want: 'error: not a finite number' },
  ];
  it.each(values)('$name', ({ value, want }) => {
    expect(amount(quantityOf(value))).toBe(want);
  });
});

describe('compareQuantities', () => {
  const q = (t: string) => {
    const p = parseQuantity(t);
    if (!p.ok) throw new Error(p.error);
    return p.quantity;
  };
  const pairs: { a: string; b: string; want: -1 | 0 | 1 }[] = [
    { a: '1Gi', b: '1G', want: 1 },
    { a: '1024Mi', b: '1Gi', want: 0 },
    { a: '500m', b: '0.5', want: 0 },
    { a: '1e3', b: '1k', want: 0 },
    { a: '999', b: '1k', want: -1 },
    { a: '0.9n', b: '1n', want: 0 },
    { a: '-1', b: '0', want: -1 },
    { a: '-2', b: '-1', want: -1 },
    { a: '0', b: 'Gi', want: 0 },
    { a: '3e2147483647', b: '8Ei', want: 1 },
    { a: '128Mi', b: '134217729', want: -1 },
    { a: '1.25', b: '1.2', want: 1 },
  ];
  it.each(pairs)('$a against $b is $want', ({ a, b, want }) => {
    expect(compareQuantities(q(a), q(b))).toBe(want);
    expect(compareQuantities(q(b), q(a))).toBe(-want || 0);
  });
});
