/**
 * A bounds-checked reader of the protobuf wire format. Every read stays
 * within `limit`, the end of the message being read (enter() narrows it to a
 * length-delimited field, leave() restores it), and anything malformed
 * (a truncated or overlong varint, a length past the end, an invalid tag or
 * wire type, invalid UTF-8) throws an Error. Reads are iterative, so no input
 * can exhaust the stack from here.
 */

/** Wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const SGROUP = 3;
const EGROUP = 4;
const I32 = 5;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Short ASCII strings (JSON keys above all: `apiVersion`, `metadata`, …)
 * repeat across a request. Each is decoded once into a slot of this table,
 * picked by a hash of its bytes, and reused while the bytes match: fewer
 * strings to allocate and collect, and keys V8 has already internalized.
 * Strings are immutable, so sharing them across requests is safe.
 */
const CACHED_MAX_LENGTH = 32;
const CACHE_SLOTS = 4096;
const cachedStrings: string[] = new Array<string>(CACHE_SLOTS).fill('');
/** Each slot's bytes, CACHED_MAX_LENGTH apart, and their length (-1: empty slot). */
const cachedBytes = new Uint8Array(CACHE_SLOTS * CACHED_MAX_LENGTH);
const cachedLengths = new Int8Array(CACHE_SLOTS).fill(-1);

/** Longer ASCII strings up to this length are decoded in JavaScript; beyond it, or with any non-ASCII byte, by TextDecoder. */
const ASCII_MAX_LENGTH = 256;

export class Reader {
  pos = 0;
  /** The end of the message being read. */
  limit: number;
  /** High 32 bits of the last varint read. */
  private hi = 0;
  private readonly buf: Uint8Array;
  private readonly view: DataView;

