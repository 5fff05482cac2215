import { describe, expect, it } from 'vitest';
import { parsePortRange, portNames, sensitiveIn } from './ports.js';

describe('parsePortRange', () => {
  const cases: { name: string; text: string; want: ReturnType<typeof parsePortRange> }[] = [
    { name: 'every port', text: '*', want: { ok: true, range: { from: 0, to: 65535 } } },
    { name: 'one port', text: '22', want: { ok: true, range: { from: 22, to: 22 } } },
    { name: 'a range', text: '1000-2000', want: { ok: true, range: { from: 1000, to: 2000 } } },
    { name: 'the last port', text: '65535', want: { ok: true, range: { from: 65535, to: 65535 } } },
    { name: 'past the last port', text: '65536', want: { ok: false, reason: 'a port is more than 65535' } },
    { name: 'a reversed range', text: '3389-22', want: { ok: false, reason: 'its first port is more than its last' } },
    { name: 'a list in one string', text: '22,3389', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
    { name: 'an open range', text: '22-', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
    { name: 'white space', text: ' 22', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
    { name: 'a name', text: 'ssh', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
    { name: 'empty', text: '', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
    { name: 'a negative port', text: '-1', want: { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' } },
  ];
  it.each(cases)('$name', ({ text, want }) => expect(parsePortRange(text)).toEqual(want));
});

describe('sensitive ports', () => {
  it('lists the sensitive ports of a range, in port order, with their names', () => {
    expect(sensitiveIn(1, 3400)).toEqual([22, 1433, 1521, 3306, 3389]);
    expect(portNames([22, 3389])).toBe('22 (SSH), 3389 (RDP)');
  });
});
