/**
 * Security group ingress: never from the whole internet to admin or
 * database ports (refused), and from the internet to anything else only
 * with a person's approval. What an ingress admits is judged as AWS applies
 * it: the union of its CIDRs and prefix lists, and the union of every
 * ingress on the same security group (see sg-ingress.ts), so splitting the
 * internet into halves, /8s or several rules changes nothing. A finding
 * names the SecurityGroup the rule opens when that group is in the same
 * desired state, as Checkov's graph checks relate a rule to its group.
 *
 * How the two rules split the work: `aws-ec2-sg-open-admin-ports` refuses
 * ingress whose union is the whole IPv4 or IPv6 space on a sensitive port,
 * and values it cannot read (a spec that is not an object, a CIDR that is
 * not one). `aws-ec2-sg-internet-ingress` holds everything else that admits
 * the internet (the whole space, or a public range wider than the Input's
 * `network.internetPrefix`, on any port, admin ports included) and
 * ingress through a prefix list it cannot see. An entry the first refuses
 * is not held by the second; when the first is disabled, the second holds
 * what it would have refused.
 */
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { coversAll, exposure, type Family, FAMILIES, formatInterval, type InternetPrefix, publicPart } from '../kit/cidr.js';
import { portNames } from '../kit/ports.js';
import { targetKey } from '../kit/references.js';
import type { Problem } from '../kit/cidr.js';
import { ALL_PROTOCOLS, type Entry, type Flag, ingressAnalysis, PORT_PROTOCOLS } from './sg-ingress.js';

export { SENSITIVE_PORTS } from '../kit/ports.js';
export { portRange, reachedPorts } from './sg-ingress.js';

