/**
 * Server firewall rules (Azure SQL, PostgreSQL, MySQL, Synapse, Redis): an
 * address range from `startIpAddress` to `endIpAddress` that may connect.
 * A server admits the union of its rules, so they are judged together: the
 * rules of the desired state that name the same server (by reference,
 * selector, ID or name; see relations.ts) are unioned, and
 * `0.0.0.0-127.255.255.255` with `128.0.0.0-255.255.255.255`, or 256 rules
 * of one /8 each, are the whole internet as surely as one rule of
 * `0.0.0.0-255.255.255.255`.
 *
 * A range that holds `0.0.0.0` is also Azure's "allow Azure services"
 * switch (`0.0.0.0-0.0.0.0`, the rule the portal calls
 * AllowAllWindowsAzureIps): connections from any Azure resource, of any
 * tenant, pass. Trivy reads any range starting at 0.0.0.0 that way; so does
 * this module, for every range that holds it.
 *
 * What it cannot see: rules outside the desired state (of other
 * compositions, or made in the portal), so a union can only be larger than
 * judged; and a server's `publicNetworkAccessEnabled`, which
 * `azure-database-public-network` judges on the server.
 */
import type { DesiredIndex } from '../../engine/desired-index.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { formatAddress, formatInterval, judgeFamily, parseCidr, unionOf, type Exposure, type InternetPrefix } from '../kit/cidr.js';
import { applied, cloudName, lastSegment, picked, references, type RefFields, type RefTarget, type Resolving, targetKey, unionKeys } from '../kit/references.js';
import { describe, explicitParams, readableParams } from '../params.js';

/** A kind of firewall rule: its range fields, and how it names its server. */
interface FirewallKind {
  kind: ProviderKindRef;
  start: string;
  end: string;
  parent: RefFields;
  /** The server kind, as its fields name it. */
  server: RefTarget;
  /** The server in words: `SQL server`. */
  what: string;
}

const az = (service: string, kind: string): ProviderKindRef => ({ cloud: 'azure', service, kind });

/** A server an Azure rule names: by reference or selector, or by an ID or name that ends in its Azure name (global DNS names; Azure IDs ignore case). */
const server = (ref: string): RefTarget => ({ kinds: [ref], ids: (c) => [cloudName(c)], compare: lastSegment });

const SERVER_ID: RefFields = { id: 'serverId', ref: 'serverIdRef', selector: 'serverIdSelector' };
const SERVER_NAME: RefFields = { id: 'serverName', ref: 'serverNameRef', selector: 'serverNameSelector' };

const FIREWALLS: readonly FirewallKind[] = [
  { kind: az('sql', 'MSSQLFirewallRule'), start: 'startIpAddress', end: 'endIpAddress', parent: SERVER_ID, server: server('azure/sql/MSSQLServer'), what: 'SQL server' },
  { kind: az('dbforpostgresql', 'FlexibleServerFirewallRule'), start: 'startIpAddress', end: 'endIpAddress', parent: SERVER_ID, server: server('azure/dbforpostgresql/FlexibleServer'), what: 'PostgreSQL server' },
  { kind: az('dbforpostgresql', 'FirewallRule'), start: 'startIpAddress', end: 'endIpAddress', parent: SERVER_NAME, server: server('azure/dbforpostgresql/Server'), what: 'PostgreSQL server' },
  { kind: az('dbformysql', 'FlexibleServerFirewallRule'), start: 'startIpAddress', end: 'endIpAddress', parent: SERVER_NAME, server: server('azure/dbformysql/FlexibleServer'), what: 'MySQL server' },
  {
    kind: az('synapse', 'FirewallRule'),
    start: 'startIpAddress',
    end: 'endIpAddress',
    parent: { id: 'synapseWorkspaceId', ref: 'synapseWorkspaceIdRef', selector: 'synapseWorkspaceIdSelector' },
    server: server('azure/synapse/Workspace'),
    what: 'Synapse workspace',
  },
  {
    kind: az('cache', 'RedisFirewallRule'),
    start: 'startIp',
    end: 'endIp',
    parent: { id: 'redisCacheName', ref: 'redisCacheNameRef', selector: 'redisCacheNameSelector' },
    server: server('azure/cache/RedisCache'),
    what: 'Redis cache',
  },
];

const BY_REF: ReadonlyMap<string, FirewallKind> = new Map(FIREWALLS.map((f) => [`azure/${f.kind.service}/${f.kind.kind}`, f]));

/** One firewall rule of the desired state. */
interface Entry {
  key: string;
  /** `rule \`fw-b\``: how other rules' messages name it. */
  label: string;
  /** Where the range starts: the path a finding points at. */
  path: string;
  /** The widest range the parameters could mean, when both ends are addresses. */
  range?: { first: bigint; last: bigint };
  malformed: { path: string; message: string }[];
  /** The server it belongs to, for messages: its composed names, or what the rule names. */
  server: string;
  groups: string[];
  /** The range holds 0.0.0.0: Azure services of any tenant pass. */
  azureServices: boolean;
  /** The whole IPv4 space, alone or with the others of its server. */
  open?: Flag;
  /** A public range wider than the internet prefix, alone or with the others of its server. */
  exposed?: Flag;
}

