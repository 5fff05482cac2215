/**
 * The network's edges: AWS Network Firewall (kept, and encrypted under the
 * platform's key), Global Accelerator flow logs, and WAF web ACLs that
 * actually filter (rules with actions, the Log4Shell managed rules) and log.
 * Where the fix needs a value only the author knows (a key, a bucket, a log
 * destination), the rule warns.
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';
import { entries, fieldOf } from './load-balancers.js';

const kind = (service: string, k: string): ProviderKindRef => ({ cloud: 'aws', service, kind: k });

const FIREWALL = kind('networkfirewall', 'Firewall');
const nonEmpty = { test: (v: unknown) => typeof v === 'string' && v !== '', words: 'a non-empty string' };

export const [networkFirewallDeletionProtection, networkFirewallCmk, globalAcceleratorFlowLogs, wafClassicLogging] = fieldRules([
  {
    id: 'aws-networkfirewall-deletion-protection',
    title: 'Network firewalls have deletion protection',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: FIREWALL, field: ['deleteProtection'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'deletion protection was not turned on, so a single delete call (or deleting the composite) removes the firewall and the traffic inspection with it',
    unsafe: 'set it to true so the firewall cannot be deleted by a single call (turn it off on purpose before deleting)',
    why: 'Warn by default, as for load balancers and RDS: with deletion protection on, AWS refuses Crossplane\'s own delete when the composite is deleted; under `Mutate` it is injected.',
    references: { checkov: ['CKV_AWS_344'] },
  },
  {
    id: 'aws-networkfirewall-cmk',
    title: 'Network Firewall is encrypted with a customer managed key',
    severity: 'low',
    defaultAction: 'Warn',
    on: [
      { kind: FIREWALL, field: ['encryptionConfiguration', 'type'] },
      { kind: kind('networkfirewall', 'FirewallPolicy'), field: ['encryptionConfiguration', 'type'] },
      { kind: kind('networkfirewall', 'RuleGroup'), field: ['encryptionConfiguration', 'type'] },
    ],
    type: 'string',
    safe: 'CUSTOMER_KMS',
    missing: 'no customer managed KMS key encrypts it (encryptionConfiguration type CUSTOMER_KMS with keyId), so the platform cannot revoke or audit the key',
    unsafe: 'set type CUSTOMER_KMS and keyId to the platform\'s KMS key',
    why: 'AWS encrypts Network Firewall data with an AWS owned key anyway, so what is missing is the platform\'s control over the key; and the key is the platform\'s to create, so the rule warns.',
    references: { checkov: ['CKV_AWS_345', 'CKV_AWS_346'] },
  },
  {
    id: 'aws-globalaccelerator-flow-logs',
    title: 'Global Accelerator keeps flow logs',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: kind('globalaccelerator', 'Accelerator'), field: ['attributes', 'flowLogsEnabled'] }],
    type: 'boolean',
    safe: true,
    missing: 'flow logs are not turned on, so the traffic the accelerator carried cannot be investigated',
    unsafe: 'set attributes.flowLogsEnabled to true with flowLogsS3Bucket naming the platform\'s log bucket',
    why: 'A warning: the bucket is the platform\'s to name.',
    references: { checkov: ['CKV_AWS_75'] },
  },
  {
    id: 'aws-waf-classic-logging',
    title: 'WAF Classic web ACLs keep logs',
    severity: 'low',
    defaultAction: 'Warn',
    on: [
      { kind: kind('waf', 'WebACL'), field: ['loggingConfiguration', 'logDestination'] },
      { kind: kind('wafregional', 'WebACL'), field: ['loggingConfiguration', 'logDestination'] },
    ],
    type: 'string',
    safe: nonEmpty,
    missing: 'the web ACL keeps no logs (loggingConfiguration.logDestination), so what it blocked and allowed cannot be investigated',
    unsafe: 'name the Kinesis Data Firehose stream that receives the logs',
    why: 'A warning: the log destination is the platform\'s to create.',
    references: { checkov: ['CKV_AWS_176'] },
  },
]) as [Rule, Rule, Rule, Rule];

/** Where each WAF kind lists its rules, and the fields that give a rule its action. */
const RULE_LISTS: Readonly<Record<string, { list: string; actions: readonly string[] }>> = {
  'aws/waf/WebACL': { list: 'rules', actions: ['action'] },
  'aws/wafregional/WebACL': { list: 'rule', actions: ['action', 'overrideAction'] },
  // wafv2 rules are kept as the provider's raw blocks, in Terraform's own snake_case.
  'aws/wafv2/WebACL': { list: 'rule', actions: ['action', 'override_action', 'overrideAction'] },
  'aws/wafv2/RuleGroup': { list: 'rule', actions: ['action'] },
};

