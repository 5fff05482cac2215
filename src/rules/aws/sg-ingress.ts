/**
 * Security group ingress as AWS applies it: a security group admits the
 * union of all its ingress, so its rules are judged together. Every
 * ingress entry of the desired state (a `SecurityGroupRule` of type
 * ingress, a `SecurityGroupIngressRule`, an inline `ingress` block of a
 * `SecurityGroup` or `DefaultSecurityGroup`) is read once per evaluation,
 * its CIDRs and the prefix lists it names (resolved where they are in the
 * desired state) unioned, and the entries that target the same group
 * unioned again per protocol and port. Two rules of `0.0.0.0/1` and
 * `128.0.0.0/1` to port 22 of one group are SSH from the whole internet.
 *
 * The analysis is built once per evaluation (a WeakMap keyed on its
 * desired map) with indexes of the desired groups and prefix lists by
 * name, label and ID, so each rule resolves its group in constant time.
 * The rules in security-group.ts only read its verdicts.
 *
 * What it cannot see, and how it errs:
 * - `SecurityGroup` has no `ingress` in spec in provider-upjet-aws
 *   (75a4c57162d0: status only; `DefaultSecurityGroup` has it in
 *   forProvider and initProvider). An `ingress` written there anyway is
 *   judged like the default group's: the function cannot tell which CRD
 *   version the cluster serves.
 * - Ingress outside the desired state (rules of other compositions on a
 *   shared group, prefix list entries added elsewhere) is not known, so a
 *   union can only be larger than judged. A prefix list that is not a
 *   ManagedPrefixList of the desired state is held as unjudgeable.
 * - `cidrBlocksRefs`/`cidrBlocksSelector` (a VPC's CIDR, at most a /16 for
 *   IPv4 in AWS) are not resolved.
 */
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { getPath, isObject } from '../../lang/fieldpath.js';
import type { RuleContext } from '../../engine/rule.js';
import {
  type AddressSet,
  type Cidr,
  EMPTY,
  type Exposure,
  FAMILIES,
  type Family,
  type InternetPrefix,
  judgeFamily,
  parseCidr,
  type Problem,
  type Source,
  unionOf,
  unionOfFamily,
  unionOfSets,
} from '../kit/cidr.js';
import type { KubeObject } from '../../engine/types.js';
import { describe, explicitParams, fieldOf, observeOnly, PARAM_BLOCKS, paramValue, readableParams } from '../params.js';
import { SENSITIVE_PORTS } from '../kit/ports.js';
import { type Candidate, externalName, nodeKey, picked, type Reference, references, type RefTarget, resolve, type Resolving, targetKey, unionKeys } from '../kit/references.js';

export const ALL_PROTOCOLS = new Set(['-1', 'all']);
export const PORT_PROTOCOLS = new Set(['tcp', 'udp', '6', '17']);

/** Protocol names AWS accepts, as the numbers they stand for: a rule for `tcp` and one for `6` open the same ports. */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };

/**
 * Most steps (covering buckets scanned plus intervals merged) the union of
 * one security group's ingress may take. A group past it (thousands of
 * rules over thousands of distinct port ranges) is not judged rule by rule:
 * every entry of it that admits public addresses is held instead.
 */
const MAX_GROUP_WORK = 2_000_000;

/** Most desired groups one rule's reference is unioned into (a selector may match several; Crossplane picks one of them). */
const MAX_GROUPS_PER_RULE = 8;

/** Most desired prefix lists one selector may pick and still be judged; past it the ingress is held. */
const MAX_LISTS_PER_RULE = 32;



/** A flag on an entry: the exposure of one family it is part of, and the entries it shares it with (itself included; only itself when alone). */
export interface Flag {
  exposure: Exposure;
  together: readonly Entry[];
}

