import { describe, expect, it } from 'vitest';
import { awsGroup, engineRequest, ingressRule, input, managed, resource, sgRule, type Group } from '../../../test/builders.js';
import { evaluate, UNREADABLE_RULE } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { SECURITY_GROUP_RULES, isWholeInternet, portRange, reachedPorts, sgInternetIngress, sgOpenAdminPorts } from './security-group.js';

const RULE = sgOpenAdminPorts.id;
const ADVICE = "allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager";
const ALL_PORTS =
  '22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)';

/** The two kinds the rule reads, in both groups, with their field names. */
interface Kind {
  label: string;
  /** Builds the kind from fields named the SecurityGroupRule way (cidrBlocks, protocol); translated for the newer kind. */
  build: (fields: Fields, block?: 'forProvider' | 'initProvider') => KubeObject;
  v4: string;
  v6: string;
}

interface Fields {
  v4?: string[];
  v6?: string[];
  protocol?: string;
  fromPort?: unknown;
  toPort?: unknown;
}

/** Puts `fields` into forProvider (the default) or initProvider, leaving type/protocol defaults in forProvider. */
function place(r: KubeObject, fields: Record<string, unknown>, block: 'forProvider' | 'initProvider'): KubeObject {
  const spec = r.spec as Record<string, Record<string, unknown>>;
  if (block === 'forProvider') Object.assign(spec.forProvider!, fields);
  else spec.initProvider = fields;
  return r;
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const legacy = (group: Group): Kind => ({
  label: `SecurityGroupRule (${group})`,
  v4: 'cidrBlocks',
  v6: 'ipv6CidrBlocks',
  build: (f, block = 'forProvider') =>
    place(sgRule({}, group), defined({ cidrBlocks: f.v4, ipv6CidrBlocks: f.v6, protocol: f.protocol, fromPort: f.fromPort, toPort: f.toPort }), block),
});

const ingress = (group: Group): Kind => ({
  label: `SecurityGroupIngressRule (${group})`,
  v4: 'cidrIpv4',
  v6: 'cidrIpv6',
  build: (f, block = 'forProvider') =>
    place(ingressRule({}, group), defined({ cidrIpv4: f.v4?.[0], cidrIpv6: f.v6?.[0], ipProtocol: f.protocol, fromPort: f.fromPort, toPort: f.toPort }), block),
});

const KINDS: readonly Kind[] = [legacy('cluster'), legacy('namespaced'), ingress('cluster'), ingress('namespaced')];

interface Case {
  name: string;
  reason: string;
  resource: KubeObject;
  input?: Guardrails;
  /** The finding, or null for a pass. */
  want: Finding | null;
}

const deny = (path: string, message: string, action: Finding['action'] = 'Deny'): Finding => ({ resource: 'sg', rule: RULE, action, path, message });
const msg = (from: string, span: string, ports: string) => `ingress from ${from} allows ${span}, reaching ${ports}; ${ADVICE}`;

function kindCases(k: Kind): Case[] {
  const v4 = `spec.forProvider.${k.v4}`;
  const v6 = `spec.forProvider.${k.v6}`;
  const at = (s: string) => `${k.label}: ${s}`;
  return [
    {
      name: at('0.0.0.0/0 to 22'),
      reason: 'SSH open to the internet is the canonical breach',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('::/0 to 22'),
      reason: 'IPv6 whole-internet counts the same, reported on the IPv6 field',
      resource: k.build({ v6: ['::/0'], fromPort: 22, toPort: 22 }),
      want: deny(v6, msg('::/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('0.0.0.0/0 to 3389'),
      reason: 'RDP is remote administration',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 3389, toPort: 3389 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 3389', '3389 (RDP)')),
    },
    {
      name: at('::/0 to 3389'),
      reason: 'RDP over IPv6',
      resource: k.build({ v6: ['::/0'], fromPort: 3389, toPort: 3389 }),
      want: deny(v6, msg('::/0', 'tcp port 3389', '3389 (RDP)')),
    },
    {
      name: at('0.0.0.0/0 to 5432'),
      reason: 'a database port must not face the internet',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 5432, toPort: 5432 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 5432', '5432 (PostgreSQL)')),
    },
    {
      name: at('::/0 to 5432'),
      reason: 'PostgreSQL over IPv6',
      resource: k.build({ v6: ['::/0'], fromPort: 5432, toPort: 5432 }),
      want: deny(v6, msg('::/0', 'tcp port 5432', '5432 (PostgreSQL)')),
    },
    {
      name: at('0.0.0.0/0 to the range 0-1024'),
      reason: 'a range that spans 22 opens 22',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 0, toPort: 1024 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp ports 0-1024', '22 (SSH)')),
    },
    {
      name: at('0.0.0.0/0 to the range 3000-3400'),
      reason: 'every sensitive port inside the range is named',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 3000, toPort: 3400 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp ports 3000-3400', '3306 (MySQL), 3389 (RDP)')),
    },
    {
      name: at("protocol '-1' with ports 0-0"),
      reason: 'all traffic reaches every port, whatever the ports say',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '-1', fromPort: 0, toPort: 0 }),
      want: deny(v4, msg('0.0.0.0/0', 'all traffic (protocol -1)', ALL_PORTS)),
    },
    {
      name: at("protocol '-1' with ports 443-443"),
      reason: 'AWS ignores ports for protocol -1: still all traffic',
      resource: k.build({ v6: ['::/0'], protocol: '-1', fromPort: 443, toPort: 443 }),
      want: deny(v6, msg('::/0', 'all traffic (protocol -1)', ALL_PORTS)),
    },
    {
      name: at("protocol 'all'"),
      reason: "'all' is the same as -1",
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'all' }),
      want: deny(v4, msg('0.0.0.0/0', 'all traffic (protocol all)', ALL_PORTS)),
    },
    {
      name: at("protocol 'tcp' with no ports"),
      reason: 'fail closed: missing bounds mean the whole range',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'tcp' }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp ports 0-65535', ALL_PORTS)),
    },
    {
      name: at("protocol 'tcp' with ports -1..-1"),
      reason: 'a -1 bound means the whole range too',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'tcp', fromPort: -1, toPort: -1 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp ports 0-65535', ALL_PORTS)),
    },
    {
      name: at("protocol 'udp' to 22"),
      reason: 'UDP has ports too',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'udp', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0', 'udp port 22', '22 (SSH)')),
    },
    {
      name: at("protocol '6' (TCP by number) to 22"),
      reason: 'a protocol number is the same protocol',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '6', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0', '6 port 22', '22 (SSH)')),
    },
    {
      name: at("protocol 'TCP' in capitals to 22"),
      reason: 'protocol names are compared case-insensitively',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'TCP', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('ports as strings'),
      reason: 'a bound that is not a number cannot be trusted: fail closed to the whole range',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: '443', toPort: '443' }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp ports 0-65535', ALL_PORTS)),
    },
    {
      name: at('IPv4 and IPv6 both open'),
      reason: 'every open CIDR is named; the path is the first open field',
      resource: k.build({ v4: ['0.0.0.0/0'], v6: ['::/0'], fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0, ::/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('::0/0 to 22'),
      reason: 'any spelling of a /0 is the whole internet',
      resource: k.build({ v6: ['::0/0'], fromPort: 22, toPort: 22 }),
      want: deny(v6, msg('::0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('open CIDR, ports in initProvider'),
      reason: 'ports set at creation count',
      resource: place(k.build({ v4: ['0.0.0.0/0'] }), { fromPort: 22, toPort: 22 }, 'initProvider'),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('private CIDR to 22'),
      reason: 'SSH from inside the network is fine',
      resource: k.build({ v4: ['10.0.0.0/8'], fromPort: 22, toPort: 22 }),
      want: null,
    },
    {
      name: at('internet to 443'),
      reason: 'HTTPS to the world is what a load balancer is for',
      resource: k.build({ v4: ['0.0.0.0/0'], v6: ['::/0'], fromPort: 443, toPort: 443 }),
      want: null,
    },
    {
      name: at('internet, icmp'),
      reason: 'ICMP reaches no port',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'icmp', fromPort: -1, toPort: -1 }),
      want: null,
    },
    {
      name: at('internet, icmpv6 by number'),
      reason: 'protocol 58 reaches no port',
      resource: k.build({ v6: ['::/0'], protocol: '58', fromPort: -1, toPort: -1 }),
      want: null,
    },
    {
      name: at('a /1 to 22'),
      reason: 'only a /0 is "the whole internet"; half of it is not this rule’s business',
      resource: k.build({ v4: ['0.0.0.0/1'], fromPort: 22, toPort: 22 }),
      want: null,
    },
    {
      name: at('0.0.0.0/0 to 22, action Warn'),
      reason: 'the action from the Input is the action reported',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Warn' } } }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)'), 'Warn'),
    },
    {
      name: at('0.0.0.0/0 to 22, action Disabled'),
      reason: 'a disabled rule reports nothing',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Disabled' } } }),
      want: null,
    },
    {
      name: at('0.0.0.0/0 to 22, Audit mode'),
      reason: 'Audit reports the refusal Enforce would make',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ mode: 'Audit' }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('spec.forProvider an array'),
      reason: 'an unreadable rule is refused, never passed',
      resource: { ...k.build({}), spec: { forProvider: [{ cidrBlocks: ['0.0.0.0/0'] }] } },
      want: unreadable('Deny'),
    },
  ];
}