const KINDS = [
  { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupRule' },
  { cloud: 'aws', service: 'ec2', kind: 'SecurityGroupIngressRule' },
  { cloud: 'aws', service: 'ec2', kind: 'SecurityGroup' },
  { cloud: 'aws', service: 'ec2', kind: 'DefaultSecurityGroup' },
] as const;

const WHAT =
  'a `SecurityGroupRule` (type ingress), a `SecurityGroupIngressRule`, or an inline `ingress` block of a `SecurityGroup` or `DefaultSecurityGroup` (its CIDRs, IPv6 CIDRs and prefix lists unioned, and unioned again with every other ingress on the same security group that reaches the same port: the desired group it refers to by `securityGroupIdRef`, `securityGroupIdSelector` or `securityGroupId`, or the same literal group ID, reference or selector when the group is not composed here)';

export const sgOpenAdminPorts = defineRule({
  id: 'aws-ec2-sg-open-admin-ports',
  title: 'No internet ingress to admin or database ports',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses ${WHAT} that admits the whole IPv4 or IPv6 address space to SSH, RDP or a database port (1433, 1521, 3306, 5432, 5439, 6379, 9042, 9200, 11211, 27017): \`0.0.0.0/0\`, but also \`0.0.0.0/1\` with \`128.0.0.0/1\`, all 256 /8s, \`::ffff:0.0.0.0/96\` (IPv4-mapped), or two rules of one /1 each on the same group, all of them refused and each naming the others. A port range that spans a sensitive port counts, and so does protocol \`-1\` (all traffic). Also refuses a CIDR that is not one (\`10.0.0.0/33\`, \`010.0.0.0/8\`, spaces), which cannot be judged.`,
  references: { checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'], trivy: ['AWS-0107'] },
  kinds: KINDS,
  check(ctx) {
    const { entries, malformed } = ingressOf(ctx);
    for (const p of malformed) ctx.unsafe(p.path, p.message);
    for (const entry of entries) {
      if (entry.open === undefined) continue;
      const { flags, ports } = entry.open;
      ctx.unsafe(
        reportPath(entry, flags),
        `${opens(entry)}ingress from ${describeFlags(entry, flags, ctx.input.network.internetPrefix)} allows ${span(entry)}, reaching ${portNames([...ports].sort((a, b) => a - b))}; ${ADVICE}`,
      );
    }
  },
}) satisfies Rule;

const ADVICE = "allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager";

export const sgInternetIngress = defineRule({
  id: 'aws-ec2-sg-internet-ingress',
  title: 'Internet ingress needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval ${WHAT} that admits the internet to any port or protocol: the whole address space, or a public range wider than \`network.internetPrefix\` of the Input (/8 for IPv4, /16 for IPv6 by default; private and special-purpose space such as 10.0.0.0/8, 100.64.0.0/10 or fc00::/7 is not public), e.g. HTTPS to a public load balancer: legitimate, but a person should confirm it. Also holds ingress through a prefix list whose CIDRs cannot be known here (not a ManagedPrefixList of this composition, picked by a selector without matchControllerRef, or with entries set by reference). Ingress that \`aws-ec2-sg-open-admin-ports\` refuses is not held too (unless that rule is disabled, when this one holds it instead). Observe-only resources are someone else's and pass (the engine skips them).`,
  references: { checkov: ['CKV_AWS_260'], trivy: ['AWS-0107'] },
  kinds: KINDS,
  check(ctx) {
    // What the admin-ports rule refuses (malformed values included), it reports; this rule stays quiet about it.
    const adminReports = (ctx.input.rules[sgOpenAdminPorts.id]?.action ?? sgOpenAdminPorts.defaultAction) !== 'Disabled';
    const { entries, malformed } = ingressOf(ctx);
    if (!adminReports) for (const p of malformed) ctx.unsafe(p.path, p.message);
    const internet = ctx.input.network.internetPrefix;
    for (const entry of entries) {
      const refused = adminReports && entry.open !== undefined;
      // With the refusal disabled, what it would refuse is held here, named as it would have named it.
      const flags: ReadonlyMap<Family, Flag> =
        adminReports || entry.open === undefined ? (entry.exposed ?? NO_FLAGS) : new Map([...(entry.exposed ?? []), ...entry.open.flags]);
      if (!refused && flags.size > 0) {
        ctx.unsafe(reportPath(entry, flags), `${opens(entry)}ingress from ${describeFlags(entry, flags, internet)} allows ${span(entry)}${reaching(entry)}; ${APPROVE}`);
      }
      for (const u of entry.unjudged) {
        ctx.unsafe(u.path, `${opens(entry)}ingress through ${u.label} allows ${span(entry)}${reaching(entry)}, but ${u.message}; ${APPROVE_LIST}`);
      }
      if (!refused && flags.size === 0 && entry.unjudgedGroup !== undefined) {
        const at = entry.sources.find((s) => FAMILIES.some((f) => publicPart(s.set, f).length > 0));
        ctx.unsafe(at?.path ?? '', `${opens(entry)}ingress from ${at?.label ?? 'public addresses'} allows ${span(entry)}${reaching(entry)}, but ${entry.unjudgedGroup}; ${APPROVE}`);
      }
    }
  },
}) satisfies Rule;

const NO_FLAGS: ReadonlyMap<Family, Flag> = new Map();

/** `, reaching 5432 (PostgreSQL)`: the sensitive ports an entry reaches, for a finding (written only when there is one). */
const reaching = (entry: Entry) => (entry.reached.length > 0 ? `, reaching ${portNames(entry.reached)}` : '');

const APPROVE = 'approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group';
const APPROVE_LIST = 'approve only if that list holds only networks that may reach these ports, or use a ManagedPrefixList composed here';

/** The security group rules in evaluation order. */
export const SECURITY_GROUP_RULES = [sgOpenAdminPorts, sgInternetIngress] as const satisfies readonly Rule[];

/**
 * The ingress entries of the target being judged, and its malformed values,
 * from the evaluation's shared analysis of every target (carried ones too).
 */
function ingressOf(ctx: RuleContext): { entries: readonly Entry[]; malformed: readonly Problem[] } {
  const analysis = ingressAnalysis(ctx);
  const key = targetKey(ctx);
  const entries = analysis.byResource.get(key) ?? [];
  const malformed = analysis.malformed.get(key) ?? [];
  return { entries, malformed: entries.some((e) => e.malformed.length > 0) ? [...malformed, ...entries.flatMap((e) => e.malformed)] : malformed };
}

/** Where a finding points: the first field that adds public addresses in a flagged family. */
function reportPath(entry: Entry, flags: ReadonlyMap<Family, Flag>): string {
  return publicSources(entry, [...flags.keys()])[0]?.path ?? entry.sources[0]?.path ?? '';
}

const publicSources = (entry: Entry, families: readonly Family[]) => entry.sources.filter((s) => families.some((f) => publicPart(s.set, f).length > 0));

/** At most `max` items, then how many more. */
const few = (items: readonly string[], max: number) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

/**
 * What admits the internet and why, e.g. `0.0.0.0/1, 128.0.0.0/1 (together
 * the whole IPv4 internet)`, or with other entries of the group: `0.0.0.0/1
 * here and 128.0.0.0/1 in rule \`ssh-b\` (together the whole IPv4 internet)`.
 */
function describeFlags(entry: Entry, flags: ReadonlyMap<Family, Flag>, internet: InternetPrefix): string {
  // `::/0` also holds the IPv4-mapped block, so it counts as IPv4 too (fail closed); saying so adds nothing when the
  // whole IPv6 internet is named already and no IPv4 CIDR is involved.
  const implied =
    flags.get('ipv6')?.exposure.whole === true && flags.get('ipv4')?.together.length === 1 && publicSources(entry, ['ipv4']).every((s) => s.family === 'ipv6');
  const families = FAMILIES.filter((f) => flags.has(f) && !(f === 'ipv4' && implied));
  const own = publicSources(entry, families);
  const partners = [...new Set(families.flatMap((f) => flags.get(f)!.together))].filter((e) => e !== entry);
  const notes = families.map((f) => {
    const { exposure: found, together: others } = flags.get(f)!;
    // Together: the exposure takes more than one source (of this entry, or of the group's other entries).
    const alone = publicSources(entry, [f]).filter((s) => (found.whole ? coversAll(s.set, f) : exposure(s.set, internet).some((e) => e.family === f)));
    const together = others.length > 1 || alone.length === 0;
    // A /0 says what it is; any other spelling of the whole space is named.
    if (found.whole) return { whole: true, together, text: !together && alone.some((s) => s.family === f && s.label.endsWith('/0')) ? '' : `${together ? 'together ' : ''}the whole ${f === 'ipv4' ? 'IPv4' : 'IPv6'} internet` };
    const range = formatInterval(found.widest!, f);
    const exact = !together && own.length === 1 && own[0]!.label === range;
    return { whole: false, together, text: exact ? `public and wider than /${internet[f]}` : `${together ? 'together including' : 'including'} ${range}, public and wider than /${internet[f]}` };
  });
  const [a, b] = notes;
  const both = a !== undefined && b !== undefined && a.whole && b.whole && a.together === b.together && a.text !== '' && b.text !== '';
  const note = both ? `${a.together ? 'together ' : ''}the whole IPv4 and IPv6 internet` : notes.map((n) => n.text).filter((t) => t !== '').join('; ');
  const paren = note === '' ? '' : ` (${note})`;
  const mine = few(own.map((s) => s.label), 5);
  if (partners.length === 0) return `${mine}${paren}`;
  const theirs = partners.map((p) => `${few(publicSources(p, families).map((s) => s.label), 2)} in ${p.name}`);
  return `${mine} here and ${few(theirs, 3)}${paren}`;
}

/** What the entry lets through: all traffic, a TCP/UDP port range, or a port-less protocol such as ICMP. */
function span({ protocols, from, to }: Entry): string {
  const all = protocols.find((p) => ALL_PROTOCOLS.has(p));
  if (all !== undefined) return `all traffic (protocol ${all})`;
  const ported = protocols.find((p) => PORT_PROTOCOLS.has(p));
  if (ported !== undefined) return `${ported} ${from === to ? `port ${from}` : `ports ${from}-${to}`}`;
  return protocols.length > 0 ? `protocol ${[...new Set(protocols)].join(', ')}` : 'all traffic (no protocol set)';
}

/** `opens security group \`web\`: ` when the group a standalone rule belongs to is in the desired state, else nothing. */
function opens(entry: Entry): string {
  const { targets, manyTargets } = entry;
  if (manyTargets === true) return 'opens one of the many security groups its selector matches: ';
  if (targets.length === 0) return '';
  return `opens security group ${targets.map((g) => `\`${g}\``).join(' or ')}: `;
}