export interface Entry {
  /** The composition resource name of the resource that holds it. */
  resource: string;
  /** How other entries' messages name it: rule `ssh-b`, ingress[1] of security group `web`. */
  name: string;
  sources: Source[];
  /** The union of its sources. */
  set: AddressSet;
  /** CIDR values that are not CIDRs, and fields of the wrong type. */
  malformed: Problem[];
  /** Prefix lists whose CIDRs cannot be known here. */
  unjudged: (Problem & { label: string })[];
  /** Lowercased, as written, forProvider's first. */
  protocols: string[];
  from: number;
  to: number;
  /** The sensitive ports its protocols and ports reach, in port order. */
  reached: number[];
  /** The desired security groups it opens (composition resource names), for messages. */
  targets: string[];
  /** A reference of it matches more desired groups than are named. */
  manyTargets?: boolean;
  /** Families in which it alone admits the internet (absent: none, as for most entries). */
  exposedAlone?: Map<Family, Exposure>;
  /** Whole-space ingress to sensitive ports, alone or together: the families and the sensitive ports. */
  open?: { flags: Map<Family, Flag>; ports: Set<number> };
  /** Ingress from the internet (whole space or a public range wider than the Input's prefix), alone or together (absent: none). */
  exposed?: Map<Family, Flag>;
  /** Set when its group was too large to judge: why. */
  unjudgedGroup?: string;
  /** Normalized protocols: '6', '17', 'all', or another protocol name or number. */
  classes: string[];
  /** The union keys of the groups it targets. */
  groups: string[];
  /** The families in which it admits any public address (absent: none). */
  publicFamilies?: Set<Family>;
}

export interface IngressAnalysis {
  /** The entries of each composition resource, in the order they are written. */
  byResource: ReadonlyMap<string, readonly Entry[]>;
  /** Malformed values of each resource that hold no entry of their own (an `ingress` that is not a list). */
  malformed: ReadonlyMap<string, readonly Problem[]>;
}

const cache = new WeakMap<DesiredIndex, { input: unknown; observed: unknown; analysis: IngressAnalysis }>();

/**
 * The ingress analysis of this evaluation's desired state, every target of it
 * (a rule carried by a provider-kubernetes Object included): built once, then
 * shared by every rule and resource. Entries are keyed by `targetKey`.
 */
export function ingressAnalysis(ctx: Resolving & Pick<RuleContext, 'input'>): IngressAnalysis {
  const hit = cache.get(ctx.index);
  if (hit !== undefined && hit.input === ctx.input && hit.observed === ctx.observed) return hit.analysis;
  const analysis = analyse(ctx, ctx.input.network.internetPrefix);
  cache.set(ctx.index, { input: ctx.input, observed: ctx.observed, analysis });
  return analysis;
}

/** The ec2 kinds the analysis reads. */
const KINDS = ['SecurityGroupRule', 'SecurityGroupIngressRule', 'SecurityGroup', 'DefaultSecurityGroup', 'ManagedPrefixList', 'ManagedPrefixListEntry'];

/** An AWS resource's ID: its external name, or the one AWS reported. */
const awsIds = (c: Candidate) => [externalName(c.object), getPath(c.observed, ['status', 'atProvider', 'id'])];

/** What a rule's group fields name: a SecurityGroup by reference or selector, either kind of group by ID. */
const GROUPS: RefTarget = { kinds: ['aws/ec2/SecurityGroup'], idKinds: ['aws/ec2/DefaultSecurityGroup'], ids: awsIds };

/** What prefix list fields name. */
const LISTS: RefTarget = { kinds: ['aws/ec2/ManagedPrefixList'], ids: awsIds };

// ---------------------------------------------------------------------------
// Prefix lists.

interface PrefixList {
  node: IndexedTarget;
  cidrs: string[];
  set: AddressSet;
  /** Why its CIDRs cannot all be known here. */
  unjudged?: string;
}

const PREFIX_LIST_FIELDS = { id: 'prefixListId', ref: 'prefixListIdRef', selector: 'prefixListIdSelector' };

