/**
 * Network security group rules as Azure applies them: an NSG admits the
 * union of its inbound Allow rules, so they are judged together. Every
 * inbound Allow rule of the desired state, a standalone `SecurityRule` or
 * an inline `securityRule[]` block of a `SecurityGroup`, is read once per
 * evaluation; the rules of one NSG (the inline ones, and the standalone
 * ones that name it by reference, selector or name) are unioned per
 * protocol and port. Two rules of `0.0.0.0/1` and `128.0.0.0/1` to port 22
 * are SSH from the whole internet.
 *
 * Sources: `*`, `Any` and `Internet` (any case) are the whole internet, and
 * so is a bare `0.0.0.0` and any `<address>/0` (as Checkov reads them);
 * CIDRs and addresses are unioned with the CIDR kit; the service tags
 * `VirtualNetwork`, `AzureLoadBalancer` and `GatewayManager` are not the
 * internet; any other service tag (`AzureCloud`, `AppService`,
 * `Storage.WestEurope`, ...) stands for Azure address ranges, some of them
 * shared by every tenant, that cannot be known here, so ingress from it is
 * held. Ports: `destinationPortRange` and every `destinationPortRanges`
 * entry, each `*`, a port or a range; protocol `*` (and an absent one)
 * reaches every port.
 *
 * Decisions, and how they err:
 * - Priorities are not modelled. A Deny rule of higher priority does not
 *   make an Allow safe here: it can be deleted or reordered on its own, by
 *   another composition or in the portal, and the Allow then stands; and a
 *   subnet's NSG and a network interface's NSG both apply. Every inbound
 *   Allow is judged as if it were the only rule, so an NSG that allows SSH
 *   from the internet below a Deny is still refused: delete the Allow.
 * - Rules outside the desired state (other compositions on a shared NSG)
 *   are not known, so a union can only be larger than judged.
 * - Both parameter blocks are read, the widest way: every protocol, port,
 *   and source either names; a direction or access that is absent or not
 *   Azure's own word counts as Inbound and Allow (and is refused as
 *   malformed).
 */
import type { DesiredIndex } from '../../engine/desired-index.js';
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { type AddressSet, describeExposure, EMPTY, type Exposure, FAMILIES, type Family, type InternetPrefix, judgeFamily, parseCidr, type Problem, publicPart, type Source, unionOf, unionOfSets } from '../kit/cidr.js';
import { parsePortRange, portNames, sensitiveIn, SENSITIVE_PORTS, MAX_PORT, type PortRange } from '../kit/ports.js';
import { applied, cloudName, lastSegment, nodeKey, picked, references, type RefTarget, type Resolving, targetKey, unionKeys } from '../kit/references.js';
import { describe, explicitParams, readableParams } from '../params.js';

const az = (kind: string): ProviderKindRef => ({ cloud: 'azure', service: 'network', kind });
const KINDS = [az('SecurityRule'), az('SecurityGroup')];

/** How a SecurityRule names its NSG, and what it names: a SecurityGroup, by reference, selector, or a name or ID that ends in its Azure name. */
const NSG_FIELDS = { id: 'networkSecurityGroupName', ref: 'networkSecurityGroupNameRef', selector: 'networkSecurityGroupNameSelector' };
const NSG: RefTarget = { kinds: ['azure/network/SecurityGroup'], ids: (c) => [cloudName(c)], compare: lastSegment };

/** Source words that mean every address (compared without case). */
const ANYWHERE = new Set(['*', 'any', 'internet']);
/** Service tags that are not the internet: the virtual network, Azure's load balancer probes, and gateway management. */
const NOT_INTERNET = new Set(['virtualnetwork', 'azureloadbalancer', 'gatewaymanager']);
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9-]+)*$/;

/** Every address of both families. */
const WHOLE: AddressSet = unionOf(['0.0.0.0/0', '::/0'].flatMap((c) => {
  const parsed = parseCidr(c);
  return parsed.ok ? [parsed.cidr] : [];
}));

