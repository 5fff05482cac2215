/**
 * Key Vaults: soft delete and purge protection on, and no vault reachable
 * from the whole internet without a person's approval.
 */
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { exposure, describeExposure, parseCidr, unionOf, type Cidr } from '../kit/cidr.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const VAULT: ProviderKindRef = { cloud: 'azure', service: 'keyvault', kind: 'Vault' };

export const keyVaultPurgeProtection = fieldRule({
  id: 'azure-keyvault-purge-protection',
  title: 'Key Vaults have purge protection',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: VAULT, field: ['purgeProtectionEnabled'] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'purge protection was not turned on',
  unsafe: 'set it to true (or remove it) so a deleted vault and its keys can be recovered for the whole retention period',
  why: 'Without it, anyone who may delete the vault may also purge it at once, destroying every key, secret and certificate and whatever data they encrypt. Once on it cannot be turned off, and a deleted vault keeps its name reserved until its soft-delete retention (`softDeleteRetentionDays`, 90 days by default) ends: choose a shorter retention for short-lived environments.',
  references: { checkov: ['CKV_AZURE_110', 'CKV_AZURE_42'], trivy: ['AZU-0016'] },
}) satisfies Rule;

export const keyVaultSoftDelete = defineRule({
  id: 'azure-keyvault-soft-delete',
  title: 'Key Vaults keep soft delete on',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a Vault with an explicit `softDeleteEnabled: false`, and a `softDeleteRetentionDays` that is not a whole number of days from 7 to 90, or a value of the wrong type. Azure soft-deletes every vault since 2020 and the current CRDs have no switch, only the retention; older ones (azurerm 2) had `softDeleteEnabled`, and there `false` let a deleted vault vanish at once with its keys. Nothing to inject: absent is on, for 90 days.',
  references: { checkov: ['CKV_AZURE_111'] },
  kinds: [VAULT],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['softDeleteEnabled'])) {
      if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
      else if (!value) ctx.unsafe(path, `${path} is false; remove it (or set it to true) so a deleted vault and its keys can be recovered`);
    }
    for (const { path, value } of explicitParams(ctx.resource, ['softDeleteRetentionDays'])) {
      if (typeof value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(value)}`);
      else if (!Number.isInteger(value) || value < 7 || value > 90) ctx.unsafe(path, `${path} is ${value}; keep deleted vaults recoverable for a whole number of days from 7 to 90`);
    }
  },
}) satisfies Rule;

export const keyVaultNetwork = defineRule({
  id: 'azure-keyvault-network',
  title: 'A Key Vault reachable from the internet needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a Vault whose endpoint answers the internet: `publicNetworkAccessEnabled` not `false`, and `networkAcls.defaultAction` not `"Deny"` (absent network ACLs allow every network), or `"Deny"` with `networkAcls.ipRules` that admit the internet (the whole address space, or a public range wider than `network.internetPrefix`, the rules taken together). A vault with public network access off, or network ACLs that deny by default and name only narrow ranges, passes. Not injected: a deny-by-default vault is unreachable to clients outside its virtual network, Crossplane itself included when it writes keys or secrets into it, so a person decides. Values of the wrong type, and ipRules that are not addresses or CIDRs, are held too.',
  references: { checkov: ['CKV_AZURE_109', 'CKV_AZURE_189'], trivy: ['AZU-0013'] },
  kinds: [VAULT],
  check(ctx) {
    const pna = explicitParams(ctx.resource, ['publicNetworkAccessEnabled']);
    for (const { path, value } of pna) if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
    // Upjet fills a false (empty) forProvider value from initProvider: public unless every value set is false.
    if (pna.length > 0 && pna.every((e) => e.value === false)) return;
    const reach = openTo(ctx);
    if (reach === undefined) return;
    ctx.unsafe(reach.path, `the vault's endpoint is reachable from ${reach.words}; approve only if clients outside its virtual network must reach it, otherwise set networkAcls.defaultAction to "Deny" (naming the subnets and addresses that need it) or publicNetworkAccessEnabled to false`);
  },
}) satisfies Rule;

/** How far the vault's network ACLs let the internet in, or undefined when they keep it out. */
function openTo(ctx: RuleContext): { path: string; words: string } | undefined {
  const actions = explicitParams(ctx.resource, ['networkAcls', 'defaultAction']);
  for (const { path, value } of actions) if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
  const allow = actions.find((e) => e.value !== 'Deny');
  if (actions.length === 0) return { path: 'spec.forProvider.networkAcls', words: 'every address (no networkAcls, and public network access is not off)' };
  if (allow !== undefined) return { path: allow.path, words: `every address (${allow.path} is ${describe(allow.value, true)})` };
  const cidrs: { path: string; cidr: Cidr }[] = [];
  for (const { path, value } of explicitParams(ctx.resource, ['networkAcls', 'ipRules'])) {
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of addresses or CIDRs, got ${describe(value)}`);
      continue;
    }
    value.forEach((v, i) => {
      const parsed = typeof v === 'string' ? parseCidr(v) : undefined;
      if (parsed?.ok === true) cidrs.push({ path, cidr: parsed.cidr });
      else ctx.unsafe(`${path}[${i}]`, `${path}[${i}] is ${typeof v === 'string' ? JSON.stringify(v) : describe(v)}, not an address or CIDR${parsed?.ok === false ? `: ${parsed.reason}` : ''}; write one such as 198.51.100.0/24`);
    });
  }
  const internet = ctx.input.network.internetPrefix;
  const found = exposure(unionOf(cidrs.map((c) => c.cidr)), internet);
  if (found.length === 0) return undefined;
  return { path: cidrs[0]!.path, words: `${found.map((e) => describeExposure(e, internet)).join(' and ')} through networkAcls.ipRules (${[...new Set(cidrs.map((c) => c.cidr.text))].slice(0, 5).join(', ')})` };
}

/** The Key Vault rules in evaluation order. */
export const KEYVAULT_RULES = [keyVaultPurgeProtection, keyVaultSoftDelete, keyVaultNetwork] as const satisfies readonly Rule[];
