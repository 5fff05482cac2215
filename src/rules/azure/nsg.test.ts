import { describe, expect, it } from 'vitest';
import { engineRequest, type Group } from '../../../test/builders.js';
import { actions, served, withInit } from '../../../test/builders/aws-data.js';
import { azureChild, azureResource, named } from '../../../test/builders/azure-data.js';
import { evaluate } from '../../engine/engine.js';
import type { KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { NSG_RULES, nsgInternetIngress, nsgOpenAdminPorts } from './nsg.js';

const INBOUND_SSH = { access: 'Allow', direction: 'Inbound', protocol: 'Tcp', destinationPortRange: '22', priority: 100 };

/** A standalone SecurityRule of the NSG `web`, inbound SSH unless told otherwise. */
const securityRule = (fp: Record<string, unknown>, group: Group = 'cluster'): KubeObject =>
  azureChild('network', 'SecurityRule', served(group, 'v1beta1'), { resourceGroupName: 'rg', networkSecurityGroupNameRef: { name: 'web' }, ...INBOUND_SSH, ...fp });

/** The NSG `web`, with inline rules. */
const nsg = (rules: Record<string, unknown>[] | unknown, group: Group = 'cluster'): KubeObject =>
  named(azureResource('network', 'SecurityGroup', served(group, 'v1beta1'), { resourceGroupName: 'rg', ...(rules === undefined ? {} : { securityRule: rules }) }), { name: 'web' });

const ADVICE = 'allow only specific CIDRs (a VPN, a bastion subnet) or an application security group, or use Azure Bastion; a Deny of higher priority does not make this Allow safe';
const APPROVE = 'approve only if it must face the internet (a public web server or load balancer), otherwise allow only specific CIDRs, a service tag such as VirtualNetwork, or an application security group';
const SOURCE = 'spec.forProvider.sourceAddressPrefix';

interface Want {
  resource: string;
  rule: string;
  action: string;
  path: string;
  message: string;
}

const refused = (resource: string, path: string, message: string, advice = true): Want => ({ resource, rule: nsgOpenAdminPorts.id, action: 'Deny', path, message: advice ? `${message}; ${ADVICE}` : message });
const held = (resource: string, path: string, message: string): Want => ({ resource, rule: nsgInternetIngress.id, action: 'RequireApproval', path, message: `${message}; ${APPROVE}` });

interface NsgCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  input?: Guardrails;
  want: Want[];
}

/** Every way to write "anywhere" in a source prefix, and how the message names it. */
const ANYWHERE: { source: string; what: string }[] = [
  { source: '*', what: 'the whole internet' },
  { source: 'Internet', what: 'the whole internet' },
  { source: 'internet', what: 'the whole internet' },
  { source: 'Any', what: 'the whole internet' },
  { source: '0.0.0.0', what: 'the whole internet' },
  { source: '0.0.0.0/0', what: 'the whole IPv4 internet' },
  { source: '10.1.2.3/0', what: 'the whole IPv4 internet' },
  { source: '::/0', what: 'the whole internet' },
];