/** The desired ManagedPrefixLists with their CIDRs (by `targetKey`): their own `entry` blocks and the ManagedPrefixListEntry resources that point at them. */
function prefixLists(ctx: Resolving, nodes: readonly IndexedTarget[]): Map<string, PrefixList> {
  const lists = new Map<string, { node: IndexedTarget; cidrs: { text: string; at: string; owner: string }[]; problems: string[] }>();
  for (const node of nodes) {
    if (node.type.kind !== 'ManagedPrefixList') continue;
    const acc = { node, cidrs: [] as { text: string; at: string; owner: string }[], problems: [] as string[] };
    lists.set(targetKey(node), acc);
    if (!readableParams(node.object)) acc.problems.push('its spec cannot be read');
    else if (observeOnly(node.object)) acc.problems.push('it is observe-only, so its entries are not the ones written here');
    for (const { path, value } of explicitParams(node.object, ['entry'])) {
      if (!Array.isArray(value)) {
        acc.problems.push(`its ${path} is ${describe(value)}, not a list`);
        continue;
      }
      value.forEach((e, i) => readPrefixEntry(e, `${path}[${i}]`, node.name, acc));
    }
  }
  // An entry that may add to lists it cannot be tied to (unreadable, or a selector past the limit) makes every list where it is applied unknown.
  const unknownTo = new Map<string, string>();
  for (const node of nodes) {
    if (node.type.kind !== 'ManagedPrefixListEntry') continue;
    if (!readableParams(node.object)) {
      unknownTo.set(node.placement, `ManagedPrefixListEntry \`${node.name}\` cannot be read, and may add to it`);
      continue;
    }
    const refs = references(ctx, node, PREFIX_LIST_FIELDS, LISTS, { limit: MAX_LISTS_PER_RULE });
    if (refs.some((r) => r.found.length > MAX_LISTS_PER_RULE)) {
      unknownTo.set(node.placement, `ManagedPrefixListEntry \`${node.name}\` selects more than ${MAX_LISTS_PER_RULE} prefix lists, and may add to it`);
      continue;
    }
    const spec = node.object.spec as Record<string, unknown> | undefined;
    const blocks = PARAM_BLOCKS.flatMap((b) => (isObject(spec?.[b]) ? [{ at: `spec.${b}`, params: spec[b] }] : []));
    for (const target of new Set(refs.flatMap((r) => r.found))) {
      const acc = lists.get(targetKey(target));
      if (acc === undefined) continue;
      for (const { at, params } of blocks) readPrefixEntry(params, at, node.name, acc);
    }
  }
  for (const acc of lists.values()) {
    const why = unknownTo.get(acc.node.placement);
    if (why !== undefined) acc.problems.push(why);
  }
  const out = new Map<string, PrefixList>();
  for (const [key, { node, ...acc }] of lists) {
    const parsed = acc.cidrs.map((c) => ({ c, p: parseCidr(c.text) }));
    for (const { c, p } of parsed) if (!p.ok) acc.problems.push(`${c.owner === node.name ? 'its' : `ManagedPrefixListEntry \`${c.owner}\`'s`} ${c.at} is ${JSON.stringify(c.text)}, not a CIDR (${p.reason})`);
    const set = unionOf(parsed.flatMap(({ p }) => (p.ok ? [p.cidr] : [])));
    out.set(key, { node, cidrs: parsed.flatMap(({ p }) => (p.ok ? [p.cidr.text] : [])), set, ...(acc.problems.length > 0 ? { unjudged: acc.problems.join('; ') } : {}) });
  }
  return out;
}

function readPrefixEntry(e: unknown, at: string, owner: string, acc: { cidrs: { text: string; at: string; owner: string }[]; problems: string[] }): void {
  const who = owner;
  if (!isObject(e)) {
    acc.problems.push(`${at} of \`${who}\` is ${describe(e)}, not an object`);
    return;
  }
  if (typeof e.cidr === 'string' && e.cidr !== '') acc.cidrs.push({ text: e.cidr, at: `${at}.cidr`, owner });
  else if (e.cidr !== undefined && e.cidr !== null && e.cidr !== '') acc.problems.push(`${at}.cidr of \`${who}\` is ${describe(e.cidr)}, not a CIDR`);
  else if (e.cidrRef !== undefined || e.cidrSelector !== undefined) acc.problems.push(`${at} of \`${who}\` takes its CIDR from a reference`);
}

