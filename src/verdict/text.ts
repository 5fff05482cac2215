/**
 * The text people and agents read in conditions and results, built from a
 * request an attacker writes. Every line goes through `line`: what the
 * request controls (names, paths, rule messages that quote values, approval
 * and exception text) is escaped so it cannot break the line, hide or
 * reorder text, and it is shortened before the function's own text is; a
 * message is joined by `message`, within MAX_LINES lines and
 * MAX_MESSAGE_BYTES bytes. No rule has to remember any of it.
 *
 * Pure; imports nothing.
 */

/**
 * Longest line, in characters (UTF-16 code units). One finding is read at a
 * glance, and 1,024 is what Kubernetes allows an Event note
 * (`NoteLengthLimit`, kubernetes pkg/apis/core/validation/events.go). It
 * keeps a 253-character name, a rule's message and an approve line (about
 * 530 characters with the default approval config) whole.
 */
export const MAX_LINE = 1024;

/**
 * Longest message, in UTF-8 bytes. A condition is stored on the XR and again
 * on its claim, next to everything else in an object etcd caps at 1.5 MiB,
 * and a result becomes an Event: 16 KiB, whatever the request, leaves room
 * and still holds 50 ordinary lines.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Most lines one message lists besides its verdict sentences; the rest are counted. */
export const MAX_LINES = 50;

/** Longest name shown whole: a DNS subdomain's limit, 253. Longer ones are cut in the middle. */
export const MAX_NAME = 253;

/** Most names a list of names shows; the rest are counted. */
export const MAX_LISTED = 5;

/**
 * Longest value shown whole, in characters: a flag, a number, a tag value
 * and a small block (an encryption rule, a metadata options block) are
 * shown as they are; a larger block is cut in the middle, saying how much.
 */
export const MAX_VALUE = 128;

/** The least a cut part keeps (its head, tail and the count of what was cut), whatever the rest of its line. */
const MIN_PART = 48;

/** Room kept for the line that counts what a message leaves out. */
const SUMMARY_ROOM = 64;

/**
 * What must never reach a reader raw: controls (C0, DEL, C1, so `\n`, `\r`,
 * `\t`, `\v`, `\f`, U+0085 and the ESC of ANSI sequences), the line and
 * paragraph separators U+2028 and U+2029, format characters (bidi controls
 * U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C; zero-width U+200B-U+200D,
 * U+2060, U+FEFF; the soft hyphen; tag characters), every other
 * default-ignorable code point (variation selectors, Hangul fillers),
 * private-use, unassigned and lone surrogate code units.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{DI}]/gu;
const UNSAFE_ONE = new RegExp(UNSAFE.source, 'u');

/** A name shown as it is: DNS-like, so it cannot be mistaken for anything else on its line. */
const PLAIN_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON's escape for one code point: `\n`, `\r`, `\t`, else `\uXXXX` per UTF-16 unit. */
function escapeCodePoint(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * Whether `s` is printable ASCII other than `"` and `\`: then no rendering
 * here changes it. A char scan, since most of what a line shows (names,
 * paths, rule messages) is such text and the regexes are the slow path.
 */
function inert(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** One code point as `escapeText` renders it. */
function escapeUnsafe(c: string): string {
  return c.length === 1 && c >= ' ' && c <= '~' ? c : UNSAFE_ONE.test(c) ? escapeCodePoint(c) : c;
}

/** One code point as `quote` renders it. */
function escapeQuoted(c: string): string {
  if (c === '"' || c === '\\') return `\\${c}`;
  const code = c.codePointAt(0)!;
  return code < 0x20 || code > 0x7e ? escapeCodePoint(c) : c;
}

/** `s` with every unsafe character escaped, JSON-style; everything else, printable Unicode included, as it is. */
export function escapeText(s: string): string {
  return inert(s) ? s : s.replace(UNSAFE, escapeCodePoint);
}

/** `s` as a JSON string literal in printable ASCII: exactly what it is, and `JSON.parse` gives it back. */
export function quote(s: string): string {
  return `"${s.replace(/["\\]|[^\x20-\x7e]/gu, escapeQuoted)}"`;
}

