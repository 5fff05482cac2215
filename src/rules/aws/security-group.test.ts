import { describe, expect, it } from 'vitest';
import { awsGroup, carried, engineRequest, ingressRule, input, managed, resource, sgRule, type Group } from '../../../test/builders.js';
import { evaluate, UNREADABLE_RULE } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { SECURITY_GROUP_RULES, portRange, reachedPorts, sgInternetIngress, sgOpenAdminPorts } from './security-group.js';

const RULE = sgOpenAdminPorts.id;
const W4 = '0.0.0.0/0';
const W6 = '::/0';
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
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('::/0 to 22'),
      reason: 'IPv6 whole-internet counts the same, reported on the IPv6 field',
      resource: k.build({ v6: ['::/0'], fromPort: 22, toPort: 22 }),
      want: deny(v6, msg(W6, 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('0.0.0.0/0 to 3389'),
      reason: 'RDP is remote administration',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 3389, toPort: 3389 }),
      want: deny(v4, msg(W4, 'tcp port 3389', '3389 (RDP)')),
    },
    {
      name: at('::/0 to 3389'),
      reason: 'RDP over IPv6',
      resource: k.build({ v6: ['::/0'], fromPort: 3389, toPort: 3389 }),
      want: deny(v6, msg(W6, 'tcp port 3389', '3389 (RDP)')),
    },
    {
      name: at('0.0.0.0/0 to 5432'),
      reason: 'a database port must not face the internet',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 5432, toPort: 5432 }),
      want: deny(v4, msg(W4, 'tcp port 5432', '5432 (PostgreSQL)')),
    },
    {
      name: at('::/0 to 5432'),
      reason: 'PostgreSQL over IPv6',
      resource: k.build({ v6: ['::/0'], fromPort: 5432, toPort: 5432 }),
      want: deny(v6, msg(W6, 'tcp port 5432', '5432 (PostgreSQL)')),
    },
    {
      name: at('0.0.0.0/0 to the range 0-1024'),
      reason: 'a range that spans 22 opens 22',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 0, toPort: 1024 }),
      want: deny(v4, msg(W4, 'tcp ports 0-1024', '22 (SSH)')),
    },
    {
      name: at('0.0.0.0/0 to the range 3000-3400'),
      reason: 'every sensitive port inside the range is named',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 3000, toPort: 3400 }),
      want: deny(v4, msg(W4, 'tcp ports 3000-3400', '3306 (MySQL), 3389 (RDP)')),
    },
    {
      name: at("protocol '-1' with ports 0-0"),
      reason: 'all traffic reaches every port, whatever the ports say',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '-1', fromPort: 0, toPort: 0 }),
      want: deny(v4, msg(W4, 'all traffic (protocol -1)', ALL_PORTS)),
    },
    {
      name: at("protocol '-1' with ports 443-443"),
      reason: 'AWS ignores ports for protocol -1: still all traffic',
      resource: k.build({ v6: ['::/0'], protocol: '-1', fromPort: 443, toPort: 443 }),
      want: deny(v6, msg(W6, 'all traffic (protocol -1)', ALL_PORTS)),
    },
    {
      name: at("protocol 'all'"),
      reason: "'all' is the same as -1",
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'all' }),
      want: deny(v4, msg(W4, 'all traffic (protocol all)', ALL_PORTS)),
    },
    {
      name: at("protocol 'tcp' with no ports"),
      reason: 'fail closed: missing bounds mean the whole range',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'tcp' }),
      want: deny(v4, msg(W4, 'tcp ports 0-65535', ALL_PORTS)),
    },
    {
      name: at("protocol 'tcp' with ports -1..-1"),
      reason: 'a -1 bound means the whole range too',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'tcp', fromPort: -1, toPort: -1 }),
      want: deny(v4, msg(W4, 'tcp ports 0-65535', ALL_PORTS)),
    },
    {
      name: at("protocol 'udp' to 22"),
      reason: 'UDP has ports too',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'udp', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg(W4, 'udp port 22', '22 (SSH)')),
    },
    {
      name: at("protocol '6' (TCP by number) to 22"),
      reason: 'a protocol number is the same protocol',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '6', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg(W4, '6 port 22', '22 (SSH)')),
    },
    {
      name: at("protocol 'TCP' in capitals to 22"),
      reason: 'protocol names are compared case-insensitively',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: 'TCP', fromPort: 22, toPort: 22 }),
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('ports as strings'),
      reason: 'a bound that is not a number cannot be trusted: fail closed to the whole range',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: '443', toPort: '443' }),
      want: deny(v4, msg(W4, 'tcp ports 0-65535', ALL_PORTS)),
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
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)')),
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
      reason: 'half of the internet is not the whole of it: aws-ec2-sg-internet-ingress holds it, this rule does not refuse it',
      resource: k.build({ v4: ['0.0.0.0/1'], fromPort: 22, toPort: 22 }),
      want: null,
    },
    {
      name: at('0.0.0.0/0 to 22, action Warn'),
      reason: 'the action from the Input is the action reported',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Warn' } } }),
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)'), 'Warn'),
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
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)')),
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
    want: deny('spec.forProvider.cidrBlocks', msg(W4, 'tcp port 22', '22 (SSH)')),
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
      from: W4,
    },
    {
      name: `${k.label}: ::/0 in initProvider to 22`,
      reason: 'the same for IPv6',
      kind: k,
      resource: place(k.build({ fromPort: 22, toPort: 22 }), { [k.v6]: k.v6 === 'ipv6CidrBlocks' ? ['::/0'] : '::/0' }, 'initProvider'),
      field: k.v6,
      from: W6,
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
      want: held(v4, open(W4, 'tcp port 443')),
    },
    {
      name: at('::/0 to 80-443: held, on the IPv6 field'),
      reason: 'the IPv6 internet counts the same; the range is named',
      resource: k.build({ v6: ['::/0'], fromPort: 80, toPort: 443 }),
      want: held(v6, open(W6, 'tcp ports 80-443')),
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
      want: held(v4, open(W4, 'protocol icmp')),
    },
    {
      name: at('0.0.0.0/0 to 22: only refused, not also held'),
      reason: 'what the admin-ports rule refuses is not reported twice',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)')),
    },
    {
      name: at('all traffic from /0: only refused'),
      reason: 'all traffic reaches the admin ports',
      resource: k.build({ v4: ['0.0.0.0/0'], protocol: '-1' }),
      want: deny(v4, msg(W4, 'all traffic (protocol -1)', ALL_PORTS)),
    },
    { name: at('private CIDR to 443'), reason: 'not the internet', resource: k.build({ v4: ['10.0.0.0/8'], fromPort: 443, toPort: 443 }), want: null },
    {
      name: at('admin-ports rule disabled, /0 to 22: held instead'),
      reason: 'every internet ingress is refused or held; disabling the refusal does not let it through unseen',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Disabled' } } }),
      want: held(v4, `ingress from ${W4} allows tcp port 22, reaching 22 (SSH); ${APPROVE}`),
    },
    {
      name: at('admin-ports rule set to Warn, /0 to 22: only its warning'),
      reason: 'the admin-ports rule still reports it, with the action the Input gave it',
      resource: k.build({ v4: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
      input: input({ rules: { [RULE]: { action: 'Warn' } } }),
      want: deny(v4, msg(W4, 'tcp port 22', '22 (SSH)'), 'Warn'),
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
      want: held(v4, open(W4, 'tcp port 443'), 'Deny'),
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
      securityGroupRulePostgres: `opens security group \`securityGroup\`: ${msg(W4, 'tcp port 5432', '5432 (PostgreSQL)')}`,
      securityGroupRuleHttps: `opens security group \`securityGroup\`: ${open(W4, 'tcp port 443')}`,
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
    want: { https: `opens security group \`web-sg\`: ${open(W4, 'tcp port 443')}` },
  },
  {
    name: 'a reference to a group that is not composed here',
    reason: 'the group is elsewhere: the finding stays as it is',
    desired: { 'web-sg': securityGroup({ name: 'web' }), https: sgRule({ ...WORLD_443, securityGroupIdRef: { name: 'shared-edge' } }) },
    want: { https: open(W4, 'tcp port 443') },
  },
  {
    name: 'by matchLabels, among two groups',
    reason: 'only the group whose labels match is named',
    desired: {
      'db-sg': securityGroup({ labels: { tier: 'db' } }),
      'web-sg': securityGroup({ labels: { tier: 'web' } }),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchControllerRef: true, matchLabels: { tier: 'web' } } }),
    },
    want: { https: `opens security group \`web-sg\`: ${open(W4, 'tcp port 443')}` },
  },
  {
    name: 'controller reference alone, among two groups',
    reason: 'either could be selected: both are named',
    desired: {
      'db-sg': securityGroup(),
      'web-sg': securityGroup(),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchControllerRef: true } }),
    },
    want: { https: `opens security group \`db-sg\` or \`web-sg\`: ${open(W4, 'tcp port 443')}` },
  },
  {
    name: 'controller reference, no group composed',
    reason: 'the examples’ admin-ssh rule: nothing to name',
    desired: { https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupIdSelector: { matchControllerRef: true } }) },
    want: { https: open(W4, 'tcp port 443') },
  },
  {
    name: 'by securityGroupId, the group’s external name',
    reason: 'an imported or pre-named group is known by its ID',
    desired: {
      edge: securityGroup({ annotations: { 'crossplane.io/external-name': 'sg-0123456789abcdef0' } }),
      https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupId: 'sg-0123456789abcdef0' }),
    },
    want: { https: `opens security group \`edge\`: ${open(W4, 'tcp port 443')}` },
  },
  {
    name: 'by securityGroupId, the ID the observed group reports',
    reason: 'a patch may have copied the ID from status into the rule',
    desired: { edge: securityGroup(), https: ingressRule({ cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, securityGroupId: 'sg-0fedcba9876543210' }) },
    observed: { edge: { ...securityGroup(), status: { atProvider: { id: 'sg-0fedcba9876543210' } } } },
    want: { https: `opens security group \`edge\`: ${open(W4, 'tcp port 443')}` },
  },
  {
    name: 'a namespaced rule and group',
    reason: 'the same relation in the namespaced API group',
    desired: {
      app: securityGroup({ labels: { app: 'shop' } }, 'namespaced'),
      https: ingressRule({ cidrIpv6: '::/0', fromPort: 443, toPort: 443, securityGroupIdSelector: { matchLabels: { app: 'shop' } } }, 'namespaced'),
    },
    want: { https: `opens security group \`app\`: ${open(W6, 'tcp port 443')}` },
  },
  {
    name: 'a cluster-scoped rule and a namespaced group',
    reason: 'a reference stays within its API group',
    desired: {
      app: securityGroup({ labels: { app: 'shop' } }, 'namespaced'),
      https: sgRule({ ...WORLD_443, securityGroupIdSelector: { matchLabels: { app: 'shop' } } }),
    },
    want: { https: open(W4, 'tcp port 443') },
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

// ---------------------------------------------------------------------------
// Ranges judged as unions: what agents tried, each in both API groups.

/** A SecurityGroup or DefaultSecurityGroup with inline ingress blocks (v1beta1: `ingress` is a list in both groups). */
function inline(kind: 'SecurityGroup' | 'DefaultSecurityGroup', group: Group, ingress: unknown[], metadata: Record<string, unknown> = {}): KubeObject {
  const base = kind === 'SecurityGroup' ? { description: 'app', vpcIdSelector: { matchControllerRef: true } } : { vpcIdSelector: { matchControllerRef: true } };
  return { ...managed(`${awsGroup('ec2', group)}/v1beta1`, kind, { ...base, ingress }), metadata };
}

/** One inline ingress block. */
const block = (cidrBlocks: string[], fromPort: number, toPort = fromPort, more: Record<string, unknown> = {}) => ({ cidrBlocks, fromPort, toPort, protocol: 'tcp', ...more });

/** A ManagedPrefixList with `entry` blocks. */
function prefixList(group: Group, cidrs: string[], metadata: Record<string, unknown> = {}, more: Record<string, unknown> = {}): KubeObject {
  return { ...managed(`${awsGroup('ec2', group)}/v1beta1`, 'ManagedPrefixList', { addressFamily: 'IPv4', maxEntries: 10, name: 'corp', entry: cidrs.map((cidr) => ({ cidr })), ...more }), metadata };
}

/** A ManagedPrefixListEntry adding one CIDR to the list `listName` (by metadata.name). */
const prefixListEntry = (group: Group, cidr: string, listName: string): KubeObject => managed(`${awsGroup('ec2', group)}/v1beta1`, 'ManagedPrefixListEntry', { cidr, prefixListIdRef: { name: listName } });

interface RangeCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  input?: Guardrails;
  /** Every finding of both rules, in the engine's order (resources by name, then rule). */
  want: Finding[];
}

