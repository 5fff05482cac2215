/**
 * Address ranges, cloud-neutral: strict CIDR parsing, the union of a set of
 * ranges as sorted merged intervals, and the questions a guardrail asks of a
 * union: does it cover the whole address space, and what is the widest
 * public range in it. A firewall is judged by what all its ranges admit
 * together, never one range at a time: `0.0.0.0/1` and `128.0.0.0/1` are
 * the whole IPv4 internet, and so are 256 `/8`s.
 *
 * Addresses are bigints (IPv6 needs 128 bits); every operation is linear in
 * the number of intervals once they are sorted. Nothing here throws.
 */

export type Family = 'ipv4' | 'ipv6';

export const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
const LAST: Readonly<Record<Family, bigint>> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/** A run of addresses, both ends included. */
export interface Interval {
  readonly first: bigint;
  readonly last: bigint;
}

export interface Cidr extends Interval {
  readonly family: Family;
  readonly prefix: number;
  /** As written. */
  readonly text: string;
  /** The network and prefix, host bits cleared: `10.0.0.0/8` for `10.1.2.3/8`. */
  readonly canonical: string;
}

export type ParsedCidr = { ok: true; cidr: Cidr } | { ok: false; reason: string };

/**
 * Parses an IPv4 or IPv6 CIDR, or a bare address (a /32 or /128), strictly:
 * no spaces, no zone, decimal IPv4 octets without leading zeros (`010` is 8
 * to inet_aton and 10 to others: ambiguous, so refused), a decimal prefix
 * length without leading zeros. Host bits are cleared, as a firewall reads
 * `10.1.2.3/8`: as `10.0.0.0/8`.
 */
export function parseCidr(text: string): ParsedCidr {
  if (text === '') return { ok: false, reason: 'it is empty' };
  if (/\s/.test(text)) return { ok: false, reason: 'it contains white space' };
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family: Family = address.includes(':') ? 'ipv6' : 'ipv4';
  if (family === 'ipv4' && !/^[0-9.]+$/.test(address)) return { ok: false, reason: `${JSON.stringify(address)} is not an IPv4 or IPv6 address` };
  const value = family === 'ipv4' ? parseIpv4(address) : parseIpv6(address);
  if (typeof value === 'string') return { ok: false, reason: value };
  let prefix = BITS[family];
  if (slash >= 0) {
    const bits = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return { ok: false, reason: `the prefix length ${JSON.stringify(bits)} is not a number without leading zeros` };
    prefix = Number(bits);
    if (prefix > BITS[family]) return { ok: false, reason: `the prefix length ${prefix} is more than ${BITS[family]}` };
  }
  const size = 1n << BigInt(BITS[family] - prefix);
  const first = value - (value % size);
  return { ok: true, cidr: { family, first, last: first + size - 1n, prefix, text, canonical: `${formatAddress(first, family)}/${prefix}` } };
}

/** A dotted-quad IPv4 address, or why it is not one. */
function parseIpv4(s: string): bigint | string {
  const m = IPV4.exec(s);
  if (m === null) return `${JSON.stringify(s)} is not an IPv4 address (four decimal numbers joined by dots)`;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const p = m[i]!;
    if (p.length > 1 && p.startsWith('0')) return `${JSON.stringify(p)} in ${JSON.stringify(s)} has a leading zero, which some parsers read as octal`;
    const n = Number(p);
    if (n > 255) return `${p} in ${JSON.stringify(s)} is more than 255`;
    value = value * 256 + n;
  }
  return BigInt(value);
}

const IPV4 = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/;

