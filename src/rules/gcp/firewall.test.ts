import { describe, expect, it } from 'vitest';
import { engineRequest, input } from '../../../test/builders.js';
import { actions, finding, runFindingsCase, type FindingsCase } from '../../../test/builders/aws-data.js';
import { gcpResource, shapes, served, type Served } from '../../../test/builders/gcp-data.js';
import { evaluate } from '../../engine/engine.js';
import type { KubeObject } from '../../engine/types.js';
import { firewallInternetIngress, firewallOpenAdminPorts, FIREWALL_RULES } from './firewall.js';

/** Every served shape of compute Firewall: cluster-scoped v1beta1 (provider v2.x), v1beta2; namespaced v1beta1. `allow` is a list in each. */
const SHAPES = shapes(['v1beta1', 'v1beta2'], ['v1beta1']);

const firewall = (s: Served, forProvider: Record<string, unknown>): KubeObject => gcpResource('compute', 'Firewall', s, { network: 'vpc', ...forProvider });
const ssh = { allow: [{ protocol: 'tcp', ports: ['22'] }] };

const ADMIN = "allow only specific ranges (a VPN, a bastion, Identity-Aware Proxy's 35.235.240.0/20) or use IAP TCP forwarding";
const APPROVE = 'approve only if it must face the internet (a public load balancer or API), otherwise allow only specific ranges';
const refused = (path: string, text: string) => finding(firewallOpenAdminPorts, 'Deny', path, `${text}; ${ADMIN}`);
const held = (path: string, text: string) => finding(firewallInternetIngress, 'RequireApproval', path, `${text}; ${APPROVE}`);
const SOURCES = 'spec.forProvider.sourceRanges';

