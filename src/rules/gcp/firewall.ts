/**
 * GCP firewall ingress, as the VPC applies it: every allow rule that admits
 * traffic into a network is judged with every other on the same network,
 * and every rule of a firewall policy with the policy's others, so splitting
 * `0.0.0.0/0` into halves, /8s or several resources changes nothing. Three
 * kinds admit ingress: a VPC `Firewall` (`sourceRanges`, `allow[]` with
 * `protocol` and `ports`), and the rules of hierarchical and network
 * firewall policies, `FirewallPolicyRule` and `NetworkFirewallPolicyRule`
 * (`match.srcIpRanges`, `match.layer4Configs[]`, action `allow` or
 * `apply_security_profile_group`).
 *
 * What it assumes, and how it errs:
 * - A Firewall with no source at all (no `sourceRanges`, `sourceTags` or
 *   `sourceServiceAccounts`) admits `0.0.0.0/0`: GCP's default; a policy
 *   rule with no source matches every source.
 * - Rules on one network (or policy) are unioned whatever their targets
 *   (`targetTags`, service accounts), priorities and protocols among TCP,
 *   UDP and SCTP: a VM may carry every tag, and a narrower union is not
 *   worth a hole. A disabled rule is judged too: enabling it is one field.
 * - The network (or policy) is every one a rule names, in either parameter
 *   block: a literal (its last path segment), a reference or a selector
 *   (`kit/references`). Names that reach one composed network are that
 *   network, so a rule naming it literally and one naming it by reference
 *   are judged together; names that reach none are keyed as written.
 *
 * The analysis is built once per evaluation (a WeakMap keyed on the
 * desired-state index) and shared by both rules.
 */
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import {
  type AddressSet,
  describeExposure,
  type Exposure,
  FAMILIES,
  type Family,
  type InternetPrefix,
  judgeFamily,
  parseCidr,
  type Problem,
  publicPart,
  type Source,
  unionOf,
  unionOfSets,
} from '../kit/cidr.js';
import { providerConfigOf } from '../kit/managed.js';
import { portNames, SENSITIVE_PORTS } from '../kit/ports.js';
import { cloudName, lastSegment, references, type RefFields, type RefTarget, type Resolving, targetKey, unionKeys } from '../kit/references.js';
import { describe, explicitParams } from '../params.js';
import { FIREWALL, gcp } from './kinds.js';

/** Ports never open to the whole internet on GCP: the shared table, and FTP, which Checkov checks on GCP firewalls. */
export const GCP_SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map(
  [...SENSITIVE_PORTS, [20, 'FTP data'] as const, [21, 'FTP'] as const].sort(([a], [b]) => a - b),
);

const FIREWALL_POLICY_RULE = gcp('compute', 'FirewallPolicyRule');
const NETWORK_FIREWALL_POLICY_RULE = gcp('compute', 'NetworkFirewallPolicyRule');
const REGION_NETWORK_FIREWALL_POLICY_RULE = gcp('compute', 'RegionNetworkFirewallPolicyRule');
const KINDS = [FIREWALL, FIREWALL_POLICY_RULE, NETWORK_FIREWALL_POLICY_RULE, REGION_NETWORK_FIREWALL_POLICY_RULE];

/** Most rules of one network or policy judged together; past it, each rule is judged alone. */
const MAX_GROUP = 512;



/** One resource that admits ingress. */
export interface Entry {
  key: string;
  /** How other entries' messages name it: firewall `ssh-a`. */
  name: string;
  /** The networks (or policies) it may apply to: union keys (see `groupsOf`). */
  groups: string[];
  sources: Source[];
  set: AddressSet;
  malformed: Problem[];
  /** Protocols and port ranges it allows, for messages. */
  allows: string[];
  /** The sensitive ports it reaches. */
  reached: number[];
  /** The families whose whole space it admits to a sensitive port, alone or with others; the ports; the others. */
  open?: { families: Map<Family, Exposure>; ports: number[]; with: Entry[] };
  /** Internet ingress to any port, alone or with others. */
  exposed?: { families: Map<Family, Exposure>; with: Entry[] };
}

