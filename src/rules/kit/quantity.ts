/**
 * Kubernetes resource quantities (`250m`, `0.5`, `512Mi`, `1e3`), read the
 * way the API server reads them: k8s.io/apimachinery pkg/api/resource,
 * quantity.go `ParseQuantity` with the suffixes of suffix.go, reached through
 * `Quantity.UnmarshalJSON` (which trims surrounding white space and takes a
 * JSON number as its text). Its leniencies are kept, since they decide what
 * the cluster accepts: a sign or `.` alone is zero, `1.` and `.5` parse, an
 * exponent is any Go int64 taken modulo 2^32 (`int32(parsed)`), a value finer
 * than a nano rounds up to `1n`, and a binary (`Ki`..`Ei`) value is capped at
 * 2^63-1. Only the amount is kept, never the float: values compare exactly.
 *
 * Nothing here throws; nothing imports anything.
 */

export type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: `sign × digits × 10^exp`, exactly, after ParseQuantity's rounding and cap. */
export interface Quantity {
  sign: -1 | 0 | 1;
  /** The significant digits, without leading or trailing zeros; `''` for zero. */
  digits: string;
  exp: number;
  format: Format;
}

export type ParsedQuantity = { ok: true; quantity: Quantity } | { ok: false; error: string };

/** Longer texts are not read: no quantity anyone writes comes near, and the work stays bounded. */
export const MAX_QUANTITY_LENGTH = 128;

// The errors ParseQuantity returns, in its own words.
const FORMAT = 'quantities must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const NUMERIC = 'unable to parse numeric part of quantity';
const SUFFIX = "unable to parse quantity's suffix";

const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';
/** `maxInt64Factors` in quantity.go: the digits an int64 always holds. */
const MAX_INT64_FACTORS = 18;
const NANO = -9;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Go's strings.TrimSpace: unicode.IsSpace at both ends (not U+FEFF, which JavaScript's trim also strips). */
function goTrimSpace(s: string): string {
  const space = (ch: string) => GO_SPACE.test(ch);
  let start = 0;
  let end = s.length;
  while (start < end && space(s[start]!)) start++;
  while (end > start && space(s[end - 1]!)) end--;
  return s.slice(start, end);
}

interface Scanned {
  positive: boolean;
  /** The text of the number, sign included (`str[0:pos]`). */
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** quantity.go `parseQuantityString`, step for step. */
function scan(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end && (str[0] === '-' || str[0] === '+')) {
    positive = str[0] !== '-';
    pos++;
  }
  // Leading zeros; all zeros (or nothing) is zero.
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[i] !== '0') break;
    pos++;
  }
  let num = '';
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num === '') num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: '' };
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
    if (!SUFFIX_CHARS.includes(str[i]!)) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
    if (!isDigit(str[i])) return undefined; // a character that is no part of an exponent
  }
}

