/** Security group rules: no ingress from the whole internet to admin or database ports. */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { explicitParams, readable } from '../params.js';

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

export const sgOpenAdminPorts = defineRule({
  id: 'aws-ec2-sg-open-admin-ports',
  title: 'No internet ingress to admin or database ports',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a `SecurityGroupRule` (type ingress) or `SecurityGroupIngressRule` that admits `0.0.0.0/0` or `::/0` (any /0) to SSH, RDP or a database port (1433, 1521, 3306, 5432, 5439, 6379, 9042, 9200, 11211, 27017). A port range that spans one counts, and so does protocol `-1` (all traffic).',
  references: { checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'], trivy: ['AWS-0107'] },
  kinds: [
    { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupRule' },
    { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupIngressRule' },
  ],
  check(ctx) {
    if (!readable(ctx)) return;
    // Upjet fills an empty forProvider value ('', [], 0) from initProvider at creation, so
    // both blocks are read together and the most permissive reading wins: fail closed.
    const legacy = ctx.type.kind === 'SecurityGroupRule';
    if (legacy && !values(ctx, 'type').includes('ingress')) return;
    const sourceFields = legacy ? ['cidrBlocks', 'ipv6CidrBlocks'] : ['cidrIpv4', 'cidrIpv6'];
    const open = sourceFields.flatMap((field) =>
      explicitParams(ctx.resource, [field]).flatMap(({ path, value }) => cidrs(value).filter(isWholeInternet).map((cidr) => ({ path, cidr }))),
    );
    if (open.length === 0) return;

    const [from, to] = portRange(values(ctx, 'fromPort'), values(ctx, 'toPort'));
    const protocols = values(ctx, legacy ? 'protocol' : 'ipProtocol').map((p) => String(p).toLowerCase());
    const all = protocols.find((p) => ALL_PROTOCOLS.has(p));
    const reached = [...new Set(protocols.flatMap((p) => reachedPorts(p, from, to)))].sort((a, b) => a - b);
    if (reached.length === 0) return;

    const what = reached.map((p) => `${p} (${SENSITIVE_PORTS.get(p)})`).join(', ');
    const ported = protocols.find((p) => PORT_PROTOCOLS.has(p));
    const span = all !== undefined ? `all traffic (protocol ${all})` : `${ported} ${from === to ? `port ${from}` : `ports ${from}-${to}`}`;
    const sources = [...new Set(open.map((o) => o.cidr))].join(', ');
    ctx.unsafe(
      open[0]!.path,
      `ingress from ${sources} allows ${span}, reaching ${what}; allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager`,
    );
  },
}) satisfies Rule;

/** Every explicit value of a parameter, forProvider's first. */
function values(ctx: RuleContext, field: string): unknown[] {
  return explicitParams(ctx.resource, [field]).map((e) => e.value);
}

/** A CIDR list field, or a single CIDR field, as strings. */
function cidrs(value: unknown): string[] {
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
