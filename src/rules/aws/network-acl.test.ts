import { describe, expect, it } from 'vitest';
import { awsGroup, carried, engineRequest, input, managed, type Group } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import type { Guardrails } from '../../input/schema.js';
import { naclOpenAdminPorts, NETWORK_ACL_RULES } from './network-acl.js';

const RULE = naclOpenAdminPorts.id;
const ADVICE = 'allow only specific CIDRs (a VPN, a bastion) or rely on security groups, and remove the Allow (a lower-numbered Deny does not make it safe: it can be removed on its own)';
const ALL =
  '20 (FTP data), 21 (FTP), 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)';

const GROUPS: readonly Group[] = ['cluster', 'namespaced'];

/** A NetworkACLRule: inbound TCP allow on `acl` unless the fields say otherwise. */
const aclRule = (fields: Record<string, unknown>, group: Group = 'cluster') =>
  managed(`${awsGroup('ec2', group)}/v1beta1`, 'NetworkACLRule', { networkAclIdRef: { name: 'public' }, ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', ...fields });

/** A NetworkACL named `name` (its object name, which references resolve by). */
const acl = (name: string, fields: Record<string, unknown> = {}, group: Group = 'cluster', labels?: Record<string, string>): KubeObject => ({
  ...managed(`${awsGroup('ec2', group)}/v1beta1`, 'NetworkACL', { vpcId: 'vpc-1', ...fields }),
  metadata: { name, ...(labels !== undefined ? { labels } : {}) },
});

const defaultAcl = (ingress: unknown, group: Group = 'cluster') => managed(`${awsGroup('ec2', group)}/v1beta1`, 'DefaultNetworkACL', { defaultNetworkAclId: 'acl-0def', ingress });

const block = (fields: Record<string, unknown>) => ({ action: 'allow', ruleNo: 100, protocol: 'tcp', ...fields });

const deny = (resource: string, path: string, message: string): Finding => ({ resource, rule: RULE, action: 'Deny', path, message });

function run(desired: Record<string, KubeObject>, opts: { input?: Guardrails } = {}) {
  return evaluate(engineRequest(desired, opts), NETWORK_ACL_RULES);
}

interface Case {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  input?: Guardrails;
  want: Finding[];
}

const perGroup = (group: Group): Case[] => [
  {
    name: `${group}: an agent opens SSH to 0.0.0.0/0 with a NetworkACLRule: refused`,
    reason: 'the whole IPv4 internet on port 22',
    desired: { ssh: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }, group) },
    want: [deny('ssh', 'spec.forProvider.cidrBlock', `rule \`ssh\` allows tcp port 22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: `${group}: an agent opens RDP to ::/0 through ipv6CidrBlock: refused`,
    reason: 'IPv6 is the internet too',
    desired: { rdp: aclRule({ ipv6CidrBlock: '::/0', fromPort: 3389, toPort: 3389 }, group) },
    want: [deny('rdp', 'spec.forProvider.ipv6CidrBlock', `rule \`rdp\` allows tcp port 3389 from ::/0 (the whole IPv4 and IPv6 internet), reaching 3389 (RDP); ${ADVICE}`)],
  },
  {
    name: `${group}: an agent allows protocol -1 from anywhere: refused, every sensitive port named`,
    reason: 'all traffic reaches every port; Checkov CKV_AWS_352 and Trivy AWS-0102',
    desired: { all: aclRule({ cidrBlock: '0.0.0.0/0', protocol: '-1', fromPort: 0, toPort: 0 }, group) },
    want: [deny('all', 'spec.forProvider.cidrBlock', `rule \`all\` allows all traffic (protocol -1) from 0.0.0.0/0 (the whole IPv4 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: `${group}: an agent writes protocol "6" for TCP and a range 20-23: refused for FTP and SSH`,
    reason: 'protocol numbers are the protocols they stand for; a range spanning sensitive ports counts',
    desired: { ftp: aclRule({ cidrBlock: '0.0.0.0/0', protocol: '6', fromPort: 20, toPort: 23 }, group) },
    want: [deny('ftp', 'spec.forProvider.cidrBlock', `rule \`ftp\` allows 6 ports 20-23 from 0.0.0.0/0 (the whole IPv4 internet), reaching 20 (FTP data), 21 (FTP), 22 (SSH); ${ADVICE}`)],
  },
];