const ADMIN = sgOpenAdminPorts.id;
const HOLD = sgInternetIngress.id;
const APPROVE_LIST = 'approve only if that list holds only networks that may reach these ports, or use a ManagedPrefixList composed here';
const refused = (resource: string, path: string, text: string, action: Finding['action'] = 'Deny'): Finding => ({ resource, rule: ADMIN, action, path, message: `${text}; ${ADVICE}` });
const heldAt = (resource: string, path: string, text: string, tail = APPROVE): Finding => ({ resource, rule: HOLD, action: 'RequireApproval', path, message: `${text}; ${tail}` });
const NOT_COMPOSED = 'no ManagedPrefixList of this composition is that list, so its CIDRs are not known here';

function rangeCases(g: Group): RangeCase[] {
  const at = (s: string) => `${s} (${g})`;
  const rule = (fields: Record<string, unknown>) => sgRule(fields, g);
  const ing = (fields: Record<string, unknown>) => ingressRule(fields, g);
  const sg = (metadata: Record<string, unknown> = {}) => securityGroup(metadata, g);
  const onWeb = { securityGroupIdRef: { name: 'web' } };
  const SSH = { fromPort: 22, toPort: 22 };
  const HTTPS = { fromPort: 443, toPort: 443 };
  const V4 = 'spec.forProvider.cidrBlocks';
  const V6 = 'spec.forProvider.ipv6CidrBlocks';
  const EIGHTS = ['0.0.0.0/3', '32.0.0.0/3', '64.0.0.0/3', '96.0.0.0/3', '128.0.0.0/3', '160.0.0.0/3', '192.0.0.0/3', '224.0.0.0/3'];
  return [
    {
      name: at('two /1 halves open SSH'),
      reason: 'the whole IPv4 internet, split in two so that no /0 appears',
      desired: { r: rule({ cidrBlocks: ['0.0.0.0/1', '128.0.0.0/1'], ...SSH }) },
      want: [refused('r', V4, 'ingress from 0.0.0.0/1, 128.0.0.0/1 (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('eight /3s'),
      reason: 'any partition of the space is the space; 224.0.0.0/3 (multicast and reserved) adds no public address, so it is not named',
      desired: { r: rule({ cidrBlocks: EIGHTS, ...SSH }) },
      want: [refused('r', V4, 'ingress from 0.0.0.0/3, 32.0.0.0/3, 64.0.0.0/3, 96.0.0.0/3, 128.0.0.0/3 and 2 more (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('::/1 + 8000::/1'),
      reason: 'the IPv6 halves',
      desired: { r: rule({ ipv6CidrBlocks: ['::/1', '8000::/1'], fromPort: 3389, toPort: 3389 }) },
      want: [refused('r', V6, 'ingress from ::/1, 8000::/1 (together the whole IPv6 internet) allows tcp port 3389, reaching 3389 (RDP)')],
    },
    {
      name: at('IPv4-mapped IPv6'),
      reason: '::ffff:0.0.0.0/96 is the IPv4 internet spelled in IPv6 (Go’s net.IPNet reads it as 0.0.0.0/0)',
      desired: { r: rule({ ipv6CidrBlocks: ['::ffff:0.0.0.0/96'], fromPort: 5432, toPort: 5432 }) },
      want: [refused('r', V6, 'ingress from ::ffff:0.0.0.0/96 (the whole IPv4 internet) allows tcp port 5432, reaching 5432 (PostgreSQL)')],
    },
    {
      name: at('two rules of /1 on one group'),
      reason: 'a security group admits the union of its rules: both are refused, each naming the other',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], ...SSH, ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, ...onWeb }), web: sg({ name: 'web' }) },
      want: [
        refused('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        refused('b', V4, 'opens security group `web`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('two SecurityGroupIngressRules of /1 on a group that is not composed'),
      reason: 'the same literal securityGroupId is the same group',
      desired: {
        a: ing({ cidrIpv4: '0.0.0.0/1', ...SSH, securityGroupId: 'sg-0123456789abcdef0' }),
        b: ing({ cidrIpv4: '128.0.0.0/1', ...SSH, securityGroupId: 'sg-0123456789abcdef0' }),
      },
      want: [
        refused('a', 'spec.forProvider.cidrIpv4', 'ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        refused('b', 'spec.forProvider.cidrIpv4', 'ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('a SecurityGroupRule and a SecurityGroupIngressRule selecting one group'),
      reason: 'both kinds write to the same group; the selector picks the composed group by label',
      desired: {
        a: rule({ cidrBlocks: ['0.0.0.0/1'], ...SSH, securityGroupIdSelector: { matchControllerRef: true, matchLabels: { tier: 'bastion' } } }),
        b: ing({ cidrIpv4: '128.0.0.0/1', ...SSH, securityGroupIdSelector: { matchControllerRef: true, matchLabels: { tier: 'bastion' } } }),
        bastion: sg({ labels: { tier: 'bastion' } }),
      },
      want: [
        refused('a', V4, 'opens security group `bastion`: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        refused('b', 'spec.forProvider.cidrIpv4', 'opens security group `bastion`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('two /1 rules on different groups'),
      reason: 'each group admits only its own rules: each /1 is held as internet ingress, none refused',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], ...SSH, ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, securityGroupIdRef: { name: 'db' } }), db: sg({ name: 'db' }), web: sg({ name: 'web' }) },
      want: [
        heldAt('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 (including 11.0.0.0-100.63.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH)'),
        heldAt('b', V4, 'opens security group `db`: ingress from 128.0.0.0/1 (including 128.0.0.0-169.253.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('TCP and UDP halves do not combine'),
      reason: 'a TCP rule and a UDP rule admit different traffic',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], ...SSH, ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, protocol: 'udp', ...onWeb }), web: sg({ name: 'web' }) },
      want: [
        heldAt('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 (including 11.0.0.0-100.63.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH)'),
        heldAt('b', V4, 'opens security group `web`: ingress from 128.0.0.0/1 (including 128.0.0.0-169.253.255.255, public and wider than /8) allows udp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('a port range and one port combine where they overlap'),
      reason: 'port 22 is admitted from both halves; the range’s message names the port that is open',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], fromPort: 0, toPort: 1024, ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, ...onWeb }), web: sg({ name: 'web' }) },
      want: [
        refused('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp ports 0-1024, reaching 22 (SSH)'),
        refused('b', V4, 'opens security group `web`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('all traffic from one half and RDP from the other'),
      reason: 'protocol -1 reaches every port, so RDP is open from both halves',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], protocol: '-1', ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], fromPort: 3389, toPort: 3389, ...onWeb }), web: sg({ name: 'web' }) },
      want: [
        refused('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows all traffic (protocol -1), reaching 3389 (RDP)'),
        refused('b', V4, 'opens security group `web`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 3389, reaching 3389 (RDP)'),
      ],
    },
    {
      name: at('inline ingress of a SecurityGroup'),
      reason: 'an inline block admits as much as a rule',
      desired: { web: inline('SecurityGroup', g, [block(['0.0.0.0/0'], 22)]) },
      want: [refused('web', 'spec.forProvider.ingress[0].cidrBlocks', `ingress from ${W4} allows tcp port 22, reaching 22 (SSH)`)],
    },
    {
      name: at('inline ingress and a standalone rule on one SecurityGroup'),
      reason: 'the group’s inline blocks join the union of its rules',
      desired: { web: inline('SecurityGroup', g, [block(['0.0.0.0/1'], 22)], { name: 'web' }), z: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, ...onWeb }) },
      want: [
        refused('web', 'spec.forProvider.ingress[0].cidrBlocks', 'ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `z` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        refused('z', V4, 'opens security group `web`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in ingress[0] of security group `web` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('DefaultSecurityGroup'),
      reason: 'the default group’s inline blocks are unioned like any other',
      desired: { default: inline('DefaultSecurityGroup', g, [block(['0.0.0.0/1'], 3306), block(['128.0.0.0/1'], 3306), block(['10.0.0.0/8'], 3306)]) },
      want: [
        refused('default', 'spec.forProvider.ingress[0].cidrBlocks', 'ingress from 0.0.0.0/1 here and 128.0.0.0/1 in ingress[1] of security group `default` (together the whole IPv4 internet) allows tcp port 3306, reaching 3306 (MySQL)'),
        refused('default', 'spec.forProvider.ingress[1].cidrBlocks', 'ingress from 128.0.0.0/1 here and 0.0.0.0/1 in ingress[0] of security group `default` (together the whole IPv4 internet) allows tcp port 3306, reaching 3306 (MySQL)'),
      ],
    },
    {
      name: at('a rule on a DefaultSecurityGroup by its ID, beside its inline ingress'),
      reason: 'the default group is known by its external name; its inline blocks and the rule are one union',
      desired: {
        default: inline('DefaultSecurityGroup', g, [block(['0.0.0.0/1'], 3389)], { annotations: { 'crossplane.io/external-name': 'sg-0d0d0d0d0d0d0d0d0' } }),
        rdp: ing({ cidrIpv4: '128.0.0.0/1', fromPort: 3389, toPort: 3389, securityGroupId: 'sg-0d0d0d0d0d0d0d0d0' }),
      },
      want: [
        refused('default', 'spec.forProvider.ingress[0].cidrBlocks', 'ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `rdp` (together the whole IPv4 internet) allows tcp port 3389, reaching 3389 (RDP)'),
        refused('rdp', 'spec.forProvider.cidrIpv4', 'opens security group `default`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in ingress[0] of security group `default` (together the whole IPv4 internet) allows tcp port 3389, reaching 3389 (RDP)'),
      ],
    },
    {
      name: at('DefaultSecurityGroup, HTTPS from the world in initProvider'),
      reason: 'Upjet applies initProvider at creation: its blocks count too',
      desired: { default: { ...inline('DefaultSecurityGroup', g, []), spec: { forProvider: { region: 'eu-west-1' }, initProvider: { ingress: [block(['0.0.0.0/0'], 443)] } } } },
      want: [heldAt('default', 'spec.initProvider.ingress[0].cidrBlocks', `ingress from ${W4} allows tcp port 443`)],
    },
    {
      name: at('prefix list in desired state with 0.0.0.0/0'),
      reason: 'a prefix list is judged by the CIDRs it holds',
      desired: { corp: prefixList(g, ['0.0.0.0/0'], { name: 'corp' }), r: rule({ prefixListIdRefs: [{ name: 'corp' }], ...SSH }) },
      want: [refused('r', 'spec.forProvider.prefixListIdRefs', 'ingress from prefix list `corp` (0.0.0.0/0) (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('prefix list filled by ManagedPrefixListEntry resources, two halves'),
      reason: 'entries added beside the list are part of it',
      desired: {
        corp: prefixList(g, [], { name: 'corp' }),
        'corp-a': prefixListEntry(g, '0.0.0.0/1', 'corp'),
        'corp-b': prefixListEntry(g, '128.0.0.0/1', 'corp'),
        r: ing({ prefixListIdRef: { name: 'corp' }, ...SSH }),
      },
      want: [refused('r', 'spec.forProvider.prefixListIdRef', 'ingress from prefix list `corp` (0.0.0.0/1, 128.0.0.0/1) (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('a prefix list and a CIDR together'),
      reason: 'the list and the rule’s own CIDRs are one union',
      desired: { corp: prefixList(g, ['128.0.0.0/1'], { name: 'corp' }), r: rule({ cidrBlocks: ['0.0.0.0/1'], prefixListIdRefs: [{ name: 'corp' }], ...SSH }) },
      want: [refused('r', V4, 'ingress from 0.0.0.0/1, prefix list `corp` (128.0.0.0/1) (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('a prefix list of office networks'),
      reason: 'named networks pass',
      desired: { corp: prefixList(g, ['198.51.100.0/24', '52.95.110.0/24'], { name: 'corp' }), r: rule({ prefixListIdRefs: [{ name: 'corp' }], ...SSH }) },
      want: [],
    },
    {
      name: at('prefix list not composed is held'),
      reason: 'an AWS-managed or foreign list may hold anything: a person judges it',
      desired: { r: rule({ prefixListIds: ['pl-0123456789abcdef0'], ...HTTPS }) },
      want: [heldAt('r', 'spec.forProvider.prefixListIds[0]', `ingress through prefix list pl-0123456789abcdef0 allows tcp port 443, but ${NOT_COMPOSED}`, APPROVE_LIST)],
    },
    {
      name: at('prefix list not composed, on SSH, is held not refused'),
      reason: 'unknown is not the same as open',
      desired: { r: ing({ prefixListId: 'pl-0123456789abcdef0', ...SSH }) },
      want: [heldAt('r', 'spec.forProvider.prefixListId', `ingress through prefix list pl-0123456789abcdef0 allows tcp port 22, reaching 22 (SSH), but ${NOT_COMPOSED}`, APPROVE_LIST)],
    },
    {
      name: at('prefix list of an inline block, not composed'),
      reason: 'inline blocks name prefix lists by ID',
      desired: { web: inline('SecurityGroup', g, [{ prefixListIds: ['pl-0fedcba9876543210'], fromPort: 443, toPort: 443, protocol: 'tcp' }]) },
      want: [heldAt('web', 'spec.forProvider.ingress[0].prefixListIds[0]', `ingress through prefix list pl-0fedcba9876543210 allows tcp port 443, but ${NOT_COMPOSED}`, APPROVE_LIST)],
    },
    {
      name: at('prefix list by ID, its external name'),
      reason: 'a composed list is known by its ID too',
      desired: { corp: prefixList(g, ['0.0.0.0/0'], { annotations: { 'crossplane.io/external-name': 'pl-0aaaaaaaaaaaaaaaa' } }), r: rule({ prefixListIds: ['pl-0aaaaaaaaaaaaaaaa'], ...SSH }) },
      want: [refused('r', 'spec.forProvider.prefixListIds', 'ingress from prefix list `corp` (0.0.0.0/0) (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('prefix list selector without matchControllerRef'),
      reason: 'it may pick lists outside the composition: the composed one is judged, the rest cannot be',
      desired: { corp: prefixList(g, ['198.51.100.0/24'], { labels: { net: 'office' } }), r: rule({ prefixListIdSelector: { matchLabels: { net: 'office' } }, ...HTTPS }) },
      want: [
        heldAt(
          'r',
          'spec.forProvider.prefixListIdSelector',
          'ingress through prefix list selector {"net":"office"} allows tcp port 443, but without matchControllerRef it may also pick prefix lists outside this composition, whose CIDRs are not known here',
          APPROVE_LIST,
        ),
      ],
    },
    {
      name: at('prefix list selector with matchControllerRef'),
      reason: 'only the composition’s own lists can be picked',
      desired: { corp: prefixList(g, ['198.51.100.0/24'], { labels: { net: 'office' } }), r: rule({ prefixListIdSelector: { matchControllerRef: true, matchLabels: { net: 'office' } }, ...HTTPS }) },
      want: [],
    },
    {
      name: at('an observe-only prefix list'),
      reason: 'its real entries are whatever AWS has, not what is written here',
      desired: { corp: { ...prefixList(g, ['198.51.100.0/24'], { name: 'corp' }), spec: { managementPolicies: ['Observe'], forProvider: { entry: [{ cidr: '198.51.100.0/24' }] } } }, r: rule({ prefixListIdRefs: [{ name: 'corp' }], ...HTTPS }) },
      want: [heldAt('r', 'spec.forProvider.prefixListIdRefs[0]', 'ingress through prefix list `corp` allows tcp port 443, but it is observe-only, so its entries are not the ones written here', APPROVE_LIST)],
    },
    {
      name: at('an unreadable ManagedPrefixListEntry beside a composed list'),
      reason: 'it may add anything to any list of its group: the list cannot be judged',
      desired: { corp: prefixList(g, ['198.51.100.0/24'], { name: 'corp' }), e: { ...prefixListEntry(g, '0.0.0.0/0', 'corp'), spec: { forProvider: [] } }, r: rule({ prefixListIdRefs: [{ name: 'corp' }], ...HTTPS }) },
      want: [heldAt('r', 'spec.forProvider.prefixListIdRefs[0]', 'ingress through prefix list `corp` allows tcp port 443, but ManagedPrefixListEntry `e` cannot be read, and may add to it', APPROVE_LIST)],
    },
    {
      name: at('a prefix list ID that is not a string'),
      reason: 'it names nothing known here: held, never skipped',
      desired: { r: rule({ prefixListIds: [42], ...HTTPS }) },
      want: [heldAt('r', 'spec.forProvider.prefixListIds[0]', `ingress through prefix list 42 allows tcp port 443, but ${NOT_COMPOSED}`, APPROVE_LIST)],
    },
    {
      name: at('a /16 public range is fine, a /7 is held'),
      reason: 'the internet is a public range wider than network.internetPrefix (/8)',
      desired: { narrow: rule({ cidrBlocks: ['52.95.0.0/16'], ...HTTPS }), wide: rule({ cidrBlocks: ['52.0.0.0/7'], ...HTTPS }) },
      want: [heldAt('wide', V4, 'ingress from 52.0.0.0/7 (public and wider than /8) allows tcp port 443')],
    },
    {
      name: at('a /7 to SSH is held, not refused'),
      reason: 'refusal is for the whole space; a wide public range needs a person',
      desired: { r: rule({ cidrBlocks: ['52.0.0.0/7'], ...SSH }) },
      want: [heldAt('r', V4, 'ingress from 52.0.0.0/7 (public and wider than /8) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: at('private 10.0.0.0/8 is not internet'),
      reason: 'RFC 1918 space, however wide',
      desired: { r: rule({ cidrBlocks: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ...SSH }), v6: rule({ ipv6CidrBlocks: ['fc00::/7'], ...SSH }) },
      want: [],
    },
    {
      name: at('10.0.0.0/6 is mostly public'),
      reason: 'only 10.0.0.0/8 of it is private; 8.0.0.0/7 is public',
      desired: { r: rule({ cidrBlocks: ['10.0.0.0/6'], ...HTTPS }) },
      want: [heldAt('r', V4, 'ingress from 10.0.0.0/6 (including 8.0.0.0/7, public and wider than /8) allows tcp port 443')],
    },
    {
      name: at('two adjacent public /8s on one group'),
      reason: 'each is narrow enough, together they are a /7',
      desired: { a: rule({ cidrBlocks: ['52.0.0.0/8'], ...HTTPS, ...onWeb }), b: rule({ cidrBlocks: ['53.0.0.0/8'], ...HTTPS, ...onWeb }), web: sg({ name: 'web' }) },
      want: [
        heldAt('a', V4, 'opens security group `web`: ingress from 52.0.0.0/8 here and 53.0.0.0/8 in rule `b` (together including 52.0.0.0/7, public and wider than /8) allows tcp port 443'),
        heldAt('b', V4, 'opens security group `web`: ingress from 53.0.0.0/8 here and 52.0.0.0/8 in rule `a` (together including 52.0.0.0/7, public and wider than /8) allows tcp port 443'),
      ],
    },
    {
      name: at('a narrow rule beside an open one'),
      reason: 'the open rule is held; the narrow one adds nothing and is not',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/0'], ...HTTPS, ...onWeb }), b: rule({ cidrBlocks: ['8.8.8.8/32'], ...HTTPS, ...onWeb }), web: sg({ name: 'web' }) },
      want: [heldAt('a', V4, `opens security group \`web\`: ingress from ${W4} allows tcp port 443`)],
    },
    {
      name: at('garbage CIDR is reported'),
      reason: 'what cannot be judged is refused, never passed',
      desired: { r: rule({ cidrBlocks: ['10.0.0.0/8', '0.0.0.0/33'], ...HTTPS }) },
      want: [{ resource: 'r', rule: ADMIN, action: 'Deny', path: `${V4}[1]`, message: 'spec.forProvider.cidrBlocks[1] is "0.0.0.0/33", not a CIDR: the prefix length 33 is more than 32; write a CIDR such as 198.51.100.0/24' }],
    },
    {
      name: at('garbage CIDR beside the two halves'),
      reason: 'the garbage is refused, and the rest is still judged',
      desired: { r: ing({ cidrIpv4: '0.0.0.0/1 ', cidrIpv6: '::/0', ...SSH }) },
      want: [
        { resource: 'r', rule: ADMIN, action: 'Deny', path: 'spec.forProvider.cidrIpv4', message: 'spec.forProvider.cidrIpv4 is "0.0.0.0/1 ", not a CIDR: it contains white space; write a CIDR such as 198.51.100.0/24' },
        refused('r', 'spec.forProvider.cidrIpv6', `ingress from ${W6} allows tcp port 22, reaching 22 (SSH)`),
      ],
    },
    {
      name: at('garbage CIDR, admin-ports rule disabled'),
      reason: 'nothing falls between the two rules: the hold reports it instead',
      desired: { r: rule({ cidrBlocks: ['010.0.0.0/8'], ...SSH }) },
      input: input({ rules: { [ADMIN]: { action: 'Disabled' } } }),
      want: [
        {
          resource: 'r',
          rule: HOLD,
          action: 'RequireApproval',
          path: `${V4}[0]`,
          message: 'spec.forProvider.cidrBlocks[0] is "010.0.0.0/8", not a CIDR: "010" in "010.0.0.0" has a leading zero, which some parsers read as octal; write a CIDR such as 198.51.100.0/24',
        },
      ],
    },
    {
      name: at('two halves on one group, admin-ports rule disabled'),
      reason: 'held instead of refused, named the same way',
      desired: { a: rule({ cidrBlocks: ['0.0.0.0/1'], ...SSH, ...onWeb }), b: rule({ cidrBlocks: ['128.0.0.0/1'], ...SSH, ...onWeb }), web: sg({ name: 'web' }) },
      input: input({ rules: { [ADMIN]: { action: 'Disabled' } } }),
      want: [
        heldAt('a', V4, 'opens security group `web`: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        heldAt('b', V4, 'opens security group `web`: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: at('internetPrefix 16 holds a /15'),
      reason: 'a stricter platform draws the line lower',
      desired: { r: rule({ cidrBlocks: ['52.94.0.0/15'], ...HTTPS }) },
      input: input({ network: { internetPrefix: { ipv4: 16 } } }),
      want: [heldAt('r', V4, 'ingress from 52.94.0.0/15 (public and wider than /16) allows tcp port 443')],
    },
    {
      name: at('internetPrefix 0 passes a /1 but not the halves'),
      reason: '0 is the old reading: only the whole space is the internet',
      desired: { half: rule({ cidrBlocks: ['0.0.0.0/1'], ...HTTPS }), whole: rule({ cidrBlocks: ['0.0.0.0/1', '128.0.0.0/1'], ...HTTPS }) },
      input: input({ network: { internetPrefix: { ipv4: 0, ipv6: 0 } } }),
      want: [heldAt('whole', V4, 'ingress from 0.0.0.0/1, 128.0.0.0/1 (together the whole IPv4 internet) allows tcp port 443')],
    },
  ];
}

const crossGroupCases: RangeCase[] = [
    {
      name: 'an agent splits 0.0.0.0/0 across a cluster-scoped and a namespaced rule naming one security group ID: both refused',
      reason: 'an ID is AWS’s own name for the group, whichever API group the rule is written in: the halves open SSH on one group',
      desired: {
        a: sgRule({ cidrBlocks: ['0.0.0.0/1'], fromPort: 22, toPort: 22, securityGroupId: 'sg-0123456789abcdef0' }, 'cluster'),
        b: sgRule({ cidrBlocks: ['128.0.0.0/1'], fromPort: 22, toPort: 22, securityGroupId: 'sg-0123456789abcdef0' }, 'namespaced'),
      },
      want: [
        refused('a', 'spec.forProvider.cidrBlocks', 'ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
        refused('b', 'spec.forProvider.cidrBlocks', 'ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule `a` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
];

describe('ranges are judged as unions, per rule and per security group', () => {
  it.each([...rangeCases('cluster'), ...rangeCases('namespaced'), ...crossGroupCases])('$name', ({ desired, input: inp, want }) => {
    const decision = evaluate(engineRequest(desired, inp !== undefined ? { input: inp } : {}), SECURITY_GROUP_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want);
    expect(decision.mutations).toEqual([]);
    for (const [name, obj] of Object.entries(desired)) expect(decision.desired[name]).toBe(obj);
  });
});

describe('many rules on one group', () => {
  const pad = (i: number) => String(i).padStart(3, '0');
  /** All 256 /8s, one SecurityGroupIngressRule each, on one group not composed here. */
  const eights = (fromPort: number) =>
    Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`r-${pad(i)}`, ingressRule({ cidrIpv4: `${i}.0.0.0/8`, fromPort, toPort: fromPort, securityGroupId: 'sg-0123456789abcdef0' })]));
  /** The /8s with no public address: 0/8, 10/8, 127/8 and 224/8 to 255/8 (multicast and reserved). */
  const privateOnly = new Set([0, 10, 127, ...Array.from({ length: 32 }, (_, i) => 224 + i)]);

  it('all 256 /8s to HTTPS, one rule each, are the internet: every rule with public addresses is held, naming the others', () => {
    const decision = evaluate(engineRequest(eights(443)), SECURITY_GROUP_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings.map((f) => f.resource)).toEqual(Array.from({ length: 256 }, (_, i) => i).filter((i) => !privateOnly.has(i)).map((i) => `r-${pad(i)}`));
    expect(new Set(decision.findings.map((f) => `${f.rule} ${f.action}`))).toEqual(new Set([`${sgInternetIngress.id} RequireApproval`]));
    expect(decision.findings[0]).toEqual({
      resource: 'r-001',
      rule: sgInternetIngress.id,
      action: 'RequireApproval',
      path: 'spec.forProvider.cidrIpv4',
      message: `ingress from 1.0.0.0/8 here and 2.0.0.0/8 in rule \`r-002\`, 3.0.0.0/8 in rule \`r-003\`, 4.0.0.0/8 in rule \`r-004\` and 217 more (together the whole IPv4 internet) allows tcp port 443; ${APPROVE}`,
    });
  });

  it('all 256 /8s to SSH, one rule each, are refused', () => {
    const decision = evaluate(engineRequest(eights(22)), SECURITY_GROUP_RULES);
    expect(decision.findings.length).toBe(256 - privateOnly.size);
    expect(new Set(decision.findings.map((f) => `${f.rule} ${f.action}`))).toEqual(new Set([`${sgOpenAdminPorts.id} Deny`]));
    expect(decision.findings.at(-1)?.message).toBe(
      `ingress from 223.0.0.0/8 here and 1.0.0.0/8 in rule \`r-001\`, 2.0.0.0/8 in rule \`r-002\`, 3.0.0.0/8 in rule \`r-003\` and 217 more (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADVICE}`,
    );
  });

  it('rules whose selector matches many groups are unioned by that selector', () => {
    // Crossplane picks one of the groups a selector matches; which one is not known here, so rules with the same
    // selector are taken to share it (and are not unioned into each of the ten groups).
    const groups = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sg-${i}`, securityGroup()]));
    const a = sgRule({ cidrBlocks: ['0.0.0.0/1'], fromPort: 22, toPort: 22, securityGroupIdSelector: { matchControllerRef: true } });
    const b = sgRule({ cidrBlocks: ['128.0.0.0/1'], fromPort: 22, toPort: 22, securityGroupIdSelector: { matchControllerRef: true } });
    const decision = evaluate(engineRequest({ ...groups, a, b }), SECURITY_GROUP_RULES);
    expect(decision.findings).toEqual([
      {
        resource: 'a',
        rule: sgOpenAdminPorts.id,
        action: 'Deny',
        path: 'spec.forProvider.cidrBlocks',
        message: `opens one of the many security groups its selector matches: ingress from 0.0.0.0/1 here and 128.0.0.0/1 in rule \`b\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADVICE}`,
      },
      {
        resource: 'b',
        rule: sgOpenAdminPorts.id,
        action: 'Deny',
        path: 'spec.forProvider.cidrBlocks',
        message: `opens one of the many security groups its selector matches: ingress from 128.0.0.0/1 here and 0.0.0.0/1 in rule \`a\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADVICE}`,
      },
    ]);
  });

  it('a prefix list selector that picks more than 32 lists is held', () => {
    const lists = Object.fromEntries(
      Array.from({ length: 33 }, (_, i) => [`pl-${i}`, { ...managed('ec2.aws.upbound.io/v1beta1', 'ManagedPrefixList', { entry: [{ cidr: '198.51.100.0/24' }] }), metadata: { labels: { net: 'office' } } }]),
    );
    const r = sgRule({ prefixListIdSelector: { matchControllerRef: true, matchLabels: { net: 'office' } }, fromPort: 443, toPort: 443 });
    expect(evaluate(engineRequest({ ...lists, r }), SECURITY_GROUP_RULES).findings).toEqual([
      {
        resource: 'r',
        rule: sgInternetIngress.id,
        action: 'RequireApproval',
        path: 'spec.forProvider.prefixListIdSelector',
        message:
          'ingress through prefix list selector {"net":"office"} with matchControllerRef allows tcp port 443, but it picks more than 32 prefix lists, too many to judge; approve only if that list holds only networks that may reach these ports, or use a ManagedPrefixList composed here',
      },
    ]);
  });

  /** 1,500 rules on one group, each on its own port from its own public /16: together, over all ports, 52.0.0.0 to 57.219.255.255. */
  const spread = (cidr: (i: number) => string) =>
    Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`r-${String(i).padStart(4, '0')}`, ingressRule({ cidrIpv4: cidr(i), fromPort: 20000 + i, toPort: 20000 + i, securityGroupId: 'sg-0123456789abcdef0' })]),
    );
  const slash16 = (i: number) => `${52 + (i >> 8)}.${i & 255}.0.0/16`;

  it('a group with more distinct port ranges than can be judged together holds its public rules', () => {
    // Over all ports the rules admit a range wider than /8, so each port must be judged on its own: 1,500 port
    // ranges against each other would take 2.25 million steps, past the budget. Fail closed: held.
    const decision = evaluate(engineRequest(spread(slash16)), SECURITY_GROUP_RULES);
    expect(decision.findings.length).toBe(1500);
    expect(decision.findings[0]).toEqual({
      resource: 'r-0000',
      rule: sgInternetIngress.id,
      action: 'RequireApproval',
      path: 'spec.forProvider.cidrIpv4',
      message: `ingress from 52.0.0.0/16 allows tcp port 20000, but its security group has 1500 ingress rules over too many distinct port ranges to judge together; ${APPROVE}`,
    });
  });

  it('1,500 rules on distinct ports whose union over all ports is narrow are not judged port by port, and pass', () => {
    expect(evaluate(engineRequest(spread((i) => `8.8.${i >> 8}.${i & 255}/32`)), SECURITY_GROUP_RULES).findings).toEqual([]);
  });

  it('300 rules on distinct ports, each a public /16, are judged port by port, and pass', () => {
    const desired = Object.fromEntries(Object.entries(spread(slash16)).slice(0, 300));
    expect(evaluate(engineRequest(desired), SECURITY_GROUP_RULES).findings).toEqual([]);
  });

  it('1,500 rules on one port are judged together, and pass when narrow', () => {
    const desired = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`r-${String(i).padStart(4, '0')}`, ingressRule({ cidrIpv4: `8.8.${i >> 8}.${i & 255}/32`, fromPort: 443, toPort: 443, securityGroupId: 'sg-0123456789abcdef0' })]),
    );
    expect(evaluate(engineRequest(desired), SECURITY_GROUP_RULES).findings).toEqual([]);
  });
});

describe('security group rules carried by provider-kubernetes Objects', () => {
  it('a rule an Object carries is judged, at its path inside the Object', () => {
    const manifest = sgRule({ cidrBlocks: ['0.0.0.0/1', '128.0.0.0/1'], fromPort: 22, toPort: 22 });
    const d = evaluate(engineRequest({ wrapper: carried(manifest) }), SECURITY_GROUP_RULES);
    expect(d.findings).toEqual([
      {
        resource: 'wrapper',
        rule: RULE,
        action: 'Deny',
        path: 'spec.forProvider.manifest.spec.forProvider.cidrBlocks',
        message: `ingress from 0.0.0.0/1, 128.0.0.0/1 (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADVICE}`,
      },
    ]);
  });
});

describe('security group rules split across provider-kubernetes Objects', () => {
  const half = (cidr: string) => carried(sgRule({ cidrBlocks: [cidr], fromPort: 22, toPort: 22, securityGroupId: 'sg-0123456789abcdef0' }));

  it('two Objects each carrying one /1 rule to the same group open SSH together: both refused', () => {
    const d = evaluate(engineRequest({ a: half('0.0.0.0/1'), b: half('128.0.0.0/1') }), SECURITY_GROUP_RULES);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action, f.path])).toEqual([
      ['a', RULE, 'Deny', 'spec.forProvider.manifest.spec.forProvider.cidrBlocks'],
      ['b', RULE, 'Deny', 'spec.forProvider.manifest.spec.forProvider.cidrBlocks'],
    ]);
  });

  it('a carried half and a directly composed half are in different places: neither is the whole internet alone', () => {
    // Reason: an Object applies its manifest through its own provider config, possibly to another account or cluster.
    const direct = sgRule({ cidrBlocks: ['128.0.0.0/1'], fromPort: 22, toPort: 22, securityGroupId: 'sg-0123456789abcdef0' });
    const d = evaluate(engineRequest({ a: half('0.0.0.0/1'), b: direct }), SECURITY_GROUP_RULES);
    expect(d.findings.map((f) => [f.resource, f.rule, f.action])).toEqual([
      ['a', sgInternetIngress.id, 'RequireApproval'],
      ['b', sgInternetIngress.id, 'RequireApproval'],
    ]);
  });
});
