/**
 * A protobuf wire-format writer that writes back to front: a message's fields
 * are written last to first, and a length-delimited field's length and tag
 * after its content, when its size is known. One pass, one buffer, no size
 * bookkeeping; the bytes are those of a front-to-back writer.
 */

const TEXT = new TextEncoder();

/** Shorter strings are encoded by hand (one pass while ASCII; measured faster than the native calls up to here); longer ones by TextEncoder.encodeInto. */
const SHORT_STRING = 256;

const INITIAL_SIZE = 64 * 1024;

/**
 * The buffer of the last finished writer, reused by the next one: after the
 * first large response, encoding no longer allocates, zero-fills and copies
 * a chain of ever larger buffers. Buffers past KEEP_MAX_SIZE are not kept.
 * A writer takes it while in use, so a nested writer gets its own.
 */
let spare: Uint8Array | undefined;
const KEEP_MAX_SIZE = 16 * 1024 * 1024;

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  /** Start of the bytes written so far, which run to the end of `buf`. */
  private pos: number;

  constructor() {
    this.buf = spare ?? new Uint8Array(INITIAL_SIZE);
    spare = undefined;
    this.view = new DataView(this.buf.buffer);
    this.pos = this.buf.length;
  }

  /** How many bytes have been written; a field's size is the difference of two readings. */
  get written(): number {
    return this.buf.length - this.pos;
  }

  /** The bytes written, in order, in a Buffer of their own; the writer is done. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.written); // every byte is overwritten just below
    out.set(this.buf.subarray(this.pos));
    if (this.buf.length <= KEEP_MAX_SIZE) spare = this.buf;
    return out;
  }

  /** Room for `n` more bytes in front of what is written. */
  private room(n: number): void {
    if (this.pos >= n) return;
    const used = this.buf.length - this.pos;
    let size = this.buf.length * 2;
    while (size - used < n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(this.pos), size - used);
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.pos = size - used;
  }

  /** One byte: a tag below 128 or a one-byte value. */
  byte(b: number): void {
    if (this.pos < 1) this.room(1);
    this.buf[--this.pos] = b;
  }

  /** An unsigned 32-bit varint. */
  uint32(v: number): void {
    if (v < 0x80) {
      this.byte(v);
      return;
    }
    const size = v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
    this.room(size);
    const buf = this.buf;
    let p = (this.pos -= size);
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }

  /** The length of what was written since `start` (a reading of `written`), then `tag`: closes a length-delimited field. */
  close(start: number, tag: number): void {
    this.uint32(this.written - start);
    this.byte(tag);
  }

  /** An int32 (or enum): negative values take 10 bytes, sign-extended to 64 bits. */
  int32(v: number): void {
    if (!Number.isInteger(v) || v > 0x7fffffff || v < -0x80000000) throw new Error(`invalid int32: ${String(v)}`);
    if (v >= 0) {
      this.uint32(v);
      return;
    }
    this.varint64(BigInt.asUintN(64, BigInt(v)));
  }

  /** An int64 given as a number, bigint or decimal string. */
  int64(v: unknown): void {
    let big: bigint;
    try {
      big = BigInt(v as bigint | number | string);
    } catch (err) {
      throw new Error(`invalid int64: ${String(v)}`, { cause: err });
    }
    if (big !== BigInt.asIntN(64, big)) throw new Error(`invalid int64: ${String(v)}`);
    this.varint64(BigInt.asUintN(64, big));
  }

  private varint64(v: bigint): void {
    const bytes: number[] = [];
    while (v > 0x7fn) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.room(bytes.length);
    this.pos -= bytes.length;
    this.buf.set(bytes, this.pos);
  }

  double(v: number): void {
    this.room(8);
    this.pos -= 8;
    this.view.setFloat64(this.pos, v, true);
  }

  bytes(v: Uint8Array): void {
    this.room(v.length);
    this.pos -= v.length;
    this.buf.set(v, this.pos);
    this.uint32(v.length);
  }

  /** A string's UTF-8 bytes and their length, as TextEncoder encodes them (a lone surrogate becomes U+FFFD). */
  string(s: string): void {
    const n = s.length;
    if (n <= SHORT_STRING) {
      // ASCII in one pass: write each unit as a byte, and start over as UTF-8 at the first that is not ASCII
      this.room(n);
      const buf = this.buf;
      const p = this.pos - n;
      for (let j = 0; j < n; j++) {
        const c = s.charCodeAt(j);
        if (c >= 0x80) {
          this.uint32(this.shortUtf8(s));
          return;
        }
        buf[p + j] = c;
      }
      this.pos = p;
      this.uint32(n);
      return;
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.room(len);
    this.pos -= len;
    const { written } = TEXT.encodeInto(s, this.buf.subarray(this.pos, this.pos + len));
    if (written !== len) throw new Error(`string encoded to ${written} bytes, expected ${len}`);
    this.uint32(len);
  }

  /** Writes a short non-ASCII string's UTF-8 bytes; returns how many. */
  private shortUtf8(s: string): number {
    // At most 3 bytes per UTF-16 unit: encode forward into room in front, then move the bytes up against what is written.
    const max = s.length * 3;
    this.room(max);
    const buf = this.buf;
    const end = this.pos;
    let p = end - max;
    const start = p;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[p++] = 0xf0 | (c >> 18);
        buf[p++] = 0x80 | ((c >> 12) & 0x3f);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    const len = p - start;
    buf.copyWithin(end - len, start, p);
    this.pos = end - len;
    return len;
  }
}