const cases: FindingsCase[] = [
  ...SHAPES.flatMap((s): FindingsCase[] => [
    {
      name: `${s.label}: SSH from 0.0.0.0/0`,
      reason: 'CKV_GCP_2: refused',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], ...ssh }),
      want: [refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: `${s.label}: RDP from ::/0`,
      reason: 'CKV_GCP_3; ::/0 holds the IPv4-mapped block, so it is the whole IPv4 internet too',
      resource: firewall(s, { sourceRanges: ['::/0'], allow: [{ protocol: 'tcp', ports: ['3389'] }] }),
      want: [refused(SOURCES, 'ingress from ::/0 (the whole IPv4 internet; the whole IPv6 internet) allows tcp port 3389, reaching 3389 (RDP)')],
    },
    {
      name: `${s.label}: the internet split in two halves`,
      reason: 'the ranges of a rule are unioned',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/1', '128.0.0.0/1'], ...ssh }),
      want: [refused(SOURCES, 'ingress from 0.0.0.0/1, 128.0.0.0/1 (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: `${s.label}: a port range spanning FTP and SSH`,
      reason: 'CKV_GCP_75/77: ranges in allow[].ports are read',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'udp', ports: ['53'] }, { protocol: 'tcp', ports: ['80', '20-25'] }] }),
      want: [refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows udp port 53, tcp port 80, ports 20-25, reaching 20 (FTP data), 21 (FTP), 22 (SSH)')],
    },
    {
      name: `${s.label}: tcp by number, every port`,
      reason: 'protocol "6" is tcp, and no ports is every port',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: '6' }] }),
      want: [refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp every port, reaching 20 (FTP data), 21 (FTP), 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)')],
    },
    {
      name: `${s.label}: no source at all`,
      reason: 'GCP admits 0.0.0.0/0 to an ingress rule that names no source',
      resource: firewall(s, { allow: [{ protocol: 'tcp', ports: ['3306'] }] }),
      want: [refused(SOURCES, 'ingress from no source at all (GCP then admits 0.0.0.0/0) (the whole IPv4 internet) allows tcp port 3306, reaching 3306 (MySQL)')],
    },
    { name: `${s.label}: source tags only`, reason: 'traffic from tagged VMs only: not the internet', resource: firewall(s, { sourceTags: ['bastion'], ...ssh }), want: [] },
    { name: `${s.label}: SSH from a private range`, reason: 'compliant', resource: firewall(s, { sourceRanges: ['10.0.0.0/8'], ...ssh }), want: [] },
    { name: `${s.label}: egress`, reason: 'an EGRESS rule admits nothing in', resource: firewall(s, { direction: 'EGRESS', destinationRanges: ['0.0.0.0/0'], ...ssh }), want: [] },
    { name: `${s.label}: a deny rule`, reason: 'a deny rule admits nothing', resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], deny: [{ protocol: 'tcp', ports: ['22'] }] }), want: [] },
    {
      name: `${s.label}: disabled, still judged`,
      reason: 'turning it on is one field away',
      resource: firewall(s, { disabled: true, sourceRanges: ['0.0.0.0/0'], ...ssh }),
      want: [refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)')],
    },
    {
      name: `${s.label}: HTTPS from the internet is held`,
      reason: 'may be a public load balancer: a person decides',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['443'] }] }),
      want: [held(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 443')],
    },
    {
      name: `${s.label}: ICMP from a public /7 is held`,
      reason: 'a public range wider than the Input\'s internet prefix (/8) is the internet',
      resource: firewall(s, { sourceRanges: ['52.0.0.0/7'], allow: [{ protocol: 'icmp' }] }),
      want: [held(SOURCES, 'ingress from 52.0.0.0/7 (52.0.0.0/7, public and wider than /8) allows protocol icmp')],
    },
    {
      name: `${s.label}: a port that is not a port`,
      reason: 'cannot be judged: refused, and judged as every port meanwhile',
      resource: firewall(s, { sourceRanges: ['10.0.0.0/8'], allow: [{ protocol: 'tcp', ports: ['22a'] }] }),
      want: [finding(firewallOpenAdminPorts, 'Deny', 'spec.forProvider.allow[0].ports[0]', 'spec.forProvider.allow[0].ports[0] is "22a", not a port or a range of ports such as "22" or "8000-8080"; it cannot be judged')],
    },
    {
      name: `${s.label}: ports as a number`,
      reason: 'the CRD takes strings: a number is refused, and judged as every port',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: [22] }] }),
      want: [
        finding(firewallOpenAdminPorts, 'Deny', 'spec.forProvider.allow[0].ports[0]', 'spec.forProvider.allow[0].ports[0] must be a string such as "22" or "8000-8080", got number 22'),
        refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp every port, reaching 20 (FTP data), 21 (FTP), 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)'),
      ],
    },
    {
      name: `${s.label}: source ranges as a string`,
      reason: 'a string where a list belongs: refused',
      resource: firewall(s, { sourceRanges: '0.0.0.0/0', sourceTags: ['web'], ...ssh }),
      want: [finding(firewallOpenAdminPorts, 'Deny', SOURCES, 'spec.forProvider.sourceRanges must be a list of strings, got the string "0.0.0.0/0"')],
    },
    {
      name: `${s.label}: a direction GCP does not have`,
      reason: 'judged as ingress, and refused as malformed',
      resource: firewall(s, { direction: 'ingress', sourceRanges: ['0.0.0.0/0'], ...ssh }),
      want: [
        finding(firewallOpenAdminPorts, 'Deny', 'spec.forProvider.direction', 'spec.forProvider.direction must be "INGRESS" or "EGRESS", got the string "ingress"'),
        refused(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH)'),
      ],
    },
    {
      name: `${s.label}: a CIDR that is not one`,
      reason: 'cannot be judged: refused',
      resource: firewall(s, { sourceRanges: ['0.0.0.0/0 '], ...ssh }),
      want: [finding(firewallOpenAdminPorts, 'Deny', `${SOURCES}[0]`, `${SOURCES}[0] is "0.0.0.0/0 ", not a CIDR: it contains white space; write a CIDR such as 198.51.100.0/24`)],
    },
  ]),
  {
    name: 'admin ports rule disabled: the internet ingress rule holds what it would refuse',
    reason: 'a disabled refusal still leaves the exposure to a person',
    resource: firewall(served('cluster', 'v1beta2'), { sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['x'] }] }),
    input: actions({ [firewallOpenAdminPorts.id]: 'Disabled' }),
    want: [
      finding(firewallInternetIngress, 'RequireApproval', 'spec.forProvider.allow[0].ports[0]', 'spec.forProvider.allow[0].ports[0] is "x", not a port or a range of ports such as "22" or "8000-8080"; it cannot be judged'),
      held(SOURCES, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp every port, reaching 20 (FTP data), 21 (FTP), 22 (SSH), 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9042 (Cassandra), 9200 (Elasticsearch), 11211 (Memcached), 27017 (MongoDB)'),
    ],
  },
];