interface Flag {
  exposure: Exposure;
  together: readonly Entry[];
}

const cache = new WeakMap<DesiredIndex, { internet: InternetPrefix; entries: Map<string, Entry> }>();

/** Every firewall rule of the desired state, judged per server; built once per evaluation. */
function analysis(ctx: Resolving & Pick<RuleContext, 'input'>): Map<string, Entry> {
  const internet = ctx.input.network.internetPrefix;
  const hit = cache.get(ctx.index);
  if (hit !== undefined && hit.internet === internet) return hit.entries;
  const entries = new Map<string, Entry>();
  const groups = new Map<string, Entry[]>();
  for (const f of FIREWALLS) {
    for (const t of applied(ctx.index.byRef(`azure/${f.kind.service}/${f.kind.kind}`))) {
      if (!readableParams(t.object)) continue; // the engine refuses it on the resource itself
      const key = targetKey(t);
      const refs = references(ctx, t, f.parent, f.server);
      const names = [...new Set(picked(refs).map((p) => p.name))].sort();
      const entry = readEntry(t.object, f, key, names.map((n) => `\`${n}\``).join(' or '));
      const keys = unionKeys(refs);
      entry.groups = keys.length > 0 ? keys : [`alone|${key}`];
      entries.set(key, entry);
      for (const g of entry.groups) groups.set(g, [...(groups.get(g) ?? []), entry]);
    }
  }
  for (const members of groups.values()) judge(members, internet);
  cache.set(ctx.index, { internet, entries });
  return entries;
}

/** A rule's range, read the widest way: the lowest start and the highest end set in either parameter block. */
function readEntry(obj: Parameters<typeof explicitParams>[0], f: FirewallKind, key: string, server: string): Entry {
  const malformed: Entry['malformed'] = [];
  const address = (field: string): { path: string; value: bigint }[] =>
    explicitParams(obj, [field]).flatMap(({ path, value }) => {
      const parsed = typeof value === 'string' && !value.includes('/') ? parseCidr(value) : undefined;
      if (parsed?.ok === true && parsed.cidr.family === 'ipv4') return [{ path, value: parsed.cidr.first }];
      const why = typeof value !== 'string' ? describe(value) : JSON.stringify(value);
      const reason = parsed?.ok === false ? `: ${parsed.reason}` : '';
      malformed.push({ path, message: `${path} is ${why}, not an IPv4 address${reason}; write one such as 198.51.100.7 (a firewall rule is a range of IPv4 addresses)` });
      return [];
    });
  const starts = address(f.start);
  const ends = address(f.end);
  const path = starts[0]?.path ?? explicitParams(obj, [f.start])[0]?.path ?? `spec.forProvider.${f.start}`;
  const entry: Entry = { key, label: `rule \`${key}\``, path, malformed, server, groups: [], azureServices: false };
  if (starts.length === 0 || ends.length === 0 || malformed.length > 0) return entry; // absent: the API server requires both
  const first = starts.reduce((a, b) => (b.value < a ? b.value : a), starts[0]!.value);
  const last = ends.reduce((a, b) => (b.value > a ? b.value : a), ends[0]!.value);
  if (first > last) {
    malformed.push({ path, message: `${path} is ${formatAddress(first, 'ipv4')}, after the end of the range (${formatAddress(last, 'ipv4')}); Azure refuses it` });
    return entry;
  }
  entry.range = { first, last };
  entry.azureServices = first === 0n;
  return entry;
}

/**
 * Judges the rules of one server together: the whole IPv4 space (refused),
 * else a public run wider than the internet prefix (held). Rules that admit
 * it alone are flagged alone; the others that add public addresses to a
 * union that admits it are flagged together.
 */
function judge(members: readonly Entry[], internet: InternetPrefix): void {
  const ranged = members.filter((e) => e.range !== undefined);
  const set = (es: readonly Entry[]) => unionOf(es.map((e) => ({ ...e.range!, family: 'ipv4' as const })));
  const alone = new Map(ranged.map((e) => [e, judgeFamily(set([e]), 'ipv4', internet)]));
  for (const [e, j] of alone) {
    if (j.exposure?.whole === true) e.open ??= { exposure: j.exposure, together: [e] };
    else if (j.exposure !== undefined) e.exposed ??= { exposure: j.exposure, together: [e] };
  }
  if (ranged.length < 2) return;
  const union = judgeFamily(set(ranged), 'ipv4', internet).exposure;
  if (union === undefined) return;
  const contributors = ranged.filter((e) => alone.get(e)!.hasPublic);
  for (const e of contributors) {
    if (union.whole && e.open === undefined) e.open = { exposure: union, together: contributors };
    else if (!union.whole && e.open === undefined && e.exposed === undefined) e.exposed = { exposure: union, together: contributors };
  }
}

const KINDS = FIREWALLS.map((f) => f.kind);

