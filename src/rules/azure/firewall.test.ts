import { describe, expect, it } from 'vitest';
import { carried, engineRequest, type Group } from '../../../test/builders.js';
import { actions, served, withInit, withPolicies } from '../../../test/builders/aws-data.js';
import { azureChild, azureResource, named } from '../../../test/builders/azure-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Guardrails } from '../../input/schema.js';
import type { KubeObject } from '../../engine/types.js';
import { databaseFirewallOpen, databaseFirewallPublic, FIREWALL_RULES } from './firewall.js';

/** Each firewall kind, with its range fields and how it names its server. */
const KINDS = [
  { service: 'sql', kind: 'MSSQLFirewallRule', start: 'startIpAddress', end: 'endIpAddress', ref: 'serverIdRef', what: 'SQL server' },
  { service: 'dbforpostgresql', kind: 'FlexibleServerFirewallRule', start: 'startIpAddress', end: 'endIpAddress', ref: 'serverIdRef', what: 'PostgreSQL server' },
  { service: 'dbforpostgresql', kind: 'FirewallRule', start: 'startIpAddress', end: 'endIpAddress', ref: 'serverNameRef', what: 'PostgreSQL server' },
  { service: 'dbformysql', kind: 'FlexibleServerFirewallRule', start: 'startIpAddress', end: 'endIpAddress', ref: 'serverNameRef', what: 'MySQL server' },
  { service: 'synapse', kind: 'FirewallRule', start: 'startIpAddress', end: 'endIpAddress', ref: 'synapseWorkspaceIdRef', what: 'Synapse workspace' },
  { service: 'cache', kind: 'RedisFirewallRule', start: 'startIp', end: 'endIp', ref: 'redisCacheNameRef', what: 'Redis cache' },
] as const;

const MSSQL = KINDS[0];

/** A firewall rule of `k` from `start` to `end`, naming the server `db` by reference unless told otherwise. */
function rule(start: unknown, end: unknown, opts: { k?: (typeof KINDS)[number]; group?: Group; server?: Record<string, unknown> } = {}): KubeObject {
  const k = opts.k ?? MSSQL;
  return azureChild(k.service, k.kind, served(opts.group ?? 'cluster', 'v1beta1'), { ...(opts.server ?? { [k.ref]: { name: 'db' } }), [k.start]: start, [k.end]: end });
}

const server = named(azureResource('sql', 'MSSQLServer', served('cluster', 'v1beta2'), { resourceGroupName: 'rg', version: '12.0' }), { name: 'db' });

const CLOSE = 'allow only the addresses that must connect (an office, a CI runner), or turn public network access off and use a private endpoint';
const approve = (what: string) => `approve only if the ${what} must accept connections from these addresses, otherwise ${CLOSE}`;

interface Want {
  resource: string;
  rule: string;
  action: string;
  path: string;
  message: string;
}

interface FirewallCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  input?: Guardrails;
  want: Want[];
}

const open = (resource: string, message: string, path = 'spec.forProvider.startIpAddress'): Want => ({ resource, rule: databaseFirewallOpen.id, action: 'Deny', path, message: `${message}; ${CLOSE}` });
const held = (resource: string, message: string, path = 'spec.forProvider.startIpAddress'): Want => ({ resource, rule: databaseFirewallPublic.id, action: 'RequireApproval', path, message });
const AZURE_SERVICES = (what: string) =>
  `holds 0.0.0.0, Azure's "allow Azure services" switch: any Azure resource of any tenant may connect; approve only if the ${what} has no other way to reach its clients (virtual network integration, a private endpoint)`;