// ---------------------------------------------------------------------------
// Entries.

/** Reads every ingress entry of the desired state, then judges each security group's entries together. */
function analyse(ctx: Resolving, internet: InternetPrefix): IngressAnalysis {
  const nodes = KINDS.flatMap((kind) => ctx.index.byRef(`aws/ec2/${kind}`))
    .map((t) => ({ t, key: targetKey(t) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ t }) => t);
  const resolved = prefixLists(ctx, nodes);

  const byResource = new Map<string, Entry[]>();
  const malformed = new Map<string, Problem[]>();
  const cidrs: Cidrs = new Map();
  for (const node of nodes) {
    if (!readableParams(node.object)) continue; // the rules report it on the resource itself
    const entries = readEntries(ctx, node, resolved, malformed, internet, cidrs);
    if (entries.length > 0) byResource.set(targetKey(node), entries);
  }

  const byGroup = new Map<string, Entry[]>();
  for (const entries of byResource.values()) {
    for (const e of entries) {
      for (const [f, alone] of e.exposedAlone ?? []) {
        if (alone.whole && e.reached.length > 0) {
          e.open ??= { flags: new Map(), ports: new Set() };
          e.open.flags.set(f, { exposure: alone, together: [e] });
          for (const p of e.reached) e.open.ports.add(p);
        }
      }
      for (const g of e.groups) {
        const list = byGroup.get(g);
        if (list === undefined) byGroup.set(g, [e]);
        else list.push(e);
      }
    }
  }
  for (const entries of byGroup.values()) if (entries.length > 1) judgeGroup(entries, internet);
  return { byResource, malformed };
}

const GROUP_FIELDS = { id: 'securityGroupId', ref: 'securityGroupIdRef', selector: 'securityGroupIdSelector' };
const GROUP_LIMIT = { limit: MAX_GROUPS_PER_RULE };
const LIST_LIMIT = { limit: MAX_LISTS_PER_RULE };

const LEGACY_PREFIX_LIST_FIELDS = { id: 'prefixListIds', ref: 'prefixListIdRefs', selector: 'prefixListIdSelector' };
const CIDR_FIELDS = { legacy: [['cidrBlocks'], ['ipv6CidrBlocks']], rule: [['cidrIpv4'], ['cidrIpv6']] } as const;
const INLINE_CIDR_FIELDS = ['cidrBlocks', 'ipv6CidrBlocks'] as const;