/** `1950` as `1,950`. */
export function count(n: number): string {
  if (n < 1000) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function marker(cut: number): string {
  return `…(truncated, ${count(cut)} characters)…`;
}

/** The code point of `s` that starts at `i`, or ends at `end`; a lone surrogate is one. */
function codePointFrom(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i)!);
}
function codePointBefore(s: string, end: number): string {
  const low = s.charCodeAt(end - 1);
  const high = end >= 2 ? s.charCodeAt(end - 2) : 0;
  return low >= 0xdc00 && low < 0xe000 && high >= 0xd800 && high < 0xdc00 ? s.slice(end - 2, end) : s.slice(end - 1, end);
}

/**
 * `raw`, each code point rendered by `render`, in at most `max` characters
 * (never less than the count itself): its head (two thirds) and tail around
 * how many rendered characters were cut. An escape sequence or a surrogate pair is
 * never split. `length` is the whole rendering's; only the kept ends are
 * rendered, so a 200 KB value costs no more than a short one. `render`
 * leaves printable ASCII other than `"` and `\` as it is.
 */
export function clip(raw: string, max: number, render: (c: string) => string = (c) => c, length = raw.length): string {
  if (length <= max) return inert(raw) ? raw : [...raw].map(render).join('');
  const room = Math.max(0, max - marker(length).length);
  const headRoom = Math.ceil((room * 2) / 3);
  let head = '';
  let i = 0;
  for (let c = ''; i < raw.length; i += c.length) {
    c = codePointFrom(raw, i);
    const r = render(c);
    if (head.length + r.length > headRoom) break;
    head += r;
  }
  const tail: string[] = [];
  let tailLength = 0;
  for (let j = raw.length, c = ''; j > i; j -= c.length) {
    c = codePointBefore(raw, j);
    const r = render(c);
    if (head.length + tailLength + r.length > room) break;
    tail.push(r);
    tailLength += r.length;
  }
  return head + marker(length - head.length - tailLength) + tail.reverse().join('');
}

/**
 * A piece of a line: its full rendering, made when first read (a message
 * renders only the lines it shows), and, unless it is the function's own
 * text, a shorter rendering in at most `max` characters.
 *
 * Parts are made for every line a verdict has, shown or not (thousands on a
 * large request), so they only keep what they were given: caches are
 * `declare`d, not initialised per instance, and all work waits for `full`.
 */
export abstract class Part {
  declare private rendered: string | undefined;
  get full(): string {
    return (this.rendered ??= this.render());
  }
  protected abstract render(): string;
  /** Cut to at most `max` characters; never called on own text. */
  fit(_max: number): string {
    return this.full;
  }
  /** Whether `fit` may cut it: request text may be, the function's own text never. */
  get cuttable(): boolean {
    return true;
  }
}

/** A run of parts, made with `phrase` and interpolated into a `line` or another phrase. */
export type Phrase = readonly Part[];

/** What a line or phrase interpolates: a string is request text; a number, `own(...)` and the literals are the function's. */
export type Value = string | number | Part | Phrase;

class Own extends Part {
  override get cuttable(): boolean {
    return false;
  }
  constructor(private readonly s: string) {
    super();
  }
  protected render(): string {
    return escapeText(this.s);
  }
}

class Text extends Part {
  constructor(private readonly s: string) {
    super();
  }
  protected render(): string {
    return escapeText(this.s);
  }
  override fit(max: number): string {
    return clip(this.s, max, escapeUnsafe, this.full.length);
  }
}

