import { describe, expect, it } from 'vitest';
import { prng } from '../../../test/random.js';
import { DEFAULT_INTERNET_PREFIX } from '../../input/schema.js';
import {
  type Cidr,
  coversAll,
  describeExposure,
  exposure,
  type Family,
  formatAddress,
  formatInterval,
  isPublic,
  parseCidr,
  publicPart,
  unionOf,
  widerThan,
  widestPublic,
} from './cidr.js';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.cidr;
};
const union = (...texts: string[]) => unionOf(texts.map(cidr));
const v4 = (text: string) => cidr(`${text}/32`).first;

describe('parseCidr: what parses, and as what', () => {
  const cases = [
    { name: 'IPv4 CIDR', reason: 'the common case', text: '203.0.113.0/24', family: 'ipv4', canonical: '203.0.113.0/24' },
    { name: 'IPv4 /0', reason: 'the whole space', text: '0.0.0.0/0', family: 'ipv4', canonical: '0.0.0.0/0' },
    { name: 'host bits set', reason: 'a firewall reads 10.1.2.3/8 as 10.0.0.0/8', text: '10.1.2.3/8', family: 'ipv4', canonical: '10.0.0.0/8' },
    { name: 'host bits of a /0', reason: 'anything/0 is everything', text: '10.0.0.0/0', family: 'ipv4', canonical: '0.0.0.0/0' },
    { name: 'bare IPv4 address', reason: 'a /32 (aws:SourceIp takes these)', text: '198.51.100.7', family: 'ipv4', canonical: '198.51.100.7/32' },
    { name: 'IPv6 /0', reason: 'the whole space', text: '::/0', family: 'ipv6', canonical: '::/0' },
    { name: '::0/0', reason: 'another spelling of ::/0', text: '::0/0', family: 'ipv6', canonical: '::/0' },
    { name: 'IPv6 full form', reason: 'eight groups, leading zeros', text: '2001:0db8:0000:0000:0000:0000:0000:0001/128', family: 'ipv6', canonical: '2001:db8::1/128' },
    { name: 'IPv6 capitals', reason: 'hex is case-insensitive', text: '2001:DB8::/32', family: 'ipv6', canonical: '2001:db8::/32' },
    { name: 'IPv6 host bits', reason: 'cleared', text: '2001:db8::1/32', family: 'ipv6', canonical: '2001:db8::/32' },
    { name: 'bare IPv6 address', reason: 'a /128', text: '::1', family: 'ipv6', canonical: '::1/128' },
    { name: 'IPv4-mapped, dotted', reason: 'an IPv4 quad as the last 32 bits', text: '::ffff:0.0.0.0/96', family: 'ipv6', canonical: '::ffff:0.0.0.0/96' },
    { name: 'IPv4-mapped, hex', reason: 'the same block', text: '::ffff:0:0/96', family: 'ipv6', canonical: '::ffff:0.0.0.0/96' },
    { name: ':: with seven groups', reason: '"::" may stand for one group', text: '1:2:3:4:5:6:7::/128', family: 'ipv6', canonical: '1:2:3:4:5:6:7:0/128' },
  ] as const;
  it.each(cases)('$name', ({ text, family, canonical }) => {
    const parsed = parseCidr(text);
    expect(parsed.ok && { family: parsed.cidr.family, canonical: parsed.cidr.canonical, text: parsed.cidr.text }).toEqual({ family, canonical, text });
  });
});

