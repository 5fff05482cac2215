/**
 * Azure storage: HTTPS only with TLS 1.2 at least, no anonymous access to
 * blobs, no public network endpoint unless a person approves it, network
 * rules that deny by default, private containers.
 */
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { coversAll, FAMILIES, parseCidr, unionOf, type Cidr } from '../kit/cidr.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams, inject } from '../params.js';

const ACCOUNT: ProviderKindRef = { cloud: 'azure', service: 'storage', kind: 'Account' };
const NETWORK_RULES: ProviderKindRef = { cloud: 'azure', service: 'storage', kind: 'AccountNetworkRules' };
const CONTAINER: ProviderKindRef = { cloud: 'azure', service: 'storage', kind: 'Container' };

export const storageHttpsOnly = fieldRule({
  id: 'azure-storage-https-only',
  title: 'Storage accounts accept HTTPS only',
  severity: 'high',
  defaultAction: 'Mutate',
  // provider-upjet-azure v1.x named it enableHttpsTrafficOnly (both from v1.9); a cluster may still serve that CRD.
  on: [{ kind: ACCOUNT, field: ['httpsTrafficOnlyEnabled'], aliases: [['enableHttpsTrafficOnly']] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'HTTPS-only traffic was not required',
  unsafe: 'set it to true (or remove it) so the account refuses plain HTTP',
  why: 'Plain HTTP carries shared keys, SAS tokens and data in clear text. Azure defaults to HTTPS only; the explicit value keeps it so whatever the default becomes.',
  references: { checkov: ['CKV_AZURE_3'], trivy: ['AZU-0008'] },
}) satisfies Rule;

export const storageMinTls = fieldRule({
  id: 'azure-storage-min-tls',
  title: 'Storage accounts require TLS 1.2 or later',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: ACCOUNT, field: ['minTlsVersion'] }],
  type: 'string',
  safe: { test: (v) => v === 'TLS1_2' || v === 'TLS1_3', words: '`"TLS1_2"` or `"TLS1_3"`' },
  inject: 'TLS1_2',
  missing: 'no minimum TLS version was set',
  unsafe: 'set it to "TLS1_2" (or remove it): TLS 1.0 and 1.1 have known weaknesses and Azure is retiring them',
  why: 'Clients that can only speak TLS 1.0 or 1.1 would otherwise still be served.',
  references: { checkov: ['CKV_AZURE_44'], trivy: ['AZU-0011'] },
}) satisfies Rule;

export const storageNestedItemsPrivate = fieldRule({
  id: 'azure-storage-nested-items-private',
  title: 'Storage accounts allow no anonymous blob access',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: ACCOUNT, field: ['allowNestedItemsToBePublic'] }],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'anonymous access to containers and blobs was not turned off',
  unsafe: 'set it to false (or remove it); share data with SAS tokens or Entra ID roles instead of anonymous reads',
  why: 'With it on, any container of the account can be made readable by anyone on the internet; with it off, no container can, whatever its `containerAccessType`.',
  references: { checkov: ['CKV_AZURE_190', 'CKV2_AZURE_47'] },
}) satisfies Rule;

const PUBLIC_NETWORK = ['publicNetworkAccessEnabled'];

export const storagePublicNetwork = defineRule({
  id: 'azure-storage-public-network',
  title: 'Storage accounts have no public endpoint by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `publicNetworkAccessEnabled: false` into an Account that does not set it (Azure turns the public endpoint on, reachable from every network unless network rules say otherwise), so the account is reached through private endpoints. An explicit `true` is left to `azure-storage-public-network-approval`, which holds it for a person; a value that is not a boolean is refused. Note that a client outside the virtual network (a CI runner, Crossplane itself writing blobs) then needs a private endpoint or an approved public one.',
  fix: 'injects `publicNetworkAccessEnabled: false`.',
  references: { checkov: ['CKV_AZURE_59'] },
  kinds: [ACCOUNT],
  check(ctx) {
    const found = explicitParams(ctx.resource, PUBLIC_NETWORK);
    if (found.length === 0) {
      inject(ctx, PUBLIC_NETWORK, false, 'public network access was not turned off; Azure turns it on');
      return;
    }
    for (const { path, value } of found) if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
  },
}) satisfies Rule;

export const storagePublicNetworkApproval = defineRule({
  id: 'azure-storage-public-network-approval',
  title: 'A public storage endpoint needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval an Account with an explicit `publicNetworkAccessEnabled: true`: its endpoints answer the internet, limited only by its network rules (which the message names) and by whoever holds a key or token. Legitimate for data a public application serves, so a person decides. An account that does not set it gets `false` from `azure-storage-public-network`.',
  references: { checkov: ['CKV_AZURE_59'] },
  kinds: [ACCOUNT],
  check(ctx) {
    for (const { path } of explicitParams(ctx.resource, PUBLIC_NETWORK).filter((e) => e.value === true)) {
      ctx.unsafe(path, `${path} is true: the account's endpoints are reachable from ${networkWords(ctx)}; approve only if it must serve clients outside the virtual network, otherwise set it to false and use a private endpoint`);
    }
  },
}) satisfies Rule;

