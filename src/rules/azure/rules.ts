/** The Azure catalog in evaluation order (its limits are listed with the other limits, in ../catalog.ts). */
import type { Rule } from '../../engine/rule.js';
import { AKS_RULES } from './aks.js';
import { COMPUTE_RULES } from './compute.js';
import { DATABASE_RULES } from './databases.js';
import { FIREWALL_RULES } from './firewall.js';
import { KEYVAULT_RULES } from './keyvault.js';
import { NSG_RULES } from './nsg.js';
import { STORAGE_RULES } from './storage.js';

export const AZURE_RULES: readonly Rule[] = [...STORAGE_RULES, ...DATABASE_RULES, ...FIREWALL_RULES, ...NSG_RULES, ...AKS_RULES, ...KEYVAULT_RULES, ...COMPUTE_RULES];
