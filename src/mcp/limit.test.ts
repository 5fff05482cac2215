import { describe, expect, it } from 'vitest';
import { LineLimit, tooLarge } from './limit.js';

/** Feeds `chunks` through a LineLimit of `max` bytes; what passes on, and what is answered directly. */
async function feed(max: number, chunks: string[]): Promise<{ passed: string[]; answered: string[] }> {
  const answered: string[] = [];
  const limit = new LineLimit(max, (line) => answered.push(line));
  const passed: string[] = [];
  limit.on('data', (b: Buffer) => passed.push(b.toString('utf8')));
  const ended = new Promise((resolve) => limit.on('end', resolve));
  for (const c of chunks) limit.write(Buffer.from(c));
  limit.end();
  await ended;
  return { passed, answered };
}

describe('LineLimit', () => {
  const cases = [
    { name: 'small lines pass whole', reason: 'one piece per message', max: 100, chunks: ['{"a":1}\n{"b"', ':2}\n'], want: { passed: ['{"a":1}\n', '{"b":2}\n'], answered: [] } },
    {
      name: 'a long line is dropped and answered for its id',
      reason: 'the server keeps serving',
      max: 10,
      chunks: ['{"method":"tools/call","params":{"x":"', 'aaaaaaaaaaaaaaa"},"jsonrpc":"2.0","id":7}\n{"ok":1}\n'],
      want: { passed: ['{"ok":1}\n'], answered: [tooLarge('"id":7}', 10)] },
    },
    { name: 'a long line without an id', reason: 'a JSON-RPC error with a null id', max: 4, chunks: ['xxxxxxxxxx\n'], want: { passed: [], answered: [tooLarge('', 4)] } },
  ];
  it.each(cases)('$name', async ({ max, chunks, want }) => {
    expect(await feed(max, chunks)).toEqual(want);
  });

  it('answers a tool error for a string id, and a JSON-RPC error otherwise', () => {
    expect([JSON.parse(tooLarge('"jsonrpc":"2.0","id":"a\\"b"}', 1024 * 1024)), JSON.parse(tooLarge('garbage', 1024 * 1024))]).toEqual([
      { jsonrpc: '2.0', id: 'a"b', result: { content: [{ type: 'text', text: 'the message is larger than 1 MiB; check fewer resources at a time' }], isError: true } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'the message is larger than 1 MiB; check fewer resources at a time' } },
    ]);
  });
});