interface Analysis {
  byKey: ReadonlyMap<string, Entry>;
}

const cache = new WeakMap<DesiredIndex, { input: unknown; analysis: Analysis }>();

function analysisOf(ctx: RuleContext): Analysis {
  const hit = cache.get(ctx.index);
  if (hit !== undefined && hit.input === ctx.input) return hit.analysis;
  const analysis = analyse(ctx, ctx.input.network.internetPrefix);
  cache.set(ctx.index, { input: ctx.input, analysis });
  return analysis;
}

function analyse(ctx: Resolving, internet: InternetPrefix): Analysis {
  const byKey = new Map<string, Entry>();
  const groups = new Map<string, Entry[]>();
  for (const kind of KINDS) {
    for (const t of ctx.index.byRef(`gcp/${kind.service}/${kind.kind}`)) {
      if (!isObject(t.object.spec)) continue; // unreadable: the engine refuses it
      const entry = readEntry(ctx, t);
      if (entry === undefined) continue;
      byKey.set(entry.key, entry);
      for (const g of entry.groups) groups.set(g, [...(groups.get(g) ?? []), entry]);
    }
  }
  for (const entries of groups.values()) judgeGroup(entries.length > MAX_GROUP ? undefined : entries, entries, internet);
  return { byKey };
}

/** What a rule's network or policy fields name, per kind: a network, or the policy kind its rules belong to; a literal by its last path segment. */
const named = (kind: string): RefTarget => ({ kinds: [`gcp/compute/${kind}`], ids: (c) => [cloudName(c)], compare: lastSegment });
const NETWORK = { fields: { id: 'network', ref: 'networkRef', selector: 'networkSelector' }, to: named('Network') };
const policy = (kind: string) => ({ fields: { id: 'firewallPolicy', ref: 'firewallPolicyRef', selector: 'firewallPolicySelector' }, to: named(kind) });
const PARENTS: ReadonlyMap<string, { fields: RefFields; to: RefTarget }> = new Map([
  [FIREWALL.kind, NETWORK],
  [FIREWALL_POLICY_RULE.kind, policy('FirewallPolicy')],
  [NETWORK_FIREWALL_POLICY_RULE.kind, policy('NetworkFirewallPolicy')],
  [REGION_NETWORK_FIREWALL_POLICY_RULE.kind, policy('RegionNetworkFirewallPolicy')],
]);

/**
 * The networks (or policies) a rule applies to, as union keys: every name it
 * writes (a literal, a reference, a selector, in either parameter block)
 * counts, and names that reach one composed network are that network. Names
 * that reach none are scoped by where the rule is applied, its credentials
 * and its project.
 */
function groupsOf(ctx: Resolving, t: IndexedTarget): string[] {
  const project = explicitParams(t.object, ['project'])[0]?.value;
  const scope = JSON.stringify([providerConfigOf(t.type, t.object), typeof project === 'string' ? project : null]);
  const { fields, to } = PARENTS.get(t.type.kind)!;
  const keys = unionKeys(references(ctx, t, fields, to, { scope }));
  return keys.length > 0 ? keys : [JSON.stringify([t.placement, scope, to.kinds, 'none'])];
}

/** Explicit values of a list-of-strings field, each with its path; anything else is a problem. */
function stringList(obj: KubeObject, field: readonly string[], problems: Problem[]): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  for (const { path, value } of explicitParams(obj, field)) {
    if (!Array.isArray(value)) {
      problems.push({ path, message: `${path} must be a list of strings, got ${describe(value)}` });
      continue;
    }
    value.forEach((v: unknown, i) => (typeof v === 'string' ? out.push({ path: `${path}[${i}]`, value: v }) : problems.push({ path: `${path}[${i}]`, message: `${path}[${i}] must be a string, got ${describe(v)}` })));
  }
  return out;
}

/** One protocol with its port ranges: `all` ports where none are named. */
interface Allow {
  protocol: string;
  ranges: [number, number][];
}

const PORTED: Readonly<Record<string, string>> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', sctp: 'sctp', '132': 'sctp' };