/** Firewall policy rules: hierarchical (FirewallPolicyRule) and network (NetworkFirewallPolicyRule), `match` a single nested block. */
const policyRule = (kind: string, s: Served, match: Record<string, unknown>, rest: Record<string, unknown> = {}): KubeObject =>
  gcpResource('compute', kind, s, { firewallPolicy: 'policies/1', direction: 'INGRESS', action: 'allow', priority: 1000, match: s.blocks === 'array' ? [match] : match, ...rest });

const policyCases: FindingsCase[] = [
  ...[
    { kind: 'FirewallPolicyRule', s: served('cluster', 'v1beta2') },
    { kind: 'FirewallPolicyRule', s: served('namespaced', 'v1beta1') },
    { kind: 'NetworkFirewallPolicyRule', s: served('cluster', 'v1beta1') },
  ].flatMap(({ kind, s }): FindingsCase[] => {
    const src = s.blocks === 'array' ? 'spec.forProvider.match[0].srcIpRanges' : 'spec.forProvider.match.srcIpRanges';
    return [
      {
        name: `${kind} ${s.label}: RDP allowed from the internet`,
        reason: 'a policy rule admits ingress like a VPC firewall rule',
        resource: policyRule(kind, s, { srcIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'tcp', ports: ['3389'] }] }),
        want: [refused(src, 'ingress from 0.0.0.0/0 (the whole IPv4 internet) allows tcp port 3389, reaching 3389 (RDP)')],
      },
      { name: `${kind} ${s.label}: a deny rule`, reason: 'deny admits nothing', resource: policyRule(kind, s, { srcIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'all' }] }, { action: 'deny' }), want: [] },
      {
        name: `${kind} ${s.label}: inspect then allow, from every source`,
        reason: 'apply_security_profile_group allows what passes inspection; no source matches every source',
        resource: policyRule(kind, s, { srcSecureTags: [], layer4Configs: [{ ipProtocol: 'tcp', ports: ['5432'] }] }, { action: 'apply_security_profile_group' }),
        want: [refused(s.blocks === 'array' ? 'spec.forProvider.match' : 'spec.forProvider.match', 'ingress from no source at all (the rule then matches every source) (the whole IPv4 internet; the whole IPv6 internet) allows tcp port 5432, reaching 5432 (PostgreSQL)')],
      },
    ];
  }),
];

