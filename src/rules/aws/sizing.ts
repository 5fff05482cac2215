/**
 * Sizing limits the platform team sets in the Input: allow-lists of RDS
 * instance classes, EC2 instance types and ElastiCache node types, and a
 * ceiling on storage. An agent that asks for more than the platform allows
 * needs a person's approval.
 *
 * Each rule acts only where its limit is configured (`rules.<id>` in the
 * Input); without it, it does nothing at all. It judges explicit values in
 * forProvider and initProvider, never absent ones, and it judges requests:
 * a value the observed resource already has at the same forProvider field
 * passes, so a limit tightened after creation does not hold an unchanged
 * resource hostage.
 */
import { z } from 'zod';
import { formatFieldPath, getPath, isObject, type Segment } from '../../engine/fieldpath.js';
import { anyGlobMatch } from '../../engine/glob.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

/** A field a limit reads on one kind. */
interface Field {
  service: string;
  kind: string;
  /** The field under forProvider, through single nested blocks. */
  field: readonly string[];
  /**
   * The field repeats: `true` judges each element of a list of values
   * (`instanceTypes`); a name judges that field of each block in a list of
   * blocks (`ebsBlockDevice[*].volumeSize`).
   */
  each?: true | string;
}

/** One explicit value to judge, where it is. */
export interface Value {
  segments: Segment[];
  value: unknown;
  /** An element of a list of values: compared with the observed list as a set, since order carries no meaning there. */
  member?: boolean;
}

/** A table of fields: the kinds a rule reads, and a lookup by kind built once. */
function table(fields: readonly Field[]): { kinds: KindRef[]; of(ctx: RuleContext): readonly Field[] } {
  // Keyed like ResourceType.ref (`aws/rds/Instance`), which the engine computes once per resource.
  const byRef = new Map<string, Field[]>();
  const kinds: KindRef[] = [];
  for (const f of fields) {
    const ref = `aws/${f.service}/${f.kind}`;
    if (!byRef.has(ref)) kinds.push({ cloud: 'aws', service: f.service, kind: f.kind });
    byRef.set(ref, [...(byRef.get(ref) ?? []), f]);
  }
  return { kinds, of: (ctx) => byRef.get(ctx.type.ref ?? '') ?? [] };
}

/**
 * Every explicit value of `f`, one per element where the field repeats. A
 * list that is not a list, or a block that is not an object, is reported:
 * a value hidden in a malformed list is never passed as absent.
 */
function values(ctx: RuleContext, f: Field): Value[] {
  const out: Value[] = [];
  for (const { segments, value } of explicitParams(ctx.resource, f.field)) {
    const each = f.each;
    if (each === undefined) {
      out.push({ segments, value });
      continue;
    }
    const path = formatFieldPath(segments);
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
      continue;
    }
    value.forEach((item: unknown, i) => {
      if (each === true) {
        out.push({ segments: [...segments, i], value: item, member: true });
        return;
      }
      const at = formatFieldPath([...segments, i]);
      if (!isObject(item)) ctx.unsafe(at, `${at} must be an object, got ${describe(item)}`);
      else if (item[each] !== undefined && item[each] !== null) out.push({ segments: [...segments, i, each], value: item[each] });
    });
  }
  return out;
}

/**
 * Does the observed resource already have this value at the same field under
 * spec.forProvider? An element of a list of values counts when the observed
 * list holds it anywhere; a block in a list is compared with the observed
 * block at the same position.
 */
function grandfathered(ctx: RuleContext, v: Value): boolean {
  const observed = ctx.observedResource;
  if (observed === undefined) return false;
  const at: Segment[] = ['spec', 'forProvider', ...v.segments.slice(2)];
  if (v.member === true) {
    const list = getPath(observed, at.slice(0, -1));
    return Array.isArray(list) && list.includes(v.value);
  }
  return getPath(observed, at) === v.value;
}

/** How a message names the values of an allow-list: `class` and `classes`. */
export interface Noun {
  one: string;
  many: string;
}

