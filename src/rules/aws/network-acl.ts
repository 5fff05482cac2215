/**
 * Network ACL ingress as AWS applies it: a subnet's network ACL admits what
 * its Allow rules admit, so the Allow rules of one ACL are judged together.
 * Every inbound Allow of the desired state, a `NetworkACLRule` (not
 * `egress: true`) or an inline `ingress` block of a `NetworkACL` or
 * `DefaultNetworkACL`, is read once per evaluation; the rules of one ACL
 * (its inline blocks, and the standalone rules that name it by
 * `networkAclIdRef`, `networkAclIdSelector` or `networkAclId`) are unioned
 * per protocol and port, so `0.0.0.0/1` and `128.0.0.0/1` to port 22 are SSH
 * from the whole internet, as are 256 rules of one /8 each.
 *
 * Decisions, and how they err:
 * - Rule numbers are not modelled. A lower-numbered Deny does shadow a later
 *   Allow, but the Deny is a resource of its own (or a block) that can be
 *   deleted or renumbered without the Allow changing, by another composition
 *   or in the console; an ACL's rules may also come from outside the desired
 *   state. Every Allow is judged as if nothing came before it, as the Azure
 *   NSG rules judge priorities (azure/nsg.ts): an Allow that only a Deny
 *   makes safe is refused; delete it.
 * - Network ACLs are stateless: replies to connections the subnet opens come
 *   back on ephemeral ports, so a public subnet's ACL must admit them from
 *   anywhere (AWS documents 1024-65535). Such a range spans RDP and database
 *   ports, but admits nothing a security group (stateful, judged by
 *   aws-ec2-sg-open-admin-ports) does not let through; a TCP or UDP range
 *   that starts at 1024 or above, ends at 65535 and holds at least 16,384
 *   ports (49152-65535, the smallest common ephemeral range) is therefore
 *   not refused. Anything else that reaches an admin, database or FTP port
 *   from the internet is.
 * - `NetworkACL` has no `ingress` in spec in provider-upjet-aws
 *   (75a4c57162d0: its inline rules are status only); one written there
 *   anyway is judged like the default ACL's, since the function cannot tell
 *   which CRD version the cluster serves. `cidrBlockRef`/`cidrBlockSelector`
 *   of a default ACL (a default VPC's own range) are not resolved.
 * - Both parameter blocks are read the widest way: every protocol either
 *   names, the lowest fromPort and the highest toPort; an action that is
 *   not `deny` counts as allow, and a rule that is not explicitly egress as
 *   ingress.
 */
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { skipOf } from '../../engine/targets.js';
import {
  type AddressSet,
  describeExposure,
  EMPTY,
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
import { MAX_PORT, portNames, SENSITIVE_PORTS } from '../kit/ports.js';
import { describe, explicitParams } from '../params.js';

const ec2 = (kind: string): KindRef => ({ cloud: 'aws', service: 'ec2', kind });
const KINDS = [ec2('NetworkACLRule'), ec2('NetworkACL'), ec2('DefaultNetworkACL')];

/** Ports never open to the internet through a network ACL: the shared table, and FTP, which Checkov checks on ACLs. */
export const NACL_SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map(
  [...SENSITIVE_PORTS, [20, 'FTP data'] as const, [21, 'FTP'] as const].sort(([a], [b]) => a - b),
);

/** The smallest ephemeral range a stateless ACL must admit replies on: 49152-65535 (IANA's dynamic ports, Windows' default). */
const EPHEMERAL_MIN_PORTS = 16_384;
const EPHEMERAL_FLOOR = 1024;

/** Protocol names AWS accepts, as the numbers they stand for. */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };



