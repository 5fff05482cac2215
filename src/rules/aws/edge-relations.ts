/**
 * Controls that live on a companion resource: a WAFv2 web ACL's logs are a
 * WebACLLoggingConfiguration, a Network Firewall's a LoggingConfiguration, a
 * public hosted zone's query logs a QueryLog and its signing a
 * HostedZoneDNSSEC, and the WAF in front of an internet-facing ALB or an API
 * stage a WebACLAssociation. Each rule warns when no composed companion names
 * the resource; a warning, since the companion needs values only the author
 * knows (a log destination, a KMS signing key, a web ACL) and may be managed
 * outside the composition.
 *
 * A companion names this resource by a reference to its `metadata.name`, or
 * by a selector whose labels this resource carries (a value, an ARN or ID,
 * cannot name a resource that does not exist yet, so it never counts). Only
 * a companion Crossplane fully manages, through the same provider config,
 * counts.
 */
import type { IndexedTarget } from '../../engine/desired-index.js';
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { explicitParams, PARAM_BLOCKS } from '../params.js';
import { lbTypeIn } from './load-balancers.js';

const kind = (service: string, k: string): ProviderKindRef => ({ cloud: 'aws', service, kind: k });

const record = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
const labelsOf = (obj: KubeObject) => record(record(obj.metadata).labels);

/** Does `companion` name `target` through its `field` reference or selector, in either parameter block? */
export function names(companion: KubeObject, field: string, target: KubeObject): boolean {
  const name = record(target.metadata).name;
  const labels = labelsOf(target);
  return PARAM_BLOCKS.some((block) => {
    const params = record(record(companion.spec)[block]);
    const ref = record(params[`${field}Ref`]);
    if (typeof name === 'string' && name !== '' && ref.name === name) return true;
    const selector = params[`${field}Selector`];
    if (!isObject(selector)) return false;
    const match = record(selector.matchLabels);
    const wanted = Object.entries(match);
    // An empty selector picks any object of the kind: only with matchControllerRef, among this composite's.
    if (wanted.length === 0) return selector.matchControllerRef === true;
    return wanted.every(([k, v]) => labels[k] === v);
  });
}

/** The composed companions of kind `ref` that name this resource through `field`. */
function companionsOf(ctx: RuleContext, ref: string, field: string): IndexedTarget[] {
  const config = providerConfigOf(ctx.type, ctx.resource);
  return ctx.index.byRef(ref).filter((c) => fullyManaged(c.object) && providerConfigOf(c.type, c.object) === config && names(c.object, field, ctx.resource));
}

interface Companion {
  id: string;
  title: string;
  severity: 'low' | 'medium';
  on: ProviderKindRef;
  companion: ProviderKindRef;
  field: string;
  /** Where the resource needs no companion. */
  exempt?(ctx: RuleContext): boolean;
  exemptWords?: string;
  message: string;
  why: string;
  checkov: readonly string[];
}

function companionRule(c: Companion): Rule {
  const ref = `aws/${c.companion.service}/${c.companion.kind}`;
  return defineRule({
    id: c.id,
    title: c.title,
    severity: c.severity,
    defaultAction: 'Warn',
    description: `Warns about a ${c.on.service} ${c.on.kind}${c.exemptWords !== undefined ? ` (${c.exemptWords})` : ''} that no composed ${c.companion.service} ${c.companion.kind} names (by \`${c.field}Ref\` to its name, or a \`${c.field}Selector\` whose labels it carries; fully managed, through the same provider config). ${c.why}`,
    references: { checkov: c.checkov },
    kinds: [c.on],
    check(ctx) {
      if (c.exempt?.(ctx) === true) return;
      if (companionsOf(ctx, ref, c.field).length === 0) ctx.unsafe('spec.forProvider', c.message);
    },
  });
}

/** Is a hosted zone private (it names a VPC)? Query logs and DNSSEC serve public zones only. */
const privateZone = (ctx: RuleContext) => explicitParams(ctx.resource, ['vpc']).some((e) => !(Array.isArray(e.value) && e.value.length === 0));

/** An internal load balancer, or one that is not an application load balancer (WAF attaches to ALBs only). */
const notPublicAlb = (ctx: RuleContext) => !lbTypeIn(ctx, ['application']) || explicitParams(ctx.resource, ['internal']).some((e) => e.value === true);