const present = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

export const wafRules = defineRule({
  id: 'aws-waf-rules',
  title: 'WAF web ACLs have rules, and every rule an action',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Warns about a WAF web ACL (Classic `waf` and `wafregional` WebACL, `wafv2` WebACL) with no rule (neither `rules`/`rule` entries nor, on wafv2, `ruleJson`): it applies only its default action to every request, and filters nothing; and about a rule of any of them, or of a wafv2 `RuleGroup`, with no `action` (nor `override_action` where a rule group is referenced), which then does nothing. A warning: which rules an application needs is the author\'s call.',
  references: { checkov: ['CKV_AWS_175', 'CKV_AWS_342'] },
  kinds: [kind('waf', 'WebACL'), kind('wafregional', 'WebACL'), kind('wafv2', 'WebACL'), kind('wafv2', 'RuleGroup')],
  check(ctx) {
    const where = RULE_LISTS[ctx.type.ref];
    if (where === undefined) return;
    const rules = entries(ctx, [where.list]);
    const json = explicitParams(ctx.resource, ['ruleJson']).filter((e) => typeof e.value === 'string' && e.value.trim() !== '');
    if (ctx.type.kind === 'WebACL' && rules.length === 0 && json.length === 0) {
      ctx.unsafe(`spec.forProvider.${where.list}`, 'the web ACL has no rules, so it applies its default action to every request and filters nothing; add rules (AWS managed rule groups such as AWSManagedRulesCommonRuleSet to start)');
    }
    for (const r of rules) {
      if (!where.actions.some((a) => present(fieldOf(r.value, a)))) ctx.unsafe(r.path, `${r.path} has no action (${where.actions.join(' or ')}), so the rule does nothing; give it one`);
    }
  },
}) satisfies Rule;

/** The AWS managed rule group that blocks Log4Shell (its Log4JRCE rules). */
const KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';

/** Does a wafv2 rule (a raw block, or an entry of `ruleJson`) use the known-bad-inputs group, without overriding it to count? */
function blocksLog4j(rule: unknown): boolean {
  const text = JSON.stringify(rule);
  if (!text.includes(KNOWN_BAD_INPUTS)) return false;
  const override = fieldOf(rule, 'override_action') ?? fieldOf(rule, 'overrideAction') ?? fieldOf(rule, 'OverrideAction');
  return !(override !== undefined && JSON.stringify(override).toLowerCase().includes('count'));
}

export const wafv2Log4j = defineRule({
  id: 'aws-wafv2-log4j',
  title: 'WAFv2 web ACLs block Log4Shell',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Warns about a wafv2 WebACL none of whose rules (\`rule\` entries, or \`ruleJson\`) uses the AWS managed rule group \`${KNOWN_BAD_INPUTS}\` without overriding it to count: that group holds the rules that block JNDI lookups in requests (CVE-2021-44228, Log4Shell). A warning: the web ACL may be meant for other traffic. Every composed web ACL is judged, whatever it protects (a CloudFront distribution, a load balancer, an API stage: Checkov's CKV2_AWS_47, 76 and 77 ask the same of the web ACL attached to each); a distribution, load balancer or stage with no web ACL at all is warned by \`aws-cloudfront-waf\`, \`aws-elbv2-waf\` and \`aws-apigateway-waf\`.`,
  references: { checkov: ['CKV_AWS_192', 'CKV2_AWS_47', 'CKV2_AWS_76', 'CKV2_AWS_77'] },
  kinds: [kind('wafv2', 'WebACL')],
  check(ctx) {
    const rules = entries(ctx, ['rule']).map((r) => r.value);
    for (const j of explicitParams(ctx.resource, ['ruleJson'])) {
      if (typeof j.value !== 'string') {
        ctx.unsafe(j.path, `${j.path} must be a string of JSON, got ${describe(j.value)}`);
        continue;
      }
      try {
        const parsed: unknown = JSON.parse(j.value);
        rules.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      } catch {
        ctx.unsafe(j.path, `${j.path} is not JSON, so its rules cannot be read`);
      }
    }
    if (!rules.some(blocksLog4j)) {
      ctx.unsafe('spec.forProvider.rule', `no rule uses the managed rule group ${KNOWN_BAD_INPUTS} (or it is overridden to count), so Log4Shell (CVE-2021-44228) lookups pass; add it with override_action none`);
    }
  },
}) satisfies Rule;

/** The edge rules in evaluation order. */
export const EDGE_RULES = [
  networkFirewallDeletionProtection,
  networkFirewallCmk,
  globalAcceleratorFlowLogs,
  wafRules,
  wafv2Log4j,
  wafClassicLogging,
] as const satisfies readonly Rule[];