/** Most steps the union of one NSG's rules may take; past it, every rule of the NSG that admits public addresses is held. */
const MAX_GROUP_WORK = 2_000_000;



interface Flag {
  family: Family;
  exposure: Exposure;
  together: readonly Entry[];
}

interface Entry {
  /** How messages name it: rule `ssh`, securityRule[0] (`ssh`) of security group `web`. */
  name: string;
  /** Where it is written, for findings without a source to point at. */
  path: string;
  sources: Source[];
  set: AddressSet;
  /** Service tags, which cannot be judged here. */
  tags: Source[];
  malformed: Problem[];
  /** Lowercased protocols as written; `*` for all. */
  protocols: string[];
  ports: PortRange[];
  /** Sensitive ports it reaches over TCP or UDP. */
  reached: number[];
  /** Protocol classes: `tcp`, `udp`, or a port-less protocol. */
  classes: string[];
  groups: string[];
  publicFamilies: Set<Family>;
  /** The whole address space of a family on sensitive ports, alone or together: refused. */
  open?: Flag & { ports: Set<number> };
  /** The internet on any port, alone or together: held. */
  exposed?: Flag;
  /** Why its NSG could not be judged together. */
  unjudged?: string;
}

const cache = new WeakMap<DesiredIndex, { internet: InternetPrefix; byTarget: Map<string, { entries: Entry[]; malformed: Problem[] }> }>();