const legacyOnly: Case[] = (['cluster', 'namespaced'] as const).flatMap((group): Case[] => [
  {
    name: `SecurityGroupRule (${group}): egress to 0.0.0.0/0 on 22`,
    reason: 'egress does not admit anyone',
    resource: sgRule({ type: 'egress', cidrBlocks: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }, group),
    want: null,
  },
  {
    name: `SecurityGroupRule (${group}): one open CIDR among private ones`,
    reason: 'only the open CIDRs are named',
    resource: sgRule({ cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16'], fromPort: 22, toPort: 22 }, group),
    want: deny('spec.forProvider.cidrBlocks', msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
  },
]);

const otherCases: Case[] = [
  {
    name: 'SecurityGroupEgressRule to 0.0.0.0/0 on 22',
    reason: 'the egress kind is not read',
    resource: resource('ec2.aws.upbound.io/v1beta1', 'SecurityGroupEgressRule', { cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 22, toPort: 22 }),
    want: null,
  },
];

describe('security group ingress through the engine', () => {
  it.each([...KINDS.flatMap(kindCases), ...legacyOnly, ...otherCases])('$name', ({ resource: r, input: inp, want }) => {
    const decision = evaluate(engineRequest({ sg: r }, inp !== undefined ? { input: inp } : {}), [sgOpenAdminPorts]);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want === null ? [] : [want]);
    expect(decision.mutations).toEqual([]);
    expect(decision.companions).toEqual([]);
    expect(decision.desired.sg).toBe(r);
  });
});

describe('an open CIDR in initProvider counts', () => {
  const cases = KINDS.flatMap((k) => [
    {
      name: `${k.label}: 0.0.0.0/0 in initProvider to 22`,
      reason: 'a CIDR set at creation opens the port as surely as one in forProvider',
      kind: k,
      resource: place(k.build({ fromPort: 22, toPort: 22 }), { [k.v4]: k.v4 === 'cidrBlocks' ? ['0.0.0.0/0'] : '0.0.0.0/0' }, 'initProvider'),
      field: k.v4,
      from: '0.0.0.0/0',
    },
    {
      name: `${k.label}: ::/0 in initProvider to 22`,
      reason: 'the same for IPv6',
      kind: k,
      resource: place(k.build({ fromPort: 22, toPort: 22 }), { [k.v6]: k.v6 === 'ipv6CidrBlocks' ? ['::/0'] : '::/0' }, 'initProvider'),
      field: k.v6,
      from: '::/0',
    },
  ]);

  it.each(cases)('$name', ({ resource: r, from }) => {
    const decision = evaluate(engineRequest({ sg: r }), [sgOpenAdminPorts]);
    expect(decision.findings.map(({ path: _path, ...f }) => f)).toEqual([
      { resource: 'sg', rule: RULE, action: 'Deny', message: msg(from, 'tcp port 22', '22 (SSH)') },
    ]);
  });

  it.each(cases)('$name: the path names initProvider', ({ resource: r, field }) => {
    const decision = evaluate(engineRequest({ sg: r }), [sgOpenAdminPorts]);
    expect(decision.findings.map((f) => f.path)).toEqual([`spec.initProvider.${field}`]);
  });
});

describe('messages and Upjet merge semantics', () => {
  it.each([
    { name: 'tcp, no ports', reason: 'the message should name the range judged (0-65535)', fields: {} },
    { name: 'tcp, ports -1', reason: 'as above', fields: { fromPort: -1, toPort: -1 } },
  ])('message for $name names the whole range', ({ fields }) => {
    const decision = evaluate(engineRequest({ sg: sgRule({ cidrBlocks: ['0.0.0.0/0'], ...fields }) }), [sgOpenAdminPorts]);
    expect(decision.findings[0]?.message).toContain('tcp ports 0-65535');
  });

  // Upjet merges initProvider into forProvider at creation with mergo
  // (Overwrite=false), which fills forProvider values that are "empty"
  // ([], '', 0) from initProvider: an empty forProvider value must not hide
  // the initProvider value the resource is created with.
  it.each([
    {
      name: 'cidrBlocks [] in forProvider, 0.0.0.0/0 in initProvider',
      reason: 'created with cidrBlocks ["0.0.0.0/0"]',
      resource: place(sgRule({ cidrBlocks: [], fromPort: 22, toPort: 22 }), { cidrBlocks: ['0.0.0.0/0'] }, 'initProvider'),
    },
    {
      name: "cidrIpv4 '' in forProvider, 0.0.0.0/0 in initProvider",
      reason: 'created with cidrIpv4 0.0.0.0/0',
      resource: place(ingressRule({ cidrIpv4: '', fromPort: 22, toPort: 22 }), { cidrIpv4: '0.0.0.0/0' }, 'initProvider'),
    },
    {
      name: "protocol '' in forProvider, -1 in initProvider",
      reason: 'created as all traffic',
      resource: place(sgRule({ cidrBlocks: ['0.0.0.0/0'], protocol: '', fromPort: 443, toPort: 443 }), { protocol: '-1' }, 'initProvider'),
    },
    {
      name: 'toPort 0 in forProvider, 65535 in initProvider',
      reason: 'created as ports 0-65535',
      resource: place(sgRule({ cidrBlocks: ['0.0.0.0/0'], fromPort: 0, toPort: 0 }), { toPort: 65535 }, 'initProvider'),
    },
    {
      name: "type '' in forProvider, ingress in initProvider",
      reason: 'created as an ingress rule',
      resource: place(sgRule({ type: '', cidrBlocks: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }), { type: 'ingress' }, 'initProvider'),
    },
  ])('$name is refused', ({ resource: r }) => {
    const decision = evaluate(engineRequest({ sg: r }), [sgOpenAdminPorts]);
    expect(decision.findings.map((f) => f.action)).toEqual(['Deny']);
  });

});

describe('known gaps', () => {
  // Known gap: the whole internet split into two /1 halves is not recognised
  // (the rule only looks for a /0 prefix, as Checkov and Trivy do).
  it.fails('0.0.0.0/1 + 128.0.0.0/1 to 22 is refused', () => {
    const decision = evaluate(engineRequest({ sg: sgRule({ cidrBlocks: ['0.0.0.0/1', '128.0.0.0/1'], fromPort: 22, toPort: 22 }) }), [sgOpenAdminPorts]);
    expect(decision.findings.map((f) => f.action)).toEqual(['Deny']);
  });
});

describe('isWholeInternet', () => {
  const cases = [
    { name: '0.0.0.0/0', reason: 'the IPv4 internet', cidr: '0.0.0.0/0', want: true },
    { name: '::/0', reason: 'the IPv6 internet', cidr: '::/0', want: true },
    { name: '::0/0', reason: 'another spelling', cidr: '::0/0', want: true },
    { name: '10.0.0.0/0', reason: 'host bits do not matter: /0 is everything', cidr: '10.0.0.0/0', want: true },
    { name: 'padded', reason: 'surrounding spaces are ignored', cidr: ' 0.0.0.0/0 ', want: true },
    { name: '0.0.0.0/00', reason: 'a zero prefix written twice', cidr: '0.0.0.0/00', want: true },
    { name: '0.0.0.0/10', reason: 'prefix 10, not 0', cidr: '0.0.0.0/10', want: false },
    { name: '10.0.0.0/8', reason: 'a private range', cidr: '10.0.0.0/8', want: false },
    { name: 'no prefix', reason: 'a single address', cidr: '0.0.0.0', want: false },
  ];
  it.each(cases)('$name', ({ cidr, want }) => expect(isWholeInternet(cidr)).toBe(want));
});

describe('reachedPorts', () => {
  const cases = [
    { name: 'tcp 22-22', reason: 'a single port', protocol: 'tcp', from: 22, to: 22, want: [22] },
    { name: 'tcp 23-3388', reason: 'between SSH and RDP, but over the databases', protocol: 'tcp', from: 23, to: 3388, want: [1433, 1521, 3306] },
    { name: 'udp 0-65535', reason: 'everything', protocol: 'udp', from: 0, to: 65535, want: [22, 1433, 1521, 3306, 3389, 5432, 5439, 6379, 9042, 9200, 11211, 27017] },
    { name: 'tcp 443', reason: 'no sensitive port', protocol: 'tcp', from: 443, to: 443, want: [] },
    { name: '17 (udp) 6379', reason: 'protocol numbers', protocol: '17', from: 6379, to: 6379, want: [6379] },
    { name: 'icmp', reason: 'no ports', protocol: 'icmp', from: 0, to: 65535, want: [] },
    { name: 'empty protocol', reason: 'unknown: no ports', protocol: '', from: 22, to: 22, want: [] },
  ];
  it.each(cases)('$name', ({ protocol, from, to, want }) => expect(reachedPorts(protocol, from, to)).toEqual(want));
});

describe('portRange', () => {
  const cases = [
    { name: 'one block', reason: 'the bounds as written', froms: [22], tos: [22], want: [22, 22] },
    { name: 'both blocks', reason: 'the widest reading of forProvider and initProvider', froms: [0, 22], tos: [0, 65535], want: [0, 65535] },
    { name: 'missing', reason: 'no bound at all opens both ends', froms: [], tos: [], want: [0, 65535] },
    { name: 'negative', reason: '-1 means all ports', froms: [-1], tos: [-1], want: [0, 65535] },
    { name: 'strings', reason: 'a bound that is not a number cannot be trusted', froms: ['443'], tos: [443], want: [0, 443] },
  ];
  it.each(cases)('$name', ({ froms, tos, want }) => expect(portRange(froms, tos)).toEqual(want));
});

const APPROVE = 'approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group';
/** The engine's own finding on a rule whose forProvider is an array. */
const unreadable = (action: Finding['action']): Finding => ({
  resource: 'sg',
  rule: UNREADABLE_RULE,
  action,
  path: 'spec.forProvider',
  message: 'spec.forProvider is an array, not an object; the resource cannot be checked',
});

const held = (path: string, message: string, action: Finding['action'] = 'RequireApproval'): Finding => ({ resource: 'sg', rule: sgInternetIngress.id, action, path, message });
const open = (from: string, span: string) => `ingress from ${from} allows ${span}; ${APPROVE}`;

/** The internet-ingress rule beside the admin-ports rule, as the catalog runs them. */
function internetCases(k: Kind): Case[] {
  const v4 = `spec.forProvider.${k.v4}`;
  const v6 = `spec.forProvider.${k.v6}`;
  const at = (s: string) => `${k.label}: ${s}`;
  const observed = (fields: Fields) => {
    const r = k.build(fields);
    (r.spec as Record<string, unknown>).managementPolicies = ['Observe'];
    return r;
  };
  return [
    {
      name: at('0.0.0.0/0 to 443: held'),
      reason: 'HTTPS to the world may be a public load balancer: legitimate, but a person confirms it',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 443, toPort: 443 }),
      want: held(v4, open('0.0.0.0/0', 'tcp port 443')),
    },
    {
      name: at('::/0 to 80-443: held, on the IPv6 field'),
      reason: 'the IPv6 internet counts the same; the range is named',
      resource: k.build({ v6: ['::/0'], fromPort: 80, toPort: 443 }),
      want: held(v6, open('::/0', 'tcp ports 80-443')),
    },
    {
      name: at('both /0 to 443: one finding naming both'),
      reason: 'one rule, one decision',
      resource: k.build({ v4: ['0.0.0.0/0'], v6: ['::/0'], fromPort: 443, toPort: 443 }),
      want: held(v4, open('0.0.0.0/0, ::/0', 'tcp port 443')),
    },
    {
      name: at('ICMP from /0: held'),
      reason: 'ingress without ports is still ingress from the internet (AWS-0107)',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'icmp', fromPort: -1, toPort: -1 }),
      want: held(v4, open('0.0.0.0/0', 'protocol icmp')),
    },
    {
      name: at('0.0.0.0/0 to 22: only refused, not also held'),
      reason: 'what the admin-ports rule refuses is not reported twice',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('all traffic from /0: only refused'),
      reason: 'all traffic reaches the admin ports',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '-1' }),
      want: deny(v4, msg('0.0.0.0/0', 'all traffic (protocol -1)', ALL_PORTS)),
    },
    { name: at('private CIDR to 443'), reason: 'not the internet', resource: k.build({ v4: ['10.0.0.0/8'], fromPort: 443, toPort: 443 }), want: null },
    {
      name: at('admin-ports rule disabled, /0 to 22: held instead'),
      reason: 'every internet ingress is refused or held; disabling the refusal does not let it through unseen',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Disabled' } } }),
      want: held(v4, `ingress from 0.0.0.0/0 allows tcp port 22, reaching 22 (SSH); ${APPROVE}`),
    },
    {
      name: at('admin-ports rule set to Warn, /0 to 22: only its warning'),
      reason: 'the admin-ports rule still reports it, with the action the Input gave it',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Warn' } } }),
      want: deny(v4, msg('0.0.0.0/0', 'tcp port 22', '22 (SSH)'), 'Warn'),
    },
    {
      name: at('internet-ingress rule disabled, /0 to 443'),
      reason: 'a disabled rule reports nothing',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 443, toPort: 443 }),
      input: input({ rules: { [sgInternetIngress.id]: { action: 'Disabled' } } }),
      want: null,
    },
    {
      name: at('internet-ingress rule set to Deny, /0 to 443'),
      reason: 'a platform without public endpoints may refuse outright',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 443, toPort: 443 }),
      input: input({ rules: { [sgInternetIngress.id]: { action: 'Deny' } } }),
      want: held(v4, open('0.0.0.0/0', 'tcp port 443'), 'Deny'),
    },
    { name: at('observe-only, /0 to 443'), reason: 'an observed rule is someone else’s', resource: observed({ v4: ['0.0.0.0/0'], fromPort: 443, toPort: 443 }), want: null },
    {
      name: at('spec.forProvider an array: refused once'),
      reason: 'the engine refuses what neither rule can read, once, with the stronger action of the two',
      resource: { ...k.build({}), spec: { forProvider: [{ [k.v4]: k.v4 === 'cidrBlocks' ? ['0.0.0.0/0'] : '0.0.0.0/0', fromPort: 443, toPort: 443 }] } },
      want: unreadable('Deny'),
    },
    {
      name: at('spec.forProvider an array, admin-ports rule disabled: held as unreadable'),
      reason: 'with the refusal disabled, the engine reports it with the action of the rule left, which holds',
      resource: { ...k.build({}), spec: { forProvider: [{}] } },
      input: input({ rules: { [RULE]: { action: 'Disabled' } } }),
      want: unreadable('RequireApproval'),
    },
  ];
}

