/**
 * OpenSearch and Elasticsearch domains, the checks with logic: where the
 * endpoint lives (a VPC, or the internet), which security groups guard it,
 * and which logs it publishes. Encryption, HTTPS and TLS are one field each
 * (data-fields.ts). Field names from provider-upjet-aws 75a4c57162d0: the
 * security group references are `securityGroupIdRefs` on opensearch and
 * `securityGroupIdsRefs` on elasticsearch.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

const DOMAINS: readonly KindRef[] = [
  { cloud: 'aws', service: 'opensearch', kind: 'Domain' },
  { cloud: 'aws', service: 'elasticsearch', kind: 'Domain' },
];

const SUBNETS = ['subnetIds', 'subnetIdRefs', 'subnetIdSelector'] as const;
const GROUPS = ['securityGroupIds', 'securityGroupIdRefs', 'securityGroupIdSelector', 'securityGroupIdsRefs', 'securityGroupIdsSelector'] as const;

/** Does a parameter block name any of `fields` under vpcOptions (a non-empty list, or a reference)? */
function names(ctx: RuleContext, fields: readonly string[]): boolean {
  return fields.some((f) => explicitParams(ctx.resource, ['vpcOptions', f]).some((e) => (Array.isArray(e.value) ? e.value.length > 0 : isObject(e.value))));
}

export const searchPublicEndpoint = defineRule({
  id: 'aws-search-public-endpoint',
  title: 'An OpenSearch domain with a public endpoint needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval an OpenSearch or Elasticsearch Domain whose `vpcOptions` names no subnets (`subnetIds`, or a subnet reference or selector) in forProvider or initProvider: the domain then gets a public endpoint, reachable from the internet and guarded only by its access policy. A person should confirm it; a domain in a VPC is reached through its subnets and security groups.',
  references: { checkov: ['CKV_AWS_137'] },
  kinds: DOMAINS,
  check(ctx) {
    if (names(ctx, SUBNETS)) return;
    ctx.unsafe('spec.forProvider.vpcOptions', 'the domain names no VPC subnets (vpcOptions.subnetIds), so it gets a public endpoint guarded only by its access policy; place it in a VPC, or have a human approve the public endpoint');
  },
}) satisfies Rule;

export const searchDefaultSecurityGroup = defineRule({
  id: 'aws-search-default-security-group',
  title: 'OpenSearch domains in a VPC name their security groups',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    'Reports an OpenSearch or Elasticsearch Domain placed in a VPC (`vpcOptions` names subnets) that names no security group (`securityGroupIds`, or a reference or selector): AWS then attaches the VPC\'s default security group, which every other resource of the VPC may share and which rules added later open to the domain too.',
  references: { checkov: ['CKV_AWS_248'] },
  kinds: DOMAINS,
  check(ctx) {
    if (!names(ctx, SUBNETS) || names(ctx, GROUPS)) return;
    ctx.unsafe('spec.forProvider.vpcOptions', 'the domain is in a VPC but names no security group (vpcOptions.securityGroupIds), so AWS attaches the VPC\'s default security group; name a security group that admits only the domain\'s clients');
  },
}) satisfies Rule;

/** The log type that records who did what (it needs fine-grained access control). */
const AUDIT = 'AUDIT_LOGS';

export const searchLogging = defineRule({
  id: 'aws-search-logging',
  title: 'OpenSearch domains publish audit logs',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Reports an OpenSearch or Elasticsearch Domain whose \`logPublishingOptions\` publish no logs, or no \`${AUDIT}\` (an entry counts unless its \`enabled\` is false), and every entry that turns a log type off. Entries that are not objects, and a \`logType\` or \`enabled\` of the wrong type, are reported: they cannot be judged. A warning: publishing needs a CloudWatch Logs group (and its resource policy) only the author can name, and audit logs need fine-grained access control (\`aws-search-fine-grained-access\`).`,
  references: { checkov: ['CKV_AWS_84', 'CKV_AWS_317'], trivy: ['AWS-0042'] },
  kinds: DOMAINS,
  check(ctx) {
    // forProvider and initProvider together make the domain at creation: the log types of both count.
    const on = new Set<string>();
    let judged = true;
    const malformed = (path: string, message: string) => {
      judged = false;
      ctx.unsafe(path, message);
    };
    for (const { path, value } of explicitParams(ctx.resource, ['logPublishingOptions'])) {
      if (!Array.isArray(value)) {
        malformed(path, `${path} must be a list of log publishing options, got ${describe(value)}`);
        continue;
      }
      value.forEach((entry: unknown, i) => {
        const at = `${path}[${i}]`;
        if (!isObject(entry)) return malformed(at, `${at} must be an object with a logType, got ${describe(entry)}`);
        if (typeof entry.logType !== 'string') return malformed(`${at}.logType`, `${at}.logType must be a string, got ${describe(entry.logType)}`);
        if (entry.enabled !== undefined && entry.enabled !== null && typeof entry.enabled !== 'boolean') return malformed(`${at}.enabled`, `${at}.enabled must be a boolean, got ${describe(entry.enabled)}`);
        if (entry.enabled === false) return ctx.unsafe(`${at}.enabled`, `${at}.enabled is false: the domain stops publishing ${entry.logType}; set it to true (or remove it)`);
        on.add(entry.logType);
      });
    }
    if (!judged) return;
    const path = 'spec.forProvider.logPublishingOptions';
    if (on.size === 0) ctx.unsafe(path, `the domain publishes no logs; add logPublishingOptions with logType ${AUDIT} (and ES_APPLICATION_LOGS) to a CloudWatch Logs group, so access and errors leave a trace`);
    else if (!on.has(AUDIT)) ctx.unsafe(path, `the domain publishes ${[...on].sort().join(', ')} but no ${AUDIT}; add a logPublishingOptions entry with logType ${AUDIT} so who read or changed what is recorded`);
  },
}) satisfies Rule;

/** The OpenSearch domain rules with logic, in evaluation order. */
export const SEARCH_DOMAIN_RULES = [searchPublicEndpoint, searchDefaultSecurityGroup, searchLogging] as const satisfies readonly Rule[];
