/**
 * Adoption. `crossplane.io/external-name` names the cloud resource a managed
 * resource is bound to: on a new managed resource Crossplane adopts whatever
 * already exists under that name (a production database, the organisation's
 * CloudTrail) instead of creating one, and on an existing one a different
 * value re-points it at another cloud resource. Without the annotation,
 * providers default it to `metadata.name` (crossplane-runtime's
 * `NameAsExternalName` initializer, which Upjet uses unless a kind's name is
 * assigned by the cloud), so an explicit `metadata.name` on a new managed
 * resource adopts too; that is judged where the platform asks (`names`),
 * since most kinds' names are assigned by the cloud and many compositions
 * name what they compose.
 *
 * It reads the object, not its parameters: an observe-only resource adopts
 * just the same, and with `Delete` among its management policies deleting
 * the XR deletes what it adopted.
 */
import { z } from 'zod';
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { describe } from '../params.js';
import { EXTERNAL_NAME, kindName, MANAGED, takesProviderConfig } from './managed.js';

const EXTERNAL_NAME_PATH = formatFieldPath(['metadata', 'annotations', EXTERNAL_NAME]);

/** The names a resource gives, once they are known to be well-formed. */
interface Names {
  /** `metadata.name`, where set. */
  name?: string;
  /** The external-name annotation, where set (possibly empty). */
  externalName?: string;
}

/** Reads the names of the desired resource; anything malformed is reported and ends the check. */
function desiredNames(ctx: RuleContext): Names | undefined {
  const { metadata } = ctx.resource;
  if (metadata === undefined || metadata === null) return NO_NAMES;
  if (!isObject(metadata)) {
    ctx.unsafe('metadata', `metadata is ${describe(metadata)}, not an object; the resource cannot be checked`);
    return undefined;
  }
  const { annotations, name } = metadata;
  if (annotations !== undefined && annotations !== null && !isObject(annotations)) {
    ctx.unsafe('metadata.annotations', `metadata.annotations is ${describe(annotations)}, not an object; the resource cannot be checked`);
    return undefined;
  }
  const externalName = isObject(annotations) ? annotations[EXTERNAL_NAME] : undefined;
  if (externalName !== undefined && externalName !== null && typeof externalName !== 'string') {
    ctx.unsafe(EXTERNAL_NAME_PATH, `${EXTERNAL_NAME_PATH} must be a string, got ${describe(externalName)}`);
    return undefined;
  }
  if (name !== undefined && name !== null && typeof name !== 'string') {
    ctx.unsafe('metadata.name', `metadata.name must be a string, got ${describe(name)}`);
    return undefined;
  }
  // Written out rather than spread: this runs for every managed resource.
  if (typeof name !== 'string' && typeof externalName !== 'string') return NO_NAMES;
  const names: Names = {};
  if (typeof name === 'string') names.name = name;
  if (typeof externalName === 'string') names.externalName = externalName;
  return names;
}

const NO_NAMES: Readonly<Names> = Object.freeze({});