/** An IPv6 address in RFC 4291 text form (`::` once at most, an IPv4 dotted quad last), or why it is not one. */
function parseIpv6(s: string): bigint | string {
  const bad = `${JSON.stringify(s)} is not an IPv6 address`;
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return bad;
  const halves = s.split('::');
  if (halves.length > 2) return `${bad} ("::" appears more than once)`;
  const groups: number[][] = [];
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    const out: number[] = [];
    const parts = half === '' ? [] : half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const lastOfAddress = h === halves.length - 1 && i === parts.length - 1;
      if (part.includes('.')) {
        if (!lastOfAddress) return bad;
        const v4 = parseIpv4(part);
        if (typeof v4 === 'string') return `${bad}: ${v4}`;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return bad;
      }
    }
    groups.push(out);
  }
  const [head, tail] = [groups[0]!, groups[1]];
  const count = head.length + (tail?.length ?? 0);
  if (tail === undefined ? count !== 8 : count > 7) return `${bad} (it has ${count} groups of 16 bits${tail === undefined ? ', not 8' : ' besides "::"'})`;
  const all = tail === undefined ? head : [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An address in its canonical text form: dotted quad, or RFC 5952 IPv6 (IPv4-mapped addresses as `::ffff:1.2.3.4`). */
export function formatAddress(value: bigint, family: Family): string {
  if (family === 'ipv4') return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  if (value >> 32n === 0xffffn) return `::ffff:${formatAddress(value & LAST.ipv4, 'ipv4')}`;
  const groups = [...Array(8).keys()].map((i) => Number((value >> BigInt(16 * (7 - i))) & 0xffffn));
  // The longest run of two or more zero groups (the first, on a tie) becomes "::".
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  return best.at < 0 ? hex(groups) : `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.len))}`;
}

/** A set of addresses of both families, each as sorted, disjoint, non-adjacent intervals. */
export interface AddressSet {
  readonly ipv4: readonly Interval[];
  readonly ipv6: readonly Interval[];
}

export const EMPTY: AddressSet = { ipv4: [], ipv6: [] };

/**
 * IPv6 blocks whose addresses are IPv4 addresses in IPv6 spelling, each
 * mapped onto the whole IPv4 space by its low 32 bits: an IPv6 range that
 * reaches into one also admits the IPv4 addresses it embeds, so
 * `::ffff:0.0.0.0/96` is the whole IPv4 internet.
 * - `::ffff:0:0/96`, IPv4-mapped addresses (RFC 4291 section 2.5.5.2): how
 *   a dual-stack socket sees an IPv4 peer.
 * - `64:ff9b::/96`, the well-known NAT64 prefix (RFC 6052): IPv4 hosts as a
 *   translator presents them to IPv6.
 */
const EMBEDDED_IPV4: readonly Interval[] = ['::ffff:0:0/96', '64:ff9b::/96'].map((c) => block(c));

/** The union of the ranges: sorted merged intervals per family, IPv4 addresses embedded in IPv6 ranges included in IPv4. */
export function unionOf(ranges: Iterable<Interval & { readonly family: Family }>): AddressSet {
  if (Array.isArray(ranges) && ranges.length === 1 && ranges[0].family === 'ipv4') return { ipv4: [{ first: ranges[0].first, last: ranges[0].last }], ipv6: [] };
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (const r of ranges) {
    if (r.family === 'ipv4') {
      v4.push(r);
      continue;
    }
    v6.push(r);
    for (const e of EMBEDDED_IPV4) {
      const first = r.first > e.first ? r.first : e.first;
      const last = r.last < e.last ? r.last : e.last;
      if (first <= last) v4.push({ first: first - e.first, last: last - e.first });
    }
  }
  return { ipv4: merge(v4), ipv6: merge(v6) };
}

/** The union of several sets. */
export function unionOfSets(sets: Iterable<AddressSet>): AddressSet {
  if (Array.isArray(sets) && sets.length === 1) return sets[0] as AddressSet;
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (const s of sets) {
    v4.push(...s.ipv4);
    v6.push(...s.ipv6);
  }
  return { ipv4: merge(v4), ipv6: merge(v6) };
}

/** The union of one family of several sets, the other family left empty: a group judged one family at a time, without a one-family copy of each set. */
export function unionOfFamily(sets: readonly AddressSet[], family: Family): AddressSet {
  const intervals: Interval[] = [];
  for (const s of sets) for (const iv of s[family]) intervals.push(iv);
  const merged = merge(intervals);
  return family === 'ipv4' ? { ipv4: merged, ipv6: [] } : { ipv4: [], ipv6: merged };
}

/** Sorted, merged: overlapping and adjacent intervals become one. */
function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const prev = out.at(-1);
    if (prev !== undefined && iv.first <= prev.last + 1n) {
      if (iv.last > prev.last) out[out.length - 1] = { first: prev.first, last: iv.last };
    } else {
      out.push({ first: iv.first, last: iv.last });
    }
  }
  return out;
}

/** `a` without the addresses of `b`; both sorted and merged. */
function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const iv of a) {
    let first = iv.first;
    while (j < b.length && b[j]!.last < first) j++;
    let k = j;
    while (k < b.length && b[k]!.first <= iv.last && first <= iv.last) {
      if (b[k]!.first > first) out.push({ first, last: b[k]!.first - 1n });
      first = b[k]!.last + 1n;
      k++;
    }
    if (first <= iv.last) out.push({ first, last: iv.last });
  }
  return out;
}

