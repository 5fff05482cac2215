/**
 * What an EC2 launcher launches from: the launch templates an Instance, a
 * Spot request, a Spot Fleet or an Auto Scaling group names, and the launch
 * configuration a group names. A rule whose verdict depends on such a source
 * asks whether it is composed here: then the rules judge it as a resource of
 * its own and the launcher need not; otherwise nothing guardrails can see
 * says what it holds.
 *
 * A name counts as composed only when it can mean nothing else: an `id` or a
 * `name` matches a template of the desired state (by the AWS identifier or
 * name it has or will have) applied where the launcher is, through the same
 * provider config, in the same region; a reference matches by the object's
 * name; a selector only with `matchControllerRef`, since without it the
 * selector may pick an object outside the composition. Every candidate must
 * be fully managed (Crossplane creates and updates it, so its spec is what
 * AWS holds), judged (not observe-only, not carried by an observe-only
 * Object) and created by Crossplane rather than adopted (see `judged`): then
 * every version it has came from a spec the rules judged, so versions need
 * not be told apart.
 *
 * Left open: on the very first reconcile a launcher that names a template
 * (or configuration) by an AWS name that an older one already holds is
 * matched to the composed one, whose creation then fails while the launcher
 * uses the older one; from the next reconcile on, the composed one lacks
 * Crossplane's creation mark and the launcher is refused. References and
 * selectors to a launch template cannot be misled so (they resolve to the
 * ID the composed template gets).
 */
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import type { IndexedTarget } from '../../engine/desired-index.js';
import type { RuleContext } from '../../engine/rule.js';
import { placementOf, skipOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { annotation, cloudName, externalName, observedOf, type RefTarget, resolve, selfOf } from '../kit/references.js';
import { describe, explicitParams, PARAM_BLOCKS } from '../params.js';

export type SourceKind = 'LaunchTemplate' | 'LaunchConfiguration';

/** Where a launcher kind names its sources: a block (through nested and repeated blocks) and the fields in it. */
interface Slot {
  kind: SourceKind;
  /** Fields from the parameter block to the block that holds the identifiers; every element of a list is read. */
  at: readonly string[];
  id?: string;
  name?: string;
  ref?: string;
  selector?: string;
}

const INSTANCE_SLOTS: readonly Slot[] = [{ kind: 'LaunchTemplate', at: ['launchTemplate'], id: 'id', name: 'name' }];
const MIXED = { kind: 'LaunchTemplate', id: 'launchTemplateId', ref: 'launchTemplateIdRef', selector: 'launchTemplateIdSelector', name: 'launchTemplateName' } as const;

/** Field names per launcher, as the provider-upjet-aws CRDs give them (every served version, both groups). */
const SLOTS: ReadonlyMap<string, readonly Slot[]> = new Map([
  ['aws/ec2/Instance', INSTANCE_SLOTS],
  ['aws/ec2/SpotInstanceRequest', INSTANCE_SLOTS],
  ['aws/ec2/SpotFleetRequest', [{ kind: 'LaunchTemplate', at: ['launchTemplateConfig', 'launchTemplateSpecification'], id: 'id', ref: 'idRef', selector: 'idSelector', name: 'name' }]],
  [
    'aws/autoscaling/AutoscalingGroup',
    [
      { kind: 'LaunchTemplate', at: ['launchTemplate'], id: 'id', ref: 'idRef', selector: 'idSelector', name: 'name' },
      { ...MIXED, at: ['mixedInstancesPolicy', 'launchTemplate', 'launchTemplateSpecification'] },
      { ...MIXED, at: ['mixedInstancesPolicy', 'launchTemplate', 'override', 'launchTemplateSpecification'] },
      { kind: 'LaunchConfiguration', at: [], name: 'launchConfiguration', ref: 'launchConfigurationRef', selector: 'launchConfigurationSelector' },
    ],
  ],
]);

/** One launch template or configuration a launcher names. */
export interface LaunchSource {
  kind: SourceKind;
  /** Where it is named: the first identifier field, e.g. `spec.forProvider.launchTemplate[0].name`. */
  path: string;
  /** The block that names it, as segments from the target: `['spec', 'forProvider', 'launchTemplate', 0]`. */
  at: readonly Segment[];
  /** How it is named, for messages: `launch template name "web"`. */
  label: string;
  /** The composed targets it resolves to, every one judged; undefined when that cannot be shown. */
  composed: readonly IndexedTarget[] | undefined;
}

/** A place where a source should be named but what is there cannot be read. */
export interface SourceProblem {
  path: string;
  message: string;
}

/** The sources the launcher target names, in forProvider then initProvider, in field order. */
export function launchSources(ctx: RuleContext): { sources: LaunchSource[]; problems: SourceProblem[] } {
  const sources: LaunchSource[] = [];
  const problems: SourceProblem[] = [];
  const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
  for (const slot of SLOTS.get(ctx.type.ref) ?? []) {
    for (const block of PARAM_BLOCKS) {
      for (const found of blocksAt(spec[block], ['spec', block], slot.at, problems)) {
        const source = readSource(ctx, slot, found.value, found.segments, problems);
        if (source !== undefined) sources.push(source);
      }
    }
  }
  return { sources, problems };
}

/** The objects at `fields` under `value`, stepping into every element of a list; what is not an object is a problem. */
function blocksAt(value: unknown, at: Segment[], fields: readonly string[], problems: SourceProblem[]): { value: Record<string, unknown>; segments: Segment[] }[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => blocksAt(v, [...at, i], fields, problems));
  if (!isObject(value)) {
    const where = formatFieldPath(at);
    problems.push({ path: where, message: `${where} must be an object, got ${describe(value)}` });
    return [];
  }
  const [head, ...rest] = fields;
  if (head === undefined) return [{ value, segments: at }];
  return blocksAt(value[head], [...at, head], rest, problems);
}

