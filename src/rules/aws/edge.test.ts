import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, runCase, SAME, served, type Case, type Served } from '../../../test/builders/aws-data.js';
import { nameGuard, requiredCases } from '../../../test/builders/aws-rows.js';
import type { KubeObject } from '../../engine/types.js';
import { globalAcceleratorFlowLogs, networkFirewallCmk, networkFirewallDeletionProtection, wafClassicLogging, wafRules, wafv2Log4j } from './edge.js';

/** networkfirewall Firewall, FirewallPolicy, RuleGroup and globalaccelerator Accelerator: v1beta1 and v1beta2 cluster-scoped, v1beta1 namespaced; WAF kinds: v1beta1. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
type Params = Record<string, unknown>;
const build = (service: string, kind: string, base: Params) => (s: Served = SHAPES[1]!, fp: Params = {}): KubeObject => awsResource(service, kind, s, { ...base, ...fp });

const firewall = build('networkfirewall', 'Firewall', { name: 'fw', firewallPolicyArn: 'arn:policy', vpcId: 'vpc-0abc' });
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1';

const guards: Case[] = [
  ...guardCases({
    rule: networkFirewallDeletionProtection,
    field: ['deleteProtection'],
    shapes: SHAPES,
    build: firewall,
    ...booleanGuard(true),
    missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the firewall and the traffic inspection with it',
    advice: 'set it to true so the firewall cannot be deleted by a single call (turn it off on purpose before deleting)',
  }),
  ...[firewall, build('networkfirewall', 'FirewallPolicy', { name: 'p' }), build('networkfirewall', 'RuleGroup', { name: 'g', capacity: 10, type: 'STATEFUL' })].flatMap((b) =>
    requiredCases({
      rule: networkFirewallCmk,
      field: ['encryptionConfiguration', 'type'],
      shapes: SHAPES,
      build: (s, fp) => b(s, fp),
      safe: 'CUSTOMER_KMS',
      unsafe: 'AWS_OWNED_KMS_KEY',
      unsafeText: '"AWS_OWNED_KMS_KEY"',
      malformed: true,
      malformedText: 'boolean true',
      type: 'a string',
      missing: 'no customer managed KMS key encrypts it (encryptionConfiguration type CUSTOMER_KMS with keyId), so the platform cannot revoke or audit the key',
      advice: "set type CUSTOMER_KMS and keyId to the platform's KMS key",
    }),
  ),
  ...requiredCases({
    rule: globalAcceleratorFlowLogs,
    field: ['attributes', 'flowLogsEnabled'],
    shapes: SHAPES,
    build: build('globalaccelerator', 'Accelerator', { name: 'a' }),
    ...booleanGuard(true),
    missing: 'flow logs are not turned on, so the traffic the accelerator carried cannot be investigated',
    advice: "set attributes.flowLogsEnabled to true with flowLogsS3Bucket naming the platform's log bucket",
  }),
  ...(['waf', 'wafregional'] as const).flatMap((service) =>
    requiredCases({
      rule: wafClassicLogging,
      field: ['loggingConfiguration', 'logDestination'],
      shapes: V1,
      build: build(service, 'WebACL', { name: 'acl', metricName: 'acl' }),
      ...nameGuard('arn:aws:firehose:eu-west-1:111122223333:deliverystream/aws-waf-logs-acl'),
      missing: 'the web ACL keeps no logs (loggingConfiguration.logDestination), so what it blocked and allowed cannot be investigated',
      advice: 'name the Kinesis Data Firehose stream that receives the logs',
    }),
  ),
];

const KMS_CASE: Case = {
  name: 'a firewall under a customer managed key passes',
  reason: 'compliant',
  resource: firewall(SHAPES[1], { encryptionConfiguration: { type: 'CUSTOMER_KMS', keyId: KMS } }),
  rules: [networkFirewallCmk],
  want: { desired: SAME, mutations: [], findings: [] },
};

const NO_RULES = 'the web ACL has no rules, so it applies its default action to every request and filters nothing; add rules (AWS managed rule groups such as AWSManagedRulesCommonRuleSet to start)';
const LOG4J =
  'no rule uses the managed rule group AWSManagedRulesKnownBadInputsRuleSet (or it is overridden to count), so Log4Shell (CVE-2021-44228) lookups pass; add it with override_action none';
const badInputs = (override: string) => ({
  name: 'bad-inputs',
  priority: 1,
  override_action: [{ [override]: [{}] }],
  statement: [{ managed_rule_group_statement: [{ name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor_name: 'AWS' }] }],
  visibility_config: [{ cloudwatch_metrics_enabled: true, metric_name: 'bad-inputs', sampled_requests_enabled: true }],
});
const webAcl = (s: Served, fp: Params = {}) => awsResource('wafv2', 'WebACL', s, { name: 'acl', scope: 'REGIONAL', defaultAction: s.blocks === 'array' ? [{ allow: [{}] }] : { allow: {} }, ...fp });
const only = (rule: typeof wafRules, path: string, message: string): Case['want'] => ({ desired: SAME, mutations: [], findings: [finding(rule, 'Warn', path, message)] });
const passes: Case['want'] = { desired: SAME, mutations: [], findings: [] };

const waf: Case[] = V1.flatMap((s): Case[] => [
  { name: `rules (${s.label}): a wafv2 web ACL without rules: warned`, reason: 'it filters nothing', resource: webAcl(s), rules: [wafRules], want: only(wafRules, 'spec.forProvider.rule', NO_RULES) },
  { name: `rules (${s.label}): a wafv2 web ACL with ruleJson passes`, reason: 'rules may be given as JSON', resource: webAcl(s, { ruleJson: JSON.stringify([{ Name: 'r', Priority: 1, Action: { Block: {} } }]) }), rules: [wafRules], want: passes },
  { name: `rules (${s.label}): a wafv2 managed group with an override action passes`, reason: 'a rule group reference takes override_action', resource: webAcl(s, { rule: [badInputs('none')] }), rules: [wafRules], want: passes },
  {
    name: `rules (${s.label}): a Classic web ACL rule without an action: warned`,
    reason: 'a rule without an action does nothing',
    resource: awsResource('waf', 'WebACL', s, { name: 'acl', metricName: 'acl', rules: [{ priority: 1, ruleId: 'r1' }] }),
    rules: [wafRules],
    want: only(wafRules, 'spec.forProvider.rules[0]', 'spec.forProvider.rules[0] has no action (action), so the rule does nothing; give it one'),
  },
  { name: `rules (${s.label}): a Classic web ACL without rules: warned`, reason: 'it filters nothing', resource: awsResource('wafregional', 'WebACL', s, { name: 'acl', metricName: 'acl' }), rules: [wafRules], want: only(wafRules, 'spec.forProvider.rule', NO_RULES) },
  {
    name: `rules (${s.label}): a wafv2 rule group rule without an action: warned`,
    reason: 'rule groups are judged for actions too (an empty group is not a web ACL)',
    resource: awsResource('wafv2', 'RuleGroup', s, { name: 'g', capacity: 2, scope: 'REGIONAL', rule: [{ name: 'r', priority: 1, statement: [{}] }] }),
    rules: [wafRules],
    want: only(wafRules, 'spec.forProvider.rule[0]', 'spec.forProvider.rule[0] has no action (action), so the rule does nothing; give it one'),
  },
  { name: `Log4j (${s.label}): no known-bad-inputs group: warned`, reason: 'Log4Shell lookups pass', resource: webAcl(s, { rule: [{ name: 'r', priority: 1, action: [{ block: [{}] }] }] }), rules: [wafv2Log4j], want: only(wafv2Log4j, 'spec.forProvider.rule', LOG4J) },
  { name: `Log4j (${s.label}): the group in force passes`, reason: 'compliant', resource: webAcl(s, { rule: [badInputs('none')] }), rules: [wafv2Log4j], want: passes },
  { name: `Log4j (${s.label}): an agent overrides the group to count: warned`, reason: 'counting blocks nothing', resource: webAcl(s, { rule: [badInputs('count')] }), rules: [wafv2Log4j], want: only(wafv2Log4j, 'spec.forProvider.rule', LOG4J) },
  {
    name: `Log4j (${s.label}): the group in ruleJson passes`,
    reason: 'ruleJson is read like the rule blocks',
    resource: webAcl(s, { ruleJson: JSON.stringify([{ Name: 'b', Priority: 1, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { Name: 'AWSManagedRulesKnownBadInputsRuleSet', VendorName: 'AWS' } } }]) }),
    rules: [wafv2Log4j],
    want: passes,
  },
  {
    name: `Log4j (${s.label}): ruleJson that is not JSON: warned twice`,
    reason: 'what cannot be read cannot be judged, and no readable rule blocks Log4Shell',
    resource: webAcl(s, { ruleJson: '[{' }),
    rules: [wafv2Log4j],
    want: { desired: SAME, mutations: [], findings: [finding(wafv2Log4j, 'Warn', 'spec.forProvider.ruleJson', 'spec.forProvider.ruleJson is not JSON, so its rules cannot be read'), finding(wafv2Log4j, 'Warn', 'spec.forProvider.rule', LOG4J)] },
  },
]);

describe('edge rows', () => {
  it.each([...guards, KMS_CASE])('$name', (c) => runCase(c));
});
describe('WAF rules', () => {
  it.each(waf)('$name', (c) => runCase(c));
});
