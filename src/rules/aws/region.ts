/**
 * Regions the platform team allows, set in the Input: data residency and a
 * known footprint. A request for another region needs a person's approval.
 * Data leaves a region by more ways than a resource's own `region`: a table
 * replica, a read replica of a database elsewhere, a copied snapshot or
 * backup, a bucket that replicates to another; each is judged the same way.
 */
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import type { Rule, RuleContext } from '../../engine/rule.js';
import { labelsOf } from '../../lang/selector.js';
import type { KubeObject } from '../../engine/types.js';
import { EACH, GRANDFATHERED, judgeAllowed, placeRule, values, type Field, type Noun } from '../kit/limits.js';
import { explicitParams } from '../params.js';

const REGION: Noun = { one: 'region', many: 'regions' };

/**
 * The region an ARN names (`arn:aws:rds:us-west-2:111122223333:db:orders` ->
 * `us-west-2`); undefined for a plain identifier, which names something in
 * the resource's own region, and for an ARN of a global service (S3, IAM).
 */
export function arnRegion(value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return parts[3] === '' ? undefined : parts[3];
}

/** A field whose value is an ARN, judged by the region it names. */
const arn = (service: string, kind: string, field: string): Field => ({ service, kind, field: [field], read: arnRegion });

/** Where a replication rule sends a bucket's objects. */
const DESTINATION: Field = { service: 's3', kind: 'BucketReplicationConfiguration', field: ['rule', EACH, 'destination'] };
const REPLICATION_REF = 'aws/s3/BucketReplicationConfiguration';

/** The explicit regions of the desired Buckets a destination names: by `bucket` (an ARN or a name), `bucketRef` or `bucketSelector`. */
function destinationBuckets(ctx: RuleContext, dest: Record<string, unknown>): KubeObject[] {
  const buckets = ctx.index.byRef('aws/s3/Bucket').map((b) => b.object);
  const meta = (b: KubeObject) => (isObject(b.metadata) ? b.metadata : {});
  const awsName = (b: KubeObject) => {
    const annotations = isObject(meta(b).annotations) ? (meta(b).annotations as Record<string, unknown>) : {};
    const external = annotations['crossplane.io/external-name'];
    return typeof external === 'string' && external !== '' ? external : meta(b).name;
  };
  if (typeof dest.bucket === 'string') {
    const name = dest.bucket.startsWith('arn:') ? dest.bucket.split(':').slice(5).join(':') : dest.bucket;
    return buckets.filter((b) => awsName(b) === name);
  }
  if (isObject(dest.bucketRef)) return buckets.filter((b) => meta(b).name === (dest.bucketRef as Record<string, unknown>).name);
  if (isObject(dest.bucketSelector)) {
    const match = isObject(dest.bucketSelector.matchLabels) ? Object.entries(dest.bucketSelector.matchLabels) : [];
    if (match.length === 0) return [];
    return buckets.filter((b) => match.every(([k, v]) => labelsOf(b)[k] === v));
  }
  return [];
}

/**
 * Judges the region of each replication destination: the explicit region of
 * the composition's Bucket it names. One that names no Bucket of the
 * composition with a region (a bucket elsewhere: an S3 ARN names no region)
 * cannot be known, and is held unless the observed configuration already
 * sends there.
 */
function replicationDestinations(ctx: RuleContext, allowed: readonly string[]): void {
  if (ctx.type.ref !== REPLICATION_REF) return;
  for (const d of values(ctx, DESTINATION)) {
    const block = Array.isArray(d.value) ? d.value[0] : d.value;
    const at: Segment[] = Array.isArray(d.value) ? [...d.segments, 0] : d.segments;
    if (!isObject(block)) continue;
    const key = (['bucket', 'bucketRef', 'bucketSelector'] as const).find((k) => block[k] !== undefined && block[k] !== null);
    if (key === undefined) continue;
    const segments = [...at, key];
    const observed = ctx.observedResource === undefined ? undefined : getPath(ctx.observedResource, ['spec', 'forProvider', ...segments.slice(2)]);
    if (JSON.stringify(observed) === JSON.stringify(block[key])) continue; // already replicating there
    const path = formatFieldPath(segments);
    // Each Bucket named, by the name the message shows: the ARN as written, else the Bucket's own name.
    const placed = destinationBuckets(ctx, block).flatMap((b) => {
      const shown = typeof block[key] === 'string' ? block[key] : isObject(b.metadata) ? b.metadata.name : undefined;
      return explicitParams(b, ['region']).map((r) => ({ shown, region: r.value }));
    });
    if (placed.length === 0 || !placed.every((p) => typeof p.region === 'string' && typeof p.shown === 'string')) {
      ctx.unsafe(path, `${path} names no Bucket of this composition with a region, so the region the objects are replicated to cannot be known; name a Bucket of the composition in an allowed region (${allowed.join(', ')}) or get approval`);
      continue;
    }
    for (const p of placed) judgeAllowed(ctx, { segments, value: p.shown, of: p.region as string }, allowed, REGION);
  }
}

export const awsRegion = placeRule({
  id: 'aws-region',
  title: 'AWS resources stay in the allowed regions',
  description: `Acts only where \`rules.aws-region.allowed\` lists the regions the platform allows (globs, e.g. \`eu-*\`); without it, it does nothing. On every AWS kind, refuses an explicit \`region\` in forProvider or initProvider that no glob matches, until a person approves. It judges the other ways data leaves a region the same way: a DynamoDB Table's \`replica[*].regionName\` and \`globalTableWitness.regionName\`, and the region of the ARN in its \`restoreSourceTableArn\`; the region of the ARN an RDS Instance replicates (\`replicateSourceDb\`), an RDS Cluster replicates (\`replicationSourceIdentifier\`) or an RDS Cluster's \`sourceRegion\`; the ARN a DBInstanceAutomatedBackupsReplication copies backups from (\`sourceDbInstanceArn\`); an EBSSnapshotCopy's \`sourceRegion\`, a DBSnapshotCopy's \`destinationRegion\` and the ARN of its \`sourceDbSnapshotIdentifier\`; and each replication destination of a BucketReplicationConfiguration, by the region of the composition's Bucket it names (\`bucket\`, \`bucketRef\` or \`bucketSelector\`) — a destination that names no Bucket of the composition with a region cannot be placed, and is held. A plain identifier (not an ARN) names something in the resource's own region, already judged; a reference to another managed resource is judged where that resource is composed. A kind without a region (IAM) and a resource that does not set one are not judged. ${GRANDFATHERED}`,
  cloud: 'aws',
  summary: 'every AWS kind with a region',
  noun: REGION,
  example: 'eu-*',
  top: ['region'],
  fields: [
    { service: 'dynamodb', kind: 'Table', field: ['replica', EACH, 'regionName'] },
    { service: 'dynamodb', kind: 'Table', field: ['globalTableWitness', 'regionName'] },
    arn('dynamodb', 'Table', 'restoreSourceTableArn'),
    arn('rds', 'Instance', 'replicateSourceDb'),
    arn('rds', 'Cluster', 'replicationSourceIdentifier'),
    { service: 'rds', kind: 'Cluster', field: ['sourceRegion'] },
    arn('rds', 'DBInstanceAutomatedBackupsReplication', 'sourceDbInstanceArn'),
    { service: 'ec2', kind: 'EBSSnapshotCopy', field: ['sourceRegion'] },
    { service: 'rds', kind: 'DBSnapshotCopy', field: ['destinationRegion'] },
    arn('rds', 'DBSnapshotCopy', 'sourceDbSnapshotIdentifier'),
  ],
  more: replicationDestinations,
}) satisfies Rule;
