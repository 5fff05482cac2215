import { describe, it } from 'vitest';
import { input, resource } from '../../../test/builders.js';
import { finding, runCase, SAME, served, type Case } from '../../../test/builders/aws-data.js';
import { azureResource, THREE_SHAPES } from '../../../test/builders/azure-data.js';
import { azureDatabaseSku, azureLocation, azureVmSize } from './limits.js';

const LIMITS = [azureLocation, azureVmSize, azureDatabaseSku];
const configured = input({
  rules: {
    'azure-location': { allowed: ['westeurope', 'north*'] },
    'azure-vm-size': { allowed: ['Standard_B*'] },
    'azure-database-sku': { allowed: ['B_Standard_*'] },
  },
});

const account = (location: unknown) => azureResource('storage', 'Account', THREE_SHAPES[1]!, { location });
const held = (rule: typeof azureLocation, path: string, value: string, noun: string, allowed: string) =>
  finding(rule, 'RequireApproval', path, `${path} is "${value}", not one of the allowed ${noun}s (${allowed}); choose an allowed ${noun} or get approval`);

const cases: Case[] = [
  {
    name: 'no limit configured: nothing judged',
    reason: 'a limit acts only where the platform sets it',
    resource: account('eastus'),
    rules: LIMITS,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'location allowed',
    reason: 'compliant',
    resource: account('westeurope'),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'location in display form and other case: the same location, allowed',
    reason: 'Azure ignores case and spaces in a location',
    resource: account('West Europe'),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'location matched by a glob',
    reason: 'globs match any run of characters',
    resource: account('northeurope'),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'location not allowed: held',
    reason: 'data residency: a person approves',
    resource: account('East US'),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureLocation, 'spec.forProvider.location', 'East US', 'location', 'westeurope, north*')] },
  },
  {
    name: 'location not allowed, on a namespaced kind in initProvider',
    reason: 'every Azure kind, both groups, both parameter blocks',
    resource: { ...azureResource('keyvault', 'Vault', THREE_SHAPES[2]!, {}), spec: { forProvider: {}, initProvider: { location: 'eastus' } } },
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureLocation, 'spec.initProvider.location', 'eastus', 'location', 'westeurope, north*')] },
  },
  {
    name: 'location not allowed but already the observed one: passes',
    reason: 'a limit tightened later does not hold an unchanged resource hostage',
    resource: account('eastus'),
    observed: account('eastus'),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'location malformed: refused as such',
    reason: 'a value of the wrong type is never passed',
    resource: account(['westeurope']),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [finding(azureLocation, 'RequireApproval', 'spec.forProvider.location', 'spec.forProvider.location must be a string, got an array')] },
  },
  {
    name: 'a GCP location is not judged by the Azure limit',
    reason: 'the rule reads Azure kinds only',
    resource: resource('storage.gcp.upbound.io/v1beta2', 'Bucket', { location: 'US' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'VM size not allowed: held',
    reason: 'an agent must not ask for a larger VM than the platform allows',
    resource: azureResource('compute', 'LinuxVirtualMachine', THREE_SHAPES[1]!, { size: 'Standard_D16s_v5' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureVmSize, 'spec.forProvider.size', 'Standard_D16s_v5', 'size', 'Standard_B*')] },
  },
  {
    name: 'VM size in other case: allowed',
    reason: 'Azure reads size names without case',
    resource: azureResource('compute', 'WindowsVirtualMachine', THREE_SHAPES[2]!, { size: 'standard_b2s' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'AKS default node pool size, in the list shape of v1beta1: held',
    reason: 'single nested blocks are read in either shape',
    resource: azureResource('containerservice', 'KubernetesCluster', served('cluster', 'v1beta1'), { defaultNodePool: [{ name: 'system', vmSize: 'Standard_E64s_v5' }] }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureVmSize, 'spec.forProvider.defaultNodePool[0].vmSize', 'Standard_E64s_v5', 'size', 'Standard_B*')] },
  },
  {
    name: 'a node pool and a scale set: held',
    reason: 'every kind that sizes VMs',
    resource: azureResource('compute', 'LinuxVirtualMachineScaleSet', THREE_SHAPES[0]!, { sku: 'Standard_NC24ads_A100_v4' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureVmSize, 'spec.forProvider.sku', 'Standard_NC24ads_A100_v4', 'size', 'Standard_B*')] },
  },
  {
    name: 'database SKU not allowed: held',
    reason: 'an agent must not ask for a larger database than the platform allows',
    resource: azureResource('dbforpostgresql', 'FlexibleServer', THREE_SHAPES[1]!, { skuName: 'GP_Standard_D4s_v3' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [held(azureDatabaseSku, 'spec.forProvider.skuName', 'GP_Standard_D4s_v3', 'SKU', 'B_Standard_*')] },
  },
  {
    name: 'database SKU allowed, on MySQL',
    reason: 'compliant',
    resource: azureResource('dbformysql', 'FlexibleServer', THREE_SHAPES[2]!, { skuName: 'B_Standard_B1ms' }),
    rules: LIMITS,
    input: configured,
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('Azure limits', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
