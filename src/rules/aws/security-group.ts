/**
 * Security group rules: no ingress from the whole internet to admin or
 * database ports (refused), and any other ingress from the whole internet
 * only with a person's approval. A finding names the SecurityGroup the rule
 * opens when that group is in the same desired state, as Checkov's graph
 * checks relate a rule to its group.
 */
import { getPath, isObject } from '../../engine/fieldpath.js';
import { resourceType, service, type ResourceType } from '../../engine/gvk.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { explicitParams, observeOnly, readable } from '../params.js';

/** Ports an internet-wide rule must never reach, in port order: remote administration and databases. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [5432, 'PostgreSQL'],
  [5439, 'Redshift'],
  [6379, 'Redis'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
]);

const ALL_PROTOCOLS = new Set(['-1', 'all']);
const PORT_PROTOCOLS = new Set(['tcp', 'udp', '6', '17']);

const KINDS = [
  { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupRule' },
  { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupIngressRule' },
] as const;

export const sgOpenAdminPorts = defineRule({
  id: 'aws-ec2-sg-open-admin-ports',
  title: 'No internet ingress to admin or database ports',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a `SecurityGroupRule` (type ingress) or `SecurityGroupIngressRule` that admits `0.0.0.0/0` or `::/0` (any /0) to SSH, RDP or a database port (1433, 1521, 3306, 5432, 5439, 6379, 9042, 9200, 11211, 27017). A port range that spans one counts, and so does protocol `-1` (all traffic).',
  references: { checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'], trivy: ['AWS-0107'] },
  kinds: KINDS,
  check(ctx) {
    if (!readable(ctx)) return;
    const ingress = internetIngress(ctx);
    if (ingress === undefined || ingress.reached.length === 0) return;
    ctx.unsafe(
      ingress.open[0]!.path,
      `${opens(ctx)}ingress from ${sources(ingress)} allows ${span(ingress)}, reaching ${portNames(ingress.reached)}; allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager`,
    );
  },
}) satisfies Rule;

export const sgInternetIngress = defineRule({
  id: 'aws-ec2-sg-internet-ingress',
  title: 'Internet ingress needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval a `SecurityGroupRule` (type ingress) or `SecurityGroupIngressRule` that admits `0.0.0.0/0` or `::/0` (any /0) to any other port or protocol, e.g. HTTPS to a public load balancer: legitimate, but a person should confirm it. Ingress that `aws-ec2-sg-open-admin-ports` refuses is not reported twice (unless that rule is disabled, when this one holds it instead). Observe-only rules are someone else's and pass.",
  references: { checkov: ['CKV_AWS_260'], trivy: ['AWS-0107'] },
  kinds: KINDS,
  check(ctx) {
    if (observeOnly(ctx.resource)) return;
    // What the admin-ports rule refuses (an unreadable rule included), it reports; this rule stays quiet about it.
    const adminReports = (ctx.input.rules[sgOpenAdminPorts.id]?.action ?? sgOpenAdminPorts.defaultAction) !== 'Disabled';
    if (adminReports ? !parameterBlocksReadable(ctx.resource) : !readable(ctx)) return;
    const ingress = internetIngress(ctx);
    if (ingress === undefined || (adminReports && ingress.reached.length > 0)) return;
    const reaching = ingress.reached.length > 0 ? `, reaching ${portNames(ingress.reached)}` : '';
    ctx.unsafe(
      ingress.open[0]!.path,
      `${opens(ctx)}ingress from ${sources(ingress)} allows ${span(ingress)}${reaching}; approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group`,
    );
  },
}) satisfies Rule;

/** The security group rules in evaluation order. */
export const SECURITY_GROUP_RULES = [sgOpenAdminPorts, sgInternetIngress] as const satisfies readonly Rule[];

/** What an ingress rule admits from the whole internet. */
interface Ingress {
  /** Every /0 source, with the field it was found in. */
  open: { path: string; cidr: string }[];
  from: number;
  to: number;
  /** Lowercased, forProvider's first. */
  protocols: string[];
  /** The sensitive ports reached, in port order. */
  reached: number[];
}

/** Internet ingress through this rule, or undefined when it admits none (egress, or no /0 source). */
function internetIngress(ctx: RuleContext): Ingress | undefined {
  // Upjet fills an empty forProvider value ('', [], 0) from initProvider at creation, so
  // both blocks are read together and the most permissive reading wins: fail closed.
  const legacy = ctx.type.kind === 'SecurityGroupRule';
  if (legacy && !values(ctx, 'type').includes('ingress')) return undefined;
  const sourceFields = legacy ? ['cidrBlocks', 'ipv6CidrBlocks'] : ['cidrIpv4', 'cidrIpv6'];
  const open = sourceFields.flatMap((field) =>
    explicitParams(ctx.resource, [field]).flatMap(({ path, value }) => cidrs(value).filter(isWholeInternet).map((cidr) => ({ path, cidr }))),
  );
  if (open.length === 0) return undefined;
  const [from, to] = portRange(values(ctx, 'fromPort'), values(ctx, 'toPort'));
  const protocols = values(ctx, legacy ? 'protocol' : 'ipProtocol').map((p) => String(p).toLowerCase());
  const reached = [...new Set(protocols.flatMap((p) => reachedPorts(p, from, to)))].sort((a, b) => a - b);
  return { open, from, to, protocols, reached };
}

const sources = (ingress: Ingress) => [...new Set(ingress.open.map((o) => o.cidr))].join(', ');

