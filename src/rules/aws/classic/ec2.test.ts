import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../engine/engine.js';
import { actions, finding, runCase, SAME, withPolicies, type Case } from '../../../../test/builders/aws-data.js';
import { carried, engineRequest, managed } from '../../../../test/builders.js';
import type { KubeObject } from '../../../engine/types.js';
import { CLASSIC_SG_RULES, classicSgInternetIngress, classicSgOpenAdminPorts } from './ec2.js';

const group = (...ingress: unknown[]): KubeObject => managed('ec2.aws.crossplane.io/v1beta1', 'SecurityGroup', { groupName: 'web', description: 'web', vpcId: 'vpc-1', ingress });
const tcp = (from: number, to: number, ...cidrs: string[]) => ({ ipProtocol: 'tcp', fromPort: from, toPort: to, ipRanges: cidrs.map((cidrIp) => ({ cidrIp })) });
const rule = (forProvider: Record<string, unknown>): KubeObject =>
  managed('ec2.aws.crossplane.io/v1alpha1', 'SecurityGroupRule', { type: 'ingress', protocol: 'tcp', securityGroupIdRef: { name: 'web' }, ...forProvider });

const ADMIN = "allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager";
const APPROVE = 'approve only if it must face the internet (a public load balancer or API), otherwise allow only specific CIDRs or a security group';
const IP = (i: number, j = 0) => `spec.forProvider.ingress[${i}].ipRanges[${j}].cidrIp`;

const cases: Case[] = [
  {
    name: 'an agent opens SSH to 0.0.0.0/0 in a community SecurityGroup: refused',
    reason: 'the same exposure as on the Upbound kinds',
    resource: group(tcp(22, 22, '0.0.0.0/0')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', IP(0), `ingress from 0.0.0.0/0 admits the whole internet to tcp port 22, reaching 22 (SSH); ${ADMIN}`)] },
  },
  {
    name: 'an agent splits the internet into two /1 blocks of one ingress: refused',
    reason: 'the union of the ranges is judged, not each range',
    resource: group(tcp(3306, 3306, '0.0.0.0/1', '128.0.0.0/1')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', IP(0), `ingress from 0.0.0.0/1, 128.0.0.0/1 admits the whole internet to tcp port 3306, reaching 3306 (MySQL); ${ADMIN}`)] },
  },
  {
    name: 'an agent splits the internet over two ingress blocks: both refused, each naming the other',
    reason: 'AWS applies every block of the group: the union over blocks reaching the port is judged',
    resource: group(tcp(22, 22, '0.0.0.0/1'), tcp(0, 1024, '128.0.0.0/1')),
    rules: CLASSIC_SG_RULES,
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(classicSgOpenAdminPorts, 'Deny', IP(0), `ingress from 0.0.0.0/1 together with spec.forProvider.ingress[1] admits the whole internet to tcp port 22, reaching 22 (SSH); ${ADMIN}`),
        finding(classicSgOpenAdminPorts, 'Deny', IP(1), `ingress from 128.0.0.0/1 together with spec.forProvider.ingress[0] admits the whole internet to tcp ports 0-1024, reaching 22 (SSH); ${ADMIN}`),
      ],
    },
  },
  {
    name: 'an agent opens all traffic (protocol -1) from ::/0: refused',
    reason: 'all traffic reaches every sensitive port; ::/0 is the whole IPv6 internet',
    resource: group({ ipProtocol: '-1', ipv6Ranges: [{ cidrIPv6: '::/0' }] }),
    rules: [classicSgOpenAdminPorts],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(
          classicSgOpenAdminPorts,
          'Deny',
          'spec.forProvider.ingress[0].ipv6Ranges[0].cidrIPv6',
          `ingress from ::/0 admits the whole internet to all traffic (protocol -1), reaching 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB); ${ADMIN}`,
        ),
      ],
    },
  },
  {
    name: 'an agent writes the IPv4 internet as IPv4-mapped IPv6: refused',
    reason: '::ffff:0.0.0.0/96 is every IPv4 address',
    resource: group({ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv6Ranges: [{ cidrIPv6: '::ffff:0.0.0.0/96' }] }),
    rules: [classicSgOpenAdminPorts],
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', 'spec.forProvider.ingress[0].ipv6Ranges[0].cidrIPv6', `ingress from ::ffff:0.0.0.0/96 admits the whole internet to tcp port 3389, reaching 3389 (RDP); ${ADMIN}`)] },
  },
  {
    name: 'HTTPS from the internet: held for approval',
    reason: 'legitimate for a public load balancer, but a person confirms it',
    resource: group(tcp(443, 443, '0.0.0.0/0')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgInternetIngress, 'RequireApproval', IP(0), `ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 443; ${APPROVE}`)] },
  },
  {
    name: 'an agent opens SSH to half the internet: held, not refused',
    reason: 'a public range wider than /8 is the internet to the Input; only the whole space is refused outright',
    resource: group(tcp(22, 22, '0.0.0.0/1')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgInternetIngress, 'RequireApproval', IP(0), `ingress from 0.0.0.0/1 (including 11.0.0.0-100.63.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH); ${APPROVE}`)] },
  },
  {
    name: 'SSH from a private range passes',
    reason: 'not the internet',
    resource: group(tcp(22, 22, '10.0.0.0/8')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'ingress from another security group passes',
    reason: 'userIdGroupPairs admit a group, not addresses',
    resource: group({ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, userIdGroupPairs: [{ groupId: 'sg-app' }] }),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent opens a port through a prefix list: held',
    reason: 'its CIDRs cannot be known here',
    resource: group({ ipProtocol: 'tcp', fromPort: 22, toPort: 22, prefixListIds: [{ prefixListId: 'pl-123' }] }),
    rules: CLASSIC_SG_RULES,
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(classicSgInternetIngress, 'RequireApproval', 'spec.forProvider.ingress[0].prefixListIds[0].prefixListId', 'ingress through a prefix list allows tcp port 22, reaching 22 (SSH), but its CIDRs cannot be known here; approve only if that list holds only networks that may reach these ports')],
    },
  },
  {
    name: 'an agent writes a CIDR that is not one: refused',
    reason: 'what cannot be judged is refused',
    resource: group(tcp(22, 22, '0.0.0.0/33')),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', IP(0), `${IP(0)} is "0.0.0.0/33", not a CIDR (the prefix length 33 is more than 32); write one like 10.0.0.0/16`)] },
  },
  {
    name: 'an agent writes ingress as an object: refused',
    reason: 'a list hidden in another shape must not pass as absent',
    resource: managed('ec2.aws.crossplane.io/v1beta1', 'SecurityGroup', { groupName: 'web', description: 'web', ingress: tcp(22, 22, '0.0.0.0/0') }),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', 'spec.forProvider.ingress', 'spec.forProvider.ingress must be a list, got an object')] },
  },
  {
    name: 'with the refusal disabled, SSH to the internet is held instead',
    reason: 'what the first rule would refuse is never passed by the second',
    resource: group(tcp(22, 22, '0.0.0.0/0')),
    rules: CLASSIC_SG_RULES,
    input: actions({ [classicSgOpenAdminPorts.id]: 'Disabled' }),
    want: { desired: SAME, mutations: [], findings: [finding(classicSgInternetIngress, 'RequireApproval', IP(0), `ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${APPROVE}`)] },
  },
  {
    name: 'an agent opens RDP with a community SecurityGroupRule: refused',
    reason: 'the standalone rule kind is judged like inline ingress',
    resource: rule({ fromPort: 3389, toPort: 3389, cidrBlock: '0.0.0.0/0' }),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', 'spec.forProvider.cidrBlock', `ingress from 0.0.0.0/0 admits the whole internet to tcp port 3389, reaching 3389 (RDP); ${ADMIN}`)] },
  },
  {
    name: 'an egress SecurityGroupRule to the internet passes',
    reason: 'egress opens nothing to the internet',
    resource: rule({ type: 'egress', fromPort: 0, toPort: 65535, cidrBlock: '0.0.0.0/0' }),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an observe-only open community SecurityGroup passes',
    reason: 'Crossplane writes nothing to it',
    resource: withPolicies(group(tcp(22, 22, '0.0.0.0/0')), ['Observe']),
    rules: CLASSIC_SG_RULES,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an agent carries an open community SecurityGroup in a provider-kubernetes Object: refused inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(group(tcp(22, 22, '0.0.0.0/0'))),
    rules: [classicSgOpenAdminPorts],
    want: { desired: SAME, mutations: [], findings: [finding(classicSgOpenAdminPorts, 'Deny', `spec.forProvider.manifest.${IP(0)}`, `ingress from 0.0.0.0/0 admits the whole internet to tcp port 22, reaching 22 (SSH); ${ADMIN}`)] },
  },
];

