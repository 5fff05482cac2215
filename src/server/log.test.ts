import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

function capture(debug: boolean): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const log = createLogger({ debug, write: (line) => lines.push(line), now: () => new Date('2025-01-02T03:04:05.000Z') });
  return { lines, log };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const { lines, log } = capture(false);
    log.info('serving', { address: '0.0.0.0:9443', mode: 'mtls' });
    expect(lines).toEqual(['{"time":"2025-01-02T03:04:05.000Z","level":"info","msg":"serving","address":"0.0.0.0:9443","mode":"mtls"}\n']);
  });

  const cases = [
    { name: 'drops debug lines by default', debug: false, want: ['info', 'error'] },
    { name: 'keeps debug lines with --debug', debug: true, want: ['info', 'debug', 'error'] },
  ];
  it.each(cases)('$name', ({ debug, want }) => {
    const { lines, log } = capture(debug);
    log.info('a');
    log.debug('b');
    log.error('c');
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(want);
  });

  it('renders Errors as their message and survives unserializable fields', () => {
    const { lines, log } = capture(false);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    log.error('failed', { error: new Error('boom'), n: 10n });
    log.error('cyclic', { cyclic });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'failed', error: 'boom', n: '10' });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ msg: 'cyclic', logError: 'unserializable fields' });
  });
});