describe('parseCidr: what is refused, and why', () => {
  const cases = [
    { name: 'empty', reason: 'nothing to judge', text: '', want: 'it is empty' },
    { name: 'padded', reason: 'AWS and Go refuse spaces; a CIDR is judged only as written', text: ' 0.0.0.0/0 ', want: 'it contains white space' },
    { name: 'prefix with a leading zero', reason: '/00 is not a number as written', text: '0.0.0.0/00', want: 'the prefix length "00" is not a number without leading zeros' },
    { name: 'octet with a leading zero', reason: '010 is 8 to inet_aton and 10 to others', text: '010.0.0.0/8', want: '"010" in "010.0.0.0" has a leading zero, which some parsers read as octal' },
    { name: 'octet over 255', reason: 'not an address', text: '256.0.0.0/8', want: '256 in "256.0.0.0" is more than 255' },
    { name: 'three octets', reason: 'inet_aton would guess; we do not', text: '10.0.0/8', want: '"10.0.0" is not an IPv4 address (four decimal numbers joined by dots)' },
    { name: 'IPv4 prefix 33', reason: 'longer than the address', text: '10.0.0.0/33', want: 'the prefix length 33 is more than 32' },
    { name: 'IPv6 prefix 129', reason: 'longer than the address', text: '::/129', want: 'the prefix length 129 is more than 128' },
    { name: 'negative prefix', reason: 'not a length', text: '10.0.0.0/-1', want: 'the prefix length "-1" is not a number without leading zeros' },
    { name: 'empty prefix', reason: 'a slash with nothing after it', text: '10.0.0.0/', want: 'the prefix length "" is not a number without leading zeros' },
    { name: 'two slashes', reason: 'garbage', text: '10.0.0.0/8/9', want: 'the prefix length "8/9" is not a number without leading zeros' },
    { name: ':: twice', reason: 'ambiguous', text: '1::2::3', want: '"1::2::3" is not an IPv6 address ("::" appears more than once)' },
    { name: 'nine groups', reason: 'an address has eight', text: '1:2:3:4:5:6:7:8:9', want: '"1:2:3:4:5:6:7:8:9" is not an IPv6 address (it has 9 groups of 16 bits, not 8)' },
    { name: 'eight groups and ::', reason: '"::" must stand for at least one group', text: '1:2:3:4::5:6:7:8', want: '"1:2:3:4::5:6:7:8" is not an IPv6 address (it has 8 groups of 16 bits besides "::")' },
    { name: 'a zone', reason: 'zones are local to a host', text: 'fe80::1%eth0', want: '"fe80::1%eth0" is not an IPv6 address' },
    { name: 'a group of five digits', reason: '16 bits are four hex digits', text: '12345::/16', want: '"12345::" is not an IPv6 address' },
    { name: 'IPv4 quad not last', reason: 'it may only end an address', text: '1.2.3.4::/96', want: '"1.2.3.4::" is not an IPv6 address' },
    { name: 'bad embedded quad', reason: 'the quad follows IPv4 rules', text: '::ffff:1.2.3.256', want: '"::ffff:1.2.3.256" is not an IPv6 address: 256 in "1.2.3.256" is more than 255' },
    { name: 'a word', reason: 'garbage', text: 'anywhere', want: '"anywhere" is not an IPv4 or IPv6 address' },
    { name: 'a Terraform interpolation', reason: 'what a generated example carries', text: '${aws_vpc.main.ipv6_cidr_block}', want: '"${aws_vpc.main.ipv6_cidr_block}" is not an IPv4 or IPv6 address' },
    { name: 'a lone colon', reason: 'garbage', text: ':', want: '":" is not an IPv6 address' },
  ];
  it.each(cases)('$name', ({ text, want }) => expect(parseCidr(text)).toEqual({ ok: false, reason: want }));
});

describe('formatAddress (RFC 5952)', () => {
  const cases = [
    { name: 'longest zero run compressed', reason: 'RFC 5952 4.2.3: the longest run', text: '2001:db8:0:0:1:0:0:1', want: '2001:db8::1:0:0:1' },
    { name: 'first of equal runs', reason: 'RFC 5952 4.2.3: the first on a tie', text: '2001:0:0:1:0:0:1:1', want: '2001::1:0:0:1:1' },
    { name: 'one zero group kept', reason: 'RFC 5952 4.2.2: "::" never stands for one group', text: '2001:db8:0:1:1:1:1:1', want: '2001:db8:0:1:1:1:1:1' },
    { name: 'all zeros', reason: 'the unspecified address', text: '::', want: '::' },
    { name: 'loopback', reason: 'leading run', text: '0:0:0:0:0:0:0:1', want: '::1' },
    { name: 'trailing run', reason: 'ends in ::', text: '1:0:0:0:0:0:0:0', want: '1::' },
    { name: 'IPv4-mapped', reason: 'RFC 5952 5: the quad stays dotted', text: '::ffff:c000:0201', want: '::ffff:192.0.2.1' },
  ];
  it.each(cases)('$name', ({ text, want }) => expect(formatAddress(cidr(text).first, 'ipv6')).toBe(want));
  it('IPv4', () => expect(formatAddress(v4('198.51.100.7'), 'ipv4')).toBe('198.51.100.7'));
});