type Identifier = { field: string; how: 'id' | 'name' | 'ref' | 'selector'; value: string | Record<string, unknown> };

function readSource(ctx: RuleContext, slot: Slot, block: Record<string, unknown>, at: Segment[], problems: SourceProblem[]): LaunchSource | undefined {
  const ids: Identifier[] = [];
  for (const how of ['id', 'name', 'ref', 'selector'] as const) {
    const field = slot[how];
    if (field === undefined) continue;
    const value = block[field];
    if (value === undefined || value === null || value === '') continue;
    const where = formatFieldPath([...at, field]);
    const scalar = how === 'id' || how === 'name';
    if (scalar ? typeof value !== 'string' : !isObject(value)) {
      problems.push({ path: where, message: `${where} must be ${scalar ? 'a string' : 'an object'}, got ${describe(value)}` });
      continue;
    }
    ids.push({ field, how, value: value as string | Record<string, unknown> });
  }
  if (ids.length === 0) return undefined;
  const noun = slot.kind === 'LaunchTemplate' ? 'launch template' : 'launch configuration';
  const label = `${noun} ${ids.map(describeIdentifier).join(', ')}`;
  const matched = ids.map((i) => resolveSource(ctx, slot.kind, i, formatFieldPath([...at, i.field])));
  const composed = matched.every((m) => m !== undefined) ? [...new Set(matched.flat() as IndexedTarget[])] : undefined;
  return { kind: slot.kind, path: formatFieldPath([...at, ids[0]!.field]), at, label, composed };
}

/** `name "web"`, `idRef "web-template"`, `selected by idSelector without matchControllerRef`. */
function describeIdentifier(i: Identifier): string {
  if (typeof i.value === 'string') return `${i.field} ${JSON.stringify(i.value)}`;
  if (i.how === 'ref') return `${i.field} ${JSON.stringify(i.value.name)}`;
  return `selected by ${i.field}${i.value.matchControllerRef === true ? '' : ' without matchControllerRef'}`;
}

