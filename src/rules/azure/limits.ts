/**
 * Limits the platform team sets in the Input for Azure: the locations
 * allowed, and allow-lists of VM sizes and database SKUs. Each acts only
 * where configured and judges explicit values, never absent ones; a value
 * the observed resource already has passes (see ../kit/limits.ts).
 *
 * Azure reads these names without case, and a location also in its display
 * form (`West Europe` is `westeurope`), so values and globs are compared
 * the same way: a request cannot slip past a list by changing case, and a
 * list need not spell every form.
 */
import type { Rule } from '../../engine/rule.js';
import { allowListRule, GRANDFATHERED, placeRule, type Matching } from '../kit/limits.js';

/** How Azure compares a location: no case, no spaces. */
const LOCATION_MATCH: Matching = { fold: (s) => s.toLowerCase().replace(/\s+/g, '') };
/** How Azure compares a size or SKU name: no case. */
const NAME_MATCH: Matching = { fold: (s) => s.toLowerCase() };

export const azureLocation = placeRule({
  id: 'azure-location',
  title: 'Azure resources stay in the allowed locations',
  description: `Acts only where \`rules.azure-location.allowed\` lists the locations the platform allows (globs, e.g. \`*europe\`); without it, it does nothing. On every Azure kind, refuses an explicit \`location\` in forProvider or initProvider that no glob matches, until a person approves; case and spaces are ignored on both sides, as Azure ignores them (\`West Europe\` is \`westeurope\`). A kind without a location and a resource that does not set one are not judged. ${GRANDFATHERED}`,
  cloud: 'azure',
  summary: 'every Azure kind with a location',
  noun: { one: 'location', many: 'locations' },
  example: 'westeurope',
  top: ['location'],
  matching: LOCATION_MATCH,
}) satisfies Rule;

export const azureVmSize = allowListRule({
  id: 'azure-vm-size',
  title: 'Azure VM sizes are on the allow-list',
  description: `Acts only where \`rules.azure-vm-size.allowed\` lists the VM sizes the platform allows (globs, e.g. \`Standard_B*\`, compared without case as Azure does); without it, it does nothing. Refuses, until a person approves, an explicit \`size\` of a Linux or Windows VirtualMachine, \`sku\` of a Linux or Windows VirtualMachineScaleSet, \`skuName\` of an OrchestratedVirtualMachineScaleSet, or \`vmSize\` of an AKS cluster's \`defaultNodePool\` or of a KubernetesClusterNodePool, that no glob matches. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'size', many: 'sizes' },
  example: 'Standard_B*',
  matching: NAME_MATCH,
  fields: [
    { cloud: 'azure', service: 'compute', kind: 'LinuxVirtualMachine', field: ['size'] },
    { cloud: 'azure', service: 'compute', kind: 'WindowsVirtualMachine', field: ['size'] },
    { cloud: 'azure', service: 'compute', kind: 'LinuxVirtualMachineScaleSet', field: ['sku'] },
    { cloud: 'azure', service: 'compute', kind: 'WindowsVirtualMachineScaleSet', field: ['sku'] },
    { cloud: 'azure', service: 'compute', kind: 'OrchestratedVirtualMachineScaleSet', field: ['skuName'] },
    { cloud: 'azure', service: 'containerservice', kind: 'KubernetesCluster', field: ['defaultNodePool', 'vmSize'] },
    { cloud: 'azure', service: 'containerservice', kind: 'KubernetesClusterNodePool', field: ['vmSize'] },
  ],
}) satisfies Rule;

export const azureDatabaseSku = allowListRule({
  id: 'azure-database-sku',
  title: 'Azure database SKUs are on the allow-list',
  description: `Acts only where \`rules.azure-database-sku.allowed\` lists the database SKUs the platform allows (globs, e.g. \`B_Standard_*\`, compared without case as Azure does); without it, it does nothing. Refuses, until a person approves, an explicit \`skuName\` of a PostgreSQL or MySQL FlexibleServer, a PostgreSQL single Server or an Azure SQL MSSQLDatabase that no glob matches: an agent must not ask for a larger database than the platform allows. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'SKU', many: 'SKUs' },
  example: 'B_Standard_*',
  matching: NAME_MATCH,
  fields: [
    { cloud: 'azure', service: 'dbforpostgresql', kind: 'FlexibleServer', field: ['skuName'] },
    { cloud: 'azure', service: 'dbforpostgresql', kind: 'Server', field: ['skuName'] },
    { cloud: 'azure', service: 'dbformysql', kind: 'FlexibleServer', field: ['skuName'] },
    { cloud: 'azure', service: 'sql', kind: 'MSSQLDatabase', field: ['skuName'] },
  ],
}) satisfies Rule;

/** The Azure limits in evaluation order. */
export const AZURE_LIMIT_RULES = [azureLocation, azureVmSize, azureDatabaseSku] as const satisfies readonly Rule[];
