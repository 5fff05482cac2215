/** Security group rules: no ingress from the whole internet to admin or database ports. */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { explicitParams, readable } from '../params.js';

/** Ports an internet-wide rule must never reach: remote administration and databases. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [3306, 'MySQL'],
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
    const legacy = ctx.type.kind === 'SecurityGroupRule';
    if (legacy && param(ctx, 'type') !== 'ingress') return;
    const sourceFields = legacy ? ['cidrBlocks', 'ipv6CidrBlocks'] : ['cidrIpv4', 'cidrIpv6'];
    const openBy = sourceFields.map((field) => [field, strings(ctx, field).filter(isWholeInternet)] as const).filter(([, cidrs]) => cidrs.length > 0);
    if (openBy.length === 0) return;
    const open = openBy.flatMap(([, cidrs]) => cidrs);

    const protocol = String(param(ctx, legacy ? 'protocol' : 'ipProtocol') ?? '').toLowerCase();
    const reached = reachedPorts(protocol, param(ctx, 'fromPort'), param(ctx, 'toPort'));
    if (reached.length === 0) return;
    const what = reached.map((p) => `${p} (${SENSITIVE_PORTS.get(p)})`).join(', ');
    const span = ALL_PROTOCOLS.has(protocol) ? `all traffic (protocol ${protocol})` : `${protocol} ports ${String(param(ctx, 'fromPort'))}-${String(param(ctx, 'toPort'))}`;
    ctx.unsafe(
      `spec.forProvider.${openBy[0]![0]}`,
      `ingress from ${open.join(', ')} allows ${span}, reaching ${what}; allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager`,
    );
  },
}) satisfies Rule;

/** forProvider's value, else initProvider's. */
function param(ctx: RuleContext, field: string): unknown {
  return explicitParams(ctx.resource, [field])[0]?.value;
}

/** A CIDR list field, or a single CIDR field, as strings. */
function strings(ctx: RuleContext, field: string): string[] {
  const v = param(ctx, field);
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** Any CIDR with prefix length 0: `0.0.0.0/0`, `::/0`, `::0/0`. */
export function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/**
 * The sensitive ports a rule reaches. All protocols reach every port; TCP
 * and UDP reach fromPort..toPort, and a missing or -1 bound means the whole
 * range (fail closed); ICMP and other protocols reach no ports.
 */
export function reachedPorts(protocol: string, fromPort: unknown, toPort: unknown): number[] {
  if (ALL_PROTOCOLS.has(protocol)) return [...SENSITIVE_PORTS.keys()];
  if (!PORT_PROTOCOLS.has(protocol)) return [];
  const bound = (v: unknown, dflt: number) => (typeof v === 'number' && v >= 0 ? v : dflt);
  const [from, to] = [bound(fromPort, 0), bound(toPort, 65535)];
  return [...SENSITIVE_PORTS.keys()].filter((p) => p >= from && p <= to);
}