/** How far the account's own network rules let the internet in, in words for a message. */
function networkWords(ctx: RuleContext): string {
  const action = explicitParams(ctx.resource, ['networkRules', 'defaultAction'])[0]?.value;
  if (action !== 'Deny') return 'any address (its networkRules do not deny by default)';
  const ips = explicitParams(ctx.resource, ['networkRules', 'ipRules']).flatMap((e) => (Array.isArray(e.value) ? e.value.filter((v): v is string => typeof v === 'string') : []));
  return ips.length === 0 ? 'the networks its networkRules name (no ipRules, so virtual network subnets and bypassed services)' : `the addresses its networkRules.ipRules name (${few(ips)})`;
}

const few = (items: readonly string[]) => (items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`);

/**
 * Network rules: where they are written, the field their default action
 * is in (`networkRules.defaultAction` of an Account, `defaultAction` of an
 * AccountNetworkRules), and the block that must be there for it to apply.
 */
const NETWORK_FIELDS: ReadonlyMap<string, { block: readonly string[]; prefix: readonly string[] }> = new Map([
  ['azure/storage/Account', { block: ['networkRules'], prefix: ['networkRules'] }],
  ['azure/storage/AccountNetworkRules', { block: [], prefix: [] }],
]);

export const storageNetworkDefaultDeny = defineRule({
  id: 'azure-storage-network-default-deny',
  title: 'Storage network rules deny by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    "Where network rules are written (an Account's `networkRules` block, or an AccountNetworkRules), their `defaultAction` must be `\"Deny\"`: injected where absent, an explicit `\"Allow\"` (or any other value) refused, since the subnets and addresses they name then restrict nothing. Also refuses `ipRules` that together cover the whole IPv4 space (`0.0.0.0/0`, or `0.0.0.0/1` with `128.0.0.0/1`, however it is split): a deny by default that allows every address is an allow, and an entry that is not an address or CIDR, which cannot be judged. An Account without `networkRules` is left to the public network access rules.",
  fix: 'injects `networkRules.defaultAction: "Deny"` into an Account\'s existing `networkRules`, or `defaultAction: "Deny"` into an AccountNetworkRules.',
  references: { checkov: ['CKV_AZURE_35'], trivy: ['AZU-0012'] },
  kinds: [ACCOUNT, NETWORK_RULES],
  check(ctx) {
    const where = NETWORK_FIELDS.get(ctx.type.ref);
    if (where === undefined) return;
    // An Account without network rules is left to the public network access rules; a block of the wrong shape is
    // refused where the default action would be injected into it.
    if (where.block.length > 0 && explicitParams(ctx.resource, where.block).length === 0) return;
    const field = [...where.prefix, 'defaultAction'];
    const actions = explicitParams(ctx.resource, field);
    if (actions.length === 0) inject(ctx, field, 'Deny', 'the network rules do not say what happens to traffic they do not name; Azure allows it');
    for (const { path, value } of actions) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (value !== 'Deny') ctx.unsafe(path, `${path} is ${describe(value, true)}, so every network may reach the account and the rules named beside it restrict nothing; set it to "Deny" and name the subnets and addresses that need access`);
    }
    worldIpRules(ctx, [...where.prefix, 'ipRules']);
  },
}) satisfies Rule;

/** Refuses ipRules that together are the whole IPv4 (or IPv6) space, and entries that are not addresses. */
function worldIpRules(ctx: RuleContext, field: readonly string[]): void {
  const cidrs: { path: string; cidr: Cidr }[] = [];
  for (const { path, value } of explicitParams(ctx.resource, field)) {
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of addresses or CIDRs, got ${describe(value)}`);
      continue;
    }
    value.forEach((v, i) => {
      const at = `${path}[${i}]`;
      const parsed = typeof v === 'string' ? parseCidr(v) : undefined;
      if (parsed?.ok === true) cidrs.push({ path, cidr: parsed.cidr });
      else ctx.unsafe(at, `${at} is ${typeof v === 'string' ? JSON.stringify(v) : describe(v)}, not an address or CIDR${parsed?.ok === false ? `: ${parsed.reason}` : ''}; write one such as 198.51.100.0/24`);
    });
  }
  const union = unionOf(cidrs.map((c) => c.cidr));
  for (const family of FAMILIES) {
    if (!coversAll(union, family)) continue;
    const texts = [...new Set(cidrs.filter((c) => c.cidr.family === family || family === 'ipv4').map((c) => c.cidr.text))];
    const at = cidrs[0]!.path;
    ctx.unsafe(at, `${at} includes ${few(texts)}, together the whole ${family === 'ipv4' ? 'IPv4' : 'IPv6'} internet: a default of Deny with these rules allows every address; list only the addresses that need access`);
    return;
  }
}

export const storageContainerPrivate = fieldRule({
  id: 'azure-storage-container-private',
  title: 'Storage containers are private',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: CONTAINER, field: ['containerAccessType'] }],
  type: 'string',
  safe: 'private',
  inject: 'private',
  missing: 'the container access type was not set',
  unsafe: 'set it to "private" (or remove it): "blob" lets anyone read every blob by its URL, "container" also lets anyone list them',
  why: 'Azure makes a container private when the field is absent; the explicit value keeps it so.',
  references: { checkov: ['CKV_AZURE_34'], trivy: ['AZU-0007'] },
}) satisfies Rule;

/** The storage rules in evaluation order. */
export const STORAGE_RULES = [
  storageHttpsOnly,
  storageMinTls,
  storageNestedItemsPrivate,
  storagePublicNetwork,
  storagePublicNetworkApproval,
  storageNetworkDefaultDeny,
  storageContainerPrivate,
] as const satisfies readonly Rule[];
