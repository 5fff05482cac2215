/**
 * A bound on what one MCP message may cost, in front of the SDK's stdio
 * transport. The transport closes the connection on a message larger than
 * its buffer, and grows that buffer by copying on every chunk (quadratic
 * in the message's size); a model that sends a large stream must get an
 * answer, and the server must keep serving.
 *
 * So each line (one JSON-RPC message) is gathered here and handed on whole,
 * in one piece; a line longer than `max` bytes is dropped as it arrives
 * (memory stays bounded) and answered directly with a tool error for the
 * request's id, read from the end of the line where the SDK's client writes
 * it, or a JSON-RPC error with a null id where it cannot be read.
 */
import { Transform, type TransformCallback } from 'node:stream';

const NEWLINE = 0x0a;
const ID_AT_END = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*}\s*$/;

export class LineLimit extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropping = false;
  private tail = Buffer.alloc(0);

  /** `answer` gets each line to write in reply to a dropped message. */
  constructor(
    private readonly max: number,
    private readonly answer: (line: string) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl < 0 ? chunk.length : nl + 1;
      const part = chunk.subarray(start, end);
      if (!this.dropping && this.size + part.length > this.max) {
        this.dropping = true;
        this.chunks = [];
        this.size = 0;
      }
      if (this.dropping) this.tail = Buffer.concat([this.tail, part]).subarray(-512);
      else {
        this.chunks.push(part);
        this.size += part.length;
      }
      if (nl >= 0) this.endLine();
      start = end;
    }
    done();
  }

  private endLine(): void {
    if (this.dropping) {
      this.answer(tooLarge(this.tail.toString('utf8'), this.max));
      this.dropping = false;
      this.tail = Buffer.alloc(0);
      return;
    }
    this.push(Buffer.concat(this.chunks));
    this.chunks = [];
    this.size = 0;
  }
}

/** The reply to a message of more than `max` bytes: a tool error for its id, or a JSON-RPC error. */
export function tooLarge(tail: string, max: number): string {
  const text = `the message is larger than ${max / (1024 * 1024)} MiB; check fewer resources at a time`;
  const id = ID_AT_END.exec(tail.trimEnd())?.[1];
  const reply =
    id === undefined
      ? { jsonrpc: '2.0', id: null, error: { code: -32600, message: text } }
      : { jsonrpc: '2.0', id: JSON.parse(id) as unknown, result: { content: [{ type: 'text', text }], isError: true } };
  return `${JSON.stringify(reply)}\n`;
}