  constructor(buf: Uint8Array) {
    // A plain Uint8Array view: subarray() of a Buffer (what gRPC hands us) builds a Buffer, which costs more.
    this.buf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.limit = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Whether the message being read has more fields. */
  more(): boolean {
    return this.pos < this.limit;
  }

  /**
   * Reads a tag and returns it whole (field number << 3 | wire type), so that
   * callers can switch on the exact tag they expect. Refuses field number 0,
   * numbers past 2^29 - 1, and wire types 6 and 7.
   */
  tag(): number {
    const tag = this.varint();
    if (this.hi !== 0 || tag >>> 3 === 0 || (tag & 7) > I32) throw new Error(`invalid tag ${this.hi !== 0 ? '(overflows 32 bits)' : tag}`);
    return tag;
  }

  /** A varint of at most 10 bytes; returns its low 32 bits as an unsigned number and keeps the high ones in `hi`. */
  varint(): number {
    const buf = this.buf;
    const limit = this.limit;
    let pos = this.pos;
    if (pos < limit && buf[pos]! < 0x80) {
      this.pos = pos + 1;
      this.hi = 0;
      return buf[pos]!;
    }
    let lo = 0;
    let b: number;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= limit) throw truncated();
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.varintEnd(pos, lo, 0);
    }
    if (pos >= limit) throw truncated();
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x70) >> 4;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    for (let shift = 3; shift <= 31; shift += 7) {
      if (pos >= limit) throw truncated();
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) {
        if (shift === 31 && b > 1) throw new Error('varint overflows 64 bits');
        return this.varintEnd(pos, lo, hi);
      }
    }
    throw new Error('varint longer than 10 bytes');
  }

  private varintEnd(pos: number, lo: number, hi: number): number {
    this.pos = pos;
    this.hi = hi;
    return lo >>> 0;
  }

  /** An int32 or enum: the low 32 bits of a varint, signed. */
  int32(): number {
    return this.varint() | 0;
  }

  bool(): boolean {
    return this.varint() !== 0 || this.hi !== 0;
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** The length prefix of a length-delimited field, checked against what is left of the message. */
  length(): number {
    const len = this.varint();
    if (this.hi !== 0 || len > this.limit - this.pos) throw new Error(`length ${this.hi !== 0 ? '≥ 2^32' : len} past the end of the message`);
    return len;
  }

  /** A string field's value: strict UTF-8 (invalid input is refused, not replaced). */
  string(): string {
    const len = this.length();
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    const buf = this.buf;
    if (len <= CACHED_MAX_LENGTH) {
      let hash = len;
      for (let i = start; i < end; i++) {
        const b = buf[i]!;
        if (b >= 0x80) return utf8(buf.subarray(start, end));
        hash = Math.imul(hash ^ b, 0x01000193);
      }
      const slot = (hash >>> 0) % CACHE_SLOTS;
      const at = slot * CACHED_MAX_LENGTH;
      if (cachedLengths[slot] === len) {
        let i = 0;
        while (i < len && cachedBytes[at + i] === buf[start + i]) i++;
        if (i === len) return cachedStrings[slot]!;
      }
      const s = ascii(buf, start, len);
      cachedStrings[slot] = s;
      cachedBytes.set(buf.subarray(start, end), at);
      cachedLengths[slot] = len;
      return s;
    }
    if (len <= ASCII_MAX_LENGTH) {
      for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return utf8(buf.subarray(start, end));
      return ascii(buf, start, len);
    }
    return utf8(buf.subarray(start, end));
  }

  /** A bytes field's value, copied (as the SDK's generated code does). */
  bytes(): Buffer {
    const len = this.length();
    const start = this.pos;
    this.pos += len;
    return Buffer.from(this.buf.subarray(start, start + len));
  }

  /** Enters a length-delimited field; returns the outer limit for leave(). */
  enter(): number {
    const len = this.length();
    const outer = this.limit;
    this.limit = this.pos + len;
    return outer;
  }

  /** Leaves the field entered last, which must have been read to its end. */
  leave(outer: number): void {
    if (this.pos !== this.limit) throw new Error('a nested message was not read to its end');
    this.limit = outer;
  }

  /**
   * Skips a field that `message` does not know. A field it knows (a bit set
   * in `known`, by field number) with a different wire type than expected is
   * refused: the reader was given the wrong message or a corrupt one.
   */
  skip(tag: number, known: number, message: string): void {
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field < 32 && ((known >>> field) & 1) === 1) throw new Error(`${message} field ${field} has wire type ${wireType}`);
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case I64:
        this.need(8);
        this.pos += 8;
        return;
      case LEN: {
        const len = this.length(); // before reading pos: `this.pos += this.length()` would add to the old pos
        this.pos += len;
        return;
      }
      case I32:
        this.need(4);
        this.pos += 4;
        return;
      case SGROUP:
        this.skipGroup(field);
        return;
      default:
        throw new Error(`unexpected end-group tag for field ${field}`);
    }
  }

  /** Skips a (deprecated) group, nested groups included, without recursion. */
  private skipGroup(field: number): void {
    const open = [field];
    while (open.length > 0) {
      const tag = this.tag();
      const wireType = tag & 7;
      if (wireType === EGROUP) {
        if (tag >>> 3 !== open.pop()) throw new Error(`end-group tag for field ${tag >>> 3} does not match its start`);
      } else if (wireType === SGROUP) {
        open.push(tag >>> 3);
      } else {
        this.skip(tag, 0, 'group');
      }
    }
  }

  private need(n: number): void {
    if (this.limit - this.pos < n) throw truncated();
  }
}

/** The string of `len` ASCII bytes at `start`. */
function ascii(buf: Uint8Array, start: number, len: number): string {
  const codes = new Array<number>(len);
  for (let i = 0; i < len; i++) codes[i] = buf[start + i]!;
  return String.fromCharCode.apply(null, codes);
}

function utf8(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch (err) {
    throw new Error('invalid UTF-8 in a string field', { cause: err });
  }
}

function truncated(): Error {
  return new Error('truncated message');
}