function block(cidr: string): Interval & { family: Family } {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(`bad built-in CIDR ${cidr}: ${parsed.reason}`);
  return parsed.cidr;
}

const blocks = (cidrs: readonly string[]) => merge(cidrs.map(block));

/**
 * Addresses that are not the public internet: the entries of the IANA
 * special-purpose address registries that are not globally reachable, with
 * the globally reachable blocks inside them carved back out, plus multicast
 * and the reserved class E space (never a packet's source).
 * - IPv4: IANA IPv4 Special-Purpose Address Registry
 *   (https://www.iana.org/assignments/iana-ipv4-special-registry/) and the
 *   IPv4 Address Space Registry (224.0.0.0/4 multicast, RFC 5771;
 *   240.0.0.0/4 reserved, RFC 1112).
 * - IPv6: IANA IPv6 Special-Purpose Address Registry
 *   (https://www.iana.org/assignments/iana-ipv6-special-registry/) and the
 *   IPv6 Address Space Registry (ff00::/8 multicast, RFC 4291).
 *   `::ffff:0:0/96` is here because its addresses are judged as the IPv4
 *   addresses they embed (see EMBEDDED_IPV4). Space IANA has not allocated
 *   (anything outside 2000::/3 and these blocks) counts as public: it may
 *   be allocated tomorrow, and the error is on the safe side.
 */
const SPECIAL: Readonly<Record<Family, readonly Interval[]>> = {
  ipv4: subtract(
    blocks([
      '0.0.0.0/8', // "this network", RFC 791
      '10.0.0.0/8', // private-use, RFC 1918
      '100.64.0.0/10', // shared address space (carrier-grade NAT), RFC 6598
      '127.0.0.0/8', // loopback, RFC 1122
      '169.254.0.0/16', // link local, RFC 3927
      '172.16.0.0/12', // private-use, RFC 1918
      '192.0.0.0/24', // IETF protocol assignments, RFC 6890
      '192.0.2.0/24', // documentation (TEST-NET-1), RFC 5737
      '192.88.99.0/24', // 6to4 relay anycast, deprecated by RFC 7526
      '192.168.0.0/16', // private-use, RFC 1918
      '198.18.0.0/15', // benchmarking, RFC 2544
      '198.51.100.0/24', // documentation (TEST-NET-2), RFC 5737
      '203.0.113.0/24', // documentation (TEST-NET-3), RFC 5737
      '224.0.0.0/4', // multicast, RFC 5771
      '240.0.0.0/4', // reserved, RFC 1112 (255.255.255.255/32, limited broadcast, included)
    ]),
    blocks([
      '192.0.0.9/32', // Port Control Protocol anycast, RFC 7723: globally reachable
      '192.0.0.10/32', // TURN anycast, RFC 8155: globally reachable
    ]),
  ),
  ipv6: subtract(
    blocks([
      '::/128', // unspecified, RFC 4291
      '::1/128', // loopback, RFC 4291
      '::ffff:0:0/96', // IPv4-mapped, RFC 4291: judged as IPv4
      '64:ff9b:1::/48', // local-use IPv4/IPv6 translation, RFC 8215
      '100::/64', // discard-only, RFC 6666
      '100:0:0:1::/64', // dummy IPv6 prefix, RFC 9780
      '2001::/23', // IETF protocol assignments, RFC 2928 (Teredo 2001::/32 included)
      '2001:db8::/32', // documentation, RFC 3849
      '3fff::/20', // documentation, RFC 9637
      '5f00::/16', // segment routing (SRv6) SIDs, RFC 9602
      'fc00::/7', // unique local, RFC 4193
      'fe80::/10', // link-local unicast, RFC 4291
      'ff00::/8', // multicast, RFC 4291
    ]),
    blocks([
      '2001:1::1/128', // Port Control Protocol anycast, RFC 7723
      '2001:1::2/128', // TURN anycast, RFC 8155
      '2001:1::3/128', // DNS-SD service registration protocol anycast, RFC 9665
      '2001:3::/32', // AMT, RFC 7450
      '2001:4:112::/48', // AS112-v6, RFC 7535
      '2001:20::/28', // ORCHIDv2, RFC 7343
      '2001:30::/28', // drone remote ID protocol entity tags, RFC 9374
    ]),
  ),
};

/** Does the set hold every address of the family? */
export function coversAll(set: AddressSet, family: Family): boolean {
  const ivs = set[family];
  return ivs.length === 1 && ivs[0]!.first === 0n && ivs[0]!.last === LAST[family];
}

