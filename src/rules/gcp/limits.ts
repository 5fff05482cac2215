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
import { z } from 'zod';
import { formatFieldPath } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';
import { allowList, allowListRule, grandfathered, GRANDFATHERED, judgeAllowed, table, values, type Field, type Noun } from '../kit/limits.js';
import { describe } from '../params.js';

const gcpField = (service: string, kind: string, field: string, each?: true | string): Field => ({ cloud: 'gcp', service, kind, field: field.split('.'), ...(each !== undefined ? { each } : {}) });

/** `europe-west1-b` -> `europe-west1`; undefined for anything that is not a zone. */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/.exec(zone);
  return m?.[1];
}

/** GCP reads names without case; a value is judged trimmed. */
const WITHOUT_CASE = (s: string) => s.trim().toLowerCase();

const PLACE: Noun = { one: 'location', many: 'locations' };

/** Fields beyond the top-level `region`, `zone` and `location` every GCP kind may have. */
const PLACES = table([
  gcpField('container', 'Cluster', 'nodeLocations', true),
  gcpField('container', 'NodePool', 'nodeLocations', true),
  gcpField('sql', 'DatabaseInstance', 'settings.locationPreference.zone'),
  gcpField('sql', 'DatabaseInstance', 'settings.locationPreference.secondaryZone'),
]);

const TOP_LEVEL = ['region', 'zone', 'location'].map((f) => ({ service: '', kind: '', field: [f] }) satisfies Field);

export const gcpRegion = defineRule({
  id: 'gcp-region',
  title: 'GCP resources stay in the allowed locations',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Acts only where \`rules.gcp-region.allowed\` lists the locations the platform allows (globs, e.g. \`europe-west*\`, \`EU\`); without it, it does nothing. On every GCP kind, refuses until a person approves an explicit \`region\`, \`zone\` or \`location\` in forProvider or initProvider, a GKE Cluster's or NodePool's \`nodeLocations\`, or a Cloud SQL instance's \`settings.locationPreference.zone\` and \`secondaryZone\`, that no glob matches. A zone passes when its region does (\`europe-west1-b\` is in \`europe-west1\`), so a glob may allow a region with its zones or one zone alone; multi-regions (\`EU\`, \`US\`), dual-regions (\`EUR4\`) and \`global\` are locations of their own, to be listed to be allowed. Values and globs are compared without case. Absent fields are not judged. ${GRANDFATHERED}`,
  kinds: { summary: 'every GCP kind with a region, zone or location', test: (type) => type.cloud === 'gcp' },
  params: allowList(PLACE, 'europe-west*'),
  configured: ({ allowed }) => allowed !== undefined,
  check(ctx, { allowed }) {
    if (allowed === undefined) return;
    for (const f of [...TOP_LEVEL, ...PLACES.of(ctx)]) for (const v of values(ctx, f)) judgeAllowed(ctx, v, allowed, PLACE, { normalize: WITHOUT_CASE, also: regionOfZone });
  },
}) satisfies Rule;

/** `zones/europe-west1-b/machineTypes/e2-medium` -> `e2-medium`: a machine type may be given as its URL. */
const lastSegment = (value: string) => {
  const tail = value.replace(/\/+$/, '').split('/').at(-1);
  return tail !== undefined && tail !== value ? tail : undefined;
};

const MACHINE_FIELDS = [
  gcpField('compute', 'Instance', 'machineType'),
  gcpField('compute', 'InstanceTemplate', 'machineType'),
  gcpField('compute', 'InstanceFromTemplate', 'machineType'),
  gcpField('container', 'Cluster', 'nodeConfig.machineType'),
  gcpField('container', 'NodePool', 'nodeConfig.machineType'),
];

const MACHINE: Noun = { one: 'machine type', many: 'machine types' };

