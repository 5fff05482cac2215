/**
 * Security group ingress of the community AWS provider: the same two rules
 * as `aws-ec2-sg-open-admin-ports` and `aws-ec2-sg-internet-ingress` give
 * the Upbound kinds, on its SecurityGroup's inline `ingress[]` and its
 * SecurityGroupRule (type ingress). What an ingress admits is judged as AWS
 * applies it: the CIDRs of every ingress block of a SecurityGroup that
 * reach a port are unioned, and so are those of every SecurityGroupRule
 * naming the same group (the same `securityGroupId`, reference or
 * selector), so splitting the internet into halves or /8s changes nothing.
 * A split between a SecurityGroup's inline ingress and a separate rule is
 * not unioned: each half is a public range wider than the Input's
 * `network.internetPrefix`, and held.
 */
import { canonicalJson } from '../../../lang/canonical.js';
import { isObject, type Segment, formatFieldPath } from '../../../lang/fieldpath.js';
import type { DesiredIndex, IndexedTarget } from '../../../engine/desired-index.js';
import { defineRule, refOf, type Rule, type RuleContext } from '../../../engine/rule.js';
import { coversAll, exposure, describeExposure, type Cidr, FAMILIES, parseCidr, unionOf } from '../../kit/cidr.js';
import { MAX_PORT, portNames, sensitiveIn } from '../../kit/ports.js';
import { describe, explicitParams } from '../../params.js';
import { SECURITY_GROUP, SECURITY_GROUP_RULE } from './kinds.js';

/** One ingress as AWS applies it: the ports it opens and the ranges it admits. */
interface Ingress {
  /** Where it is written, for findings: `spec.forProvider.ingress[0]`, `spec.forProvider`. */
  path: string;
  /** `tcp ports 0-65535`, `all traffic (protocol -1)`, `protocol icmp`. */
  span: string;
  /** The ports it reaches, both ends included; none for a protocol without ports (ICMP). */
  ports?: { from: number; to: number };
  cidrs: { cidr: Cidr; path: string }[];
  /** Prefix lists it admits, whose CIDRs cannot be known here. */
  prefixLists: string[];
}

interface Read {
  entries: Ingress[];
  malformed: { path: string; message: string }[];
}

const ALL = new Set(['-1', 'all']);
const PORTED = new Set(['tcp', 'udp', '6', '17']);

/** The ports of a protocol and its from/to ports; a ported protocol without ports is read as every port (fail closed). */
function portsOf(protocol: unknown, from: unknown, to: unknown): { span: string; ports?: { from: number; to: number } } {
  const p = typeof protocol === 'string' ? protocol.toLowerCase() : typeof protocol === 'number' ? String(protocol) : undefined;
  if (p === undefined || ALL.has(p)) return { span: `all traffic (protocol ${p ?? 'unset'})`, ports: { from: 0, to: MAX_PORT } };
  if (!PORTED.has(p)) return { span: `protocol ${p}` };
  const lo = typeof from === 'number' && from >= 0 ? from : 0;
  const hi = typeof to === 'number' && to >= 0 && to <= MAX_PORT ? to : MAX_PORT;
  return { span: lo === hi ? `${p} port ${lo}` : `${p} ports ${lo}-${hi}`, ports: { from: lo, to: Math.max(lo, hi) } };
}

/** A CIDR field's value, parsed, or a malformed finding. */
function cidrAt(out: Read, cidrs: Ingress['cidrs'], path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    out.malformed.push({ path, message: `${path} must be a string, got ${describe(value)}` });
    return;
  }
  const parsed = parseCidr(value);
  if (parsed.ok) cidrs.push({ cidr: parsed.cidr, path });
  else out.malformed.push({ path, message: `${path} is ${describe(value, true)}, not a CIDR (${parsed.reason}); write one like 10.0.0.0/16` });
}

/** Objects of a list field `list` inside `obj`, each with its path; a field that is no list of objects is malformed. */
function listAt(out: Read, obj: Record<string, unknown>, field: string, at: Segment[]): { value: Record<string, unknown>; at: Segment[] }[] {
  const list = obj[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    out.malformed.push({ path: formatFieldPath([...at, field]), message: `${formatFieldPath([...at, field])} must be a list, got ${describe(list)}` });
    return [];
  }
  return list.flatMap((item, i) => {
    if (isObject(item)) return [{ value: item, at: [...at, field, i] }];
    out.malformed.push({ path: formatFieldPath([...at, field, i]), message: `${formatFieldPath([...at, field, i])} must be an object, got ${describe(item)}` });
    return [];
  });
}