function analysis(ctx: Resolving & Pick<RuleContext, 'input'>): Map<string, { entries: Entry[]; malformed: Problem[] }> {
  const internet = ctx.input.network.internetPrefix;
  const hit = cache.get(ctx.index);
  if (hit !== undefined && hit.internet === internet) return hit.byTarget;
  const byTarget = new Map<string, { entries: Entry[]; malformed: Problem[] }>();
  const groups = new Map<string, Entry[]>();
  const add = (e: Entry) => {
    for (const g of e.groups) groups.set(g, [...(groups.get(g) ?? []), e]);
  };
  for (const t of applied(ctx.index.byRef('azure/network/SecurityGroup'))) {
    if (!readableParams(t.object)) continue;
    const key = targetKey(t);
    const found = { entries: [] as Entry[], malformed: [] as Problem[] };
    byTarget.set(key, found);
    for (const { path, value } of explicitParams(t.object, ['securityRule'])) {
      if (!Array.isArray(value)) {
        found.malformed.push({ path, message: `${path} must be a list of security rules, got ${describe(value)}` });
        continue;
      }
      value.forEach((block, i) => {
        const at = `${path}[${i}]`;
        if (!isObject(block)) {
          found.malformed.push({ path: at, message: `${at} must be a security rule (an object), got ${describe(block)}` });
          return;
        }
        const label = typeof block.name === 'string' ? ` (\`${block.name}\`)` : '';
        const e = readRule(`${path.startsWith('spec.initProvider') ? 'initProvider.' : ''}securityRule[${i}]${label} of security group \`${t.name}\``, at, (f) => (block[f] === undefined || block[f] === null ? [] : [{ path: `${at}.${f}`, value: block[f] }]));
        if (e === undefined) return;
        e.groups = [nodeKey(t)];
        found.entries.push(e);
        add(e);
      });
    }
  }
  for (const t of applied(ctx.index.byRef('azure/network/SecurityRule'))) {
    if (!readableParams(t.object)) continue;
    const key = targetKey(t);
    const e = readRule(`rule \`${t.name}\``, 'spec.forProvider', (f) => explicitParams(t.object, [f]));
    byTarget.set(key, { entries: e === undefined ? [] : [e], malformed: [] });
    if (e === undefined) continue;
    const refs = references(ctx, t, NSG_FIELDS, NSG);
    const keys = unionKeys(refs);
    const names = [...new Set(picked(refs).map((p) => p.name))].sort();
    e.groups = keys.length > 0 ? keys : [`alone|${key}`];
    if (names.length > 0) e.name = `${e.name} of security group ${names.map((n) => `\`${n}\``).join(' or ')}`;
    add(e);
  }
  for (const members of groups.values()) judgeGroup(members, internet);
  cache.set(ctx.index, { internet, byTarget });
  return byTarget;
}

type Read = (field: string) => { path: string; value: unknown }[];

/** One security rule, or undefined when it is outbound or denies. */
function readRule(name: string, path: string, read: Read): Entry | undefined {
  const malformed: Problem[] = [];
  const word = (field: string, allowed: readonly string[]): string[] =>
    read(field).flatMap(({ path: at, value }) => {
      const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
      if (lower !== undefined && allowed.includes(lower)) return [lower];
      malformed.push({ path: at, message: `${at} is ${describe(value, true)}, not one of ${allowed.map((a) => JSON.stringify(a.charAt(0).toUpperCase() + a.slice(1))).join(', ')}` });
      return [];
    });
  const directions = word('direction', ['inbound', 'outbound']);
  const accesses = word('access', ['allow', 'deny']);
  // Absent or malformed counts as inbound and allowed, so that it never passes for less.
  const outbound = directions.length > 0 && !directions.includes('inbound');
  const denies = accesses.length > 0 && !accesses.includes('allow');
  if ((outbound || denies) && malformed.length === 0) return undefined;
  const entry: Entry = { name, path, sources: [], set: EMPTY, tags: [], malformed, protocols: [], ports: [], reached: [], classes: [], groups: [], publicFamilies: new Set() };
  entry.protocols = word('protocol', ['tcp', 'udp', 'icmp', 'esp', 'ah', '*']);
  if (entry.protocols.length === 0) entry.protocols = ['*'];
  for (const { path: at, value } of read('sourceAddressPrefix')) readSource(entry, at, value);
  for (const { path: at, value } of read('sourceAddressPrefixes')) {
    if (!Array.isArray(value)) entry.malformed.push({ path: at, message: `${at} must be a list of address prefixes, got ${describe(value)}` });
    else value.forEach((v, i) => readSource(entry, `${at}[${i}]`, v));
  }
  for (const { path: at, value } of read('destinationPortRange')) readPorts(entry, at, value);
  for (const { path: at, value } of read('destinationPortRanges')) {
    if (!Array.isArray(value)) entry.malformed.push({ path: at, message: `${at} must be a list of port ranges, got ${describe(value)}` });
    else value.forEach((v, i) => readPorts(entry, `${at}[${i}]`, v));
  }
  // No port at all is invalid for Azure; judged as every port, so that it never passes for less.
  if (entry.ports.length === 0) entry.ports = [{ from: 0, to: MAX_PORT }];
  const all = entry.protocols.includes('*');
  entry.classes = all ? ['tcp', 'udp', 'icmp', 'esp', 'ah'] : [...new Set(entry.protocols)];
  entry.reached = entry.classes.some((c) => c === 'tcp' || c === 'udp') ? [...new Set(entry.ports.flatMap((r) => sensitiveIn(r.from, r.to)))].sort((a, b) => a - b) : [];
  entry.set = unionOfSets(entry.sources.map((s) => s.set));
  for (const f of FAMILIES) if (publicPart(entry.set, f).length > 0) entry.publicFamilies.add(f);
  return entry;
}

/** A source prefix: a word for everywhere, a service tag, or an address or CIDR; anything else is malformed. */
function readSource(entry: Entry, path: string, value: unknown): void {
  if (typeof value !== 'string') {
    entry.malformed.push({ path, message: `${path} is ${describe(value)}, not an address prefix; write a CIDR such as 198.51.100.0/24 or a service tag` });
    return;
  }
  if (value === '') return; // no value: Upjet fills it from initProvider, which is read too
  const lower = value.toLowerCase();
  if (ANYWHERE.has(lower) || value === '0.0.0.0') {
    entry.sources.push({ path, label: value, set: WHOLE });
    return;
  }
  if (NOT_INTERNET.has(lower)) return;
  const parsed = parseCidr(value);
  if (parsed.ok) {
    entry.sources.push({ path, label: value, set: unionOf([parsed.cidr]) });
    return;
  }
  if (SERVICE_TAG.test(value)) {
    entry.tags.push({ path, label: value, set: EMPTY });
    return;
  }
  entry.malformed.push({ path, message: `${path} is ${JSON.stringify(value)}, not a CIDR or a service tag: ${parsed.reason}; write a CIDR such as 198.51.100.0/24` });
}

function readPorts(entry: Entry, path: string, value: unknown): void {
  if (typeof value !== 'string') {
    entry.malformed.push({ path, message: `${path} is ${describe(value)}, not a port range; write a port (22), a range (1000-2000) or *` });
    return;
  }
  if (value === '') return;
  const parsed = parsePortRange(value);
  if (parsed.ok) entry.ports.push(parsed.range);
  else entry.malformed.push({ path, message: `${path} is ${JSON.stringify(value)}: ${parsed.reason}; write a port (22), a range (1000-2000) or *` });
}

const pick = (set: AddressSet, f: Family): AddressSet => (f === 'ipv4' ? { ipv4: set.ipv4, ipv6: [] } : { ipv4: [], ipv6: set.ipv6 });

/**
 * Judges the rules of one NSG: each alone, then together per protocol and
 * port. A port's union is taken over the rules that reach it; ports judged
 * are the sensitive ones and the first port of every range (the union at
 * any port is contained in the union at the highest range start at or below
 * it), and a port-less protocol once.
 */
function judgeGroup(members: readonly Entry[], internet: InternetPrefix): void {
  for (const e of members) {
    for (const f of FAMILIES) {
      const found = judgeFamily(pick(e.set, f), f, internet).exposure;
      if (found === undefined) continue;
      if (found.whole && e.reached.length > 0) e.open ??= { family: f, exposure: found, together: [e], ports: new Set(e.reached) };
      else e.exposed ??= { family: f, exposure: found, together: [e] };
    }
  }
  if (members.length < 2) return;
  let work = 0;
  const classes = new Set(members.flatMap((e) => e.classes));
  for (const c of classes) {
    const reaching = members.filter((e) => e.classes.includes(c));
    if (reaching.length < 2) continue;
    const ported = c === 'tcp' || c === 'udp';
    const points = ported ? [...new Set([...SENSITIVE_PORTS.keys(), ...reaching.flatMap((e) => e.ports.map((r) => r.from))])] : [0];
    // Finding the rules that reach a port reads every range of every rule.
    const ranges = reaching.reduce((n, e) => n + e.ports.length, 0);
    for (const f of FAMILIES) {
      if (judgeFamily(unionOfSets(reaching.map((e) => pick(e.set, f))), f, internet).exposure === undefined) continue;
      for (const point of points) {
        work += ranges;
        if (work > MAX_GROUP_WORK) break;
        const covering = ported ? reaching.filter((e) => e.ports.some((r) => r.from <= point && point <= r.to)) : reaching;
        if (covering.length < 2) continue;
        work += covering.reduce((n, e) => n + e.set[f].length, 0);
        const found = judgeFamily(unionOfSets(covering.map((e) => pick(e.set, f))), f, internet).exposure;
        if (found === undefined) continue;
        const together = covering.filter((e) => e.publicFamilies.has(f));
        work += together.length;
        for (const e of together) {
          if (found.whole && ported && SENSITIVE_PORTS.has(point)) {
            if (e.open === undefined) e.open = { family: f, exposure: found, together, ports: new Set([point]) };
            else if (e.open.family === f) e.open.ports.add(point);
          } else if (e.exposed === undefined) {
            e.exposed = { family: f, exposure: found, together };
          }
        }
      }
    }
  }
  if (work > MAX_GROUP_WORK) {
    const why = `its security group has ${members.length} inbound rules over too many distinct port ranges to judge together`;
    for (const e of members) if (e.publicFamilies.size > 0) e.unjudged = why;
  }
}

function rulesOf(ctx: RuleContext): { entries: readonly Entry[]; malformed: readonly Problem[] } {
  const found = analysis(ctx).get(targetKey({ name: ctx.name, at: ctx.at }));
  if (found === undefined) return { entries: [], malformed: [] };
  return { entries: found.entries, malformed: [...found.malformed, ...found.entries.flatMap((e) => e.malformed)] };
}

const WHAT =
  'an inbound Allow rule of a network security group, a standalone `SecurityRule` or an inline `securityRule` of a `SecurityGroup` (its `sourceAddressPrefix` and `sourceAddressPrefixes` unioned, and unioned again with every other inbound Allow rule of the same NSG that reaches the same protocol and port: the inline rules of a SecurityGroup, and the SecurityRules that name it by `networkSecurityGroupNameRef`, selector or name)';

export const nsgOpenAdminPorts = defineRule({
  id: 'azure-nsg-open-admin-ports',
  title: 'No internet ingress to admin or database ports',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses ${WHAT} that admits the whole IPv4 or IPv6 space to SSH, RDP or a database port (1433, 1521, 3306, 3389, 5432, 5439, 6379, 9042, 9200, 11211, 27017) over TCP, UDP or any protocol: \`*\`, \`Any\`, \`Internet\`, \`0.0.0.0\`, \`0.0.0.0/0\`, any \`<address>/0\`, \`::/0\`, but also \`0.0.0.0/1\` with \`128.0.0.0/1\` in one rule or in two, each refused and naming the others. A port range or \`*\` that spans a sensitive port counts, in \`destinationPortRange\` or any entry of \`destinationPortRanges\`. Priorities are not modelled: a Deny of higher priority can be removed on its own, so it does not make the Allow safe. Also refuses what cannot be judged: a source that is neither a CIDR nor a service tag, a port that is not a port, a range or \`*\`, a protocol, direction or access that is not one of Azure's words, a list that is not a list.`,
  references: { checkov: ['CKV_AZURE_9', 'CKV_AZURE_10'], trivy: ['AZU-0048', 'AZU-0050', 'AZU-0074'] },
  kinds: KINDS,
  check(ctx) {
    const { entries, malformed } = rulesOf(ctx);
    for (const m of malformed) ctx.unsafe(m.path, m.message);
    for (const e of entries) {
      if (e.open === undefined) continue;
      ctx.unsafe(reportPath(e, e.open.family), `${e.name}: inbound ${span(e)} from ${sourcesText(e, e.open, ctx.input.network.internetPrefix)} reaches ${portNames([...e.open.ports].sort((a, b) => a - b))}; ${ADVICE}`);
    }
  },
}) satisfies Rule;