class Quoted extends Part {
  declare private length: number | undefined;
  constructor(private readonly s: string) {
    super();
  }
  private static char(c: string): string {
    return c === '"' || c === '\\' ? `\\${c}` : escapeUnsafe(c);
  }
  protected render(): string {
    return this.fit(MAX_LINE);
  }
  override fit(max: number): string {
    this.length ??= escapeText(this.s.replace(/["\\]/g, '\\$&')).length;
    return `"${clip(this.s, max - 2, Quoted.char, this.length)}"`;
  }
}

class Name extends Part {
  declare private length: number | undefined;
  constructor(private readonly s: string) {
    super();
  }
  protected render(): string {
    return this.fit(MAX_NAME);
  }
  override fit(max: number): string {
    if (PLAIN_NAME.test(this.s)) return clip(this.s, max);
    this.length ??= quote(this.s).length - 2;
    return `"${clip(this.s, max - 2, escapeQuoted, this.length)}"`;
  }
}

class Names extends Part {
  constructor(private readonly list: readonly string[]) {
    super();
  }
  private get listed(): number {
    return Math.min(this.list.length, MAX_LISTED);
  }
  private more(k: number): string {
    return this.list.length > k ? ` and ${count(this.list.length - k)} more` : '';
  }
  /** The first `k` names, each in at most `per` characters, then how many more. */
  private show(k: number, per: number): string {
    return this.list.slice(0, k).map((n) => new Name(n).fit(per)).join(', ') + this.more(k);
  }
  protected render(): string {
    return this.show(this.listed, MAX_NAME);
  }
  /** Cut, it lists fewer names rather than cutting each below MIN_PART, so every count of what was cut stays true. */
  override fit(max: number): string {
    for (let k = this.listed; k > 1; k--) {
      const per = Math.floor((max - this.more(k).length - 2 * (k - 1)) / k);
      if (per >= MIN_PART) return this.show(k, per);
    }
    return this.show(Math.min(this.listed, 1), max - this.more(1).length);
  }
}

/** `v` as compact JSON (`true`, `7`, `"x"`, `[{"a":1}]`): what a reader would write in the resource. */
function jsonOf(v: unknown): string {
  if (typeof v === 'number') return String(v); // JSON would say null for NaN and Infinity
  return JSON.stringify(v) ?? String(v);
}

class Json extends Part {
  declare private json: string | undefined;
  declare private length: number | undefined;
  constructor(private readonly v: unknown) {
    super();
  }
  private get raw(): string {
    return (this.json ??= jsonOf(this.v));
  }
  protected render(): string {
    return this.fit(MAX_VALUE);
  }
  override fit(max: number): string {
    const raw = this.raw;
    this.length ??= escapeText(raw).length;
    return clip(raw, Math.min(max, MAX_VALUE), escapeUnsafe, this.length);
  }
}

/** A field and the value to set there. */
export interface FieldValue {
  path: string;
  value: unknown;
}

/** What `Fields.fit` keeps for one field when it must cut inside fields: room for its path and its value, MIN_PART each. */
const FIELD_ROOM = 2 * MIN_PART + ' to '.length;

class Fields extends Part {
  declare private parts: { paths: Text[]; values: Json[]; whole: (string | undefined)[] } | undefined;
  constructor(private readonly list: readonly FieldValue[]) {
    super();
  }
  /** Each field's path and value as parts, made when the line is first rendered. */
  private get cells(): { paths: Text[]; values: Json[]; whole: (string | undefined)[] } {
    return (this.parts ??= { paths: this.list.map((f) => new Text(f.path)), values: this.list.map((f) => new Json(f.value)), whole: [] });
  }
  private get paths(): Text[] {
    return this.cells.paths;
  }
  private get values(): Json[] {
    return this.cells.values;
  }
  private get whole(): (string | undefined)[] {
    return this.cells.whole;
  }
  private more(k: number): string {
    const left = this.paths.length - k;
    return left > 0 ? ` and ${count(left)} more field${left > 1 ? 's' : ''}` : '';
  }
  /** Field `i` uncut: its path, and its value within MAX_VALUE. */
  private field(i: number): string {
    return (this.whole[i] ??= `${this.paths[i]!.full} to ${this.values[i]!.full}`);
  }
  /** Field `i` in at most `max` characters: the shorter of path and value whole if it fits half, the other cut to what is left. */
  private cut(i: number, max: number): string {
    if (this.field(i).length <= max) return this.field(i);
    const path = this.paths[i]!;
    const value = this.values[i]!;
    const room = max - ' to '.length;
    const half = Math.max(MIN_PART, Math.floor(room / 2));
    if (path.full.length <= value.full.length) {
      const p = path.full.length <= half ? path.full : path.fit(half);
      return `${p} to ${value.fit(Math.max(MIN_PART, room - p.length))}`;
    }
    const v = value.full.length <= half ? value.full : value.fit(half);
    return `${path.fit(Math.max(MIN_PART, room - v.length))} to ${v}`;
  }
  /** The first `k` fields in at most `max` characters, then how many more: the shortest kept whole first, the rest share what is left. */
  private show(k: number, max: number): string {
    const more = this.more(k);
    let budget = max - more.length - 2 * (k - 1);
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => this.field(a).length - this.field(b).length);
    const out: string[] = [];
    order.forEach((i, j) => {
      out[i] = this.cut(i, Math.floor(budget / (k - j)));
      budget -= out[i].length;
    });
    return out.join(', ') + more;
  }
  protected render(): string {
    return this.paths.map((_, i) => this.field(i)).join(', ');
  }
  /** Cut, it lists as many whole fields as fit, or, if more, as many as keep FIELD_ROOM each; then how many more. */
  override fit(max: number): string {
    const n = this.paths.length;
    let whole = 0;
    for (let used = 0; whole < n; whole++) {
      used += this.field(whole).length + (whole > 0 ? 2 : 0);
      if (used + this.more(whole + 1).length > max) break;
    }
    if (whole === n) return this.full;
    let shared = Math.min(n, Math.floor((max + 2) / (FIELD_ROOM + 2)));
    while (shared > 1 && Math.floor((max - this.more(shared).length - 2 * (shared - 1)) / shared) < FIELD_ROOM) shared--;
    if (whole >= shared && whole > 0) return this.show(whole, max);
    return this.show(Math.max(shared, 1), max);
  }
}

/** The function's own text (a rule ID, a digest, the approve command): escaped like the rest, never cut. */
export function own(s: string): Part {
  return new Own(s);
}

/** Text from the request (a rule's message, a path, a justification): escaped; cut first when the line is too long. */
export function text(s: string): Part {
  return new Text(s);
}

/** Text from the request in double quotes (who approved): `"` and `\` escaped too, so the closing quote is the real one. */
export function quoted(s: string): Part {
  return new Quoted(s);
}

/** A name from the request: as it is when DNS-like, else JSON-quoted so a reader sees exactly what it is; cut past MAX_NAME. */
export function name(s: string): Part {
  return new Name(s);
}

/** Names as `a, b, c`: the first MAX_LISTED, then how many more. */
export function names(list: readonly string[]): Part {
  return new Names(list);
}

/** A value from the request or a rule as compact JSON (bare booleans and numbers), escaped, cut past MAX_VALUE. */
export function json(v: unknown): Part {
  return new Json(v);
}

/**
 * Fields and their values as `a to x, b to y`: each path escaped, each value
 * as `json` renders it; cut, it lists fewer fields, then how many more.
 */
export function fields(list: readonly FieldValue[]): Part {
  return new Fields(list);
}

function partsOf(strings: TemplateStringsArray, values: readonly Value[]): Part[] {
  const parts: Part[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') parts.push(own(literal));
    if (i >= values.length) return;
    const v = values[i]!;
    if (typeof v === 'string') parts.push(text(v));
    else if (typeof v === 'number') parts.push(own(String(v)));
    else if (v instanceof Part) parts.push(v);
    else parts.push(...v);
  });
  return parts;
}

/** A piece of a line, to interpolate into `line`: literals are the function's own text, strings are the request's. */
export function phrase(strings: TemplateStringsArray, ...values: readonly Value[]): Phrase {
  return partsOf(strings, values);
}

/**
 * Where a line stands when a message is too long: `always` lines (the
 * verdict itself) are always shown; `first` lines (approvals, exceptions)
 * before `normal` ones (findings, changes).
 */
export type Rank = 'always' | 'first' | 'normal';

declare const LINE: unique symbol;

/**
 * One line of a message, made only by `line`: escaped, and at most MAX_LINE
 * characters unless the function's own text leaves less than MIN_PART to
 * each piece of request text (own text is bounded by the code and the
 * Input, never by the request).
 */
export interface Line {
  readonly text: string;
  readonly rank: Rank;
  readonly [LINE]: true;
}

/**
 * A line: literals and `own(...)` are the function's own text; every string
 * interpolated is the request's, escaped and, when the line is longer than
 * MAX_LINE, cut before the function's own text is (the longest first).
 */
export function line(strings: TemplateStringsArray, ...values: readonly Value[]): Line {
  return new Rendered(strings, values, 'normal');
}

/** A line rendered when first read: a message renders only the lines it shows, however many it is given. */
class Rendered implements Line {
  declare readonly [LINE]: true;
  declare private rendered: string | undefined;
  constructor(
    readonly strings: TemplateStringsArray,
    readonly values: readonly Value[],
    readonly rank: Rank,
  ) {}
  get text(): string {
    return (this.rendered ??= fit(partsOf(this.strings, this.values)));
  }
}

/** The same line, ranked. */
export function ranked(l: Line, rank: Rank): Line {
  return l instanceof Rendered ? new Rendered(l.strings, l.values, rank) : ({ rank, text: l.text } as Line);
}

function fit(parts: readonly Part[]): string {
  const out = parts.map((p) => p.full);
  let budget = MAX_LINE - out.reduce((n, s) => n + s.length, 0);
  if (budget >= 0) return out.join('');
  const cuttable = parts.flatMap((p, i) => (p.cuttable ? [i] : [])).sort((a, b) => out[a]!.length - out[b]!.length);
  budget = MAX_LINE - parts.reduce((n, p, i) => n + (p.cuttable ? 0 : out[i]!.length), 0);
  cuttable.forEach((i, k) => {
    // Shortest first: what fits its share is kept whole and leaves the rest to the longer ones.
    const share = Math.max(MIN_PART, Math.floor(budget / (cuttable.length - k)));
    if (out[i]!.length > share) out[i] = parts[i]!.fit(share);
    budget -= out[i]!.length;
  });
  return out.join('');
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return n;
}

/**
 * Lines joined by `\n`, at most MAX_LINES of them besides the `always` ones
 * and at most MAX_MESSAGE_BYTES bytes: `always` lines, then `first`, then
 * `normal` ones while they fit, in their order; where the first line is left
 * out, one line says how many were. `always` lines are few (a head or a
 * tail) and each a line long, so they always fit.
 */
export function message(lines: readonly Line[]): string {
  const size = (l: Line) => utf8Length(l.text) + 1;
  const shown = new Set<number>();
  let used = SUMMARY_ROOM;
  lines.forEach((l, i) => {
    if (l.rank !== 'always') return;
    shown.add(i);
    used += size(l);
  });
  let listed = 0;
  for (const rank of ['first', 'normal'] as const) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.rank !== rank) continue;
      if (listed === MAX_LINES || used + size(l) > MAX_MESSAGE_BYTES) break;
      shown.add(i);
      used += size(l);
      listed++;
    }
  }
  const left = lines.length - shown.size;
  const out: string[] = [];
  let summarized = false;
  lines.forEach((l, i) => {
    if (shown.has(i)) out.push(l.text);
    else if (!summarized) {
      out.push(`… and ${count(left)} more line${left > 1 ? 's' : ''} not shown`);
      summarized = true;
    }
  });
  return out.join('\n');
}