const cases: FirewallCase[] = [
  ...KINDS.flatMap((k) =>
    (['cluster', 'namespaced'] as const).flatMap((group): FirewallCase[] => {
      const start = `spec.forProvider.${k.start}`;
      return [
        {
          name: `${k.service} ${k.kind} (${group}): 0.0.0.0-255.255.255.255 refused`,
          reason: 'the whole IPv4 internet in one rule',
          desired: { fw: rule('0.0.0.0', '255.255.255.255', { k, group }) },
          want: [open('fw', 'the range 0.0.0.0-255.255.255.255 admits the whole IPv4 internet', start)],
        },
        {
          name: `${k.service} ${k.kind} (${group}): 0.0.0.0-0.0.0.0 (allow Azure services) held`,
          reason: 'any Azure resource of any tenant may connect; legitimate for applications without a virtual network, so a person decides',
          desired: { fw: rule('0.0.0.0', '0.0.0.0', { k, group }) },
          want: [held('fw', `the range 0.0.0.0-0.0.0.0 ${AZURE_SERVICES(k.what)}`, start)],
        },
        {
          name: `${k.service} ${k.kind} (${group}): a /24 of an office passes`,
          reason: 'compliant',
          desired: { fw: rule('203.0.113.0', '203.0.113.255', { k, group }) },
          want: [],
        },
      ];
    }),
  ),
  {
    name: 'two halves on the same server: both refused, each naming the other',
    reason: 'a server admits the union of its rules; splitting the internet changes nothing',
    desired: { db: server, a: rule('0.0.0.0', '127.255.255.255'), b: rule('128.0.0.0', '255.255.255.255') },
    want: [
      open('a', 'on `db`: the ranges 0.0.0.0-127.255.255.255 here and 128.0.0.0-255.255.255.255 in rule `b` together admit the whole IPv4 internet'),
      open('b', 'on `db`: the ranges 128.0.0.0-255.255.255.255 here and 0.0.0.0-127.255.255.255 in rule `a` together admit the whole IPv4 internet'),
    ],
  },
  {
    name: 'two halves, one by reference and one by an ARM ID in other case: the same server, refused',
    reason: 'Azure IDs are case-insensitive and server names are global: the ID names the composed server',
    desired: {
      db: server,
      a: rule('0.0.0.0', '127.255.255.255'),
      b: rule('128.0.0.0', '255.255.255.255', { server: { serverId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Sql/servers/DB' } }),
    },
    want: [
      open('a', 'on `db`: the ranges 0.0.0.0-127.255.255.255 here and 128.0.0.0-255.255.255.255 in rule `b` together admit the whole IPv4 internet'),
      open('b', 'on `db`: the ranges 128.0.0.0-255.255.255.255 here and 0.0.0.0-127.255.255.255 in rule `a` together admit the whole IPv4 internet'),
    ],
  },
  {
    name: 'two halves by a selector with matchControllerRef: the same server, refused',
    reason: 'a selector that picks the composed server is that server',
    desired: {
      db: server,
      a: rule('0.0.0.0', '127.255.255.255', { server: { serverIdSelector: { matchControllerRef: true } } }),
      b: rule('128.0.0.0', '255.255.255.255'),
    },
    want: [
      open('a', 'on `db`: the ranges 0.0.0.0-127.255.255.255 here and 128.0.0.0-255.255.255.255 in rule `b` together admit the whole IPv4 internet'),
      open('b', 'on `db`: the ranges 128.0.0.0-255.255.255.255 here and 0.0.0.0-127.255.255.255 in rule `a` together admit the whole IPv4 internet'),
    ],
  },
  {
    name: 'two halves on two servers: each held as public and wide, neither refused',
    reason: 'each server admits half the internet, not all of it',
    desired: { a: rule('0.0.0.0', '127.255.255.255'), b: rule('128.0.0.0', '255.255.255.255', { server: { serverIdRef: { name: 'other' } } }) },
    want: [
      held('a', `the range 0.0.0.0-127.255.255.255 admits 11.0.0.0-100.63.255.255, public and wider than /8; ${approve('SQL server')}`),
      held('b', `the range 128.0.0.0-255.255.255.255 admits 128.0.0.0-169.253.255.255, public and wider than /8; ${approve('SQL server')}`),
    ],
  },
  {
    name: 'eight /3s on one server: every one that adds public addresses refused',
    reason: 'however many pieces the internet is cut into; 224.0.0.0/3 (multicast and reserved) is never a source, so it opens nothing',
    desired: Object.fromEntries([...Array(8).keys()].map((i) => [`r${i}`, rule(`${i * 32}.0.0.0`, `${i * 32 + 31}.255.255.255`)])),
    want: [...Array(7).keys()].map((i) => {
      const others = [...Array(7).keys()].filter((j) => j !== i).map((j) => `${j * 32}.0.0.0-${j * 32 + 31}.255.255.255 in rule \`r${j}\``);
      return open(`r${i}`, `the ranges ${i * 32}.0.0.0-${i * 32 + 31}.255.255.255 here and ${others.slice(0, 3).join(', ')} and 3 more rules together admit the whole IPv4 internet`);
    }),
  },
  {
    name: 'two /8s on one server: together wider than the internet prefix, both held',
    reason: 'each /8 alone is not the internet (the default prefix is /8); their union is',
    desired: { a: rule('1.0.0.0', '1.255.255.255'), b: rule('2.0.0.0', '2.255.255.255') },
    want: [
      held('a', `the ranges 1.0.0.0-1.255.255.255 here and 2.0.0.0-2.255.255.255 in rule \`b\` together admit addresses including 1.0.0.0-2.255.255.255, public and wider than /8; ${approve('SQL server')}`),
      held('b', `the ranges 2.0.0.0-2.255.255.255 here and 1.0.0.0-1.255.255.255 in rule \`a\` together admit addresses including 1.0.0.0-2.255.255.255, public and wider than /8; ${approve('SQL server')}`),
    ],
  },
  {
    name: 'a range from private into public space: held for its public part',
    reason: '10.0.0.0/8 is not the internet, 11.0.0.0-20.255.255.255 is',
    desired: { a: rule('10.0.0.0', '20.255.255.255') },
    want: [held('a', `the range 10.0.0.0-20.255.255.255 admits 11.0.0.0-20.255.255.255, public and wider than /8; ${approve('SQL server')}`)],
  },
  {
    name: 'the Azure-services rule beside a narrow one: only it is held',
    reason: '0.0.0.0 is not public space; the switch is judged on its own',
    desired: { db: server, a: rule('0.0.0.0', '0.0.0.0'), b: rule('203.0.113.7', '203.0.113.7') },
    want: [held('a', `on \`db\`: the range 0.0.0.0-0.0.0.0 ${AZURE_SERVICES('SQL server')}`)],
  },
  {
    name: 'a range from 0.0.0.0 over one public /8: held as the Azure-services switch',
    reason: 'it holds 0.0.0.0; its public part (1.0.0.0/8) is not wider than the internet prefix',
    desired: { a: rule('0.0.0.0', '1.255.255.255') },
    want: [held('a', `the range 0.0.0.0-1.255.255.255 ${AZURE_SERVICES('SQL server')}`)],
  },
  {
    name: 'initProvider widens the range: judged the widest way',
    reason: 'Upjet applies initProvider at creation; the lowest start and the highest end set anywhere count',
    desired: { a: withInit(rule('10.0.0.1', '10.0.0.2'), { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' }) },
    want: [open('a', 'the range 0.0.0.0-255.255.255.255 admits the whole IPv4 internet')],
  },
  {
    name: 'an observe-only rule of the same server still counts in the union',
    reason: 'an existing rule admits what it admits; only its own parameters are not judged',
    desired: { db: server, a: withPolicies(rule('0.0.0.0', '127.255.255.255'), ['Observe']), b: rule('128.0.0.0', '255.255.255.255') },
    want: [open('b', 'on `db`: the ranges 128.0.0.0-255.255.255.255 here and 0.0.0.0-127.255.255.255 in rule `a` together admit the whole IPv4 internet')],
  },
  {
    name: 'carried by Objects of the same provider config: one placement, refused',
    reason: 'what Objects carry is created as is; rules in one placement are unioned',
    desired: { a: carried(rule('0.0.0.0', '127.255.255.255')), b: carried(rule('128.0.0.0', '255.255.255.255')) },
    want: [
      open('a', 'the ranges 0.0.0.0-127.255.255.255 here and 128.0.0.0-255.255.255.255 in rule `b@spec.forProvider.manifest` together admit the whole IPv4 internet', 'spec.forProvider.manifest.spec.forProvider.startIpAddress'),
      open('b', 'the ranges 128.0.0.0-255.255.255.255 here and 0.0.0.0-127.255.255.255 in rule `a@spec.forProvider.manifest` together admit the whole IPv4 internet', 'spec.forProvider.manifest.spec.forProvider.startIpAddress'),
    ],
  },
  {
    name: 'one half carried, the other composed: two placements, each held alone',
    reason: 'a reference resolves only within one placement (one subscription, one cluster)',
    desired: { a: carried(rule('0.0.0.0', '127.255.255.255')), b: rule('128.0.0.0', '255.255.255.255') },
    want: [
      held('a', `the range 0.0.0.0-127.255.255.255 admits 11.0.0.0-100.63.255.255, public and wider than /8; ${approve('SQL server')}`, 'spec.forProvider.manifest.spec.forProvider.startIpAddress'),
      held('b', `the range 128.0.0.0-255.255.255.255 admits 128.0.0.0-169.253.255.255, public and wider than /8; ${approve('SQL server')}`),
    ],
  },
  {
    name: 'with the refusal disabled, the approval rule holds what it would refuse',
    reason: 'the platform may choose to approve rather than refuse; nothing passes silently',
    desired: { a: rule('0.0.0.0', '255.255.255.255') },
    input: actions({ [databaseFirewallOpen.id]: 'Disabled' }),
    want: [held('a', `the range 0.0.0.0-255.255.255.255 admits the whole IPv4 internet; ${approve('SQL server')}`)],
  },
  {
    name: 'malformed: a CIDR, an IPv6 address and a number',
    reason: 'a firewall rule takes IPv4 addresses; anything else cannot be judged and is refused',
    desired: { a: rule('0.0.0.0/0', '::1'), b: rule(0, '10.0.0.1') },
    want: [
      open('a', 'spec.forProvider.startIpAddress is "0.0.0.0/0", not an IPv4 address; write one such as 198.51.100.7 (a firewall rule is a range of IPv4 addresses)'),
      open('a', 'spec.forProvider.endIpAddress is "::1", not an IPv4 address; write one such as 198.51.100.7 (a firewall rule is a range of IPv4 addresses)', 'spec.forProvider.endIpAddress'),
      open('b', 'spec.forProvider.startIpAddress is number 0, not an IPv4 address; write one such as 198.51.100.7 (a firewall rule is a range of IPv4 addresses)'),
    ].map((w) => ({ ...w, message: w.message.replace(`; ${CLOSE}`, '') })),
  },
  {
    name: 'malformed: a start after the end, and an address with a leading zero',
    reason: 'Azure refuses the first; the second is ambiguous (octal to some parsers)',
    desired: { a: rule('10.0.0.9', '10.0.0.1'), b: rule('010.0.0.1', '10.0.0.2') },
    want: [
      open('a', 'spec.forProvider.startIpAddress is 10.0.0.9, after the end of the range (10.0.0.1); Azure refuses it'),
      open('b', 'spec.forProvider.startIpAddress is "010.0.0.1", not an IPv4 address: "010" in "010.0.0.1" has a leading zero, which some parsers read as octal; write one such as 198.51.100.7 (a firewall rule is a range of IPv4 addresses)'),
    ].map((w) => ({ ...w, message: w.message.replace(`; ${CLOSE}`, '') })),
  },
];

describe('Azure database firewall rules', () => {
  it.each(cases)('$name', ({ desired, input, want }) => {
    const d = evaluate(engineRequest(desired, input !== undefined ? { input } : {}), FIREWALL_RULES);
    expect(d.errors).toEqual([]);
    expect(d.mutations).toEqual([]);
    expect(d.findings.map(({ resource, rule: r, action, path, message }) => ({ resource, rule: r, action, path, message }))).toEqual(want);
  });
});
