/** The provider-upjet-gcp kinds the GCP rules read, every version and both groups (`*.gcp.upbound.io`, `*.gcp.m.upbound.io`). */
import type { ProviderKindRef } from '../../engine/rule.js';

export const gcp = (service: string, kind: string): ProviderKindRef => ({ cloud: 'gcp', service, kind });

export const BUCKET = gcp('storage', 'Bucket');
export const SQL_INSTANCE = gcp('sql', 'DatabaseInstance');
export const FIREWALL = gcp('compute', 'Firewall');
export const INSTANCE = gcp('compute', 'Instance');
export const INSTANCE_TEMPLATE = gcp('compute', 'InstanceTemplate');
export const INSTANCE_FROM_TEMPLATE = gcp('compute', 'InstanceFromTemplate');
export const CLUSTER = gcp('container', 'Cluster');
export const NODE_POOL = gcp('container', 'NodePool');
export const CRYPTO_KEY = gcp('kms', 'CryptoKey');

/** Every kind that launches a Compute Engine VM or says how one launches. */
export const VM_KINDS = [INSTANCE, INSTANCE_TEMPLATE, INSTANCE_FROM_TEMPLATE] as const;

/** What an InstanceFromTemplate takes from its template where it does not set a field itself. */
export const FROM_TEMPLATE = 'its source instance template';
