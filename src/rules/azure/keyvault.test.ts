import { describe, it } from 'vitest';
import { booleanGuard, finding, guardCases, runCase, SAME, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { azureResource, THREE_SHAPES } from '../../../test/builders/azure-data.js';
import type { KubeObject } from '../../engine/types.js';
import { keyVaultNetwork, keyVaultPurgeProtection, keyVaultSoftDelete } from './keyvault.js';

const vault = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('keyvault', 'Vault', s, { resourceGroupName: 'rg', skuName: 'standard', tenantId: '00000000-0000-0000-0000-000000000000', ...fp });
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const acl = (s: Served, field: string) => `spec.forProvider.networkAcls${s.blocks === 'array' ? '[0]' : ''}.${field}`;

const purge: Case[] = guardCases({
  rule: keyVaultPurgeProtection,
  field: ['purgeProtectionEnabled'],
  shapes: THREE_SHAPES,
  build: vault,
  ...booleanGuard(true),
  missing: 'purge protection was not turned on',
  advice: 'set it to true (or remove it) so a deleted vault and its keys can be recovered for the whole retention period',
});

const APPROVE = 'approve only if clients outside its virtual network must reach it, otherwise set networkAcls.defaultAction to "Deny" (naming the subnets and addresses that need it) or publicNetworkAccessEnabled to false';
const held = (path: string, from: string) => finding(keyVaultNetwork, 'RequireApproval', path, `the vault's endpoint is reachable from ${from}; ${APPROVE}`);

const network: Case[] = [
  ...THREE_SHAPES.flatMap((s): Case[] => [
    {
      name: `network on ${s.label}: no network ACLs, held`,
      reason: 'a vault without network ACLs answers every network',
      resource: vault(s),
      rules: [keyVaultNetwork],
      want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.networkAcls', 'every address (no networkAcls, and public network access is not off)')] },
    },
    {
      name: `network on ${s.label}: public network access off passes`,
      reason: 'network ACLs do not matter when the public endpoint is off',
      resource: vault(s, { publicNetworkAccessEnabled: false }),
      rules: [keyVaultNetwork],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `network on ${s.label}: deny by default with a narrow range passes`,
      reason: 'compliant',
      resource: vault(s, { networkAcls: block(s, { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] }) }),
      rules: [keyVaultNetwork],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `network on ${s.label}: Allow held`,
      reason: 'every network may reach the vault; a person decides',
      resource: vault(s, { networkAcls: block(s, { bypass: 'AzureServices', defaultAction: 'Allow' }) }),
      rules: [keyVaultNetwork],
      want: { desired: SAME, mutations: [], findings: [held(acl(s, 'defaultAction'), `every address (${acl(s, 'defaultAction')} is "Allow")`)] },
    },
    {
      name: `network on ${s.label}: deny by default with ipRules that split the internet, held`,
      reason: 'the rules are judged together',
      resource: vault(s, { networkAcls: block(s, { bypass: 'None', defaultAction: 'Deny', ipRules: ['0.0.0.0/1', '128.0.0.0/1'] }) }),
      rules: [keyVaultNetwork],
      want: { desired: SAME, mutations: [], findings: [held(acl(s, 'ipRules'), 'the whole IPv4 internet through networkAcls.ipRules (0.0.0.0/1, 128.0.0.0/1)')] },
    },
  ]),
  {
    name: 'network: public network access true with deny by default and a narrow range passes',
    reason: 'the ACLs keep the internet out',
    resource: vault(undefined, { publicNetworkAccessEnabled: true, networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: ['198.51.100.7'] } }),
    rules: [keyVaultNetwork],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'network: off in forProvider, on in initProvider: judged as on',
    reason: 'public unless every value set is false',
    resource: withInit(vault(undefined, { publicNetworkAccessEnabled: false }), { publicNetworkAccessEnabled: true }),
    rules: [keyVaultNetwork],
    want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.networkAcls', 'every address (no networkAcls, and public network access is not off)')] },
  },
  {
    name: 'network: a public /7 in ipRules held',
    reason: 'wider than network.internetPrefix',
    resource: vault(undefined, { networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: ['52.0.0.0/7'] } }),
    rules: [keyVaultNetwork],
    want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.networkAcls.ipRules', '52.0.0.0/7, public and wider than /8 through networkAcls.ipRules (52.0.0.0/7)')] },
  },
  {
    name: 'network: malformed values held with what was found',
    reason: 'a value of the wrong type is never passed',
    resource: vault(undefined, { publicNetworkAccessEnabled: 'false', networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: 'any' } }),
    rules: [keyVaultNetwork],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(keyVaultNetwork, 'RequireApproval', 'spec.forProvider.publicNetworkAccessEnabled', 'spec.forProvider.publicNetworkAccessEnabled must be a boolean, got the string "false"'),
        finding(keyVaultNetwork, 'RequireApproval', 'spec.forProvider.networkAcls.ipRules', 'spec.forProvider.networkAcls.ipRules must be a list of addresses or CIDRs, got the string "any"'),
      ],
    },
  },
];

const softDelete: Case[] = [
  ...THREE_SHAPES.flatMap((s): Case[] => [
    {
      name: `soft delete on ${s.label}: nothing set passes, nothing injected`,
      reason: 'Azure soft-deletes every vault; the current CRDs have no switch',
      resource: vault(s),
      rules: [keyVaultSoftDelete],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `soft delete on ${s.label}: softDeleteEnabled false (older CRDs) refused`,
      reason: 'an explicit switch off is refused wherever it is written',
      resource: vault(s, { softDeleteEnabled: false }),
      rules: [keyVaultSoftDelete],
      want: { desired: SAME, mutations: [], findings: [finding(keyVaultSoftDelete, 'Deny', 'spec.forProvider.softDeleteEnabled', 'spec.forProvider.softDeleteEnabled is false; remove it (or set it to true) so a deleted vault and its keys can be recovered')] },
    },
    {
      name: `soft delete on ${s.label}: a retention of 7 days passes`,
      reason: 'the shortest Azure allows',
      resource: vault(s, { softDeleteRetentionDays: 7 }),
      rules: [keyVaultSoftDelete],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ]),
  {
    name: 'soft delete: a retention of 0 days refused',
    reason: 'out of Azure\'s bounds: a vault that cannot be recovered',
    resource: withInit(vault(), { softDeleteRetentionDays: 0 }),
    rules: [keyVaultSoftDelete],
    want: { desired: SAME, mutations: [], findings: [finding(keyVaultSoftDelete, 'Deny', 'spec.initProvider.softDeleteRetentionDays', 'spec.initProvider.softDeleteRetentionDays is 0; keep deleted vaults recoverable for a whole number of days from 7 to 90')] },
  },
  {
    name: 'soft delete: malformed values refused',
    reason: 'a value of the wrong type is never passed',
    resource: vault(undefined, { softDeleteEnabled: 'false', softDeleteRetentionDays: '90' }),
    rules: [keyVaultSoftDelete],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(keyVaultSoftDelete, 'Deny', 'spec.forProvider.softDeleteEnabled', 'spec.forProvider.softDeleteEnabled must be a boolean, got the string "false"'),
        finding(keyVaultSoftDelete, 'Deny', 'spec.forProvider.softDeleteRetentionDays', 'spec.forProvider.softDeleteRetentionDays must be a number, got the string "90"'),
      ],
    },
  },
];

describe('Key Vault', () => {
  it.each(purge)('$name', (c) => runCase(c));
  it.each(network)('$name', (c) => runCase(c));
  it.each(softDelete)('$name', (c) => runCase(c));
});