/** `rules.<id>.allowed`: the globs a value must match. */
export function allowList(noun: Noun, example: string) {
  return z.object({
    allowed: z
      .array(z.string().min(1, 'a glob cannot be empty'))
      .min(1, `list at least one ${noun.one}; remove "allowed" to lift the limit`)
      .meta({
        description: `The ${noun.many} allowed, as globs (\`*\` matches any run of characters), e.g. ${example}. Unset: the rule does nothing.`,
      }),
  });
}

/** Refuses a value no glob of `allowed` matches, unless the resource already has it; a value that is not a string is malformed. */
export function judgeAllowed(ctx: RuleContext, v: Value, allowed: readonly string[], noun: Noun): void {
  const path = formatFieldPath(v.segments);
  if (typeof v.value !== 'string') {
    ctx.unsafe(path, `${path} must be a string, got ${describe(v.value)}`);
    return;
  }
  if (anyGlobMatch(allowed, v.value) || grandfathered(ctx, v)) return;
  ctx.unsafe(path, `${path} is ${describe(v.value, true)}, not one of the allowed ${noun.many} (${allowed.join(', ')}); choose an allowed ${noun.one} or get approval`);
}

/** The shared shape of the three allow-list rules: one table of fields, one noun. */
function allowListRule(spec: { id: string; title: string; description: string; noun: Noun; example: string; fields: readonly Field[] }): Rule {
  const fields = table(spec.fields);
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: 'medium',
    defaultAction: 'RequireApproval',
    description: spec.description,
    kinds: fields.kinds,
    params: allowList(spec.noun, spec.example),
    configured: ({ allowed }) => allowed !== undefined,
    check(ctx, { allowed }) {
      if (allowed === undefined) return;
      for (const f of fields.of(ctx)) for (const v of values(ctx, f)) judgeAllowed(ctx, v, allowed, spec.noun);
    },
  });
}

const GRANDFATHERED =
  'A value the observed resource already has at the same field passes, so a limit tightened later does not hold an unchanged resource hostage.';

export const rdsInstanceClass = allowListRule({
  id: 'aws-rds-instance-class',
  title: 'RDS instance classes are on the allow-list',
  description: `Acts only where \`rules.aws-rds-instance-class.allowed\` lists the instance classes the platform allows (globs, e.g. \`db.t4g.*\`); without it, it does nothing. Refuses an explicit \`instanceClass\` (Instance, ClusterInstance) or \`dbClusterInstanceClass\` (Multi-AZ DB Cluster) that no glob matches, until a person approves: an agent must not ask for a larger database than the platform allows. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'class', many: 'classes' },
  example: 'db.t4g.*',
  fields: [
    { service: 'rds', kind: 'Instance', field: ['instanceClass'] },
    { service: 'rds', kind: 'Cluster', field: ['dbClusterInstanceClass'] },
    { service: 'rds', kind: 'ClusterInstance', field: ['instanceClass'] },
  ],
}) satisfies Rule;

export const ec2InstanceType = allowListRule({
  id: 'aws-ec2-instance-type',
  title: 'EC2 instance types are on the allow-list',
  description: `Acts only where \`rules.aws-ec2-instance-type.allowed\` lists the instance types the platform allows (globs, e.g. \`t3.*\`); without it, it does nothing. Refuses, until a person approves, an explicit \`instanceType\` of an EC2 Instance, LaunchTemplate, SpotInstanceRequest or Auto Scaling LaunchConfiguration, or any element of an EKS NodeGroup's \`instanceTypes\`, that no glob matches. Absent fields are not judged (AWS defaults apply). ${GRANDFATHERED}`,
  noun: { one: 'instance type', many: 'instance types' },
  example: 't3.*',
  fields: [
    { service: 'ec2', kind: 'Instance', field: ['instanceType'] },
    { service: 'ec2', kind: 'LaunchTemplate', field: ['instanceType'] },
    { service: 'ec2', kind: 'SpotInstanceRequest', field: ['instanceType'] },
    { service: 'autoscaling', kind: 'LaunchConfiguration', field: ['instanceType'] },
    { service: 'eks', kind: 'NodeGroup', field: ['instanceTypes'], each: true },
  ],
}) satisfies Rule;