interface Entry {
  /** How messages name it: rule `ssh`, ingress[1] of network ACL `public`. */
  name: string;
  /** Where it is written, for findings with no source to point at. */
  path: string;
  sources: Source[];
  set: AddressSet;
  malformed: Problem[];
  /** `all`, `6`, `17`, or a port-less protocol. */
  classes: string[];
  protocols: string[];
  from: number;
  to: number;
  /** A reply range a stateless ACL must admit: judged by the security groups, not here. */
  ephemeral: boolean;
  /** The union keys of the ACLs it belongs to. */
  acls: string[];
  /** The families in which it admits any public address. */
  publicFamilies: Set<Family>;
  /** Internet ingress to sensitive ports, alone or with the rest of its ACL. */
  open?: { exposures: Map<Family, Exposure>; ports: Set<number>; together: Set<Entry> };
}

interface Analysis {
  byTarget: Map<string, { entries: Entry[]; malformed: Problem[] }>;
}

const cache = new WeakMap<DesiredIndex, { internet: InternetPrefix; analysis: Analysis }>();

/** Built once per evaluation and shared by every target. */
function analysis(ctx: Pick<RuleContext, 'index' | 'input'>): Analysis {
  const internet = ctx.input.network.internetPrefix;
  const hit = cache.get(ctx.index);
  if (hit !== undefined && hit.internet === internet) return hit.analysis;
  const result = analyse(ctx.index, internet);
  cache.set(ctx.index, { internet, analysis: result });
  return result;
}

const keyOf = (t: Pick<IndexedTarget, 'name' | 'at'>) => (t.at.length === 0 ? t.name : `${t.name}@${t.at.join('.')}`);

/** Targets the rules judge: not observe-only, nor carried by an observe-only Object; readable parameters. */
function applied(targets: readonly IndexedTarget[]): IndexedTarget[] {
  return targets.filter((t) => {
    const skip = skipOf(t);
    return skip === undefined && readableParams(t.object);
  });
}

function readableParams(obj: Record<string, unknown>): boolean {
  const spec = obj.spec;
  if (spec === undefined) return true;
  if (!isObject(spec)) return false;
  return [spec.forProvider, spec.initProvider].every((b) => b === undefined || b === null || isObject(b));
}

/** The scope references resolve in: where it is applied, and the API group (cluster-scoped or namespaced). */
const scopeOf = (t: IndexedTarget) => `${t.placement}|${t.type.group}`;

const labelsOf = (t: IndexedTarget): Record<string, unknown> => (isObject(t.object.metadata) && isObject(t.object.metadata.labels) ? t.object.metadata.labels : {});