const ADVICE = 'allow only specific CIDRs (a VPN, a bastion subnet) or an application security group, or use Azure Bastion; a Deny of higher priority does not make this Allow safe';

export const nsgInternetIngress = defineRule({
  id: 'azure-nsg-internet-ingress',
  title: 'Internet ingress through an NSG needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval ${WHAT} that admits the internet to any port or protocol: the whole address space, or a public range wider than \`network.internetPrefix\` of the Input (private and special-purpose space is not public), e.g. HTTPS to a public web server: legitimate, but a person should confirm it. Also holds ingress from a service tag other than \`VirtualNetwork\`, \`AzureLoadBalancer\` and \`GatewayManager\` (\`AzureCloud\`, \`AppService\`, ...): Azure address ranges that cannot be known here, some shared by every tenant. What \`azure-nsg-open-admin-ports\` refuses is not held too (unless that rule is disabled).`,
  references: { checkov: ['CKV_AZURE_77', 'CKV_AZURE_160'], trivy: ['AZU-0047'] },
  kinds: KINDS,
  check(ctx) {
    const adminReports = (ctx.input.rules[nsgOpenAdminPorts.id]?.action ?? nsgOpenAdminPorts.defaultAction) !== 'Disabled';
    const { entries, malformed } = rulesOf(ctx);
    if (!adminReports) for (const m of malformed) ctx.unsafe(m.path, m.message);
    const internet = ctx.input.network.internetPrefix;
    for (const e of entries) {
      const refused = adminReports && e.open !== undefined;
      const reaching = e.reached.length > 0 ? `, reaching ${portNames(e.reached)}` : '';
      const flag = !adminReports && e.open !== undefined ? e.open : e.exposed;
      if (!refused && flag !== undefined) ctx.unsafe(reportPath(e, flag.family), `${e.name}: inbound ${span(e)} from ${sourcesText(e, flag, internet)}${reaching}; ${APPROVE}`);
      if (refused) continue;
      for (const tag of e.tags) ctx.unsafe(tag.path, `${e.name}: inbound ${span(e)} from the service tag ${tag.label}${reaching}, Azure address ranges that cannot be known here (some shared by every tenant); ${APPROVE}`);
      if (flag === undefined && e.unjudged !== undefined) {
        const at = e.sources.find((s) => FAMILIES.some((f) => publicPart(s.set, f).length > 0));
        ctx.unsafe(at?.path ?? e.path, `${e.name}: inbound ${span(e)} from ${at?.label ?? 'public addresses'}${reaching}, but ${e.unjudged}; ${APPROVE}`);
      }
    }
  },
}) satisfies Rule;