const WHAT =
  'a firewall rule of an Azure SQL server (`MSSQLFirewallRule`), a PostgreSQL server (`FlexibleServerFirewallRule`, `FirewallRule`), a MySQL flexible server (`FlexibleServerFirewallRule`), a Synapse workspace (`FirewallRule`) or a Redis cache (`RedisFirewallRule`), its range unioned with every other rule of the desired state that names the same server (by reference, selector, ID or name)';

export const databaseFirewallOpen = defineRule({
  id: 'azure-database-firewall-open',
  title: 'No database firewall rule open to the whole internet',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses ${WHAT} when the union is the whole IPv4 space: \`0.0.0.0\`-\`255.255.255.255\`, but also two halves, or 256 rules of one /8 each, all of them refused and each naming the others. Also refuses a start or end that is not an IPv4 address, and a range whose start is after its end, which cannot be judged.`,
  references: { checkov: ['CKV_AZURE_11', 'CKV2_AZURE_26'], trivy: ['AZU-0029'] },
  kinds: KINDS,
  check(ctx) {
    const entry = entryOf(ctx);
    if (entry === undefined) return;
    for (const m of entry.malformed) ctx.unsafe(m.path, m.message);
    if (entry.open !== undefined) ctx.unsafe(entry.path, `${admits(entry, entry.open, ctx.input.network.internetPrefix)}; ${CLOSE}`);
  },
}) satisfies Rule;

const CLOSE = 'allow only the addresses that must connect (an office, a CI runner), or turn public network access off and use a private endpoint';

export const databaseFirewallPublic = defineRule({
  id: 'azure-database-firewall-public',
  title: 'A database firewall open to the internet or to all of Azure needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval ${WHAT} when it admits the internet short of the whole space (a public range wider than \`network.internetPrefix\` of the Input, alone or with the server's other rules), and a range that holds \`0.0.0.0\`: Azure's "allow Azure services" rule (\`0.0.0.0\`-\`0.0.0.0\`), through which any Azure resource of any tenant may connect, which is how many applications without a virtual network reach their database, so a person decides. What \`azure-database-firewall-open\` refuses is not held too, unless that rule is disabled.`,
  references: { checkov: ['CKV2_AZURE_34'], trivy: ['AZU-0029'] },
  kinds: KINDS,
  check(ctx) {
    const entry = entryOf(ctx);
    if (entry === undefined) return;
    const openReports = (ctx.input.rules[databaseFirewallOpen.id]?.action ?? databaseFirewallOpen.defaultAction) !== 'Disabled';
    if (!openReports) for (const m of entry.malformed) ctx.unsafe(m.path, m.message);
    const flag = entry.open !== undefined && !openReports ? entry.open : entry.open === undefined ? entry.exposed : undefined;
    if (flag !== undefined) ctx.unsafe(entry.path, `${admits(entry, flag, ctx.input.network.internetPrefix)}; approve only if the ${kindOf(ctx).what} must accept connections from these addresses, otherwise ${CLOSE}`);
    else if (entry.azureServices && entry.open === undefined) {
      ctx.unsafe(
        entry.path,
        `${opensText(entry)}the range ${rangeText(entry)} holds 0.0.0.0, Azure's "allow Azure services" switch: any Azure resource of any tenant may connect; approve only if the ${kindOf(ctx).what} has no other way to reach its clients (virtual network integration, a private endpoint)`,
      );
    }
  },
}) satisfies Rule;

/** The firewall rules in evaluation order. */
export const FIREWALL_RULES = [databaseFirewallOpen, databaseFirewallPublic] as const satisfies readonly Rule[];

function entryOf(ctx: RuleContext): Entry | undefined {
  return analysis(ctx).get(targetKey({ name: ctx.name, at: ctx.at }));
}

const kindOf = (ctx: RuleContext) => BY_REF.get(ctx.type.ref)!;

const rangeText = (e: Entry) => `${formatAddress(e.range!.first, 'ipv4')}-${formatAddress(e.range!.last, 'ipv4')}`;

const opensText = (e: Entry) => (e.server === '' ? '' : `on ${e.server}: `);

/** `on \`orders\`: the ranges 0.0.0.0-127.255.255.255 here and 128.0.0.0-255.255.255.255 in rule \`fw-b\` together admit the whole IPv4 internet`. */
function admits(entry: Entry, flag: Flag, internet: InternetPrefix): string {
  const others = flag.together.filter((e) => e !== entry);
  const shown = others.slice(0, 3).map((e) => `${rangeText(e)} in ${e.label}`);
  const more = others.length > 3 ? ` and ${others.length - 3} more rules` : '';
  const what = flag.exposure.whole ? 'the whole IPv4 internet' : `${formatInterval(flag.exposure.widest!, 'ipv4')}, public and wider than /${internet.ipv4}`;
  if (others.length === 0) return `${opensText(entry)}the range ${rangeText(entry)} admits ${what}`;
  return `${opensText(entry)}the ranges ${rangeText(entry)} here and ${shown.join(', ')}${more} together admit ${flag.exposure.whole ? '' : 'addresses including '}${what}`;
}