describe('security groups of the community AWS provider', () => {
  it.each(cases)('$name', (c) => runCase(c));

  it('an agent splits the internet over two community SecurityGroupRules on one group: both refused, each naming the other', () => {
    const d = evaluate(
      engineRequest({ a: rule({ fromPort: 22, toPort: 22, cidrBlock: '0.0.0.0/1' }), b: rule({ fromPort: 22, toPort: 22, cidrBlock: '128.0.0.0/1' }), c: rule({ fromPort: 22, toPort: 22, cidrBlock: '128.0.0.0/1', securityGroupIdRef: { name: 'other' } }) }),
      CLASSIC_SG_RULES,
    );
    expect(d.findings).toEqual([
      { resource: 'a', rule: classicSgOpenAdminPorts.id, action: 'Deny', path: 'spec.forProvider.cidrBlock', message: `ingress from 0.0.0.0/1 together with rule \`b\` admits the whole internet to tcp port 22, reaching 22 (SSH); ${ADMIN}` },
      { resource: 'b', rule: classicSgOpenAdminPorts.id, action: 'Deny', path: 'spec.forProvider.cidrBlock', message: `ingress from 128.0.0.0/1 together with rule \`a\` admits the whole internet to tcp port 22, reaching 22 (SSH); ${ADMIN}` },
      { resource: 'c', rule: classicSgInternetIngress.id, action: 'RequireApproval', path: 'spec.forProvider.cidrBlock', message: `ingress from 128.0.0.0/1 (including 128.0.0.0-169.253.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH); ${APPROVE}` },
    ]);
  });
});