/** The observed resource's external name: Crossplane sets it once the resource is bound. */
function observedExternalName(observed: KubeObject): string | undefined {
  const metadata = isObject(observed.metadata) ? observed.metadata : {};
  const value = isObject(metadata.annotations) ? metadata.annotations[EXTERNAL_NAME] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The observed counterpart of the target (the composed resource, or the
 * same path inside the observed Object that carries it), if it is the same
 * object: another kind, or another `metadata.name`, is a new object, which
 * Crossplane creates beside the old one.
 */
function sameObserved(ctx: RuleContext, name: string | undefined): KubeObject | undefined {
  const observed = ctx.observedResource;
  if (observed === undefined || observed.kind !== ctx.type.kind || typeof observed.apiVersion !== 'string') return undefined;
  const slash = observed.apiVersion.lastIndexOf('/');
  if ((slash < 0 ? '' : observed.apiVersion.slice(0, slash)) !== ctx.type.group) return undefined;
  const observedName = isObject(observed.metadata) ? observed.metadata.name : undefined;
  return name === undefined || name === '' || name === observedName ? observed : undefined;
}

/** What Crossplane may then do to the adopted resource, from `managementPolicies` (default `*`); worked out only for a finding. */
function powers(resource: KubeObject): string {
  const policies = isObject(resource.spec) ? resource.spec.managementPolicies : undefined;
  if (!Array.isArray(policies) || policies.includes('*')) return 'change and delete it';
  const can = [policies.includes('Update') && 'change', policies.includes('Delete') && 'delete'].filter((p): p is string => typeof p === 'string');
  return can.length === 0 ? 'read it and publish its connection details' : `${can.join(' and ')} it`;
}

const params = z.object({
  names: z.boolean().meta({
    description:
      'Also hold an explicit `metadata.name` on a new managed resource without an external name: for the kinds you name yourself (an S3 bucket, an IAM role) providers use it as the external name, so it adopts an existing cloud resource of that name too. Default false: most kinds are named by the cloud, and compositions often set names; turn it on where claims choose names.',
  }),
  allowedKinds: z
    .array(
      z
        .string()
        .min(1, 'a glob cannot be empty')
        .regex(/[.*]/, 'a glob over Kind.group, e.g. SecurityGroup.ec2.aws.*upbound.io'),
    )
    .min(1, 'list at least one kind; remove "allowedKinds" to judge every kind')
    .meta({
      description:
        'Kinds whose external names and names are not judged, as globs over `Kind.group` (`*` matches any run of characters), e.g. `User.sql.gcp.*upbound.io` for a composition that names database users. Unset: every managed resource is judged.',
    }),
});

export const crossplaneAdoption = defineRule({
  id: 'crossplane-adoption',
  title: 'Adopting an existing cloud resource needs approval',
  severity: 'critical',
  defaultAction: 'RequireApproval',
  reads: 'object',
  description:
    'On every managed resource, observe-only included, holds for approval what binds it to a cloud resource that already exists. On a new resource (its composition resource name is not among the observed composed resources, or the observed one is another kind or another `metadata.name`): a `crossplane.io/external-name` annotation, with which Crossplane adopts the cloud resource of that name instead of creating one; with `names: true`, also an explicit `metadata.name` without one, which providers use as the external name of the kinds you name yourself, and which also takes over an existing managed resource of that name that no XR controls. On an existing resource: an external name other than the observed one, which re-points it at another cloud resource, or an empty one, which unbinds it. Crossplane then manages what it adopted as the resource says: with `Delete` in `managementPolicies`, deleting the XR deletes it. The approval covers the exact names (they are part of its digest). An external name the observed resource already has passes, so the annotation Crossplane itself sets on a created resource is never judged. A malformed `metadata`, annotation or name is refused. Compositions that name resources on purpose (deterministic names, an EKS cluster security group adopted by its ID) list those kinds in `allowedKinds`, or approve each resource once.',
  kinds: MANAGED,
  params,
  check(ctx, { allowedKinds, names: judgeNames }) {
    if (!takesProviderConfig(ctx.type, ctx.resource)) return;
    if (allowedKinds !== undefined && anyGlobMatch(allowedKinds, kindName(ctx.type))) return;
    const names = desiredNames(ctx);
    if (names === undefined) return;
    const { externalName, name } = names;
    const observed = sameObserved(ctx, name);

    if (observed === undefined) {
      if (externalName !== undefined && externalName !== '') {
        ctx.unsafe(
          EXTERNAL_NAME_PATH,
          `${EXTERNAL_NAME_PATH} is ${JSON.stringify(externalName)} on a new managed resource: Crossplane adopts the existing cloud resource of that name instead of creating one, and can then ${powers(ctx.resource)}. Remove the annotation to create a new resource, or get approval; the approval covers exactly ${JSON.stringify(externalName)}`,
        );
      } else if (judgeNames === true && name !== undefined && name !== '') {
        ctx.unsafe(
          'metadata.name',
          `metadata.name is ${JSON.stringify(name)} on a new managed resource without an external name: Crossplane takes over an existing object of that name that no XR controls, and providers name the cloud resource after it, so Crossplane adopts an existing one called ${JSON.stringify(name)} and can then ${powers(ctx.resource)}. Leave metadata.name to Crossplane, or get approval; the approval covers exactly ${JSON.stringify(name)}`,
        );
      }
      return;
    }

    if (externalName === undefined) return; // the pipeline does not set it: Crossplane keeps the one it has
    const current = observedExternalName(observed);
    if (externalName === (current ?? '')) return;
    if (current === undefined) {
      ctx.unsafe(
        EXTERNAL_NAME_PATH,
        `${EXTERNAL_NAME_PATH} is ${JSON.stringify(externalName)}, but the existing managed resource is bound to no cloud resource yet: Crossplane adopts the existing one of that name, and can then ${powers(ctx.resource)}. Remove the annotation, or get approval; the approval covers exactly ${JSON.stringify(externalName)}`,
      );
    } else if (externalName === '') {
      ctx.unsafe(
        EXTERNAL_NAME_PATH,
        `${EXTERNAL_NAME_PATH} is empty, but the existing managed resource is bound to ${JSON.stringify(current)}: clearing it leaves ${JSON.stringify(current)} unmanaged and makes the provider create or adopt another. Remove the annotation to keep ${JSON.stringify(current)}, or get approval`,
      );
    } else {
      ctx.unsafe(
        EXTERNAL_NAME_PATH,
        `${EXTERNAL_NAME_PATH} changes from ${JSON.stringify(current)} to ${JSON.stringify(externalName)}: this re-points the managed resource at another cloud resource, which Crossplane adopts and can then ${powers(ctx.resource)}, and leaves ${JSON.stringify(current)} unmanaged. Keep ${JSON.stringify(current)}, or get approval; the approval covers exactly ${JSON.stringify(externalName)}`,
      );
    }
  },
}) satisfies Rule;