const APPROVE = 'approve only if it must face the internet (a public web server or load balancer), otherwise allow only specific CIDRs, a service tag such as VirtualNetwork, or an application security group';

/** The NSG rules in evaluation order. */
export const NSG_RULES = [nsgOpenAdminPorts, nsgInternetIngress] as const satisfies readonly Rule[];

/** Where a finding points: the first source that adds public addresses in the family. */
function reportPath(e: Entry, f: Family): string {
  return e.sources.find((s) => publicPart(s.set, f).length > 0)?.path ?? e.sources[0]?.path ?? e.path;
}

/** `Tcp ports 20-30, 3389`, `all traffic (protocol *)`, `Icmp`. */
function span(e: Entry): string {
  if (e.protocols.includes('*')) return `all traffic (protocol *) on ${portsText(e)}`;
  const names = [...new Set(e.protocols)].map((p) => p.charAt(0).toUpperCase() + p.slice(1));
  return e.classes.some((c) => c === 'tcp' || c === 'udp') ? `${names.join('/')} ${portsText(e)}` : names.join('/');
}

function portsText(e: Entry): string {
  const texts = e.ports.map((r) => (r.from === 0 && r.to === MAX_PORT ? 'every port' : r.from === r.to ? `port ${r.from}` : `ports ${r.from}-${r.to}`));
  return texts.length > 4 ? `${texts.slice(0, 4).join(', ')} and ${texts.length - 4} more` : texts.join(', ');
}

/** `* (the whole internet)`, `0.0.0.0/1 here and 128.0.0.0/1 in rule \`ssh-b\` (together the whole IPv4 internet)`. */
function sourcesText(e: Entry, flag: Flag, internet: InternetPrefix): string {
  const own = e.sources.filter((s) => publicPart(s.set, flag.family).length > 0).map((s) => s.label);
  const few = (items: readonly string[], max: number) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);
  const others = flag.together.filter((o) => o !== e);
  const everywhere = flag.exposure.whole && FAMILIES.every((f) => judgeFamily(pick(unionOfSets([e, ...others].map((x) => x.set)), f), f, internet).exposure?.whole === true);
  const what = everywhere ? 'the whole internet' : describeExposure(flag.exposure, internet);
  if (others.length === 0) return `${few([...new Set(own)], 5)} (${what})`;
  const theirs = others.map((o) => `${few([...new Set(o.sources.filter((s) => publicPart(s.set, flag.family).length > 0).map((s) => s.label))], 2)} in ${o.name}`);
  return `${few([...new Set(own)], 5)} here and ${few(theirs, 3)} (together ${what})`;
}