describe('GCP firewalls', () => {
  it.each(cases)('$name', (c) => runFindingsCase(c, FIREWALL_RULES));
  it.each(policyCases)('$name', (c) => runFindingsCase(c, FIREWALL_RULES));

  const v1beta2 = served('cluster', 'v1beta2');
  const together = [
    {
      name: 'two firewalls on one network, one half of the internet each, to SSH',
      reason: 'rules on the same network are unioned: together they are the whole internet, and each names the other',
      desired: { a: firewall(v1beta2, { sourceRanges: ['0.0.0.0/1'], ...ssh }), b: firewall(v1beta2, { sourceRanges: ['128.0.0.0/1'], ...ssh }) },
      want: [
        ['a', 'gcp-firewall-open-admin-ports', `ingress from 0.0.0.0/1 here and 128.0.0.0/1 in firewall \`b\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADMIN}`],
        ['b', 'gcp-firewall-open-admin-ports', `ingress from 128.0.0.0/1 here and 0.0.0.0/1 in firewall \`a\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADMIN}`],
      ],
    },
    {
      name: 'the same halves on two networks',
      reason: 'different networks admit different traffic: each half alone is held (its widest public run is wider than /8), not refused',
      desired: { a: firewall(v1beta2, { network: 'vpc-a', sourceRanges: ['0.0.0.0/1'], ...ssh }), b: firewall(v1beta2, { network: 'projects/acme/global/networks/vpc-b', sourceRanges: ['128.0.0.0/1'], ...ssh }) },
      want: [
        ['a', 'gcp-firewall-internet-ingress', `ingress from 0.0.0.0/1 (11.0.0.0-100.63.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH); ${APPROVE}`],
        ['b', 'gcp-firewall-internet-ingress', `ingress from 128.0.0.0/1 (128.0.0.0-169.253.255.255, public and wider than /8) allows tcp port 22, reaching 22 (SSH); ${APPROVE}`],
      ],
    },
    {
      name: 'a network named by URL and by name is one network',
      reason: 'a literal network is judged by its last path segment',
      desired: { a: firewall(v1beta2, { network: 'https://www.googleapis.com/compute/v1/projects/acme/global/networks/vpc', sourceRanges: ['52.0.0.0/8'], allow: [{ protocol: 'tcp', ports: ['443'] }] }), b: firewall(v1beta2, { sourceRanges: ['53.0.0.0/8'], allow: [{ protocol: 'tcp', ports: ['8443'] }] }) },
      want: [
        ['a', 'gcp-firewall-internet-ingress', `ingress from 52.0.0.0/8 here and 53.0.0.0/8 in firewall \`b\` (together 52.0.0.0/7, public and wider than /8) allows tcp port 443; ${APPROVE}`],
        ['b', 'gcp-firewall-internet-ingress', `ingress from 53.0.0.0/8 here and 52.0.0.0/8 in firewall \`a\` (together 52.0.0.0/7, public and wider than /8) allows tcp port 8443; ${APPROVE}`],
      ],
    },
    // Regressions: a network named literally by one firewall and by reference by another is one network.
    ...[served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')].flatMap((s) => {
      const network = (metadata: Record<string, unknown>) => ({ ...gcpResource('compute', 'Network', s.group === 'namespaced' ? served('namespaced', 'v1beta1') : served('cluster', 'v1beta1')), metadata });
      const openTogether: [string, string, string][] = [
        ['a', 'gcp-firewall-open-admin-ports', `ingress from 0.0.0.0/1 here and 128.0.0.0/1 in firewall \`b\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADMIN}`],
        ['b', 'gcp-firewall-open-admin-ports', `ingress from 128.0.0.0/1 here and 0.0.0.0/1 in firewall \`a\` (together the whole IPv4 internet) allows tcp port 22, reaching 22 (SSH); ${ADMIN}`],
      ];
      return [
        {
          name: `an agent splits 0.0.0.0/0 across a firewall naming the network literally and one naming it by networkRef (${s.label}): both refused`,
          reason: 'the reference resolves to the composed network whose name the literal is: one network, so the halves are the whole internet to SSH',
          desired: {
            a: firewall(s, { network: 'vpc', sourceRanges: ['0.0.0.0/1'], ...ssh }),
            b: firewall(s, { network: undefined, networkRef: { name: 'vpc' }, sourceRanges: ['128.0.0.0/1'], ...ssh }),
            vpc: network({ name: 'vpc' }),
          },
          want: openTogether,
        },
        {
          name: `an agent splits 0.0.0.0/0 across a firewall naming the network by its self-link and one selecting it by label (${s.label}): both refused`,
          reason: 'the network is known by its external name to the literal and by its labels to the selector',
          desired: {
            a: firewall(s, { network: 'projects/acme/global/networks/prod-vpc', sourceRanges: ['0.0.0.0/1'], ...ssh }),
            b: firewall(s, { network: undefined, networkSelector: { matchLabels: { net: 'prod' } }, sourceRanges: ['128.0.0.0/1'], ...ssh }),
            vpc: network({ name: 'net-object', labels: { net: 'prod' }, annotations: { 'crossplane.io/external-name': 'prod-vpc' } }),
          },
          want: openTogether,
        },
      ];
    }),
  ];
  it.each(together)('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired, { input: input() }), [...FIREWALL_RULES]);
    expect(d.findings.map((f) => [f.resource, f.rule, f.message])).toEqual(want);
  });
});
