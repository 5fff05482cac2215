import { describe, expect, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { finding, runCase, runFindingsCase, SAME, type FindingsCase } from '../../../test/builders/aws-data.js';
import { gcpResource, served } from '../../../test/builders/gcp-data.js';
import { gcpMachineType, gcpRegion, gcpSqlTier, gcpStorageSize, LIMIT_RULES, regionOfZone } from './limits.js';

const V1BETA2 = served('cluster', 'v1beta2');
const V1BETA1 = served('cluster', 'v1beta1');
const NS = served('namespaced', 'v1beta1');

const allowed = (id: string, list: string[]) => input({ rules: { [id]: { allowed: list } } });
const EU = ['europe-west*', 'EU'];

const regionCases: FindingsCase[] = [
  { name: 'not configured', reason: 'a limit acts only where set', resource: gcpResource('compute', 'Instance', V1BETA2, { zone: 'us-central1-a' }), want: [] },
  { name: 'a region a glob allows', reason: 'compliant', resource: gcpResource('sql', 'DatabaseInstance', V1BETA2, { region: 'europe-west1' }), input: allowed('gcp-region', EU), want: [] },
  {
    name: 'a region no glob allows',
    reason: 'held until a person approves',
    resource: gcpResource('sql', 'DatabaseInstance', NS, { region: 'us-central1' }),
    input: allowed('gcp-region', EU),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.region', 'spec.forProvider.region is "us-central1", not one of the allowed locations (europe-west*, EU); choose an allowed location or get approval')],
  },
  { name: 'a zone of an allowed region', reason: 'europe-west1-b is in europe-west1', resource: gcpResource('compute', 'Instance', V1BETA2, { zone: 'europe-west1-b' }), input: allowed('gcp-region', ['europe-west1']), want: [] },
  {
    name: 'another zone than the one allowed',
    reason: 'a glob may name one zone only',
    resource: gcpResource('compute', 'Instance', V1BETA2, { zone: 'europe-west1-c' }),
    input: allowed('gcp-region', ['europe-west1-b']),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.zone', 'spec.forProvider.zone is "europe-west1-c" (in europe-west1), not one of the allowed locations (europe-west1-b); choose an allowed location or get approval')],
  },
  { name: 'a multi-region, without case', reason: 'Cloud Storage says EU, the API takes eu', resource: gcpResource('storage', 'Bucket', V1BETA2, { location: 'eu' }), input: allowed('gcp-region', EU), want: [] },
  {
    name: 'another multi-region',
    reason: 'US is a location of its own',
    resource: gcpResource('storage', 'Bucket', V1BETA2, { location: 'US' }),
    input: allowed('gcp-region', EU),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.location', 'spec.forProvider.location is "US", not one of the allowed locations (europe-west*, EU); choose an allowed location or get approval')],
  },
  {
    name: 'GKE node locations, each judged',
    reason: 'a cluster in Europe with nodes elsewhere',
    resource: gcpResource('container', 'NodePool', V1BETA2, { location: 'europe-west1', nodeLocations: ['europe-west1-b', 'us-east1-b'] }),
    input: allowed('gcp-region', EU),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.nodeLocations[1]', 'spec.forProvider.nodeLocations[1] is "us-east1-b" (in us-east1), not one of the allowed locations (europe-west*, EU); choose an allowed location or get approval')],
  },
  {
    name: 'a Cloud SQL zone preference (v1beta1 shape)',
    reason: 'settings.locationPreference.zone is a place too',
    resource: gcpResource('sql', 'DatabaseInstance', V1BETA1, { region: 'europe-west1', settings: [{ tier: 'db-f1-micro', locationPreference: [{ zone: 'asia-east1-a' }] }] }),
    input: allowed('gcp-region', EU),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.settings[0].locationPreference[0].zone', 'spec.forProvider.settings[0].locationPreference[0].zone is "asia-east1-a" (in asia-east1), not one of the allowed locations (europe-west*, EU); choose an allowed location or get approval')],
  },
  {
    name: 'a region that is not a string',
    reason: 'malformed: reported',
    resource: gcpResource('compute', 'Firewall', V1BETA2, { region: ['europe-west1'] }),
    input: allowed('gcp-region', EU),
    want: [finding(gcpRegion, 'RequireApproval', 'spec.forProvider.region', 'spec.forProvider.region must be a string, got an array')],
  },
];

const sizing: FindingsCase[] = [
  { name: 'a machine type given as a URL', reason: 'judged by its last segment', resource: gcpResource('compute', 'Instance', V1BETA2, { machineType: 'zones/europe-west1-b/machineTypes/e2-medium' }), input: allowed('gcp-machine-type', ['e2-*']), want: [] },
  {
    name: 'a machine type no glob allows',
    reason: 'held',
    resource: gcpResource('compute', 'InstanceTemplate', NS, { machineType: 'n2-highmem-96' }),
    input: allowed('gcp-machine-type', ['e2-*']),
    want: [finding(gcpMachineType, 'RequireApproval', 'spec.forProvider.machineType', 'spec.forProvider.machineType is "n2-highmem-96", not one of the allowed machine types (e2-*); choose an allowed machine type or get approval')],
  },
  {
    name: 'GKE nodes',
    reason: 'nodeConfig.machineType, in the v1beta1 shape',
    resource: gcpResource('container', 'Cluster', V1BETA1, { nodeConfig: [{ machineType: 'a2-highgpu-8g' }] }),
    input: allowed('gcp-machine-type', ['e2-*']),
    want: [finding(gcpMachineType, 'RequireApproval', 'spec.forProvider.nodeConfig[0].machineType', 'spec.forProvider.nodeConfig[0].machineType is "a2-highgpu-8g", not one of the allowed machine types (e2-*); choose an allowed machine type or get approval')],
  },
  {
    name: 'a Cloud SQL tier',
    reason: 'settings.tier',
    resource: gcpResource('sql', 'DatabaseInstance', V1BETA2, { settings: { tier: 'db-custom-96-368640' } }),
    input: allowed('gcp-sql-tier', ['db-custom-2-*', 'db-f1-micro']),
    want: [finding(gcpSqlTier, 'RequireApproval', 'spec.forProvider.settings.tier', 'spec.forProvider.settings.tier is "db-custom-96-368640", not one of the allowed tiers (db-custom-2-*, db-f1-micro); choose an allowed tier or get approval')],
  },
  {
    name: 'a disk over the ceiling',
    reason: 'held',
    resource: gcpResource('compute', 'Disk', V1BETA2, { size: 4000 }),
    input: input({ rules: { 'gcp-storage-size': { maxGiB: 500 } } }),
    want: [finding(gcpStorageSize, 'RequireApproval', 'spec.forProvider.size', 'spec.forProvider.size is 4000 GB, more than the allowed 500 GB; choose at most 500 or get approval')],
  },
  {
    name: 'each disk of an instance template',
    reason: 'disk is a list: each entry is judged',
    resource: gcpResource('compute', 'InstanceTemplate', V1BETA2, { disk: [{ diskSizeGb: 50 }, { diskSizeGb: 2000 }] }),
    input: input({ rules: { 'gcp-storage-size': { maxGiB: 500 } } }),
    want: [finding(gcpStorageSize, 'RequireApproval', 'spec.forProvider.disk[1].diskSizeGb', 'spec.forProvider.disk[1].diskSizeGb is 2000 GB, more than the allowed 500 GB; choose at most 500 or get approval')],
  },
  {
    name: 'a size that is not a number',
    reason: 'malformed: reported',
    resource: gcpResource('sql', 'DatabaseInstance', V1BETA2, { settings: { tier: 'db-f1-micro', diskSize: '4000' } }),
    input: input({ rules: { 'gcp-storage-size': { maxGiB: 500 } } }),
    want: [finding(gcpStorageSize, 'RequireApproval', 'spec.forProvider.settings.diskSize', 'spec.forProvider.settings.diskSize must be a number, got the string "4000"')],
  },
];

describe('GCP limits', () => {
  it.each(regionCases)('locations: $name', (c) => runFindingsCase(c, LIMIT_RULES));
  it.each(sizing)('sizes: $name', (c) => runFindingsCase(c, LIMIT_RULES));

  it('a location the resource already has passes, so a list tightened later holds nothing hostage', () => {
    const r = gcpResource('sql', 'DatabaseInstance', V1BETA2, { region: 'us-central1' });
    runCase({ name: 'grandfathered', reason: 'observed already there', resource: r, observed: r, rules: LIMIT_RULES, input: allowed('gcp-region', EU), want: { desired: SAME, mutations: [], findings: [] } });
  });

  it.each([
    ['europe-west1-b', 'europe-west1'],
    ['northamerica-northeast1-a', 'northamerica-northeast1'],
    ['me-central2-c', 'me-central2'],
    ['europe-west1', undefined],
    ['EU', undefined],
    ['eur4', undefined],
  ])('the region of %j is %j', (zone, region) => expect(regionOfZone(zone)).toBe(region));
});