export const gcpMachineType = allowListRule({
  id: 'gcp-machine-type',
  title: 'GCP machine types are on the allow-list',
  description: `Acts only where \`rules.gcp-machine-type.allowed\` lists the machine types the platform allows (globs, e.g. \`e2-*\`); without it, it does nothing. Refuses, until a person approves, an explicit \`machineType\` of a Compute Engine Instance, InstanceTemplate or InstanceFromTemplate, or \`nodeConfig.machineType\` of a GKE Cluster or NodePool, that no glob matches; a machine type given as a URL (\`zones/europe-west1-b/machineTypes/e2-medium\`) is judged by its last segment. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: MACHINE,
  example: 'e2-*',
  fields: MACHINE_FIELDS,
  compare: { normalize: WITHOUT_CASE, also: lastSegment },
}) satisfies Rule;

const TIER: Noun = { one: 'tier', many: 'tiers' };

export const gcpSqlTier = allowListRule({
  id: 'gcp-sql-tier',
  title: 'Cloud SQL tiers are on the allow-list',
  description: `Acts only where \`rules.gcp-sql-tier.allowed\` lists the Cloud SQL tiers the platform allows (globs, e.g. \`db-f1-*\`, \`db-custom-2-*\`); without it, it does nothing. Refuses an explicit \`settings.tier\` of a DatabaseInstance that no glob matches, until a person approves. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: TIER,
  example: 'db-custom-2-*',
  fields: [gcpField('sql', 'DatabaseInstance', 'settings.tier')],
  compare: { normalize: WITHOUT_CASE },
}) satisfies Rule;

/** Sizes in GB (GiB for Compute Engine and Cloud SQL disks); every one a number in its CRD. */
const SIZES = table([
  gcpField('compute', 'Disk', 'size'),
  gcpField('compute', 'Instance', 'bootDisk.initializeParams.size'),
  gcpField('compute', 'InstanceFromTemplate', 'bootDisk.initializeParams.size'),
  gcpField('compute', 'InstanceTemplate', 'disk', 'diskSizeGb'),
  gcpField('sql', 'DatabaseInstance', 'settings.diskSize'),
  gcpField('sql', 'DatabaseInstance', 'settings.diskAutoresizeLimit'),
  gcpField('container', 'Cluster', 'nodeConfig.diskSizeGb'),
  gcpField('container', 'NodePool', 'nodeConfig.diskSizeGb'),
]);

export const gcpStorageSize = defineRule({
  id: 'gcp-storage-size',
  title: 'GCP disk sizes stay under the ceiling',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description: `Acts only where \`rules.gcp-storage-size.maxGiB\` sets the largest disk the platform allows; without it, it does nothing. Refuses, until a person approves, an explicit size above it: Compute Engine Disk \`size\`, an Instance's or InstanceFromTemplate's \`bootDisk.initializeParams.size\`, every \`disk[*].diskSizeGb\` of an InstanceTemplate, a Cloud SQL instance's \`settings.diskSize\` and \`settings.diskAutoresizeLimit\` (the autoresize ceiling), a GKE Cluster's or NodePool's \`nodeConfig.diskSizeGb\`. Every size is in GB and a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  kinds: SIZES.kinds,
  params: z.object({
    maxGiB: z
      .number()
      .int('must be a whole number of GiB')
      .positive('must be a positive number of GiB')
      .meta({ description: 'The largest disk size allowed, in GiB, e.g. 500. Unset: the rule does nothing.' }),
  }),
  configured: ({ maxGiB }) => maxGiB !== undefined,
  check(ctx, { maxGiB }) {
    if (maxGiB === undefined) return;
    for (const f of SIZES.of(ctx)) {
      for (const v of values(ctx, f)) {
        const path = formatFieldPath(v.segments);
        if (typeof v.value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(v.value)}`);
        else if (v.value > maxGiB && !grandfathered(ctx, v)) ctx.unsafe(path, `${path} is ${v.value} GB, more than the allowed ${maxGiB} GB; choose at most ${maxGiB} or get approval`);
      }
    }
  },
}) satisfies Rule;

/** The GCP limits in evaluation order. */
export const LIMIT_RULES = [gcpMachineType, gcpSqlTier, gcpStorageSize, gcpRegion] as const satisfies readonly Rule[];