/** The set's addresses of the family that are public: not in a special-purpose block. */
export function publicPart(set: AddressSet, family: Family): Interval[] {
  return subtract(set[family], SPECIAL[family]);
}

/** Is the address public (in no special-purpose block)? */
export function isPublic(value: bigint, family: Family): boolean {
  return publicPart(family === 'ipv4' ? { ipv4: [{ first: value, last: value }], ipv6: [] } : { ipv4: [], ipv6: [{ first: value, last: value }] }, family).length > 0;
}

/** The longest run of public addresses in the set (the first, on a tie), or undefined when it has none. */
export function widestPublic(set: AddressSet, family: Family): Interval | undefined {
  let widest: Interval | undefined;
  for (const iv of publicPart(set, family)) {
    if (widest === undefined || iv.last - iv.first > widest.last - widest.first) widest = iv;
  }
  return widest;
}

/** Does the run hold more addresses than a block of this prefix length, i.e. is it wider than a `/prefix`? */
export function widerThan(iv: Interval, family: Family, prefix: number): boolean {
  return iv.last - iv.first + 1n > 1n << BigInt(BITS[family] - prefix);
}

/** A run as a CIDR when it is one (`52.0.0.0/7`), else as first-last (`1.128.0.0-3.127.255.255`). */
export function formatInterval(iv: Interval, family: Family): string {
  const size = iv.last - iv.first + 1n;
  const bits = size.toString(2).length - 1;
  if (size === 1n << BigInt(bits) && iv.first % size === 0n) return `${formatAddress(iv.first, family)}/${BITS[family] - bits}`;
  return `${formatAddress(iv.first, family)}-${formatAddress(iv.last, family)}`;
}

/**
 * How wide the internet is, per family: a public range wider than a block
 * of this prefix length counts as the internet. 0 means only the whole
 * address space does.
 */
export interface InternetPrefix {
  readonly ipv4: number;
  readonly ipv6: number;
}

/** What a set admits of one family's internet. */
export interface Exposure {
  readonly family: Family;
  /** The whole address space of the family. */
  readonly whole: boolean;
  /** The widest public run, when it is wider than the family's internet prefix (always, when whole). */
  readonly widest?: Interval;
}

/** The families of which the set admits the internet: the whole space, or a public run wider than the prefix. In family order. */
export function exposure(set: AddressSet, internet: InternetPrefix): Exposure[] {
  return FAMILIES.flatMap((family) => judgeFamily(set, family, internet).exposure ?? []);
}

/** One family of a set at once: does it hold any public address, and does it admit the internet. */
export function judgeFamily(set: AddressSet, family: Family, internet: InternetPrefix): { hasPublic: boolean; exposure?: Exposure } {
  if (set[family].length === 0) return NOTHING; // most sets hold one family only
  const pub = publicPart(set, family);
  let widest: Interval | undefined;
  for (const iv of pub) if (widest === undefined || iv.last - iv.first > widest.last - widest.first) widest = iv;
  const whole = coversAll(set, family);
  if (!whole && (widest === undefined || !widerThan(widest, family, internet[family]))) return { hasPublic: pub.length > 0 };
  return { hasPublic: pub.length > 0, exposure: { family, whole, ...(widest !== undefined ? { widest } : {}) } };
}

const NOTHING: { readonly hasPublic: false } = Object.freeze({ hasPublic: false });

/** `the whole IPv4 internet`, `52.0.0.0/7, public and wider than /8`: what an exposure is, in words. */
export function describeExposure(e: Exposure, internet: InternetPrefix): string {
  if (e.whole) return `the whole ${e.family === 'ipv4' ? 'IPv4' : 'IPv6'} internet`;
  return `${formatInterval(e.widest!, e.family)}, public and wider than /${internet[e.family]}`;
}

/** One source of an ingress entry: a range field, or a list of ranges it names. */
export interface Source {
  /** The field it is written in: `spec.forProvider.cidrBlocks`, `spec.forProvider.ingress[0].prefixListIds`. */
  path: string;
  /** For messages: `0.0.0.0/1`, `prefix list \`corp\` (0.0.0.0/0)`. */
  label: string;
  set: AddressSet;
  /** The family a CIDR is written in, where it is one CIDR. */
  family?: Family;
}

/** Something an ingress analysis cannot judge, where, and why. */
export interface Problem {
  path: string;
  message: string;
}
