/**
 * Limits the platform team sets in the Input, on GCP: where resources go
 * (regions, zones, locations) and how large they are (machine types, Cloud
 * SQL tiers, disk sizes). Each acts only where configured, judges explicit
 * values only, and passes a value the observed resource already has (see
 * ../kit/limits.ts).
 *
 * Places: a zone is in the region its name starts with (`europe-west1-b`
 * is in `europe-west1`), so a glob that allows a region allows its zones,
 * and a glob may also name one zone only. Multi-regions (`EU`, `US`) and
 * dual-regions (`EUR4`) are locations of their own: list them to allow
 * them. Values and globs are compared without case (Cloud Storage says
 * `EU`, the API takes `eu`).
 */
import type { Rule } from '../../engine/rule.js';
import { allowListRule, ceilingRule, EACH, GRANDFATHERED, placeRule, type Field, type Matching } from '../kit/limits.js';

/** A GCP field: its path dotted, `*` for every element of a list. */
const gcpField = (service: string, kind: string, field: string): Field => ({ cloud: 'gcp', service, kind, field: field.split('.') });

/** `europe-west1-b` -> `europe-west1`; undefined for anything that is not a zone. */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/.exec(zone);
  return m?.[1];
}

/** `zones/europe-west1-b/machineTypes/e2-medium` -> `e2-medium`: a machine type may be given as its URL. */
const lastSegment = (value: string) => {
  const tail = value.replace(/\/+$/, '').split('/').at(-1);
  return tail !== undefined && tail !== value ? tail : undefined;
};

/**
 * How GCP compares: without case, the value without surrounding spaces; a
 * value passes when it matches, or when what `also` derives from it does (a
 * zone's region, a machine type URL's last segment).
 */
const match = (also?: (value: string) => string | undefined): Matching => ({ fold: (s) => s.toLowerCase(), trim: true, ...(also !== undefined ? { also } : {}) });

export const gcpRegion = placeRule({
  id: 'gcp-region',
  title: 'GCP resources stay in the allowed locations',
  description: `Acts only where \`rules.gcp-region.allowed\` lists the locations the platform allows (globs, e.g. \`europe-west*\`, \`EU\`); without it, it does nothing. On every GCP kind, refuses until a person approves an explicit \`region\`, \`zone\` or \`location\` in forProvider or initProvider, a GKE Cluster's or NodePool's \`nodeLocations\`, or a Cloud SQL instance's \`settings.locationPreference.zone\` and \`secondaryZone\`, that no glob matches. A zone passes when its region does (\`europe-west1-b\` is in \`europe-west1\`), so a glob may allow a region with its zones or one zone alone; multi-regions (\`EU\`, \`US\`), dual-regions (\`EUR4\`) and \`global\` are locations of their own, to be listed to be allowed. Values and globs are compared without case. Absent fields are not judged. ${GRANDFATHERED}`,
  cloud: 'gcp',
  summary: 'every GCP kind with a region, zone or location',
  noun: { one: 'location', many: 'locations' },
  example: 'europe-west*',
  top: ['region', 'zone', 'location'],
  // Fields beyond the top-level `region`, `zone` and `location` every GCP kind may have.
  fields: [
    gcpField('container', 'Cluster', `nodeLocations.${EACH}`),
    gcpField('container', 'NodePool', `nodeLocations.${EACH}`),
    gcpField('sql', 'DatabaseInstance', 'settings.locationPreference.zone'),
    gcpField('sql', 'DatabaseInstance', 'settings.locationPreference.secondaryZone'),
  ],
  matching: match(regionOfZone),
}) satisfies Rule;

export const gcpMachineType = allowListRule({
  id: 'gcp-machine-type',
  title: 'GCP machine types are on the allow-list',
  description: `Acts only where \`rules.gcp-machine-type.allowed\` lists the machine types the platform allows (globs, e.g. \`e2-*\`); without it, it does nothing. Refuses, until a person approves, an explicit \`machineType\` of a Compute Engine Instance, InstanceTemplate or InstanceFromTemplate, or \`nodeConfig.machineType\` of a GKE Cluster or NodePool, that no glob matches; a machine type given as a URL (\`zones/europe-west1-b/machineTypes/e2-medium\`) is judged by its last segment. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'machine type', many: 'machine types' },
  example: 'e2-*',
  fields: [
    gcpField('compute', 'Instance', 'machineType'),
    gcpField('compute', 'InstanceTemplate', 'machineType'),
    gcpField('compute', 'InstanceFromTemplate', 'machineType'),
    gcpField('container', 'Cluster', 'nodeConfig.machineType'),
    gcpField('container', 'NodePool', 'nodeConfig.machineType'),
  ],
  matching: match(lastSegment),
}) satisfies Rule;

export const gcpSqlTier = allowListRule({
  id: 'gcp-sql-tier',
  title: 'Cloud SQL tiers are on the allow-list',
  description: `Acts only where \`rules.gcp-sql-tier.allowed\` lists the Cloud SQL tiers the platform allows (globs, e.g. \`db-f1-*\`, \`db-custom-2-*\`); without it, it does nothing. Refuses an explicit \`settings.tier\` of a DatabaseInstance that no glob matches, until a person approves. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'tier', many: 'tiers' },
  example: 'db-custom-2-*',
  fields: [gcpField('sql', 'DatabaseInstance', 'settings.tier')],
  matching: match(),
}) satisfies Rule;

export const gcpStorageSize = ceilingRule({
  id: 'gcp-storage-size',
  title: 'GCP disk sizes stay under the ceiling',
  description: `Acts only where \`rules.gcp-storage-size.maxGiB\` sets the largest disk the platform allows; without it, it does nothing. Refuses, until a person approves, an explicit size above it: Compute Engine Disk \`size\`, an Instance's or InstanceFromTemplate's \`bootDisk.initializeParams.size\`, every \`disk[*].diskSizeGb\` of an InstanceTemplate, a Cloud SQL instance's \`settings.diskSize\` and \`settings.diskAutoresizeLimit\` (the autoresize ceiling), a GKE Cluster's or NodePool's \`nodeConfig.diskSizeGb\`. Every size is in GB and a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  // Sizes in GB (GiB for Compute Engine and Cloud SQL disks); every one a number in its CRD.
  fields: [
    gcpField('compute', 'Disk', 'size'),
    gcpField('compute', 'Instance', 'bootDisk.initializeParams.size'),
    gcpField('compute', 'InstanceFromTemplate', 'bootDisk.initializeParams.size'),
    gcpField('compute', 'InstanceTemplate', `disk.${EACH}.diskSizeGb`),
    gcpField('sql', 'DatabaseInstance', 'settings.diskSize'),
    gcpField('sql', 'DatabaseInstance', 'settings.diskAutoresizeLimit'),
    gcpField('container', 'Cluster', 'nodeConfig.diskSizeGb'),
    gcpField('container', 'NodePool', 'nodeConfig.diskSizeGb'),
  ],
  param: { name: 'maxGiB', unit: 'GiB', description: 'The largest disk size allowed, in GiB, e.g. 500. Unset: the rule does nothing.' },
  exceeds: (path, value, max) => `${path} is ${value} GB, more than the allowed ${max} GB; choose at most ${max} or get approval`,
}) satisfies Rule;

/** The GCP limits in evaluation order. */
export const LIMIT_RULES = [gcpMachineType, gcpSqlTier, gcpStorageSize, gcpRegion] as const satisfies readonly Rule[];