/** What a launcher's identifiers name (`id` also serves references and selectors): a template by its AWS ID or name, a configuration by its name. */
const TEMPLATE_KINDS = ['aws/ec2/LaunchTemplate'];
const CONFIGURATION: RefTarget = { kinds: ['aws/autoscaling/LaunchConfiguration'], ids: (c) => [cloudName(c)] }; // its external name, which defaults to the object's name
const TARGETS: Record<SourceKind, Record<'id' | 'name', RefTarget>> = {
  LaunchTemplate: {
    // Its AWS ID: the external name, once created.
    id: { kinds: TEMPLATE_KINDS, ids: (c) => [externalName(c.object), externalName(c.observed), atProvider(c.observed, 'id')] },
    // Its AWS name: the one it sets, or the one AWS gave it.
    name: { kinds: TEMPLATE_KINDS, ids: (c) => [...explicitParams(c.object, ['name']).map((e) => e.value), atProvider(c.observed, 'name')] },
  },
  LaunchConfiguration: { id: CONFIGURATION, name: CONFIGURATION },
};

/** The composed sources one identifier can mean, or undefined if it may mean something else. */
function resolveSource(ctx: RuleContext, kind: SourceKind, id: Identifier, path: string): IndexedTarget[] | undefined {
  const how = id.how === 'name' ? 'id' : id.how;
  const to = TARGETS[kind][id.how === 'name' ? 'name' : 'id'];
  const from = selfOf(ctx) ?? { placement: placementOf([]), type: ctx.type, object: ctx.resource, at: ctx.at };
  const [found] = resolve(ctx, from, [{ how, path, value: id.value }], to, { limit: Number.POSITIVE_INFINITY });
  if (found === undefined || found.beyond) return undefined; // names nothing, or a selector that may pick an object outside the composition
  let matches: readonly IndexedTarget[] = found.found;
  if (how === 'id') {
    // An AWS identifier means a composed source only through the same account and region.
    const credentials = providerConfigOf(ctx.type, ctx.resource);
    const region = regionOf(ctx.resource);
    matches = matches.filter((t) => providerConfigOf(t.type, t.object) === credentials && regionOf(t.object) === region);
  }
  return matches.length > 0 && matches.every((t) => judged(ctx, t)) ? [...matches] : undefined;
}

/** Crossplane's mark on a managed resource whose external resource it created (crossplane-runtime `meta`). */
export const CREATE_SUCCEEDED = 'crossplane.io/external-create-succeeded';

/**
 * Rules read it, and everything it holds came from a spec they judged: not
 * observe-only (itself or its carrier), created and updated by Crossplane,
 * and created by this very resource, not adopted. Once it exists in the
 * cluster, Crossplane's own creation mark says so; before, a launch template
 * given an ID is one being adopted, whose earlier versions nobody judged. A
 * desired object carrying the mark forged it.
 */
function judged(ctx: RuleContext, t: IndexedTarget): boolean {
  const skip = skipOf(t);
  if ((skip !== undefined && skip.reason !== 'unreadable') || !fullyManaged(t.object)) return false;
  if (annotation(t.object, CREATE_SUCCEEDED) !== undefined) return false;
  const observed = observedOf(ctx.observed, t);
  if (observed === undefined) return t.type.kind !== 'LaunchTemplate' || externalName(t.object) === undefined;
  return annotation(observed, CREATE_SUCCEEDED) !== undefined;
}

const atProvider = (obj: KubeObject | undefined, field: string) => {
  const v = getPath(obj, ['status', 'atProvider', field]);
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The region a resource names (forProvider first), or undefined: two resources are in the same region only when they say the same. */
function regionOf(obj: KubeObject): unknown {
  return explicitParams(obj, ['region']).find((e) => e.value !== '')?.value;
}