const cases: Case[] = [
  ...GROUPS.flatMap(perGroup),
  {
    name: 'an agent splits the internet into two /1 rules on one ACL: both refused, each naming the other',
    reason: 'an ACL admits the union of its Allow rules',
    desired: {
      a: aclRule({ cidrBlock: '0.0.0.0/1', fromPort: 22, toPort: 22 }),
      b: aclRule({ cidrBlock: '128.0.0.0/1', fromPort: 22, toPort: 22, ruleNumber: 110 }),
      public: acl('public'),
    },
    input: input({ network: { internetPrefix: { ipv4: 0, ipv6: 0 } } }),
    want: [
      deny('a', 'spec.forProvider.cidrBlock', `rule \`a\` of network ACL \`public\` allows tcp port 22 from 0.0.0.0/1 here and 128.0.0.0/1 in rule \`b\` of network ACL \`public\` (together the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`),
      deny('b', 'spec.forProvider.cidrBlock', `rule \`b\` of network ACL \`public\` allows tcp port 22 from 128.0.0.0/1 here and 0.0.0.0/1 in rule \`a\` of network ACL \`public\` (together the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`),
    ],
  },
  {
    name: 'two /1 rules on different ACLs: neither is the whole internet (prefix 0)',
    reason: 'only rules of the same ACL are unioned',
    desired: {
      a: aclRule({ cidrBlock: '0.0.0.0/1', fromPort: 22, toPort: 22 }),
      b: aclRule({ cidrBlock: '128.0.0.0/1', fromPort: 22, toPort: 22, networkAclIdRef: { name: 'other' } }),
    },
    input: input({ network: { internetPrefix: { ipv4: 0, ipv6: 0 } } }),
    want: [],
  },
  {
    name: 'an agent opens 0.0.0.0/1 to SSH under the default prefix: refused as a public range wider than /8',
    reason: 'the internet is the whole space or a public range wider than network.internetPrefix',
    desired: { a: aclRule({ cidrBlock: '0.0.0.0/1', fromPort: 22, toPort: 22, networkAclId: 'acl-0abc', networkAclIdRef: undefined }) },
    want: [deny('a', 'spec.forProvider.cidrBlock', `rule \`a\` allows tcp port 22 from 0.0.0.0/1 (11.0.0.0-100.63.255.255, public and wider than /8), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: 'a rule and an inline ingress block of the ACL it names by reference are unioned',
    reason: "the ACL's own blocks and the standalone rules that name it are one ACL",
    desired: {
      r: aclRule({ cidrBlock: '128.0.0.0/1', fromPort: 3306, toPort: 3306 }),
      public: acl('public', { ingress: [block({ cidrBlock: '0.0.0.0/1', fromPort: 3306, toPort: 3306 })] }),
    },
    input: input({ network: { internetPrefix: { ipv4: 0, ipv6: 0 } } }),
    want: [
      deny('public', 'spec.forProvider.ingress[0].cidrBlock', `ingress[0] of network ACL \`public\` allows tcp port 3306 from 0.0.0.0/1 here and 128.0.0.0/1 in rule \`r\` of network ACL \`public\` (together the whole IPv4 internet), reaching 3306 (MySQL); ${ADVICE}`),
      deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` of network ACL \`public\` allows tcp port 3306 from 128.0.0.0/1 here and 0.0.0.0/1 in ingress[0] of network ACL \`public\` (together the whole IPv4 internet), reaching 3306 (MySQL); ${ADVICE}`),
    ],
  },
  {
    name: 'a rule that names its ACL by selector with matchControllerRef joins the ACL with those labels',
    reason: 'a selector picks the ACL by its labels',
    desired: {
      r: aclRule({ cidrBlock: '128.0.0.0/1', fromPort: 22, toPort: 22, networkAclIdRef: undefined, networkAclIdSelector: { matchControllerRef: true, matchLabels: { tier: 'public' } } }),
      s: aclRule({ cidrBlock: '0.0.0.0/1', fromPort: 22, toPort: 22 }),
      public: acl('public', {}, 'cluster', { tier: 'public' }),
    },
    input: input({ network: { internetPrefix: { ipv4: 0, ipv6: 0 } } }),
    want: [
      deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` of network ACL \`public\` allows tcp port 22 from 128.0.0.0/1 here and 0.0.0.0/1 in rule \`s\` of network ACL \`public\` (together the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`),
      deny('s', 'spec.forProvider.cidrBlock', `rule \`s\` of network ACL \`public\` allows tcp port 22 from 0.0.0.0/1 here and 128.0.0.0/1 in rule \`r\` of network ACL \`public\` (together the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`),
    ],
  },
  {
    name: 'a Deny rule from anywhere to SSH: passes',
    reason: 'only Allow rules admit anything',
    desired: { d: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, ruleAction: 'deny' }) },
    want: [],
  },
  {
    name: 'an agent shadows an Allow of SSH from anywhere with a lower-numbered Deny: the Allow is still refused',
    reason: 'rule numbers are not modelled: the Deny can be deleted or renumbered on its own',
    desired: {
      d: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, ruleAction: 'deny', ruleNumber: 50 }),
      a: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 65535, ruleNumber: 100 }),
    },
    want: [deny('a', 'spec.forProvider.cidrBlock', `rule \`a\` allows tcp ports 0-65535 from 0.0.0.0/0 (the whole IPv4 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: 'an action written "DENY" in capitals is a Deny',
    reason: 'AWS reads the action without case',
    desired: { d: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, ruleAction: 'DENY' }) },
    want: [],
  },
  {
    name: 'an agent hides an Allow in initProvider while forProvider says deny: refused',
    reason: 'any block that does not say deny may allow; Upjet applies initProvider at creation',
    desired: { a: { ...aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, ruleAction: 'deny' }), spec: { forProvider: { networkAclIdRef: { name: 'public' }, ruleNumber: 1, protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, ruleAction: 'deny' }, initProvider: { ruleAction: 'allow' } } } },
    want: [deny('a', 'spec.forProvider.cidrBlock', `rule \`a\` allows tcp port 22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: 'an egress rule to anywhere on 22: passes',
    reason: 'egress admits nothing in',
    desired: { e: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, egress: true }) },
    want: [],
  },
  {
    name: 'an agent sets egress: true in forProvider but false in initProvider: judged as ingress',
    reason: 'only a rule egress in every block is egress (Upjet fills an empty forProvider value from initProvider)',
    desired: { e: { ...aclRule({}), spec: { forProvider: { networkAclIdRef: { name: 'public' }, ruleNumber: 1, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22, egress: true }, initProvider: { egress: false } } } },
    want: [deny('e', 'spec.forProvider.cidrBlock', `rule \`e\` allows tcp port 22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: 'the ephemeral return range 1024-65535 from anywhere: passes',
    reason: 'a stateless ACL must admit replies there; security groups decide what listens',
    desired: { eph: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 1024, toPort: 65535 }) },
    want: [],
  },
  {
    name: 'an agent opens 3306-65535 "as an ephemeral range" from anywhere: passes at the ACL, as any range from 1024 to 65535',
    reason: 'the exception is a range shape, not an intent; the MySQL port stays closed unless a security group opens it, which aws-ec2-sg-open-admin-ports refuses',
    desired: { eph: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 3306, toPort: 65535 }) },
    want: [],
  },
  {
    name: 'an agent opens 1024-5000 from anywhere, a range that does not reach 65535: refused',
    reason: 'only a range up to 65535 of at least 16,384 ports counts as the ephemeral range',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 1024, toPort: 5000 }) },
    want: [deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` allows tcp ports 1024-5000 from 0.0.0.0/0 (the whole IPv4 internet), reaching 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP); ${ADVICE}`)],
  },
  {
    name: 'an agent opens 60000-65535 and 27017 from anywhere: the narrow range is no ephemeral range',
    reason: 'fewer than 16,384 ports: judged as any range (it does not reach a sensitive port, so it passes); 27017 alone is refused',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 60000, toPort: 65535 }), m: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 27017, toPort: 27017 }) },
    want: [deny('m', 'spec.forProvider.cidrBlock', `rule \`m\` allows tcp port 27017 from 0.0.0.0/0 (the whole IPv4 internet), reaching 27017 (MongoDB); ${ADVICE}`)],
  },
  {
    name: 'protocol all from anywhere is never an ephemeral range',
    reason: 'all traffic reaches every port, whatever fromPort says',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', protocol: 'all', fromPort: 1024, toPort: 65535 }) },
    want: [deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` allows all traffic (protocol all) from 0.0.0.0/0 (the whole IPv4 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: 'ICMP from anywhere: passes',
    reason: 'a port-less protocol reaches no admin port',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', protocol: 'icmp', fromPort: 0, toPort: 0 }) },
    want: [],
  },
  {
    name: 'SSH from a private range: passes',
    reason: '10.0.0.0/8 is not public',
    desired: { r: aclRule({ cidrBlock: '10.0.0.0/8', fromPort: 22, toPort: 22 }) },
    want: [],
  },
  {
    name: 'no protocol set, from anywhere: judged as all traffic',
    reason: 'a value AWS rejects never passes for less',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', protocol: undefined }) },
    want: [deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` allows all traffic (protocol not set) from 0.0.0.0/0 (the whole IPv4 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: 'a reversed port range from anywhere: judged as every port',
    reason: 'a range that cannot be read is read the widest way',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 2000, toPort: 10 }) },
    want: [deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` allows tcp ports 0-65535 from 0.0.0.0/0 (the whole IPv4 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: 'an agent writes a CIDR that is not one: refused as malformed',
    reason: 'what cannot be judged is refused',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/33', fromPort: 22, toPort: 22 }) },
    want: [deny('r', 'spec.forProvider.cidrBlock', 'spec.forProvider.cidrBlock is "0.0.0.0/33", not a CIDR: the prefix length 33 is more than 32; write a CIDR such as 198.51.100.0/24')],
  },
  {
    name: 'a port given as a string: refused as malformed, and the range read as every port',
    reason: 'a port of the wrong type cannot be judged',
    desired: { r: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: '22', toPort: 22 }) },
    want: [
      deny('r', 'spec.forProvider.fromPort', 'spec.forProvider.fromPort must be a port number, got the string "22"'),
      deny('r', 'spec.forProvider.cidrBlock', `rule \`r\` allows tcp ports 0-22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 20 (FTP data), 21 (FTP), 22 (SSH); ${ADVICE}`),
    ],
  },
  {
    name: 'an agent adds SSH from anywhere to the default network ACL: refused',
    reason: 'a DefaultNetworkACL takes inline ingress blocks in its spec',
    desired: { def: defaultAcl([block({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 })]) },
    want: [deny('def', 'spec.forProvider.ingress[0].cidrBlock', `ingress[0] of network ACL \`def\` allows tcp port 22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: 'namespaced DefaultNetworkACL with protocol -1 from ::/0 in initProvider: refused',
    reason: 'initProvider blocks are applied at creation',
    desired: { def: { ...defaultAcl(undefined, 'namespaced'), spec: { forProvider: { defaultNetworkAclId: 'acl-0def' }, initProvider: { ingress: [block({ protocol: '-1', ipv6CidrBlock: '::/0', fromPort: 0, toPort: 0 })] } } } },
    want: [deny('def', 'spec.initProvider.ingress[0].ipv6CidrBlock', `initProvider.ingress[0] of network ACL \`def\` allows all traffic (protocol -1) from ::/0 (the whole IPv4 and IPv6 internet), reaching ${ALL}; ${ADVICE}`)],
  },
  {
    name: 'ingress that is not a list: refused',
    reason: 'a malformed block list cannot be judged',
    desired: { def: defaultAcl({ cidrBlock: '0.0.0.0/0' }) },
    want: [deny('def', 'spec.forProvider.ingress', 'spec.forProvider.ingress must be a list of ingress blocks, got an object')],
  },
  {
    name: 'an agent wraps the ACL rule in a provider-kubernetes Object: refused inside the manifest',
    reason: 'what an Object carries is judged as composed',
    desired: { ssh: carried(aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 })) },
    want: [deny('ssh', 'spec.forProvider.manifest.spec.forProvider.cidrBlock', `rule \`ssh\` allows tcp port 22 from 0.0.0.0/0 (the whole IPv4 internet), reaching 22 (SSH); ${ADVICE}`)],
  },
  {
    name: 'an observe-only rule: not judged',
    reason: "someone else's resource",
    desired: { ssh: { ...aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }), spec: { managementPolicies: ['Observe'], forProvider: { cidrBlock: '0.0.0.0/0', protocol: 'tcp', fromPort: 22, toPort: 22, ruleAction: 'allow' } } } },
    want: [],
  },
];

describe('aws-ec2-nacl-open-admin-ports', () => {
  it.each(cases)('$name', (c) => {
    const decision = run(c.desired, c.input !== undefined ? { input: c.input } : {});
    expect(decision.errors).toEqual([]);
    expect(decision.mutations).toEqual([]);
    expect(decision.findings).toEqual(c.want);
  });

  it('a rule disabled in the Input judges nothing', () => {
    const decision = run({ ssh: aclRule({ cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }) }, { input: input({ rules: { [RULE]: { action: 'Disabled' } } }) });
    expect(decision.findings).toEqual([]);
  });
});
