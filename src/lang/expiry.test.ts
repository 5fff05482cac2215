import { describe, expect, it } from 'vitest';
import { expiryInstant } from './expiry.js';

describe('expiryInstant', () => {
  const cases = [
    { name: 'a date covers its whole day, UTC', expires: '2027-03-31', want: Date.UTC(2027, 3, 1) },
    { name: 'a UTC timestamp', expires: '2027-03-31T12:00:00Z', want: Date.UTC(2027, 2, 31, 12) },
    { name: 'a timestamp with an offset', expires: '2027-03-31T12:00:00+02:00', want: Date.UTC(2027, 2, 31, 10) },
    { name: 'fractional seconds, lowercase t and z', expires: '2027-03-31t12:00:00.5z', want: Date.UTC(2027, 2, 31, 12, 0, 0, 500) },
    { name: 'a day that does not exist', expires: '2027-02-30', want: undefined },
    { name: 'a month that does not exist', expires: '2027-13-01', want: undefined },
    { name: 'an hour that does not exist', expires: '2027-03-31T25:00:00Z', want: undefined },
    { name: 'a timestamp without a zone is ambiguous', expires: '2027-03-31T12:00:00', want: undefined },
    { name: 'another date format', expires: '31/03/2027', want: undefined },
    { name: 'nothing', expires: '', want: undefined },
  ];
  it.each(cases)('$name', ({ expires, want }) => {
    expect(expiryInstant(expires)).toBe(want);
  });
});