function readEntries(ctx: Resolving, node: IndexedTarget, resolved: Map<string, PrefixList>, malformed: Map<string, Problem[]>, internet: InternetPrefix, cidrs: Cidrs): Entry[] {
  const { object: obj, type, name } = node;
  const key = targetKey(node);
  if (type.kind === 'SecurityGroupRule' || type.kind === 'SecurityGroupIngressRule') {
    const legacy = type.kind === 'SecurityGroupRule';
    // Upjet fills an empty forProvider value ('', [], 0) from initProvider at creation, so
    // both blocks are read together and the most permissive reading wins: fail closed.
    if (legacy && !paramValues(obj, 'type').includes('ingress')) return [];
    const refs = references(ctx, node, GROUP_FIELDS, GROUPS, GROUP_LIMIT);
    // A reference that may mean many desired groups (a selector matching more than a few) is unioned with the
    // rules that use the same reference rather than with each group, so the work stays linear.
    const keys = unionKeys(refs, MAX_GROUPS_PER_RULE);
    const entry = newEntry(name, `rule \`${name}\``, keys.length > 0 ? keys : [`alone|${key}`], picked(refs, MAX_GROUPS_PER_RULE).map((n) => n.name).sort());
    entry.manyTargets = refs.some((r) => r.found.length > MAX_GROUPS_PER_RULE);
    for (const field of legacy ? CIDR_FIELDS.legacy : CIDR_FIELDS.rule) for (const found of explicitParams(obj, field)) readCidrs(entry, found, found.value, legacy, cidrs);
    const listRefs = references(ctx, node, legacy ? LEGACY_PREFIX_LIST_FIELDS : PREFIX_LIST_FIELDS, LISTS, LIST_LIMIT);
    for (const r of listRefs) readPrefixListRef(entry, r, resolved);
    // Only the values of these fields are read: no paths to build.
    setPorts(entry, paramValues(obj, legacy ? 'protocol' : 'ipProtocol'), paramValues(obj, 'fromPort'), paramValues(obj, 'toPort'));
    return [finish(entry, internet)];
  }
  if (type.kind === 'SecurityGroup' || type.kind === 'DefaultSecurityGroup') {
    const entries: Entry[] = [];
    for (const { path, value } of explicitParams(obj, ['ingress'])) {
      if (!Array.isArray(value)) {
        malformed.set(key, [...(malformed.get(key) ?? []), { path, message: `${path} must be a list of ingress blocks, got ${describe(value)}` }]);
        continue;
      }
      const init = path.startsWith('spec.initProvider');
      value.forEach((block, i) => {
        const at = `${path}[${i}]`;
        const entry = newEntry(name, `${init ? 'initProvider.' : ''}ingress[${i}] of security group \`${name}\``, [nodeKey(node)], []);
        if (!isObject(block)) {
          entry.malformed.push({ path: at, message: `${at} must be an ingress block (an object), got ${describe(block)}` });
          entries.push(finish(entry, internet));
          return;
        }
        for (const field of INLINE_CIDR_FIELDS) if (block[field] !== undefined && block[field] !== null) readCidrs(entry, { path: `${at}.${field}` }, block[field], true, cidrs);
        if (block.prefixListIds !== undefined && block.prefixListIds !== null) {
          const ids = block.prefixListIds;
          if (!Array.isArray(ids)) entry.malformed.push({ path: `${at}.prefixListIds`, message: `${at}.prefixListIds must be a list of prefix list IDs, got ${describe(ids)}` });
          else {
            ids.forEach((id, j) => {
              if (typeof id === 'string' && id !== '') readPrefixListRef(entry, resolve(ctx, node, [{ how: 'id', path: `${at}.prefixListIds[${j}]`, value: id }], LISTS, { limit: MAX_LISTS_PER_RULE })[0]!, resolved);
              else entry.malformed.push({ path: `${at}.prefixListIds[${j}]`, message: `${at}.prefixListIds[${j}] is ${describe(id)}, not a prefix list ID` });
            });
          }
        }
        setPorts(entry, [block.protocol].filter((v) => v !== undefined && v !== null), [block.fromPort].filter((v) => v !== undefined && v !== null), [block.toPort].filter((v) => v !== undefined && v !== null));
        entries.push(finish(entry, internet));
      });
    }
    return entries;
  }
  return [];
}

/** The explicit values of a top-level forProvider field, forProvider's first (explicitParams without the paths). */
function paramValues(obj: KubeObject, field: string): unknown[] {
  const path = fieldOf(field);
  const out: unknown[] = [];
  for (const block of PARAM_BLOCKS) {
    const value = paramValue(obj, block, path);
    if (value !== undefined) out.push(value);
  }
  return out;
}

function newEntry(resource: string, name: string, groups: string[], targets: string[]): Entry {
  return {
    resource,
    name,
    sources: [],
    set: EMPTY,
    malformed: [],
    unjudged: [],
    protocols: [],
    from: 0,
    to: 65535,
    reached: [],
    targets,
    classes: [],
    groups,
  };
}

