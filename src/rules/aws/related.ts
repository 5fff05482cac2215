/**
 * Which composed resources name this one: a SecretRotation its Secret
 * (`secretId`), a VaultLockConfiguration its backup Vault
 * (`backupVaultName`), a BucketLifecycleConfiguration its Bucket (`bucket`).
 * Upjet names another resource three ways: the value itself (`secretId`), a
 * reference by `metadata.name` (`secretIdRef`), or a selector on labels
 * (`secretIdSelector`). Only a resource that will be applied where this one
 * is counts: the same placement (carrier and provider config), the same
 * provider config, fully managed (and so is every Object carrying it), and
 * not held back for approval. A decoy
 * that is observe-only, or acts through another account, protects nothing.
 *
 * The S3 companions keep their own, stricter reading (s3.ts); this one is
 * for rules that only report what is missing.
 */
import type { IndexedTarget } from '../../engine/desired-index.js';
import { getPath, isObject } from '../../lang/fieldpath.js';
import type { RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { fullyManaged, providerConfigOf } from '../kit/managed.js';
import { PARAM_BLOCKS } from '../params.js';
import { selfOf } from '../kit/references.js';

const metadataOf = (obj: KubeObject): Record<string, unknown> => (isObject(obj.metadata) ? obj.metadata : {});
const labelsOf = (obj: KubeObject): Record<string, unknown> => {
  const labels = metadataOf(obj).labels;
  return isObject(labels) ? labels : {};
};

/**
 * The names a field may give this resource by value: its external name
 * (what the provider calls it), its `metadata.name` (Crossplane's default
 * external name), and the name it sets in `forProvider.name`. An ARN that
 * ends in one of them (`...:secret:db`, `...:backup-vault:main`) names it too.
 */
function namesOf(obj: KubeObject): string[] {
  const metadata = metadataOf(obj);
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const names = [annotations['crossplane.io/external-name'], metadata.name, getPath(obj, ['spec', 'forProvider', 'name'])];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

function namedBy(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'string' || value === '') return false;
  return names.some((n) => value === n || value.endsWith(`:${n}`) || value.endsWith(`/${n}`));
}

/** Does `other` name `ctx.resource` in `field`, by value, reference or selector (in either parameter block)? */
function names(other: KubeObject, field: string, ctx: RuleContext): boolean {
  const own = namesOf(ctx.resource);
  const name = metadataOf(ctx.resource).name;
  const labels = labelsOf(ctx.resource);
  for (const block of PARAM_BLOCKS) {
    const params = getPath(other, ['spec', block]);
    if (!isObject(params)) continue;
    if (namedBy(params[field], own)) return true;
    const ref = params[`${field}Ref`];
    if (isObject(ref) && typeof name === 'string' && ref.name === name) return true;
    const selector = params[`${field}Selector`];
    if (!isObject(selector)) continue;
    const match = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
    if (match.length > 0 && match.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v) && onlyOne(ctx, match)) return true;
    if (match.length === 0 && selector.matchControllerRef === true && onlyOne(ctx, [])) return true;
  }
  return false;
}

/** A selector picks one resource among those it matches: this one's only when no other of its kind carries the labels. */
function onlyOne(ctx: RuleContext, match: readonly [string, unknown][]): boolean {
  return !ctx.index.byRef(ctx.type.ref).some((t) => {
    if (t.name === ctx.name) return false;
    const labels = labelsOf(t.object);
    return match.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
  });
}

/**
 * The composed resources of kind `ref` (`aws/secretsmanager/SecretRotation`)
 * that name this resource in `field`, and will be applied where it is.
 */
export function referrers(ctx: RuleContext, ref: string, field: string): IndexedTarget[] {
  const placement = selfOf(ctx)?.placement ?? placementOf([]);
  const credentials = providerConfigOf(ctx.type, ctx.resource);
  return ctx.index.byRef(ref).filter(
    (other) =>
      other.name !== ctx.name &&
      other.placement === placement &&
      !ctx.held.has(other.name) &&
      fullyManaged(other.object) &&
      other.carriers.every((c) => fullyManaged(c.object)) &&
      providerConfigOf(other.type, other.object) === credentials &&
      names(other.object, field, ctx),
  );
}