/** Go's strconv.ParseInt(s, 10, 64), or undefined where it fails. */
function goParseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** suffix.go `interpret`: the base, exponent and format a suffix stands for. */
function interpret(suffix: string): { base: 10 | 2; exponent: number; format: Format } | undefined {
  if (Object.hasOwn(DECIMAL, suffix)) return { base: 10, exponent: DECIMAL[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY, suffix)) return { base: 2, exponent: BINARY[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const parsed = goParseInt64(suffix.slice(1));
    if (parsed === undefined) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** `digits × 10^exp` with the digits' leading and trailing zeros moved out. */
function normal(digits: string, exp: number): { digits: string; exp: number } {
  const d = digits.replace(/^0+/, '');
  const trimmed = d.replace(/0+$/, '');
  return trimmed === '' ? { digits: '', exp: 0 } : { digits: trimmed, exp: exp + (d.length - trimmed.length) };
}

/** A string of decimal digits plus one. */
function increment(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/**
 * Parses a quantity's text as ParseQuantity does. The result is its exact
 * amount; an error is ParseQuantity's own (or says the text is too long).
 */
export function parseQuantity(str: string): ParsedQuantity {
  if (str.length === 0) return { ok: false, error: FORMAT };
  if (str.length > MAX_QUANTITY_LENGTH) return { ok: false, error: `longer than ${MAX_QUANTITY_LENGTH} characters` };
  if (str === '0') return { ok: true, quantity: { sign: 0, digits: '', exp: 0, format: 'DecimalSI' } };
  const s = scan(str);
  if (s === undefined) return { ok: false, error: FORMAT };
  const suffix = interpret(s.suffix);
  if (suffix === undefined) return { ok: false, error: SUFFIX };
  const { base, exponent, format } = suffix;

  // ParseQuantity's int64 fast path takes what fits in 18 digits and a nano; the rest goes through inf.Dec, whose
  // SetString needs a digit: `.e-10` and `.Ei` fail there while `.` and `.Gi` (zero, on the fast path) pass.
  let precision: number;
  if (base === 10) precision = MAX_INT64_FACTORS - (s.num.length + s.denom.length);
  else precision = exponent >= 0 && s.denom === '' ? 15 - s.num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  const fast = precision >= 0 && (base === 10 ? exponent : 0) - s.denom.length >= NANO;
  if (!fast && !/[0-9]/.test(s.value)) return { ok: false, error: NUMERIC };

  // The amount: (num.denom) × base^exponent.
  let { digits, exp } = normal(s.num + s.denom, -s.denom.length);
  if (digits !== '' && base === 10) exp += exponent;
  if (digits !== '' && base === 2) ({ digits, exp } = binary(digits, exp, exponent));
  // Finer than a nano: rounded up to the next nano (away from zero).
  if (digits !== '' && exp < NANO) {
    const keep = digits.length + exp - NANO;
    ({ digits, exp } = keep <= 0 ? { digits: '1', exp: NANO } : normal(increment(digits.slice(0, keep)), NANO));
  }
  if (format === 'BinarySI' && digits !== '' && compareMagnitude({ digits, exp }, { digits: INT64_MAX.toString(), exp: 0 }) > 0) {
    ({ digits, exp } = { digits: INT64_MAX.toString(), exp: 0 });
  }
  const sign = digits === '' ? 0 : s.positive ? 1 : -1;
  return { ok: true, quantity: { sign, digits, exp, format } };
}

/** `digits × 10^exp × 2^power`: `digits` is short (the text is bounded) and `power` at most 60. */
function binary(digits: string, exp: number, power: number): { digits: string; exp: number } {
  return normal((BigInt(digits) << BigInt(power)).toString(), exp);
}

/**
 * A JSON value as Quantity.UnmarshalJSON reads it: a string (trimmed of
 * white space) or a number (its text). Anything else is no quantity.
 */
export function quantityOf(value: unknown): ParsedQuantity {
  if (typeof value === 'number') return Number.isFinite(value) ? parseQuantity(String(value)) : { ok: false, error: 'not a finite number' };
  if (typeof value === 'string') return parseQuantity(goTrimSpace(value));
  return { ok: false, error: 'not a string or a number' };
}

function compareMagnitude(a: { digits: string; exp: number }, b: { digits: string; exp: number }): -1 | 0 | 1 {
  if (a.digits === '' || b.digits === '') return a.digits === b.digits ? 0 : a.digits === '' ? -1 : 1;
  // Same number of digits before the point first, then the digits themselves.
  const ma = a.digits.length + a.exp;
  const mb = b.digits.length + b.exp;
  if (ma !== mb) return ma < mb ? -1 : 1;
  const n = Math.max(a.digits.length, b.digits.length);
  const da = a.digits.padEnd(n, '0');
  const db = b.digits.padEnd(n, '0');
  return da === db ? 0 : da < db ? -1 : 1;
}

/** Orders two quantities by amount, exactly. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1;
  const m = compareMagnitude(a, b);
  return (a.sign < 0 ? -m : m) as -1 | 0 | 1;
}
