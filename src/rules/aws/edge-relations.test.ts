import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input } from '../../../test/builders.js';
import { awsResource, served, withPolicies, type Served } from '../../../test/builders/aws-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { apigatewayWaf, elbv2Waf, networkFirewallLogging, route53Dnssec, route53QueryLogging, wafv2Logging } from './edge-relations.js';

/** Every kind here serves cluster-scoped v1beta1 (and some v1beta2) and namespaced v1beta1; the relation reads metadata and references only, so shapes differ by group. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
type Params = Record<string, unknown>;

const named = (obj: KubeObject, name: string, labels: Record<string, string> = {}): KubeObject => ({ ...obj, metadata: { name, labels } });

interface Relation {
  rule: Rule;
  /** The resource judged, in shape `s`. */
  target(s: Served, fp?: Params): KubeObject;
  /** A companion in shape `s` with these parameters. */
  companion(s: Served, fp: Params): KubeObject;
  field: string;
  message: string;
  /** A resource of the kind that needs no companion. */
  exempt?(s: Served): KubeObject;
}

const RELATIONS: readonly Relation[] = [
  {
    rule: wafv2Logging,
    target: (s, fp = {}) => awsResource('wafv2', 'WebACL', s, { name: 'acl', scope: 'REGIONAL', ...fp }),
    companion: (s, fp) => awsResource('wafv2', 'WebACLLoggingConfiguration', s, { logDestinationConfigs: ['arn:aws:firehose:eu-west-1:111122223333:deliverystream/aws-waf-logs-a'], ...fp }),
    field: 'resourceArn',
    message: "no composed WebACLLoggingConfiguration names this web ACL, so what it blocked and allowed cannot be investigated; add one that sends its logs to the platform's destination",
  },
  {
    rule: networkFirewallLogging,
    target: (s, fp = {}) => awsResource('networkfirewall', 'Firewall', s, { name: 'fw', vpcId: 'vpc-0abc', ...fp }),
    companion: (s, fp) => awsResource('networkfirewall', 'LoggingConfiguration', s, fp),
    field: 'firewallArn',
    message: 'no composed LoggingConfiguration names this firewall, so the traffic it allowed and dropped cannot be investigated; add one with FLOW and ALERT logs',
  },
  {
    rule: route53QueryLogging,
    target: (s, fp = {}) => awsResource('route53', 'Zone', s, { name: 'example.com', ...fp }),
    companion: (s, fp) => awsResource('route53', 'QueryLog', s, { cloudwatchLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/example.com', ...fp }),
    field: 'zoneId',
    message: 'no composed QueryLog names this public hosted zone, so the DNS queries for it cannot be investigated; add one that sends them to a CloudWatch Logs group in us-east-1',
    exempt: (s) => awsResource('route53', 'Zone', s, { name: 'internal.example', vpc: [{ vpcId: 'vpc-0abc' }] }),
  },
  {
    rule: route53Dnssec,
    target: (s, fp = {}) => awsResource('route53', 'Zone', s, { name: 'example.com', ...fp }),
    companion: (s, fp) => awsResource('route53', 'HostedZoneDNSSEC', s, fp),
    field: 'hostedZoneId',
    message: 'no composed HostedZoneDNSSEC names this public hosted zone, so resolvers cannot tell its answers from forged ones; sign it (a KeySigningKey on an asymmetric KMS key in us-east-1, then HostedZoneDNSSEC)',
    exempt: (s) => awsResource('route53', 'Zone', s, { name: 'internal.example', vpc: [{ vpcIdRef: { name: 'main' } }] }),
  },
  {
    rule: elbv2Waf,
    target: (s, fp = {}) => awsResource('elbv2', 'LB', s, { name: 'web', internal: false, ...fp }),
    companion: (s, fp) => awsResource('wafv2', 'WebACLAssociation', s, { webAclArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/a/1', ...fp }),
    field: 'resourceArn',
    message: "no composed WebACLAssociation puts a WAF web ACL in front of this internet-facing load balancer, so nothing filters common web exploits before they reach the targets; associate the platform's regional web ACL",
    exempt: (s) => awsResource('elbv2', 'LB', s, { name: 'internal', internal: true }),
  },
  {
    rule: apigatewayWaf,
    target: (s, fp = {}) => awsResource('apigateway', 'Stage', s, { restApiId: 'api', deploymentId: 'd', stageName: 'prod', ...fp }),
    companion: (s, fp) => awsResource('wafv2', 'WebACLAssociation', s, { webAclArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/a/1', ...fp }),
    field: 'resourceArn',
    message:
      "no composed WebACLAssociation puts a WAF web ACL in front of this API stage, so nothing filters common web exploits before they reach the backend; associate the platform's regional web ACL (a PRIVATE API reached only from the VPC may do without)",
  },
];

interface Case {
  name: string;
  reason: string;
  rule: Rule;
  desired: Record<string, KubeObject>;
  /** The finding's message on `res`, or none. */
  want: string | undefined;
}

const cases: Case[] = RELATIONS.flatMap((r) =>
  SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${r.rule.id} (${s.label}): ${what}`;
    const target = named(r.target(s), 'web-main', { app: 'web', tier: 'edge' });
    const base = { rule: r.rule };
    return [
      { ...base, name: at('no companion: warned'), reason: 'nothing in the composition provides the control', desired: { res: target }, want: r.message },
      { ...base, name: at('a companion by reference to its name passes'), reason: 'the reference resolves to this resource', desired: { res: target, companion: r.companion(s, { [`${r.field}Ref`]: { name: 'web-main' } }) }, want: undefined },
      { ...base, name: at('a companion by a selector on its labels passes'), reason: 'the selector picks this resource', desired: { res: target, companion: r.companion(s, { [`${r.field}Selector`]: { matchControllerRef: true, matchLabels: { app: 'web' } } }) }, want: undefined },
      { ...base, name: at('a companion in initProvider passes'), reason: 'set at creation', desired: { res: target, companion: { ...r.companion(s, {}), spec: { forProvider: {}, initProvider: { [`${r.field}Ref`]: { name: 'web-main' } } } } }, want: undefined },
      { ...base, name: at('an agent adds a companion that names another resource: still warned'), reason: 'a decoy for something else provides nothing here', desired: { res: target, companion: r.companion(s, { [`${r.field}Ref`]: { name: 'other' } }) }, want: r.message },
      { ...base, name: at('an agent adds a selector on labels it lacks: still warned'), reason: 'the selector picks something else', desired: { res: target, companion: r.companion(s, { [`${r.field}Selector`]: { matchLabels: { app: 'api' } } }) }, want: r.message },
      { ...base, name: at('an agent names it by a literal value: still warned'), reason: 'an ARN or ID cannot name a resource not yet created', desired: { res: target, companion: r.companion(s, { [r.field]: 'web-main' }) }, want: r.message },
      { ...base, name: at('an agent makes the companion observe-only: still warned'), reason: 'an observe-only companion creates nothing', desired: { res: target, companion: withPolicies(r.companion(s, { [`${r.field}Ref`]: { name: 'web-main' } }), ['Observe']) }, want: r.message },
      {
        ...base,
        name: at('an agent routes the companion through another provider config: still warned'),
        reason: 'another account\'s companion does nothing for this resource',
        desired: { res: target, companion: { ...r.companion(s, { [`${r.field}Ref`]: { name: 'web-main' } }), spec: { forProvider: { [`${r.field}Ref`]: { name: 'web-main' } }, providerConfigRef: { name: 'other-account', kind: 'ClusterProviderConfig' } } } },
        want: r.message,
      },
      { ...base, name: at('observe-only target: not judged'), reason: "someone else's resource", desired: { res: withPolicies(target, ['Observe']) }, want: undefined },
      ...(r.exempt !== undefined ? [{ ...base, name: at('a resource that needs no companion passes'), reason: 'private zones and internal or non-application load balancers are outside the check', desired: { res: r.exempt(s) }, want: undefined }] : []),
    ];
  }),
);

describe('companion controls of the edge', () => {
  it.each(cases)('$name', (c) => {
    const d = evaluate(engineRequest(c.desired, { input: input() }), [c.rule]);
    expect(d.errors).toEqual([]);
    expect(d.mutations).toEqual([]);
    expect(d.findings).toEqual(c.want === undefined ? [] : [{ resource: 'res', rule: c.rule.id, action: 'Warn', path: 'spec.forProvider', message: c.want }]);
  });

  it('a network load balancer needs no WAF: the association is for application load balancers', () => {
    const d = evaluate(engineRequest({ res: awsResource('elbv2', 'LB', SHAPES[0]!, { loadBalancerType: 'network', internal: false }) }), [elbv2Waf]);
    expect(d.findings).toEqual([]);
  });

  it('a carried target is judged by its manifest: the finding names the path inside the Object', () => {
    const d = evaluate(engineRequest({ res: carried(named(RELATIONS[0]!.target(SHAPES[0]!), 'acl')) }), [wafv2Logging]);
    expect(d.findings).toEqual([{ resource: 'res', rule: wafv2Logging.id, action: 'Warn', path: 'spec.forProvider.manifest.spec.forProvider', message: RELATIONS[0]!.message }]);
  });
});