export const elasticacheNodeType = allowListRule({
  id: 'aws-elasticache-node-type',
  title: 'ElastiCache node types are on the allow-list',
  description: `Acts only where \`rules.aws-elasticache-node-type.allowed\` lists the node types the platform allows (globs, e.g. \`cache.t4g.*\`); without it, it does nothing. Refuses an explicit \`nodeType\` of an ElastiCache Cluster or ReplicationGroup that no glob matches, until a person approves. Absent fields are not judged. ${GRANDFATHERED}`,
  noun: { one: 'node type', many: 'node types' },
  example: 'cache.t4g.*',
  fields: [
    { service: 'elasticache', kind: 'Cluster', field: ['nodeType'] },
    { service: 'elasticache', kind: 'ReplicationGroup', field: ['nodeType'] },
  ],
}) satisfies Rule;

/** Storage sizes in GiB; every one of these fields is a number in its CRD. */
const STORAGE = table([
  { service: 'rds', kind: 'Instance', field: ['allocatedStorage'] },
  { service: 'rds', kind: 'Instance', field: ['maxAllocatedStorage'] },
  { service: 'rds', kind: 'Cluster', field: ['allocatedStorage'] },
  { service: 'ec2', kind: 'EBSVolume', field: ['size'] },
  { service: 'ec2', kind: 'Instance', field: ['rootBlockDevice', 'volumeSize'] },
  { service: 'ec2', kind: 'Instance', field: ['ebsBlockDevice'], each: 'volumeSize' },
  { service: 'eks', kind: 'NodeGroup', field: ['diskSize'] },
  { service: 'opensearch', kind: 'Domain', field: ['ebsOptions', 'volumeSize'] },
]);

export const storageSize = defineRule({
  id: 'aws-storage-size',
  title: 'Storage sizes stay under the ceiling',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description: `Acts only where \`rules.aws-storage-size.maxGiB\` sets the largest size the platform allows; without it, it does nothing. Refuses, until a person approves, an explicit size above it: RDS Instance \`allocatedStorage\` and \`maxAllocatedStorage\` (the storage autoscaling ceiling), RDS Cluster \`allocatedStorage\`, EBSVolume \`size\`, EC2 Instance \`rootBlockDevice.volumeSize\` and every \`ebsBlockDevice[*].volumeSize\`, EKS NodeGroup \`diskSize\`, OpenSearch Domain \`ebsOptions.volumeSize\`. Every size is in GiB and a number in its CRD; any other type is refused as malformed. Absent fields are not judged. ${GRANDFATHERED}`,
  kinds: STORAGE.kinds,
  params: z.object({
    maxGiB: z
      .number()
      .int('must be a whole number of GiB')
      .positive('must be a positive number of GiB')
      .meta({ description: 'The largest storage size allowed, in GiB, e.g. 500. Unset: the rule does nothing.' }),
  }),
  configured: ({ maxGiB }) => maxGiB !== undefined,
  check(ctx, { maxGiB }) {
    if (maxGiB === undefined) return;
    for (const f of STORAGE.of(ctx)) {
      for (const v of values(ctx, f)) {
        const path = formatFieldPath(v.segments);
        if (typeof v.value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(v.value)}`);
        else if (v.value > maxGiB && !grandfathered(ctx, v)) {
          ctx.unsafe(path, `${path} is ${v.value} GiB, more than the allowed ${maxGiB} GiB; choose at most ${maxGiB} GiB or get approval`);
        }
      }
    }
  },
}) satisfies Rule;

/** The sizing rules in evaluation order. */
export const SIZING_RULES = [rdsInstanceClass, ec2InstanceType, elasticacheNodeType, storageSize] as const satisfies readonly Rule[];