export const [wafv2Logging, networkFirewallLogging, route53QueryLogging, route53Dnssec, elbv2Waf, apigatewayWaf] = [
  companionRule({
    id: 'aws-wafv2-logging',
    title: 'WAFv2 web ACLs keep logs',
    severity: 'low',
    on: kind('wafv2', 'WebACL'),
    companion: kind('wafv2', 'WebACLLoggingConfiguration'),
    field: 'resourceArn',
    message: 'no composed WebACLLoggingConfiguration names this web ACL, so what it blocked and allowed cannot be investigated; add one that sends its logs to the platform\'s destination',
    why: 'A warning: the log destination (a CloudWatch Logs group, an S3 bucket or a Firehose stream named aws-waf-logs-*) is the platform\'s.',
    checkov: ['CKV2_AWS_31'],
  }),
  companionRule({
    id: 'aws-networkfirewall-logging',
    title: 'Network firewalls keep logs',
    severity: 'low',
    on: kind('networkfirewall', 'Firewall'),
    companion: kind('networkfirewall', 'LoggingConfiguration'),
    field: 'firewallArn',
    message: 'no composed LoggingConfiguration names this firewall, so the traffic it allowed and dropped cannot be investigated; add one with FLOW and ALERT logs',
    why: 'A warning: the log destination is the platform\'s.',
    checkov: ['CKV2_AWS_63'],
  }),
  companionRule({
    id: 'aws-route53-query-logging',
    title: 'Public hosted zones log DNS queries',
    severity: 'low',
    on: kind('route53', 'Zone'),
    companion: kind('route53', 'QueryLog'),
    field: 'zoneId',
    exempt: privateZone,
    exemptWords: 'a public zone: one that names no `vpc`',
    message: 'no composed QueryLog names this public hosted zone, so the DNS queries for it cannot be investigated; add one that sends them to a CloudWatch Logs group in us-east-1',
    why: 'A warning: the log group (in us-east-1, with a resource policy for Route 53) is the platform\'s.',
    checkov: ['CKV2_AWS_39'],
  }),
  companionRule({
    id: 'aws-route53-dnssec',
    title: 'Public hosted zones are signed with DNSSEC',
    severity: 'medium',
    on: kind('route53', 'Zone'),
    companion: kind('route53', 'HostedZoneDNSSEC'),
    field: 'hostedZoneId',
    exempt: privateZone,
    exemptWords: 'a public zone: one that names no `vpc`',
    message: 'no composed HostedZoneDNSSEC names this public hosted zone, so resolvers cannot tell its answers from forged ones; sign it (a KeySigningKey on an asymmetric KMS key in us-east-1, then HostedZoneDNSSEC)',
    why: 'A warning: signing needs a KMS signing key, and a DS record in the parent zone, that only the platform can set up.',
    checkov: ['CKV2_AWS_38'],
  }),
  companionRule({
    id: 'aws-elbv2-waf',
    title: 'Internet-facing application load balancers are behind a WAF',
    severity: 'medium',
    on: kind('elbv2', 'LB'),
    companion: kind('wafv2', 'WebACLAssociation'),
    field: 'resourceArn',
    exempt: notPublicAlb,
    exemptWords: 'an internet-facing application load balancer: `internal` not true, `loadBalancerType` application or absent',
    message: 'no composed WebACLAssociation puts a WAF web ACL in front of this internet-facing load balancer, so nothing filters common web exploits before they reach the targets; associate the platform\'s regional web ACL',
    why: 'A warning: the web ACL is the platform\'s.',
    checkov: ['CKV2_AWS_28'],
  }),
  companionRule({
    id: 'aws-apigateway-waf',
    title: 'REST API stages are behind a WAF',
    severity: 'medium',
    on: kind('apigateway', 'Stage'),
    companion: kind('wafv2', 'WebACLAssociation'),
    field: 'resourceArn',
    message: 'no composed WebACLAssociation puts a WAF web ACL in front of this API stage, so nothing filters common web exploits before they reach the backend; associate the platform\'s regional web ACL (a PRIVATE API reached only from the VPC may do without)',
    why: 'A warning: the web ACL is the platform\'s, and a stage of a PRIVATE API, reachable only from inside the VPC, may reasonably do without one.',
    checkov: ['CKV2_AWS_29'],
  }),
] as [Rule, Rule, Rule, Rule, Rule, Rule];

/** The companion rules of the edge, in evaluation order. */
export const EDGE_RELATION_RULES = [wafv2Logging, networkFirewallLogging, route53QueryLogging, route53Dnssec, elbv2Waf, apigatewayWaf] as const satisfies readonly Rule[];