const cases: NsgCase[] = [
  ...(['cluster', 'namespaced'] as const).flatMap((group) => [
    ...ANYWHERE.map(
      ({ source, what }): NsgCase => ({
        name: `SecurityRule (${group}): SSH from ${source} refused`,
        reason: 'each spelling of the internet Checkov knows, and a /0 of any address',
        desired: { r: securityRule({ sourceAddressPrefix: source, networkSecurityGroupNameRef: undefined }, group) },
        want: [refused('r', SOURCE, `rule \`r\`: inbound Tcp port 22 from ${source} (${what}) reaches 22 (SSH)`)],
      }),
    ),
    {
      name: `SecurityGroup inline (${group}): RDP from * refused, at the inline rule`,
      reason: 'inline rules are judged like standalone ones',
      desired: { web: nsg([{ name: 'rdp', ...INBOUND_SSH, destinationPortRange: '3389', sourceAddressPrefix: '*' }], group) },
      want: [
        refused('web', 'spec.forProvider.securityRule[0].sourceAddressPrefix', 'securityRule[0] (`rdp`) of security group `web`: inbound Tcp port 3389 from * (the whole internet) reaches 3389 (RDP)'),
      ],
    },
  ]),
  {
    name: 'one rule of two halves in sourceAddressPrefixes: refused',
    reason: 'the prefixes of a rule are unioned',
    desired: { r: securityRule({ sourceAddressPrefixes: ['0.0.0.0/1', '128.0.0.0/1'] }) },
    want: [refused('r', 'spec.forProvider.sourceAddressPrefixes[0]', 'rule `r`: inbound Tcp port 22 from 0.0.0.0/1, 128.0.0.0/1 (the whole IPv4 internet) reaches 22 (SSH)')],
  },
  {
    name: 'an inline rule and a standalone one of the same NSG, each half the internet: both refused, naming each other',
    reason: 'an NSG admits the union of its Allow rules, inline or standalone',
    desired: { web: nsg([{ name: 'a', ...INBOUND_SSH, sourceAddressPrefix: '0.0.0.0/1' }]), b: securityRule({ sourceAddressPrefix: '128.0.0.0/1', destinationPortRange: '20-30' }) },
    want: [
      refused('b', SOURCE, 'rule `b` of security group `web`: inbound Tcp ports 20-30 from 128.0.0.0/1 here and 0.0.0.0/1 in securityRule[0] (`a`) of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
      refused('web', 'spec.forProvider.securityRule[0].sourceAddressPrefix', 'securityRule[0] (`a`) of security group `web`: inbound Tcp port 22 from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
    ],
  },
  {
    name: 'standalone rules naming the NSG by its name and by a selector: unioned with its inline rules',
    reason: 'a name, a reference or a selector that picks the composed NSG is that NSG',
    desired: {
      web: { ...nsg([{ name: 'a', ...INBOUND_SSH, sourceAddressPrefix: '0.0.0.0/2' }]), metadata: { name: 'web', labels: { tier: 'web' } } },
      b: securityRule({ sourceAddressPrefix: '64.0.0.0/2', networkSecurityGroupNameRef: undefined, networkSecurityGroupName: 'WEB' }),
      c: securityRule({ sourceAddressPrefix: '128.0.0.0/1', networkSecurityGroupNameRef: undefined, networkSecurityGroupNameSelector: { matchLabels: { tier: 'web' } } }),
    },
    want: [
      refused('b', SOURCE, 'rule `b` of security group `web`: inbound Tcp port 22 from 64.0.0.0/2 here and 0.0.0.0/2 in securityRule[0] (`a`) of security group `web`, 128.0.0.0/1 in rule `c` of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
      refused('c', SOURCE, 'rule `c` of security group `web`: inbound Tcp port 22 from 128.0.0.0/1 here and 0.0.0.0/2 in securityRule[0] (`a`) of security group `web`, 64.0.0.0/2 in rule `b` of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
      refused('web', 'spec.forProvider.securityRule[0].sourceAddressPrefix', 'securityRule[0] (`a`) of security group `web`: inbound Tcp port 22 from 0.0.0.0/2 here and 64.0.0.0/2 in rule `b` of security group `web`, 128.0.0.0/1 in rule `c` of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
    ],
  },
  {
    name: 'an agent names the NSG by an empty selector and splits the internet with its inline rule: both refused',
    reason: 'a selector with no labels picks any NSG (Crossplane lists them all), so it may pick the composed one',
    desired: {
      web: nsg([{ name: 'a', ...INBOUND_SSH, sourceAddressPrefix: '0.0.0.0/1' }]),
      b: securityRule({ sourceAddressPrefix: '128.0.0.0/1', networkSecurityGroupNameRef: undefined, networkSecurityGroupNameSelector: {} }),
    },
    want: [
      refused('b', SOURCE, 'rule `b` of security group `web`: inbound Tcp port 22 from 128.0.0.0/1 here and 0.0.0.0/1 in securityRule[0] (`a`) of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
      refused('web', 'spec.forProvider.securityRule[0].sourceAddressPrefix', 'securityRule[0] (`a`) of security group `web`: inbound Tcp port 22 from 0.0.0.0/1 here and 128.0.0.0/1 in rule `b` of security group `web` (together the whole IPv4 internet) reaches 22 (SSH)'),
    ],
  },
  {
    name: 'halves on different ports of the same NSG: no port is open to the whole internet, each held',
    reason: 'a union is taken per port: 22 from one half and 443 from the other is not SSH from everywhere',
    desired: { a: securityRule({ sourceAddressPrefix: '0.0.0.0/1' }), b: securityRule({ sourceAddressPrefix: '128.0.0.0/1', destinationPortRange: '443' }) },
    want: [
      held('a', SOURCE, 'rule `a`: inbound Tcp port 22 from 0.0.0.0/1 (11.0.0.0-100.63.255.255, public and wider than /8), reaching 22 (SSH)'),
      held('b', SOURCE, 'rule `b`: inbound Tcp port 443 from 128.0.0.0/1 (128.0.0.0-169.253.255.255, public and wider than /8)'),
    ],
  },
  {
    name: 'halves on two NSGs: each held, neither refused',
    reason: 'rules of different NSGs are not unioned',
    desired: { a: securityRule({ sourceAddressPrefix: '0.0.0.0/1' }), b: securityRule({ sourceAddressPrefix: '128.0.0.0/1', networkSecurityGroupNameRef: { name: 'db' } }) },
    want: [
      held('a', SOURCE, 'rule `a`: inbound Tcp port 22 from 0.0.0.0/1 (11.0.0.0-100.63.255.255, public and wider than /8), reaching 22 (SSH)'),
      held('b', SOURCE, 'rule `b`: inbound Tcp port 22 from 128.0.0.0/1 (128.0.0.0-169.253.255.255, public and wider than /8), reaching 22 (SSH)'),
    ],
  },
  {
    name: 'port ranges: a range, a list and * that span sensitive ports',
    reason: 'destinationPortRange and every destinationPortRanges entry count',
    desired: {
      range: securityRule({ sourceAddressPrefix: '*', destinationPortRange: '1-1024' }),
      list: securityRule({ sourceAddressPrefix: '*', destinationPortRange: undefined, destinationPortRanges: ['80', '1400-1500'] }),
      all: securityRule({ sourceAddressPrefix: '*', destinationPortRange: '*', protocol: 'Udp' }),
    },
    want: [
      refused('all', SOURCE, 'rule `all`: inbound Udp every port from * (the whole internet) reaches 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)'),
      refused('list', SOURCE, 'rule `list`: inbound Tcp port 80, ports 1400-1500 from * (the whole internet) reaches 1433 (SQL Server)'),
      refused('range', SOURCE, 'rule `range`: inbound Tcp ports 1-1024 from * (the whole internet) reaches 22 (SSH)'),
    ],
  },
  {
    name: 'protocol * on a database port: refused',
    reason: 'all protocols include TCP',
    desired: { r: securityRule({ sourceAddressPrefix: 'Internet', protocol: '*', destinationPortRange: '5432' }) },
    want: [refused('r', SOURCE, 'rule `r`: inbound all traffic (protocol *) on port 5432 from Internet (the whole internet) reaches 5432 (PostgreSQL)')],
  },
  {
    name: 'HTTPS from the internet: held, not refused',
    reason: 'a public web server is legitimate; a person confirms it',
    desired: { r: securityRule({ sourceAddressPrefix: 'Internet', destinationPortRange: '443' }) },
    want: [held('r', SOURCE, 'rule `r`: inbound Tcp port 443 from Internet (the whole internet)')],
  },
  {
    name: 'ICMP from anywhere: held',
    reason: 'port-less protocols are exposure too',
    desired: { r: securityRule({ sourceAddressPrefix: '*', protocol: 'Icmp', destinationPortRange: '*' }) },
    want: [held('r', SOURCE, 'rule `r`: inbound Icmp from * (the whole internet)')],
  },
  {
    name: 'a public /7 to SSH: held as the internet',
    reason: 'wider than network.internetPrefix, short of the whole space',
    desired: { r: securityRule({ sourceAddressPrefix: '52.0.0.0/7' }) },
    want: [held('r', SOURCE, 'rule `r`: inbound Tcp port 22 from 52.0.0.0/7 (52.0.0.0/7, public and wider than /8), reaching 22 (SSH)')],
  },
  {
    name: 'service tags: AzureCloud held, VirtualNetwork, AzureLoadBalancer and GatewayManager pass',
    reason: 'AzureCloud is every Azure public address, any tenant may hold one; the others are not the internet',
    desired: {
      cloud: securityRule({ sourceAddressPrefix: 'AzureCloud.westeurope' }),
      vnet: securityRule({ sourceAddressPrefix: 'VirtualNetwork' }),
      lb: securityRule({ sourceAddressPrefixes: ['AzureLoadBalancer', 'GatewayManager'] }),
    },
    want: [
      held('cloud', SOURCE, 'rule `cloud`: inbound Tcp port 22 from the service tag AzureCloud.westeurope, reaching 22 (SSH), Azure address ranges that cannot be known here (some shared by every tenant)'),
    ],
  },
  {
    name: 'Deny and Outbound rules: not judged',
    reason: 'only inbound Allow rules admit traffic',
    desired: { deny: securityRule({ sourceAddressPrefix: '*', access: 'Deny' }), out: securityRule({ sourceAddressPrefix: '*', direction: 'Outbound' }) },
    want: [],
  },
  {
    name: 'a Deny of higher priority does not make the Allow below it safe',
    reason: 'priorities are not modelled: the Deny can be deleted or reordered on its own',
    desired: {
      web: nsg([
        { name: 'deny-ssh', ...INBOUND_SSH, access: 'Deny', priority: 100, sourceAddressPrefix: '*' },
        { name: 'ssh', ...INBOUND_SSH, priority: 200, sourceAddressPrefix: '*' },
      ]),
    },
    want: [refused('web', 'spec.forProvider.securityRule[1].sourceAddressPrefix', 'securityRule[1] (`ssh`) of security group `web`: inbound Tcp port 22 from * (the whole internet) reaches 22 (SSH)')],
  },
  {
    name: 'a narrow source passes',
    reason: 'compliant',
    desired: { r: securityRule({ sourceAddressPrefix: '203.0.113.0/24' }), p: securityRule({ sourceAddressPrefixes: ['10.0.0.0/8', '192.168.0.0/16'] }) },
    want: [],
  },
  {
    name: 'initProvider: a source set there is judged',
    reason: 'Upjet applies initProvider at creation',
    desired: { r: withInit(securityRule({}), { sourceAddressPrefix: '*' }) },
    want: [refused('r', 'spec.initProvider.sourceAddressPrefix', 'rule `r`: inbound Tcp port 22 from * (the whole internet) reaches 22 (SSH)')],
  },
  {
    name: 'with the refusal disabled, the approval rule holds what it would refuse',
    reason: 'nothing passes silently',
    desired: { r: securityRule({ sourceAddressPrefix: '*' }) },
    input: actions({ [nsgOpenAdminPorts.id]: 'Disabled' }),
    want: [held('r', SOURCE, 'rule `r`: inbound Tcp port 22 from * (the whole internet), reaching 22 (SSH)')],
  },
  {
    name: 'malformed: ports that are not ports, a source that is not a prefix, a list that is a string',
    reason: 'what cannot be judged is refused, and the rest of the rule is still judged the widest way',
    desired: {
      ports: securityRule({ sourceAddressPrefix: '203.0.113.0/24', destinationPortRange: 'ssh', destinationPortRanges: [22, '22,3389', '3389-22', '70000'] }),
      source: securityRule({ sourceAddressPrefix: 5, sourceAddressPrefixes: '0.0.0.0/0' }),
      range: securityRule({ sourceAddressPrefix: '10.0.0.1-10.0.0.9' }),
    },
    want: [
      refused('ports', 'spec.forProvider.destinationPortRange', 'spec.forProvider.destinationPortRange is "ssh": it is not a port, a range like 1000-2000, or *; write a port (22), a range (1000-2000) or *', false),
      refused('ports', 'spec.forProvider.destinationPortRanges[0]', 'spec.forProvider.destinationPortRanges[0] is number 22, not a port range; write a port (22), a range (1000-2000) or *', false),
      refused('ports', 'spec.forProvider.destinationPortRanges[1]', 'spec.forProvider.destinationPortRanges[1] is "22,3389": it is not a port, a range like 1000-2000, or *; write a port (22), a range (1000-2000) or *', false),
      refused('ports', 'spec.forProvider.destinationPortRanges[2]', 'spec.forProvider.destinationPortRanges[2] is "3389-22": its first port is more than its last; write a port (22), a range (1000-2000) or *', false),
      refused('ports', 'spec.forProvider.destinationPortRanges[3]', 'spec.forProvider.destinationPortRanges[3] is "70000": a port is more than 65535; write a port (22), a range (1000-2000) or *', false),
      refused('range', SOURCE, 'spec.forProvider.sourceAddressPrefix is "10.0.0.1-10.0.0.9", not a CIDR or a service tag: "10.0.0.1-10.0.0.9" is not an IPv4 or IPv6 address; write a CIDR such as 198.51.100.0/24', false),
      refused('source', SOURCE, 'spec.forProvider.sourceAddressPrefix is number 5, not an address prefix; write a CIDR such as 198.51.100.0/24 or a service tag', false),
      refused('source', 'spec.forProvider.sourceAddressPrefixes', 'spec.forProvider.sourceAddressPrefixes must be a list of address prefixes, got the string "0.0.0.0/0"', false),
    ],
  },
  {
    name: 'malformed: a direction and an access that are not Azure words count as inbound Allow',
    reason: 'refused as malformed, and judged the widest way so they never pass for less',
    desired: { r: securityRule({ sourceAddressPrefix: '*', direction: 'In', access: 'Permit', protocol: 'SSH' }) },
    want: [
      refused('r', 'spec.forProvider.direction', 'spec.forProvider.direction is "In", not one of "Inbound", "Outbound"', false),
      refused('r', 'spec.forProvider.access', 'spec.forProvider.access is "Permit", not one of "Allow", "Deny"', false),
      refused('r', 'spec.forProvider.protocol', 'spec.forProvider.protocol is "SSH", not one of "Tcp", "Udp", "Icmp", "Esp", "Ah", "*"', false),
      refused('r', SOURCE, 'rule `r`: inbound all traffic (protocol *) on port 22 from * (the whole internet) reaches 22 (SSH)'),
    ],
  },
  {
    name: 'malformed: securityRule not a list, and an inline rule that is not an object',
    reason: 'a rule hidden in a malformed list is never passed as absent',
    desired: { web: nsg('ssh-from-anywhere'), other: { ...nsg(['x']), metadata: { name: 'other' } } },
    want: [
      refused('other', 'spec.forProvider.securityRule[0]', 'spec.forProvider.securityRule[0] must be a security rule (an object), got the string "x"', false),
      refused('web', 'spec.forProvider.securityRule', 'spec.forProvider.securityRule must be a list of security rules, got the string "ssh-from-anywhere"', false),
    ],
  },
];

/**
 * An NSG of 200 rules over 4,000 distinct ports, each from its own public /15: together they admit more than a /8,
 * so their union must be taken port by port, which is too much work.
 */
const crowded = nsg(
  [...Array(200).keys()].map((i) => ({
    name: `r${i}`,
    ...INBOUND_SSH,
    destinationPortRange: undefined,
    destinationPortRanges: [...Array(20).keys()].map((j) => String(30000 + i * 20 + j)),
    sourceAddressPrefix: `${11 + Math.floor((2 * i) / 256)}.${(2 * i) % 256}.0.0/15`,
  })),
);

describe('Azure network security group rules', () => {
  it.each(cases)('$name', ({ desired, input, want }) => {
    const d = evaluate(engineRequest(desired, input !== undefined ? { input } : {}), NSG_RULES);
    expect(d.errors).toEqual([]);
    expect(d.mutations).toEqual([]);
    const got = d.findings.map(({ resource, rule, action, path, message }) => ({ resource, rule, action, path, message }));
    expect(got).toEqual(want);
  });

  it('an NSG too large to union port by port: every rule that admits public addresses is held, none passes', () => {
    const d = evaluate(engineRequest({ web: crowded }), NSG_RULES);
    expect(d.errors).toEqual([]);
    expect(d.findings.length).toBe(200);
    expect(d.findings.every((f) => f.rule === nsgInternetIngress.id && f.action === 'RequireApproval')).toBe(true);
    expect(d.findings[0]!.message).toBe(
      `securityRule[0] (\`r0\`) of security group \`web\`: inbound Tcp port 30000, port 30001, port 30002, port 30003 and 16 more from 11.0.0.0/15, but its security group has 200 inbound rules over too many distinct port ranges to judge together; ${APPROVE}`,
    );
  });
});