function analyse(index: DesiredIndex, internet: InternetPrefix): Analysis {
  const byTarget = new Map<string, { entries: Entry[]; malformed: Problem[] }>();
  const acls = applied(index.byRef('aws/ec2/NetworkACL'));
  // The keys an ACL is known by: its object name (references), its AWS ID (external name).
  const aclKeys = (t: IndexedTarget) => {
    const meta = isObject(t.object.metadata) ? t.object.metadata : {};
    const keys = [`${scopeOf(t)}|node|${keyOf(t)}`];
    if (typeof meta.name === 'string') keys.push(`${scopeOf(t)}|ref|${meta.name}`);
    const external = isObject(meta.annotations) ? meta.annotations['crossplane.io/external-name'] : undefined;
    if (typeof external === 'string' && external !== '') keys.push(`${t.placement}|id|${external}`);
    return keys;
  };
  const members = new Map<string, Entry[]>();
  const join = (e: Entry) => {
    for (const k of e.acls) members.set(k, [...(members.get(k) ?? []), e]);
  };

  for (const t of [...acls, ...applied(index.byRef('aws/ec2/DefaultNetworkACL'))]) {
    const found = { entries: [] as Entry[], malformed: [] as Problem[] };
    byTarget.set(keyOf(t), found);
    for (const { path, value } of explicitParams(t.object, ['ingress'])) {
      if (!Array.isArray(value)) {
        found.malformed.push({ path, message: `${path} must be a list of ingress blocks, got ${describe(value)}` });
        continue;
      }
      const init = path.startsWith('spec.initProvider') ? 'initProvider.' : '';
      value.forEach((block, i) => {
        const at = `${path}[${i}]`;
        if (!isObject(block)) {
          found.malformed.push({ path: at, message: `${at} must be an ingress block (an object), got ${describe(block)}` });
          return;
        }
        const read = (f: string) => (block[f] === undefined || block[f] === null ? [] : [{ path: `${at}.${f}`, value: block[f] }]);
        const e = readEntry(`${init}ingress[${i}] of network ACL \`${t.name}\``, at, read, 'action');
        if (e === undefined) return;
        // A default ACL's own blocks stand alone (no standalone rule names it); an ACL's join the rules that name it.
        e.acls = t.type.kind === 'NetworkACL' ? aclKeys(t) : [`${scopeOf(t)}|node|${keyOf(t)}`];
        found.entries.push(e);
        join(e);
      });
    }
  }

  for (const t of applied(index.byRef('aws/ec2/NetworkACLRule'))) {
    const found = { entries: [] as Entry[], malformed: [] as Problem[] };
    byTarget.set(keyOf(t), found);
    const egress = explicitParams(t.object, ['egress']);
    for (const { path, value } of egress) if (typeof value !== 'boolean') found.malformed.push({ path, message: `${path} must be a boolean, got ${describe(value)}` });
    // Upjet fills an empty (false) forProvider value from initProvider: only a rule egress in every block is egress.
    if (egress.length > 0 && egress.every((e) => e.value === true)) continue;
    const e = readEntry(`rule \`${t.name}\``, 'spec.forProvider', (f) => explicitParams(t.object, [f]), 'ruleAction');
    if (e === undefined) continue;
    const keys = new Set<string>();
    const targets = new Set<string>();
    for (const { value } of explicitParams(t.object, ['networkAclId'])) if (typeof value === 'string' && value !== '') keys.add(`${t.placement}|id|${value}`);
    for (const { value } of explicitParams(t.object, ['networkAclIdRef'])) if (isObject(value) && typeof value.name === 'string') keys.add(`${scopeOf(t)}|ref|${value.name}`);
    for (const { value } of explicitParams(t.object, ['networkAclIdSelector'])) {
      if (!isObject(value)) continue;
      const wanted = isObject(value.matchLabels) ? Object.entries(value.matchLabels) : [];
      keys.add(`${scopeOf(t)}|selector|${JSON.stringify(wanted.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`);
      if (wanted.length === 0) continue;
      for (const acl of acls) {
        if (scopeOf(acl) !== scopeOf(t)) continue;
        const own = labelsOf(acl);
        if (wanted.every(([k, v]) => own[k] === v)) keys.add(aclKeys(acl)[0]!);
      }
    }
    // Every key an ACL of the desired state is known by stands for that ACL.
    for (const acl of acls) {
      const [node, ...aliases] = aclKeys(acl);
      if (keys.has(node!) || aliases.some((k) => keys.has(k))) {
        keys.add(node!);
        targets.add(acl.name);
      }
    }
    e.acls = keys.size > 0 ? [...keys] : [`${scopeOf(t)}|alone|${keyOf(t)}`];
    if (targets.size > 0) e.name = `${e.name} of network ACL ${[...targets].map((n) => `\`${n}\``).join(' or ')}`;
    found.entries.push(e);
    join(e);
  }

  for (const entries of members.values()) judgeAcl(entries, internet);
  return { byTarget };
}

/**
 * One ACL rule, read through `read` (a field's explicit settings): undefined
 * when it is a Deny or carries no addresses. Its sources, protocols and ports.
 */
function readEntry(name: string, path: string, read: (field: string) => { path: string; value: unknown }[], actionField: string): Entry | undefined {
  const e: Entry = { name, path, sources: [], set: EMPTY, malformed: [], classes: [], protocols: [], from: 0, to: MAX_PORT, ephemeral: false, acls: [], publicFamilies: new Set() };
  const actions = read(actionField);
  for (const { path: at, value } of actions) if (typeof value !== 'string') e.malformed.push({ path: at, message: `${at} must be "allow" or "deny", got ${describe(value)}` });
  // Any block that does not say deny may allow: fail closed.
  if (actions.length > 0 && actions.every((a) => typeof a.value === 'string' && a.value.toLowerCase() === 'deny')) return undefined;
  for (const field of ['cidrBlock', 'ipv6CidrBlock']) {
    for (const { path: at, value } of read(field)) {
      if (value === '') continue;
      if (typeof value !== 'string') {
        e.malformed.push({ path: at, message: `${at} must be a CIDR, got ${describe(value)}` });
        continue;
      }
      const parsed = parseCidr(value);
      if (!parsed.ok) e.malformed.push({ path: at, message: `${at} is ${JSON.stringify(value)}, not a CIDR: ${parsed.reason}; write a CIDR such as 198.51.100.0/24` });
      else e.sources.push({ path: at, label: value, set: unionOf([parsed.cidr]) });
    }
  }
  const protocols = read('protocol');
  for (const { path: at, value } of protocols) {
    if (typeof value !== 'string' && typeof value !== 'number') e.malformed.push({ path: at, message: `${at} must be a protocol name or number, got ${describe(value)}` });
  }
  e.protocols = protocols.map((p) => String(p.value).toLowerCase()).filter((p) => p !== '');
  // No protocol is invalid for AWS; judged as all traffic, so that it never passes for less.
  e.classes = e.protocols.length === 0 ? ['all'] : [...new Set(e.protocols.map((p) => (p === '-1' || p === 'all' ? 'all' : (PROTOCOL_NUMBERS[p] ?? p))))];
  const bound = (field: string) => {
    const found = read(field);
    for (const { path: at, value } of found) if (typeof value !== 'number' || !Number.isInteger(value)) e.malformed.push({ path: at, message: `${at} must be a port number, got ${describe(value)}` });
    return found.map((f) => f.value).filter((v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_PORT);
  };
  const froms = bound('fromPort');
  const tos = bound('toPort');
  const from = froms.length > 0 && froms.length === read('fromPort').length ? Math.min(...froms) : 0;
  const to = tos.length > 0 && tos.length === read('toPort').length ? Math.max(...tos) : MAX_PORT;
  [e.from, e.to] = from <= to ? [from, to] : [0, MAX_PORT];
  e.ephemeral = !e.classes.includes('all') && e.from >= EPHEMERAL_FLOOR && e.to === MAX_PORT && e.to - e.from + 1 >= EPHEMERAL_MIN_PORTS;
  e.set = unionOfSets(e.sources.map((s) => s.set));
  for (const f of FAMILIES) if (publicPart(e.set, f).length > 0) e.publicFamilies.add(f);
  return e;
}

/** Does the entry reach `port` over the protocol class (`6` TCP, `17` UDP)? */
const reaches = (e: Entry, cls: string, port: number) => !e.ephemeral && (e.classes.includes('all') || (e.classes.includes(cls) && e.from <= port && port <= e.to));

/**
 * Unions the Allow rules of one ACL per protocol class, sensitive port and
 * family, and flags every rule that adds public addresses to a union that
 * admits the internet (the whole space, or a public range wider than the
 * Input's prefix). Work: classes x ports x families unions of the ACL's rules.
 */
function judgeAcl(entries: readonly Entry[], internet: InternetPrefix): void {
  for (const cls of ['6', '17']) {
    for (const port of NACL_SENSITIVE_PORTS.keys()) {
      const covering = entries.filter((e) => reaches(e, cls, port));
      if (covering.length === 0) continue;
      for (const f of FAMILIES) {
        const withPublic = covering.filter((e) => e.publicFamilies.has(f));
        if (withPublic.length === 0) continue;
        const found = judgeFamily(unionOfSets(covering.map((e) => e.set)), f, internet).exposure;
        if (found === undefined) continue;
        for (const e of withPublic) {
          e.open ??= { exposures: new Map(), ports: new Set(), together: new Set() };
          if (!e.open.exposures.has(f)) e.open.exposures.set(f, found);
          e.open.ports.add(port);
          for (const o of withPublic) if (o !== e) e.open.together.add(o);
        }
      }
    }
  }
}

export const naclOpenAdminPorts = defineRule({
  id: 'aws-ec2-nacl-open-admin-ports',
  title: 'No network ACL admits the internet to admin or database ports',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses an inbound Allow of a network ACL (a \`NetworkACLRule\` that is not \`egress: true\`, or an \`ingress\` block of a \`NetworkACL\` or \`DefaultNetworkACL\`) that admits the internet to SSH, RDP, FTP or a database port (${[...NACL_SENSITIVE_PORTS.keys()].join(', ')}): the whole IPv4 or IPv6 space, or a public range wider than \`network.internetPrefix\` of the Input, in its \`cidrBlock\` or \`ipv6CidrBlock\` unioned with every other Allow of the same ACL (the one it names by \`networkAclIdRef\`, \`networkAclIdSelector\` or \`networkAclId\`), so \`0.0.0.0/1\` and \`128.0.0.0/1\` in two rules count as the whole internet. A port range (\`fromPort\`-\`toPort\`) that spans a sensitive port counts, and so does protocol \`-1\`/\`all\` (every port), for TCP and UDP by name or number. Rule numbers are not modelled: an Allow below a Deny is refused too, since the Deny can be removed on its own. A TCP or UDP range from 1024 or above to 65535 of at least 16,384 ports is the ephemeral range replies return on, which a stateless ACL must admit: it is left to the security group rules. Also refuses what cannot be judged: a CIDR that is not one, a port or protocol of the wrong type, \`ingress\` that is not a list of blocks.`,
  references: { checkov: ['CKV_AWS_229', 'CKV_AWS_230', 'CKV_AWS_231', 'CKV_AWS_232', 'CKV_AWS_352'], trivy: ['AWS-0105', 'AWS-0102'] },
  kinds: KINDS,
  check(ctx) {
    const found = analysis(ctx).byTarget.get(keyOf(ctx));
    if (found === undefined) return;
    for (const p of found.malformed) ctx.unsafe(p.path, p.message);
    const internet = ctx.input.network.internetPrefix;
    for (const e of found.entries) {
      for (const p of e.malformed) ctx.unsafe(p.path, p.message);
      if (e.open === undefined) continue;
      const families = FAMILIES.filter((f) => e.open!.exposures.has(f));
      const own = e.sources.filter((s) => families.some((f) => publicPart(s.set, f).length > 0));
      const others = [...e.open.together];
      const exposures = families.map((f) => e.open!.exposures.get(f)!);
      const what = exposures.length === 2 && exposures.every((x) => x.whole) ? 'the whole IPv4 and IPv6 internet' : exposures.map((x) => describeExposure(x, internet)).join('; ');
      const with_ = others.length === 0 ? '' : ` here and ${others.slice(0, 3).map((o) => `${o.sources.map((s) => s.label).join(', ')} in ${o.name}`).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}`;
      const ports = portNames([...e.open.ports].sort((a, b) => a - b), NACL_SENSITIVE_PORTS);
      ctx.unsafe(
        own[0]?.path ?? e.path,
        `${e.name} allows ${span(e)} from ${own.map((s) => s.label).join(', ')}${with_} (${others.length > 0 ? 'together ' : ''}${what}), reaching ${ports}; allow only specific CIDRs (a VPN, a bastion) or rely on security groups, and remove the Allow (a lower-numbered Deny does not make it safe: it can be removed on its own)`,
      );
    }
  },
}) satisfies Rule;

/** All traffic, a port range of a protocol, or a port-less protocol. */
function span(e: Entry): string {
  const all = e.protocols.find((p) => p === '-1' || p === 'all');
  if (all !== undefined || e.protocols.length === 0) return `all traffic (protocol ${all ?? 'not set'})`;
  return `${[...new Set(e.protocols)].join(', ')} ${e.from === e.to ? `port ${e.from}` : `ports ${e.from}-${e.to}`}`;
}

/** The network ACL rules in evaluation order. */
export const NETWORK_ACL_RULES = [naclOpenAdminPorts] as const satisfies readonly Rule[];