function finish(entry: Entry, internet: InternetPrefix): Entry {
  const { sources } = entry;
  entry.set = sources.length === 0 ? EMPTY : sources.length === 1 ? sources[0]!.set : unionOfSets(sources.map((s) => s.set));
  for (const f of FAMILIES) {
    const { hasPublic, exposure: alone } = judgeFamily(entry.set, f, internet);
    if (hasPublic) (entry.publicFamilies ??= new Set()).add(f);
    if (alone === undefined) continue;
    (entry.exposedAlone ??= new Map()).set(f, alone);
    (entry.exposed ??= new Map()).set(f, { exposure: alone, together: [entry] });
  }
  return entry;
}

/**
 * The CIDRs of a field: a list of CIDRs (`cidrBlocks`), or one (`cidrIpv4`;
 * an empty string is no value, Upjet fills it from initProvider). A value
 * that is not a CIDR is malformed and joins no union.
 */
function readCidrs(entry: Entry, field: { readonly path: string }, value: unknown, list: boolean, cidrs: Cidrs): void {
  // `field.path` is read only where something is said: a compliant rule's sources format it when a finding names them.
  if (typeof value !== 'string' && !Array.isArray(value)) {
    entry.malformed.push({ path: field.path, message: `${field.path} must be ${list ? 'a list of CIDRs' : 'a CIDR'}, got ${describe(value)}` });
    return;
  }
  if (value === '' && !list) return;
  const items: readonly unknown[] = typeof value === 'string' ? [value] : value;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'string') {
      const at = itemPath(field, value, i);
      entry.malformed.push({ path: at, message: `${at} is ${describe(v)}, not a CIDR; write a CIDR such as 198.51.100.0/24` });
      continue;
    }
    const parsed = cidrOf(cidrs, v);
    if (!parsed.ok) {
      const at = itemPath(field, value, i);
      entry.malformed.push({ path: at, message: `${at} is ${JSON.stringify(v)}, not a CIDR: ${parsed.reason}; write a CIDR such as 198.51.100.0/24` });
    } else entry.sources.push(new CidrSource(field, v, parsed.set, parsed.cidr.family));
  }
}

/** Each CIDR text of the analysis, parsed and as a set once: rules of a composition repeat the same few CIDRs. */
type Cidrs = Map<string, { ok: false; reason: string } | { ok: true; cidr: Cidr; set: AddressSet }>;

function cidrOf(cidrs: Cidrs, text: string) {
  let parsed = cidrs.get(text);
  if (parsed === undefined) {
    const p = parseCidr(text);
    cidrs.set(text, (parsed = p.ok ? { ok: true, cidr: p.cidr, set: unionOf([p.cidr]) } : p));
  }
  return parsed;
}

/** A CIDR of a field; `field.path` is read only where something is said: a compliant rule's sources format it when a finding names them. */
class CidrSource implements Source {
  constructor(
    private readonly field: { readonly path: string },
    readonly label: string,
    readonly set: AddressSet,
    readonly family: Family,
  ) {}

  get path(): string {
    return this.field.path;
  }
}

/** Where item `i` of a CIDR field is: the field itself for one CIDR, else its element. */
const itemPath = (field: { readonly path: string }, value: unknown, i: number) => (typeof value === 'string' ? field.path : `${field.path}[${i}]`);

/** A prefix list reference: the CIDRs of the desired lists it picks join the union; one it may pick elsewhere cannot be judged. */
function readPrefixListRef(entry: Entry, r: Reference, resolved: Map<string, PrefixList>): void {
  if (r.found.length > MAX_LISTS_PER_RULE) {
    entry.unjudged.push({ path: r.path, label: `prefix list ${r.label}`, message: `it picks more than ${MAX_LISTS_PER_RULE} prefix lists, too many to judge` });
    return;
  }
  for (const node of r.found) {
    const list = resolved.get(targetKey(node))!;
    const shown = list.cidrs.length > 3 ? `${list.cidrs.slice(0, 3).join(', ')} and ${list.cidrs.length - 3} more` : list.cidrs.join(', ');
    entry.sources.push({ path: r.path.replace(/\[\d+\]$/, ''), label: `prefix list \`${node.name}\` (${shown || 'no entries'})`, set: list.set });
    if (list.unjudged !== undefined) entry.unjudged.push({ path: r.path, label: `prefix list \`${node.name}\``, message: list.unjudged });
  }
  if (r.found.length === 0) {
    entry.unjudged.push({ path: r.path, label: `prefix list ${r.label}`, message: 'no ManagedPrefixList of this composition is that list, so its CIDRs are not known here' });
  } else if (r.beyond) {
    entry.unjudged.push({ path: r.path, label: `prefix list ${r.label}`, message: 'without matchControllerRef it may also pick prefix lists outside this composition, whose CIDRs are not known here' });
  }
}