/** The inline ingress blocks of a community SecurityGroup, in both parameter blocks. */
function groupIngress(ctx: RuleContext): Read {
  const out: Read = { entries: [], malformed: [] };
  for (const { segments, value } of explicitParams(ctx.resource, ['ingress'])) {
    if (!Array.isArray(value)) {
      out.malformed.push({ path: formatFieldPath(segments), message: `${formatFieldPath(segments)} must be a list, got ${describe(value)}` });
      continue;
    }
    value.forEach((perm, i) => {
      const at: Segment[] = [...segments, i];
      if (!isObject(perm)) {
        out.malformed.push({ path: formatFieldPath(at), message: `${formatFieldPath(at)} must be an object, got ${describe(perm)}` });
        return;
      }
      const cidrs: Ingress['cidrs'] = [];
      for (const r of listAt(out, perm, 'ipRanges', at)) cidrAt(out, cidrs, formatFieldPath([...r.at, 'cidrIp']), r.value.cidrIp);
      for (const r of listAt(out, perm, 'ipv6Ranges', at)) cidrAt(out, cidrs, formatFieldPath([...r.at, 'cidrIPv6']), r.value.cidrIPv6);
      const prefixLists = listAt(out, perm, 'prefixListIds', at).map((r) => formatFieldPath([...r.at, 'prefixListId']));
      out.entries.push({ path: formatFieldPath(at), ...portsOf(perm.ipProtocol, perm.fromPort, perm.toPort), cidrs, prefixLists });
    });
  }
  return out;
}

/** A community SecurityGroupRule of type ingress (any other type, or none, is egress or nothing). */
function ruleIngress(resource: RuleContext['resource']): Read {
  const out: Read = { entries: [], malformed: [] };
  const spec = isObject(resource.spec) ? resource.spec : {};
  // forProvider wins over initProvider, as the provider merges them.
  const merged: Record<string, unknown> = { ...(isObject(spec.initProvider) ? spec.initProvider : {}), ...(isObject(spec.forProvider) ? spec.forProvider : {}) };
  if (merged.type !== 'ingress') return out;
  const cidrs: Ingress['cidrs'] = [];
  for (const f of ['cidrBlock', 'ipv6cidrBlock']) for (const e of explicitParams(resource, [f])) cidrAt(out, cidrs, e.path, e.value);
  const prefixLists = explicitParams(resource, ['prefixListId']).map((e) => e.path);
  out.entries.push({ path: 'spec.forProvider', ...portsOf(merged.protocol, merged.fromPort, merged.toPort), cidrs, prefixLists });
  return out;
}

/** The group a community SecurityGroupRule names, as a key: its ID, reference or selector; undefined when none. */
function groupKey(resource: RuleContext['resource']): string | undefined {
  for (const [field, how] of [['securityGroupId', 'id'], ['securityGroupIdRef', 'ref'], ['securityGroupIdSelector', 'selector']] as const) {
    const found = explicitParams(resource, [field])[0];
    if (found !== undefined) return `${how}:${canonicalJson(found.value)}`;
  }
  return undefined;
}

interface GroupRules {
  byName: Map<string, IndexedTarget[]>;
  /** By placement, then group key: the rules and their ingress, in desired-state order. */
  byGroup: Map<string, Map<string, { t: IndexedTarget; entries: Ingress[] }[]>>;
}

const groupRulesCache = new WeakMap<DesiredIndex, GroupRules>();

/** The evaluation's SecurityGroupRules, each read once and filed by where it is applied and the group it names: a rule finds the others on its group by a lookup, not a scan of every rule. */
function groupRules(index: DesiredIndex): GroupRules {
  let cached = groupRulesCache.get(index);
  if (cached !== undefined) return cached;
  cached = { byName: new Map(), byGroup: new Map() };
  for (const t of index.byRef(refOf(SECURITY_GROUP_RULE))) {
    const named = cached.byName.get(t.name);
    if (named === undefined) cached.byName.set(t.name, [t]);
    else named.push(t);
    const key = groupKey(t.object);
    if (key === undefined) continue;
    let groups = cached.byGroup.get(t.placement);
    if (groups === undefined) cached.byGroup.set(t.placement, (groups = new Map()));
    const entry = { t, entries: ruleIngress(t.object).entries };
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [entry]);
    else list.push(entry);
  }
  groupRulesCache.set(index, cached);
  return cached;
}

/** What the judged target reads, and the ingress it is unioned with: the group's other blocks, or the other rules on its group. */
function judged(ctx: RuleContext): { own: Read; all: Ingress[]; others: Map<Ingress, string> } {
  if (ctx.type.ref === refOf(SECURITY_GROUP)) {
    const own = groupIngress(ctx);
    return { own, all: own.entries, others: new Map() };
  }
  const own = ruleIngress(ctx.resource);
  const key = groupKey(ctx.resource);
  const others = new Map<Ingress, string>();
  if (key !== undefined && own.entries.length > 0) {
    const rules = groupRules(ctx.index);
    const at = formatFieldPath(ctx.at);
    const self = (t: IndexedTarget) => t.name === ctx.name && formatFieldPath(t.at) === at;
    const placement = rules.byName.get(ctx.name)?.find(self)?.placement;
    // Only rules applied where this one is (the same cluster) open the same group.
    for (const { t, entries } of (placement !== undefined ? rules.byGroup.get(placement)?.get(key) : undefined) ?? []) {
      if (self(t)) continue;
      for (const e of entries) others.set(e, `rule \`${t.name}\``);
    }
  }
  return { own, all: [...own.entries, ...others.keys()], others };
}

