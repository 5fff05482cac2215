import { describe, it } from 'vitest';
import { actions, awsResource, finding, inManifest, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import type { KubeObject } from '../../engine/types.js';
import { searchDefaultSecurityGroup, searchLogging, searchPublicEndpoint } from './search-domains.js';

// opensearch and elasticsearch Domain: cluster-scoped v1beta1 (list blocks) and v1beta2, namespaced v1beta1 (provider-upjet-aws 75a4c57162d0).
const SHAPES: Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const SERVICES = [
  { service: 'opensearch', base: { engineVersion: 'OpenSearch_2.13' }, groupRefs: 'securityGroupIdRefs' },
  { service: 'elasticsearch', base: { elasticsearchVersion: '7.10' }, groupRefs: 'securityGroupIdsRefs' },
];

const PUBLIC = 'the domain names no VPC subnets (vpcOptions.subnetIds), so it gets a public endpoint guarded only by its access policy; place it in a VPC, or have a human approve the public endpoint';
const DEFAULT_SG = 'the domain is in a VPC but names no security group (vpcOptions.securityGroupIds), so AWS attaches the VPC\'s default security group; name a security group that admits only the domain\'s clients';
const NO_LOGS = 'the domain publishes no logs; add logPublishingOptions with logType AUDIT_LOGS (and ES_APPLICATION_LOGS) to a CloudWatch Logs group, so access and errors leave a trace';
const noAudit = (types: string) => `the domain publishes ${types} but no AUDIT_LOGS; add a logPublishingOptions entry with logType AUDIT_LOGS so who read or changed what is recorded`;

const VPC = 'spec.forProvider.vpcOptions';
const LOGS = 'spec.forProvider.logPublishingOptions';
const GROUP = 'arn:aws:logs:eu-west-1:111122223333:log-group:search';

const cases: Case[] = SERVICES.flatMap(({ service, base, groupRefs }) =>
  SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${service} Domain on ${s.label}: ${what}`;
    const domain = (forProvider: Record<string, unknown> = {}): KubeObject => awsResource(service, 'Domain', s, { ...base, ...forProvider });
    const vpc = (fields: Record<string, unknown>) => ({ vpcOptions: s.blocks === 'array' ? [fields] : fields });
    const logs = (...entries: Record<string, unknown>[]) => ({ logPublishingOptions: entries.map((e) => ({ cloudwatchLogGroupArn: GROUP, ...e })) });
    return [
      { name: at('no vpcOptions: held'), reason: 'CKV_AWS_137: a domain outside a VPC has a public endpoint', resource: domain(), rules: [searchPublicEndpoint], want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'RequireApproval', VPC, PUBLIC)] } },
      {
        name: at('vpcOptions without subnets: held'),
        reason: 'security groups alone do not place the domain in a VPC',
        resource: domain(vpc({ securityGroupIds: ['sg-1'], subnetIds: [] })),
        rules: [searchPublicEndpoint],
        want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'RequireApproval', VPC, PUBLIC)] },
      },
      { name: at('in a VPC with a security group: passes'), reason: 'subnets and a security group', resource: domain(vpc({ subnetIds: ['subnet-a'], securityGroupIds: ['sg-1'] })), rules: [searchPublicEndpoint, searchDefaultSecurityGroup], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('subnets in initProvider only: in a VPC'),
        reason: 'initProvider places the domain at creation',
        resource: withInit(domain(), vpc({ subnetIds: ['subnet-a'], [groupRefs]: [{ name: 'search' }] })),
        rules: [searchPublicEndpoint, searchDefaultSecurityGroup],
        want: { desired: SAME, mutations: [], findings: [] },
      },
      {
        name: at('in a VPC, no security group: reported'),
        reason: 'CKV_AWS_248: AWS attaches the default security group',
        resource: domain(vpc({ subnetIds: ['subnet-a'] })),
        rules: [searchPublicEndpoint, searchDefaultSecurityGroup],
        want: { desired: SAME, mutations: [], findings: [finding(searchDefaultSecurityGroup, 'Warn', VPC, DEFAULT_SG)] },
      },
      {
        name: at(`security groups by reference (${groupRefs}): passes`),
        reason: 'a reference names the group as well as an ID',
        resource: domain(vpc({ subnetIds: ['subnet-a'], [groupRefs]: [{ name: 'search' }] })),
        rules: [searchDefaultSecurityGroup],
        want: { desired: SAME, mutations: [], findings: [] },
      },
      { name: at('no logs: reported'), reason: 'CKV_AWS_84', resource: domain(), rules: [searchLogging], want: { desired: SAME, mutations: [], findings: [finding(searchLogging, 'Warn', LOGS, NO_LOGS)] } },
      {
        name: at('application and slow logs, no audit logs: reported'),
        reason: 'CKV_AWS_317: audit logs record who read or changed what',
        resource: domain(logs({ logType: 'ES_APPLICATION_LOGS' }, { logType: 'INDEX_SLOW_LOGS', enabled: true })),
        rules: [searchLogging],
        want: { desired: SAME, mutations: [], findings: [finding(searchLogging, 'Warn', LOGS, noAudit('ES_APPLICATION_LOGS, INDEX_SLOW_LOGS'))] },
      },
      { name: at('audit logs published: passes'), reason: 'enabled defaults to true', resource: domain(logs({ logType: 'AUDIT_LOGS' })), rules: [searchLogging], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('audit logs in initProvider: passes'), reason: 'both blocks make the domain at creation', resource: withInit(domain(), logs({ logType: 'AUDIT_LOGS' })), rules: [searchLogging], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('audit logs turned off: reported'),
        reason: 'an entry with enabled: false publishes nothing',
        resource: domain(logs({ logType: 'AUDIT_LOGS', enabled: false })),
        rules: [searchLogging],
        want: { desired: SAME, mutations: [], findings: [finding(searchLogging, 'Warn', `${LOGS}[0].enabled`, `${LOGS}[0].enabled is false: the domain stops publishing AUDIT_LOGS; set it to true (or remove it)`), finding(searchLogging, 'Warn', LOGS, NO_LOGS)] },
      },
      {
        name: at('a log entry that is a string: reported as malformed'),
        reason: 'what cannot be read is not judged as present or absent',
        resource: domain({ logPublishingOptions: ['AUDIT_LOGS'] }),
        rules: [searchLogging],
        want: { desired: SAME, mutations: [], findings: [finding(searchLogging, 'Warn', `${LOGS}[0]`, `${LOGS}[0] must be an object with a logType, got the string "AUDIT_LOGS"`)] },
      },
      {
        name: at('enabled as a string: reported as malformed'),
        reason: 'a string "false" must not pass as on',
        resource: domain(logs({ logType: 'AUDIT_LOGS', enabled: 'false' })),
        rules: [searchLogging],
        want: { desired: SAME, mutations: [], findings: [finding(searchLogging, 'Warn', `${LOGS}[0].enabled`, `${LOGS}[0].enabled must be a boolean, got the string "false"`)] },
      },
      { name: at('observe-only, public'), reason: 'someone else\'s domain', resource: withPolicies(domain(), ['Observe']), rules: [searchPublicEndpoint], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('carried by an Object, public: held'),
        reason: 'what an Object carries is created as is',
        resource: carried(domain()),
        rules: [searchPublicEndpoint],
        want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'RequireApproval', inManifest(VPC), PUBLIC)] },
      },
      {
        name: at('public endpoint under Deny: refused'),
        reason: 'a platform that allows no public domain sets Deny',
        resource: domain(),
        rules: [searchPublicEndpoint],
        input: actions({ 'aws-search-public-endpoint': 'Deny' }),
        want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'Deny', VPC, PUBLIC)] },
      },
    ];
  }),
);

const probes: Case[] = [
  {
    name: 'an agent creates an OpenSearch domain with no VPC options: held for a person',
    reason: 'the issue\'s probe: "not in a public endpoint"; without vpcOptions the endpoint is on the internet',
    resource: awsResource('opensearch', 'Domain', served('cluster', 'v1beta2'), { engineVersion: 'OpenSearch_2.13', accessPolicies: '{"Statement":[]}' }),
    rules: [searchPublicEndpoint],
    want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'RequireApproval', VPC, PUBLIC)] },
  },
  {
    name: 'an agent hides the subnets in a vpcOptions string: held',
    reason: 'a block that cannot be read does not place the domain in a VPC',
    resource: awsResource('elasticsearch', 'Domain', served('namespaced', 'v1beta1'), { vpcOptions: 'subnet-a' }),
    rules: [searchPublicEndpoint],
    want: { desired: SAME, mutations: [], findings: [finding(searchPublicEndpoint, 'RequireApproval', VPC, PUBLIC)] },
  },
];

describe('OpenSearch and Elasticsearch domains', () => {
  it.each([...cases, ...probes])('$name', (c) => runCase(c));
});