describe('internet ingress to other ports', () => {
  it.each([
    ...KINDS.flatMap(internetCases),
    {
      name: 'SecurityGroupRule egress to 0.0.0.0/0 on 443',
      reason: 'egress admits no one',
      resource: sgRule({ type: 'egress', cidrBlocks: ['0.0.0.0/0'], fromPort: 443, toPort: 443 }),
      want: null,
    },
  ] as Case[])('$name', ({ resource: r, input: inp, want }) => {
    const decision = evaluate(engineRequest({ sg: r }, inp !== undefined ? { input: inp } : {}), SECURITY_GROUP_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want === null ? [] : [want]);
    expect(decision.mutations).toEqual([]);
    expect(decision.desired.sg).toBe(r);
  });
});

/** A SecurityGroup as a composition writes it. */
function securityGroup(metadata: Record<string, unknown> = {}, group: Group = 'cluster'): KubeObject {
  return { ...managed(`${awsGroup('ec2', group)}/v1beta1`, 'SecurityGroup', { description: 'app', vpcIdSelector: { matchControllerRef: true } }), metadata };
}

const WORLD_5432 = { cidrBlocks: ['0.0.0.0/0'], fromPort: 5432, toPort: 5432 };
const WORLD_443 = { cidrBlocks: ['0.0.0.0/0'], fromPort: 443, toPort: 443 };