/** The sensitive ports this entry reaches whose admitted ranges, over every entry reaching them, hold a whole family. */
function openAdmin(entry: Ingress, all: readonly Ingress[]): { ports: number[]; partners: Ingress[] } {
  if (entry.ports === undefined || entry.cidrs.length === 0) return { ports: [], partners: [] };
  const ports: number[] = [];
  const partners = new Set<Ingress>();
  for (const port of sensitiveIn(entry.ports.from, entry.ports.to)) {
    const reaching = all.filter((e) => e.ports !== undefined && e.ports.from <= port && port <= e.ports.to && e.cidrs.length > 0);
    const set = unionOf(reaching.flatMap((e) => e.cidrs.map((c) => c.cidr)));
    if (FAMILIES.some((f) => coversAll(set, f))) {
      ports.push(port);
      for (const e of reaching) if (e !== entry) partners.add(e);
    }
  }
  return { ports, partners: [...partners] };
}

const KINDS = [SECURITY_GROUP, SECURITY_GROUP_RULE];

const WHAT =
  'an inline `ingress` block of a community AWS provider SecurityGroup (`ec2.aws.crossplane.io`: `ipRanges[].cidrIp`, `ipv6Ranges[].cidrIPv6`, `prefixListIds[]`), or a SecurityGroupRule of `type: ingress` (`cidrBlock`, `ipv6cidrBlock`, `prefixListId`)';

export const classicSgOpenAdminPorts = defineRule({
  id: 'aws-classic-ec2-sg-open-admin-ports',
  title: 'No internet ingress to admin or database ports (community AWS provider)',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses ${WHAT} that admits the whole IPv4 or IPv6 address space to SSH, RDP or a database port, as \`aws-ec2-sg-open-admin-ports\` does for the Upbound kinds: the CIDRs of every ingress block of the SecurityGroup, or of every SecurityGroupRule naming the same group, that reach the port are unioned (\`0.0.0.0/1\` with \`128.0.0.0/1\` is the whole space; so is \`::ffff:0.0.0.0/96\`). A port range spanning a sensitive port counts, and so does protocol \`-1\` (all traffic). Also refuses what cannot be judged: a CIDR that is not one, an ingress list or range that is not a list of objects.`,
  kinds: KINDS,
  check(ctx) {
    const { own, all, others } = judged(ctx);
    for (const m of own.malformed) ctx.unsafe(m.path, m.message);
    for (const entry of own.entries) {
      const { ports, partners } = openAdmin(entry, all);
      if (ports.length === 0) continue;
      const with_ = partners.length === 0 ? '' : ` together with ${partners.map((p) => others.get(p) ?? p.path).join(', ')}`;
      ctx.unsafe(
        entry.cidrs[0]!.path,
        `ingress from ${entry.cidrs.map((c) => c.cidr.text).join(', ')}${with_} admits the whole internet to ${entry.span}, reaching ${portNames(ports)}; allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager`,
      );
    }
  },
}) satisfies Rule;

export const classicSgInternetIngress = defineRule({
  id: 'aws-classic-ec2-sg-internet-ingress',
  title: 'Internet ingress needs approval (community AWS provider)',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval ${WHAT} that admits the internet to any port or protocol (the whole address space, or a public range wider than \`network.internetPrefix\` of the Input), or admits a prefix list, whose CIDRs cannot be known here; as \`aws-ec2-sg-internet-ingress\` does for the Upbound kinds. Ingress that \`aws-classic-ec2-sg-open-admin-ports\` refuses is not held too, unless that rule is disabled.`,
  kinds: KINDS,
  check(ctx) {
    const adminReports = (ctx.input.rules[classicSgOpenAdminPorts.id]?.action ?? classicSgOpenAdminPorts.defaultAction) !== 'Disabled';
    const { own, all } = judged(ctx);
    if (!adminReports) for (const m of own.malformed) ctx.unsafe(m.path, m.message);
    const internet = ctx.input.network.internetPrefix;
    for (const entry of own.entries) {
      if (adminReports && openAdmin(entry, all).ports.length > 0) continue;
      const reaching = entry.ports === undefined ? [] : sensitiveIn(entry.ports.from, entry.ports.to);
      const ports = reaching.length > 0 ? `, reaching ${portNames(reaching)}` : '';
      const found = exposure(unionOf(entry.cidrs.map((c) => c.cidr)), internet);
      if (found.length > 0) {
        ctx.unsafe(
          entry.cidrs[0]!.path,
          `ingress from ${entry.cidrs.map((c) => c.cidr.text).join(', ')} (${found.map((e) => `${e.whole ? '' : 'including '}${describeExposure(e, internet)}`).join('; ')}) allows ${entry.span}${ports}; approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group`,
        );
      }
      for (const path of entry.prefixLists) {
        ctx.unsafe(path, `ingress through a prefix list allows ${entry.span}${ports}, but its CIDRs cannot be known here; approve only if that list holds only networks that may reach these ports`);
      }
    }
  },
}) satisfies Rule;

/** The community provider's security group rules in evaluation order. */
export const CLASSIC_SG_RULES = [classicSgOpenAdminPorts, classicSgInternetIngress] as const satisfies readonly Rule[];