/** Protocols and ports, read the widest way: every protocol either block names, the lowest fromPort and the highest toPort. */
function setPorts(entry: Entry, protocols: unknown[], froms: unknown[], tos: unknown[]): void {
  // At most one protocol per parameter block: lists, not Sets, keep them once each.
  const own: string[] = [];
  const classes: string[] = [];
  let ported = false;
  for (const p of protocols) {
    const lower = String(p).toLowerCase();
    if (lower === '') continue;
    own.push(lower);
    const c = ALL_PROTOCOLS.has(lower) ? 'all' : (PROTOCOL_NUMBERS[lower] ?? lower);
    if (!classes.includes(c)) classes.push(c);
    if (PORT_PROTOCOLS.has(lower)) ported = true;
  }
  entry.protocols = own;
  const range = portRange(froms, tos);
  entry.from = range[0];
  entry.to = range[1];
  // No protocol at all is invalid for AWS; judged as all traffic, so that it never passes for less.
  entry.classes = own.length === 0 ? ['all'] : classes;
  if (entry.classes.includes('all')) entry.reached = [...PORTS];
  else entry.reached = ported ? PORTS.filter((port) => port >= entry.from && port <= entry.to) : [];
}

/**
 * The widest port range the parameters could mean: the lowest fromPort and
 * the highest toPort set in either block; a missing, negative or non-numeric
 * bound opens that end fully, and a reversed range opens every port.
 */
export function portRange(froms: readonly unknown[], tos: readonly unknown[]): [number, number] {
  const from = bound(froms, -1) ?? 0;
  const to = bound(tos, 1) ?? 65535;
  return from <= to ? [from, to] : [0, 65535];
}

/** The lowest (`sign` -1) or highest (1) of the values when every one is a port number, else undefined. */
function bound(values: readonly unknown[], sign: -1 | 1): number | undefined {
  let best: number | undefined;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) return undefined;
    if (best === undefined || (v - best) * sign > 0) best = v;
  }
  return best;
}

/**
 * The sensitive ports a protocol reaches over from..to: all protocols reach
 * every port, TCP and UDP the range, ICMP and other protocols none.
 */
export function reachedPorts(protocol: string, from: number, to: number): number[] {
  if (ALL_PROTOCOLS.has(protocol)) return [...PORTS];
  if (!PORT_PROTOCOLS.has(protocol)) return [];
  return PORTS.filter((p) => p >= from && p <= to);
}

/** The sensitive ports, in port order, listed once. */
const PORTS: readonly number[] = [...SENSITIVE_PORTS.keys()];

// ---------------------------------------------------------------------------
// Judging a group's entries together.

/** Entries that share a protocol and port range, with the unions of their addresses that may still combine. */
interface Bucket {
  from: number;
  to: number;
  entries: Entry[];
  /** By purpose and family: the union of the entries that do not already decide alone. */
  sets: Map<string, AddressSet>;
}

/**
 * Unions the entries of one security group per protocol and port. A port
 * is admitted from the union of the entries that reach it; the entries that
 * already admit the internet alone are flagged alone, so the union is taken
 * over the others, and when it still admits the internet each of them that
 * adds public addresses is flagged together with the rest. Ports judged:
 * every sensitive port (whole-space ingress there is refused) and the first
 * port of every range (the union of the entries reaching any port is
 * contained in the union at the highest range start at or below it, so
 * these starts are enough to find any exposure). When the union over all
 * ports admits nothing, no port does, and none is judged.
 */