interface GraphCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  observed?: Record<string, KubeObject>;
  /** The message of each finding, by resource. */
  want: Record<string, string>;
}

const graphCases: GraphCase[] = [
  {
    name: 'Upbound’s network configuration: rules select their group by controller reference',
    reason: 'the group, its PostgreSQL rule open to the world (refused) and an HTTPS rule (held): each finding names the group it opens',
    desired: {
      securityGroup: securityGroup(),
      securityGroupRulePostgres: sgRule({ ...WORLD_5432, securityGroupIdSelector: { matchControllerRef: true } }),
      securityGroupRuleHttps: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchControllerRef: true } }),
    },
    want: {
      securityGroupRulePostgres: `opens security group \`securityGroup\`: ${msg('0.0.0.0/0', 'tcp port 5432', '5432 (PostgreSQL)')}`,
      securityGroupRuleHttps: `opens security group \`securityGroup\`: ${open('0.0.0.0/0', 'tcp port 443')}`,
    },
  },
  {
    name: 'a group whose rules are fine',
    reason: 'nothing is reported, and the group itself is untouched',
    desired: {
      securityGroup: securityGroup(),
      fromVpc: sgRule({ cidrBlocks: ['10.0.0.0/16'], fromPort: 5432, toPort: 5432, securityGroupIdSelector: { matchControllerRef: true } }),
    },
    want: {},
  },
  {
    name: 'by securityGroupIdRef.name',
    reason: 'the reference names the group’s metadata.name; the finding names its composition resource',
    desired: { 'web-sg': securityGroup({ name: 'web' }), https: sgRule({ ...WORLD_443, securityGroupIdRef: { name: 'web' } }) },
    want: { https: `opens security group \`web-sg\`: ${open('0.0.0.0/0', 'tcp port 443')}` },
  },
  {
    name: 'a reference to a group that is not composed here',
    reason: 'the group is elsewhere: the finding stays as it is',
    desired: { 'web-sg': securityGroup({ name: 'web' }), https: sgRule({ ...WORLD_443, securityGroupIdRef: { name: 'shared-edge' } }) },
    want: { https: open('0.0.0.0/0', 'tcp port 443') },
  },
  {
    name: 'by matchLabels, among two groups',
    reason: 'only the group whose labels match is named',
    desired: {
      'db-sg': securityGroup({ labels: { tier: 'db' } }),
      'web-sg': securityGroup({ labels: { tier: 'web' } }),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchControllerRef: true, matchLabels: { tier: 'web' } } }),
    },
    want: { https: `opens security group \`web-sg\`: ${open('0.0.0.0/0', 'tcp port 443')}` },
  },
  {
    name: 'controller reference alone, among two groups',
    reason: 'either could be selected: both are named',
    desired: {
      'db-sg': securityGroup(),
      'web-sg': securityGroup(),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchControllerRef: true } }),
    },
    want: { https: `opens security group \`db-sg\` or \`web-sg\`: ${open('0.0.0.0/0', 'tcp port 443')}` },
  },
  {
    name: 'controller reference, no group composed',
    reason: 'the examples’ admin-ssh rule: nothing to name',
    desired: { https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupIdSelector: { matchControllerRef: true } }) },
    want: { https: open('0.0.0.0/0', 'tcp port 443') },
  },
  {
    name: 'by securityGroupId, the group’s external name',
    reason: 'an imported or pre-named group is known by its ID',
    desired: {
      edge: securityGroup({ annotations: { 'crossplane.io/external-name': 'sg-0123456789abcdef0' } }),
      https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupId: 'sg-0123456789abcdef0' }),
    },
    want: { https: `opens security group \`edge\`: ${open('0.0.0.0/0', 'tcp port 443')}` },
  },
  {
    name: 'by securityGroupId, the ID the observed group reports',
    reason: 'a patch may have copied the ID from status into the rule',
    desired: { edge: securityGroup(), https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupId: 'sg-0fedcba9876543210' }) },
    observed: { edge: { ...securityGroup(), status: { atProvider: { id: 'sg-0fedcba9876543210' } } } },
    want: { https: `opens security group \`edge\`: ${open('0.0.0.0/0', 'tcp port 443')}` },
  },
  {
    name: 'a namespaced rule and group',
    reason: 'the same relation in the namespaced API group',
    desired: {
      app: securityGroup({ labels: { app: 'shop' } }, 'namespaced'),
      https: ingressRule({ cidrIpv6: '::/0', fromPort: 443, toPort: 443, securityGroupIdSelector: { matchLabels: { app: 'shop' } } }, 'namespaced'),
    },
    want: { https: `opens security group \`app\`: ${open('::/0', 'tcp port 443')}` },
  },
  {
    name: 'a cluster-scoped rule and a namespaced group',
    reason: 'a reference stays within its API group',
    desired: {
      app: securityGroup({ labels: { app: 'shop' } }, 'namespaced'),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchLabels: { app: 'shop' } } }),
    },
    want: { https: open('0.0.0.0/0', 'tcp port 443') },
  },
];

describe('findings name the security group the rule opens', () => {
  it.each(graphCases)('$name', ({ desired, observed, want }) => {
    const decision = evaluate(engineRequest(desired, observed !== undefined ? { observed } : {}), SECURITY_GROUP_RULES);
    expect(decision.errors).toEqual([]);
    expect(Object.fromEntries(decision.findings.map((f) => [f.resource, f.message]))).toEqual(want);
    expect(decision.mutations).toEqual([]);
    for (const [name, obj] of Object.entries(desired)) expect(decision.desired[name]).toBe(obj);
  });
});