describe('unionOf', () => {
  it('merges overlapping and adjacent ranges, in address order', () => {
    expect(union('10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '10.0.3.0/24')).toEqual({
      ipv4: [
        { first: v4('10.0.0.0'), last: v4('10.0.1.255') },
        { first: v4('10.0.3.0'), last: v4('10.0.3.255') },
      ],
      ipv6: [],
    });
  });
  it('counts the IPv4 addresses an IPv6 range embeds (IPv4-mapped, NAT64) as IPv4', () => {
    expect(union('::ffff:198.51.100.0/120', '64:ff9b::203.0.113.0/120').ipv4).toEqual([
      { first: v4('198.51.100.0'), last: v4('198.51.100.255') },
      { first: v4('203.0.113.0'), last: v4('203.0.113.255') },
    ]);
  });
});

describe('coversAll: the whole space however it is split', () => {
  const eights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
  const cases: { name: string; reason: string; cidrs: string[]; family: Family; want: boolean }[] = [
    { name: '0.0.0.0/0', reason: 'the usual spelling', cidrs: ['0.0.0.0/0'], family: 'ipv4', want: true },
    { name: 'two /1 halves', reason: 'what an agent tried', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], family: 'ipv4', want: true },
    { name: 'eight /3s', reason: 'smaller pieces, same whole', cidrs: ['0.0.0.0/3', '32.0.0.0/3', '64.0.0.0/3', '96.0.0.0/3', '128.0.0.0/3', '160.0.0.0/3', '192.0.0.0/3', '224.0.0.0/3'], family: 'ipv4', want: true },
    { name: 'all 256 /8s', reason: 'no single one is wide', cidrs: eights, family: 'ipv4', want: true },
    { name: '255 of the /8s', reason: 'one missing is not the whole', cidrs: eights.filter((c) => c !== '77.0.0.0/8'), family: 'ipv4', want: false },
    { name: 'overlapping halves', reason: 'overlap is fine', cidrs: ['0.0.0.0/1', '64.0.0.0/2', '127.0.0.0/8', '128.0.0.0/1'], family: 'ipv4', want: true },
    { name: '::/1 + 8000::/1', reason: 'the IPv6 halves', cidrs: ['::/1', '8000::/1'], family: 'ipv6', want: true },
    { name: 'IPv4 halves, asked about IPv6', reason: 'families are judged apart', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], family: 'ipv6', want: false },
    { name: '::ffff:0.0.0.0/96', reason: 'the IPv4 internet spelled as IPv4-mapped IPv6', cidrs: ['::ffff:0.0.0.0/96'], family: 'ipv4', want: true },
    { name: '::ffff:0:0/97 + IPv4 upper half', reason: 'the two spellings combine', cidrs: ['::ffff:0:0/97', '128.0.0.0/1'], family: 'ipv4', want: true },
    { name: '64:ff9b::/96', reason: 'NAT64 embeds the IPv4 internet too', cidrs: ['64:ff9b::/96'], family: 'ipv4', want: true },
    { name: '::/96', reason: 'the deprecated IPv4-compatible block is not mapped', cidrs: ['::/96'], family: 'ipv4', want: false },
  ];
  it.each(cases)('$name', ({ cidrs, family, want }) => expect(coversAll(union(...cidrs), family)).toBe(want));
});