function judgeGroup(entries: readonly Entry[], internet: InternetPrefix): void {
  const classes = new Set<string>();
  for (const e of entries) for (const c of e.classes) if (c !== 'all') classes.add(c);
  classes.add('6');
  classes.add('17');
  const all = entries.filter((e) => e.classes.includes('all'));
  let work = 0;
  // An entry that already decides alone is flagged alone: the union is taken over the others.
  const eligible = (e: Entry, purpose: Purpose, f: Family) => (purpose === 'open' ? !(e.exposedAlone?.get(f)?.whole ?? false) : !(e.exposedAlone?.has(f) ?? false));
  const setOf = (b: Bucket, purpose: Purpose, f: Family): AddressSet => {
    const key = `${purpose}|${f}`;
    let set = b.sets.get(key);
    if (set === undefined) {
      const members = b.entries.filter((e) => eligible(e, purpose, f));
      work += members.length;
      b.sets.set(key, (set = unionOfFamily(members.map((e) => e.set), f)));
    }
    return set;
  };
  const finds = (purpose: Purpose, union: AddressSet, f: Family): Exposure | undefined => {
    const found = judgeFamily(union, f, internet).exposure;
    return purpose === 'open' && found?.whole !== true ? undefined : found;
  };

  for (const c of classes) {
    const ported = c === '6' || c === '17';
    const buckets = new Map<string, Bucket>();
    const bucketOf = (from: number, to: number) => {
      const key = `${from}-${to}`;
      let b = buckets.get(key);
      if (b === undefined) buckets.set(key, (b = { from, to, entries: [], sets: new Map() }));
      return b;
    };
    for (const e of entries) if (e.classes.includes(c)) (ported ? bucketOf(e.from, e.to) : bucketOf(0, 65535)).entries.push(e);
    for (const e of all) bucketOf(0, 65535).entries.push(e);
    const list = [...buckets.values()];
    if (list.length === 0) continue;
    const purposes: Purpose[] = ported ? ['open', 'exposed'] : ['exposed'];
    for (const purpose of purposes) {
      for (const f of FAMILIES) {
        // The union over every port first: if it admits nothing, no port does.
        const sets = list.map((b) => setOf(b, purpose, f));
        if (finds(purpose, unionOfSets(sets), f) === undefined) continue;
        const points = !ported ? [0] : purpose === 'open' ? [...SENSITIVE_PORTS.keys()] : [...new Set([...list.map((b) => b.from), ...SENSITIVE_PORTS.keys()])];
        for (const point of points) {
          work += list.length;
          if (work > MAX_GROUP_WORK) break;
          const covering = list.filter((b) => b.from <= point && point <= b.to);
          if (covering.length === 0) continue;
          const coveringSets = covering.map((b) => setOf(b, purpose, f));
          work += coveringSets.reduce((n, set) => n + set[f].length, 0);
          const found = finds(purpose, unionOfSets(coveringSets), f);
          if (found === undefined) continue;
          const together = [...new Set(covering.flatMap((b) => b.entries))].filter((e) => eligible(e, purpose, f) && (e.publicFamilies?.has(f) ?? false));
          work += together.length;
          for (const e of together) {
            if (purpose === 'open') {
              e.open ??= { flags: new Map(), ports: new Set() };
              if (!e.open.flags.has(f)) e.open.flags.set(f, { exposure: found, together });
              e.open.ports.add(point);
            } else if (!(e.exposed?.has(f) ?? false)) {
              (e.exposed ??= new Map()).set(f, { exposure: found, together });
            }
          }
        }
      }
    }
  }
  if (work > MAX_GROUP_WORK) {
    const why = `its security group has ${entries.length} ingress rules over too many distinct port ranges to judge together`;
    for (const e of entries) if (e.publicFamilies !== undefined) e.unjudgedGroup = why;
  }
}

type Purpose = 'open' | 'exposed';