/** A protocol and its `ports` strings (`"22"`, `"8000-8080"`) as an Allow; bad ports are problems. */
function readAllow(protocol: string, ports: { path: string; value: string }[], problems: Problem[]): Allow {
  const p = protocol.trim().toLowerCase();
  const proto = p === 'all' ? 'all' : (PORTED[p] ?? p);
  if (PORTED[p] === undefined) return { protocol: proto, ranges: proto === 'all' ? [[0, 65535]] : [] };
  if (ports.length === 0) return { protocol: proto, ranges: [[0, 65535]] };
  const ranges: [number, number][] = [];
  for (const { path, value } of ports) {
    const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(value.trim());
    const from = m === null ? NaN : Number(m[1]);
    const to = m === null ? NaN : Number(m[2] ?? m[1]);
    if (m === null || from > 65535 || to > 65535 || from > to) {
      problems.push({ path, message: `${path} is ${JSON.stringify(value)}, not a port or a range of ports such as "22" or "8000-8080"; it cannot be judged` });
      ranges.push([0, 65535]); // judged as every port, so that it never passes for less
    } else ranges.push([from, to]);
  }
  return { protocol: proto, ranges };
}

const allowText = (a: Allow) =>
  a.protocol === 'all' ? 'all traffic' : a.ranges.length === 0 ? `protocol ${a.protocol}` : `${a.protocol} ${a.ranges.map(([f, t]) => (f === 0 && t === 65535 ? 'every port' : f === t ? `port ${f}` : `ports ${f}-${t}`)).join(', ')}`;

/** The entry of a target that admits ingress, or undefined when it admits none (egress, a deny rule, no allow). */
function readEntry(ctx: Resolving, t: IndexedTarget): Entry | undefined {
  const obj = t.object;
  const problems: Problem[] = [];
  const allows: Allow[] = [];
  const sources: Source[] = [];
  const firewall = t.type.kind === 'Firewall';

  // Direction: INGRESS where absent on a Firewall; anything but EGRESS everywhere is judged as ingress.
  const directions = explicitParams(obj, ['direction']);
  for (const d of directions) if (d.value !== 'INGRESS' && d.value !== 'EGRESS') problems.push({ path: d.path, message: `${d.path} must be "INGRESS" or "EGRESS", got ${describe(d.value)}` });
  if (directions.length > 0 && directions.every((d) => d.value === 'EGRESS')) return undefined;

  if (firewall) {
    const blocks = explicitParams(obj, ['allow']);
    if (blocks.length === 0) return undefined; // a deny firewall, or none: it admits nothing
    for (const { path, value } of blocks) {
      if (!Array.isArray(value)) {
        problems.push({ path, message: `${path} must be a list of {protocol, ports}, got ${describe(value)}` });
        allows.push({ protocol: 'all', ranges: [[0, 65535]] });
        continue;
      }
      value.forEach((a: unknown, i) => readAllowBlock(a, `${path}[${i}]`, 'protocol', allows, problems));
    }
    const ranges = stringList(obj, ['sourceRanges'], problems);
    for (const r of ranges) addCidr(r, sources, problems);
    const others = [...stringList(obj, ['sourceTags'], problems), ...stringList(obj, ['sourceServiceAccounts'], problems)];
    if (ranges.length === 0 && others.length === 0) sources.push({ path: 'spec.forProvider.sourceRanges', label: 'no source at all (GCP then admits 0.0.0.0/0)', set: unionOf([whole('ipv4')]) });
  } else {
    // A policy rule: only allow (and inspect-then-allow) lets traffic in; deny and goto_next do not.
    const actions = explicitParams(obj, ['action']);
    for (const a of actions) if (typeof a.value !== 'string') problems.push({ path: a.path, message: `${a.path} must be a string, got ${describe(a.value)}` });
    const allowing = actions.length === 0 || actions.some((a) => typeof a.value !== 'string' || ['allow', 'apply_security_profile_group'].includes(a.value.trim().toLowerCase()));
    if (!allowing) return undefined;
    const configs = explicitParams(obj, ['match', 'layer4Configs']);
    if (configs.length === 0) allows.push({ protocol: 'all', ranges: [[0, 65535]] });
    for (const { path, value } of configs) {
      if (!Array.isArray(value)) {
        problems.push({ path, message: `${path} must be a list of {ipProtocol, ports}, got ${describe(value)}` });
        allows.push({ protocol: 'all', ranges: [[0, 65535]] });
        continue;
      }
      if (value.length === 0) allows.push({ protocol: 'all', ranges: [[0, 65535]] });
      value.forEach((a: unknown, i) => readAllowBlock(a, `${path}[${i}]`, 'ipProtocol', allows, problems));
    }
    const ranges = stringList(obj, ['match', 'srcIpRanges'], problems);
    for (const r of ranges) addCidr(r, sources, problems);
    const others = ['srcSecureTags', 'srcAddressGroups', 'srcFqdns', 'srcRegionCodes', 'srcThreatIntelligences'].flatMap((f) => explicitParams(obj, ['match', f]).filter((e) => !Array.isArray(e.value) || e.value.length > 0));
    if (ranges.length === 0 && others.length === 0) sources.push({ path: formatFieldPath(['spec', 'forProvider', 'match']), label: 'no source at all (the rule then matches every source)', set: unionOf([whole('ipv4'), whole('ipv6')]) });
  }

  const reached = new Set<number>();
  for (const a of allows) {
    if (a.protocol === 'all') for (const p of GCP_SENSITIVE_PORTS.keys()) reached.add(p);
    else for (const [from, to] of a.ranges) for (const p of GCP_SENSITIVE_PORTS.keys()) if (p >= from && p <= to) reached.add(p);
  }
  const label = firewall ? 'firewall' : 'firewall policy rule';
  return {
    key: targetKey(t),
    name: `${label} \`${t.name}\``,
    groups: groupsOf(ctx, t),
    sources,
    set: unionOfSets(sources.map((s) => s.set)),
    malformed: problems,
    allows: [...new Set(allows.map(allowText))],
    reached: [...reached].sort((a, b) => a - b),
  };
}