describe('public space and the widest public range', () => {
  const cases: { name: string; reason: string; cidrs: string[]; family: Family; want: string | undefined }[] = [
    { name: 'private 10.0.0.0/8', reason: 'RFC 1918 is not the internet', cidrs: ['10.0.0.0/8'], family: 'ipv4', want: undefined },
    { name: 'all RFC 1918 and CGN', reason: 'all private', cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], family: 'ipv4', want: undefined },
    { name: '10.0.0.0/7', reason: 'half private, half public', cidrs: ['10.0.0.0/7'], family: 'ipv4', want: '11.0.0.0/8' },
    { name: '52.0.0.0/7', reason: 'public', cidrs: ['52.0.0.0/7'], family: 'ipv4', want: '52.0.0.0/7' },
    { name: 'adjacent /8s', reason: 'judged as their union', cidrs: ['53.0.0.0/8', '52.0.0.0/8'], family: 'ipv4', want: '52.0.0.0/7' },
    { name: 'a run that is not a CIDR', reason: 'shown as first-last', cidrs: ['1.128.0.0/9', '2.0.0.0/8', '3.0.0.0/9'], family: 'ipv4', want: '1.128.0.0-3.127.255.255' },
    { name: 'the whole IPv4 space', reason: 'the longest run between special blocks', cidrs: ['0.0.0.0/0'], family: 'ipv4', want: '11.0.0.0-100.63.255.255' },
    { name: 'loopback and link-local', reason: 'special-purpose', cidrs: ['127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8'], family: 'ipv4', want: undefined },
    { name: 'multicast and class E', reason: 'never a source', cidrs: ['224.0.0.0/3'], family: 'ipv4', want: undefined },
    { name: 'documentation ranges', reason: 'special-purpose', cidrs: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'], family: 'ipv4', want: undefined },
    { name: 'ULA and link-local IPv6', reason: 'not the internet', cidrs: ['fc00::/7', 'fe80::/10', '::1/128'], family: 'ipv6', want: undefined },
    { name: '2600::/12', reason: 'public IPv6', cidrs: ['2600::/12'], family: 'ipv6', want: '2600::/12' },
    { name: 'unallocated IPv6', reason: 'counted as public: it may be allocated tomorrow', cidrs: ['8000::/2'], family: 'ipv6', want: '8000::/2' },
    { name: 'SRv6 SIDs inside unallocated space', reason: '5f00::/16 is special-purpose', cidrs: ['4000::/2'], family: 'ipv6', want: '5f01::-7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' },
    { name: '::ffff:0:0/96 as IPv6', reason: 'its addresses are judged as IPv4', cidrs: ['::ffff:0:0/96'], family: 'ipv6', want: undefined },
  ];
  it.each(cases)('$name', ({ cidrs, family, want }) => {
    const widest = widestPublic(union(...cidrs), family);
    expect(widest === undefined ? undefined : formatInterval(widest, family)).toBe(want);
  });

  it.each([
    { name: 'a public address', text: '8.8.8.8', want: true },
    { name: 'PCP anycast, carved out of 192.0.0.0/24', text: '192.0.0.9', want: true },
    { name: 'the rest of 192.0.0.0/24', text: '192.0.0.8', want: false },
    { name: 'IPv6 documentation', text: '2001:db8::1', want: false },
    { name: 'ORCHIDv2, carved out of 2001::/23', text: '2001:20::1', want: true },
    { name: 'the rest of 2001::/23', text: '2001:2::1', want: false },
  ])('isPublic: $name', ({ text, want }) => {
    const c = cidr(text);
    expect(isPublic(c.first, c.family)).toBe(want);
  });
});

describe('exposure: wider than the internet prefix', () => {
  const I = DEFAULT_INTERNET_PREFIX;
  const cases = [
    { name: 'a /16 public range is fine', reason: 'narrower than /8', cidrs: ['52.95.0.0/16'], internet: I, want: [] },
    { name: 'a /8 is fine', reason: 'not wider than /8', cidrs: ['52.0.0.0/8'], internet: I, want: [] },
    { name: 'a /7 is the internet', reason: 'wider than /8', cidrs: ['52.0.0.0/7'], internet: I, want: ['52.0.0.0/7, public and wider than /8'] },
    { name: 'a /7 with a /6 setting', reason: 'the Input decides how wide the internet is', cidrs: ['52.0.0.0/7'], internet: { ipv4: 6, ipv6: 16 }, want: [] },
    { name: 'a /1 with setting 0', reason: '0: only the whole space counts', cidrs: ['0.0.0.0/1'], internet: { ipv4: 0, ipv6: 0 }, want: [] },
    { name: 'halves with setting 0', reason: 'the whole space always counts', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], internet: { ipv4: 0, ipv6: 0 }, want: ['the whole IPv4 internet'] },
    { name: 'private 10.0.0.0/8 is not internet', reason: 'whatever its size', cidrs: ['10.0.0.0/8'], internet: { ipv4: 32, ipv6: 128 }, want: [] },
    { name: 'IPv6 /16 is fine', reason: 'not wider than /16', cidrs: ['2600::/16'], internet: I, want: [] },
    { name: 'IPv6 /15 is the internet', reason: 'wider than /16', cidrs: ['2600::/15'], internet: I, want: ['2600::/15, public and wider than /16'] },
    { name: 'both families', reason: 'each judged on its own prefix', cidrs: ['0.0.0.0/0', '::/0'], internet: I, want: ['the whole IPv4 internet', 'the whole IPv6 internet'] },
  ];
  it.each(cases)('$name', ({ cidrs, internet, want }) => expect(exposure(union(...cidrs), internet).map((e) => describeExposure(e, internet))).toEqual(want));

  it('widerThan counts addresses, not alignment', () => {
    // 1.128.0.0-3.127.255.255 holds 2^25 addresses, as many as a /7, though no aligned /7 fits in it.
    expect(widerThan({ first: v4('1.128.0.0'), last: v4('3.127.255.255') }, 'ipv4', 8)).toBe(true);
    expect(widerThan({ first: v4('1.128.0.0'), last: v4('3.127.255.254') }, 'ipv4', 7)).toBe(false);
  });
});