const portNames = (ports: readonly number[]) => ports.map((p) => `${p} (${SENSITIVE_PORTS.get(p)})`).join(', ');

/** What the rule lets through: all traffic, a TCP/UDP port range, or a port-less protocol such as ICMP. */
function span({ protocols, from, to }: Ingress): string {
  const all = protocols.find((p) => ALL_PROTOCOLS.has(p));
  if (all !== undefined) return `all traffic (protocol ${all})`;
  const ported = protocols.find((p) => PORT_PROTOCOLS.has(p));
  if (ported !== undefined) return `${ported} ${from === to ? `port ${from}` : `ports ${from}-${to}`}`;
  return protocols.length > 0 ? `protocol ${[...new Set(protocols)].join(', ')}` : 'traffic (no protocol set)';
}

/** `spec`, forProvider and initProvider are objects where present: what `readable` checks, without reporting. */
function parameterBlocksReadable(resource: KubeObject): boolean {
  const spec = resource.spec;
  if (spec === undefined) return true;
  if (!isObject(spec)) return false;
  return [spec.forProvider, spec.initProvider].every((b) => b === undefined || b === null || isObject(b));
}

/** Every explicit value of a parameter, forProvider's first. */
function values(ctx: RuleContext, field: string): unknown[] {
  return explicitParams(ctx.resource, [field]).map((e) => e.value);
}

/** A CIDR list field, or a single CIDR field, as strings. */
export function cidrs(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * The widest port range the parameters could mean: the lowest fromPort and
 * the highest toPort set in either block; a missing, negative or non-numeric
 * bound opens that end fully.
 */
export function portRange(froms: readonly unknown[], tos: readonly unknown[]): [number, number] {
  const valid = (vs: readonly unknown[]) => vs.length > 0 && vs.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535);
  const from = valid(froms) ? Math.min(...(froms as number[])) : 0;
  const to = valid(tos) ? Math.max(...(tos as number[])) : 65535;
  return [from, to];
}

/** Any CIDR with prefix length 0: `0.0.0.0/0`, `::/0`, `::0/0`. */
export function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/**
 * The sensitive ports a protocol reaches over from..to: all protocols reach
 * every port, TCP and UDP the range, ICMP and other protocols none.
 */
export function reachedPorts(protocol: string, from: number, to: number): number[] {
  if (ALL_PROTOCOLS.has(protocol)) return [...SENSITIVE_PORTS.keys()];
  if (!PORT_PROTOCOLS.has(protocol)) return [];
  return [...SENSITIVE_PORTS.keys()].filter((p) => p >= from && p <= to);
}

/** `opens security group \`web\`: ` when the group this rule belongs to is in the desired state, else nothing. */
function opens(ctx: RuleContext): string {
  const groups = targetGroups(ctx);
  return groups.length === 0 ? '' : `opens security group ${groups.map((g) => `\`${g}\``).join(' or ')}: `;
}

/** The desired SecurityGroups, by group and version family: built once per evaluation. */
const groupIndex = new WeakMap<ReadonlyMap<string, KubeObject>, { name: string; sg: KubeObject; type: ResourceType }[]>();

function securityGroups(desired: ReadonlyMap<string, KubeObject>): { name: string; sg: KubeObject; type: ResourceType }[] {
  let index = groupIndex.get(desired);
  if (index === undefined) {
    index = [];
    for (const [name, sg] of desired) {
      const type = isObject(sg) ? resourceType(sg) : undefined;
      if (type?.cloud === 'aws' && service(type) === 'ec2' && type.kind === 'SecurityGroup') index.push({ name, sg, type });
    }
    groupIndex.set(desired, index);
  }
  return index;
}

/**
 * The composition resource names of the desired SecurityGroups this rule
 * refers to, through `securityGroupIdRef.name` (the group's metadata.name),
 * `securityGroupIdSelector` (its matchLabels; with matchControllerRef alone,
 * every group this composite controls, which is every desired one) or
 * `securityGroupId` (the group's external name, or the ID its observed state
 * reports). Sorted; empty when the group is not composed here.
 */
function targetGroups(ctx: RuleContext): string[] {
  const candidates = securityGroups(ctx.desired).filter((g) => g.type.group === ctx.type.group);
  if (candidates.length === 0) return [];
  const found = new Set<string>();
  for (const block of ['forProvider', 'initProvider']) {
    const params = getPath(ctx.resource, ['spec', block]);
    if (!isObject(params)) continue;
    for (const { name, sg } of candidates) {
      if (refersTo(params, sg, ctx.observed.get(name))) found.add(name);
    }
  }
  return [...found].sort();
}

function refersTo(params: Record<string, unknown>, sg: KubeObject, observed: KubeObject | undefined): boolean {
  const metadata = isObject(sg.metadata) ? sg.metadata : {};
  const ref = params.securityGroupIdRef;
  if (isObject(ref) && typeof ref.name === 'string' && ref.name === metadata.name) return true;

  const selector = params.securityGroupIdSelector;
  if (isObject(selector)) {
    const labels = isObject(metadata.labels) ? metadata.labels : {};
    const match = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
    if (match.length > 0 ? match.every(([k, v]) => labels[k] === v) : selector.matchControllerRef === true) return true;
  }

  const id = params.securityGroupId;
  if (typeof id === 'string' && id !== '') {
    const externalName = isObject(metadata.annotations) ? metadata.annotations['crossplane.io/external-name'] : undefined;
    if (id === externalName || id === getPath(observed, ['status', 'atProvider', 'id'])) return true;
  }
  return false;
}