function readAllowBlock(a: unknown, at: string, protocolField: string, allows: Allow[], problems: Problem[]): void {
  if (!isObject(a)) {
    problems.push({ path: at, message: `${at} must be an object, got ${describe(a)}` });
    allows.push({ protocol: 'all', ranges: [[0, 65535]] });
    return;
  }
  const protocol = a[protocolField];
  if (typeof protocol !== 'string') {
    problems.push({ path: `${at}.${protocolField}`, message: `${at}.${protocolField} must be a protocol name or number, got ${describe(protocol)}` });
    allows.push({ protocol: 'all', ranges: [[0, 65535]] });
    return;
  }
  const ports: { path: string; value: string }[] = [];
  const raw = a.ports;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) {
      problems.push({ path: `${at}.ports`, message: `${at}.ports must be a list of ports, got ${describe(raw)}` });
      ports.push({ path: `${at}.ports`, value: '' });
    } else {
      raw.forEach((p: unknown, i) => {
        if (typeof p === 'string') ports.push({ path: `${at}.ports[${i}]`, value: p });
        else {
          problems.push({ path: `${at}.ports[${i}]`, message: `${at}.ports[${i}] must be a string such as "22" or "8000-8080", got ${describe(p)}` });
          ports.push({ path: `${at}.ports[${i}]`, value: '' });
        }
      });
    }
  }
  // Ports already reported above are judged as every port; do not report them twice.
  const reported = new Set(problems.map((p) => p.path));
  const fresh: Problem[] = [];
  allows.push(readAllow(protocol, ports, fresh));
  for (const p of fresh) if (!reported.has(p.path)) problems.push(p);
}

function whole(family: Family) {
  const parsed = parseCidr(family === 'ipv4' ? '0.0.0.0/0' : '::/0');
  if (!parsed.ok) throw new Error('bad built-in CIDR');
  return parsed.cidr;
}