describe('properties, against brute force over small universes', () => {
  /** A random CIDR inside base/bits, of prefix base..32. */
  const randomCidr = (rand: () => number, base: bigint, baseBits: number): Cidr => {
    const prefix = baseBits + Math.floor(rand() * (33 - baseBits));
    const size = 1n << BigInt(32 - prefix);
    const offset = BigInt(Math.floor(rand() * 2 ** (32 - baseBits)));
    const first = base + offset - (offset % size);
    return cidr(`${formatAddress(first, 'ipv4')}/${prefix}`);
  };

  it('the union holds exactly the addresses some range holds, as sorted, disjoint, non-adjacent intervals (500 random sets in a /24)', () => {
    const rand = prng(20261201);
    const base = v4('198.18.7.0');
    for (let round = 0; round < 500; round++) {
      const cidrs = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => randomCidr(rand, base, 24));
      const { ipv4 } = unionOf(cidrs);
      for (let i = 1; i < ipv4.length; i++) expect(ipv4[i]!.first > ipv4[i - 1]!.last + 1n).toBe(true);
      for (let a = base; a < base + 256n; a++) {
        const brute = cidrs.some((c) => c.first <= a && a <= c.last);
        const inUnion = ipv4.some((iv) => iv.first <= a && a <= iv.last);
        if (brute !== inUnion) throw new Error(`round ${round}: ${formatAddress(a, 'ipv4')} ${brute} vs ${inUnion} for ${cidrs.map((c) => c.text).join(', ')}`);
      }
    }
  });

  it('the widest public run equals the longest run of public members found address by address (300 random sets across 192.0.0.0/23)', () => {
    // 192.0.0.0/24 is special-purpose except 192.0.0.9 and 192.0.0.10; 192.0.1.0/24 is public.
    const rand = prng(7);
    const base = v4('192.0.0.0');
    const special = (a: bigint) => a < base + 256n && a !== base + 9n && a !== base + 10n;
    for (let round = 0; round < 300; round++) {
      const cidrs = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => randomCidr(rand, base, 23));
      let best: [bigint, bigint] | undefined;
      let run: bigint | undefined;
      for (let a = base; a <= base + 512n; a++) {
        const pub = a < base + 512n && !special(a) && cidrs.some((c) => c.first <= a && a <= c.last);
        if (pub && run === undefined) run = a;
        if (!pub && run !== undefined) {
          if (best === undefined || a - 1n - run > best[1] - best[0]) best = [run, a - 1n];
          run = undefined;
        }
      }
      const widest = widestPublic(unionOf(cidrs), 'ipv4');
      expect(widest === undefined ? undefined : [widest.first, widest.last]).toEqual(best);
      const publicMembers = [...Array(512).keys()].map((i) => base + BigInt(i)).filter((a) => !special(a) && cidrs.some((c) => c.first <= a && a <= c.last));
      expect(publicPart(unionOf(cidrs), 'ipv4').reduce((n, iv) => n + iv.last - iv.first + 1n, 0n)).toBe(BigInt(publicMembers.length));
    }
  });

  it('a random partition of the whole space covers it, and loses it when any piece is dropped (200 partitions per family)', () => {
    const rand = prng(42);
    for (const family of ['ipv4', 'ipv6'] as const) {
      const bits = family === 'ipv4' ? 32 : 128;
      for (let round = 0; round < 200; round++) {
        // Split the space at random into up to ~40 CIDRs.
        const pieces: { first: bigint; prefix: number }[] = [];
        const split = (first: bigint, prefix: number, depth: number): void => {
          if (prefix === bits || (depth > 0 && rand() < 0.35) || pieces.length > 40) return void pieces.push({ first, prefix });
          const half = 1n << BigInt(bits - prefix - 1);
          split(first, prefix + 1, depth + 1);
          split(first + half, prefix + 1, depth + 1);
        };
        split(0n, 0, 0);
        const cidrs = pieces.map((p) => cidr(`${formatAddress(p.first, family)}/${p.prefix}`)).sort(() => rand() - 0.5);
        expect(coversAll(unionOf(cidrs), family)).toBe(true);
        const drop = Math.floor(rand() * cidrs.length);
        expect(coversAll(unionOf(cidrs.filter((_, i) => i !== drop)), family)).toBe(false);
      }
    }
  });
});