function addCidr(r: { path: string; value: string }, sources: Source[], problems: Problem[]): void {
  const parsed = parseCidr(r.value);
  if (!parsed.ok) problems.push({ path: r.path, message: `${r.path} is ${JSON.stringify(r.value)}, not a CIDR: ${parsed.reason}; write a CIDR such as 198.51.100.0/24` });
  else sources.push({ path: r.path.replace(/\[\d+\]$/, ''), label: r.value, set: unionOf([parsed.cidr]) });
}

const pick = (set: AddressSet, f: Family): AddressSet => (f === 'ipv4' ? { ipv4: set.ipv4, ipv6: [] } : { ipv4: [], ipv6: set.ipv6 });
const hasPublic = (e: Entry, f: Family) => publicPart(e.set, f).length > 0;

/**
 * Judges the entries of one network or policy: per sensitive port, the union
 * of the entries that reach it (whole space: open); over every port, the
 * union of all of them (the internet: exposed). Entries that add nothing
 * public to a family are not blamed for it. `together` undefined: the group
 * is too large, each entry is judged alone.
 */
function judgeGroup(together: readonly Entry[] | undefined, entries: readonly Entry[], internet: InternetPrefix): void {
  const groups = together === undefined ? entries.map((e) => [e]) : [entries];
  for (const group of groups) {
    for (const port of GCP_SENSITIVE_PORTS.keys()) {
      const reaching = group.filter((e) => e.reached.includes(port));
      if (reaching.length === 0) continue;
      for (const f of FAMILIES) {
        const found = judgeFamily(unionOfSets(reaching.map((e) => pick(e.set, f))), f, internet).exposure;
        if (found?.whole !== true) continue;
        const blamed = reaching.filter((e) => hasPublic(e, f));
        for (const e of blamed) {
          e.open ??= { families: new Map(), ports: [], with: [] };
          if (!e.open.families.has(f)) e.open.families.set(f, found);
          if (!e.open.ports.includes(port)) e.open.ports.push(port);
          for (const o of blamed) if (o !== e && !e.open.with.includes(o)) e.open.with.push(o);
        }
      }
    }
    for (const f of FAMILIES) {
      const found = judgeFamily(unionOfSets(group.map((e) => pick(e.set, f))), f, internet).exposure;
      if (found === undefined) continue;
      const blamed = group.filter((e) => hasPublic(e, f));
      for (const e of blamed) {
        e.exposed ??= { families: new Map(), with: [] };
        if (!e.exposed.families.has(f)) e.exposed.families.set(f, found);
        for (const o of blamed) if (o !== e && !e.exposed.with.includes(o)) e.exposed.with.push(o);
      }
    }
  }
}

function entryOf(ctx: RuleContext): Entry | undefined {
  return analysisOf(ctx).byKey.get(targetKey(ctx));
}

/** `0.0.0.0/1, 128.0.0.0/1 here and 10.0.0.0/8 in firewall \`b\``: the sources of an entry, and of those it is judged with. */
function sourcesText(e: Entry, others: readonly Entry[]): string {
  const few = (xs: readonly string[], n: number) => (xs.length <= n ? xs.join(', ') : `${xs.slice(0, n).join(', ')} and ${xs.length - n} more`);
  const mine = few(e.sources.map((s) => s.label), 5);
  if (others.length === 0) return mine;
  return `${mine} here and ${few(others.map((o) => `${few(o.sources.map((s) => s.label), 2)} in ${o.name}`), 3)}`;
}

const familiesText = (families: ReadonlyMap<Family, Exposure>, internet: InternetPrefix, together: boolean) =>
  [...families.values()].map((x) => `${together ? 'together ' : ''}${describeExposure(x, internet)}`).join('; ');

const WHAT =
  'a VPC `Firewall` (direction INGRESS, the default) with `allow` blocks, or a `FirewallPolicyRule`, `NetworkFirewallPolicyRule` or `RegionNetworkFirewallPolicyRule` (direction INGRESS, action `allow` or `apply_security_profile_group`); its sources are its `sourceRanges` (`match.srcIpRanges`), `0.0.0.0/0` when it names no source at all, unioned with every other such rule on the same network (or firewall policy), whatever their target tags, service accounts or priorities';

export const firewallOpenAdminPorts = defineRule({
  id: 'gcp-firewall-open-admin-ports',
  title: 'No internet ingress to admin or database ports on GCP',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses ${WHAT}, that admits the whole IPv4 or IPv6 address space to SSH, RDP, FTP or a database port (${[...GCP_SENSITIVE_PORTS.keys()].join(', ')}), through its \`ports\` (\`"22"\`, a range such as \`"20-25"\`, or none: every port) for TCP, UDP or SCTP (by name or number), or protocol \`all\`: \`0.0.0.0/0\` and \`::/0\`, but also \`0.0.0.0/1\` with \`128.0.0.0/1\`, or two rules of one /1 each on the same network. A disabled rule is judged too. Also refuses what cannot be judged: a range that is not a CIDR, a port that is not a port or a range, a direction other than INGRESS or EGRESS, lists that are not lists.`,
  references: { checkov: ['CKV_GCP_2', 'CKV_GCP_3', 'CKV_GCP_75', 'CKV_GCP_77', 'CKV_GCP_88', 'CKV2_GCP_12'], trivy: ['GCP-0027', 'GCP-0070', 'GCP-0071', 'GCP-0072'] },
  kinds: KINDS,
  check(ctx) {
    const e = entryOf(ctx);
    if (e === undefined) return;
    for (const p of e.malformed) ctx.unsafe(p.path, p.message);
    if (e.open === undefined) return;
    const internet = ctx.input.network.internetPrefix;
    const path = e.sources.find((s) => s.set.ipv4.length + s.set.ipv6.length > 0)?.path ?? 'spec.forProvider';
    ctx.unsafe(
      path,
      `ingress from ${sourcesText(e, e.open.with)} (${familiesText(e.open.families, internet, e.open.with.length > 0)}) allows ${e.allows.join(', ')}, reaching ${portNames([...e.open.ports].sort((a, b) => a - b), GCP_SENSITIVE_PORTS)}; allow only specific ranges (a VPN, a bastion, Identity-Aware Proxy's 35.235.240.0/20) or use IAP TCP forwarding`,
    );
  },
}) satisfies Rule;

export const firewallInternetIngress = defineRule({
  id: 'gcp-firewall-internet-ingress',
  title: 'Internet ingress on GCP needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval ${WHAT}, that admits the internet to any port or protocol: the whole address space, or a public range wider than \`network.internetPrefix\` of the Input (/8 for IPv4, /16 for IPv6 by default), e.g. HTTP or HTTPS to a public load balancer: legitimate, but a person should confirm it. Ingress that \`gcp-firewall-open-admin-ports\` refuses is not held too, unless that rule is disabled.`,
  references: { checkov: ['CKV_GCP_106'], trivy: ['GCP-0027'] },
  kinds: KINDS,
  check(ctx) {
    const e = entryOf(ctx);
    if (e === undefined) return;
    // What the admin-ports rule refuses (malformed values included), it reports; this rule stays quiet about it.
    const adminReports = (ctx.input.rules[firewallOpenAdminPorts.id]?.action ?? firewallOpenAdminPorts.defaultAction) !== 'Disabled';
    if (!adminReports) for (const p of e.malformed) ctx.unsafe(p.path, p.message);
    if (e.exposed === undefined || (adminReports && e.open !== undefined)) return;
    const internet = ctx.input.network.internetPrefix;
    const path = e.sources.find((s) => FAMILIES.some((f) => publicPart(s.set, f).length > 0))?.path ?? 'spec.forProvider';
    const reaching = e.reached.length > 0 ? `, reaching ${portNames(e.reached, GCP_SENSITIVE_PORTS)}` : '';
    ctx.unsafe(
      path,
      `ingress from ${sourcesText(e, e.exposed.with)} (${familiesText(e.exposed.families, internet, e.exposed.with.length > 0)}) allows ${e.allows.join(', ')}${reaching}; approve only if it must face the internet (a public load balancer or API), otherwise allow only specific ranges`,
    );
  },
}) satisfies Rule;

/** The firewall rules in evaluation order. */
export const FIREWALL_RULES = [firewallOpenAdminPorts, firewallInternetIngress] as const satisfies readonly Rule[];
